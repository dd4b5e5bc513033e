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


FIVE_OCCUPATIONS = """
major_group: "15"
name: Computer and Mathematical Occupations
occupations:
"""
_ENTRY = """
  - code: "15-12{n:02d}.00"
    title: Test Workers {n}
    also_called: [Tester {n}, Checker {n}, Trier {n}]
    description: Made for a test of query counts.
    interests: {interests}
    job_zone: {zone}
    values: [support, achievement]
    skills: {{writing: 3, speaking: 4, programming: 2, troubleshooting: 3, coordination: 3}}
"""


@pytest.fixture
def small_catalogue(tmp_path, monkeypatch):
    """The catalogue replaced, for one test, by five occupations read from a file."""
    from assessments import occupations

    text = FIVE_OCCUPATIONS + "".join(
        _ENTRY.format(n=n, interests="SEC"[n % 3] + "I", zone=n % 5 + 1) for n in range(5)
    )
    (tmp_path / "15-test.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(occupations, "OCCUPATIONS_DIR", tmp_path)
    occupations.catalogue.cache_clear()
    yield occupations.catalogue()
    occupations.catalogue.cache_clear()
