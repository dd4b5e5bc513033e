from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from careerdev.models import Delivery, User
from careerdev.outbox import deliveries_send
from careerdev.tests.factories import MemberFactory
from mentoring.models import Mentorship
from mentoring.tests.factories import MentorshipFactory
from plans.models import Goal, Milestone, Task
from plans.tests.factories import GoalFactory, MilestoneFactory, TaskFactory


@pytest.fixture
def goal(member: User) -> Goal:
    return GoalFactory(member=member, title="Move into product management")


@pytest.fixture
def milestone(goal: Goal) -> Milestone:
    return MilestoneFactory(goal=goal, title="Learn the basics")


@pytest.fixture
def task(goal: Goal, milestone: Milestone) -> Task:
    return TaskFactory(goal=goal, milestone=milestone, title="Read the product book")


@pytest.fixture
def mentor(db) -> User:
    return MemberFactory(display_name="Morgan Mentor", email="morgan@example.org")


@pytest.fixture
def mentorship(member: User, mentor: User, goal: Goal) -> Mentorship:
    return MentorshipFactory(member=member, mentor=mentor, goals=[goal])


@pytest.fixture
def mentor_client(client, mentor: User, mentorship: Mentorship):
    client.force_login(mentor)
    return client


@pytest.fixture
def send_notices() -> Callable[[], list[EmailMessage]]:
    """Sends what the outbox holds once the comment batching window has passed, as the
    beat tick and a worker would; returns the mail sent so far."""

    def send() -> list[EmailMessage]:
        ids = list(Delivery.objects.pending().values_list("pk", flat=True))
        later = timezone.now() + timedelta(minutes=settings.MENTORING_NOTICE_MINUTES, seconds=1)
        with time_machine.travel(later):
            deliveries_send(delivery_ids=ids)
        return mail.outbox

    return send
