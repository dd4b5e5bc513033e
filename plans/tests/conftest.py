import datetime as dt
from collections.abc import Callable

import pytest

import assessments.summary
from assessments.summary import AreaScore, ProfileSummary, SkillRating
from careerdev.models import User
from plans.models import Goal, Milestone, Task
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


SUMMARY = ProfileSummary(
    skills=(
        SkillRating("sql", "SQL", "technical", current=2, target=4),
        SkillRating("storytelling", "Storytelling", "communication", current=1, target=4),
    ),
    leadership=(AreaScore("delegating", "Delegating", 30.0),),
    interests=(AreaScore("artistic", "Artistic", 90.0), AreaScore("social", "Social", 80.0)),
    interest_code="ASE",
    values=(AreaScore("creativity", "Creativity", 95.0),),
    completed_at={"skills": dt.datetime(2026, 5, 1, tzinfo=dt.UTC)},
)


@pytest.fixture
def set_profile_summary(monkeypatch) -> Callable[[ProfileSummary], None]:
    """Gives the suggestions page this summary for every member.

    Stands in for assessment attempts until the assessments app builds summaries from them.
    """

    def use(summary: ProfileSummary) -> None:
        monkeypatch.setattr(
            assessments.summary, "profile_summary", lambda member: summary, raising=False
        )

    return use


@pytest.fixture
def member_with_results(member: User, set_profile_summary) -> User:
    """A data analyst whose results show skills gaps, weak delegating and creative interests."""
    member.current_role = "Data analyst"
    member.save(update_fields=["current_role"])
    set_profile_summary(SUMMARY)
    return member
