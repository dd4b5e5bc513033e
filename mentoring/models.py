"""Mentors, the people they mentor, what each member shares with them, and the comments on it.

A Mentorship is the access grant: while it is active its mentor reads the goals (with their
plans), the reflections and the assessment summary it names, and nothing else. Invitations
and accepted mentorship requests both open one. Reads are chainable QuerySet methods; writes
go through mentoring.services.
"""

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, FilteredRelation, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from careerdev.models import time_zone_choices, validate_time_zone
from careerdev.validators import validate_single_line
from plans.models import Goal, Milestone, Reflection, Task

if TYPE_CHECKING:
    from careerdev.models import User

COMMENT_MAX = 2000
MESSAGE_MAX = 500
REQUEST_MESSAGE_MAX = 1000
MAX_CAPACITY = 20
# Who is credited with a comment whose author has deleted their account.
FORMER_MEMBER = "A former member"


def token_hash(token: str) -> str:
    """What is stored of an invitation token: its SHA-256, so a leaked table opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


# Mentor profiles


def match_terms(skills: list[str], fields: list[str], occupations: list[str]) -> str:
    """Skills | fields | occupation codes, each space-separated (see mentoring.finder)."""
    return "|".join(" ".join(part) for part in (skills, fields, occupations))


class MentorProfileQuerySet(models.QuerySet["MentorProfile"]):
    def available(self) -> Self:
        return self.filter(available=True)

    def with_places(self) -> Self:
        """Annotates `mentee_count` (active mentorships) and `requested_count` (requests
        waiting for the mentor's answer): both hold a place.

        Each is a join restricted to the rows that count, so a mentor's rows multiply to
        at most active times open (a few), and the plan stays cheap for thousands of them.
        """
        return self.annotate(
            active_mentorships=FilteredRelation(
                "user__mentorships_as_mentor",
                condition=Q(user__mentorships_as_mentor__status=MentorshipStatus.ACTIVE),
            ),
            open_requests=FilteredRelation(
                "user__mentorship_requests_received",
                condition=Q(user__mentorship_requests_received__status__in=OPEN_REQUEST_STATUSES),
            ),
        ).annotate(
            mentee_count=Count("active_mentorships", distinct=True),
            requested_count=Count("open_requests", distinct=True),
        )

    def with_room(self) -> Self:
        return self.with_places().filter(capacity__gt=F("mentee_count") + F("requested_count"))


class MentorProfile(models.Model):
    """A member who offers to mentor others, and what they know."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    headline = models.CharField(
        max_length=160,
        blank=True,
        validators=[validate_single_line],
        help_text="One line members see first, e.g. what you help with.",
    )
    expertise = models.JSONField(default=list, blank=True, help_text="Skill slugs.")
    industries = models.JSONField(
        default=list, blank=True, help_text="Slugs of fields and industries (matching.FIELDS)."
    )
    occupations = models.JSONField(
        default=list,
        blank=True,
        help_text="O*NET-SOC codes of the occupations held, from the occupation catalogue.",
    )
    roles = models.JSONField(
        default=list, blank=True, help_text="Other roles held, as written: shown, not matched."
    )
    years_experience = models.PositiveSmallIntegerField(
        "years of experience", default=5, validators=[MaxValueValidator(70)]
    )
    time_zone = models.CharField(
        max_length=64, default="UTC", choices=time_zone_choices, validators=[validate_time_zone]
    )
    capacity = models.PositiveSmallIntegerField(
        "how many mentees you take",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    available = models.BooleanField("available for new mentees now", default=True)
    # Skills, fields and occupations as matching reads them, so suggestions over thousands
    # of mentors load one short text column instead of decoding three JSON ones.
    match_terms = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["capacity"], condition=Q(available=True), name="mentor_available")
        ]

    def __str__(self) -> str:
        return f"Mentor profile of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:mentor_detail", args=[self.user_id])

    @property
    def free_places(self) -> int:
        """Places neither taken nor asked for (needs `with_places()`)."""
        return max(self.capacity - self.mentee_count - self.requested_count, 0)

    @property
    def takes_requests(self) -> bool:
        return self.available and self.free_places > 0

    def refresh_match_terms(self) -> None:
        self.match_terms = match_terms(self.expertise, self.industries, self.occupations)


