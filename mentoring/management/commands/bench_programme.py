"""make bench-programme: times a programme admin's overview page over 10,000 members.

Seeds the members into a programme of their own in the configured database (half took
the skills assessment, half aim for a catalogue role, two in three work on a goal, a third
reflected this month; thirty mentor in the pool), then asks for the overview page through
the test client several times and prints the median and 95th percentile, with the number
of queries. A programme this large is counted in the background (see
mentoring.programme_counts): the time one snapshot takes is printed too. The seeded rows
are deleted afterwards unless --keep-data is given.
"""

import argparse
import time
from datetime import timedelta
from decimal import Decimal
from itertools import batched

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Attempt, CareerDirection, Instrument
from careerdev.bench import summary, verified_members
from careerdev.models import User
from mentoring import programmes
from mentoring.models import MentorProfile
from mentoring.programme_counts import snapshot_refresh
from mentoring.programme_models import Origin, Programme, ProgrammeMembership, Role
from plans.models import Goal, Reflection, Task

EMAIL = "programme-bench{n}@bench.example.com"
TARGETS = ("15-1241.00", "15-1252.00", "11-3021.00", "15-2051.00", "13-1111.00")
POOL = 30
BATCH = 2000


class Command(BaseCommand):
    help = "Benchmarks a programme admin's overview page over many members."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--members", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--keep-data", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write(self.style.WARNING("The figures that count are PostgreSQL's."))
        members, runs = int(options["members"]), int(options["runs"])
        started = time.perf_counter()
        admin, programme = seed(members)
        self.stdout.write(f"Seeded {members:,} members in {time.perf_counter() - started:.1f} s.")
        try:
            begun = time.perf_counter()
            snapshot_refresh(programme=programme)
            self.stdout.write(
                f"Counting them in the background (one snapshot) took "
                f"{(time.perf_counter() - begun) * 1000:.0f} ms."
            )
            timings, queries = measure(admin, programme, runs)
        finally:
            if not options["keep_data"]:
                forget(programme)
        self.stdout.write(
            f"Overview of a programme of {members:,} members, {runs} runs: "
            f"{summary(timings)}, {queries} queries."
        )


def measure(admin: User, programme: Programme, runs: int) -> tuple[list[float], int]:
    url = reverse("mentoring:programme_overview", args=[programme.pk])
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        client = Client()
        client.force_login(admin)
        client.get(url)  # warm: templates, the catalogue, the path library
        timings = []
        for _ in range(runs):
            begun = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 200, response.status_code  # noqa: S101
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
    return timings, len(captured)


@transaction.atomic
def seed(count: int) -> tuple[User, Programme]:
    admin = User.objects.create(email=EMAIL.format(n="-admin"), display_name="Bench admin")
    programme = programmes.programme_create(
        member=admin,
        name=f"Bench programme {timezone.now():%Y-%m-%d %H:%M:%S}",
        description="",
        starts_on=timezone.localdate(),
        ends_on=None,
        guidance="",
        checkin_cadence="monthly",
        paths=[],
    )
    skills = Instrument.objects.get(slug="skills")
    version = skills.current_version
    items = list(version.items.all())
    now, today = timezone.now(), timezone.localdate()
    first = User.objects.filter(email__startswith="programme-bench").count()
    for batch, numbers in enumerate(batched(range(first, first + count), BATCH)):
        users = verified_members(numbers, EMAIL)
        ProgrammeMembership.objects.bulk_create(
            ProgrammeMembership(
                programme=programme,
                member=user,
                role=Role.MEMBER,
                origin=Origin.CODE,
                in_pool=batch == 0 and index < POOL,
            )
            for index, user in enumerate(users)
        )
        _assessments(users[::2], skills, version, items, now)
        CareerDirection.objects.bulk_create(
            CareerDirection(member=user, target_code=TARGETS[user.pk % len(TARGETS)])
            for user in users[1::2]
        )
        _plans([user for user in users if user.pk % 3], today)
        Reflection.objects.bulk_create(
            Reflection(
                member=user,
                cadence="monthly",
                period_start=today.replace(day=1),
                period_end=today,
                confidence=3,
                completed_at=now,
            )
            for user in users[::3]
        )
    pool = ProgrammeMembership.objects.pool().filter(programme=programme)
    MentorProfile.objects.bulk_create(
        MentorProfile(user_id=member_id, capacity=3)
        for member_id in pool.values_list("member_id", flat=True)
    )
    return admin, programme


def _assessments(users: list[User], instrument: Instrument, version, items, now) -> None:
    attempts = Attempt.objects.bulk_create(
        Attempt(
            member=user,
            instrument=instrument,
            version=version,
            started_at=now,
            updated_at=now,
            completed_at=now,
        )
        for user in users
    )
    answers = (
        Answer(
            attempt=attempt,
            item=item,
            # Short by a level in a third of the skills, a different third for each member.
            value=4 if item.facet == "target" and (item.area_id + attempt.pk) % 3 == 0 else 3,
            answered_at=now,
        )
        for attempt in attempts
        for item in items
    )
    for chunk in batched(answers, 10_000):
        Answer.objects.bulk_create(chunk)


def _plans(users: list[User], today) -> None:
    goals = Goal.objects.bulk_create(
        Goal(
            member=user,
            kind="skills",
            title="Pass the SQL certification",
            why="The role asks for it.",
            measure="Pass with 80%.",
            start_date=today - timedelta(days=30),
            target_date=today + timedelta(days=60),
        )
        for user in users
    )
    Task.objects.bulk_create(
        Task(
            goal=goal,
            title=f"Module {number}",
            due_date=today + timedelta(days=number),
            effort_hours=Decimal(2),
            activity="online_course",
            status="done" if number < goal.pk % 5 else "open",
            position=number,
        )
        for goal in goals
        for number in range(5)
    )


def forget(programme: Programme) -> None:
    """Deletes what the benchmark seeded: its members (and all they hold) and the programme."""
    with transaction.atomic():
        member_ids = list(programme.memberships.values_list("member_id", flat=True))
        programme.delete()
        for chunk in batched(member_ids, BATCH):
            User.objects.filter(pk__in=chunk).delete()
            Goal.history.model.objects.filter(member_id__in=chunk).delete()
        User.objects.filter(email=EMAIL.format(n="-admin")).delete()
