"""Hostile or broken input gets a clear answer (a form error, a 404, the value ignored), changes
nothing, and never a server error."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertRedirects

from assessments.occupations import catalogue
from assessments.tests.factories import AttemptFactory
from careerdev.tests.factories import MemberFactory
from careerdev.validators import SINGLE_LINE_MESSAGE, one_line
from mentoring.models import MentorProfile
from plans import quickstart
from plans.models import Goal, Milestone, Task
from plans.tests.factories import GoalFactory, MilestoneFactory
from plans.tests.test_views_goals import edit_data

pytestmark = pytest.mark.django_db

REFUSED = escape(SINGLE_LINE_MESSAGE)
# Django's own text fields turn away a NUL byte first, in words of their own.
NUL_REFUSED = "Null characters are not allowed."
CONTROLS = ["\x00", "\r", "\n", "\r\n", "\t", "\x1b", "\x7f", "\u2028"]


@pytest.fixture
def goal(member) -> Goal:
    return GoalFactory(member=member, title="Lead the data team", start_date=dt.date(2025, 1, 6))


def assert_refused(response, control: str) -> None:
    assertContains(response, NUL_REFUSED if control == "\x00" else REFUSED)


# The goal form's record of what it showed (its optimistic lock)


@pytest.mark.parametrize("seen", ["x", "2026-02-30", "\x00"])
def test_a_goal_edit_whose_shown_values_came_back_damaged_gets_a_form_error(
    member_client, goal, seen
):
    url = reverse("plans:goal_edit", args=[goal.pk])
    data = edit_data(goal, title="Lead the analytics team", **{"initial-start_date": seen})

    response = member_client.post(url, data)

    assertContains(response, "This form came back damaged, so nothing was saved.")
    assertContains(response, 'value="Lead the analytics team"')
    goal.refresh_from_db()
    assert goal.title == "Lead the data team"
    # The form is now based on the saved values: saving it again works.
    again = member_client.post(url, {**data, "initial-start_date": "2025-01-06"})
    assertRedirects(again, goal.get_absolute_url(), fetch_redirect_response=False)
    goal.refresh_from_db()
    assert goal.title == "Lead the analytics team"


# Single-line fields refuse control characters with one message


@pytest.mark.parametrize("control", CONTROLS)
def test_a_display_name_with_a_control_character_is_refused(member_client, member, control):
    data = {"display_name": f"Ada{control}Bcc: x", "time_zone": "UTC", "current_role": "Analyst"}

    response = member_client.post(reverse("profile"), data)

    assert_refused(response, control)
    member.refresh_from_db()
    assert member.display_name != data["display_name"]


@pytest.mark.parametrize("control", CONTROLS)
def test_a_goal_title_with_a_control_character_is_refused(member_client, member, control):
    data = {"kind": "skills", "title": f"Learn{control}SQL", "start_date": "2025-12-01"}

    response = member_client.post(reverse("plans:goal_create"), data)

    assert_refused(response, control)
    assert not Goal.objects.filter(member=member).exists()


@pytest.mark.parametrize("control", ["\x00", "\n", "\x1f"])
def test_a_milestone_title_with_a_control_character_is_refused(member_client, goal, control):
    data = {"milestone-title": f"First{control}half", "milestone-due_date": ""}

    response = member_client.post(reverse("plans:milestone_create", args=[goal.pk]), data)

    assert_refused(response, control)
    assert not Milestone.objects.filter(goal=goal).exists()


@pytest.mark.parametrize("control", ["\x00", "\r", "\x08"])
def test_a_task_title_with_a_control_character_is_refused(member_client, goal, control):
    milestone = MilestoneFactory(goal=goal)
    data = {
        "title": f"Read{control}chapter 3",
        "milestone": milestone.pk,
        "due_date": "2026-01-10",
        "effort_hours": "1",
        "activity": "online_course",
    }

    response = member_client.post(reverse("plans:task_create", args=[goal.pk]), data)

    assert_refused(response, control)
    assert not Task.objects.filter(goal=goal).exists()


@pytest.mark.parametrize("role", ["a\x00b", "Head\x1bof product", "Lead\tanalyst"])
def test_a_mentor_role_with_a_control_character_is_refused(member_client, member, role):
    data = {"roles": f"Product manager\n{role}", "years_experience": "3", "time_zone": "UTC"}

    response = member_client.post(reverse("mentoring:mentor_profile"), data | {"capacity": "2"})

    assertContains(response, REFUSED)
    assert not MentorProfile.objects.filter(user=member).exists()


def test_roles_still_come_one_a_line(member_client, member):
    data = {"roles": "Product manager\r\nHead of product", "years_experience": "3"}

    response = member_client.post(
        reverse("mentoring:mentor_profile"), data | {"time_zone": "UTC", "capacity": "2"}
    )

    assert response.status_code == 302
    assert MentorProfile.objects.get(user=member).roles == ["Product manager", "Head of product"]


def test_a_line_break_becomes_a_space_where_text_must_fit_on_one_line():
    assert one_line("Ada\r\nBcc: x@example.org\x00 ") == "Ada Bcc: x@example.org"


# Addresses and query strings


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_a_calendar_address_holding_a_nul_byte_is_not_found(client, who):
    if who == "member":
        client.force_login(MemberFactory())

    assert client.get("/plans/calendar/a%00b.ics").status_code == 404


@pytest.mark.parametrize("goal_param", ["²", "٣", "9" * 5000, "1" * 19, "-1"])
def test_an_odd_goal_number_on_the_invite_page_is_ignored(member_client, goal, goal_param):
    response = member_client.get(reverse("mentoring:invite"), {"goal": goal_param})

    assert response.status_code == 200
    assert response.context["form"].initial == {}


@pytest.mark.parametrize("move", ["page-²", "page-٣", "page-" + "9" * 5000, "page-", "page-x"])
def test_an_odd_page_number_on_an_assessment_stays_on_the_page(member_client, member, move):
    attempt = AttemptFactory(member=member)
    url = reverse("assessments:attempt_page", args=[attempt.pk, 1])

    response = member_client.post(url, {"move": move})

    assertRedirects(response, url)


# Programmes


@pytest.mark.parametrize("control", ["\x00", "\n", "\x1b"])
def test_a_programme_name_with_a_control_character_is_refused(member_client, control):
    from mentoring.programme_models import Programme

    response = member_client.post(
        reverse("mentoring:programme_create"),
        {"name": f"Data{control}academy", "starts_on": "2030-01-01", "checkin_cadence": ""},
    )

    assert_refused(response, control)
    assert not Programme.objects.exists()


@pytest.mark.parametrize("code", ["\x00", "A" * 5000, "ÄÖÜ-ÉÈ", "../../admin"])
def test_an_odd_join_code_gets_a_clear_answer(member_client, code):
    response = member_client.post(reverse("mentoring:programme_join"), {"code": code})

    assert response.status_code == 200
    assert "No programme has that code" in response.content.decode() or (
        "Null characters are not allowed" in response.content.decode()
        or "Ensure this value has at most" in response.content.decode()
    )


@pytest.mark.parametrize("code", ["%00", "A" * 300, "é"])
def test_an_odd_join_link_is_not_found(member_client, code):
    response = member_client.get(f"/mentoring/programmes/join/{code}/")

    assert response.status_code == 404


# The quick start


@pytest.mark.parametrize("text", ["\x00", "x" * 101])
def test_a_role_typed_with_a_nul_byte_or_too_long_is_refused_in_words(member_client, text):
    response = member_client.post(reverse("plans:quickstart"), {"target": text})

    assert response.status_code == 400
    assert response.context["form"].errors["target"]
    assert not Goal.objects.exists()


@pytest.mark.parametrize("text", ["\x00", "%", "x" * 500])
def test_a_role_search_with_odd_text_offers_nothing_and_does_not_fail(member_client, text):
    response = member_client.get(
        reverse("plans:quickstart"),
        {"current": text},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="current-results",
    )

    assert response.status_code == 200


@pytest.mark.parametrize("hours", ["NaN", "Infinity", "-1", "1e9", "2.25"])
def test_hours_a_week_that_are_not_plain_hours_are_refused(member_client, member, hours):
    target = catalogue().get("15-1241.00")
    quickstart.quick_start_roles(member=member, current=None, target=target)
    skills = quickstart.standing(member).skills
    quickstart.quick_ratings_record(member=member, ratings={s.slug: (2, 4) for s in skills})

    response = member_client.post(reverse("plans:quickstart_gaps"), {"hours_a_week": hours})

    assert response.status_code == 400
    assert response.context["form"].errors["hours_a_week"]
    assert quickstart.standing(member).hours_a_week is None
