"""Every table that can hold a member's data, found by walking the models, and a member
who has a row in each of them.

A model holds a member's data when it has a path of foreign keys (or one-to-ones) to the
user: `Answer.attempt.member`, `Comment.task.goal.member`. The walk finds models added
later by anyone, so the export and deletion tests cover them without being told.
"""

import uuid
from datetime import timedelta
from decimal import Decimal
from functools import cache

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.db.models import Q
from django.utils import timezone

from assessments.models import CareerDirection
from assessments.tests.factories import AttemptFactory, completed_attempt
from careerdev.models import Delivery, EmailOptOut, FormToken, Topic, User
from careerdev.tests.factories import MemberFactory
from mentoring import programmes
from mentoring import services as mentoring_services
from mentoring.models import FeedbackRequest, MentorshipRequest
from mentoring.tests.factories import (
    CommentFactory,
    InvitationFactory,
    MentorProfileFactory,
    MentorshipFactory,
)
from plans import services as plans_services
from plans.models import CalendarFeed, Goal, QuickStart
from plans.tests.factories import (
    GoalFactory,
    JournalEntryFactory,
    MilestoneFactory,
    ReflectionFactory,
    TaskFactory,
    TimeBlockFactory,
    WinFactory,
    today,
)

MAX_DEPTH = 4


def _paths(model: type[models.Model], depth: int, seen: frozenset) -> list[str]:
    user_model = get_user_model()
    found = []
    for field in model._meta.get_fields():
        if not (field.concrete and (field.many_to_one or field.one_to_one)):
            continue
        target = field.related_model
        if target is user_model:
            found.append(field.name)
        elif depth > 1 and target not in seen and target is not model:
            found += [f"{field.name}__{path}" for path in _paths(target, depth - 1, seen | {model})]
    return found


