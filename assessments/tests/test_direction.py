"""A member's current and target occupation, and how the target drives the skills gap."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from assessments import services
from assessments.models import Answer, Attempt, CareerDirection
from assessments.occupations import catalogue
from assessments.summary import profile_summary
from assessments.tests.factories import AttemptFactory, answer_all

pytestmark = pytest.mark.django_db

SUPPORT = "15-1232.00"  # Computer User Support Specialists
NETWORK = "15-1241.00"  # Computer Network Architects


def aim_for(member, code=SUPPORT, role="target"):
    return services.career_direction_set(member=member, role=role, occupation=catalogue().get(code))


@pytest.fixture
def skills_attempt(member) -> Attempt:
    return AttemptFactory(member=member, slug="skills")


def page_one(client, attempt):
    return client.get(reverse("assessments:attempt_page", args=[attempt.pk, 1]))


# Services


def test_setting_a_role_keeps_one_direction_per_member(member):
    aim_for(member, SUPPORT, "current")
    aim_for(member, NETWORK, "target")

    direction = CareerDirection.objects.get(member=member)
    assert (direction.current_code, direction.target_code) == (SUPPORT, NETWORK)
    assert direction.target_occupation.title == "Computer Network Architects"
    assert (member.current_role, member.target_role) == (
        "Computer User Support Specialists",
        "Computer Network Architects",
    )


def test_a_role_other_than_current_or_target_is_refused(member):
    with pytest.raises(ValueError, match="A role is one of"):
        services.career_direction_set(member=member, role="dream", occupation=None)


def test_typing_an_exact_name_on_the_profile_picks_the_occupation(member):
    member.target_role = "helpdesk analyst"
    member.current_role = "Barista of the year"

    direction = services.career_direction_follow_profile(member=member)

    assert (direction.current_code, direction.target_code) == ("", SUPPORT)


def test_retyping_a_chosen_role_in_other_words_drops_it_and_keeping_it_keeps_it(member):
    aim_for(member, SUPPORT, "target")
    aim_for(member, NETWORK, "current")
    member.target_role = "Something else entirely"
    member.current_role = "Network architect"  # another name of the same occupation

    direction = services.career_direction_follow_profile(member=member)

    assert (direction.current_code, direction.target_code) == (NETWORK, "")


def test_a_profile_that_names_nothing_makes_no_direction(member):
    member.current_role, member.target_role = "Astronaut", ""

    assert services.career_direction_follow_profile(member=member) is None
    assert not CareerDirection.objects.exists()


# The skills instrument


def test_target_answers_start_from_the_target_roles_key_skills_and_are_not_yet_saved(
    member_client, member, skills_attempt
):
    aim_for(member)
    typical = catalogue().get(SUPPORT).skill_levels

    response = page_one(member_client, skills_attempt)

    shown = {
        q.item.area.slug: q.value
        for q in response.context["questions"]
        if q.item.facet == "target" and q.prefilled
    }
    # Page one is communication: four of its five skills are key skills of the role.
    assert shown == {
        slug: typical[slug]
        for slug in ("reading-comprehension", "active-listening", "speaking", "instructing")
    }
    writing = next(q for q in response.context["questions"] if q.item.slug == "writing-target")
    assert writing.value is None
    assert not writing.prefilled
    listening = skills_attempt.version.items.get(slug="active-listening-target")
    level = typical["active-listening"]
    assertContains(response, f'name="{listening.field_name}" value="{level}" checked')
    assertContains(response, "Your target role is <a href")
    assertContains(response, "they are saved when you save this page")
    assertContains(response, "From Computer User Support Specialists: its typical level")
    assert not Answer.objects.filter(attempt=skills_attempt).exists()


def test_saving_the_page_saves_the_pre_filled_targets_and_any_the_member_changed(
    member_client, member, skills_attempt
):
    aim_for(member)
    questions = page_one(member_client, skills_attempt).context["questions"]
    # What the browser sends: every checked answer, the member having changed one target.
    posted = {q.item.field_name: str(q.value) for q in questions if q.value is not None}
    changed = next(q for q in questions if q.item.slug == "speaking-target")
    posted[changed.item.field_name] = "5"
    posted.update({q.item.field_name: "2" for q in questions if q.item.facet == "current"})

    member_client.post(
        reverse("assessments:attempt_page", args=[skills_attempt.pk, 1]),
        {**posted, "move": "next"},
    )

    saved = dict(Answer.objects.filter(attempt=skills_attempt).values_list("item__slug", "value"))
    typical = catalogue().get(SUPPORT).skill_levels
    assert saved["active-listening-target"] == typical["active-listening"]
    assert saved["speaking-target"] == 5
    assert "writing-target" not in saved


def test_without_a_target_role_the_skills_page_is_as_before(member_client, skills_attempt):
    response = page_one(member_client, skills_attempt)

    assert not any(q.prefilled for q in response.context["questions"])
    assert all(q.value is None for q in response.context["questions"])
    assertNotContains(response, "Your target role is")


def test_a_saved_target_answer_is_never_overwritten_by_the_role(
    member_client, member, skills_attempt
):
    item = skills_attempt.version.items.get(slug="active-listening-target")
    Answer.objects.create(
        attempt=skills_attempt, item=item, value=1, answered_at=skills_attempt.started_at
    )
    aim_for(member)

    response = page_one(member_client, skills_attempt)

    question = next(q for q in response.context["questions"] if q.item == item)
    assert (question.value, question.prefilled) == (1, False)


def test_the_results_name_the_role_the_gap_was_measured_against(
    member_client, member, skills_attempt
):
    aim_for(member)
    answer_all(skills_attempt)
    services.attempt_submit(attempt=skills_attempt)

    response = member_client.get(reverse("assessments:attempt_detail", args=[skills_attempt.pk]))

    skills_attempt.refresh_from_db()
    assert skills_attempt.target_code == SUPPORT
    assertContains(response, "Measured against your target role, <a href")
    assertContains(response, "Target: Computer User Support Specialists")
    assert profile_summary(member).skills_role == "Computer User Support Specialists"


def test_a_later_target_leaves_finished_results_measured_against_the_earlier_one(
    member, skills_attempt
):
    aim_for(member, SUPPORT)
    answer_all(skills_attempt)
    services.attempt_submit(attempt=skills_attempt)

    aim_for(member, NETWORK)

    skills_attempt.refresh_from_db()
    assert skills_attempt.target_occupation.code == SUPPORT


def test_results_without_a_target_role_read_as_before(member_client, skills_attempt):
    answer_all(skills_attempt)
    services.attempt_submit(attempt=skills_attempt)

    response = member_client.get(reverse("assessments:attempt_detail", args=[skills_attempt.pk]))

    assertContains(response, "Measured against the target levels you chose.")
    assert profile_summary(skills_attempt.member).skills_role == ""


# Profile and dashboard


def test_the_profile_lets_the_member_pick_roles_from_the_catalogue(member_client, member):
    aim_for(member, NETWORK)

    response = member_client.get(reverse("profile"))

    assertContains(response, "Your roles in the occupation catalogue")
    assertContains(response, f'href="{reverse("assessments:occupation", args=[NETWORK])}"')
    assertContains(response, "Pick your current role from the catalogue")
    assertContains(response, f'hx-get="{reverse("assessments:occupation_list")}"')
    assertContains(response, 'name="pick" value="either"')


def test_saving_the_profile_with_an_exact_occupation_name_picks_it(member_client, member):
    member_client.post(
        reverse("profile"),
        {
            "display_name": "Ada",
            "time_zone": "Europe/London",
            "current_role": "IT support technician",
            "target_role": "Chief of everything",
        },
    )

    direction = CareerDirection.objects.get(member=member)
    assert (direction.current_code, direction.target_code) == (SUPPORT, "")


def test_the_dashboard_links_the_target_role(member_client, member):
    aim_for(member, NETWORK)

    response = member_client.get(reverse("dashboard"))

    assertContains(
        response,
        f'Working towards: <a href="{reverse("assessments:occupation", args=[NETWORK])}">'
        "Computer Network Architects</a>.",
    )


def test_the_dashboard_offers_the_catalogue_for_a_role_typed_by_hand(member_client):
    response = member_client.get(reverse("dashboard"))

    assertContains(response, "Working towards: Data science lead.")
    assertContains(response, "Find it in the occupation catalogue")