# Mentorships: the access grants


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class MentorshipQuerySet(models.QuerySet["Mentorship"]):
    def active(self) -> Self:
        return self.filter(status=MentorshipStatus.ACTIVE)

    def for_member(self, member: "User") -> Self:
        """The mentorships in which `member` is the one mentored (the owner of what is shared)."""
        return self.filter(member=member)

    def for_mentor(self, mentor: "User") -> Self:
        return self.filter(mentor=mentor)

    def sharing_goal(self, goal_id: int) -> Self:
        return self.filter(goals=goal_id)

    def shared_goal_ids(self) -> models.QuerySet:
        """The ids of the goals these mentorships share, for `pk__in` filters."""
        return self.values("goals")

    def sharing_reflections(self) -> Self:
        return self.filter(share_reflections=True)

    def shared_reflection_ids(self) -> models.QuerySet:
        """The finished reflections of the members who share theirs, for `pk__in` filters."""
        return (
            Reflection.objects.completed()
            .filter(member__in=self.sharing_reflections().values("member"))
            .values("pk")
        )


class Mentorship(models.Model):
    """A mentor's access to what a member chose to share with them."""

    class Origin(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        REQUEST = "request", "Mentorship request"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    status = models.CharField(
        max_length=10, choices=MentorshipStatus.choices, default=MentorshipStatus.ACTIVE
    )
    origin = models.CharField(max_length=12, choices=Origin.choices)
    goals = models.ManyToManyField(Goal, blank=True, related_name="mentorships")
    share_summary = models.BooleanField("assessment summary", default=False)
    share_reflections = models.BooleanField("reflections", default=False)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["mentor", "status"], name="mentorship_mentor_status"),
            models.Index(fields=["member", "status"], name="mentorship_member_status"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member", "mentor"],
                condition=Q(status="active"),
                name="mentorship_one_active_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(member=F("mentor")), name="mentorship_not_with_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.member}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:mentee_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == MentorshipStatus.ACTIVE


# Invitations


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def for_member(self, member: "User") -> Self:
        return self.filter(member=member)

    def open(self) -> Self:
        """Neither accepted nor revoked (an expired one is still open to a refresh)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self, now: datetime) -> Self:
        return self.open().filter(expires_at__gt=now)

    def to_address(self, email: str) -> Self:
        return self.annotate(email_lower=Lower("email")).filter(email_lower=email.lower())


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Cancelled"


class Invitation(models.Model):
    """An e-mailed offer to mentor a member, with what they will see once they accept."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_invitations"
    )
    email = models.EmailField("mentor's e-mail address")
    message = models.TextField(blank=True, max_length=MESSAGE_MAX)
    token_hash = models.CharField(max_length=64, unique=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="+")
    share_summary = models.BooleanField("assessment summary", default=False)
    share_reflections = models.BooleanField("reflections", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            # Inviting the same address again refreshes the open invitation.
            models.UniqueConstraint(
                F("member"),
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} invites {self.email}"

    def status(self, now: datetime | None = None) -> InvitationStatus:
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.expires_at <= (now or timezone.now()):
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def current_status(self) -> InvitationStatus:
        return self.status()


# Mentorship requests


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the mentor"
    INFO = "info", "The mentor asked for more information"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired unanswered"


OPEN_REQUEST_STATUSES = (RequestStatus.PENDING, RequestStatus.INFO)


class MentorshipRequestQuerySet(models.QuerySet["MentorshipRequest"]):
    def open(self) -> Self:
        return self.filter(status__in=OPEN_REQUEST_STATUSES)

    def from_member(self, member: "User") -> Self:
        return self.filter(member=member)

    def to_mentor(self, mentor: "User") -> Self:
        return self.filter(mentor=mentor)

    def involving(self, user: "User") -> Self:
        return self.filter(Q(member=user) | Q(mentor=user))

    def due_to_expire(self, cutoff: datetime) -> Self:
        """Open requests whose last message is older than the cutoff."""
        return self.open().filter(last_activity_at__lt=cutoff)


class MentorshipRequest(models.Model):
    """A member asks a mentor they found to mentor them; the mentor answers."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorship_requests"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentorship_requests_received",
    )
    message = models.TextField(max_length=REQUEST_MESSAGE_MAX)
    goals = models.ManyToManyField(Goal, blank=True, related_name="+")
    share_summary = models.BooleanField("assessment summary", default=False)
    share_reflections = models.BooleanField("reflections", default=False)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    mentor_note = models.TextField(blank=True, max_length=REQUEST_MESSAGE_MAX)
    member_reply = models.TextField(blank=True, max_length=REQUEST_MESSAGE_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MentorshipRequestQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(
                fields=["last_activity_at"],
                condition=Q(status__in=["pending", "info"]),
                name="request_open_activity",
            ),
            models.Index(fields=["mentor", "status"], name="request_mentor_status"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member", "mentor"],
                condition=Q(status__in=["pending", "info"]),
                name="request_one_open_per_pair",
            ),
            models.CheckConstraint(condition=~Q(member=F("mentor")), name="request_not_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.member} asks {self.mentor} for mentoring"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:request_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


# Feedback requests


class FeedbackRequestQuerySet(models.QuerySet["FeedbackRequest"]):
    def unanswered(self) -> Self:
        return self.filter(answered_at__isnull=True)

    def for_mentor(self, mentor: "User") -> Self:
        return self.filter(mentorship__mentor=mentor, mentorship__status=MentorshipStatus.ACTIVE)


class FeedbackRequest(models.Model):
    """The owner asks a mentor for feedback on one goal or reflection; open until answered."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reflection = models.ForeignKey(
        Reflection, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, max_length=MESSAGE_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackRequestQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(
                fields=["mentorship", "created_at"],
                condition=Q(answered_at__isnull=True),
                name="feedback_open",
            )
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(goal__isnull=False, reflection__isnull=True)
                | Q(goal__isnull=True, reflection__isnull=False),
                name="feedback_on_a_goal_or_a_reflection",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.subject} from {self.mentorship.mentor}"

    @property
    def subject(self) -> Goal | Reflection:
        return self.goal or self.reflection

    @property
    def subject_url(self) -> str:
        if self.reflection_id:
            return reverse("mentoring:shared_reflection", args=[self.reflection_id])
        return reverse("mentoring:shared_goal", args=[self.goal_id])


