"""Every reflection URL answers 404 to a member who does not own the reflection or the goal,
and changes nothing."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from plans.models import Goal, Reflection, Task
from plans.tests.factories import GoalFactory, ReflectionFactory

pytestmark = pytest.mark.django_db

REFLECTION_URLS = [
    ("plans:reflection_detail", "get"),
    ("plans:reflection_save", "post"),
]
GOAL_ACTION_URLS = [
    "plans:reflection_goal_target",
    "plans:reflection_goal_status",
    "plans:reflection_goal_pivot",
    "plans:reflection_task_create",
]
CHECKED = {name for name, _ in REFLECTION_URLS} | set(GOAL_ACTION_URLS)


def post_data(goal: Goal) -> dict[str, str]:
    """What each form would need to change something, were it allowed."""
    prefix = f"goal-{goal.pk}"
    return {
        "what_worked": "Taken over",
        "confidence": "1",
        "finish": "1",
        f"{prefix}-target-target_date": "2031-01-01",
        f"{prefix}-status-status": "dropped",
        f"{prefix}-pivot-kind": "change",
        f"{prefix}-pivot-title": "Taken over",
        f"{prefix}-task-title": "Taken over",
        f"{prefix}-task-due_date": "2031-01-01",
        f"{prefix}-task-effort_hours": "1",
        f"{prefix}-task-activity": "course",
    }


@pytest.fixture
def owned(member) -> dict[str, object]:
    goal = GoalFactory(member=member, title="The owner's goal")
    reflection = ReflectionFactory(member=member, what_worked="The owner's thoughts")
    return {"goal": goal, "reflection": reflection}


def snapshot() -> list:
    return [
        list(Reflection.objects.values()),
        list(Goal.objects.values()),
        list(Goal.history.values()),
        list(Task.objects.values()),
    ]


@pytest.mark.parametrize(("name", "method"), REFLECTION_URLS)
@pytest.mark.parametrize("htmx", [False, True])
def test_other_member_gets_404_on_a_reflection_and_changes_nothing(
    other_client, owned, name, method, htmx
):
    url = reverse(name, args=[owned["reflection"].pk])
    before = snapshot()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = getattr(other_client, method)(
        url, post_data(owned["goal"]) if method == "post" else None, **headers
    )

    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("name", GOAL_ACTION_URLS)
@pytest.mark.parametrize("whose", ["their reflection", "own reflection", "own goal"])
def test_other_member_gets_404_on_a_goal_action_and_changes_nothing(
    other_client, other_member, owned, name, whose
):
    """Another member's reflection with another member's goal, their own reflection with
    the owner's goal, or the owner's reflection with their own goal: all 404."""
    own_goal = GoalFactory(member=other_member)
    own_reflection = ReflectionFactory(member=other_member)
    reflection, goal = {
        "their reflection": (owned["reflection"], owned["goal"]),
        "own reflection": (own_reflection, owned["goal"]),
        "own goal": (owned["reflection"], own_goal),
    }[whose]
    before = snapshot()

    response = other_client.post(
        reverse(name, args=[reflection.pk, goal.pk]),
        post_data(goal),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_starting_the_same_period_opens_the_other_members_own_reflection(
    other_client, other_member, owned
):
    reflection = owned["reflection"]
    url = reverse("plans:reflection_start", args=[reflection.cadence, reflection.period.slug])

    response = other_client.post(url)

    theirs = Reflection.objects.get(member=other_member)
    assert response.url == theirs.get_absolute_url() != reflection.get_absolute_url()
    assert theirs.what_worked == ""


def test_the_reflections_list_and_dashboard_show_only_the_members_own(other_client, owned):
    for url in (reverse("plans:reflection_list"), reverse("dashboard")):
        response = other_client.get(url)
        assert response.status_code == 200
        assertNotContains(response, owned["reflection"].get_absolute_url())


def test_every_reflection_url_with_an_object_is_checked():
    from plans.urls import urlpatterns

    reflection_urls = {
        f"plans:{p.name}"
        for p in urlpatterns
        if "<int:pk>" in str(p.pattern) and p.name.startswith("reflection")
    }

    assert reflection_urls == CHECKED


def test_the_owner_reaches_the_reflection_page(member_client, owned):
    response = member_client.get(reverse("plans:reflection_detail", args=[owned["reflection"].pk]))

    assert response.status_code == 200
