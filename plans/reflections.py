"""What a reflection shows of its period, read in a fixed number of queries whatever the data.

period_review() is what the reflection page (and anyone showing a reflection read-only) needs:
what happened in the period, each goal's part in it, and month by month for a quarter or year.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from assessments.models import Attempt
from careerdev.models import User
from plans.charts import ColumnChart, LineChart, hours_chart, progress_chart
from plans.models import Goal, JournalEntry, Reflection, Task, Win
from plans.periods import Cadence, Period, other_period_to_reflect_on, period_to_reflect_on
from plans.schedule import Progress

# Longer lists show this many and say how many more there are.
SHOWN = 20


@dataclass(frozen=True)
class MonthActivity:
    """One month of a period: work done, work missed, notes and wins."""

    month: date
    tasks_done: int
    hours_done: Decimal
    tasks_missed: int
    journal_entries: int
    wins: int
    is_future: bool

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def short_label(self) -> str:
        return f"{self.month:%b}"


@dataclass(frozen=True)
class GoalTrend:
    """A goal's progress (of today's plan) at the end of each month of a period."""

    goal: Goal
    percents: tuple[int | None, ...]


@dataclass(frozen=True)
class PeriodReview:
    period: Period
    today: date
    months: list[MonthActivity]
    tasks_done: list[Task]
    tasks_missed: list[Task]
    journal: list[JournalEntry]
    wins: list[Win]
    goals: list[Goal]
    assessments: list[Attempt]
    goal_trends: list[GoalTrend]

    @property
    def is_in_progress(self) -> bool:
        return self.period.contains(self.today)

    @property
    def has_trend(self) -> bool:
        return len(self.months) > 1

    @property
    def tasks_done_count(self) -> int:
        return sum(month.tasks_done for month in self.months)

    @property
    def hours_done(self) -> Decimal:
        return sum((month.hours_done for month in self.months), Decimal(0))

    @property
    def tasks_missed_count(self) -> int:
        return sum(month.tasks_missed for month in self.months)

    @property
    def journal_count(self) -> int:
        return sum(month.journal_entries for month in self.months)

    @property
    def wins_count(self) -> int:
        return sum(month.wins for month in self.months)

    @property
    def is_quiet(self) -> bool:
        """Nothing at all happened in the period."""
        return not (
            self.tasks_done_count
            or self.tasks_missed_count
            or self.journal_count
            or self.wins_count
            or self.assessments
        )

    @property
    def adjustable_goals(self) -> list[Goal]:
        return [goal for goal in self.goals if goal.is_adjustable]

    @cached_property
    def hours_chart(self) -> ColumnChart:
        label = self.period.label
        return hours_chart(
            [(m.short_label, m.hours_done, m.tasks_done, m.is_future) for m in self.months],
            title=f"Hours of work done each month, {label}",
            description=", ".join(
                f"{m.label}: {m.hours_done} hours, {m.tasks_done} tasks"
                for m in self.months
                if not m.is_future
            ),
            slug=f"hours-{self.period.slug}",
        )

    @cached_property
    def progress_chart(self) -> LineChart | None:
        if not self.goal_trends:
            return None
        return progress_chart(
            [month.short_label for month in self.months],
            [(trend.goal.title, trend.percents) for trend in self.goal_trends],
            title=f"Progress of each goal at the end of each month, {self.period.label}",
            description="; ".join(
                f"{trend.goal.title}: "
                + ", ".join(f"{p}%" for p in trend.percents if p is not None)
                for trend in self.goal_trends
            ),
            slug=f"progress-{self.period.slug}",
        )


def _month_of(value: date | datetime, zone) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(zone).date()
    return value.replace(day=1)


def _by_month(rows, zone, key: str = "month") -> dict[date, dict]:
    return {_month_of(row[key], zone): row for row in rows}


def period_review(member: User, period: Period, today: date) -> PeriodReview:
    """Ten queries for a month, eleven for a quarter or a year."""
    zone = member.zone
    start, end = period.bounds(zone)
    first, last = period.start, period.end
    tasks = Task.objects.for_member(member).live()
    done = tasks.completed_between(start, end)
    missed = tasks.missed_between(first, last, today)
    journal = JournalEntry.objects.for_member(member).written_between(first, last)
    wins = Win.objects.for_member(member).won_between(first, last)

    done_by_month = _by_month(
        done.annotate(month=TruncMonth("completed_at", tzinfo=zone))
        .values("month")
        .annotate(count=Count("pk"), hours=Sum("effort_hours"))
        .order_by(),
        zone,
    )
    missed_by_month = _by_month(
        missed.annotate(month=TruncMonth("due_date"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by(),
        zone,
    )
    journal_by_month = _by_month(
        journal.annotate(month=TruncMonth("written_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by(),
        zone,
    )
    wins_by_month = _by_month(
        wins.annotate(month=TruncMonth("won_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by(),
        zone,
    )
    months = [
        MonthActivity(
            month=month,
            tasks_done=done_by_month.get(month, {}).get("count", 0),
            hours_done=done_by_month.get(month, {}).get("hours") or Decimal(0),
            tasks_missed=missed_by_month.get(month, {}).get("count", 0),
            journal_entries=journal_by_month.get(month, {}).get("count", 0),
            wins=wins_by_month.get(month, {}).get("count", 0),
            is_future=month > today,
        )
        for month in period.month_starts()
    ]
    goals = list(
        Goal.objects.for_member(member)
        .of_period(last, start)
        .with_progress(today)
        .with_period_activity(start=start, end=end, first=first, last=last, today=today)
        .in_display_order()
    )
    return PeriodReview(
        period=period,
        today=today,
        months=months,
        tasks_done=list(done.select_related("goal").order_by("-completed_at", "-pk")[:SHOWN]),
        tasks_missed=list(missed.select_related("goal").by_due_date()[:SHOWN]),
        journal=list(journal.select_related("goal").newest_first()[:SHOWN]),
        wins=list(wins.select_related("goal").newest_first()[:SHOWN]),
        goals=goals,
        assessments=list(
            Attempt.objects.for_member(member)
            .completed()
            .filter(completed_at__gte=start, completed_at__lt=end)
            .with_versions()
            .order_by("completed_at", "pk")
        ),
        goal_trends=_goal_trends(member, period, goals, end, today) if period.months > 1 else [],
    )


def _goal_trends(
    member: User, period: Period, goals: list[Goal], end: datetime, today: date
) -> list[GoalTrend]:
    """Each planned goal's progress at each month's end: one query for all of them."""
    planned = [goal for goal in goals if goal.total_hours]
    if not planned:
        return []
    zone = member.zone
    rows = (
        Task.objects.for_member(member)
        .live()
        .done()
        .filter(goal__in=[goal.pk for goal in planned], completed_at__lt=end)
        .annotate(month=TruncMonth("completed_at", tzinfo=zone))
        .values("goal_id", "month")
        .annotate(hours=Sum("effort_hours"))
        .order_by()
    )
    hours: dict[int, dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        hours[row["goal_id"]][_month_of(row["month"], zone)] += row["hours"]
    trends = []
    for goal in planned:
        done = sum((h for month, h in hours[goal.pk].items() if month < period.start), Decimal(0))
        percents: list[int | None] = []
        for month in period.month_starts():
            if month > today:
                percents.append(None)
                continue
            done += hours[goal.pk].get(month, Decimal(0))
            percents.append(Progress(goal.total_hours, done, Decimal(0)).percent)
        trends.append(GoalTrend(goal, tuple(percents)))
    return trends


@dataclass(frozen=True)
class StartChoice:
    """What the reflections page offers for one cadence: the period to reflect on now, the
    other one it could be (the current period, or the one just ended), and the member's
    reflection on each if begun."""

    cadence: Cadence
    period: Period
    reflection: Reflection | None
    other: Period | None
    other_reflection: Reflection | None
    today: date

    @property
    def period_in_progress(self) -> bool:
        return self.period.contains(self.today)

    @property
    def other_in_progress(self) -> bool:
        return self.other is not None and self.other.contains(self.today)


def period_to_offer(member: User, cadence: str, today: date) -> Period:
    """The period a reflection begun today looks back on (period_to_reflect_on), unless that
    was over before the member joined: then the current one."""
    period = period_to_reflect_on(cadence, today)
    return period if period.end >= member.joined_on else Period.containing(cadence, today)


def start_choices(member: User, today: date) -> list[StartChoice]:
    """Two queries. The period offered first is the one to reflect on now, except that the
    period just ended comes first while its reflection is unfinished (as the dashboard counts
    it due: for the month, and any cadence the member has reflected on before), unless the
    member has already begun on the current one. Nobody is offered a period that was over
    before they joined."""
    pairs = [
        (period_to_reflect_on(cadence, today), other_period_to_reflect_on(cadence, today))
        for cadence in Cadence
    ]
    wanted = [period for pair in pairs for period in pair]
    begun = {r.period: r for r in Reflection.objects.for_member(member).of_periods(wanted)}
    used = reflected_cadences(member) | {Cadence.MONTHLY}
    joined = member.joined_on
    choices = []
    for period, other in pairs:
        just_ended = other if other < period else None
        if (
            just_ended
            and period.cadence in used
            and period not in begun
            and not _finished(begun.get(just_ended))
        ):
            period, other = other, period
        # Only the period just ended can have been over before the member joined.
        if period.end < joined:
            period, other = other, None
        elif other.end < joined:
            other = None
        choices.append(
            StartChoice(period.cadence, period, begun.get(period), other, begun.get(other), today)
        )
    return choices


def _finished(reflection: Reflection | None) -> bool:
    return reflection is not None and reflection.is_completed


def reflected_cadences(member: User) -> set[str]:
    """The cadences the member has ever reflected on: one query."""
    return set(
        Reflection.objects.for_member(member)
        .order_by()
        .values_list("cadence", flat=True)
        .distinct()
    )
