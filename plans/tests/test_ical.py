from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import icalendar

from plans.ical import BlockEvent, DueEvent, build_feed, first_on_or_after

LONDON = ZoneInfo("Europe/London")


def test_first_on_or_after_finds_the_next_weekday():
    wednesday = date(2026, 5, 13)

    assert first_on_or_after(wednesday, 2) == wednesday
    assert first_on_or_after(wednesday, 1) == date(2026, 5, 19)


def test_time_blocks_become_weekly_events_in_the_members_zone_and_tasks_all_day_events():
    body = build_feed(
        name="careerdev: Ada",
        zone=LONDON,
        blocks=[BlockEvent("time-block-1", "Study", 1, time(18), time(19), date(2026, 5, 13))],
        due=[DueEvent("task-7", "Due: Read", date(2026, 5, 20), "Goal\n1 h", "https://x/t")],
        stamp=datetime(2026, 5, 13, 9, tzinfo=UTC),
    )

    calendar = icalendar.Calendar.from_ical(body)
    block, task = calendar.walk("VEVENT")
    assert block["UID"] == "time-block-1@careerdev"
    assert block.decoded("DTSTART") == datetime(2026, 5, 19, 18, tzinfo=LONDON)
    assert block["DTSTART"].params["TZID"] == "Europe/London"
    assert block["RRULE"]["FREQ"] == ["WEEKLY"]
    assert block["RRULE"]["BYDAY"] == ["TU"]
    assert task.decoded("DTSTART") == date(2026, 5, 20)
    assert task.decoded("DTEND") == date(2026, 5, 21)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
