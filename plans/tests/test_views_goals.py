import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from assessments.models import Attempt
from assessments.occupations import catalogue
from assessments.services import career_direction_set
from assessments.tests.factories import completed_attempt
from plans.models import Goal, GoalStatus, Win
from plans.overview import goal_plan
from plans.tests.factories import GoalFactory, MilestoneFactory, TaskFactory, today

pytestmark = pytest.mark.django_db


def goal_data(**changes):
    data = {
        "kind": "skills",
        "title": "Pass the Google Data Analytics certificate",
        "why": "Analysts in my target team all have it.",
        "measure": "Certificate earned with every module passed.",
        "start_date": today().isoformat(),
        "target_date": (today() + dt.timedelta(days=90)).isoformat(),
    }
    return {**data, **changes}


def test_the_goal_list_groups_goals_by_status_with_progress(member_client, member):
    active = GoalFactory(member=member, title="Lead the quarterly review")
    GoalFactory(member=member, title="Learn Spanish", status=GoalStatus.PAUSED)
    TaskFactory(goal=active, status="done", effort_hours=1)
    TaskFactory(goal=active, effort_hours=3)

    response = member_client.get(reverse("plans:goal_list"))

    assertContains(response, "Lead the quarterly review")
    assertContains(response, '<progress value="25" max="100"', html=False)
    assert [(status.value, len(goals)) for status, goals in response.context["groups"]] == [
        ("active", 1),
        ("achieved", 0),
        ("paused", 1),
        ("dropped", 0),
    ]


def test_a_member_without_goals_is_shown_how_to_start(member_client):
    response = member_client.get(reverse("plans:goal_list"))

    assertContains(response, "No goals yet")
    assertContains(response, reverse("plans:goal_suggestions"))


def test_a_member_sets_a_goal_with_a_plain_form_post(member_client, member):
    response = member_client.post(reverse("plans:goal_create"), goal_data())

    goal = Goal.objects.get(member=member)
    assert response.status_code == 302
    assert response.url == goal.get_absolute_url()
    assert goal.history.get().history_change_reason == "Goal set"


def test_a_target_date_before_the_start_is_refused_and_what_was_typed_is_kept(member_client):
    data = goal_data(target_date=(today() - dt.timedelta(days=5)).isoformat())

    response = member_client.post(reverse("plans:goal_create"), data)

    assert response.status_code == 200
    assertContains(response, "The target date must be on or after the start date.")
    assertContains(response, 'value="Pass the Google Data Analytics certificate"')
    assert not Goal.objects.exists()


def test_the_smart_check_answers_htmx_with_only_its_notes(member_client):
    response = member_client.post(
        reverse("plans:goal_smart_check"),
        {"title": "Get better", "measure": "", "why": "", "target_date": ""},
        HTTP_HX_REQUEST="true",
    )

    assert "<html" not in response.text
    assertContains(response, 'id="smart-notes"')
    assertContains(response, "“better” is vague")
    assertContains(response, "Add how you will measure success")
    assertContains(response, "Set a target date.")


def test_a_past_target_date_is_pointed_out_but_the_goal_still_saves(member_client, member):
    past = (today() - dt.timedelta(days=1)).isoformat()
    data = goal_data(start_date=past, target_date=past)

    check = member_client.post(reverse("plans:goal_smart_check"), data, HTTP_HX_REQUEST="true")
    saved = member_client.post(reverse("plans:goal_create"), data)

    assertContains(check, "The target date is in the past")
    assert saved.status_code == 302
    assert Goal.objects.filter(member=member).exists()


def test_without_javascript_the_check_button_shows_the_notes_without_saving(member_client):
    response = member_client.post(reverse("plans:goal_create"), goal_data(measure="", check="1"))

    assert response.status_code == 200
    assertContains(response, "Add how you will measure success")
    assertContains(response, 'value="Pass the Google Data Analytics certificate"')
    assert not Goal.objects.exists()


