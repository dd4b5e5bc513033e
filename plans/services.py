"""Every write to goals, plans and their implementation: keyword-only, each atomic."""

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from careerdev.fragments import members_changed
from careerdev.models import User
from plans.models import (
    GOAL_FIELDS,
    CalendarFeed,
    Goal,
    GoalStatus,
    JournalEntry,
    Milestone,
    Reflection,
    Task,
    TaskStatus,
    TimeBlock,
    Undo,
    UndoAction,
    Win,
    WinKind,
    new_feed_token,
)
from plans.periods import Period
from plans.schedule import can_split, catch_up_dates, split_effort

TASK_FORM_FIELDS = ("goal", "milestone", "title", "notes", "due_date", "effort_hours", "activity")
STATUS_REASONS = {
    GoalStatus.ACHIEVED: "Marked achieved",
    GoalStatus.PAUSED: "Paused",
    GoalStatus.DROPPED: "Dropped",
}


class TaskConflict(Exception):
    """The task changed since the form was opened; `current` holds what is saved now."""

    def __init__(self, current: Task) -> None:
        super().__init__(f"Task {current.pk} changed since the form was opened.")
        self.current = current


class GoalConflict(Exception):
    """Fields the member changed were changed elsewhere too since they saw them."""

    def __init__(self, current: Goal, fields: list[str]) -> None:
        super().__init__(f"Goal {current.pk}: {', '.join(fields)} changed elsewhere.")
        self.current = current
        self.fields = fields

    @property
    def changes(self) -> list[str]:
        """Each clashing field as people read it: “target date (now 3 Mar 2027)”."""
        described = []
        for name in self.fields:
            field = Goal._meta.get_field(name)
            value = getattr(self.current, name)
            if field.choices:
                value = getattr(self.current, f"get_{name}_display")()
            elif isinstance(value, date):
                value = f"{value.day} {value:%b %Y}"
            shown = str(value or "empty")
            shown = shown if len(shown) <= 60 else f"{shown[:59]}…"
            described.append(f"{field.verbose_name} (now “{shown}”)")
        return described


@dataclass(frozen=True)
class Outcome:
    """A change and the win it earned, if any (to celebrate)."""

    task: Task | None = None
    win: Win | None = None


def with_note(reason: str, note: str) -> str:
    note = note.strip()
    return f"{reason}: {note}" if note else reason


# Goals


@transaction.atomic
def goal_create(
    *,
    member: User,
    kind: str,
    title: str,
    why: str,
    measure: str,
    start_date: date,
    target_date: date | None,
    reason: str = "Goal set",
    path_slug: str = "",
) -> Goal:
    goal = Goal(
        member=member,
        kind=kind,
        title=title,
        why=why,
        measure=measure,
        start_date=start_date,
        target_date=target_date,
        path_slug=path_slug,
    )
    goal.full_clean()
    goal._change_reason = reason
    goal.save()
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    change_note: str = "",
    seen: dict[str, object] | None = None,
    reflection: Reflection | None = None,
    **fields: object,
) -> Goal:
    """Saves the changed fields; the history records which changed and the member's note,
    and the reflection the change was made in, if any.

    `seen` holds the values the member's form showed: a field changed since then by someone
    else to something other than what the member typed is refused (GoalConflict).
    """
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"Not goal fields: {', '.join(sorted(unknown))}")
    # Compare with what is saved, not with an instance a form may have changed in memory.
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    clashes = [
        name
        for name, value in (seen or {}).items()
        if name in fields and getattr(goal, name) not in (value, fields[name])
    ]
    if clashes:
        raise GoalConflict(goal, clashes)
    changed = [name for name, value in fields.items() if getattr(goal, name) != value]
    if not changed:
        return goal
    for name in changed:
        setattr(goal, name, fields[name])
    goal.full_clean()
    labels = ", ".join(str(Goal._meta.get_field(name).verbose_name) for name in changed)
    goal._change_reason = with_note(f"Changed {labels}", change_note)
    _link_reflection(goal, reflection)
    goal.save()
    return goal


def _link_reflection(goal: Goal, reflection: Reflection | None) -> None:
    """Names the reflection (or none) in the history record the next save writes."""
    if reflection is not None and reflection.member_id != goal.member_id:
        raise ValidationError("A goal can only change in its own member's reflection.")
    goal._change_reflection_id = reflection.pk if reflection else None


