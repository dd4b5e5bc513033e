import pytest

from assessments.models import Attempt, Item
from assessments.tests.factories import AttemptFactory, completed_attempt


@pytest.fixture
def open_attempt(member) -> Attempt:
    return AttemptFactory(member=member, slug="values")


@pytest.fixture
def completed(member) -> Attempt:
    return completed_attempt(member, "values")


@pytest.fixture
def page_one(open_attempt) -> list[Item]:
    return list(open_attempt.version.items.filter(page=1))
