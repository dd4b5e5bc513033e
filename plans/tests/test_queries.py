"""The busiest pages run the same number of queries for one goal as for fifty goals and a
thousand tasks."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.tests.factories import AttemptFactory
from careerdev.models import User
from plans import services
from plans.models import Goal, JournalEntry, Milestone, Reflection, Task, TimeBlock, Win
from plans.periods import Cadence, Period
from plans.tests.factories import GoalFactory, MilestoneFactory, TaskFactory, WinFactory, today

pytestmark = pytest.mark.django_db

GOALS, MILESTONES_PER_GOAL, TASKS = 50, 4, 1000
ACTIVITIES = ["course", "workshop", "mentorship", "networking", "online_course"]


def fill(member: User) -> Goal:
    """50 goals, 200 milestones, 1,000 tasks, wins, blocks and journal entries."""
    rng = random.Random(7)
    start = today() - dt.timedelta(days=90)
    goals = Goal.objects.bulk_create(
        Goal(
            member=member,
            title=f"Goal {n}",
            start_date=start,
            target_date=today() + dt.timedelta(days=rng.randint(-10, 300)),
            status="active" if n % 5 else "paused",
        )
        for n in range(GOALS)
    )
    milestones = Milestone.objects.bulk_create(
        Milestone(goal=goal, title=f"Step {m}", position=m)
        for goal in goals
        for m in range(MILESTONES_PER_GOAL)
    )
    Task.objects.bulk_create(
        Task(
            goal_id=milestone.goal_id,
            milestone=milestone,
            title=f"Task {n}",
            due_date=today() + dt.timedelta(days=rng.randint(-60, 200)),
            effort_hours=Decimal(rng.choice(["0.5", "1", "2", "4"])),
            activity=rng.choice(ACTIVITIES),
            status=status,
            completed_at=(
                timezone.now() - dt.timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23))
                if status == "done"
                else None
            ),
            position=n,
        )
        for n in range(TASKS)
        for milestone in [milestones[n % len(milestones)]]
        for status in [rng.choice(["open", "open", "done", "dropped"])]
    )
    Win.objects.bulk_create(
        Win(member=member, kind="other", title=f"Win {n}", won_on=today()) for n in range(60)
    )
    TimeBlock.objects.bulk_create(
        TimeBlock(member=member, weekday=n % 7, starts_at=dt.time(7 + n), ends_at=dt.time(8 + n))
        for n in range(10)
    )
    JournalEntry.objects.bulk_create(
        JournalEntry(
            member=member,
            goal=goals[n % GOALS],
            written_on=today() - dt.timedelta(days=n * 2),
            body="Notes",
        )
        for n in range(200)
    )
    reflections = reflect(member, months=24)
    # A long history for the goal the goal page shows, some of it made in reflections.
    for n in range(40):
        services.goal_update(
            goal=goals[1],
            title=f"Goal 1, take {n}",
            target_date=today() + dt.timedelta(days=100 + n),
            change_note=f"Note {n}",
            reflection=reflections[n % len(reflections)] if n % 2 else None,
        )
    for slug in ("skills", "values", "interests"):
        AttemptFactory(member=member, slug=slug, completed_at=timezone.now())
    return goals[1]


def reflect(member: User, months: int) -> list[Reflection]:
    """A reflection on each of the last `months` months, and the quarters and years they make."""
    current = today()
    periods = {
        Period.containing(cadence, current - dt.timedelta(days=30 * n))
        for n in range(months)
        for cadence in Cadence
    }
    return Reflection.objects.bulk_create(
        Reflection(
            member=member,
            cadence=period.cadence,
            period_start=period.start,
            period_end=period.end,
            what_worked="Mornings",
            confidence=3,
            completed_at=timezone.now(),
        )
        for period in sorted(periods)
    )


def small(member: User) -> Goal:
    goal = GoalFactory(member=member)
    TaskFactory(goal=goal, milestone=MilestoneFactory(goal=goal))
    WinFactory(member=member)
    reflect(member, months=1)
    return goal


def reflection_url(cadence: str):
    def url_for(goal: Goal) -> str:
        period = Period.containing(cadence, today())
        return Reflection.objects.get(
            member=goal.member, cadence=cadence, period_start=period.start
        ).get_absolute_url()

    return url_for


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# Each budget counts the session and user look-ups (2 queries) of every logged-in page.
PAGES = {
    # The dashboard also reads self-assessment progress and reminder schedules (1 query each),
    # reflections (2), mentoring (1), the member's target occupation (1), programmes (1) and
    # whether the quick start is still on offer (1).
    "dashboard": (lambda goal: reverse("dashboard"), 18),
    # The goal page also shows its comment threads through mentoring's template tag (2 queries).
    "goal page": (lambda goal: goal.get_absolute_url(), 12),
    "reflections": (lambda goal: reverse("plans:reflection_list"), 6),
    # The reflection, its review (10 queries, 11 with a trend) and the changes made in it,
    # and its comment thread through mentoring's template tag (2).
    "monthly reflection": (reflection_url("monthly"), 16),
    "quarterly reflection": (reflection_url("quarterly"), 17),
    "yearly reflection": (reflection_url("yearly"), 17),
    "timeline": (lambda goal: reverse("plans:timeline"), 3),
    "wins": (lambda goal: reverse("plans:wins"), 5),
    "goal list": (lambda goal: reverse("plans:goal_list"), 3),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_query_count_does_not_grow_with_the_data(client, page):
    url_for, limit = PAGES[page]
    light, heavy = User.objects.create(email="l@x.test"), User.objects.create(email="h@x.test")
    light_goal, heavy_goal = small(light), fill(heavy)

    client.force_login(light)
    light_count = queries(client, url_for(light_goal))
    client.force_login(heavy)
    heavy_count = queries(client, url_for(heavy_goal))

    assert heavy_count == light_count
    assert heavy_count <= limit


def test_the_big_member_sees_every_page_within_the_query_budget(
    client, django_assert_max_num_queries
):
    member = User.objects.create(email="big@x.test")
    goal = fill(member)
    assert Task.objects.filter(goal__member=member).count() == TASKS
    client.force_login(member)

    for page, (url_for, limit) in PAGES.items():
        url = url_for(goal)
        with django_assert_max_num_queries(limit, info=page):
            assert client.get(url).status_code == 200