@transaction.atomic
def goal_status_set(
    *,
    goal: Goal,
    status: str,
    today: date,
    change_note: str = "",
    reflection: Reflection | None = None,
) -> Win | None:
    """Moves a goal to a new status; achieving it records a win (once per goal)."""
    if status not in GoalStatus.values:
        raise ValidationError({"status": "Choose active, achieved, paused or dropped."})
    if status == goal.status:
        return None
    if status == GoalStatus.ACTIVE:
        reason = "Resumed" if goal.status == GoalStatus.PAUSED else "Reopened"
    else:
        reason = STATUS_REASONS[GoalStatus(status)]
    goal.status = status
    goal._change_reason = with_note(reason, change_note)
    _link_reflection(goal, reflection)
    goal.save()
    if status != GoalStatus.ACHIEVED:
        return None
    win, created = Win.objects.get_or_create(
        kind=WinKind.GOAL,
        goal=goal,
        defaults={"member": goal.member, "title": f"Goal achieved: {goal.title}", "won_on": today},
    )
    return win if created else None


# Milestones


def _next_milestone_position(goal: Goal) -> int:
    top = goal.milestones.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def milestone_create(*, goal: Goal, title: str, due_date: date | None) -> Milestone:
    milestone = Milestone(
        goal=goal, title=title, due_date=due_date, position=_next_milestone_position(goal)
    )
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, title: str, due_date: date | None) -> Milestone:
    milestone.title = title
    milestone.due_date = due_date
    milestone.full_clean()
    milestone.save(update_fields=["title", "due_date"])
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone) -> None:
    """Deletes an empty milestone; one with tasks must have them moved or deleted first."""
    live = milestone.tasks.live().count()
    if live:
        raise ValidationError(
            f"“{milestone}” still has {live} task{'s' if live != 1 else ''}: "
            "move or delete them first."
        )
    milestone.delete()


def _milestone_refresh(milestone_id: int | None, today: date) -> Win | None:
    """Marks a milestone reached when all its counted tasks are done (a win, once), or not."""
    if milestone_id is None:
        return None
    milestone = Milestone.objects.select_for_update().select_related("goal").get(pk=milestone_id)
    counts = (
        Task.objects.live()
        .filter(milestone=milestone)
        .exclude(status=TaskStatus.DROPPED)
        .aggregate(total=Count("pk"), open=Count("pk", filter=Q(status=TaskStatus.OPEN)))
    )
    finished = counts["total"] > 0 and counts["open"] == 0
    if finished and milestone.completed_at is None:
        milestone.completed_at = timezone.now()
        milestone.save(update_fields=["completed_at"])
        win, created = Win.objects.get_or_create(
            kind=WinKind.MILESTONE,
            milestone=milestone,
            defaults={
                "member_id": milestone.goal.member_id,
                "goal": milestone.goal,
                "title": f"Milestone reached: {milestone.title}",
                "won_on": today,
            },
        )
        return win if created else None
    if not finished and milestone.completed_at is not None:
        milestone.completed_at = None
        milestone.save(update_fields=["completed_at"])
    return None


# Tasks


def _next_task_position(goal_id: int, milestone_id: int | None) -> int:
    top = Task.objects.filter(goal_id=goal_id, milestone_id=milestone_id).aggregate(
        top=Max("position")
    )["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def task_create(
    *,
    goal: Goal,
    milestone: Milestone | None,
    title: str,
    due_date: date,
    effort_hours: Decimal,
    activity: str,
    today: date,
    notes: str = "",
    reflection: Reflection | None = None,
) -> Task:
    """Adds a task to a goal's plan. Added during a reflection, it is also written in the
    goal's history with the reflection named, so the reflection lists it among its changes."""
    task = Task(
        goal=goal,
        milestone=milestone,
        title=title,
        notes=notes,
        due_date=due_date,
        effort_hours=effort_hours,
        activity=activity,
        position=_next_task_position(goal.pk, milestone.pk if milestone else None),
    )
    task.full_clean()
    task.save()
    _milestone_refresh(task.milestone_id, today)
    if reflection is not None:
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        goal._change_reason = with_note("Added a task", reflection.change_note(task.title))
        _link_reflection(goal, reflection)
        goal.save()
    return task


