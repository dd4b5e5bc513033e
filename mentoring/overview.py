"""What the dashboard shows of mentoring: counts in one query, and for mentors and mentored
members the lists behind them in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from careerdev.models import User
from mentoring.models import (
    Comment,
    FeedbackRequest,
    Mentorship,
    MentorshipRequest,
    RequestStatus,
)

# Mentor comments count as new on the member's dashboard for this long.
NEW_COMMENT_DAYS = 14
SHOWN_COMMENTS = 5


@dataclass(frozen=True)
class MentoringCounts:
    mentors: int  # people who mentor this member
    mentees: int  # people this member mentors
    waiting: int  # feedback and mentorship requests waiting for this member's answer

    @property
    def any(self) -> bool:
        return bool(self.mentors or self.mentees or self.waiting)


def _count(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def mentoring_counts(member: User) -> MentoringCounts:
    person = OuterRef("pk")
    row = (
        User.objects.filter(pk=member.pk)
        .annotate(
            mentors=_count(Mentorship.objects.active().for_member(person)),
            mentees=_count(Mentorship.objects.active().for_mentor(person)),
            feedback=_count(FeedbackRequest.objects.unanswered().for_mentor(person)),
            requests=_count(MentorshipRequest.objects.open().to_mentor(person)),
        )
        .values("mentors", "mentees", "feedback", "requests")
        .get()
    )
    return MentoringCounts(
        mentors=row["mentors"],
        mentees=row["mentees"],
        waiting=row["feedback"] + row["requests"],
    )


@dataclass(frozen=True)
class MentorOverview:
    """What a mentor sees first: the people they mentor and what waits for their answer."""

    mentorships: list[Mentorship]
    feedback: list[FeedbackRequest]
    requests: list[MentorshipRequest]


def mentor_overview(mentor: User) -> MentorOverview:
    """Three queries, however many mentees and requests."""
    mentorships = (
        Mentorship.objects.active()
        .for_mentor(mentor)
        .select_related("member")
        .annotate(
            goal_count=Count("goals", distinct=True),
            open_feedback=Count(
                "feedback_requests",
                filter=Q(feedback_requests__answered_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("member__display_name", "pk")
    )
    feedback = (
        FeedbackRequest.objects.for_mentor(mentor)
        .unanswered()
        .select_related("mentorship__member", "goal", "reflection")
        .order_by("created_at")
    )
    requests = (
        MentorshipRequest.objects.to_mentor(mentor)
        .filter(status=RequestStatus.PENDING)
        .select_related("member")
        .order_by("last_activity_at")
    )
    return MentorOverview(list(mentorships), list(feedback), list(requests))


def new_mentor_comments(member: User, now: datetime) -> list[Comment]:
    """Comments others (their mentors) left lately on the member's goals, plans and
    reflections, newest first: one query, however many there are."""
    return list(
        Comment.objects.to_owner_from_others(member)
        .filter(created_at__gte=now - timedelta(days=NEW_COMMENT_DAYS))
        .select_related("author", "goal", "milestone", "task", "reflection")
        .order_by("-created_at")[:SHOWN_COMMENTS]
    )
