"""What the dashboard shows of a member's plans, read in a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse

from careerdev.models import User
from plans.models import Goal, Milestone, Reflection, Task, TimeBlock, Win
from plans.periods import Cadence, Period, period_just_ended
from plans.reflections import reflected_cadences
from plans.schedule import week_end

SHOWN_GOALS = 6
SHOWN_TASKS = 8
SHOWN_WINS = 5


@dataclass(frozen=True)
class PlanOverview:
    today: date
    goals: list[Goal]
    active_goal_count: int
    due_this_week: list[Task]
    due_this_week_count: int
    overdue: list[Task]
    overdue_count: int
    wins: list[Win]


def plan_overview(member: User, today: date, *, counts: "StepCounts") -> PlanOverview:
    """The member's plan at a glance; `counts` are their step_counts, read once per page."""
    active = list(Goal.objects.for_member(member).active().with_progress(today).in_display_order())
    tasks = Task.objects.for_member(member).live().of_active_goals().select_related("goal")
    this_week = tasks.due_between(today, week_end(today))
    overdue = tasks.overdue(today)
    return PlanOverview(
        today=today,
        goals=active[:SHOWN_GOALS],
        active_goal_count=len(active),
        due_this_week=list(this_week.by_due_date()[:SHOWN_TASKS]),
        due_this_week_count=counts.due_this_week,
        overdue=list(overdue.by_due_date()[:SHOWN_TASKS]),
        overdue_count=counts.overdue_tasks,
        wins=list(
            Win.objects.for_member(member).select_related("goal").newest_first()[:SHOWN_WINS]
        ),
    )


@dataclass(frozen=True)
class StepCounts:
    """The numbers behind the dashboard's goal-setting, planning and implementation steps."""

    goals: int
    active_goals: int
    achieved_goals: int
    live_tasks: int
    open_tasks: int
    done_tasks: int
    overdue_tasks: int
    due_this_week: int
    total_hours: Decimal
    done_hours: Decimal
    wins: int
    time_blocks: int


def step_counts(member: User, today: date) -> StepCounts:
    counts = Goal.objects.for_member(member).step_counts(today)
    return StepCounts(
        **counts,
        wins=Win.objects.for_member(member).count(),
        time_blocks=TimeBlock.objects.for_member(member).count(),
    )


@dataclass(frozen=True)
class GoalPlan:
    """A goal's action plan: milestones in order, each with its live tasks as `plan_tasks`."""

    goal: Goal
    milestones: list[Milestone]
    loose_tasks: list[Task]
    tasks: list[Task]


def goal_plan(goal: Goal) -> GoalPlan:
    """Reads a goal's milestones and live tasks in two queries, whatever their number."""
    tasks = list(goal.tasks.live().in_plan_order())
    milestones = list(goal.milestones.all())
    by_milestone: dict[int | None, list[Task]] = {}
    for task in tasks:
        by_milestone.setdefault(task.milestone_id, []).append(task)
    for milestone in milestones:
        milestone.plan_tasks = by_milestone.get(milestone.pk, [])
        for task in milestone.plan_tasks:
            task.milestone = milestone
    for task in tasks:
        # Each task's date checks read its goal and milestone: no query per task.
        task.goal = goal
    return GoalPlan(goal, milestones, by_milestone.get(None, []), tasks)


@dataclass(frozen=True)
class ReflectionStepCounts:
    """The dashboard's refinement step: the latest reflection, one in progress, and what is due.

    A period is due once it has ended and until the next one ends, unless its reflection is
    finished: the month just ended always, the quarter and year just ended for a member who
    reflects on those.
    """

    latest: Reflection | None
    draft: Reflection | None
    due: list[Period] = field(default_factory=list)

    @property
    def next_due(self) -> Period | None:
        return self.due[0] if self.due else None

    @property
    def status(self) -> str:
        if self.draft is not None:
            return "Reflection in progress"
        if self.latest is not None:
            return f"Last reflection: {self.latest.period.label}"
        return "Not started"

    @property
    def detail(self) -> str:
        if self.draft is not None:
            return f"Pick up your {self.draft.title_in_sentence} where you left it."
        if self.due:
            labels = " and ".join(period.label for period in self.due)
            due = "reflections on {} are" if len(self.due) > 1 else "reflection on {} is"
            return f"Look back and adjust your goals: your {due.format(labels)} due."
        if self.latest is None:
            return "Your first reflection is due when this month ends."
        return "You are up to date. Your next reflection is due when this month ends."

    @property
    def url(self) -> str:
        if self.draft is not None:
            return self.draft.get_absolute_url()
        if self.next_due is not None:
            return reflection_start_url(self.next_due)
        return reverse("plans:reflection_list")

    @property
    def action(self) -> str:
        if self.draft is not None:
            return "Continue reflecting"
        if self.next_due is not None:
            return f"Reflect on {self.next_due.label}"
        return "See your reflections"


def reflection_start_url(period: Period) -> str:
    return reverse("plans:reflection_start", args=[period.cadence, period.slug])


def reflection_step_counts(
    member: User, today: date, reminded: Iterable[str] = ()
) -> ReflectionStepCounts:
    """Two queries: the member's reflections since the start of last year, and the cadences
    they have ever reflected on. `reminded` adds the cadences they are reminded of."""
    recent = list(
        Reflection.objects.for_member(member)
        .filter(period_end__gte=date(today.year - 1, 1, 1))
        .newest_first()
    )
    cadences = reflected_cadences(member) | {Cadence.MONTHLY, *reminded}
    finished = {reflection.period for reflection in recent if reflection.is_completed}
    # Nobody is asked to look back on a period that ended before they joined.
    joined = member.date_joined.astimezone(member.zone).date()
    due = [
        period
        for cadence in Cadence
        if cadence in cadences
        and (period := period_just_ended(cadence, today)) not in finished
        and period.end >= joined
    ]
    # A draft opened and left empty is not worth a nudge.
    drafts = [r for r in recent if not r.is_completed and r.has_answers]
    return ReflectionStepCounts(
        latest=next((reflection for reflection in recent if reflection.is_completed), None),
        draft=max(drafts, key=lambda reflection: reflection.updated_at, default=None),
        due=due,
    )
