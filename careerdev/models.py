import calendar
import logging
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from careerdev.schedules import Cadence, Rule, next_occurrence
from careerdev.validators import validate_single_line

log = logging.getLogger(__name__)


@cache
def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The time zone of that name, or UTC for one this system does not know."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        log.warning("Unknown time zone %r; using UTC.", name)
        return zoneinfo.ZoneInfo("UTC")


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
    return [(name, name.replace("_", " ")) for name in names]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone we know.")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person using careerdev: a member, and perhaps a mentor to others."""

    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(max_length=80, blank=True, validators=[validate_single_line])
    time_zone = models.CharField(
        max_length=64, default="UTC", choices=time_zone_choices, validators=[validate_time_zone]
    )
    current_role = models.CharField(
        max_length=120,
        blank=True,
        validators=[validate_single_line],
        help_text="The job or role you hold now.",
    )
    target_role = models.CharField(
        max_length=120,
        blank=True,
        validators=[validate_single_line],
        help_text="The role you are working towards.",
    )
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Goes up with every write to what the member's pages show: their cached pages are keyed
    # by it (careerdev/fragments.py). Read with the user on every request, so it costs nothing.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """Where the member's dates and reminders are reckoned."""
        return zone_named(self.time_zone)

    @property
    def joined_on(self) -> date:
        """The day the member joined, in their own time zone."""
        return self.date_joined.astimezone(self.zone).date()

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@")[0]


class Topic(models.TextChoices):
    """What an e-mail is about. Each can be stopped from the e-mail itself, in one click."""

    REFLECTION_MONTHLY = "reflection-monthly", "monthly reflection reminders"
    REFLECTION_QUARTERLY = "reflection-quarterly", "quarterly reflection reminders"
    REFLECTION_YEARLY = "reflection-yearly", "yearly reflection reminders"
    WEEKLY_DIGEST = "weekly-digest", "the weekly digest"
    MENTOR_COMMENTS = "mentor-comments", "notices when a mentor comments"
    PROGRAMME_CHECKINS = "programme-checkins", "your programmes' check-in reminders"


# Delivery kinds that core's own schedules produce; apps register what each e-mail says.
KIND_REFLECTION_REMINDER = "reflection_reminder"
KIND_WEEKLY_DIGEST = "weekly_digest"


@dataclass(frozen=True)
class ScheduleDefaults:
    """A scheduled topic: its cadence, what it sends, and where a new member starts."""

    cadence: Cadence
    kind: str
    enabled: bool
    day: int
    hour: int
    month: int = 1


# Defaults: one gentle monthly reflection nudge, on; everything more frequent is opt-in.
SCHEDULED_TOPICS: dict[str, ScheduleDefaults] = {
    Topic.REFLECTION_MONTHLY: ScheduleDefaults(
        Cadence.MONTHLY, KIND_REFLECTION_REMINDER, enabled=True, day=1, hour=9
    ),
    Topic.REFLECTION_QUARTERLY: ScheduleDefaults(
        Cadence.QUARTERLY, KIND_REFLECTION_REMINDER, enabled=False, day=1, hour=9
    ),
    Topic.REFLECTION_YEARLY: ScheduleDefaults(
        Cadence.YEARLY, KIND_REFLECTION_REMINDER, enabled=False, day=2, hour=9, month=1
    ),
    Topic.WEEKLY_DIGEST: ScheduleDefaults(
        Cadence.WEEKLY, KIND_WEEKLY_DIGEST, enabled=False, day=0, hour=8
    ),
}

REFLECTION_TOPICS = [
    topic
    for topic, defaults in SCHEDULED_TOPICS.items()
    if defaults.kind == KIND_REFLECTION_REMINDER
]


class ReminderScheduleQuerySet(models.QuerySet["ReminderSchedule"]):
    def for_member(self, member: User) -> "ReminderScheduleQuerySet":
        return self.filter(member=member)

    def enabled(self) -> "ReminderScheduleQuerySet":
        return self.filter(enabled=True)

    def reflections(self) -> "ReminderScheduleQuerySet":
        return self.filter(topic__in=REFLECTION_TOPICS)

    def due(self, now: datetime) -> "ReminderScheduleQuerySet":
        return self.filter(enabled=True, next_run_at__lte=now)


