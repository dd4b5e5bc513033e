"""A goal's history: every change through the services is recorded with when and why, and
the goal page shows what changed, from what to what."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from plans import services
from plans.history import describe, shown
from plans.models import Goal, GoalKind, GoalStatus
from plans.tests.factories import GoalFactory, ReflectionFactory, today

pytestmark = pytest.mark.django_db

FIELDS = {
    "kind": "skills",
    "title": "Learn SQL",
    "why": "",
    "measure": "",
    "start_date": dt.date(2025, 1, 6),
    "target_date": dt.date(2025, 6, 30),
    "status": "active",
}


def record(when: int, reason: str | None, history_type: str = "~", **changes):
    return SimpleNamespace(
        history_date=dt.datetime(2025, 1, when, 9, 0, tzinfo=dt.UTC),
        history_type=history_type,
        history_change_reason=reason,
        **{**FIELDS, **changes},
    )


def test_each_entry_lists_the_fields_changed_since_the_record_before():
    moved_date = {"target_date": dt.date(2025, 9, 1)}
    records = [
        record(1, "Goal set", "+"),
        record(2, "Changed target date: the course moved", **moved_date),
        record(3, "Paused", status="paused", **moved_date),
        record(4, None, status="paused", kind="change", title="Data engineering", **moved_date),
    ]

    newest, paused, moved, created = describe(records)

    assert created.created
    assert created.changes == ()
    assert created.reason == "Goal set"
    assert [(c.label, c.before, c.after) for c in moved.changes] == [
        ("Target date", "30 Jun 2025", "1 Sep 2025")
    ]
    assert moved.reason == "Changed target date: the course moved"
    assert [(c.label, c.before, c.after) for c in paused.changes] == [
        ("Status", "Active", "Paused")
    ]
    assert [(c.label, c.before, c.after) for c in newest.changes] == [
        ("Kind", "Skills development", "Career change"),
        ("Goal", "Learn SQL", "Data engineering"),
    ]
    assert newest.reason == "Changed"
    assert newest.when == dt.datetime(2025, 1, 4, 9, 0, tzinfo=dt.UTC)


def test_empty_values_and_long_text_read_well():
    assert shown("target_date", None) == "not set"
    assert shown("why", "") == "not set"
    assert shown("why", "a\n  b") == "a b"
    long = shown("measure", "x" * 500)
    assert len(long) == 140
    assert long.endswith("…")


def test_no_records_make_no_history():
    assert describe([]) == []


def test_every_kind_of_goal_change_through_the_services_is_kept_with_when_and_why(member):
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        goal = services.goal_create(
            member=member,
            kind=GoalKind.ADVANCEMENT,
            title="Become team lead",
            why="",
            measure="",
            start_date=dt.date(2025, 3, 1),
            target_date=dt.date(2025, 12, 31),
        )
    changes = [
        ({"target_date": dt.date(2026, 3, 31)}, "Hiring freeze"),
        ({"start_date": dt.date(2025, 3, 3)}, ""),
        ({"kind": GoalKind.CHANGE, "title": "Move into product management"}, "New direction"),
        ({"why": "I like the customer side.", "measure": "An offer for a PM role."}, ""),
    ]
    for day, (fields, note) in enumerate(changes, start=2):
        with time_machine.travel(dt.datetime(2025, 3, day, 9, 0, tzinfo=dt.UTC), tick=False):
            services.goal_update(goal=goal, change_note=note, **fields)
    for day, status in enumerate([GoalStatus.PAUSED, GoalStatus.ACTIVE, GoalStatus.ACHIEVED], 10):
        with time_machine.travel(dt.datetime(2025, 3, day, 9, 0, tzinfo=dt.UTC), tick=False):
            services.goal_status_set(
                goal=Goal.objects.get(pk=goal.pk), status=status, today=today(), change_note=""
            )

    entries = describe(goal.history.order_by("history_date", "history_id"))

    assert [(e.when.day, e.reason) for e in reversed(entries)] == [
        (1, "Goal set"),
        (2, "Changed target date: Hiring freeze"),
        (3, "Changed start date"),
        (4, "Changed kind, title: New direction"),
        (5, "Changed why it matters, how success is measured"),
        (10, "Paused"),
        (11, "Resumed"),
        (12, "Marked achieved"),
    ]
    changed_fields = [{c.field for c in e.changes} for e in reversed(entries)]
    assert changed_fields == [
        set(),
        {"target_date"},
        {"start_date"},
        {"kind", "title"},
        {"why", "measure"},
        {"status"},
        {"status"},
        {"status"},
    ]


def test_saving_a_goal_unchanged_adds_nothing_to_its_history(member):
    goal = GoalFactory(member=member)
    before = goal.history.count()

    services.goal_update(goal=goal, title=goal.title, change_note="No change")
    services.goal_status_set(goal=goal, status=goal.status, today=today())

    assert goal.history.count() == before


def test_a_change_made_in_a_reflection_names_it_in_the_history(member):
    goal = GoalFactory(member=member)
    reflection = ReflectionFactory(member=member)

    services.goal_update(
        goal=goal,
        target_date=goal.target_date + dt.timedelta(days=30),
        change_note=reflection.change_note("Exams moved"),
        reflection=reflection,
    )
    services.goal_status_set(goal=goal, status=GoalStatus.PAUSED, today=today())

    paused, moved = goal.history.order_by("-history_date", "-history_id")[:2]
    assert moved.reflection == reflection
    assert moved.history_change_reason == (
        f"Changed target date: Exams moved ({reflection.title_in_sentence})"
    )
    assert paused.reflection is None
    assert list(reflection.goal_changes.all()) == [moved]


def test_another_members_reflection_cannot_be_named_in_a_goals_history(member, other_member):
    goal = GoalFactory(member=member)
    foreign = ReflectionFactory(member=other_member)

    with pytest.raises(Exception, match="own member's reflection"):
        services.goal_status_set(
            goal=goal, status=GoalStatus.PAUSED, today=today(), reflection=foreign
        )

    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.ACTIVE


def test_the_goal_page_shows_what_changed_from_what_to_what_when_and_why(member_client, member):
    goal = GoalFactory(member=member, target_date=dt.date(2030, 1, 31))
    reflection = ReflectionFactory(member=member)
    services.goal_update(
        goal=goal,
        target_date=dt.date(2030, 3, 31),
        change_note=reflection.change_note("Course starts later"),
        reflection=reflection,
    )

    response = member_client.get(goal.get_absolute_url())

    assertContains(response, 'id="goal-history"')
    assertContains(response, "Changed target date: Course starts later")
    assertContains(
        response,
        '<span class="change-field">Target date</span> from '
        '<span class="change-before">31 Jan 2030</span> to '
        '<span class="change-after">31 Mar 2030</span>',
        html=True,
    )
    assertContains(response, f'href="{reflection.get_absolute_url()}"')
    assertContains(response, timezone.localtime().strftime("%-d %b %Y"))


def test_the_goal_page_folds_away_all_but_the_ten_latest_changes(member_client, member):
    goal = GoalFactory(member=member)
    for n in range(14):
        services.goal_update(goal=goal, title=f"Title {n}", change_note=f"Edit {n}")

    response = member_client.get(reverse("plans:goal_detail", args=[goal.pk]))

    assert len(response.context["history"]) == 15
    assertContains(response, "5 earlier changes")
    assertContains(response, "Edit 13")
