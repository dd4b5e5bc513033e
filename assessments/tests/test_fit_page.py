"""The page of occupations that fit a member, and the query counts of the catalogue pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from assessments.occupations import catalogue
from assessments.tests.factories import completed_attempt

pytestmark = pytest.mark.django_db

FIT = reverse("assessments:fit")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "occupation-results"}
SOCIAL_ENTERPRISING = {"social": 5, "enterprising": 4, "artistic": 2}


def interests(member, leaning=SOCIAL_ENTERPRISING):
    return completed_attempt(member, "interests", lambda item: leaning.get(item.area.slug, 1))


def values(member):
    top = {"achievement": 5, "independence": 4}
    return completed_attempt(member, "values", lambda item: top.get(item.area.slug, 2))


def skills(member):
    return completed_attempt(member, "skills", lambda item: 3 if item.facet == "current" else 4)


def test_a_member_with_no_results_is_told_which_assessments_to_take(member_client):
    response = member_client.get(FIT)

    assertContains(response, "Nothing to rank on yet")
    for slug in ("interests", "values", "skills"):
        assertContains(response, f'href="{reverse("assessments:instrument", args=[slug])}"')
    assertContains(response, "take the interests assessment</a> to include them")
    assertContains(response, "take the values assessment</a> to include them")
    assertNotContains(response, "% match")


def test_a_social_enterprising_member_sees_ranked_fits_with_their_parts(member_client, member):
    interests(member)
    values(member)
    skills(member)

    response = member_client.get(FIT)

    assertContains(response, "Interests</strong>: your code SEA")
    first = response.context["explained"][0]
    assert first.fit.rank == 1
    assert first.fit.occupation.interests[0] in "SE"
    assertContains(response, f"{first.fit.match}% match")
    x, width = first.bar[1][1:]
    assertContains(response, f'<rect class="fit-values" x="{x:.2f}" width="{width:.2f}"')
    assertContains(response, first.interests)
    assertContains(response, first.values)
    assertContains(response, first.skills)
    assertContains(response, f"{len(catalogue())} occupations ranked")


def test_a_flat_interest_profile_is_named_and_the_ranking_rests_on_values(member_client, member):
    interests(member, leaning={})  # every activity rated 1: six equal scores
    values(member)

    response = member_client.get(FIT)

    assertContains(response, "your six interest scores are nearly level")
    assertContains(response, "The ranking rests on values instead.")
    assert all(e.fit.part("interests") is None for e in response.context["explained"])
    assert response.context["explained"]


def test_equal_matches_are_shown_as_ties(member_client, member):
    interests(member)

    response = member_client.get(FIT)

    tied = [e.fit for e in response.context["explained"] if e.fit.tied]
    assert tied  # with one part, many occupations share a code and so a match
    assertContains(response, f'aria-label="Rank {tied[0].rank}, tied"')
    assertContains(response, f">={tied[0].rank}<")


def test_the_job_zone_filter_and_a_zone_that_does_not_exist(member_client, member):
    interests(member)

    narrowed = member_client.get(FIT, {"zone": "2"})
    ignored = member_client.get(FIT, {"zone": "7"})

    assert {e.fit.occupation.job_zone for e in narrowed.context["explained"]} == {2}
    assertContains(ignored, "There is no job zone “7”, so that filter is ignored")
    assert ignored.context["page"].paginator.count == len(catalogue())


def test_changing_the_zone_with_htmx_gets_only_the_ranking(member_client, member):
    interests(member)

    response = member_client.get(FIT, {"zone": "3"}, **HTMX)

    assert response.text.lstrip().startswith('<div id="occupation-results"')
    assertNotContains(response, "<html")


def test_another_members_results_never_rank_for_this_member(other_client, member):
    interests(member)
    values(member)

    response = other_client.get(FIT)

    assertContains(response, "Nothing to rank on yet")


# Query counts: the catalogue is in memory, so pages ask the database the same whatever
# its size. Each page is loaded with the whole catalogue and then with five occupations.
# Search and browse: session and member. The occupation page adds the latest skills
# result (attempt, areas, items, answers) and the member's direction; the fit page the
# profile summary (four) and the direction.

PAGES = {
    "search": (reverse("assessments:occupation_list"), {"q": "workers"}, 2),
    "browse": (reverse("assessments:occupation_list"), {}, 2),
    "occupation": (reverse("assessments:occupation", args=["15-1201.00"]), {}, 7),
    "fit": (FIT, {}, 7),
}


def _count(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def full_history(member):
    for _ in range(2):
        interests(member)
        values(member)
        skills(member)


@pytest.mark.parametrize("name", PAGES)
def test_catalogue_pages_run_as_many_queries_for_five_occupations_as_for_all(
    request, member_client, full_history, name, django_assert_max_num_queries
):
    # The rendering is measured, not a visit the page cache serves.
    request.getfixturevalue("settings").FRAGMENT_CACHE_SECONDS = 0
    url, params, limit = PAGES[name]
    if name == "occupation":  # a code both catalogues hold
        url = reverse("assessments:occupation", args=["15-1232.00"])
    with django_assert_max_num_queries(limit):
        everything = _count(member_client, url, params)

    small = request.getfixturevalue("small_catalogue")
    assert len(small) == 5
    if name == "occupation":
        url = reverse("assessments:occupation", args=["15-1201.00"])
    assert _count(member_client, url, params) == everything
