"""The member's calendar feed as iCalendar: weekly time blocks and task due dates.

Each event says when its row last changed (DTSTAMP and LAST-MODIFIED: without a METHOD the
two are the same, RFC 5545 3.8.7.2) and how often it changed (SEQUENCE), so a calendar that
polls the feed sees an event as changed only when it did. Times carry the member's zone, with
a VTIMEZONE of yearly rules (plans.vtimezone) that every client reads the same way.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from plans.vtimezone import vtimezone

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
UID_DOMAIN = "careerdev"


@dataclass(frozen=True)
class BlockEvent:
    uid: str
    label: str
    weekday: int
    starts_at: time
    ends_at: time
    first_day: date  # the member's own date when the block was made
    modified: datetime
    sequence: int


@dataclass(frozen=True)
class DueEvent:
    uid: str
    summary: str
    due: date
    description: str
    url: str
    modified: datetime
    sequence: int


def first_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _event(uid: str, summary: str, modified: datetime, sequence: int) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", modified)
    event.add("last-modified", modified)
    event.add("sequence", sequence)
    event.add("summary", summary)
    return event


def build_feed(
    *, name: str, zone: ZoneInfo, blocks: Iterable[BlockEvent], due: Iterable[DueEvent]
) -> bytes:
    """A calendar with one weekly recurring event per block (in the member's zone, TZID)
    and one all-day event per due task."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//careerdev//plans//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone.key)
    first_years = []
    for block in blocks:
        day = first_on_or_after(block.first_day, block.weekday)
        first_years.append(day.year)
        event = _event(block.uid, block.label, block.modified, block.sequence)
        event.add("dtstart", datetime.combine(day, block.starts_at, tzinfo=zone))
        event.add("dtend", datetime.combine(day, block.ends_at, tzinfo=zone))
        event.add("rrule", {"freq": "weekly", "byday": WEEKDAY_CODES[block.weekday]})
        calendar.add_component(event)
    for task in due:
        event = _event(task.uid, task.summary, task.modified, task.sequence)
        event.add("dtstart", task.due)
        event.add("dtend", task.due + timedelta(days=1))
        event.add("description", task.description)
        event.add("url", task.url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    for tzid in sorted(calendar.get_missing_tzids()):
        calendar.add_component(vtimezone(tzid, min(first_years)))
    return calendar.to_ical()
