"""The member's calendar feed as iCalendar: weekly time blocks and task due dates."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
UID_DOMAIN = "careerdev"


@dataclass(frozen=True)
class BlockEvent:
    uid: str
    label: str
    weekday: int
    starts_at: time
    ends_at: time
    first_day: date


@dataclass(frozen=True)
class DueEvent:
    uid: str
    summary: str
    due: date
    description: str
    url: str


def first_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def build_feed(
    *,
    name: str,
    zone: ZoneInfo,
    blocks: Iterable[BlockEvent],
    due: Iterable[DueEvent],
    stamp: datetime,
) -> bytes:
    """A calendar with one weekly recurring event per block (in the member's zone, TZID)
    and one all-day event per due task."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//careerdev//plans//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone.key)
    for block in blocks:
        day = first_on_or_after(block.first_day, block.weekday)
        event = icalendar.Event()
        event.add("uid", f"{block.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", block.label)
        event.add("dtstart", datetime.combine(day, block.starts_at, tzinfo=zone))
        event.add("dtend", datetime.combine(day, block.ends_at, tzinfo=zone))
        event.add("rrule", {"freq": "weekly", "byday": WEEKDAY_CODES[block.weekday]})
        calendar.add_component(event)
    for task in due:
        event = icalendar.Event()
        event.add("uid", f"{task.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", task.summary)
        event.add("dtstart", task.due)
        event.add("dtend", task.due + timedelta(days=1))
        event.add("description", task.description)
        event.add("url", task.url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
