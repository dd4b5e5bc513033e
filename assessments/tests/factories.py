from collections.abc import Callable
from datetime import datetime

import factory
from django.utils import timezone

from assessments.models import Answer, Attempt, Instrument, Item
from assessments.occupations import Occupation
from careerdev.models import User
from careerdev.tests.factories import MemberFactory


class AttemptFactory(factory.django.DjangoModelFactory):
    """An open attempt on the newest version of an instrument (values unless told)."""

    class Meta:
        model = Attempt

    class Params:
        slug = "values"

    member = factory.SubFactory(MemberFactory)
    instrument = factory.LazyAttribute(lambda o: Instrument.objects.get(slug=o.slug))
    version = factory.LazyAttribute(lambda o: o.instrument.current_version)
    started_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)
    completed_at = None


def answer_all(attempt: Attempt, value: Callable[[Item], int] = lambda item: 3) -> None:
    now = timezone.now()
    Answer.objects.bulk_create(
        Answer(attempt=attempt, item=item, value=value(item), answered_at=now)
        for item in attempt.version.items.all()
    )


def completed_attempt(
    member: User,
    slug: str = "values",
    value: Callable[[Item], int] = lambda item: 3,
    when: datetime | None = None,
) -> Attempt:
    """A completed attempt with every question answered by `value(item)`."""
    attempt = AttemptFactory(member=member, slug=slug, completed_at=when or timezone.now())
    answer_all(attempt, value)
    return attempt


class OccupationFactory(factory.Factory):
    """A catalogue occupation made by hand, for tests that build a small Catalogue."""

    class Meta:
        model = Occupation

    code = factory.Sequence(lambda n: f"15-{1000 + n:04d}.00")
    title = factory.Sequence(lambda n: f"Test Workers {n}")
    also_called = ("First other name", "Second other name", "Third other name")
    description = "Made by hand for a test."
    interests = "SE"
    job_zone = 3
    values = ("support",)
    skills = (
        ("writing", 3),
        ("speaking", 3),
        ("active-listening", 3),
        ("coordination", 3),
        ("time-management", 3),
    )
    major_group = factory.LazyAttribute(lambda o: o.code[:2])
    major_group_name = "Test Occupations"
