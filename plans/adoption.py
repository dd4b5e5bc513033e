"""Career paths and development activities turned into a member's goals and tasks.

draft_plan() is pure: the goal, a milestone per stage and the dated tasks a path suggests,
which the member edits before anything is saved. path_adopt() and activities_add() write.

Dates follow two rules, both stated on the pages that use them:
- each stage lasts its typical time (the middle of its range; for the last stage only the
  low end, the months it takes to settle into the role);
- tasks follow one another at the member's weekly hours (their time blocks, else
  DEFAULT_WEEKLY_HOURS), so the plan never asks for more hours a week than that.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from careerdev.models import User
from plans import library as knowledge
from plans import services
from plans.library import Activity, CareerPath, Stage
from plans.models import MAX_EFFORT, Goal, GoalStatus, Task, TimeBlock, Undo, UndoAction
from plans.schedule import format_hours

DEFAULT_WEEKLY_HOURS = Decimal(3)
DAYS_PER_MONTH = 30.44


def in_sentence(name: str) -> str:
    """A stage or role name inside a sentence: "Support technician" reads "support
    technician", while "IT manager" keeps its capitals."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def after_months(start: date, months: int) -> date:
    return start + timedelta(days=round(months * DAYS_PER_MONTH))


def task_effort(activity: Activity) -> Decimal:
    """Hours planned for an activity as one task: its typical hours, at most a task's limit."""
    return min(Decimal(activity.hours), MAX_EFFORT)


def weeks_for(hours: Decimal, weekly_hours: Decimal) -> int:
    """Whole weeks that many hours take at the member's weekly hours; at least one."""
    return max(1, math.ceil(hours / weekly_hours))


def task_notes(activity: Activity, where: str = "") -> str:
    """What a task made from an activity says about it, so the plan stands on its own."""
    hours = f"About {activity.hours} hours in all (our estimate)"
    if activity.hours > MAX_EFFORT:
        hours += f"; this task plans the first {format_hours(MAX_EFFORT)}"
    builds = ", ".join(activity.skill_names)
    notes = f"{activity.description} Builds: {builds}. {hours}."
    return f"{notes} {where}" if where else notes


def suggested_skill(key: str) -> str:
    """The skill a skills-gap suggestion's key names ("skill-writing"), when the library
    has ways to build it; else ""."""
    slug = key.removeprefix("skill-") if key.startswith("skill-") else ""
    return slug if slug and knowledge.library().cheapest_for(slug) else ""


def ways_to_build(key: str) -> list[Activity]:
    """Two or three activities for a skills-gap suggestion, the cheapest first."""
    slug = suggested_skill(key)
    return knowledge.library().cheapest_for(slug) if slug else []


def weekly_hours(member: User) -> Decimal | None:
    """Hours a week the member has set aside in time blocks; None when they have none."""
    blocks = list(TimeBlock.objects.for_member(member))
    return sum((block.hours for block in blocks), Decimal(0)) if blocks else None


@dataclass(frozen=True)
class DraftTask:
    activity: Activity
    title: str
    due_date: date
    effort_hours: Decimal
    notes: str


@dataclass(frozen=True)
class DraftMilestone:
    stage: Stage | None  # None in a plan built from skills gaps rather than a path
    title: str
    due_date: date
    tasks: tuple[DraftTask, ...]


@dataclass(frozen=True)
class Draft:
    """A goal as adopting a path would make it; nothing here is saved."""

    path: CareerPath
    title: str
    why: str
    measure: str
    start_date: date
    target_date: date
    milestones: tuple[DraftMilestone, ...]
    weekly_hours: Decimal
    hours_assumed: bool  # the member has no time blocks: DEFAULT_WEEKLY_HOURS was used

    @property
    def kind(self) -> str:
        return self.path.goal_kind

    @property
    def tasks(self) -> list[DraftTask]:
        return [task for milestone in self.milestones for task in milestone.tasks]


def _milestone_title(stage: Stage, following: Stage | None) -> str:
    if following is None:
        return f"Settled in as {in_sentence(stage.name)}"
    return f"Ready to move from {in_sentence(stage.name)} to {in_sentence(following.name)}"


def _measure(path: CareerPath) -> str:
    targets = [f"{in_sentence(name)} at {level}" for name, level in path.last.skill_targets]
    listed = ", ".join(targets[:-1]) + f" and {targets[-1]}" if len(targets) > 1 else targets[0]
    return (
        f"Working as {in_sentence(path.last.name)}, and rating {listed} or above when I "
        "retake the skills assessment."
    )


