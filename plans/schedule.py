"""Schedule arithmetic: progress, timeline groups and catch-up dates. No database, no request."""

import calendar
import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from itertools import groupby

# Differences below this are rounding, not being behind.
BEHIND_TOLERANCE = Decimal("0.01")
QUARTER_HOUR = Decimal("0.25")


@dataclass(frozen=True)
class Progress:
    """Hours of a goal's live tasks: all of them, those done, and those its dates expect by now.

    Expected hours are the tasks due before today, or every task once the goal's target date
    has passed. A goal is behind when fewer hours are done than its dates expect.
    """

    total_hours: Decimal
    done_hours: Decimal
    expected_hours: Decimal

    @property
    def percent(self) -> int:
        if not self.total_hours:
            return 0
        return int((self.done_hours * 100 / self.total_hours).to_integral_value(ROUND_DOWN))

    @property
    def expected_percent(self) -> int:
        if not self.total_hours:
            return 0
        return int((self.expected_hours * 100 / self.total_hours).to_integral_value(ROUND_DOWN))

    @property
    def behind_hours(self) -> Decimal:
        return max(self.expected_hours - self.done_hours, Decimal(0))

    @property
    def is_behind(self) -> bool:
        return self.behind_hours > BEHIND_TOLERANCE

    @property
    def remaining_hours(self) -> Decimal:
        return self.total_hours - self.done_hours


class Bucket(enum.StrEnum):
    OVERDUE = "overdue"
    THIS_WEEK = "this_week"
    THIS_MONTH = "this_month"
    THIS_QUARTER = "this_quarter"
    LATER = "later"

    @property
    def label(self) -> str:
        return BUCKET_LABELS[self]


BUCKET_LABELS = {
    Bucket.OVERDUE: "Overdue",
    Bucket.THIS_WEEK: "This week",
    Bucket.THIS_MONTH: "This month",
    Bucket.THIS_QUARTER: "This quarter",
    Bucket.LATER: "Later",
}


def week_end(today: date) -> date:
    """The Sunday ending the week (Monday to Sunday) that holds today."""
    return today + timedelta(days=6 - today.weekday())


def month_end(today: date) -> date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