def test_the_goal_form_has_the_smart_check_wired_to_typing(member_client):
    response = member_client.get(reverse("plans:goal_create"))

    assertContains(response, f'hx-post="{reverse("plans:goal_smart_check")}"')
    assertContains(response, 'hx-trigger="input from:#goal-form delay:500ms')
    assertContains(response, 'name="check"')


def test_suggestions_come_from_the_members_results_and_create_nothing(
    member_client, member_with_results
):
    response = member_client.get(reverse("plans:goal_suggestions"))

    assertContains(response, "Raise my Writing skills from level 1 to 4")
    assertContains(response, "Raise my Programming skills from level 2 to 4")
    assertContains(response, "Lead a stretch project that exercises my delegating")
    assertContains(response, "Explore a move into design or writing, or into teaching")
    assertContains(response, "share no letter with it")
    assert not Goal.objects.exists()


def test_suggestions_name_the_target_role_the_gaps_were_measured_against(
    member_client, member_with_results
):
    network = catalogue().get("15-1241.00")
    career_direction_set(member=member_with_results, role="target", occupation=network)
    Attempt.objects.of_instrument("skills").update(target_code=network.code)

    response = member_client.get(reverse("plans:goal_suggestions"))

    assertContains(response, "my target role, Computer Network Architects, needs 4")
    assertContains(response, "Skills gap for Computer Network Architects: Writing (1 of 4)")
    assertContains(response, "moving up to Computer Network Architects")
    assertContains(response, f'Your target role: <a href="{network.get_absolute_url()}">')


def test_a_current_role_outside_the_catalogue_is_offered_the_catalogue(member_client, member):
    member.current_role = "Astronaut"
    member.save(update_fields=["current_role"])
    completed_attempt(member, "interests", lambda item: 5 if item.area.slug == "social" else 1)

    response = member_client.get(reverse("plans:goal_suggestions"))

    assertContains(response, "“Astronaut” is not an occupation in the catalogue")
    assertContains(response, "pick the nearest one")
    assertNotContains(response, "Explore a move into")


def test_a_suggestion_opens_a_pre_filled_goal_form_the_member_can_edit(
    member_client, member_with_results
):
    page = member_client.get(reverse("plans:goal_suggestions"))
    suggestion, query = page.context["suggestions"][0]

    form = member_client.get(f"{reverse('plans:goal_create')}?{query}")

    assertContains(form, f'value="{suggestion.title}"')
    assertContains(form, "Pre-filled from a suggestion")
    assertContains(form, f'value="{suggestion.target_date.isoformat()}"')
    assert not Goal.objects.exists()


def test_a_goal_saved_from_a_suggestion_says_so_in_its_history(member_client, member):
    member_client.post(
        reverse("plans:goal_create"), goal_data(title="Raise my SQL", suggestion="skill-sql")
    )

    goal = Goal.objects.get(member=member)
    assert goal.history.get().history_change_reason == "Goal set from a suggestion"


def test_before_any_assessment_the_suggestions_page_says_to_take_one(member_client):
    response = member_client.get(reverse("plans:goal_suggestions"))

    assertContains(response, "Take a self-assessment first")


def test_the_goal_page_shows_why_how_progress_and_history(member_client, goal):
    TaskFactory(goal=goal, status="done", effort_hours=1)
    TaskFactory(goal=goal, effort_hours=1)

    response = member_client.get(goal.get_absolute_url())

    assertContains(response, goal.title)
    assertContains(response, goal.measure)
    assertContains(response, 'value="50" max="100"')
    assertContains(response, 'id="history-heading"')
    assertNotContains(response, "Behind schedule")


def edit_data(goal, **changes):
    """What the edit form posts: the values typed, and the values it was shown with."""
    shown = {
        "kind": goal.kind,
        "title": goal.title,
        "why": goal.why,
        "measure": goal.measure,
        "start_date": goal.start_date.isoformat(),
        "target_date": goal.target_date.isoformat() if goal.target_date else "",
    }
    return {
        **shown,
        **{f"initial-{name}": value for name, value in shown.items()},
        "change_note": "",
        **changes,
    }


