import csv
import datetime as dt
import io
import re

import icalendar
import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from plans.models import CalendarFeed, GoalStatus, JournalEntry, TimeBlock, Win
from plans.tests.factories import (
    GoalFactory,
    JournalEntryFactory,
    TaskFactory,
    TimeBlockFactory,
    WinFactory,
)

pytestmark = pytest.mark.django_db

# Wednesday 13 May 2026, 12:00 UTC: already Thursday 14 May on Kiritimati (UTC+14).
NOON_UTC = dt.datetime(2026, 5, 13, 12, tzinfo=dt.UTC)
WEDNESDAY = dt.date(2026, 5, 13)


def day(offset: int) -> dt.date:
    return WEDNESDAY + dt.timedelta(days=offset)


# Timeline


@time_machine.travel(NOON_UTC, tick=False)
def test_the_timeline_groups_open_tasks_by_when_they_are_due(member_client, member):
    goal = GoalFactory(member=member, start_date=day(-60), target_date=day(200))
    for title, offset in [
        ("Late", -1),
        ("Today", 0),
        ("Sunday", 4),
        ("Next week", 5),
        ("June", 20),
        ("August", 90),
    ]:
        TaskFactory(goal=goal, title=title, due_date=day(offset))
    TaskFactory(goal=goal, title="Finished", due_date=day(1), status="done")
    paused = GoalFactory(member=member, status=GoalStatus.PAUSED, start_date=day(-60))
    TaskFactory(goal=paused, title="On hold", due_date=day(1))

    response = member_client.get(reverse("plans:timeline"))

    groups = {
        bucket.value: [task.title for task in tasks]
        for bucket, tasks, _hours in response.context["groups"]
    }
    assert groups == {
        "overdue": ["Late"],
        "this_week": ["Today", "Sunday"],
        "this_month": ["Next week"],
        "this_quarter": ["June"],
        "later": ["August"],
    }
    assertContains(response, "2 tasks · 4 h")


@time_machine.travel(NOON_UTC, tick=False)
def test_the_timeline_follows_the_members_time_zone(member_client, member):
    member.time_zone = "Pacific/Kiritimati"
    member.save()
    goal = GoalFactory(member=member, start_date=day(-60))
    TaskFactory(goal=goal, title="Due Wednesday", due_date=WEDNESDAY)

    response = member_client.get(reverse("plans:timeline"))

    bucket, tasks, _hours = response.context["groups"][0]
    assert (bucket.value, [task.title for task in tasks]) == ("overdue", ["Due Wednesday"])
    assertContains(response, "today Thursday 14 May")


def test_an_empty_timeline_says_where_tasks_come_from(member_client):
    assertContains(member_client.get(reverse("plans:timeline")), "Nothing to do yet")


# Time blocks and the calendar feed


def test_a_weekly_time_block_is_added_and_removed(member_client, member):
    response = member_client.post(
        reverse("plans:schedule"),
        {"weekday": "1", "starts_at": "18:00", "ends_at": "19:00", "label": "Course time"},
        follow=True,
    )

    assertContains(response, "Time block added: Tuesday 18:00-19:00.")
    assertContains(response, "1 hour a week for your development.")
    block = TimeBlock.objects.get(member=member)
    member_client.post(reverse("plans:time_block_delete", args=[block.pk]))
    assert not TimeBlock.objects.exists()


def test_a_time_block_ending_before_it_starts_is_refused(member_client):
    response = member_client.post(
        reverse("plans:schedule"), {"weekday": "1", "starts_at": "19:00", "ends_at": "18:00"}
    )

    assert response.status_code == 200
    assertContains(response, "The block must end after it starts")
    assert not TimeBlock.objects.exists()


def make_feed(client) -> str:
    client.post(reverse("plans:calendar_regenerate"))
    page = client.get(reverse("plans:schedule"))
    return page.context["feed_url"]


def test_the_calendar_feed_parses_and_carries_blocks_and_due_dates(member_client, member, client):
    TimeBlockFactory(member=member, weekday=1, label="Study hour")
    goal = GoalFactory(member=member)
    TaskFactory(goal=goal, title="Book the exam", due_date=goal.start_date + dt.timedelta(days=40))
    TaskFactory(goal=goal, title="Done already", status="done")
    feed_url = make_feed(member_client)
    client.logout()

    response = client.get(feed_url)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Study hour", "Due: Book the exam"}
    block = events["Study hour"]
    assert block["RRULE"]["BYDAY"] == ["TU"]
    assert block["DTSTART"].params["TZID"] == "Europe/London"
    assert block.decoded("DTSTART").weekday() == 1
    assert events["Due: Book the exam"].decoded("DTSTART") == goal.start_date + dt.timedelta(
        days=40
    )


