"""Every write of mentoring: keyword-only, each atomic; e-mails go out on commit (all but the
invitation, which goes at once: see mentoring.emails)."""

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from careerdev.fragments import members_changed
from careerdev.models import User
from mentoring import emails
from mentoring.models import (
    Comment,
    FeedbackRequest,
    Invitation,
    InvitationStatus,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
    MentorshipStatus,
    RequestStatus,
    token_hash,
)
from plans.models import Goal, Milestone, Reflection, Task

Subject = Goal | Milestone | Task | Reflection

log = logging.getLogger(__name__)


def _invitation_lifetime() -> timedelta:
    return timedelta(days=settings.MENTORING_INVITATION_DAYS)


def member_addresses(member: User) -> set[str]:
    """Every address of the member's account, lower-cased."""
    addresses = {member.email.lower()}
    addresses.update(
        address.lower() for address in member.emailaddress_set.values_list("email", flat=True)
    )
    return addresses


# Mentor profiles


@transaction.atomic
def mentor_profile_save(
    *,
    user: User,
    headline: str,
    expertise: Iterable[str],
    industries: Iterable[str],
    occupations: Iterable[str],
    roles: Iterable[str],
    years_experience: int,
    time_zone: str,
    capacity: int,
    available: bool,
) -> MentorProfile:
    profile, _ = MentorProfile.objects.get_or_create(user=user, defaults={"time_zone": time_zone})
    profile.headline = headline
    profile.expertise = sorted(set(expertise))
    profile.industries = sorted(set(industries))
    profile.occupations = list(dict.fromkeys(occupations))  # as chosen, once each
    profile.roles = [role for role in roles if role]
    profile.years_experience = years_experience
    profile.time_zone = time_zone
    profile.capacity = capacity
    profile.available = available
    profile.refresh_match_terms()
    profile.full_clean()
    profile.save()
    return profile


# Sharing


def _share(
    mentorship: Mentorship, goals: Iterable[Goal], share_summary: bool, share_reflections: bool
) -> None:
    goals = list(goals)
    if any(goal.member_id != mentorship.member_id for goal in goals):
        raise PermissionDenied("Only the member's own goals can be shared.")
    mentorship.goals.set(goals)
    mentorship.share_summary = share_summary
    mentorship.share_reflections = share_reflections
    mentorship.save(update_fields=["share_summary", "share_reflections"])


@transaction.atomic
def mentorship_open(
    *,
    member: User,
    mentor: User,
    origin: str,
    goals: Iterable[Goal],
    share_summary: bool,
    share_reflections: bool,
) -> Mentorship:
    """Opens a mentorship, or adds to what an active one between the two already shares."""
    if member.pk == mentor.pk:
        raise ValidationError("You cannot mentor yourself.")
    mentorship = (
        Mentorship.objects.active().select_for_update().filter(member=member, mentor=mentor).first()
    )
    goals = list(goals)
    if mentorship is None:
        mentorship = Mentorship.objects.create(member=member, mentor=mentor, origin=origin)
    else:
        goals = [*mentorship.goals.all(), *goals]
        share_summary = share_summary or mentorship.share_summary
        share_reflections = share_reflections or mentorship.share_reflections
    _share(mentorship, goals, share_summary, share_reflections)
    return mentorship


@transaction.atomic
def sharing_update(
    *, mentorship: Mentorship, goals: Iterable[Goal], share_summary: bool, share_reflections: bool
) -> Mentorship:
    if not mentorship.is_active:
        raise ValidationError("This mentorship has ended.")
    _share(mentorship, goals, share_summary, share_reflections)
    return mentorship


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship, by: User) -> Mentorship:
    """Ends access at once, whoever ends it; comments stay, open feedback requests close."""
    if by.pk not in (mentorship.member_id, mentorship.mentor_id):
        raise PermissionDenied("Only the member or the mentor can end a mentorship.")
    if mentorship.is_active:
        now = timezone.now()
        mentorship.status = MentorshipStatus.ENDED
        mentorship.ended_at = now
        mentorship.ended_by = by
        mentorship.save(update_fields=["status", "ended_at", "ended_by"])
        mentorship.feedback_requests.unanswered().update(answered_at=now)  # saved above
    return mentorship


# Invitations


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("member", "accepted_by", "mentorship")
        .filter(token_hash=token_hash(token))
        .first()
    )


