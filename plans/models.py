"""Goals, their action plans and the work that carries them out.

Reads are chainable QuerySet methods; rules about one object live on its model;
writes go through plans.services.
"""

import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from careerdev.validators import validate_single_line
from plans.periods import Cadence, Period
from plans.schedule import Progress, week_end

if TYPE_CHECKING:
    from careerdev.models import User
    from plans.library import CareerPath

MIN_EFFORT = Decimal("0.25")
MAX_EFFORT = Decimal("200")
ZERO_HOURS = Value(Decimal("0"), output_field=DecimalField(max_digits=9, decimal_places=2))


def day(goal: "Goal") -> str:
    """The goal's start date as people write it, e.g. 3 Mar 2026."""
    return f"{goal.start_date.day} {goal.start_date:%b %Y}"


class GoalKind(models.TextChoices):
    SKILLS = "skills", "Skills development"
    ADVANCEMENT = "advancement", "Career advancement"
    CHANGE = "change", "Career change"


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ACHIEVED = "achieved", "Achieved"
    PAUSED = "paused", "Paused"
    DROPPED = "dropped", "Dropped"


FORMAL_ACTIVITIES = (
    ("training", "Training programme"),
    ("course", "Course or degree"),
    ("certification", "Certification"),
    ("workshop", "Workshop"),
    ("seminar", "Seminar"),
    ("conference", "Conference"),
)
INFORMAL_ACTIVITIES = (
    ("mentorship", "Mentorship"),
    ("networking", "Networking"),
    ("online_course", "Online course"),
    ("internship", "Internship"),
    ("volunteering", "Volunteering"),
    ("stretch_project", "Stretch project"),
    ("side_project", "Side project"),
    ("professional_body", "Professional organisation"),
    ("trade_reading", "Trade reading"),
)
OTHER_ACTIVITIES = (("other", "Other work"),)
ACTIVITY_CHOICES = [
    ("Formal development", FORMAL_ACTIVITIES),
    ("Informal development", INFORMAL_ACTIVITIES),
    ("Other", OTHER_ACTIVITIES),
]
FORMAL_ACTIVITY_SLUGS = frozenset(slug for slug, _ in FORMAL_ACTIVITIES)
INFORMAL_ACTIVITY_SLUGS = frozenset(slug for slug, _ in INFORMAL_ACTIVITIES)


class TaskStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


# The fields a member writes on the goal form, in form order.
GOAL_FIELDS = ("kind", "title", "why", "measure", "start_date", "target_date")