def draft_plan(path: CareerPath, *, today: date, hours_a_week: Decimal | None) -> Draft:
    """The goal, milestones and dated tasks adopting `path` today would make."""
    weekly = hours_a_week if hours_a_week else DEFAULT_WEEKLY_HOURS
    stage_start = free_from = today
    milestones = []
    for index, stage in enumerate(path.stages):
        following = path.stages[index + 1] if index + 1 < len(path.stages) else None
        months = stage.typical_months if following else stage.months[0]
        free_from = max(free_from, stage_start)
        tasks = []
        for activity in stage.activities:
            effort = task_effort(activity)
            free_from += timedelta(weeks=weeks_for(effort, weekly))
            where = f"Suggested for the stage “{stage.name}” of the path “{path.name}”."
            tasks.append(
                DraftTask(activity, activity.name, free_from, effort, task_notes(activity, where))
            )
        due = max(after_months(stage_start, months), free_from)
        title = _milestone_title(stage, following)
        milestones.append(DraftMilestone(stage, title, due, tuple(tasks)))
        stage_start = due
    names = " → ".join(stage.name for stage in path.stages)
    return Draft(
        path=path,
        title=f"Move from {in_sentence(path.first.name)} to {in_sentence(path.last.name)}",
        why=f"{path.summary} The path runs through {len(path.stages)} stages: {names}.",
        measure=_measure(path),
        start_date=today,
        target_date=milestones[-1].due_date,
        milestones=tuple(milestones),
        weekly_hours=weekly,
        hours_assumed=not hours_a_week,
    )


def activity_dates(
    activities: Sequence[Activity], *, start: date, hours_a_week: Decimal | None
) -> list[date]:
    """Due dates for activities done one after another from `start` at the weekly hours."""
    weekly = hours_a_week if hours_a_week else DEFAULT_WEEKLY_HOURS
    dates, day = [], start
    for activity in activities:
        day += timedelta(weeks=weeks_for(task_effort(activity), weekly))
        dates.append(day)
    return dates


# Writes


class AlreadyAdopted(Exception):
    """The member already follows the path in these goals and did not say to adopt it again."""

    def __init__(self, goals: list[Goal]) -> None:
        super().__init__(f"Already adopted in goals {[goal.pk for goal in goals]}.")
        self.goals = goals


def adopted_goals(member: User, path: CareerPath) -> QuerySet[Goal]:
    """The member's goals made from this path that they have not dropped, newest first."""
    return (
        Goal.objects.for_member(member)
        .from_path(path.slug)
        .exclude(status=GoalStatus.DROPPED)
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def path_adopt(*, member: User, draft: Draft, today: date, again: bool = False) -> Goal:
    """Saves the (edited) draft as a goal with its milestones and tasks.

    A member who already follows the path must say so (`again`); otherwise AlreadyAdopted.
    """
    # One adoption at a time per member, so two tabs cannot both skip the question.
    User.objects.select_for_update().filter(pk=member.pk).first()
    existing = list(adopted_goals(member, draft.path))
    if existing and not again:
        raise AlreadyAdopted(existing)
    return goal_with_plan_create(
        member=member,
        plan=draft,
        today=today,
        reason=f"Goal set from the career path “{draft.path.name}”",
        path_slug=draft.path.slug,
    )


def goal_with_plan_create(
    *, member: User, plan: Any, today: date, reason: str, path_slug: str = ""
) -> Goal:
    """Saves a drafted plan (a Draft, or anything shaped like one) as a goal with its
    milestones and their tasks, in order."""
    goal = services.goal_create(
        member=member,
        kind=plan.kind,
        title=plan.title,
        why=plan.why,
        measure=plan.measure,
        start_date=plan.start_date,
        target_date=plan.target_date,
        reason=reason,
        path_slug=path_slug,
    )
    for planned in plan.milestones:
        milestone = services.milestone_create(
            goal=goal, title=planned.title, due_date=planned.due_date
        )
        for task in planned.tasks:
            services.task_create(
                goal=goal,
                milestone=milestone,
                title=task.title,
                due_date=task.due_date,
                effort_hours=task.effort_hours,
                activity=task.activity.task_activity,
                notes=task.notes,
                today=today,
            )
    return goal


@dataclass(frozen=True)
class Added:
    """Tasks made from activities, and the way back."""

    undo: Undo
    tasks: list[Task]


@transaction.atomic
def activities_add(
    *, goal: Goal, activities: Iterable[Activity], today: date, hours_a_week: Decimal | None
) -> Added:
    """Adds activities to a goal as dated tasks, one after another; the undo removes them."""
    activities = list(activities)
    if not activities:
        raise ValidationError("Choose at least one activity to add.")
    if not goal.is_adjustable:
        raise ValidationError(
            f"“{goal}” is {goal.get_status_display().lower()}: make it active again to add work."
        )
    start = max(today, goal.start_date)
    dates = activity_dates(activities, start=start, hours_a_week=hours_a_week)
    tasks = [
        services.task_create(
            goal=goal,
            milestone=None,
            title=activity.name[:160],
            due_date=due,
            effort_hours=task_effort(activity),
            activity=activity.task_activity,
            notes=task_notes(activity),
            today=today,
        )
        for activity, due in zip(activities, dates, strict=True)
    ]
    label = (
        f"Added “{tasks[0].title}” to “{goal.title}”"
        if len(tasks) == 1
        else f"Added {len(tasks)} tasks to “{goal.title}”"
    )
    undo = Undo.objects.create(
        member_id=goal.member_id,
        goal=goal,
        action=UndoAction.TASK_ADD,
        label=label,
        payload={"tasks": [task.pk for task in tasks]},
    )
    return Added(undo, tasks)