class InvitationNotSent(Exception):
    """The invitation e-mail could not go out, so nothing was saved."""


@transaction.atomic
def invitation_send(
    *,
    member: User,
    email: str,
    message: str,
    goals: Iterable[Goal],
    share_summary: bool,
    share_reflections: bool,
) -> tuple[Invitation, bool]:
    """Invites a mentor by e-mail. Inviting an address again refreshes the open invitation:
    a new link (the old one stops working), a new expiry date and the new choices.

    Returns the invitation and whether it was a refresh. Raises InvitationNotSent, saving
    nothing (an earlier link keeps working), when the e-mail cannot be sent.
    """
    email = email.strip()
    if email.lower() in member_addresses(member):
        raise ValidationError({"email": "That is your own address: invite someone else."})
    already = Mentorship.objects.active().filter(member=member, mentor__email__iexact=email)
    if already.exists():
        raise ValidationError(
            {"email": "This person already mentors you: change what they see on your sharing page."}
        )
    goals = list(goals)
    if not (goals or share_summary or share_reflections):
        raise ValidationError("Choose at least one thing the mentor may see.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = (
        Invitation.objects.for_member(member).open().to_address(email).select_for_update().first()
    )
    refreshed = invitation is not None
    if invitation is None:
        invitation = Invitation(member=member, email=email)
    invitation.message = message
    invitation.token_hash = token_hash(token)
    invitation.share_summary = share_summary
    invitation.share_reflections = share_reflections
    invitation.sent_at = now
    invitation.expires_at = now + _invitation_lifetime()
    invitation.full_clean(exclude=["goals"])
    invitation.save()
    if any(goal.member_id != member.pk for goal in goals):
        raise PermissionDenied("Only your own goals can be shared.")
    invitation.goals.set(goals)
    try:
        emails.invitation(invitation, token)
    except Exception as error:
        log.exception("The invitation to %s could not be sent.", email)
        raise InvitationNotSent(f"Nothing went out: the e-mail to {email} failed.") from error
    return invitation, refreshed


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