def quarter_end(today: date) -> date:
    last_month = ((today.month - 1) // 3 + 1) * 3
    return date(today.year, last_month, calendar.monthrange(today.year, last_month)[1])


def bucket_for(due: date, today: date) -> Bucket:
    """The first timeline group a due date falls in, counting from today."""
    if due < today:
        return Bucket.OVERDUE
    if due <= week_end(today):
        return Bucket.THIS_WEEK
    if due <= month_end(today):
        return Bucket.THIS_MONTH
    if due <= quarter_end(today):
        return Bucket.THIS_QUARTER
    return Bucket.LATER


def group_by_bucket[T](
    items: Iterable[T], today: date, *, due: str = "due_date"
) -> dict[Bucket, list[T]]:
    """Every bucket in timeline order, each with its items in the order given."""
    groups: dict[Bucket, list[T]] = {bucket: [] for bucket in Bucket}
    for item in items:
        groups[bucket_for(getattr(item, due), today)].append(item)
    return groups


def catch_up_dates(count: int, today: date, block_weekdays: Iterable[int]) -> list[date]:
    """Dates to move overdue work to: one per future time-block day, else one a week.

    Starts tomorrow, so a rescheduled task is never overdue again the moment it moves.
    """
    weekdays = sorted(set(block_weekdays))
    dates: list[date] = []
    if not weekdays:
        return [today + timedelta(days=7 * (n + 1)) for n in range(count)]
    day = today
    while len(dates) < count:
        day += timedelta(days=1)
        if day.weekday() in weekdays:
            dates.append(day)
    return dates


def split_effort(effort: Decimal) -> tuple[Decimal, Decimal]:
    """Two parts, each a whole number of quarter hours, that add up to the effort."""
    quarters = (effort / QUARTER_HOUR).to_integral_value(ROUND_HALF_UP)
    first = (quarters - quarters // 2) * QUARTER_HOUR
    return first, effort - first


def can_split(effort: Decimal) -> bool:
    return effort >= 2 * QUARTER_HOUR


@dataclass(frozen=True)
class Forecast:
    """Whether a goal's weekly time can finish its remaining work by its target date.

    The weekly hours are the goal's own time blocks plus an even share of the blocks tied
    to no goal: an estimate, since nobody knows how general time will really be split.
    """

    remaining_hours: Decimal
    own_hours: Decimal  # a week, in blocks tied to this goal
    shared_hours: Decimal  # a week, in blocks tied to no goal
    sharing_goals: int  # active goals that share those
    days_left: int | None  # to the target date; None without one

    @property
    def weekly_hours(self) -> Decimal:
        if not self.shared_hours:
            return self.own_hours
        return self.own_hours + self.shared_hours / max(self.sharing_goals, 1)

    @property
    def weekly_hours_rounded(self) -> Decimal:
        """To a tenth of an hour, as the page writes it."""
        return self.weekly_hours.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def weeks_left(self) -> Decimal | None:
        if self.days_left is None:
            return None
        return Decimal(max(self.days_left, 0)) / 7

    @property
    def weeks_needed(self) -> Decimal | None:
        if not self.weekly_hours:
            return None
        return self.remaining_hours / self.weekly_hours

    @property
    def hours_by_target(self) -> Decimal | None:
        if self.weeks_left is None:
            return None
        return self.weekly_hours * self.weeks_left

    @property
    def weeks_needed_rounded(self) -> int | None:
        needed = self.weeks_needed
        return None if needed is None else math.ceil(needed)

    @property
    def target_distance(self) -> str:
        """How far off the target date is, in words: "3 weeks away", "5 days away", "past"."""
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return "past"
        if self.days_left < 14:
            return f"{self.days_left} day{'s' if self.days_left != 1 else ''} away"
        return f"{self.days_left // 7} weeks away"

    @property
    def falls_short(self) -> bool:
        """The work left is more than the weekly time gives by the target date."""
        by_target = self.hours_by_target
        return by_target is not None and self.remaining_hours > by_target + BEHIND_TOLERANCE


def forecast(
    *,
    goal_id: int,
    remaining_hours: Decimal,
    blocks: Iterable[tuple[int | None, int, time, time]],
    active_goals: int,
    today: date,
    target_date: date | None,
) -> Forecast:
    """The forecast for one goal from the member's blocks, each (goal id or None, weekday,
    start, end). Time covered twice counts once, as in weekly_hours."""
    blocks = list(blocks)
    own = [block[1:] for block in blocks if block[0] == goal_id]
    general = [block[1:] for block in blocks if block[0] is None]
    own_hours = weekly_hours(own)
    return Forecast(
        remaining_hours=max(remaining_hours, Decimal(0)),
        own_hours=own_hours,
        # General time that overlaps the goal's own blocks adds nothing.
        shared_hours=weekly_hours(own + general) - own_hours,
        sharing_goals=active_goals,
        days_left=(target_date - today).days if target_date else None,
    )


EVENING = (time(18, 0), time(19, 0))


def suggest_time_block(taken_weekdays: Iterable[int]) -> tuple[int, time, time] | None:
    """An evening hour on the first weekday (then weekend day) without a block, if any."""
    taken = set(taken_weekdays)
    for weekday in (0, 1, 2, 3, 4, 5, 6):
        if weekday not in taken:
            return weekday, *EVENING
    return None


def format_hours(value: Decimal | int) -> str:
    """Hours as people write them: 2, 1.5, 0.25 (never 2.00 or 1E+1)."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def weekly_hours(blocks: Iterable[tuple[int, time, time]]) -> Decimal:
    """Hours a week the blocks (weekday, start, end) cover, overlapping time counted once."""
    total = 0
    ordered = sorted(blocks)
    for _weekday, day_blocks in groupby(ordered, key=lambda block: block[0]):
        covered_until = -1
        for _, starts, ends in day_blocks:
            start = starts.hour * 60 + starts.minute
            end = ends.hour * 60 + ends.minute
            total += max(0, end - max(start, covered_until))
            covered_until = max(covered_until, end)
    return Decimal(total) / 60