class GoalQuerySet(models.QuerySet["Goal"]):
    def for_member(self, member: "User") -> Self:
        return self.filter(member=member)

    def active(self) -> Self:
        return self.filter(status=GoalStatus.ACTIVE)

    def from_path(self, slug: str) -> Self:
        return self.filter(path_slug=slug)

    def with_progress(self, today: date) -> Self:
        """Annotates total, done and expected hours of each goal's live tasks (one query)."""
        counted = Q(tasks__deleted_at__isnull=True) & ~Q(tasks__status=TaskStatus.DROPPED)
        expected = counted & (Q(tasks__due_date__lt=today) | Q(target_date__lt=today))
        return self.annotate(
            total_hours=Coalesce(Sum("tasks__effort_hours", filter=counted), ZERO_HOURS),
            done_hours=Coalesce(
                Sum("tasks__effort_hours", filter=counted & Q(tasks__status=TaskStatus.DONE)),
                ZERO_HOURS,
            ),
            expected_hours=Coalesce(Sum("tasks__effort_hours", filter=expected), ZERO_HOURS),
        )

    def in_display_order(self) -> Self:
        return self.order_by("target_date", "-created_at", "pk")

    def of_period(self, last: date, start: datetime) -> Self:
        """Goals under way at some time in a period: started by its last day, and not achieved
        or dropped before it began (`start` is its first moment)."""
        closed = [GoalStatus.ACHIEVED, GoalStatus.DROPPED]
        closed_before = Q(status__in=closed, updated_at__lt=start)
        return self.filter(start_date__lte=last).exclude(closed_before)

    def with_period_activity(
        self, *, start: datetime, end: datetime, first: date, last: date, today: date
    ) -> Self:
        """Annotates each goal's work in a period (`start` to `end`, its first and last days):
        tasks done and their hours, tasks due and not done, and the hours done by its end."""
        live = Q(tasks__deleted_at__isnull=True)
        done = live & Q(tasks__status=TaskStatus.DONE)
        done_in = done & Q(tasks__completed_at__gte=start, tasks__completed_at__lt=end)
        missed = live & Q(
            tasks__status=TaskStatus.OPEN,
            tasks__due_date__gte=first,
            tasks__due_date__lte=last,
            tasks__due_date__lt=today,
        )
        return self.annotate(
            period_done_tasks=Count("tasks", filter=done_in),
            period_done_hours=Coalesce(Sum("tasks__effort_hours", filter=done_in), ZERO_HOURS),
            period_missed_tasks=Count("tasks", filter=missed),
            done_by_end_hours=Coalesce(
                Sum("tasks__effort_hours", filter=done & Q(tasks__completed_at__lt=end)),
                ZERO_HOURS,
            ),
        )

    def step_counts(self, today: date) -> dict[str, int | Decimal]:
        """What the dashboard's goal, planning and implementation steps report, in one query.

        The rows (a member's goals joined to their tasks, a few dozen) are counted here: an
        aggregate of ten filtered counts took longer to build in the ORM than to run.
        """
        rows = self.order_by().values_list(
            "pk",
            "status",
            "tasks__status",
            "tasks__due_date",
            "tasks__effort_hours",
            "tasks__deleted_at",
        )
        counts: dict[str, int | Decimal] = dict.fromkeys(
            (
                "live_tasks",
                "open_tasks",
                "overdue_tasks",
                "due_this_week",
                "done_tasks",
            ),
            0,
        )
        total_hours = done_hours = Decimal("0")
        goals: dict[int, str] = {}
        week_last = week_end(today)
        for goal_pk, goal_status, status, due, hours, deleted_at in rows:
            goals[goal_pk] = goal_status
            if status is None or deleted_at is not None or status == TaskStatus.DROPPED:
                continue
            counts["live_tasks"] += 1
            total_hours += hours or 0
            if status == TaskStatus.DONE:
                counts["done_tasks"] += 1
                done_hours += hours or 0
            elif status == TaskStatus.OPEN and goal_status == GoalStatus.ACTIVE:
                counts["open_tasks"] += 1
                if due is not None and due < today:
                    counts["overdue_tasks"] += 1
                elif due is not None and today <= due <= week_last:
                    counts["due_this_week"] += 1
        statuses = list(goals.values())
        return {
            "goals": len(statuses),
            "active_goals": statuses.count(GoalStatus.ACTIVE),
            "achieved_goals": statuses.count(GoalStatus.ACHIEVED),
            **counts,
            "total_hours": total_hours,
            "done_hours": done_hours,
        }


class GoalChangeContext(models.Model):
    """What each record of a goal's history carries beyond the goal's fields: the reflection
    the change was made in, if any."""

    reflection = models.ForeignKey(
        "plans.Reflection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goal_changes",
    )

    class Meta:
        abstract = True


class Goal(models.Model):
    """Something a member sets out to achieve, with why it matters and how they will know."""

    # Indexed first in plans_goal_member_status, so no index of its own.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals", db_index=False
    )
    kind = models.CharField(max_length=20, choices=GoalKind.choices, default=GoalKind.SKILLS)
    title = models.CharField(max_length=160, validators=[validate_single_line])
    why = models.TextField("why it matters", blank=True)
    measure = models.TextField("how success is measured", blank=True)
    start_date = models.DateField()
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    # The career path (plans/data/paths.yaml) the goal was adopted from, if any; set once.
    path_slug = models.SlugField(max_length=80, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "path_slug"],
        bases=[GoalChangeContext],
        # The reason holds the changed fields' names and the member's own note: it can be long.
        history_change_reason_field=models.TextField(null=True),
    )
    objects = GoalQuerySet.as_manager()

    # Set by GoalQuerySet.with_progress().
    total_hours: Decimal
    done_hours: Decimal
    expected_hours: Decimal

    class Meta:
        indexes: ClassVar = [
            models.Index(
                fields=["member", "status", "target_date"], name="plans_goal_member_status"
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(target_date__isnull=True) | Q(target_date__gte=models.F("start_date")),
                name="plans_goal_target_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:goal_detail", args=[self.pk])

    def clean(self) -> None:
        if self.target_date and self.start_date and self.target_date < self.start_date:
            raise ValidationError(
                {"target_date": "The target date must be on or after the start date."}
            )

    @property
    def progress(self) -> Progress:
        return Progress(
            total_hours=getattr(self, "total_hours", Decimal(0)),
            done_hours=getattr(self, "done_hours", Decimal(0)),
            expected_hours=getattr(self, "expected_hours", Decimal(0)),
        )

    @property
    def progress_by_period_end(self) -> Progress:
        """Progress of today's plan as it stood at the end of a period
        (GoalQuerySet.with_period_activity with with_progress)."""
        return Progress(
            total_hours=getattr(self, "total_hours", Decimal(0)),
            done_hours=getattr(self, "done_by_end_hours", Decimal(0)),
            expected_hours=Decimal(0),
        )

    @property
    def career_path(self) -> "CareerPath | None":
        """The path the goal came from, while the library still lists it."""
        from plans.library import library

        return library().path(self.path_slug) if self.path_slug else None

    @property
    def is_active(self) -> bool:
        return self.status == GoalStatus.ACTIVE

    @property
    def is_adjustable(self) -> bool:
        """Still being worked on, or paused: its dates and wording can still change."""
        return self.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)

    @property
    def is_behind(self) -> bool:
        return self.is_active and self.progress.is_behind


