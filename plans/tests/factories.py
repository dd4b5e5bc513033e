import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from careerdev.tests.factories import MemberFactory
from plans.models import (
    Goal,
    GoalKind,
    JournalEntry,
    Milestone,
    Reflection,
    Task,
    TimeBlock,
    Win,
    WinKind,
)
from plans.periods import Cadence, Period


def today() -> dt.date:
    return timezone.localdate()


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    member = factory.SubFactory(MemberFactory)
    kind = GoalKind.SKILLS
    title = factory.Sequence(lambda n: f"Pass the SQL certification exam {n}")
    why = "My target role asks for it."
    measure = "Pass the exam with 80% or more."
    start_date = factory.LazyFunction(lambda: today() - dt.timedelta(days=30))
    target_date = factory.LazyFunction(lambda: today() + dt.timedelta(days=60))


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    goal = factory.SubFactory(GoalFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    position = factory.Sequence(lambda n: n)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    goal = factory.SubFactory(GoalFactory)
    milestone = None
    title = factory.Sequence(lambda n: f"Task {n}")
    due_date = factory.LazyFunction(lambda: today() + dt.timedelta(days=10))
    effort_hours = Decimal("2")
    activity = "online_course"
    position = factory.Sequence(lambda n: n)


class TimeBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeBlock

    member = factory.SubFactory(MemberFactory)
    weekday = 1
    starts_at = dt.time(18, 0)
    ends_at = dt.time(19, 0)


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    member = factory.SubFactory(MemberFactory)
    written_on = factory.LazyFunction(today)
    body = "Finished the first module."


class WinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Win

    member = factory.SubFactory(MemberFactory)
    kind = WinKind.CERTIFICATION
    title = factory.Sequence(lambda n: f"Certified {n}")
    won_on = factory.LazyFunction(today)


class ReflectionFactory(factory.django.DjangoModelFactory):
    """A draft reflection on the month before today's; pass `period` for another one."""

    class Meta:
        model = Reflection
        exclude = ("period",)

    member = factory.SubFactory(MemberFactory)
    period = factory.LazyFunction(lambda: Period.containing(Cadence.MONTHLY, today()).previous())
    cadence = factory.LazyAttribute(lambda o: o.period.cadence)
    period_start = factory.LazyAttribute(lambda o: o.period.start)
    period_end = factory.LazyAttribute(lambda o: o.period.end)
