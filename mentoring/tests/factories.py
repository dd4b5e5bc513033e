import datetime as dt

import factory
from django.utils import timezone

from careerdev.tests.factories import MemberFactory
from mentoring.models import (
    Comment,
    FeedbackRequest,
    Invitation,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
    token_hash,
)


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(MemberFactory)
    headline = "I help analysts move into product roles."
    expertise = factory.LazyFunction(lambda: ["writing", "negotiation"])
    industries = factory.LazyFunction(lambda: ["product", "data"])
    roles = factory.LazyFunction(lambda: ["Head of product"])
    years_experience = 12
    time_zone = "Europe/London"
    capacity = 3
    available = True

    @factory.post_generation
    def terms(obj: MentorProfile, create: bool, extracted: object, **kwargs: object) -> None:
        obj.refresh_match_terms()
        if create:
            obj.save(update_fields=["match_terms"])


class MentorshipFactory(factory.django.DjangoModelFactory):
    """An active mentorship; pass goals=[...] to share goals."""

    class Meta:
        model = Mentorship
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    mentor = factory.SubFactory(MemberFactory)
    origin = Mentorship.Origin.INVITATION

    @factory.post_generation
    def goals(obj: Mentorship, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            obj.goals.set(extracted)


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation whose token is `token` (given, or "token-<n>")."""

    class Meta:
        model = Invitation
        skip_postgeneration_save = True

    class Params:
        token = factory.Sequence(lambda n: f"token-{n}")

    member = factory.SubFactory(MemberFactory)
    email = factory.Sequence(lambda n: f"mentor{n}@example.org")
    message = "Would you look at my plan?"
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))

    @factory.post_generation
    def goals(obj: Invitation, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            obj.goals.set(extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    goal = None
    author = factory.LazyAttribute(lambda o: o.goal.member)
    owner = factory.LazyAttribute(lambda o: o.goal.member)
    body = factory.Sequence(lambda n: f"Comment {n}")


class FeedbackRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackRequest

    mentorship = factory.SubFactory(MentorshipFactory)
    goal = None
    note = "Is the timeline realistic?"


class MentorshipRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorshipRequest

    member = factory.SubFactory(MemberFactory)
    mentor = factory.SubFactory(MemberFactory)
    message = "I am moving into product management and would value your view."
