"""The occupation pages: search and browse, an occupation, its About page, choosing a role."""

from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from assessments.models import CareerDirection
from assessments.occupations import catalogue
from assessments.services import career_direction_set
from assessments.tests.factories import completed_attempt

pytestmark = pytest.mark.django_db

SUPPORT = "15-1232.00"  # Computer User Support Specialists
LIST = reverse("assessments:occupation_list")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "occupation-results"}


def occupation_url(code: str = SUPPORT) -> str:
    return reverse("assessments:occupation", args=[code])


def choose(client, code: str = SUPPORT, **data):
    return client.post(reverse("assessments:occupation_choose", args=[code]), data)


# Log-in


@pytest.mark.parametrize(
    "url", [LIST, occupation_url(), reverse("assessments:fit"), f"{LIST}?q=nurse"]
)
def test_a_visitor_is_sent_to_log_in_for_catalogue_pages(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_visitor_cannot_choose_a_role(client):
    response = choose(client, role="target")

    assert response.status_code == 302
    assert not CareerDirection.objects.exists()


def test_the_about_page_with_the_credit_is_public(client):
    response = client.get(reverse("assessments:occupation_about"))

    assertContains(
        response,
        'This page includes information from <a href="https://www.onetonline.org/">O*NET '
        "OnLine</a> by the U.S. Department of Labor, Employment and Training Administration "
        "(USDOL/ETA). Used under the",
    )
    assertContains(response, "O*NET® is a trademark of USDOL/ETA.")
    assertContains(response, "careerdev has modified all or some of this information.")
    assertContains(response, 'id="estimates"')
    assertContains(response, f"holds {len(catalogue())} occupations")


# Search and browse


def test_searching_an_alternate_title_finds_the_occupation_and_the_name_that_matched(
    member_client,
):
    response = member_client.get(LIST, {"q": "IT support technician"})

    assertContains(response, "Computer User Support Specialists")
    assertContains(response, "also called “IT support technician”")
    assertContains(response, 'hx-trigger="input changed delay:300ms, search"')
    assertContains(response, f'action="{LIST}"')  # the plain form works without JavaScript


def test_typing_with_htmx_gets_only_the_results(member_client):
    response = member_client.get(LIST, {"q": "helpdesk analyst"}, **HTMX)

    assert response.text.lstrip().startswith('<div id="occupation-results"')
    assertContains(response, "Computer User Support Specialists")
    assertNotContains(response, "<html")


def test_an_empty_search_browses_every_occupation_a_page_at_a_time(member_client):
    response = member_client.get(LIST, {"q": "   "})

    assertContains(response, f"{len(catalogue())} occupations, by code; showing 1\N{EN DASH}25.")
    assert len(response.context["page"].object_list) == 25
    assertContains(response, "Page 1 of")
    # An address of its own, so the links work where the results are shown inside another page.
    assertContains(response, f'href="{LIST}?q=+++&amp;page=2" hx-get="{LIST}?q=+++&amp;page=2"')


def test_a_search_of_ten_thousand_characters_is_refused_and_kept(member_client):
    typed = "a" * 10_000

    response = member_client.get(LIST, {"q": typed})

    assert response.status_code == 400
    assertContains(response, "up to 100 characters (this one has 10000)", status_code=400)
    assertContains(response, "Nothing was searched", status_code=400)
    assertContains(response, f'value="{typed}"', status_code=400)


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"zone": "9"}, "There is no job zone “9”, so that filter is ignored"),
        ({"interest": "X"}, "There is no interest area “X”, so that filter is ignored"),
    ],
)
def test_a_filter_value_that_does_not_exist_is_ignored_with_a_note(member_client, params, note):
    response = member_client.get(LIST, {"q": "computer", **params})

    assertContains(response, note)
    assertContains(response, "Computer User Support Specialists")


def test_filters_narrow_the_list(member_client):
    response = member_client.get(LIST, {"zone": "5", "interest": "I"})

    shown = [hit.occupation for hit in response.context["page"]]
    assert shown
    assert all(o.job_zone == 5 and o.interests.startswith("I") for o in shown)


def test_a_search_that_finds_nothing_says_what_to_try(member_client):
    response = member_client.get(LIST, {"q": "zzzz qqqq"})

    assertContains(response, "0 occupations match “zzzz qqqq”")
    assertContains(response, "Try fewer words")


def test_a_search_that_only_partly_matches_says_so(member_client):
    response = member_client.get(LIST, {"q": "IT support astronaut"})

    assertContains(response, "No title or other name holds every word of “IT support astronaut”")
    assertContains(response, "Computer User Support Specialists")


def test_a_page_number_that_does_not_exist_shows_a_page_that_does(member_client):
    response = member_client.get(LIST, {"page": "abc"})

    assert response.context["page"].number == 1


def test_searching_from_the_profile_offers_both_roles(member_client):
    response = member_client.get(LIST, {"q": "helpdesk", "pick": "either"}, **HTMX)

    assertContains(response, "Choose as my target role")
    assertContains(response, "Choose as my current role")


def test_choosing_from_search_offers_a_button_that_returns_to_the_profile(member_client):
    response = member_client.get(LIST, {"q": "helpdesk", "pick": "target"})

    assertContains(response, "Choose your target role")
    assertContains(response, "Choose as my target role")
    assertContains(response, f'name="next" value="{reverse("profile")}"')


# An occupation


