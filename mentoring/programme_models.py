"""Organisation programmes: a group of members with admins, a mentor pool and check-ins.

A programme has no owner column: its admins are memberships with the admin role, so a
member's tie to a programme is one row (their membership), exported and deleted with them.
Join codes belong to the programme, not to a person. Imported by mentoring.models.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from careerdev.schedules import Cadence
from careerdev.validators import validate_single_line

if TYPE_CHECKING:
    from careerdev.models import User

NAME_MAX = 120
DESCRIPTION_MAX = 2000
GUIDANCE_MAX = 4000
PATHS_MAX = 5


class CheckinCadence(models.TextChoices):
    NONE = "", "No check-ins"
    WEEKLY = Cadence.WEEKLY.value, "Weekly, on Mondays"
    MONTHLY = Cadence.MONTHLY.value, "Monthly, on the 15th"
    QUARTERLY = Cadence.QUARTERLY.value, "Quarterly, on the 15th of January, April, July, October"


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def of_member(self, member: "User") -> Self:
        return self.filter(memberships__member=member)

    def administered_by(self, member: "User") -> Self:
        return self.filter(memberships__member=member, memberships__role=Role.ADMIN)

    def open_to_domains(self, domains: set[str]) -> Self:
        return self.filter(join_by_domain=True, email_domain__in=domains)


class Programme(models.Model):
    """A group a member runs for their organisation: members, guidance, a mentor pool."""

    name = models.CharField(max_length=NAME_MAX, validators=[validate_single_line])
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX)
    starts_on = models.DateField("starts on")
    ends_on = models.DateField("ends on", null=True, blank=True)
    guidance = models.TextField(
        blank=True,
        max_length=GUIDANCE_MAX,
        help_text="What members should do and when; it shows on their dashboard.",
    )
    checkin_cadence = models.CharField(
        "check-in reminders", max_length=10, blank=True, choices=CheckinCadence.choices
    )
    paths = models.JSONField(
        default=list, blank=True, help_text="Slugs of suggested career paths (plans.library)."
    )
    email_domain = models.CharField(max_length=253, blank=True)
    join_by_domain = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="programme_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(join_by_domain=False) | ~Q(email_domain=""),
                name="programme_domain_rule_names_a_domain",
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["email_domain"], condition=Q(join_by_domain=True), name="programme_domain"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mentoring:programme_detail", args=[self.pk])

    def is_running(self, today: date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or today <= self.ends_on)


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    ADMIN = "admin", "Admin"


class Origin(models.TextChoices):
    CREATED = "created", "Created the programme"
    CODE = "code", "Invitation link or code"
    DOMAIN = "domain", "Verified e-mail domain"


class MembershipQuerySet(models.QuerySet["ProgrammeMembership"]):
    def for_member(self, member: "User") -> Self:
        return self.filter(member=member)

    def admins(self) -> Self:
        return self.filter(role=Role.ADMIN)

    def pool(self) -> Self:
        return self.filter(in_pool=True)

    def due_checkins(self, now: datetime) -> Self:
        return self.filter(next_checkin_at__lte=now)


class ProgrammeMembership(models.Model):
    """A member's place in a programme: their role, the mentor pool, their next check-in."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    in_pool = models.BooleanField("in the mentor pool", default=False)
    joined_at = models.DateTimeField(default=timezone.now)
    next_checkin_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["programme", "member"], name="programme_member_once")
        ]
        indexes: ClassVar = [
            models.Index(fields=["member"], name="programme_membership_member"),
            models.Index(fields=["programme", "role"], name="programme_membership_role"),
            models.Index(
                fields=["next_checkin_at"],
                condition=Q(next_checkin_at__isnull=False),
                name="programme_checkin_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.programme_id} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class CodeQuerySet(models.QuerySet["ProgrammeCode"]):
    def usable(self) -> Self:
        return self.filter(revoked_at__isnull=True, used_at__isnull=True)


class ProgrammeCode(models.Model):
    """A join code, also sent as a link. A member code serves anyone until it is revoked;
    an admin code (a co-admin's invitation) serves once."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=20, unique=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CodeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.get_role_display()} code for {self.programme_id}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:programme_join_link", args=[self.code])

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.used_at is None


class ProgrammeSnapshot(models.Model):
    """A large programme's overview counts, worked out in the background (only counts over
    the group: the same figures the page would show)."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="snapshot")
    counts = models.JSONField()
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Counts of {self.programme_id} at {self.computed_at:%Y-%m-%d %H:%M}"