class ReminderSchedule(models.Model):
    """One member's recurring e-mail on one topic, with its next time kept in UTC."""

    # reminder_one_per_topic's index starts with member: no index of its own needed.
    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="reminder_schedules", db_index=False
    )
    topic = models.CharField(
        max_length=32, choices=[(topic, Topic(topic).label) for topic in SCHEDULED_TOPICS]
    )
    enabled = models.BooleanField(default=True)
    day = models.PositiveSmallIntegerField(
        help_text="Day of the month (1-31), or weekday (0 Monday to 6 Sunday) for weekly."
    )
    month = models.PositiveSmallIntegerField(
        default=1, help_text="Yearly: the month. Quarterly: any month of the quarters."
    )
    hour = models.PositiveSmallIntegerField(help_text="Hour of the day, in the member's zone.")
    next_run_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReminderScheduleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="reminder_one_per_topic"),
            models.CheckConstraint(
                condition=Q(hour__lte=23, day__lte=31, month__gte=1, month__lte=12),
                name="reminder_time_in_range",
            ),
            models.CheckConstraint(
                condition=Q(enabled=False) | Q(next_run_at__isnull=False),
                name="reminder_enabled_has_next_run",
            ),
        ]
        indexes = [
            # The sweep's only question: which enabled schedules are due.
            models.Index(
                fields=["next_run_at"], condition=Q(enabled=True), name="reminder_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} for {self.member_id}"

    @property
    def defaults(self) -> ScheduleDefaults:
        return SCHEDULED_TOPICS[self.topic]

    @property
    def kind(self) -> str:
        return self.defaults.kind

    @property
    def rule(self) -> Rule:
        return self.rule_for(self.topic, day=self.day, hour=self.hour, month=self.month)

    @staticmethod
    def rule_for(topic: str, *, day: int, hour: int, month: int) -> Rule:
        return Rule(SCHEDULED_TOPICS[topic].cadence, day, time(hour), month=month)

    def next_after(self, moment: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
        return next_occurrence(self.rule, after=moment, zone=zone)

    def describe(self) -> str:
        """The rule in words, e.g. "on the 1st of each month at 09:00"."""
        at = f"{self.hour:02d}:00"
        cadence = self.defaults.cadence
        if cadence is Cadence.WEEKLY:
            return f"every {calendar.day_name[self.day]} at {at}"
        day = ordinal(self.day)
        if cadence is Cadence.MONTHLY:
            return f"on the {day} of each month at {at}"
        if cadence is Cadence.QUARTERLY:
            months = [calendar.month_name[(self.month - 1) % 3 + 1 + 3 * i] for i in range(4)]
            return f"on the {day} of {', '.join(months[:3])} and {months[3]} at {at}"
        return f"every year on the {day} of {calendar.month_name[self.month]} at {at}"


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def for_member(self, member: User) -> "DeliveryQuerySet":
        return self.filter(member=member)

    def pending(self) -> "DeliveryQuerySet":
        return self.filter(status=Delivery.Status.PENDING)

    def to_dispatch(self, now: datetime) -> "DeliveryQuerySet":
        return self.filter(status=Delivery.Status.PENDING, dispatch_at__lte=now)

    def stale_claims(self, claimed_before: datetime) -> "DeliveryQuerySet":
        """Claimed and never settled: the worker stopped, or lost the database before it
        could hand the delivery back."""
        return self.filter(status=Delivery.Status.SENDING, claimed_at__lt=claimed_before)

    def stuck(self, *, claimed_before: datetime, due_before: datetime) -> "DeliveryQuerySet":
        """What should have gone out and has not: a stale claim, or a delivery still pending
        long after it was due."""
        return self.filter(
            Q(status=Delivery.Status.SENDING, claimed_at__lt=claimed_before)
            | Q(status=Delivery.Status.PENDING, send_after__lt=due_before)
        )


class Delivery(models.Model):
    """One e-mail to send (the outbox): from a schedule's occurrence, or one-off and batched.

    pending -> sending -> sent, or skipped (unsubscribed, nothing to say) or failed. Only the
    worker that moves it from pending to sending sends it, and marks it sent right after.
    Its Message-ID is chosen at the first claim and kept: a delivery whose claim went stale
    (outbox.CLAIM_EXPIRES) is sent again under the same Message-ID, so that a mail system
    which de-duplicates drops the second copy if the first did go out.
    """

    class Status(models.TextChoices):
        PENDING = "pending"
        SENDING = "sending"
        SENT = "sent"
        SKIPPED = "skipped"
        FAILED = "failed"

    kind = models.CharField(max_length=64)
    member = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    address = models.EmailField(blank=True, help_text="For someone without an account.")
    topic = models.CharField(
        max_length=32, blank=True, choices=Topic, help_text="Blank for e-mails one cannot stop."
    )
    schedule = models.ForeignKey(
        ReminderSchedule,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # delivery_once_per_occurrence's index starts with it
    )
    occurrence = models.DateTimeField(null=True, blank=True)
    batch_key = models.CharField(max_length=200, blank=True)
    items = models.JSONField(default=list, blank=True, help_text="One entry per merged notice.")
    revision = models.PositiveIntegerField(default=0, help_text="Goes up as notices merge in.")
    send_after = models.DateTimeField()
    # When a tick should hand it to a worker (again): set while pending, cleared once settled.
    dispatch_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    message_id = models.CharField(
        max_length=255, blank=True, help_text="Chosen at the first claim, kept for every resend."
    )

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "occurrence"], name="delivery_once_per_occurrence"
            ),
            models.UniqueConstraint(
                fields=["member", "address", "kind", "batch_key"],
                condition=Q(status="pending") & ~Q(batch_key=""),
                name="delivery_one_open_batch",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(address=""), name="delivery_has_recipient"
            ),
        ]
        indexes = [
            models.Index(
                fields=["dispatch_at"], condition=Q(status="pending"), name="delivery_dispatch_idx"
            ),
            models.Index(
                fields=["claimed_at"], condition=Q(status="sending"), name="delivery_claimed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.status})"

    @property
    def recipient(self) -> str:
        return self.member.email if self.member_id else self.address


class EmailOptOut(models.Model):
    """A member who stopped a topic that has no schedule of its own (e.g. mentor comments)."""

    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="email_opt_outs", db_index=False
    )
    topic = models.CharField(max_length=32, choices=Topic)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="opt_out_once_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} stopped {self.topic}"


class FormToken(models.Model):
    """A create form's one-time token, once sent, and what sending it made: the same form sent
    again (Back then Save, a second click) is shown that instead of making another."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    token = models.UUIDField()
    url = models.CharField(max_length=500, blank=True)
    label = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "token"], name="form_token_used_once")
        ]

    def __str__(self) -> str:
        return f"{self.token} made {self.label or 'nothing yet'}"


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
