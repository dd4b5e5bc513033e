"""The activity library: filters, adding an activity to a goal with undo, and ways to close
a skills gap."""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from plans.models import Goal, GoalStatus, Task, Undo
from plans.tests.factories import GoalFactory, today
from plans.tests.library_factories import (
    A_PLUS,
    HOME_LAB,
    TICKET_NOTES,
    WRITING_CIRCLE,
    WRITING_COURSE,
    WRITING_MENTOR,
    WRITING_WORKSHOP,
)

pytestmark = pytest.mark.django_db

LIST = reverse("plans:activity_list")
HTMX = {"HTTP_HX_REQUEST": "true"}


def add_url(slug: str = A_PLUS.slug) -> str:
    return reverse("plans:activity_add", args=[slug])


def shown(response) -> list[str]:
    return [activity.slug for activity in response.context["page"].object_list]


def test_the_library_lists_every_activity_with_cost_hours_and_skills(member_client, small_library):
    response = member_client.get(LIST)

    assert len(shown(response)) == len(small_library.activities)
    assertContains(response, "A+ certification")
    assertContains(response, "About 40 hours (our estimate)")
    assertContains(response, "Higher cost")
    assertContains(response, 'href="?skill=systems-analysis"', html=False)


def test_filters_narrow_the_library_by_skill_type_and_cost(member_client, small_library):
    by_skill = member_client.get(LIST, {"skill": "writing"})
    free_informal = member_client.get(
        LIST, {"skill": "writing", "type": "informal", "cost": "free"}
    )
    formal = member_client.get(LIST, {"type": "formal"})

    assert shown(by_skill) == [
        WRITING_CIRCLE.slug,
        WRITING_MENTOR.slug,
        TICKET_NOTES.slug,
        WRITING_COURSE.slug,
        WRITING_WORKSHOP.slug,
    ]
    assert shown(free_informal) == [WRITING_CIRCLE.slug, WRITING_MENTOR.slug, TICKET_NOTES.slug]
    assert set(shown(formal)) == {A_PLUS.slug, WRITING_WORKSHOP.slug, "network-degree"}


def test_a_member_without_budget_finds_free_ways_to_build_the_same_skill(
    member_client, small_library
):
    response = member_client.get(LIST, {"skill": "writing", "cost": "high"})

    free_ways = "?skill=writing&amp;cost=free"
    assertContains(response, f'<a href="{free_ways}">Free ways to build writing</a>', html=False)
    free = member_client.get(LIST, {"skill": "writing", "cost": "free"})
    assert all(small_library.activity(slug).is_free for slug in shown(free))
    assert shown(free)


def test_filter_values_that_do_not_exist_are_named_and_ignored(member_client, small_library):
    response = member_client.get(LIST, {"skill": "juggling", "cost": "priceless", "type": "formal"})

    assert response.status_code == 200
    assertContains(response, "No skill is called “juggling”")
    assertContains(response, "There is no cost band “priceless”")
    assert set(shown(response)) == {A_PLUS.slug, WRITING_WORKSHOP.slug, "network-degree"}