def _link_change_to_reflection(sender: type, instance: Goal, history_instance, **kwargs) -> None:
    # Set by plans.services when a change is made from a reflection.
    history_instance.reflection_id = getattr(instance, "_change_reflection_id", None)


pre_create_historical_record.connect(
    _link_change_to_reflection, sender=Goal.history.model, dispatch_uid="plans.goal_change_link"
)


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def for_member(self, member: "User") -> Self:
        return self.filter(goal__member=member)


class Milestone(models.Model):
    """A checkpoint in a goal's plan; reached when all its tasks are done."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="milestones", db_index=False
    )
    title = models.CharField(max_length=160, validators=[validate_single_line])
    due_date = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ("position", "pk")
        indexes: ClassVar = [models.Index(fields=["goal", "position"], name="plans_ms_goal_pos")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        goal = self.goal if self.goal_id else None
        if goal and self.due_date and self.due_date < goal.start_date:
            raise ValidationError(
                {"due_date": f"A milestone cannot be due before the goal starts ({day(goal)})."}
            )


class TaskQuerySet(models.QuerySet["Task"]):
    def for_member(self, member: "User") -> Self:
        return self.filter(goal__member=member)

    def change(self, **values: object) -> int:
        """Saves an edit in one query: the version grows (a stale form, or a calendar, can
        tell) and updated_at moves, which update() alone would leave behind."""
        from careerdev.fragments import members_changed

        members_changed(self.values("goal__member_id"))
        return self.update(**values, version=F("version") + 1, updated_at=timezone.now())

    def live(self) -> Self:
        return self.filter(deleted_at__isnull=True)

    def open(self) -> Self:
        return self.filter(status=TaskStatus.OPEN)

    def of_active_goals(self) -> Self:
        return self.filter(goal__status=GoalStatus.ACTIVE)

    def overdue(self, today: date) -> Self:
        return self.open().filter(due_date__lt=today)

    def due_between(self, first: date, last: date) -> Self:
        return self.open().filter(due_date__gte=first, due_date__lte=last)

    def in_plan_order(self) -> Self:
        return self.order_by(
            models.F("milestone__position").asc(nulls_last=True), "milestone_id", "position", "pk"
        )

    def by_due_date(self) -> Self:
        return self.order_by("due_date", "position", "pk")

    def done(self) -> Self:
        return self.filter(status=TaskStatus.DONE)

    def completed_between(self, start: datetime, end: datetime) -> Self:
        """Done from `start` up to (not including) `end`."""
        return self.done().filter(completed_at__gte=start, completed_at__lt=end)

    def missed_between(self, first: date, last: date, today: date) -> Self:
        """Due from `first` to `last` (both included), before today, and still not done."""
        return self.open().filter(due_date__gte=first, due_date__lte=last, due_date__lt=today)


class Task(models.Model):
    """A dated piece of development work with an effort estimate."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="tasks", db_index=False)
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(max_length=160, validators=[validate_single_line])
    notes = models.TextField(blank=True)
    due_date = models.DateField()
    effort_hours = models.DecimalField(
        "effort (hours)",
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(MIN_EFFORT, "Effort must be at least a quarter of an hour (0.25)."),
            MaxValueValidator(
                MAX_EFFORT, "More than 200 hours is a project, not a task: split it up."
            ),
        ],
    )
    activity = models.CharField("kind of activity", max_length=20, choices=ACTIVITY_CHOICES)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Counts changes to the fields the edit form holds, so a stale tab cannot overwrite them;
    # the calendar feed gives it as the event's SEQUENCE.
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["goal", "milestone", "position"], name="plans_task_plan_order"),
            models.Index(
                fields=["goal", "due_date"],
                condition=Q(deleted_at__isnull=True, status="open"),
                name="plans_task_open_due",
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(effort_hours__gte=MIN_EFFORT) & Q(effort_hours__lte=MAX_EFFORT),
                name="plans_task_effort_sensible",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('plans:goal_detail', args=[self.goal_id])}#task-{self.pk}"

    def clean(self) -> None:
        errors = {}
        goal = self.goal if self.goal_id else None
        if goal and self.due_date and self.due_date < goal.start_date:
            errors["due_date"] = f"The due date cannot be before the goal starts ({day(goal)})."
        if goal and self.milestone_id and self.milestone.goal_id != goal.pk:
            errors["milestone"] = (
                f"That milestone belongs to another goal: choose one of “{goal}”'s "
                "milestones, or none."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_done(self) -> bool:
        return self.status == TaskStatus.DONE

    @property
    def is_dropped(self) -> bool:
        return self.status == TaskStatus.DROPPED

    @property
    def is_formal(self) -> bool:
        return self.activity in FORMAL_ACTIVITY_SLUGS

    @property
    def is_informal(self) -> bool:
        return self.activity in INFORMAL_ACTIVITY_SLUGS

    def is_overdue(self, today: date) -> bool:
        return self.status == TaskStatus.OPEN and self.due_date < today

    @property
    def is_due_after_milestone(self) -> bool:
        """Still to do, and due after its milestone is (reads the milestone: load it first)."""
        return (
            self.status == TaskStatus.OPEN
            and self.milestone_id is not None
            and self.milestone.due_date is not None
            and self.due_date > self.milestone.due_date
        )

    @property
    def is_due_after_target(self) -> bool:
        """Still to do, and due after its goal's target date (reads the goal: load it first)."""
        return (
            self.status == TaskStatus.OPEN
            and self.goal.target_date is not None
            and self.due_date > self.goal.target_date
        )


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class TimeBlockQuerySet(models.QuerySet["TimeBlock"]):
    def for_member(self, member: "User") -> Self:
        return self.filter(member=member)

    def in_week_order(self) -> Self:
        return self.order_by("weekday", "starts_at", "pk")

    def weekly_hours(self) -> Decimal:
        """Hours a week these blocks give, with overlapping time counted once (one query)."""
        from plans.schedule import weekly_hours

        return weekly_hours(self.values_list("weekday", "starts_at", "ends_at"))

    def change(self, **values: object) -> int:
        """Saves a change to what the calendar shows: the version grows and updated_at moves."""
        from careerdev.fragments import members_changed

        members_changed(self.values("member_id"))
        return self.update(**values, version=F("version") + 1, updated_at=timezone.now())


class TimeBlock(models.Model):
    """A weekly slot for development work, in the member's own time zone."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="time_blocks",
        db_index=False,
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField("starts")
    ends_at = models.TimeField("ends")
    label = models.CharField(
        max_length=80, default="Career development time", validators=[validate_single_line]
    )
    # The goal the time is for; without one it serves all of the member's active goals.
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="time_blocks"
    )
    # Counts changes to when the block falls (the member's zone too): the calendar's SEQUENCE.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TimeBlockQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["member", "weekday", "starts_at"], name="plans_block_member_week")
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="plans_block_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": "The block must end after it starts, on the same day."}
            )
        if self.goal_id and self.member_id and self.goal.member_id != self.member_id:
            raise ValidationError({"goal": "Choose one of your own goals."})

    @property
    def hours(self) -> Decimal:
        minutes = (self.ends_at.hour * 60 + self.ends_at.minute) - (
            self.starts_at.hour * 60 + self.starts_at.minute
        )
        return Decimal(minutes) / 60


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a member's calendar feed; a new token retires the old one."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.member}"

    def get_absolute_url(self) -> str:
        return reverse("plans:calendar_feed", args=[self.token])


class JournalEntryQuerySet(models.QuerySet["JournalEntry"]):
    def for_member(self, member: "User") -> Self:
        return self.filter(member=member)

    def written_between(self, first: date, last: date) -> Self:
        return self.filter(written_on__gte=first, written_on__lte=last)

    def newest_first(self) -> Self:
        return self.order_by("-written_on", "-created_at", "-pk")


class JournalEntry(models.Model):
    """A note of progress, linked to a goal or not."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="journal_entries",
        db_index=False,
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
        db_index=False,
    )
    written_on = models.DateField("date")
    body = models.TextField("what happened")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "journal entries"
        indexes: ClassVar = [
            models.Index(
                fields=["member", "-written_on", "-created_at"], name="plans_journal_recent"
            ),
            models.Index(fields=["goal", "-written_on"], name="plans_journal_goal"),
        ]

    def __str__(self) -> str:
        return f"{self.written_on}: {self.body[:40]}"


