"""The path and activity pages run the same queries for a small library as for a large one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import CareerDirection
from assessments.tests.factories import completed_attempt
from plans.tests.factories import GoalFactory, TimeBlockFactory
from plans.tests.library_factories import SUPPORT_PATH, big_library, small_library

pytestmark = pytest.mark.django_db

PAGES = [
    ("plans:path_list", [], {}),
    ("plans:path_list", [], {"field": "technical"}),
    ("plans:path_detail", [SUPPORT_PATH.slug], {}),
    ("plans:path_adopt", [SUPPORT_PATH.slug], {}),
    ("plans:path_adopt", [SUPPORT_PATH.slug], {"again": "1"}),
    ("plans:activity_list", [], {}),
    ("plans:activity_list", [], {"skill": "writing", "cost": "free", "page": "2"}),
    ("plans:activity_detail", ["a-plus"], {}),
]
# Session, user, career direction or goals, assessment results (four), time blocks.
MOST = 10


@pytest.fixture
def busy_member(member):
    """A member with results, a direction, goals, time blocks and an adopted path."""
    completed_attempt(member, "skills")
    completed_attempt(member, "values")
    CareerDirection.objects.create(member=member, current_code="15-1232.00")
    for _ in range(5):
        GoalFactory(member=member)
    GoalFactory(member=member, path_slug=SUPPORT_PATH.slug)
    TimeBlockFactory(member=member)
    return member


def queries(client, name, args, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(("name", "args", "params"), PAGES)
def test_a_page_queries_the_same_whatever_the_library_size(
    client, busy_member, monkeypatch, django_assert_max_num_queries, name, args, params
):
    client.force_login(busy_member)
    small, big = small_library(), big_library()
    monkeypatch.setattr("plans.library.library", lambda: small)
    with_small = queries(client, name, args, params)
    monkeypatch.setattr("plans.library.library", lambda: big)

    with django_assert_max_num_queries(MOST):
        with_big = queries(client, name, args, params)

    assert with_big == with_small