class InvitationUnusable(Exception):
    """The invitation cannot be accepted: `status` says why."""

    def __init__(self, status: InvitationStatus | str) -> None:
        super().__init__(f"The invitation cannot be accepted ({status}).")
        self.status = status


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Mentorship:
    """Uses the invitation once: opens (or widens) the mentorship it offers."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    status = invitation.status()
    if status != InvitationStatus.PENDING:
        raise InvitationUnusable(status)
    if user.pk == invitation.member_id:
        raise InvitationUnusable("own")
    mentorship = mentorship_open(
        member=invitation.member,
        mentor=user,
        origin=Mentorship.Origin.INVITATION,
        goals=invitation.goals.all(),
        share_summary=invitation.share_summary,
        share_reflections=invitation.share_reflections,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.mentorship = mentorship
    invitation.save(update_fields=["accepted_at", "accepted_by", "mentorship"])
    return mentorship


@transaction.atomic
def member_invitations_forget(*, member: User) -> int:
    """Before an account is deleted: the invitations other members sent to it go, since they
    hold its address. Its own invitations, mentorships and requests go with the account."""
    to_them = Invitation.objects.annotate(email_lower=Lower("email")).filter(
        Q(accepted_by=member) | Q(email_lower__in=member_addresses(member))
    )
    deleted, _ = to_them.exclude(member=member).delete()
    return deleted


# Comments


def goal_mentor_ids(goal_id: int) -> set[int]:
    """The mentors who can see a goal now."""
    return set(
        Mentorship.objects.active().sharing_goal(goal_id).values_list("mentor_id", flat=True)
    )


def reflection_mentor_ids(reflection: Reflection) -> set[int]:
    """The mentors who can see a reflection now: only finished ones are shared."""
    if not reflection.is_completed:
        return set()
    mentorships = Mentorship.objects.active().for_member(reflection.member).sharing_reflections()
    return set(mentorships.values_list("mentor_id", flat=True))


@transaction.atomic
def comment_create(
    *,
    author: User,
    subject: Subject,
    body: str,
    parent: Comment | None = None,
    notify: bool = True,
) -> Comment:
    if isinstance(subject, Reflection):
        root, owner_id = subject, subject.member_id
        mentor_ids = reflection_mentor_ids(subject)
        on = {"reflection": subject}
    else:
        root = subject if isinstance(subject, Goal) else subject.goal
        owner_id = root.member_id
        mentor_ids = goal_mentor_ids(root.pk)
        on = {
            "goal": root,
            "milestone": subject if isinstance(subject, Milestone) else None,
            "task": subject if isinstance(subject, Task) else None,
        }
    if author.pk != owner_id and author.pk not in mentor_ids:
        raise PermissionDenied("You cannot comment on this.")
    comment = Comment(author=author, owner_id=owner_id, body=body.strip(), **on)
    if parent is not None:
        first = parent.parent or parent
        if (first.subject_kind, first.subject_id) != (comment.subject_kind, comment.subject_id):
            raise ValidationError("A reply belongs in the thread it answers.")
        comment.parent = first
    comment.full_clean()
    comment.save()
    if author.pk in mentor_ids:
        FeedbackRequest.objects.unanswered().filter(
            mentorship__mentor=author,
            mentorship__status=MentorshipStatus.ACTIVE,
            **{type(root).__name__.lower(): root},
        ).update(answered_at=comment.created_at)
    if notify:
        emails.comment_posted(comment, ({owner_id} | mentor_ids) - {author.pk})
    return comment


def _check_author(comment: Comment, user: User) -> None:
    if comment.author_id != user.pk or comment.is_deleted:
        raise PermissionDenied("Only the author can change a comment.")


@transaction.atomic
def comment_edit(*, comment: Comment, user: User, body: str) -> Comment:
    _check_author(comment, user)
    comment.body = body.strip()
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: User) -> None:
    """Removes a comment; one that has replies leaves a marker so the thread still reads."""
    _check_author(comment, user)
    if comment.replies.filter(deleted_at__isnull=True).exists():
        comment.body = ""
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["body", "deleted_at"])
    else:
        parent = comment.parent
        comment.delete()
        if parent and parent.is_deleted and not parent.replies.exists():
            parent.delete()


# Feedback requests


@transaction.atomic
def feedback_request_create(
    *,
    mentorship: Mentorship,
    subject: Goal | Reflection,
    note: str,
    notify: bool = True,
) -> FeedbackRequest:
    """Asks the mentor for feedback on a shared goal or reflection; asking again about the
    same one while it is open updates the note."""
    if not mentorship.is_active:
        raise ValidationError("This mentorship has ended.")
    if isinstance(subject, Reflection):
        shared = mentorship.share_reflections and subject.member_id == mentorship.member_id
        if not (shared and subject.is_completed):
            raise ValidationError("Share your finished reflections with this mentor first.")
        on = {"reflection": subject}
    else:
        if not mentorship.goals.filter(pk=subject.pk).exists():
            raise ValidationError("Share this goal with the mentor first.")
        on = {"goal": subject}
    existing = mentorship.feedback_requests.unanswered().filter(**on).first()
    if existing is not None:
        existing.note = note
        existing.full_clean()
        existing.save(update_fields=["note"])
        return existing
    request = FeedbackRequest(mentorship=mentorship, note=note, **on)
    request.full_clean()
    request.save()
    if notify:
        emails.feedback_requested(request)
    return request


@transaction.atomic
def feedback_request_answer(*, feedback_request: FeedbackRequest) -> FeedbackRequest:
    if feedback_request.answered_at is None:
        feedback_request.answered_at = timezone.now()
        feedback_request.save(update_fields=["answered_at"])
    return feedback_request


# Mentorship requests


class MentorUnavailable(Exception):
    pass


@transaction.atomic
def mentorship_request_create(
    *,
    member: User,
    profile: MentorProfile,
    message: str,
    goals: Iterable[Goal],
    share_summary: bool,
    share_reflections: bool,
) -> MentorshipRequest:
    mentor = profile.user
    if mentor.pk == member.pk:
        raise ValidationError("You cannot ask yourself to be your mentor.")
    if Mentorship.objects.active().filter(member=member, mentor=mentor).exists():
        raise ValidationError(f"{mentor} already mentors you.")
    if MentorshipRequest.objects.open().filter(member=member, mentor=mentor).exists():
        raise ValidationError(f"You have already asked {mentor}: wait for their answer.")
    # Two members asking at once for the last free place take turns on the profile's lock;
    # the places are counted after it, in a statement that sees the other's request.
    MentorProfile.objects.select_for_update().filter(pk=profile.pk).values_list("pk").get()
    profile = MentorProfile.objects.with_places().get(pk=profile.pk)
    if not profile.takes_requests:
        raise MentorUnavailable(f"{mentor} is not taking new mentees at the moment.")
    goals = list(goals)
    if any(goal.member_id != member.pk for goal in goals):
        raise PermissionDenied("Only your own goals can be shared.")
    request = MentorshipRequest(
        member=member,
        mentor=mentor,
        message=message.strip(),
        share_summary=share_summary,
        share_reflections=share_reflections,
    )
    request.full_clean()
    request.save()
    request.goals.set(goals)
    emails.request_received(request)
    return request


class Decision:
    ACCEPT = "accept"
    DECLINE = "decline"
    ASK = "ask"
    CHOICES = (
        (ACCEPT, "Accept"),
        (ASK, "Ask for more information"),
        (DECLINE, "Decline"),
    )


def _lock_open(request: MentorshipRequest) -> MentorshipRequest:
    request = MentorshipRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError(f"This request is closed ({request.get_status_display().lower()}).")
    return request


@transaction.atomic
def mentorship_request_respond(
    *, request: MentorshipRequest, decision: str, note: str
) -> MentorshipRequest:
    """The mentor's answer. Accepting opens the sharing the member chose, if a place is free."""
    request = _lock_open(request)
    now = timezone.now()
    if decision == Decision.ACCEPT:
        profile = MentorProfile.objects.filter(user_id=request.mentor_id).first()
        if profile is not None:
            profile = MentorProfile.objects.select_for_update().get(pk=profile.pk)
            taken = Mentorship.objects.active().for_mentor(request.mentor).count()
            if taken >= profile.capacity:
                raise MentorUnavailable(
                    "All your places are taken: raise how many mentees you take, then accept."
                )
        request.mentorship = mentorship_open(
            member=request.member,
            mentor=request.mentor,
            origin=Mentorship.Origin.REQUEST,
            goals=request.goals.all(),
            share_summary=request.share_summary,
            share_reflections=request.share_reflections,
        )
        request.status = RequestStatus.ACCEPTED
        request.answered_at = now
    elif decision == Decision.DECLINE:
        request.status = RequestStatus.DECLINED
        request.answered_at = now
    elif decision == Decision.ASK:
        if not note.strip():
            raise ValidationError({"note": "Write what you would like to know."})
        request.status = RequestStatus.INFO
    else:
        raise ValidationError({"decision": "Choose accept, ask for more information or decline."})
    request.mentor_note = note.strip()
    request.last_activity_at = now
    request.full_clean(exclude=["goals"])
    request.save()
    emails.request_answered(request)
    return request


