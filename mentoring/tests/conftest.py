import pytest

from careerdev.models import User
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
