"""A career path drafted as a goal, saved only when confirmed; activities added as tasks."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.adoption import (
    AlreadyAdopted,
    activities_add,
    draft_plan,
    in_sentence,
    path_adopt,
    suggested_skill,
    weekly_hours,
)
from plans.models import Goal, GoalStatus, Task, TaskStatus
from plans.tests.factories import GoalFactory, TimeBlockFactory, today
from plans.tests.library_factories import (
    A_PLUS,
    HOME_LAB,
    SUPPORT_PATH,
    TICKET_NOTES,
    WRITING_CIRCLE,
    WRITING_MENTOR,
    career_path,
    stage,
)

TODAY = dt.date(2026, 5, 13)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def test_a_draft_has_a_milestone_per_stage_and_a_task_per_suggested_activity():
    draft = draft_plan(SUPPORT_PATH, today=TODAY, hours_a_week=Decimal(5))

    assert draft.kind == "advancement"
    assert draft.title == "Move from support technician to network engineer"
    assert [m.title for m in draft.milestones] == [
        "Ready to move from support technician to network administrator",
        "Ready to move from network administrator to network engineer",
        "Settled in as network engineer",
    ]
    assert [[t.activity.slug for t in m.tasks] for m in draft.milestones] == [
        ["a-plus", "home-lab"],
        ["network-degree", "ticket-notes"],
        ["ticket-notes"],
    ]
    assert "systems analysis at 5 and technology design at 4" in draft.measure.lower()


def test_tasks_follow_one_another_at_the_weekly_hours_and_stages_last_their_typical_time():
    draft = draft_plan(SUPPORT_PATH, today=TODAY, hours_a_week=Decimal(5))
    first, second, last = draft.milestones

    # 40 h at 5 h a week is 8 weeks; the next 20 h four more.
    assert [t.due_date for t in first.tasks] == [days(56), days(84)]
    # Stage one lasts 24 months (the middle of 12-36): 731 days.
    assert first.due_date == days(731)
    # The degree's 1,800 hours are planned as one task of 200 (40 weeks), then 6 h (2 weeks).
    assert [t.due_date for t in second.tasks] == [days(731 + 280), days(731 + 294)]
    assert second.tasks[0].effort_hours == Decimal(200)
    assert "first 200" in second.tasks[0].notes
    assert second.due_date == days(731 + 1096)  # 36 months
    # The last stage counts only its low end (24 months), the time to settle in.
    assert last.tasks[0].due_date == days(731 + 1096 + 14)
    assert last.due_date == draft.target_date == days(731 + 1096 + 731)


def test_a_stage_runs_over_its_typical_time_when_its_work_needs_longer():
    short = career_path(
        stages=[
            stage(1, "Trainee", months=(1, 1), activities=[A_PLUS]),
            stage(2, "Technician", months=(1, 1), activities=[HOME_LAB]),
        ]
    )

    draft = draft_plan(short, today=TODAY, hours_a_week=None)

    # No time blocks: 3 hours a week, so 40 h take 14 weeks, far more than a month.
    assert draft.hours_assumed
    assert draft.milestones[0].due_date == draft.milestones[0].tasks[0].due_date == days(98)
    # The next stage starts when this one ends; 20 h take 7 weeks.
    assert draft.milestones[1].tasks[0].due_date == days(98 + 49)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Support technician", "support technician"), ("IT manager", "IT manager"), ("A", "A")],
)
def test_names_inside_a_sentence_keep_their_acronyms(name, expected):
    assert in_sentence(name) == expected


@pytest.mark.django_db
def test_weekly_hours_add_up_the_member_s_time_blocks(member):
    assert weekly_hours(member) is None
    TimeBlockFactory(member=member, starts_at=dt.time(18), ends_at=dt.time(19, 30))
    TimeBlockFactory(member=member, weekday=3, starts_at=dt.time(7), ends_at=dt.time(9))

    assert weekly_hours(member) == Decimal("3.5")


@pytest.mark.django_db
def test_adopting_saves_the_goal_its_milestones_and_tasks_as_drafted(member, small_library):
    draft = draft_plan(SUPPORT_PATH, today=today(), hours_a_week=Decimal(5))

    goal = path_adopt(member=member, draft=draft, today=today())

    assert (goal.kind, goal.path_slug, goal.target_date) == (
        "advancement",
        SUPPORT_PATH.slug,
        draft.target_date,
    )
    assert goal.career_path == SUPPORT_PATH
    milestones = list(goal.milestones.order_by("position"))
    assert [(m.title, m.due_date) for m in milestones] == [
        (m.title, m.due_date) for m in draft.milestones
    ]
    tasks = list(Task.objects.filter(goal=goal).order_by("due_date", "pk"))
    assert [(t.title, t.milestone_id, t.activity) for t in tasks[:3]] == [
        ("A+ certification", milestones[0].pk, "certification"),
        ("Home network lab", milestones[0].pk, "side_project"),
        ("Networking degree", milestones[1].pk, "course"),
    ]
    assert goal.history.get().history_change_reason == (
        "Goal set from the career path “Support technician to network engineer”"
    )


@pytest.mark.django_db
def test_a_second_adoption_of_the_same_path_is_refused_until_the_member_says_so(member):
    draft = draft_plan(SUPPORT_PATH, today=today(), hours_a_week=None)
    first = path_adopt(member=member, draft=draft, today=today())

    with pytest.raises(AlreadyAdopted) as refused:
        path_adopt(member=member, draft=draft, today=today())

    assert refused.value.goals == [first]
    assert Goal.objects.for_member(member).count() == 1
    second = path_adopt(member=member, draft=draft, today=today(), again=True)
    assert second.pk != first.pk
    assert Goal.objects.for_member(member).from_path(SUPPORT_PATH.slug).count() == 2


@pytest.mark.django_db
def test_a_dropped_goal_from_the_path_does_not_count_as_following_it(member, other_member):
    GoalFactory(member=member, path_slug=SUPPORT_PATH.slug, status=GoalStatus.DROPPED)
    GoalFactory(member=other_member, path_slug=SUPPORT_PATH.slug)
    draft = draft_plan(SUPPORT_PATH, today=today(), hours_a_week=None)

    goal = path_adopt(member=member, draft=draft, today=today())

    assert goal.path_slug == SUPPORT_PATH.slug


@pytest.mark.django_db
def test_an_edited_draft_is_saved_as_edited(member):
    draft = draft_plan(SUPPORT_PATH, today=today(), hours_a_week=None)
    first = draft.milestones[0]
    task = replace(first.tasks[0], title="Pass A+ core 1", effort_hours=Decimal("12.5"))
    edited = replace(
        draft,
        title="Become a network engineer by 2030",
        milestones=(replace(first, tasks=(task,)), *draft.milestones[1:]),
    )

    goal = path_adopt(member=member, draft=edited, today=today())

    assert goal.title == "Become a network engineer by 2030"
    saved = goal.tasks.get(milestone__position=0)
    assert (saved.title, saved.effort_hours) == ("Pass A+ core 1", Decimal("12.5"))


@pytest.mark.django_db
def test_activities_join_a_goal_as_dated_tasks_one_after_another(member):
    goal = GoalFactory(member=member)
    TimeBlockFactory(member=member, starts_at=dt.time(18), ends_at=dt.time(20))

    added = activities_add(
        goal=goal,
        activities=[WRITING_CIRCLE, WRITING_MENTOR],
        today=today(),
        hours_a_week=weekly_hours(member),
    )

    # 8 h at 2 h a week take 4 weeks; 24 h twelve more.
    assert [(t.title, t.due_date, t.effort_hours, t.activity) for t in added.tasks] == [
        ("Writing circle", today() + dt.timedelta(weeks=4), Decimal(8), "networking"),
        ("Writing mentor", today() + dt.timedelta(weeks=16), Decimal(24), "mentorship"),
    ]
    assert added.undo.label == "Added 2 tasks to “" + goal.title + "”"


@pytest.mark.django_db
def test_undoing_an_addition_removes_the_tasks_it_added_and_no_others(member, task):
    added = activities_add(
        goal=task.goal, activities=[TICKET_NOTES], today=today(), hours_a_week=None
    )

    services.undo_apply(undo=added.undo, today=today())

    assert list(Task.objects.live().filter(goal=task.goal)) == [task]
    with pytest.raises(ValidationError, match="already undone"):
        services.undo_apply(undo=added.undo, today=today())


@pytest.mark.django_db
def test_an_achieved_goal_takes_no_new_activity(member):
    goal = GoalFactory(member=member, status=GoalStatus.ACHIEVED)

    with pytest.raises(ValidationError, match="achieved"):
        activities_add(goal=goal, activities=[A_PLUS], today=today(), hours_a_week=None)

    assert not Task.objects.filter(goal=goal).exists()


@pytest.mark.django_db
def test_a_task_for_a_goal_starting_later_is_dated_from_its_start(member):
    goal = GoalFactory(member=member, start_date=today() + dt.timedelta(days=30))

    added = activities_add(goal=goal, activities=[TICKET_NOTES], today=today(), hours_a_week=None)

    assert added.tasks[0].due_date == today() + dt.timedelta(days=30 + 14)
    assert added.tasks[0].status == TaskStatus.OPEN


def test_only_a_skills_gap_suggestion_with_activities_names_a_skill(small_library):
    assert suggested_skill("skill-writing") == "writing"
    assert suggested_skill("skill-negotiation") == ""  # nothing in the library builds it
    assert suggested_skill("leadership-delegating") == ""