@cache
def member_models() -> dict[type[models.Model], tuple[str, ...]]:
    """Every model (many-to-many tables included) with a path to a user, and its paths."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        paths = _paths(model, MAX_DEPTH, frozenset())
        if paths:
            found[model] = tuple(paths)
    return found


def rows_of(model: type[models.Model], user_id: int) -> models.QuerySet:
    """The rows of `model` that reach the user by any path."""
    linked = Q(pk__in=[])
    for path in member_models()[model]:
        linked |= Q(**{path: user_id})
    return model._default_manager.filter(linked)


def label(model: type[models.Model]) -> str:
    return model._meta.label


def world_with_full_data() -> dict[str, User]:
    """A member with a row in every member table, as mentee and as mentor; two others.

    `member` is mentored by `mentor` and mentors `other`; `other` has a plan of their own.
    """
    member = MemberFactory(display_name="Maria Member")
    mentor = MemberFactory(display_name="Mo Mentor")
    other = MemberFactory(display_name="Olu Other")
    _account(member)
    own = _plan(member)
    theirs = _plan(other)
    QuickStart.objects.create(member=member, interests={"I": 5}, hours_a_week=3, goal=own["goal"])

    # The member is mentored, by invitation and by request.
    as_mentee = MentorshipFactory(
        member=member, mentor=mentor, goals=[own["goal"]], share_reflections=True
    )
    InvitationFactory(member=member, goals=[own["goal"]], share_summary=True)
    MentorshipRequest.objects.create(member=member, mentor=mentor, message="Would you?").goals.set(
        [own["goal"]]
    )
    FeedbackRequest.objects.create(mentorship=as_mentee, goal=own["goal"], note="Realistic?")
    CommentFactory(goal=own["goal"], author=member, body="My own note")
    CommentFactory(goal=own["goal"], task=own["task"], author=mentor, body="Mentor on my task")
    CommentFactory(reflection=own["reflection"], goal=None, owner=member, author=mentor)
    mentoring_services.mentorship_end(
        mentorship=MentorshipFactory(member=member, goals=[own["goal"]]), by=member
    )

    # The member mentors `other`: an accepted invitation, a request, feedback, comments.
    MentorProfileFactory(user=member)
    invitation = InvitationFactory(member=other, email=member.email, goals=[theirs["goal"]])
    as_mentor = mentoring_services.invitation_accept(invitation=invitation, user=member)
    MentorshipRequest.objects.create(member=other, mentor=member, message="And me?").goals.set(
        [theirs["goal"]]
    )
    FeedbackRequest.objects.create(mentorship=as_mentor, goal=theirs["goal"], note="Thoughts?")
    left = CommentFactory(
        goal=theirs["goal"], milestone=theirs["milestone"], author=member, body="Nice step"
    )
    CommentFactory(goal=theirs["goal"], author=other, parent=left, body="Thank you")
    CommentFactory(goal=theirs["goal"], author=other, body="Other's own note")

    # A programme: the member runs it and mentors in its pool; `other` belongs to it too.
    programme = programmes.programme_create(
        member=member,
        name="Data academy",
        description="",
        starts_on=today(),
        ends_on=None,
        guidance="Meet monthly.",
        checkin_cadence="monthly",
        paths=[],
    )
    membership = programme.memberships.get(member=member)
    programmes.pool_set(membership=membership, in_pool=True)
    code = programme.codes.get()
    programmes.programme_join(member=other, code_text=code.code)

    # E-mail: pending and sent, to the member and to an address of theirs with no account.
    Delivery.objects.create(
        kind="weekly_digest", member=member, topic=Topic.WEEKLY_DIGEST, send_after=timezone.now()
    )
    Delivery.objects.create(
        kind="weekly_digest",
        member=member,
        status=Delivery.Status.SENT,
        send_after=timezone.now(),
        sent_at=timezone.now(),
    )
    Delivery.objects.create(
        kind="weekly_digest", address=member.email.upper(), send_after=timezone.now()
    )
    Delivery.objects.create(kind="weekly_digest", member=other, send_after=timezone.now())
    return {"member": member, "mentor": mentor, "other": other}


def _account(member: User) -> None:
    """Sign-in and settings: addresses, two-factor, permissions, e-mail choices."""
    second = EmailAddress.objects.create(user=member, email="maria.second@example.org")
    EmailConfirmation.create(second)
    TOTP.activate(member, generate_totp_secret())
    RecoveryCodes.activate(member)
    member.groups.add(Group.objects.create(name=f"Editors {member.pk}"))
    member.user_permissions.add(Permission.objects.first())
    LogEntry.objects.log_actions(
        user_id=member.pk, queryset=[member], action_flag=ADDITION, change_message="Made"
    )
    EmailOptOut.objects.create(member=member, topic=Topic.MENTOR_COMMENTS)
    FormToken.objects.create(member=member, token=uuid.uuid4(), url="/plans/", label="a goal")


def _plan(member: User) -> dict:
    """Assessments, a plan with its history, and what carries it out."""
    completed_attempt(member, "values")
    AttemptFactory(member=member, slug="interests")
    CareerDirection.objects.create(
        member=member, current_code="15-1232.00", target_code="15-1241.00"
    )
    goal = GoalFactory(member=member, title=f"Lead the data team ({member})")
    milestone = MilestoneFactory(goal=goal)
    task = TaskFactory(goal=goal, milestone=milestone, notes="Ask about budget")
    doomed = TaskFactory(goal=goal)
    plans_services.task_delete(task=doomed, today=today())
    reflection = ReflectionFactory(
        member=member, what_worked="Mornings", completed_at=timezone.now()
    )
    plans_services.goal_update(
        goal=goal,
        reflection=reflection,
        change_note="Later",
        target_date=goal.target_date + timedelta(days=30),
    )
    TimeBlockFactory(member=member)
    CalendarFeed.objects.create(member=member)
    JournalEntryFactory(member=member, goal=goal, body="Spoke to my manager")
    WinFactory(member=member, goal=goal)
    TaskFactory(goal=GoalFactory(member=member), effort_hours=Decimal("1.5"))
    assert Goal.history.filter(member_id=member.pk, reflection=reflection).exists()
    return {"goal": goal, "milestone": milestone, "task": task, "reflection": reflection}