def test_a_new_calendar_address_retires_the_old_one(member_client, client):
    old_url = make_feed(member_client)

    response = member_client.post(reverse("plans:calendar_regenerate"), follow=True)
    new_url = response.context["feed_url"]

    assertContains(response, "the old one no longer works")
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200


def test_a_made_up_calendar_address_is_not_found(client, member):
    CalendarFeed.objects.create(member=member)

    assert client.get(reverse("plans:calendar_feed", args=["guess"])).status_code == 404


def test_the_schedule_page_offers_a_calendar_address_only_on_request(member_client):
    response = member_client.get(reverse("plans:schedule"))

    assertContains(response, "Create my calendar address")
    assert not CalendarFeed.objects.exists()


# Journal


def test_a_journal_entry_is_written_about_a_goal_and_listed(member_client, member):
    goal = GoalFactory(member=member, title="Lead a project")

    response = member_client.post(
        reverse("plans:journal"),
        {"written_on": "2026-05-13", "goal": goal.pk, "body": "Ran my first stand-up."},
        follow=True,
    )

    assertContains(response, "Ran my first stand-up.")
    assertContains(response, "Lead a project")
    assert JournalEntry.objects.get(member=member).goal == goal


def test_a_journal_entry_needs_no_goal(member_client, member):
    member_client.post(
        reverse("plans:journal"), {"written_on": "2026-05-13", "goal": "", "body": "A good week."}
    )

    assert JournalEntry.objects.get(member=member).goal is None


def test_a_journal_entry_cannot_link_to_another_members_goal(member_client, other_member):
    foreign = GoalFactory(member=other_member)

    response = member_client.post(
        reverse("plans:journal"), {"written_on": "2026-05-13", "goal": foreign.pk, "body": "Hi"}
    )

    assertContains(response, "Select a valid choice")
    assert not JournalEntry.objects.exists()


def test_a_journal_entry_is_edited_and_deleted(member_client, member):
    entry = JournalEntryFactory(member=member)
    url = reverse("plans:journal_edit", args=[entry.pk])

    assertContains(member_client.get(url), "Edit journal entry")
    member_client.post(url, {"written_on": "2026-05-12", "goal": "", "body": "Rewritten."})
    entry.refresh_from_db()
    assert entry.body == "Rewritten."
    member_client.post(reverse("plans:journal_delete", args=[entry.pk]))
    assert not JournalEntry.objects.exists()


def test_each_journal_entry_is_headed_by_its_date_on_the_journal_and_the_goal_page(
    member_client, member
):
    goal = GoalFactory(member=member, title="Lead a project")
    JournalEntryFactory(member=member, goal=goal, written_on=day(0), body="First stand-up.")
    JournalEntryFactory(member=member, goal=goal, written_on=day(-5), body="Asked to lead.")
    heading = re.compile(
        r'<article class="journal-entry">\s*(?:<header>\s*)?<h3><time datetime="([\d-]+)">'
    )

    for url in (reverse("plans:journal"), reverse("plans:goal_detail", args=[goal.pk])):
        page = member_client.get(url).content.decode()

        assert page.count('<article class="journal-entry">') == 2, url
        assert heading.findall(page) == ["2026-05-13", "2026-05-08"], url


# Wins


def test_a_member_logs_a_win_by_hand_and_sees_a_celebration(member_client, member):
    response = member_client.post(
        reverse("plans:wins"),
        {"kind": "certification", "title": "AWS certified", "won_on": "2026-05-13", "goal": ""},
        follow=True,
    )

    assertContains(response, 'class="message celebrate success"')
    assertContains(response, "AWS certified")
    assert Win.objects.get(member=member).kind == "certification"


def test_wins_recorded_for_milestones_cannot_be_logged_by_hand(member_client):
    response = member_client.post(
        reverse("plans:wins"), {"kind": "milestone", "title": "x", "won_on": "2026-05-13"}
    )

    assertContains(response, "Select a valid choice")
    assert not Win.objects.exists()


def test_the_wins_page_lists_only_the_members_wins_newest_first(
    member_client, member, other_member
):
    WinFactory(member=member, title="Old win", won_on=dt.date(2025, 1, 1))
    WinFactory(member=member, title="New win", won_on=dt.date(2026, 1, 1))
    WinFactory(member=other_member, title="Not mine")

    response = member_client.get(reverse("plans:wins"))

    assert [win.title for win in response.context["page"]] == ["New win", "Old win"]
    assertNotContains(response, "Not mine")


def test_a_win_can_be_removed(member_client, member):
    win = WinFactory(member=member)

    member_client.post(reverse("plans:win_delete", args=[win.pk]))

    assert not Win.objects.exists()


