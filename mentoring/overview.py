"""What the dashboard shows of mentoring, read in one query."""

from dataclasses import dataclass

from django.db.models import OuterRef

from careerdev.models import User
from mentoring.models import FeedbackRequest, Mentorship, MentorshipRequest, count_subquery


@dataclass(frozen=True)
class MentoringCounts:
    mentors: int  # people who mentor this member
    mentees: int  # people this member mentors
    waiting: int  # feedback and mentorship requests waiting for this member's answer

    @property
    def any(self) -> bool:
        return bool(self.mentors or self.mentees or self.waiting)


def mentoring_counts(member: User) -> MentoringCounts:
    person = OuterRef("pk")
    row = (
        User.objects.filter(pk=member.pk)
        .annotate(
            mentors=count_subquery(Mentorship.objects.active().for_member(person)),
            mentees=count_subquery(Mentorship.objects.active().for_mentor(person)),
            feedback=count_subquery(FeedbackRequest.objects.unanswered().for_mentor(person)),
            requests=count_subquery(MentorshipRequest.objects.open().to_mentor(person)),
        )
        .values("mentors", "mentees", "feedback", "requests")
        .get()
    )
    return MentoringCounts(
        mentors=row["mentors"],
        mentees=row["mentees"],
        waiting=row["feedback"] + row["requests"],
    )