@transaction.atomic
def task_update(
    *,
    task: Task,
    version: int,
    goal: Goal,
    milestone: Milestone | None,
    title: str,
    notes: str,
    due_date: date,
    effort_hours: Decimal,
    activity: str,
    today: date,
) -> Task:
    """Saves the edit form, unless the task changed since `version` was read (TaskConflict)."""
    # What is saved, not the instance a form may already have changed in memory.
    task = Task.objects.select_related("goal").get(pk=task.pk)
    if goal.member_id != task.goal.member_id:
        raise ValidationError({"goal": "A task can only move into one of your own goals."})
    edited = Task(
        pk=task.pk,
        goal=goal,
        milestone=milestone,
        title=title,
        notes=notes,
        due_date=due_date,
        effort_hours=effort_hours,
        activity=activity,
        position=task.position,
    )
    edited.full_clean(exclude=["position", "version", "status"], validate_unique=False)
    old_milestone_id = task.milestone_id
    values = {name: getattr(edited, name) for name in TASK_FORM_FIELDS}
    if goal.pk != task.goal_id or edited.milestone_id != old_milestone_id:
        values["position"] = _next_task_position(goal.pk, edited.milestone_id)
    saved = Task.objects.filter(pk=task.pk, version=version, deleted_at__isnull=True).change(
        **values
    )
    if not saved:
        raise TaskConflict(Task.objects.select_related("goal", "milestone").get(pk=task.pk))
    _milestone_refresh(old_milestone_id, today)
    if edited.milestone_id != old_milestone_id:
        _milestone_refresh(edited.milestone_id, today)
    return Task.objects.select_related("goal", "milestone").get(pk=task.pk)


@transaction.atomic
def task_dates_fit(*, task: Task, move: str) -> Milestone | Goal:
    """Moves the task's milestone (`move="milestone"`) or its goal's target date
    (`move="target"`) to the task's due date, so the task no longer falls after it."""
    if move == "milestone" and task.milestone_id is not None:
        milestone = Milestone.objects.select_for_update().get(pk=task.milestone_id)
        return milestone_update(milestone=milestone, title=milestone.title, due_date=task.due_date)
    if move == "target":
        return goal_update(
            goal=task.goal, target_date=task.due_date, change_note=f"to fit the task “{task}”"
        )
    raise ValidationError("Choose to move the task's milestone or its goal's target date.")


@transaction.atomic
def task_complete(*, task: Task, today: date) -> Outcome:
    if task.status == TaskStatus.DONE:
        return Outcome(task=task)
    task.status = TaskStatus.DONE
    task.completed_at = timezone.now()
    task.save(update_fields=["status", "completed_at", "updated_at"])
    return Outcome(task=task, win=_milestone_refresh(task.milestone_id, today))


@transaction.atomic
def task_reopen(*, task: Task, today: date) -> Task:
    """Back to the to-do list, whether it was done or dropped."""
    task.status = TaskStatus.OPEN
    task.completed_at = None
    task.save(update_fields=["status", "completed_at", "updated_at"])
    _milestone_refresh(task.milestone_id, today)
    return task


