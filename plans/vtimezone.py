"""A VTIMEZONE for an IANA zone written as calendar servers write them: one STANDARD and one
DAYLIGHT part that repeat yearly (RRULE), from the zone's current rules.

The rules are the POSIX TZ string at the end of the zone's TZif file (RFC 8536 3.3), the same
data zoneinfo reads. A zone whose clock changes do not follow one yearly rule over the coming
years (Casablanca's, around Ramadan) gets the dated transitions icalendar writes instead.
Some clients (vobject among them) read only the first dated transitions they find, and put
every summer occurrence an hour off; a yearly rule they all read the same way.
"""

import bisect
import importlib.resources
import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import icalendar
from dateutil.rrule import rrulestr

WEEKDAY_CODES = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX counts from Sunday
# The years a yearly rule must match the zone's own transitions in to be used.
CHECKED_YEARS = 12
RULES_FROM = datetime(1970, 1, 1)

_NAME = r"[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>"
_CLOCK = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
_RULE = rf"M(\d{{1,2}})\.([1-5])\.([0-6])(?:/({_CLOCK}))?"
RULE = re.compile(_RULE)
POSIX_TZ = re.compile(
    rf"^(?P<std>{_NAME})(?P<std_offset>{_CLOCK})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_CLOCK})?,(?P<start>{_RULE}),(?P<end>{_RULE}))?$"
)


@dataclass(frozen=True)
class Transition:
    """A yearly change of clocks: in `month`, the `week`th (5: last) `weekday` at `clock`
    local time (which may be negative or past 24:00), from one offset to another."""

    name: str
    offset_from: timedelta
    offset_to: timedelta
    month: int
    week: int
    weekday: int
    clock: timedelta

    @property
    def is_daylight(self) -> bool:
        # The later clock is the summer one, as clients expect, even where the law calls it
        # standard time (Dublin's, whose POSIX string says winter is "daylight saving").
        return self.offset_to > self.offset_from

    def onset(self, year: int) -> datetime:
        """The local time (in offset_from) it happens, in `year`."""
        first = date(year, self.month, 1)
        first_weekday = first.isoweekday() % 7
        day = first + timedelta(days=(self.weekday - first_weekday) % 7 + 7 * (self.week - 1))
        while day.month != self.month:  # week 5 means the last one in the month
            day -= timedelta(days=7)
        return datetime.combine(day, datetime.min.time()) + self.clock

    def rrule(self) -> dict | None:
        """The RRULE, or None when a clock past midnight moves it out of what one can say."""
        days = self.clock // timedelta(days=1)
        weekday = WEEKDAY_CODES[(self.weekday + days) % 7]
        if days == 0:
            nth = -1 if self.week == 5 else self.week
            return {"freq": "yearly", "bymonth": self.month, "byday": f"{nth}{weekday}"}
        # The weekday after (or before) the nth one: one of seven days of the month.
        first = -7 + days if self.week == 5 else 7 * (self.week - 1) + 1 + days
        monthdays = list(range(first, first + 7))
        if monthdays[0] < 1 if self.week < 5 else monthdays[-1] >= 0:
            return None
        return {"freq": "yearly", "bymonth": self.month, "byday": weekday, "bymonthday": monthdays}


def _clock(text: str | None, default: timedelta = timedelta(hours=2)) -> timedelta:
    if text is None:
        return default
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")] + [0, 0]
    return sign * timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def _name(text: str) -> str:
    return text.strip("<>")


def _tzif_footer(key: str) -> str:
    """The POSIX TZ string of a zone, found where zoneinfo finds its file."""
    for root in zoneinfo.TZPATH:
        path = Path(root, key)
        if path.is_file():
            data = path.read_bytes()
            break
    else:
        data = importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()
    return data.rstrip(b"\n").rpartition(b"\n")[2].decode("ascii", "replace")


@dataclass(frozen=True)
class Rules:
    """A zone's current rules: its standard time, and its yearly changes ([] for none)."""

    std_name: str
    std_offset: timedelta
    yearly: list[Transition]


def _rule(text: str) -> tuple[int, int, int, timedelta]:
    month, week, weekday, clock = RULE.match(text).groups()
    return int(month), int(week), int(weekday), _clock(clock)