def test_editing_a_goal_records_the_change_and_the_note_in_its_history(member_client, goal):
    later = (goal.target_date + dt.timedelta(days=30)).isoformat()
    data = edit_data(goal, target_date=later, change_note="a busy quarter at work")

    response = member_client.post(reverse("plans:goal_edit", args=[goal.pk]), data)
    page = member_client.get(response.url)

    assert response.status_code == 302
    assertContains(page, "Changed target date: a busy quarter at work")


def test_edits_from_two_tabs_to_different_fields_are_both_kept(member_client, goal):
    url = reverse("plans:goal_edit", args=[goal.pk])
    first_tab = edit_data(goal, title="Pass the SQL exam with distinction")
    second_tab = edit_data(goal, measure="Score 90% or more.")

    member_client.post(url, first_tab)
    response = member_client.post(url, second_tab)

    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.measure) == (
        "Pass the SQL exam with distinction",
        "Score 90% or more.",
    )


def test_the_same_field_changed_in_two_tabs_is_refused_then_saved_on_purpose(member_client, goal):
    url = reverse("plans:goal_edit", args=[goal.pk])
    first = (goal.target_date + dt.timedelta(days=10)).isoformat()
    second = (goal.target_date + dt.timedelta(days=20)).isoformat()
    member_client.post(url, edit_data(goal, target_date=first))

    refused = member_client.post(url, edit_data(goal, target_date=second))

    assert refused.status_code == 200
    assertContains(refused, "Changed in another tab or window since you opened this form")
    assertContains(refused, "target date (now “")
    assertContains(refused, f'value="{second}"')
    goal.refresh_from_db()
    assert goal.target_date.isoformat() == first

    saved = member_client.post(url, refused.context["form"].data)

    assert saved.status_code == 302
    goal.refresh_from_db()
    assert goal.target_date.isoformat() == second


def test_achieving_a_goal_records_a_win_and_celebrates(member_client, goal):
    response = member_client.post(
        reverse("plans:goal_status", args=[goal.pk]), {"status": "achieved"}, follow=True
    )

    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED
    assert Win.objects.get(goal=goal).title == f"Goal achieved: {goal.title}"
    assertContains(response, 'class="message celebrate success"')
    assertContains(response, "Marked achieved")


def test_pausing_a_goal_says_so(member_client, goal):
    response = member_client.post(
        reverse("plans:goal_status", args=[goal.pk]), {"status": "paused"}, follow=True
    )

    assertContains(response, "The goal is now paused.")
    assertContains(response, "Resume")


def test_an_unknown_status_changes_nothing(member_client, goal):
    response = member_client.post(
        reverse("plans:goal_status", args=[goal.pk]), {"status": "won"}, follow=True
    )

    assertContains(response, "Choose active, achieved, paused or dropped.")
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE


def test_the_read_only_plan_outline_shows_the_plan_without_a_single_control(rf, goal, member):
    milestone = MilestoneFactory(goal=goal, title="Foundations")
    TaskFactory(goal=goal, milestone=milestone, title="Read the guide")
    TaskFactory(goal=goal, title="Loose end")
    request = rf.get("/")
    request.user = member

    html = render_to_string(
        "plans/goal_detail.html#plan_outline",
        {"plan": goal_plan(goal), "today": today()},
        request=request,
    )

    assert "Foundations" in html
    assert "Read the guide" in html
    assert "Loose end" in html
    assert "<form" not in html
    assert "<button" not in html


def test_the_edit_forms_hidden_copies_of_what_was_shown_carry_no_aria_attributes(
    member_client, goal
):
    page = member_client.get(reverse("plans:goal_edit", args=[goal.pk])).content.decode()

    hidden = re.findall(r'<input type="hidden" name="initial-[^>]*>', page)
    assert len(hidden) == 6
    assert not [tag for tag in hidden if "aria-" in tag]
    # The visible field keeps its description.
    assert re.search(
        r'<input type="text" name="title"[^>]*aria-describedby="id_title_helptext"', page
    )