class WinKind(models.TextChoices):
    MILESTONE = "milestone", "Milestone reached"
    GOAL = "goal", "Goal achieved"
    CERTIFICATION = "certification", "Certification"
    NEW_JOB = "new_job", "New job or role"
    CONNECTION = "connection", "New connection"
    OTHER = "other", "Other win"


HAND_LOGGED_WIN_KINDS = [
    (kind.value, kind.label)
    for kind in (WinKind.CERTIFICATION, WinKind.NEW_JOB, WinKind.CONNECTION, WinKind.OTHER)
]


class WinQuerySet(models.QuerySet["Win"]):
    def for_member(self, member: "User") -> Self:
        return self.filter(member=member)

    def won_between(self, first: date, last: date) -> Self:
        return self.filter(won_on__gte=first, won_on__lte=last)

    def newest_first(self) -> Self:
        return self.order_by("-won_on", "-created_at", "-pk")


class Win(models.Model):
    """Something worth celebrating: recorded when a milestone or goal is finished, or by hand."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wins", db_index=False
    )
    kind = models.CharField(max_length=20, choices=WinKind.choices)
    title = models.CharField(max_length=160, validators=[validate_single_line])
    notes = models.TextField(blank=True)
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="wins"
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="wins"
    )
    won_on = models.DateField("date")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WinQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["member", "-won_on", "-created_at"], name="plans_win_recent")
        ]
        constraints: ClassVar = [
            # Reaching the same milestone or goal twice is still one win.
            models.UniqueConstraint(
                fields=["milestone"],
                condition=Q(kind="milestone"),
                name="plans_win_one_per_milestone",
            ),
            models.UniqueConstraint(
                fields=["goal"], condition=Q(kind="goal"), name="plans_win_one_per_goal"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class UndoAction(models.TextChoices):
    TASK_DELETE = "task_delete", "Task deleted"
    TASK_DROP = "task_drop", "Task dropped"
    TASK_SPLIT = "task_split", "Task split"
    TASKS_RESCHEDULE = "tasks_reschedule", "Overdue tasks rescheduled"
    TIME_BLOCK_ADD = "time_block_add", "Time block added"
    TASK_ADD = "task_add", "Tasks added"


class UndoQuerySet(models.QuerySet["Undo"]):
    def for_member(self, member: "User") -> Self:
        return self.filter(member=member)

    def pending(self) -> Self:
        return self.filter(undone_at__isnull=True)


class Undo(models.Model):
    """The way back from one change: what it was and what to restore."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=UndoAction.choices)
    label = models.CharField(max_length=240)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = UndoQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["member", "goal", "-created_at"], name="plans_undo_recent")
        ]

    def __str__(self) -> str:
        return self.label