def rules(posix_tz: str) -> Rules | None:
    """What a POSIX TZ string says, or None for a string this does not read."""
    match = POSIX_TZ.match(posix_tz)
    if match is None:
        return None
    std_name, std_offset = _name(match["std"]), -_clock(match["std_offset"])  # hours west
    if match["dst"] is None:
        return Rules(std_name, std_offset, [])
    dst_offset = std_offset + timedelta(hours=1)
    if match["dst_offset"]:
        dst_offset = -_clock(match["dst_offset"])
    dst_name = _name(match["dst"])
    return Rules(
        std_name,
        std_offset,
        [
            Transition(dst_name, std_offset, dst_offset, *_rule(match["start"])),
            Transition(std_name, dst_offset, std_offset, *_rule(match["end"])),
        ],
    )


def _add_part(timezone: icalendar.Timezone, part: icalendar.Component, **values: object) -> None:
    for name, value in values.items():
        part.add(name, value)
    timezone.add_component(part)


def from_rules(key: str, zone_rules: Rules) -> icalendar.Timezone | None:
    """The VTIMEZONE with yearly RRULEs, or None if a rule cannot be written as one."""
    timezone = icalendar.Timezone()
    timezone.add("tzid", key)
    if not zone_rules.yearly:
        standard = icalendar.TimezoneStandard()
        offset = zone_rules.std_offset
        _add_part(
            timezone,
            standard,
            dtstart=RULES_FROM,
            tzoffsetfrom=offset,
            tzoffsetto=offset,
            tzname=zone_rules.std_name,
        )
        return timezone
    for transition in zone_rules.yearly:
        rrule = transition.rrule()
        if rrule is None:
            return None
        kind = icalendar.TimezoneDaylight if transition.is_daylight else icalendar.TimezoneStandard
        _add_part(
            timezone,
            kind(),
            dtstart=transition.onset(RULES_FROM.year),
            tzoffsetfrom=transition.offset_from,
            tzoffsetto=transition.offset_to,
            tzname=transition.name,
            rrule=rrule,
        )
    return timezone


def _changes(timezone: icalendar.Timezone, until: datetime) -> list[tuple[datetime, timedelta]]:
    """When (UTC) each part of a VTIMEZONE takes effect, and the offset it brings, in order."""
    changes = []
    for part in timezone.subcomponents:
        onset = part.decoded("dtstart")
        offset_from = part["tzoffsetfrom"].td
        offset_to = part["tzoffsetto"].td
        if "rrule" in part:
            rule = part["rrule"].to_ical().decode()
            onsets = rrulestr(rule, dtstart=onset).between(onset, until, inc=True)
        else:
            onsets = [onset]
        changes += [((moment - offset_from).replace(tzinfo=UTC), offset_to) for moment in onsets]
    return sorted(changes)


def agrees(timezone: icalendar.Timezone, zone: zoneinfo.ZoneInfo, year: int) -> bool:
    """Whether the VTIMEZONE gives the zone's own UTC offset, at each of its changes and every
    twelve hours between, from `year` for CHECKED_YEARS years."""
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + CHECKED_YEARS, 1, 1, tzinfo=UTC)
    changes = _changes(timezone, end.replace(tzinfo=None))
    moments = [moment for moment, _ in changes]

    def offset_at(moment: datetime) -> timedelta:
        return changes[max(bisect.bisect_right(moments, moment) - 1, 0)][1]

    probes = [moment for moment in moments if start <= moment < end]
    probes += [moment - timedelta(seconds=1) for moment in probes]
    probe = start
    while probe < end:
        probes.append(probe)
        probe += timedelta(hours=12)
    return all(offset_at(moment) == moment.astimezone(zone).utcoffset() for moment in probes)


@cache
def vtimezone(key: str, year: int) -> icalendar.Timezone:
    """The VTIMEZONE for zone `key`, as yearly rules when they hold from `year` on."""
    zone = zoneinfo.ZoneInfo(key)
    zone_rules = rules(_tzif_footer(key))
    timezone = from_rules(key, zone_rules) if zone_rules is not None else None
    if timezone is not None and agrees(timezone, zone, year - 1):
        return timezone
    return icalendar.Timezone.from_tzinfo(
        zone, key, first_date=date(year - 1, 1, 1), last_date=date(year + CHECKED_YEARS, 1, 1)
    )
