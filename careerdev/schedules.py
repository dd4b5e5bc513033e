"""When a recurring reminder happens next: pure calendar arithmetic, no database, no request.

A rule is a wall-clock time in the member's own time zone ("the 1st of each month at
09:00, Europe/London"); each occurrence is returned as an aware datetime in UTC.

Rules for the awkward days, applied the same way everywhere:

- A day past the end of a month means that month's last day: "the 31st" is 30 April,
  28 or 29 February.
- A local time that does not exist (the clocks jump forward over it) happens as many
  minutes after the jump as it would have been after the last valid time: 02:30 on a
  night the clocks go from 02:00 to 03:00 is 03:30. This is the moment the time would
  have had under the offset in force before the change.
- A local time that happens twice (the clocks go back) happens once, at its first
  instance, under the offset in force before the change.
"""

import calendar
import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


class Cadence(enum.StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


MONTHS_BETWEEN = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.YEARLY: 12}


@dataclass(frozen=True)
class Rule:
    """A recurring local time.

    day: the day of the month (1-31) or, for WEEKLY, the weekday (0 Monday to 6 Sunday).
    month: for YEARLY the month (1-12); for QUARTERLY any one month of the quarters wanted
        (1, 4, 7 or 10 all mean January, April, July and October); ignored otherwise.
    """

    cadence: Cadence
    day: int
    at: time
    month: int = 1

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise ValueError("A rule's time is a wall-clock time, without a time zone.")
        if self.cadence is Cadence.WEEKLY:
            if not 0 <= self.day <= 6:
                raise ValueError("A weekly rule's day is a weekday, 0 (Monday) to 6 (Sunday).")
        elif not 1 <= self.day <= 31:
            raise ValueError("A day of the month is between 1 and 31.")
        if not 1 <= self.month <= 12:
            raise ValueError("A month is between 1 and 12.")


def at_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time on a day in a zone, under the rules above.

    fold=0 gives exactly those rules (PEP 495): a missing time is read with the offset
    before the jump, and a repeated time resolves to its first instance.
    """
    return datetime.combine(day, at, tzinfo=zone).replace(fold=0).astimezone(UTC)


def next_occurrence(rule: Rule, *, after: datetime, zone: ZoneInfo) -> datetime:
    """The first occurrence of rule strictly after the aware instant `after`, in UTC."""
    if after.tzinfo is None:
        raise ValueError("`after` must be an aware datetime.")
    local = after.astimezone(zone)
    # Start one period early: a missing time pushed forward can land after `after`
    # although its calendar day is earlier.
    if rule.cadence is Cadence.WEEKLY:
        day = local.date() - timedelta(days=1)
        day += timedelta(days=(rule.day - day.weekday()) % 7)
        while (candidate := at_local(day, rule.at, zone)) <= after:
            day += timedelta(weeks=1)
        return candidate

    step = MONTHS_BETWEEN[rule.cadence]
    index = local.year * 12 + local.month - 1 - step
    index += (rule.month - 1 - index) % step
    while True:
        year, month0 = divmod(index, 12)
        last = calendar.monthrange(year, month0 + 1)[1]
        candidate = at_local(date(year, month0 + 1, min(rule.day, last)), rule.at, zone)
        if candidate > after:
            return candidate
        index += step