class Confidence(models.IntegerChoices):
    NOT_AT_ALL = 1, "Not confident"
    SLIGHTLY = 2, "Slightly confident"
    SOMEWHAT = 3, "Somewhat confident"
    QUITE = 4, "Quite confident"
    VERY = 5, "Very confident"


class ReflectionQuerySet(models.QuerySet["Reflection"]):
    def for_member(self, member: "User") -> Self:
        return self.filter(member=member)

    def completed(self) -> Self:
        return self.filter(completed_at__isnull=False)

    def drafts(self) -> Self:
        return self.filter(completed_at__isnull=True)

    def of_period(self, period: Period) -> Self:
        return self.filter(cadence=period.cadence, period_start=period.start)

    def of_periods(self, periods: "list[Period]") -> Self:
        matches = Q(pk__in=[])
        for period in periods:
            matches |= Q(cadence=period.cadence, period_start=period.start)
        return self.filter(matches)

    def newest_first(self) -> Self:
        """Latest period end first; for the same end, the longer period (the year) first."""
        return self.order_by("-period_end", "period_start", "-pk")


class Reflection(models.Model):
    """A member's look back at one month, quarter or year, and what they mean to change."""

    # Indexed first in plans_reflection_period, so no index of its own.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflections",
        db_index=False,
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices)
    period_start = models.DateField()
    # Kept beside the start so lists sort by when a period ended.
    period_end = models.DateField()
    what_worked = models.TextField("what worked", blank=True)
    what_got_in_the_way = models.TextField("what got in the way", blank=True)
    what_to_change = models.TextField("what to change", blank=True)
    confidence = models.PositiveSmallIntegerField(
        "how confident you feel", choices=Confidence.choices, null=True, blank=True
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ReflectionQuerySet.as_manager()

    ANSWER_FIELDS = ("what_worked", "what_got_in_the_way", "what_to_change", "confidence")

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["member", "-period_end"], name="plans_reflection_recent"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member", "cadence", "period_start"], name="plans_reflection_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="plans_reflection_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=1, confidence__lte=5),
                name="plans_reflection_confidence_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:reflection_detail", args=[self.pk])

    def clean(self) -> None:
        try:
            period = self.period
        except ValueError as error:
            raise ValidationError({"period_start": str(error)}) from None
        if self.period_end != period.end:
            raise ValidationError({"period_end": f"The {period.noun} ends on {period.end}."})

    @property
    def period(self) -> Period:
        return Period(Cadence(self.cadence), self.period_start)

    @staticmethod
    def check_period(member: "User", period: Period, today: date) -> None:
        """Refuses a period the member cannot reflect on: one not begun yet, or one that was
        over before they joined."""
        if not period.has_started(today):
            raise ValidationError(f"{period.label} has not started yet: reflect on it once it has.")
        joined = member.joined_on
        if period.end < joined:
            raise ValidationError(
                f"{period.label} was over before you joined careerdev on "
                f"{joined.day} {joined:%B %Y}: there is nothing of it to look back on."
            )

    @property
    def title(self) -> str:
        """Monthly reflection on November 2025."""
        return f"{self.get_cadence_display()} reflection on {self.period.label}"

    @property
    def title_in_sentence(self) -> str:
        """monthly reflection on November 2025."""
        return f"{self.get_cadence_display().lower()} reflection on {self.period.label}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def has_answers(self) -> bool:
        return bool(
            self.what_worked.strip()
            or self.what_got_in_the_way.strip()
            or self.what_to_change.strip()
            or self.confidence
        )

    def change_note(self, typed: str = "") -> str:
        """Why a goal changed during this reflection, for the goal's history."""
        typed = typed.strip()
        return f"{typed} ({self.title_in_sentence})" if typed else self.title


class QuickStartQuerySet(models.QuerySet["QuickStart"]):
    def for_member(self, member: "User") -> "QuickStartQuerySet":
        return self.filter(member=member)

    def settled(self) -> "QuickStartQuerySet":
        """Finished with a saved goal, or put aside by the member."""
        return self.filter(Q(finished_at__isnull=False) | Q(dismissed_at__isnull=False))


class QuickStart(models.Model):
    """A member's guided first visit, kept on the server so it survives reload and Back.

    The roles live in the member's CareerDirection and the ratings in a skills attempt;
    this row holds only what the quick start asks on its own way there.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quick_start"
    )
    # The short interests check, 1-5 by RIASEC letter, for someone who has no target yet.
    interests = models.JSONField(default=dict, blank=True)
    hours_a_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    attempt = models.ForeignKey(
        "assessments.Attempt", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[QuickStartQuerySet] = QuickStartQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Quick start of {self.member_id}"

    @property
    def is_settled(self) -> bool:
        return self.finished_at is not None or self.dismissed_at is not None
