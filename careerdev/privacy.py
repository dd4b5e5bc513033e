"""A member's own data: all of it in one JSON file, and the deletion of the account.

This is composition: it reads every app's tables, so it lives beside urls.py, not in core.
Each table that holds a member's data is a Section of the export, or is named in
NOT_EXPORTED with the reason; tests/test_privacy.py walks every model with a path to the
member and fails for a table that is neither. docs/your-data.md describes each key.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from assessments.models import Answer, Attempt, CareerDirection
from careerdev.models import Delivery, EmailOptOut, ReminderSchedule, User
from mentoring import programmes as mentoring_programmes
from mentoring import services as mentoring_services
from mentoring.models import (
    Comment,
    FeedbackRequest,
    Invitation,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
    ProgrammeMembership,
)
from plans.models import (
    CalendarFeed,
    Goal,
    JournalEntry,
    Milestone,
    QuickStart,
    Reflection,
    Task,
    TimeBlock,
    Undo,
    Win,
)

EXPORT_FORMAT = "careerdev member data"
EXPORT_VERSION = 1

Row = dict[str, Any]


@dataclass(frozen=True)
class Section:
    """One key of the export: a list with one entry per row of `model` that is the member's.

    `fields` (space-separated) are copied as stored, a foreign key as the id it holds; `many`
    lists the ids of a many-to-many field; `derived` adds what reads better worked out. A
    test fails for a column that is none of these and not `omitted`.
    """

    key: str
    model: type[models.Model]
    rows: Callable[[User], models.QuerySet]
    fields: str
    many: tuple[str, ...] = ()
    derived: Callable[[Any, User], Row] | None = None
    # Columns left out on purpose (secrets, bookkeeping); ids and the links to people need
    # no mention (people are named in `derived`).
    omitted: str = ""

    def export(self, member: User) -> list[Row]:
        queryset = self.rows(member)
        if self.many:
            queryset = queryset.prefetch_related(
                *(models.Prefetch(name, to_attr=f"_{name}_export") for name in self.many)
            )
        return [self.row(obj, member) for obj in queryset]

    def row(self, obj: models.Model, member: User) -> Row:
        meta = obj._meta
        row: Row = {name: getattr(obj, meta.get_field(name).attname) for name in self.field_names}
        for name in self.many:
            row[name] = sorted(related.pk for related in getattr(obj, f"_{name}_export"))
        if self.derived:
            row.update(self.derived(obj, member))
        return row

    @property
    def field_names(self) -> list[str]:
        return self.fields.split()

    @property
    def through_models(self) -> list[type[models.Model]]:
        """The tables behind `many`: exported as the id lists."""
        return [self.model._meta.get_field(name).remote_field.through for name in self.many]


def _name(user: User | None, member: User) -> str:
    if user is None:
        return "a former member"
    return "you" if user.pk == member.pk else str(user)


def _attempt_derived(attempt: Attempt, member: User) -> Row:
    return {"instrument": attempt.instrument.slug, "version": attempt.version.number}


def _direction_derived(direction: CareerDirection, member: User) -> Row:
    current, target = direction.current_occupation, direction.target_occupation
    return {
        "current_title": current.title if current else None,
        "target_title": target.title if target else None,
    }


def _answer_derived(answer: Answer, member: User) -> Row:
    return {"question": answer.item.text, "area": answer.item.area.name}


def _history_derived(record: Any, member: User) -> Row:
    return {"goal": record.id}


def _mentorship_derived(mentorship: Mentorship, member: User) -> Row:
    is_mentee = mentorship.member_id == member.pk
    ended_by = mentorship.ended_by_id
    return {
        "role": "mentee" if is_mentee else "mentor",
        "with": str(mentorship.mentor if is_mentee else mentorship.member),
        "ended_by": None if ended_by is None else ("you" if ended_by == member.pk else "them"),
    }


def _invitation_derived(invitation: Invitation, member: User) -> Row:
    sent = invitation.member_id == member.pk
    return {"role": "sent" if sent else "received", "from": _name(invitation.member, member)}


def _request_derived(request: MentorshipRequest, member: User) -> Row:
    asked = request.member_id == member.pk
    return {
        "role": "asked" if asked else "asked you",
        "with": str(request.mentor if asked else request.member),
    }


def _comment_derived(comment: Comment, member: User) -> Row:
    return {"author": _name(comment.author, member), "on_your_plan": comment.owner_id == member.pk}


def _membership_derived(membership: ProgrammeMembership, member: User) -> Row:
    return {"programme_name": membership.programme.name}


def _mine(field: str) -> Callable[[User], Q]:
    return lambda member: Q(**{field: member})


def _either(*fields: str) -> Callable[[User], Q]:
    def lookup(member: User) -> Q:
        found = Q(pk__in=[])
        for field in fields:
            found |= Q(**{field: member})
        return found

    return lookup


def _rows(model: type[models.Model], who: Callable[[User], Q], *order: str, related=()):
    def rows(member: User) -> models.QuerySet:
        queryset = model._default_manager.filter(who(member)).order_by(*order)
        return queryset.select_related(*related) if related else queryset

    return rows


HistoricalGoal = Goal.history.model
GOAL = "kind title why measure start_date target_date status"
SHARED = "share_summary share_reflections"

SECTIONS: tuple[Section, ...] = (
    Section(
        "email_addresses",
        EmailAddress,
        _rows(EmailAddress, _mine("user"), "pk"),
        "email verified primary",
    ),
    Section(
        "two_factor",
        Authenticator,
        _rows(Authenticator, _mine("user"), "pk"),
        "type created_at last_used_at",
        omitted="data",  # the app's secret and the recovery codes
    ),
    Section(
        "assessment_attempts",
        Attempt,
        _rows(Attempt, _mine("member"), "started_at", "pk", related=("instrument", "version")),
        "id started_at updated_at completed_at target_code",
        derived=_attempt_derived,
    ),
    Section(
        "career_direction",
        CareerDirection,
        _rows(CareerDirection, _mine("member"), "pk"),
        "current_code target_code updated_at",
        derived=_direction_derived,
    ),
    Section(
        "assessment_answers",
        Answer,
        _rows(
            Answer, _mine("attempt__member"), "attempt", "item__position", related=["item__area"]
        ),
        "attempt value answered_at",
        derived=_answer_derived,
        omitted="item",  # given as its question and area
    ),
    Section(
        "goals",
        Goal,
        _rows(Goal, _mine("member"), "pk"),
        f"id {GOAL} path_slug created_at updated_at",
    ),
    Section(
        "goal_history",
        HistoricalGoal,
        _rows(HistoricalGoal, _mine("member"), "history_date", "history_id"),
        f"history_id history_date history_type history_change_reason reflection {GOAL} created_at",
        derived=_history_derived,
        omitted="id",  # given as `goal`
    ),
    Section(
        "quick_start",
        QuickStart,
        _rows(QuickStart, _mine("member"), "pk"),
        "interests hours_a_week attempt goal started_at updated_at finished_at dismissed_at",
    ),
    Section(
        "milestones",
        Milestone,
        _rows(Milestone, _mine("goal__member"), "goal", "position", "pk"),
        "id goal title due_date position completed_at created_at",
    ),
    Section(
        "tasks",
        Task,
        _rows(Task, _mine("goal__member"), "goal", "pk"),
        "id goal milestone title notes due_date effort_hours activity status completed_at"
        " position deleted_at created_at updated_at",
        omitted="version",  # counts saves, so a stale form cannot overwrite
    ),
    Section(
        "time_blocks",
        TimeBlock,
        _rows(TimeBlock, _mine("member"), "weekday", "starts_at", "pk"),
        "id goal weekday starts_at ends_at label created_at updated_at",
        omitted="version",  # counts changes, for calendar apps
    ),
    Section(
        "calendar_feed",
        CalendarFeed,
        _rows(CalendarFeed, _mine("member"), "pk"),
        "created_at",
        omitted="token",  # the secret address
    ),
    Section(
        "journal_entries",
        JournalEntry,
        _rows(JournalEntry, _mine("member"), "written_on", "pk"),
        "id goal written_on body created_at",
    ),
    Section(
        "wins",
        Win,
        _rows(Win, _mine("member"), "won_on", "pk"),
        "id kind title notes goal milestone won_on created_at",
    ),
    Section(
        "undoable_changes",
        Undo,
        _rows(Undo, _mine("member"), "created_at", "pk"),
        "id goal action label payload created_at undone_at",
    ),
    Section(
        "reflections",
        Reflection,
        _rows(Reflection, _mine("member"), "period_start", "pk"),
        "id cadence period_start period_end what_worked what_got_in_the_way what_to_change"
        " confidence started_at updated_at completed_at",
    ),
    Section(
        "mentor_profile",
        MentorProfile,
        _rows(MentorProfile, _mine("user"), "pk"),
        "headline expertise industries occupations roles years_experience time_zone capacity"
        " available created_at updated_at",
        omitted="match_terms",  # worked out from expertise, industries and occupations
    ),
    Section(
        "mentorships",
        Mentorship,
        _rows(Mentorship, _either("member", "mentor"), "pk", related=("member", "mentor")),
        f"id status origin {SHARED} started_at ended_at",
        many=("goals",),
        derived=_mentorship_derived,
    ),
    Section(
        "mentor_invitations",
        Invitation,
        _rows(
            Invitation,
            _either("member", "accepted_by", "mentorship__member", "mentorship__mentor"),
            "pk",
            related=("member",),
        ),
        f"id email message {SHARED} created_at sent_at expires_at accepted_at revoked_at"
        " mentorship",
        many=("goals",),
        derived=_invitation_derived,
        omitted="token_hash",
    ),
    Section(
        "mentorship_requests",
        MentorshipRequest,
        _rows(MentorshipRequest, _either("member", "mentor"), "pk", related=("member", "mentor")),
        f"id message {SHARED} status mentor_note member_reply created_at last_activity_at"
        " answered_at mentorship",
        many=("goals",),
        derived=_request_derived,
    ),
    Section(
        "feedback_requests",
        FeedbackRequest,
        _rows(FeedbackRequest, _either("mentorship__member", "mentorship__mentor"), "pk"),
        "id mentorship goal reflection note created_at answered_at",
    ),
    Section(
        "comments",
        Comment,
        _rows(Comment, _either("author", "owner"), "created_at", "pk", related=("author",)),
        "id goal milestone task reflection parent body created_at edited_at deleted_at",
        derived=_comment_derived,
    ),
    Section(
        "programme_memberships",
        ProgrammeMembership,
        _rows(ProgrammeMembership, _mine("member"), "joined_at", "pk", related=("programme",)),
        "programme role origin in_pool joined_at next_checkin_at",
        derived=_membership_derived,
    ),
    Section(
        "reminder_schedules",
        ReminderSchedule,
        _rows(ReminderSchedule, _mine("member"), "pk"),
        "topic enabled day month hour next_run_at updated_at",
    ),
    Section(
        "email_opt_outs",
        EmailOptOut,
        _rows(EmailOptOut, _mine("member"), "pk"),
        "topic created_at",
    ),
    Section(
        "emails",
        Delivery,
        _rows(Delivery, _mine("member"), "created_at", "pk"),
        "id kind topic status occurrence items send_after created_at sent_at",
        # The outbox's own bookkeeping; `address` is only for people without an account.
        omitted=(
            "address schedule batch_key revision dispatch_at attempts claimed_at last_error "
            "message_id"
        ),
    ),
)

# Tables with a path to a member that the export leaves out, and why ("app.Model" labels).
NOT_EXPORTED: dict[str, str] = {
    "admin.LogEntry": "Staff's record of their own changes in the admin site.",
    "careerdev.User_groups": "Staff permissions, not a member's data.",
    "careerdev.User_user_permissions": "Staff permissions, not a member's data.",
    "account.EmailConfirmation": "One-time keys that confirm an address; unused here.",
    "careerdev.FormToken": "One-time form keys against double submits; what they made is here.",
}

PROFILE_FIELDS = (
    "email",
    "display_name",
    "time_zone",
    "current_role",
    "target_role",
    "date_joined",
    "last_login",
)


def member_data_export(member: User, *, now: datetime | None = None) -> Row:
    """Everything careerdev holds about the member, in one query per section."""
    data: Row = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now or timezone.now(),
        "profile": {name: getattr(member, name) for name in PROFILE_FIELDS},
    }
    for section in SECTIONS:
        data[section.key] = section.export(member)
    return data


def _to_addresses(addresses: Iterable[str]) -> Q:
    found = Q(pk__in=[])
    for address in addresses:
        found |= Q(address__iexact=address)
    return found


@transaction.atomic
def account_delete(*, member: User) -> None:
    """Deletes the account and every row of the member's data, at once.

    Mentorships both ways, requests, invitations, programme memberships and pending e-mails
    go with it (a programme left with nobody in it goes too). Comments the
    member left on other members' plans stay there, credited to a former member (the author
    is set empty by Comment.author's on_delete).
    """
    addresses = mentoring_services.member_addresses(member)
    mentoring_services.member_invitations_forget(member=member)
    mentoring_programmes.member_programmes_forget(member=member)
    Delivery.objects.filter(member__isnull=True).filter(_to_addresses(addresses)).delete()
    member_id = member.pk
    member.delete()
    # Goal history is kept apart from the goals (and grows a record as each goal goes).
    HistoricalGoal.objects.filter(member_id=member_id).delete()