@transaction.atomic
def mentorship_request_reply(*, request: MentorshipRequest, reply: str) -> MentorshipRequest:
    """The member answers the mentor's question; the request waits for the mentor again."""
    request = _lock_open(request)
    if request.status != RequestStatus.INFO:
        raise ValidationError("The mentor has not asked anything yet.")
    request.member_reply = reply.strip()
    request.status = RequestStatus.PENDING
    request.last_activity_at = timezone.now()
    request.full_clean(exclude=["goals"])
    request.save(update_fields=["member_reply", "status", "last_activity_at"])
    emails.request_replied(request)
    return request


@transaction.atomic
def mentorship_request_withdraw(*, request: MentorshipRequest) -> MentorshipRequest:
    request = _lock_open(request)
    request.status = RequestStatus.WITHDRAWN
    request.last_activity_at = timezone.now()
    request.save(update_fields=["status", "last_activity_at"])
    return request


def mentorship_requests_expire(*, now: datetime | None = None) -> int:
    """Closes open requests left unanswered for the set number of days and tells each member.

    Each request is claimed by a conditional update, so two runs at once expire it once.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MENTORING_REQUEST_DAYS)
    expired = 0
    for pk in MentorshipRequest.objects.due_to_expire(cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = (
                MentorshipRequest.objects.due_to_expire(cutoff)
                .filter(pk=pk)
                .update(status=RequestStatus.EXPIRED, answered_at=now)
            )
            if claimed:
                expired += 1
                members_changed(
                    MentorshipRequest.objects.filter(pk=pk).values_list("member_id", "mentor_id")[0]
                )
                emails.request_expired(MentorshipRequest.objects.get(pk=pk))
    return expired