def test_htmx_filtering_answers_with_the_results_alone(member_client, small_library):
    response = member_client.get(
        LIST, {"skill": "writing"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="activity-results"
    )

    assertContains(response, 'id="activity-results"', html=False)
    assertNotContains(response, "<html")
    assertNotContains(response, "Filter activities")


def test_the_library_pages_through_many_activities_keeping_the_filters(member_client, monkeypatch):
    from plans.tests.library_factories import big_library

    built = big_library()
    monkeypatch.setattr("plans.library.library", lambda: built)

    response = member_client.get(LIST, {"cost": "free"})

    assertContains(response, "?cost=free&amp;page=2", html=False)
    second = member_client.get(LIST, {"cost": "free", "page": "2"})
    assert second.context["page"].number == 2
    assert not set(shown(response)) & set(shown(second))


def test_an_activity_page_shows_the_activity_other_ways_and_paths(member_client, small_library):
    response = member_client.get(reverse("plans:activity_detail", args=[TICKET_NOTES.slug]))

    assertContains(response, "Write up hard tickets")
    assertContains(response, "Other ways to build troubleshooting")
    assertContains(response, "Home network lab")
    assertContains(response, "Support technician to network engineer")


def test_an_unknown_activity_is_not_found(member, member_client, small_library):
    goal = GoalFactory(member=member)

    assert member_client.get(reverse("plans:activity_detail", args=["nope"])).status_code == 404
    assert member_client.post(add_url("nope"), {"goal": goal.pk}).status_code == 404
    assert not Task.objects.exists()


def test_one_click_adds_an_activity_as_a_dated_task_with_undo(member, member_client, small_library):
    goal = GoalFactory(member=member, title="Get into networking")

    response = member_client.post(add_url(HOME_LAB.slug), {"goal": goal.pk}, **HTMX)

    task = Task.objects.get(goal=goal)
    # 20 hours at the assumed 3 hours a week: 7 weeks.
    assert (task.title, task.due_date, task.effort_hours, task.activity) == (
        "Home network lab",
        today() + dt.timedelta(weeks=7),
        Decimal(20),
        "side_project",
    )
    assertContains(response, "Added to")
    assertContains(response, "Get into networking")
    undo = Undo.objects.get(member=member)
    assertContains(response, reverse("plans:activity_add_undo", args=[undo.pk]))
    assertNotContains(response, "<html")

    undone = member_client.post(
        reverse("plans:activity_add_undo", args=[undo.pk]), {"activity": HOME_LAB.slug}, **HTMX
    )

    assertContains(undone, "Removed from “Get into networking”")
    assert not Task.objects.live().filter(goal=goal).exists()


def test_without_javascript_adding_returns_to_the_filtered_list_with_an_undo(
    member, member_client, small_library
):
    goal = GoalFactory(member=member)
    data = {"goal": goal.pk, "back": "list", "filters": "skill=writing&page=1&evil=1"}

    response = member_client.post(add_url(WRITING_COURSE.slug), data)

    undo = Undo.objects.get(member=member)
    query = urlencode({"skill": "writing", "page": "1", "added": undo.pk})
    assertRedirects(response, f"{LIST}?{query}")
    page = member_client.get(response.url)
    assertContains(page, f"{undo.label}.")
    assertContains(page, reverse("plans:activity_add_undo", args=[undo.pk]))

    back = member_client.post(
        reverse("plans:activity_add_undo", args=[undo.pk]),
        {"activity": "", "back": "list", "filters": "skill=writing"},
    )

    assertRedirects(back, f"{LIST}?skill=writing")
    assert not Task.objects.live().exists()


def test_without_javascript_the_activity_page_adds_and_undoes_in_place(
    member, member_client, small_library
):
    goal = GoalFactory(member=member)
    page = reverse("plans:activity_detail", args=[HOME_LAB.slug])

    added = member_client.post(add_url(HOME_LAB.slug), {"goal": goal.pk, "back": "detail"})

    undo = Undo.objects.get(member=member)
    assertRedirects(added, f"{page}?added={undo.pk}")
    bar = member_client.get(added.url)
    assertContains(bar, 'name="activity" value="home-lab"', html=False)
    back = member_client.post(
        reverse("plans:activity_add_undo", args=[undo.pk]),
        {"activity": HOME_LAB.slug, "back": "detail"},
    )
    assertRedirects(back, page)
    assert not Task.objects.live().exists()


def test_an_activity_cannot_be_added_to_another_member_s_goal(
    member_client, other_member, small_library
):
    theirs = GoalFactory(member=other_member)

    for headers in ({}, HTMX):
        assert member_client.post(add_url(), {"goal": theirs.pk}, **headers).status_code == 404
    assert not Task.objects.exists()


def test_another_member_cannot_undo_an_addition(member, other_client, small_library):
    goal = GoalFactory(member=member)
    from plans.adoption import activities_add

    added = activities_add(goal=goal, activities=[A_PLUS], today=today(), hours_a_week=None)

    response = other_client.post(reverse("plans:activity_add_undo", args=[added.undo.pk]))

    assert response.status_code == 404
    assert Task.objects.live().filter(goal=goal).count() == 1


@pytest.mark.parametrize("goal", ["", "abc", "-3"])
def test_adding_without_a_goal_says_to_choose_one(member_client, small_library, goal):
    response = member_client.post(add_url(), {"goal": goal}, follow=True)

    assertContains(response, "Choose one of your goals.")
    assert not Task.objects.exists()


def test_a_finished_goal_takes_no_activity(member, member_client, small_library):
    goal = GoalFactory(member=member, status=GoalStatus.DROPPED)

    response = member_client.post(add_url(), {"goal": goal.pk}, follow=True)

    assertContains(response, "make it active again to add work")
    assert not Task.objects.exists()


def test_a_member_without_goals_is_asked_to_set_one_first(member_client, small_library):
    response = member_client.get(LIST)

    assertContains(response, "to add activities to it as tasks")
    assertNotContains(response, "Add to goal")


# Ways to close a skills gap


def test_skills_gap_suggestions_propose_the_cheapest_ways_to_build_the_skill(
    member_with_results, client, small_library
):
    client.force_login(member_with_results)

    response = client.get(reverse("plans:goal_suggestions"))

    assertContains(response, "Ways to build it, the cheapest first")
    content = response.content.decode()
    circle, mentor, notes = (
        content.find(a.name) for a in (WRITING_CIRCLE, WRITING_MENTOR, TICKET_NOTES)
    )
    assert 0 < circle < mentor < notes
    assertNotContains(response, WRITING_WORKSHOP.name)  # a fourth, dearer way is not offered


def test_a_skills_goal_set_from_a_suggestion_is_offered_those_activities_as_tasks(
    member, member_client, small_library
):
    data = {
        "kind": "skills",
        "title": "Raise my Writing skills from level 1 to 4",
        "why": "A gap.",
        "measure": "Rate it 4.",
        "start_date": today().isoformat(),
        "target_date": (today() + dt.timedelta(days=120)).isoformat(),
        "suggestion": "skill-writing",
    }

    response = member_client.post(reverse("plans:goal_create"), data)

    goal = Goal.objects.get(member=member)
    ways = f"{reverse('plans:goal_ways', args=[goal.pk])}?skill=writing"
    assertRedirects(response, ways)
    offer = member_client.get(ways)
    assert [a.slug for a, _ in offer.context["offered"]] == [
        WRITING_CIRCLE.slug,
        WRITING_MENTOR.slug,
        TICKET_NOTES.slug,
    ]

    kept = member_client.post(ways, {"activities": [WRITING_CIRCLE.slug, TICKET_NOTES.slug]})

    assertRedirects(kept, goal.get_absolute_url())
    assert sorted(goal.tasks.values_list("title", flat=True)) == [
        "Write up hard tickets",
        "Writing circle",
    ]
    assertContains(member_client.get(goal.get_absolute_url()), "Added 2 tasks to")


def test_a_goal_not_from_a_skills_suggestion_goes_straight_to_its_page(member, member_client):
    data = {
        "kind": "advancement",
        "title": "Lead the team",
        "start_date": today().isoformat(),
        "suggestion": "leadership-delegating",
    }

    response = member_client.post(reverse("plans:goal_create"), data)

    assertRedirects(response, Goal.objects.get(member=member).get_absolute_url())


def test_the_ways_page_refuses_nothing_ticked_an_activity_not_offered_and_an_unknown_skill(
    member, member_client, small_library
):
    goal = GoalFactory(member=member)
    url = reverse("plans:goal_ways", args=[goal.pk])

    nothing = member_client.post(f"{url}?skill=writing", {})
    forged = member_client.post(f"{url}?skill=writing", {"activities": [A_PLUS.slug]})

    assertContains(nothing, "Tick at least one activity")
    assert forged.status_code == 200
    assert forged.context["form"].errors
    juggling = member_client.get(f"{url}?skill=juggling")
    assertContains(juggling, "No skill is called “juggling”: choose one below.")
    assert not Task.objects.exists()


def test_without_a_skill_the_ways_page_asks_which_one(member, member_client, small_library):
    goal = GoalFactory(member=member)
    url = reverse("plans:goal_ways", args=[goal.pk])

    response = member_client.get(url)

    assertContains(response, "Which skill does this goal build?")
    assertContains(response, '<option value="writing">Writing</option>', html=True)
    assertContains(member_client.get(goal.get_absolute_url()), url)


def test_another_member_s_goal_is_not_found_on_the_ways_page(member, other_client, small_library):
    goal = GoalFactory(member=member)
    url = f"{reverse('plans:goal_ways', args=[goal.pk])}?skill=writing"

    assert other_client.get(url).status_code == 404
    assert other_client.post(url, {"activities": [WRITING_CIRCLE.slug]}).status_code == 404
    assert not Task.objects.exists()
