"""What the dashboard shows of a member's plans, read in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from careerdev.models import User
from plans.models import Goal, Milestone, Task, TimeBlock, Win
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


def plan_overview(member: User, today: date) -> PlanOverview:
    active = list(Goal.objects.for_member(member).active().with_progress(today).in_display_order())
    tasks = Task.objects.for_member(member).live().of_active_goals().select_related("goal")
    this_week = tasks.due_between(today, week_end(today))
    overdue = tasks.overdue(today)
    counts = Goal.objects.for_member(member).step_counts(today)
    return PlanOverview(
        today=today,
        goals=active[:SHOWN_GOALS],
        active_goal_count=len(active),
        due_this_week=list(this_week.by_due_date()[:SHOWN_TASKS]),
        due_this_week_count=counts["due_this_week"],
        overdue=list(overdue.by_due_date()[:SHOWN_TASKS]),
        overdue_count=counts["overdue_tasks"],
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
    return GoalPlan(goal, milestones, by_milestone.get(None, []), tasks)
