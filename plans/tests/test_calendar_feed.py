"""The calendar feed as subscribing clients read it: events change only when their rows do,
and a member's weekly block falls at the same moments in the strict `ical` parser and in
vobject, on both sides of a clock change."""

import datetime as dt

import icalendar
import pytest
import time_machine
import vobject
from django.urls import reverse
from ical.calendar_stream import IcsCalendarStream

from careerdev.services import profile_update
from careerdev.tests.factories import MemberFactory
from plans import services
from plans.tests.factories import GoalFactory, TaskFactory, TimeBlockFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Monday 2 March 2026, 19:30 in Los Angeles: already Tuesday in UTC. Clocks there go
# forward on Sunday 8 March.
MONDAY_EVENING_LA = dt.datetime(2026, 3, 3, 3, 30, tzinfo=UTC)


def feed_url(member) -> str:
    return reverse(
        "plans:calendar_feed", args=[services.calendar_feed_regenerate(member=member).token]
    )


def events(client, url: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def test_polling_the_feed_again_later_gives_the_same_calendar_byte_for_byte(client, member):
    with time_machine.travel(MONDAY_EVENING_LA, tick=False):
        TimeBlockFactory(member=member)
        TaskFactory(goal=GoalFactory(member=member))
        url = feed_url(member)
        first = client.get(url).content

    with time_machine.travel(MONDAY_EVENING_LA + dt.timedelta(days=3), tick=False):
        again = client.get(url).content

    assert first == again
    assert b"DTSTAMP:20260303T033000Z" in first


def test_an_edited_task_shows_when_it_changed_and_a_higher_sequence_the_others_stay(client, member):
    with time_machine.travel(MONDAY_EVENING_LA, tick=False):
        goal = GoalFactory(member=member, start_date=dt.date(2026, 3, 1))
        edited = TaskFactory(goal=goal, due_date=dt.date(2026, 3, 20))
        kept = TaskFactory(goal=goal, due_date=dt.date(2026, 3, 21))
        url = feed_url(member)
    later = MONDAY_EVENING_LA + dt.timedelta(days=1)

    with time_machine.travel(later, tick=False):
        services.task_update(
            task=edited,
            version=edited.version,
            goal=goal,
            milestone=None,
            title="Book the exam",
            notes="",
            due_date=dt.date(2026, 3, 27),
            effort_hours=edited.effort_hours,
            activity=edited.activity,
            today=later.date(),
        )
    feed = events(client, url)

    assert feed[f"task-{edited.pk}"]["SEQUENCE"] == 1
    assert feed[f"task-{edited.pk}"].decoded("LAST-MODIFIED") == later
    assert feed[f"task-{edited.pk}"].decoded("DTSTAMP") == later
    assert feed[f"task-{kept.pk}"]["SEQUENCE"] == 0
    assert feed[f"task-{kept.pk}"].decoded("LAST-MODIFIED") == MONDAY_EVENING_LA


def test_renaming_a_goal_shows_as_a_change_to_its_tasks_events(client, member):
    # Their description names the goal; the dates stay, so the sequence does too.
    with time_machine.travel(MONDAY_EVENING_LA, tick=False):
        goal = GoalFactory(member=member, start_date=dt.date(2026, 3, 1))
        task = TaskFactory(goal=goal, due_date=dt.date(2026, 3, 20))
        url = feed_url(member)
    later = MONDAY_EVENING_LA + dt.timedelta(days=1)

    with time_machine.travel(later, tick=False):
        services.goal_update(goal=goal, title="Lead the quarterly review", change_note="")
    event = events(client, url)[f"task-{task.pk}"]

    assert event["DESCRIPTION"].startswith("Lead the quarterly review")
    assert event.decoded("LAST-MODIFIED") == later
    assert event["SEQUENCE"] == 0


def test_tasks_moved_in_one_query_still_show_that_they_changed(client, member):
    # Rescheduling overdue work updates rows in bulk, past the model's auto_now.
    with time_machine.travel(MONDAY_EVENING_LA, tick=False):
        goal = GoalFactory(member=member, start_date=dt.date(2026, 2, 1))
        overdue = TaskFactory(goal=goal, due_date=dt.date(2026, 2, 20))
        url = feed_url(member)
    later = MONDAY_EVENING_LA + dt.timedelta(hours=2)

    with time_machine.travel(later, tick=False):
        services.tasks_reschedule_overdue(goal=goal, today=dt.date(2026, 3, 2))
    event = events(client, url)[f"task-{overdue.pk}"]

    assert event["SEQUENCE"] == 1
    assert event.decoded("LAST-MODIFIED") == later


def test_a_member_who_moves_time_zone_sees_their_blocks_as_changed(client, member):
    with time_machine.travel(MONDAY_EVENING_LA, tick=False):
        block = TimeBlockFactory(member=member)
        url = feed_url(member)
    later = MONDAY_EVENING_LA + dt.timedelta(days=2)

    with time_machine.travel(later, tick=False):
        profile_update(
            user=member,
            display_name=member.display_name,
            time_zone="America/New_York",
            current_role=member.current_role,
            target_role=member.target_role,
        )
    event = events(client, url)[f"time-block-{block.pk}"]

    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["SEQUENCE"] == 1
    assert event.decoded("LAST-MODIFIED") == later


def test_a_los_angeles_block_falls_at_the_same_moments_in_ical_and_vobject_across_the_clock_change(
    client,
):
    member = MemberFactory(time_zone="America/Los_Angeles")
    with time_machine.travel(MONDAY_EVENING_LA, tick=False):
        TimeBlockFactory(
            member=member, weekday=0, starts_at=dt.time(20), ends_at=dt.time(21), label="Study"
        )
        url = feed_url(member)
    body = client.get(url).content.decode()
    # Monday 20:00 in Los Angeles: 04:00 UTC in winter, 03:00 once clocks go forward. The
    # first is the member's own Monday, though the block was made on a Tuesday in UTC.
    expected = [
        dt.datetime(2026, 3, 3, 4, tzinfo=UTC),
        dt.datetime(2026, 3, 10, 3, tzinfo=UTC),
        dt.datetime(2026, 3, 17, 3, tzinfo=UTC),
    ]
    start, end = dt.datetime(2026, 3, 1, tzinfo=UTC), dt.datetime(2026, 3, 20, tzinfo=UTC)

    strict = IcsCalendarStream.calendar_from_ics(body)
    timeline = strict.timeline_tz(UTC).included(start.date(), end.date())
    assert [event.start.astimezone(UTC) for event in timeline] == expected

    loose = vobject.readOne(body)
    occurrences = loose.vevent.getrruleset().between(start, end)
    assert [moment.astimezone(UTC) for moment in occurrences] == expected
    assert [moment.utcoffset() for moment in occurrences] == [
        dt.timedelta(hours=-8),
        dt.timedelta(hours=-7),
        dt.timedelta(hours=-7),
    ]
