"""Reflection periods: calendar months, quarters and years. No database, no request.

A period is named by its cadence and its first day. Its bounds in time are local midnights in
the member's own time zone, so "November" is November where the member lives.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import TextChoices


class Cadence(TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"


MONTHS_IN = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.YEARLY: 12}
NOUNS = {Cadence.MONTHLY: "month", Cadence.QUARTERLY: "quarter", Cadence.YEARLY: "year"}
SLUG_PATTERNS = {
    Cadence.MONTHLY: re.compile(r"([0-9]{4})-([0-9]{2})"),
    Cadence.QUARTERLY: re.compile(r"([0-9]{4})-Q([1-4])"),
    Cadence.YEARLY: re.compile(r"([0-9]{4})"),
}


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month holding `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year, named by its cadence and first day."""

    cadence: Cadence
    start: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "cadence", Cadence(self.cadence))
        if self.start.day != 1 or (self.start.month - 1) % self.months:
            raise ValueError(f"{self.start} does not start a {self.noun}.")

    @classmethod
    def containing(cls, cadence: str, day: date) -> "Period":
        months = MONTHS_IN[Cadence(cadence)]
        return cls(Cadence(cadence), date(day.year, (day.month - 1) // months * months + 1, 1))

    @classmethod
    def from_slug(cls, cadence: str, slug: str) -> "Period":
        """Reads "2025-11" (monthly), "2025-Q4" (quarterly) or "2025" (yearly)."""
        cadence = Cadence(cadence)
        match = SLUG_PATTERNS[cadence].fullmatch(slug)
        if match is None:
            raise ValueError(f"{slug!r} does not name a {NOUNS[cadence]}.")
        year = int(match.group(1))
        if not 1 <= year <= 9998:
            raise ValueError(f"{year} is out of range.")
        if cadence is Cadence.MONTHLY:
            month = int(match.group(2))
            if not 1 <= month <= 12:
                raise ValueError(f"{slug!r} does not name a month.")
            return cls(cadence, date(year, month, 1))
        if cadence is Cadence.QUARTERLY:
            return cls(cadence, date(year, (int(match.group(2)) - 1) * 3 + 1, 1))
        return cls(cadence, date(year, 1, 1))

    @property
    def months(self) -> int:
        return MONTHS_IN[self.cadence]

    @property
    def noun(self) -> str:
        return NOUNS[self.cadence]

    @property
    def after(self) -> date:
        """The first day after the period."""
        return add_months(self.start, self.months)

    @property
    def end(self) -> date:
        """The period's last day."""
        return self.after - timedelta(days=1)

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    @property
    def slug(self) -> str:
        if self.cadence is Cadence.MONTHLY:
            return f"{self.start:%Y-%m}"
        if self.cadence is Cadence.QUARTERLY:
            return f"{self.start.year}-Q{self.quarter}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        """November 2025, Q4 2025, 2025."""
        if self.cadence is Cadence.MONTHLY:
            return f"{calendar.month_name[self.start.month]} {self.start.year}"
        if self.cadence is Cadence.QUARTERLY:
            return f"Q{self.quarter} {self.start.year}"
        return str(self.start.year)

    @property
    def span(self) -> str:
        """The months it covers, in words: "October to December 2025"."""
        if self.cadence is Cadence.MONTHLY:
            return self.label
        first, last = self.start.month, self.end.month
        return f"{calendar.month_name[first]} to {calendar.month_name[last]} {self.start.year}"

    def previous(self) -> "Period":
        return Period(self.cadence, add_months(self.start, -self.months))

    def next(self) -> "Period":
        return Period(self.cadence, self.after)

    def month_starts(self) -> list[date]:
        return [add_months(self.start, n) for n in range(self.months)]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def has_started(self, today: date) -> bool:
        return self.start <= today

    def is_over(self, today: date) -> bool:
        return self.end < today

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """From local midnight on the first day to local midnight after the last, as aware
        datetimes: the half-open range of moments the period holds for that member."""
        return local_midnight(self.start, zone), local_midnight(self.after, zone)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def period_to_reflect_on(cadence: str, today: date) -> Period:
    """The period a reflection started today looks back on: the one just ended while the
    current period is in its first half, the current one from then on."""
    current = Period.containing(cadence, today)
    length = (current.after - current.start).days
    if (today - current.start).days * 2 < length:
        return current.previous()
    return current


def other_period_to_reflect_on(cadence: str, today: date) -> Period:
    """The alternative to period_to_reflect_on: the current period if that was the one just
    ended, else the one just ended."""
    current = Period.containing(cadence, today)
    chosen = period_to_reflect_on(cadence, today)
    return current if chosen != current else current.previous()


def period_just_ended(cadence: str, today: date) -> Period:
    return Period.containing(cadence, today).previous()
