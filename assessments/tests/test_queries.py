"""Pages run a fixed number of queries however many attempts and answers a member has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.demo import demo_attempts_create
from assessments.models import Attempt
from assessments.summary import profile_summary
from assessments.tests.factories import AttemptFactory
from careerdev.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

# Session, user and the page's own queries; the same limits hold with one attempt each.
RESULTS_QUERIES = 7
COMPARE_QUERIES = 7
SUMMARY_QUERIES = 6
OVERVIEW_QUERIES = 4


@pytest.fixture
def history(member):
    """Ten completed attempts at each of the five instruments, with all their answers."""
    for seed in range(10):
        demo_attempts_create([member], seed=seed)
    AttemptFactory(member=member, slug="values")
    return Attempt.objects.for_member(member)


def test_the_member_has_a_long_history(history):
    assert history.completed().count() == 50
    assert sum(attempt.answers.count() for attempt in history) == 10 * 204


@pytest.mark.parametrize("slug", ["skills", "interests", "personality"])
def test_the_results_page_runs_a_constant_number_of_queries(
    member_client, history, slug, django_assert_max_num_queries
):
    attempt = history.completed().of_instrument(slug).order_by("completed_at").last()

    with django_assert_max_num_queries(RESULTS_QUERIES):
        response = member_client.get(reverse("assessments:attempt_detail", args=[attempt.pk]))

    assert response.status_code == 200


def test_the_comparison_runs_a_constant_number_of_queries(
    member_client, history, django_assert_max_num_queries
):
    first, second = history.completed().of_instrument("skills")[:2]

    with django_assert_max_num_queries(COMPARE_QUERIES):
        response = member_client.get(
            reverse("assessments:compare", args=["skills"]),
            {"first": first.pk, "second": second.pk},
        )

    assert response.status_code == 200


def test_the_summary_page_runs_a_constant_number_of_queries(
    member_client, history, django_assert_max_num_queries
):
    with django_assert_max_num_queries(SUMMARY_QUERIES):
        response = member_client.get(reverse("assessments:summary"))

    assert "Not taken yet" not in response.text


def test_profile_summary_takes_four_queries(member, history, django_assert_num_queries):
    with django_assert_num_queries(4):
        summary = profile_summary(member)

    assert len(summary.completed_at) == 5


def test_the_dashboard_runs_as_many_queries_for_a_long_history_as_for_none(client, member, history):
    # Compared rather than fixed: other steps of the dashboard add their own queries.
    newcomer = MemberFactory()
    counts = []
    for person in (newcomer, member):
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("dashboard"))
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert response.context["steps"][0].status == "Complete"


def test_the_overview_runs_a_constant_number_of_queries(
    member_client, history, django_assert_max_num_queries
):
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        response = member_client.get(reverse("assessments:overview"))

    assert "(10 attempts)" in response.text