def test_the_occupation_page_says_what_the_work_is_and_where_each_fact_comes_from(
    member_client,
):
    occupation = catalogue().get(SUPPORT)

    response = member_client.get(occupation_url())

    assertContains(response, occupation.description)
    assertContains(response, "O*NET-SOC code 15-1232.00")
    assertContains(response, f"Job zone {occupation.job_zone} of 5: {occupation.zone.name}.")
    assertContains(response, occupation.zone.preparation)
    assertContains(response, f"Interest code <strong>{occupation.interests}</strong>: ")
    assertContains(response, occupation.interests_in_words)
    assertContains(response, occupation.value_areas[0].name)
    assertContains(response, "Typical level <small>(our estimate)</small>")
    assertContains(response, f'href="{reverse("assessments:occupation_about")}#estimates"')
    assertContains(response, "Take the skills assessment</a> to see how your own levels compare")


def test_with_a_skills_result_the_page_compares_each_key_skill(member_client, member):
    occupation = catalogue().get(SUPPORT)
    completed_attempt(member, "skills", lambda item: 2 if item.facet == "current" else 3)

    response = member_client.get(occupation_url())

    assertContains(response, "Your level now")
    for typical in occupation.skill_levels.values():
        if typical > 2:
            assertContains(response, f"Short by {typical - 2}")
    assert all(check.current == 2 for check in response.context["skills"])


def test_an_unknown_code_gets_a_404_that_helps(member_client):
    response = member_client.get(occupation_url("15-9999.99"))

    assert response.status_code == 404
    assertContains(response, "No occupation with the code “15-9999.99”", status_code=404)
    assertContains(response, "Occupations with a similar code", status_code=404)
    assertContains(response, "Search by job title", status_code=404)


def test_a_code_that_is_not_a_code_gets_the_same_help(member_client):
    response = member_client.get(occupation_url("not-a-code"))

    assertContains(response, "No occupation with the code", status_code=404)


# Choosing a role


def test_set_as_my_target_role_updates_the_direction_and_the_profile_text(member_client, member):
    response = choose(member_client, role="target")

    assertRedirects(response, occupation_url())
    member.refresh_from_db()
    assert CareerDirection.objects.get(member=member).target_code == SUPPORT
    assert member.target_role == "Computer User Support Specialists"
    page = member_client.get(occupation_url())
    assertContains(page, "This is your target role.")
    assertContains(page, "This is my current role")


def test_this_is_my_current_role_does_the_same_for_the_current_role(member_client, member):
    choose(member_client, role="current")

    member.refresh_from_db()
    assert CareerDirection.objects.get(member=member).current_code == SUPPORT
    assert member.current_role == "Computer User Support Specialists"


def test_choosing_returns_to_a_page_of_this_site_only(member_client):
    back = choose(member_client, role="target", next=reverse("profile"))
    away = choose(member_client, role="current", next="https://elsewhere.example/")

    assertRedirects(back, reverse("profile"))
    assertRedirects(away, occupation_url())


@pytest.mark.parametrize("wanted", ["0", "profile", "dashboard", "plans:goal_list", "x"])
def test_a_return_address_that_is_not_a_path_goes_back_to_the_usual_page(
    member_client, member, wanted
):
    chosen = choose(member_client, role="target", next=wanted)
    cleared = member_client.post(
        reverse("assessments:direction_clear"), {"role": "target", "next": wanted}
    )

    assertRedirects(chosen, occupation_url(), fetch_redirect_response=False)
    assertRedirects(cleared, reverse("profile"), fetch_redirect_response=False)
    assert CareerDirection.objects.get(member=member).target_code == ""


def test_a_role_that_does_not_exist_changes_nothing(member_client, member):
    response = choose(member_client, role="dream")

    assertRedirects(response, occupation_url())
    assert not CareerDirection.objects.exists()


def test_choosing_an_unknown_occupation_is_a_404_and_changes_nothing(member_client):
    response = choose(member_client, code="99-0000.00", role="target")

    assert response.status_code == 404
    assert not CareerDirection.objects.exists()


def test_choosing_needs_a_post(member_client):
    assert (
        member_client.get(reverse("assessments:occupation_choose", args=[SUPPORT])).status_code
        == 405
    )


def test_removing_a_role_clears_the_code_and_the_text(member_client, member):
    choose(member_client, role="target")

    response = member_client.post(
        reverse("assessments:direction_clear"), {"role": "target", "next": reverse("profile")}
    )

    assertRedirects(response, reverse("profile"))
    member.refresh_from_db()
    assert CareerDirection.objects.get(member=member).target_code == ""
    assert member.target_role == ""


def test_another_members_choices_are_neither_shown_nor_changed(other_client, member):
    career_direction_set(member=member, role="target", occupation=catalogue().get(SUPPORT))

    page = other_client.get(occupation_url())
    other_client.post(reverse("assessments:direction_clear"), {"role": "target"})

    assertNotContains(page, "This is your target role.")
    assert CareerDirection.objects.get(member=member).target_code == SUPPORT


def test_start_a_career_change_goal_opens_the_goal_form_pre_filled_with_the_role(member_client):
    occupation = catalogue().get(SUPPORT)
    page = member_client.get(occupation_url())
    query = page.context["goal_query"]
    goal_create = reverse("plans:goal_create")
    assertContains(page, f'href="{goal_create}?{query.replace("&", "&amp;")}"')

    form = member_client.get(f"{goal_create}?{query}")

    assert parse_qs(query)["kind"] == ["change"]
    assertContains(form, f'value="Move into the work of {occupation.title}"')
    assertContains(form, occupation.code)
    assertContains(form, "Pre-filled from a suggestion")