# Comments


class CommentQuerySet(models.QuerySet["Comment"]):
    def on_goal(self, goal_id: int) -> Self:
        """Every comment on a goal, its milestones and tasks: a goal page's threads."""
        return self.filter(goal_id=goal_id)

    def in_thread_order(self) -> Self:
        return self.select_related("author").order_by("created_at", "pk")

    def on_reflection(self, reflection_id: int) -> Self:
        return self.filter(reflection_id=reflection_id)

    def to_owner_from_others(self, owner: "User") -> Self:
        """Live comments on the owner's goals and reflections that someone else wrote."""
        return self.filter(owner=owner, deleted_at__isnull=True).exclude(author=owner)

    def visible_to_mentor(self, mentor: "User") -> Self:
        """Comments on what active mentorships share with this mentor."""
        shared = Mentorship.objects.active().for_mentor(mentor)
        return self.filter(
            Q(goal_id__in=shared.shared_goal_ids())
            | Q(reflection_id__in=shared.shared_reflection_ids())
        )


class Comment(models.Model):
    """A note on a goal, milestone, task or reflection, by its owner or a mentor who sees it.

    `goal` is set for every comment on a goal's plan, so one query loads a goal page's
    threads; a comment on a reflection has `reflection` instead. Replies hang from a
    top-level comment (`parent`), one level deep. A deleted comment keeps its place while
    replies hang from it.
    """

    # Empty once the author deletes their account: the comment stays in the owner's thread.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentoring_comments",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The member whose goal or reflection this is.",
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    reflection = models.ForeignKey(
        Reflection, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["goal", "created_at"], name="comment_goal_time"),
            models.Index(fields=["reflection", "created_at"], name="comment_reflection_time"),
            models.Index(fields=["owner", "-created_at"], name="comment_owner_recent"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(goal__isnull=False, reflection__isnull=True)
                | Q(goal__isnull=True, reflection__isnull=False),
                name="comment_on_a_goal_or_a_reflection",
            ),
            models.CheckConstraint(
                condition=Q(milestone__isnull=True) | Q(task__isnull=True),
                name="comment_on_one_thing",
            ),
            models.CheckConstraint(
                condition=Q(reflection__isnull=True) | Q(milestone__isnull=True, task__isnull=True),
                name="comment_reflection_alone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.subject}: {self.body[:40]}"

    @property
    def author_name(self) -> str:
        return str(self.author) if self.author_id else FORMER_MEMBER

    @property
    def subject_kind(self) -> str:
        if self.reflection_id:
            return "reflection"
        if self.task_id:
            return "task"
        if self.milestone_id:
            return "milestone"
        return "goal"

    @property
    def subject_id(self) -> int:
        return self.reflection_id or self.task_id or self.milestone_id or self.goal_id

    @property
    def subject(self) -> Goal | Milestone | Task | Reflection:
        return self.reflection or self.task or self.milestone or self.goal

    @property
    def root(self) -> Goal | Reflection:
        """What the thread's page is about: the goal, or the reflection."""
        return self.reflection or self.goal

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def thread_id(self) -> str:
        return f"thread-{self.subject_kind}-{self.subject_id}"


# Organisation programmes live in a module of their own.
from mentoring.programme_models import (  # noqa: E402
    Programme as Programme,
)
from mentoring.programme_models import (  # noqa: E402
    ProgrammeCode as ProgrammeCode,
)
from mentoring.programme_models import (  # noqa: E402
    ProgrammeMembership as ProgrammeMembership,
)
from mentoring.programme_models import (  # noqa: E402
    ProgrammeSnapshot as ProgrammeSnapshot,
)
