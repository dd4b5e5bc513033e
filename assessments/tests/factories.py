from collections.abc import Callable
from datetime import datetime

import factory
from django.utils import timezone

from assessments.models import Answer, Attempt, Instrument, Item
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
