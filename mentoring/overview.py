"""What the dashboard shows of mentoring, read in one query."""

from dataclasses import dataclass

from django.db.models import Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from careerdev.models import User
from mentoring.models import FeedbackRequest, Mentorship, MentorshipRequest


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
