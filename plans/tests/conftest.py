import datetime as dt

import pytest

from assessments.models import Item
from assessments.occupations import catalogue
from assessments.services import career_direction_set
from assessments.tests.factories import completed_attempt
from careerdev.models import User
from plans.library import Library
from plans.models import Goal, Milestone, Task
from plans.tests import library_factories
from plans.tests.factories import GoalFactory, MilestoneFactory, TaskFactory, today


@pytest.fixture
def goal(member: User) -> Goal:
    return GoalFactory(member=member)


@pytest.fixture
def milestone(goal: Goal) -> Milestone:
    return MilestoneFactory(goal=goal, title="Learn the basics")


@pytest.fixture
def task(goal: Goal, milestone: Milestone) -> Task:
    return TaskFactory(goal=goal, milestone=milestone, title="Read chapter one")


@pytest.fixture
def behind_goal(member: User) -> Goal:
    """A goal with 6 of its 8 hours overdue and nothing done."""
    goal = GoalFactory(member=member, title="Finish the analytics course")
    TaskFactory(goal=goal, title="Module one", due_date=today() - dt.timedelta(days=9))
    TaskFactory(
        goal=goal, title="Module two", due_date=today() - dt.timedelta(days=2), effort_hours=4
    )
    TaskFactory(goal=goal, title="Module three", due_date=today() + dt.timedelta(days=20))
    return goal


@pytest.fixture
def member_with_results(member: User) -> User:
    """A data scientist (ICR) whose completed assessments show skills gaps in writing and
    programming, weak delegating, and artistic and social interests."""
    career_direction_set(member=member, role="current", occupation=catalogue().get("15-2051.00"))
    gaps = {"writing": (1, 4), "programming": (2, 4)}

    def skill_rating(item: Item) -> int:
        current, target = gaps.get(item.area.slug, (3, 3))
        return current if item.facet == "current" else target

    interests = {"artistic": 5, "social": 4, "enterprising": 3}
    completed_attempt(member, "skills", skill_rating)
    completed_attempt(member, "leadership", lambda item: 1 if item.area.slug == "delegating" else 5)
    completed_attempt(member, "interests", lambda item: interests.get(item.area.slug, 1))
    return member


@pytest.fixture
def small_library(monkeypatch: pytest.MonkeyPatch) -> Library:
    """Pages and services read this hand-built library instead of the data files."""
    built = library_factories.small_library()
    monkeypatch.setattr("plans.library.library", lambda: built)
    return built