@transaction.atomic
def task_move(*, task: Task, direction: str) -> None:
    """Swaps a task with its neighbour under the same milestone; at either end it stays."""
    if direction not in ("up", "down"):
        raise ValidationError("Move a task up or down.")
    siblings = list(
        Task.objects.live()
        .filter(goal_id=task.goal_id, milestone_id=task.milestone_id)
        .select_for_update()
        .order_by("position", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == task.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    moved = []
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            moved.append(sibling)
    Task.objects.bulk_update(moved, ["position"])
    members_changed([task.goal.member_id])


def _undo_record(*, goal: Goal, action: UndoAction, label: str, payload: dict) -> Undo:
    return Undo.objects.create(
        member_id=goal.member_id, goal=goal, action=action, label=label, payload=payload
    )


@transaction.atomic
def task_delete(*, task: Task, today: date) -> Undo:
    task.deleted_at = timezone.now()
    task.save(update_fields=["deleted_at", "updated_at"])
    _milestone_refresh(task.milestone_id, today)
    return _undo_record(
        goal=task.goal,
        action=UndoAction.TASK_DELETE,
        label=f"Deleted “{task.title}”",
        payload={"task": task.pk},
    )


@transaction.atomic
def task_drop(*, task: Task, today: date) -> Undo:
    if task.status == TaskStatus.DROPPED:
        raise ValidationError(f"“{task}” is already dropped.")
    previous = task.status
    task.status = TaskStatus.DROPPED
    task.completed_at = None
    task.save(update_fields=["status", "completed_at", "updated_at"])
    _milestone_refresh(task.milestone_id, today)
    return _undo_record(
        goal=task.goal,
        action=UndoAction.TASK_DROP,
        label=f"Dropped “{task.title}”",
        payload={"task": task.pk, "status": previous},
    )


@transaction.atomic
def task_split(*, task: Task, today: date) -> Undo:
    """Halves a task's effort and puts the second half in a new task a week later."""
    if task.status != TaskStatus.OPEN:
        raise ValidationError("Only a task still to do can be split.")
    if not can_split(task.effort_hours):
        raise ValidationError("A task of less than half an hour cannot be split.")
    first, second = split_effort(task.effort_hours)
    original = {"title": task.title, "effort_hours": str(task.effort_hours)}
    Task.objects.filter(
        goal_id=task.goal_id, milestone_id=task.milestone_id, position__gt=task.position
    ).update(position=F("position") + 1)  # part_two's save below changes the member's pages
    part_two = Task.objects.create(
        goal_id=task.goal_id,
        milestone_id=task.milestone_id,
        title=f"{task.title} (part 2)",
        notes=task.notes,
        due_date=max(today, task.due_date) + timedelta(days=7),
        effort_hours=second,
        activity=task.activity,
        position=task.position + 1,
    )
    Task.objects.filter(pk=task.pk).change(title=f"{task.title} (part 1)"[:160], effort_hours=first)
    return _undo_record(
        goal=task.goal,
        action=UndoAction.TASK_SPLIT,
        label=f"Split “{task.title}” in two",
        payload={"task": task.pk, "part_two": part_two.pk, **original},
    )


@transaction.atomic
def tasks_reschedule_overdue(*, goal: Goal, today: date) -> Undo:
    """Moves each overdue task to a coming time-block day (else a week apart)."""
    overdue = list(goal.tasks.live().overdue(today).order_by("due_date", "position", "pk"))
    if not overdue:
        raise ValidationError("Nothing in this goal is overdue.")
    weekdays = TimeBlock.objects.filter(member_id=goal.member_id).values_list("weekday", flat=True)
    dates = catch_up_dates(len(overdue), today, weekdays)
    previous = {}
    for task, new_date in zip(overdue, dates, strict=True):
        previous[str(task.pk)] = task.due_date.isoformat()
        Task.objects.filter(pk=task.pk).change(due_date=new_date)
    count = len(overdue)
    return _undo_record(
        goal=goal,
        action=UndoAction.TASKS_RESCHEDULE,
        label=f"Rescheduled {count} overdue task{'s' if count != 1 else ''}",
        payload={"dates": previous},
    )


# Time blocks and the calendar feed


@transaction.atomic
def time_block_create(
    *,
    member: User,
    weekday: int,
    starts_at: time,
    ends_at: time,
    label: str = "",
    goal: Goal | None = None,
) -> TimeBlock:
    block = TimeBlock(
        member=member,
        weekday=weekday,
        starts_at=starts_at,
        ends_at=ends_at,
        label=label or TimeBlock._meta.get_field("label").default,
        goal=goal,
    )
    block.full_clean()
    block.save()
    return block


@transaction.atomic
def time_block_delete(*, block: TimeBlock) -> None:
    block.delete()


def time_blocks_rezone(*, member: User) -> int:
    """The member's zone changed: each block now falls at another moment, so calendars that
    subscribe must see it as changed."""
    return TimeBlock.objects.for_member(member).change()


@transaction.atomic
def catch_up_time_block_add(*, goal: Goal, weekday: int, starts_at: time, ends_at: time) -> Undo:
    block = time_block_create(
        member=goal.member,
        weekday=weekday,
        starts_at=starts_at,
        ends_at=ends_at,
        label=f"Catching up: {goal.title}"[: TimeBlock._meta.get_field("label").max_length],
        goal=goal,
    )
    return _undo_record(
        goal=goal,
        action=UndoAction.TIME_BLOCK_ADD,
        label=f"Added a time block: {block}",
        payload={"time_block": block.pk},
    )


@transaction.atomic
def calendar_feed_regenerate(*, member: User) -> CalendarFeed:
    """Gives the feed a new secret address; the old one stops working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(
        member=member, defaults={"token": new_feed_token()}
    )
    return feed


# Undo


@transaction.atomic
def undo_apply(*, undo: Undo, today: date) -> None:
    undo = Undo.objects.select_for_update().get(pk=undo.pk)
    if undo.undone_at is not None:
        raise ValidationError("That change was already undone.")
    payload = undo.payload
    touched: set[int | None] = set()
    match undo.action:
        case UndoAction.TASK_DELETE:
            tasks = Task.objects.filter(pk=payload["task"])
            touched.update(tasks.values_list("milestone_id", flat=True))
            tasks.change(deleted_at=None)
        case UndoAction.TASK_DROP:
            tasks = Task.objects.filter(pk=payload["task"])
            touched.update(tasks.values_list("milestone_id", flat=True))
            tasks.change(status=payload["status"])
        case UndoAction.TASK_SPLIT:
            tasks = Task.objects.filter(pk=payload["task"])
            touched.update(tasks.values_list("milestone_id", flat=True))
            Task.objects.filter(pk=payload["part_two"]).delete()
            tasks.change(title=payload["title"], effort_hours=Decimal(payload["effort_hours"]))
        case UndoAction.TASKS_RESCHEDULE:
            for pk, old_date in payload["dates"].items():
                Task.objects.filter(pk=int(pk)).change(due_date=date.fromisoformat(old_date))
        case UndoAction.TASK_ADD:
            tasks = Task.objects.filter(pk__in=payload["tasks"], goal_id=undo.goal_id)
            touched.update(tasks.values_list("milestone_id", flat=True))
            tasks.change(deleted_at=timezone.now())
        case UndoAction.TIME_BLOCK_ADD:
            TimeBlock.objects.filter(pk=payload["time_block"], member_id=undo.member_id).delete()
    for milestone_id in touched:
        _milestone_refresh(milestone_id, today)
    undo.undone_at = timezone.now()
    undo.save(update_fields=["undone_at"])


# Journal and wins


def _check_own_goal(member: User, goal: Goal | None) -> None:
    if goal is not None and goal.member_id != member.pk:
        raise ValidationError({"goal": "Choose one of your own goals."})


@transaction.atomic
def journal_entry_create(
    *, member: User, goal: Goal | None, written_on: date, body: str
) -> JournalEntry:
    _check_own_goal(member, goal)
    entry = JournalEntry(member=member, goal=goal, written_on=written_on, body=body)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def journal_entry_update(
    *, entry: JournalEntry, goal: Goal | None, written_on: date, body: str
) -> JournalEntry:
    _check_own_goal(entry.member, goal)
    entry.goal = goal
    entry.written_on = written_on
    entry.body = body
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def journal_entry_delete(*, entry: JournalEntry) -> None:
    entry.delete()


@transaction.atomic
def win_create(
    *, member: User, kind: str, title: str, won_on: date, notes: str = "", goal: Goal | None = None
) -> Win:
    _check_own_goal(member, goal)
    if kind in (WinKind.MILESTONE, WinKind.GOAL):
        raise ValidationError({"kind": "Milestone and goal wins are recorded for you."})
    win = Win(member=member, kind=kind, title=title, notes=notes, won_on=won_on, goal=goal)
    win.full_clean()
    win.save()
    return win


@transaction.atomic
def win_delete(*, win: Win) -> None:
    win.delete()


# Reflections


@transaction.atomic
def reflection_open(*, member: User, period: Period, today: date) -> Reflection:
    """The member's reflection on the period: the one already begun, else a new draft."""
    Reflection.check_period(member, period, today)
    existing = Reflection.objects.for_member(member).of_period(period).first()
    if existing is not None:
        return existing
    reflection = Reflection(
        member=member, cadence=period.cadence, period_start=period.start, period_end=period.end
    )
    reflection.full_clean(exclude=["member"], validate_unique=False)
    try:
        # Two tabs opening the same period at once still make one reflection.
        with transaction.atomic():
            reflection.save()
    except IntegrityError:
        return Reflection.objects.for_member(member).of_period(period).get()
    return reflection


@transaction.atomic
def reflection_save(
    *,
    reflection: Reflection,
    what_worked: str,
    what_got_in_the_way: str,
    what_to_change: str,
    confidence: int | None,
    complete: bool = False,
) -> Reflection:
    """Saves the answers as they stand. Completing asks for the confidence rating and at least
    one written answer; a completed reflection stays completed when its answers change."""
    reflection.what_worked = what_worked
    reflection.what_got_in_the_way = what_got_in_the_way
    reflection.what_to_change = what_to_change
    reflection.confidence = confidence
    if complete:
        errors = {}
        if confidence is None:
            errors["confidence"] = "Choose how confident you feel before you finish."
        written = (what_worked, what_got_in_the_way, what_to_change)
        if not any(answer.strip() for answer in written):
            errors["what_worked"] = "Write at least one answer before you finish."
        if errors:
            raise ValidationError(errors)
        if reflection.completed_at is None:
            reflection.completed_at = timezone.now()
    reflection.full_clean(exclude=["member"], validate_unique=False)
    reflection.save()
    return reflection