# Export


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_goals_tasks_and_journal_export_to_csv(member_client, member, other_member):
    goal = GoalFactory(member=member, title="=HYPERLINK(evil)")
    TaskFactory(goal=goal, title="Course", activity="course", status="done", effort_hours=2)
    TaskFactory(goal=goal, title="Coffee chat", activity="networking", effort_hours=2)
    JournalEntryFactory(member=member, goal=goal, body="Started.")
    GoalFactory(member=other_member, title="Someone else's")

    goals = member_client.get(reverse("plans:export_csv", args=["goals"]))
    tasks = member_client.get(reverse("plans:export_csv", args=["tasks"]))
    journal = member_client.get(reverse("plans:export_csv", args=["journal"]))

    assert goals["Content-Disposition"] == 'attachment; filename="careerdev-goals.csv"'
    goal_rows = rows(goals)
    assert goal_rows[0][:3] == ["goal", "kind", "status"]
    assert [row[0] for row in goal_rows[1:]] == ["'=HYPERLINK(evil)"]
    assert goal_rows[1][-1] == "50"
    task_rows = {row[2]: row for row in rows(tasks)[1:]}
    assert task_rows["Course"][6:8] == ["formal", "Done"]
    assert task_rows["Coffee chat"][6:8] == ["informal", "To do"]
    assert rows(journal)[1][1:] == ["'=HYPERLINK(evil)", "Started."]


def test_an_unknown_export_is_not_found(member_client):
    assert member_client.get(reverse("plans:export_csv", args=["secrets"])).status_code == 404


def test_the_export_page_links_every_export(member_client):
    response = member_client.get(reverse("plans:export"))

    for kind in ("goals", "tasks", "journal"):
        assertContains(response, reverse("plans:export_csv", args=[kind]))


# Dashboard


@time_machine.travel(NOON_UTC, tick=False)
def test_the_dashboard_shows_goals_with_progress_due_overdue_and_wins(member_client, member):
    goal = GoalFactory(
        member=member, title="Run a workshop", start_date=day(-30), target_date=day(60)
    )
    TaskFactory(goal=goal, title="Draft the agenda", due_date=day(-2), effort_hours=1)
    TaskFactory(goal=goal, title="Book the room", due_date=day(2), effort_hours=1.5)
    TaskFactory(goal=goal, title="Invite people", due_date=day(1), status="done", effort_hours=2)
    WinFactory(member=member, title="New connection: Sam")

    response = member_client.get(reverse("dashboard"))

    plan = response.context["plan"]
    assert [g.title for g in plan.goals] == ["Run a workshop"]
    assert [t.title for t in plan.due_this_week] == ["Book the room"]
    assert [t.title for t in plan.overdue] == ["Draft the agenda"]
    assertContains(response, 'value="44" max="100"')
    assertContains(response, "New connection: Sam")
    steps = {step.number: step for step in response.context["steps"]}
    assert steps[2].status == "1 active goal"
    assert steps[3].status == "2 tasks to do"
    assert steps[3].detail == "1 due this week, 1 overdue."
    assert steps[4].status == "2 of 4.5 hours done"
    assert steps[4].detail == "1 win, 0 weekly time blocks."


def test_a_new_members_dashboard_points_to_the_first_step_of_each(member_client):
    response = member_client.get(reverse("dashboard"))

    steps = {step.number: step for step in response.context["steps"]}
    assert steps[2].url == reverse("plans:goal_suggestions")
    assert steps[3].url == reverse("plans:goal_list")
    assert steps[4].url == reverse("plans:schedule")
    assert {steps[n].status for n in (2, 3, 4)} == {"Not started"}
    assertContains(response, "No active goals.")
    assertContains(response, "Nothing overdue.")


def test_plans_pages_keep_to_the_content_security_policy(member_client, member):
    goal = GoalFactory(member=member)
    TaskFactory(goal=goal, due_date=goal.start_date)
    WinFactory(member=member)
    urls = [
        reverse("dashboard"),
        reverse("plans:goal_list"),
        reverse("plans:goal_create"),
        goal.get_absolute_url(),
        reverse("plans:timeline"),
        reverse("plans:schedule"),
        reverse("plans:journal"),
        reverse("plans:wins"),
        reverse("plans:export"),
    ]

    for url in urls:
        html = member_client.get(url).text
        assert "<style" not in html, url
        assert ' style="' not in html, url
        assert "<script>" not in html, url


def test_the_schedule_counts_overlapping_time_blocks_once(member_client, member):
    from datetime import time

    from plans.models import TimeBlock

    TimeBlock.objects.create(member=member, weekday=0, starts_at=time(18), ends_at=time(19, 30))
    TimeBlock.objects.create(member=member, weekday=0, starts_at=time(18, 30), ends_at=time(20))

    response = member_client.get(reverse("plans:schedule"))

    assert response.context["weekly_hours"] == 2
    assert "2 hours a week" in response.content.decode()
