"""Every URL of plans answers 404 to a member who does not own the object, and changes nothing."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from plans import services
from plans.adoption import activities_add
from plans.models import Goal, JournalEntry, Milestone, Task, TimeBlock, Undo, Win
from plans.tests.factories import (
    GoalFactory,
    JournalEntryFactory,
    MilestoneFactory,
    TaskFactory,
    TimeBlockFactory,
    WinFactory,
    today,
)
from plans.tests.library_factories import A_PLUS

pytestmark = pytest.mark.django_db

OBJECT_URLS = [
    ("plans:goal_detail", "get", "goal"),
    ("plans:goal_edit", "get", "goal"),
    ("plans:goal_edit", "post", "goal"),
    ("plans:goal_status", "post", "goal"),
    ("plans:milestone_create", "post", "goal"),
    ("plans:task_create", "post", "goal"),
    ("plans:catch_up_reschedule", "post", "goal"),
    ("plans:catch_up_time_block", "post", "goal"),
    ("plans:milestone_edit", "get", "milestone"),
    ("plans:milestone_edit", "post", "milestone"),
    ("plans:milestone_delete", "post", "milestone"),
    ("plans:task_row", "get", "task"),
    ("plans:task_edit", "get", "task"),
    ("plans:task_edit", "post", "task"),
    ("plans:task_complete", "post", "task"),
    ("plans:task_reopen", "post", "task"),
    ("plans:task_move", "post", "task"),
    ("plans:task_delete", "post", "task"),
    ("plans:task_drop", "post", "task"),
    ("plans:task_split", "post", "task"),
    ("plans:task_dates_fit", "post", "task"),
    ("plans:undo", "post", "undo"),
    ("plans:time_block_delete", "post", "block"),
    ("plans:journal_edit", "get", "entry"),
    ("plans:journal_edit", "post", "entry"),
    ("plans:journal_delete", "post", "entry"),
    ("plans:win_delete", "post", "win"),
    ("plans:goal_ways", "get", "goal"),
    ("plans:goal_ways", "post", "goal"),
    ("plans:activity_add_undo", "post", "added"),
]

# Data a POST would change something with, were it allowed.
POST_DATA = {
    "status": "dropped",
    "direction": "down",
    "title": "Taken over",
    "body": "Taken over",
    "weekday": "1",
    "starts_at": "18:00",
    "ends_at": "19:00",
    "milestone-title": "Taken over",
    "move": "target",
}


@pytest.fixture
def owned(member) -> dict[str, object]:
    goal = GoalFactory(member=member)
    milestone = MilestoneFactory(goal=goal)
    task = TaskFactory(goal=goal, milestone=milestone, due_date=today())
    TaskFactory(goal=goal, milestone=milestone)
    doomed = TaskFactory(goal=goal)
    return {
        "goal": goal,
        "milestone": milestone,
        "task": task,
        "undo": services.task_delete(task=doomed, today=today()),
        "added": activities_add(
            goal=goal, activities=[A_PLUS], today=today(), hours_a_week=None
        ).undo,
        "block": TimeBlockFactory(member=member),
        "entry": JournalEntryFactory(member=member, goal=goal),
        "win": WinFactory(member=member, goal=goal),
    }


def snapshot() -> list:
    return [
        list(Goal.objects.values()),
        list(Milestone.objects.values()),
        list(Task.objects.values()),
        list(Undo.objects.values()),
        list(TimeBlock.objects.values()),
        list(JournalEntry.objects.values()),
        list(Win.objects.values()),
    ]


@pytest.mark.parametrize(("name", "method", "key"), OBJECT_URLS)
@pytest.mark.parametrize("htmx", [False, True])
def test_other_member_gets_404_and_changes_nothing(other_client, owned, name, method, key, htmx):
    url = reverse(name, args=[owned[key].pk])
    before = snapshot()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = getattr(other_client, method)(
        url, POST_DATA if method == "post" else None, **headers
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_every_url_with_an_object_is_checked():
    from plans.urls import urlpatterns

    # Reflection URLs are checked in test_reflection_ownership.
    with_objects = {
        p.name
        for p in urlpatterns
        if "<int:pk>" in str(p.pattern) and not p.name.startswith("reflection")
    }

    assert with_objects == {name.removeprefix("plans:") for name, _, _ in OBJECT_URLS}


def test_the_owner_reaches_every_page_checked_above(member_client, owned):
    for name, method, key in OBJECT_URLS:
        if method == "get":
            url = reverse(name, args=[owned[key].pk])
            assert member_client.get(url, HTTP_HX_REQUEST="true").status_code == 200, name


def test_lists_exports_and_the_feed_show_only_the_members_own_data(other_client, owned):
    services.calendar_feed_regenerate(member=owned["goal"].member)
    title = owned["task"].title
    pages = [
        reverse("plans:goal_list"),
        reverse("plans:timeline"),
        reverse("plans:journal"),
        reverse("plans:wins"),
        reverse("plans:schedule"),
        reverse("dashboard"),
        reverse("plans:export_csv", args=["goals"]),
        reverse("plans:export_csv", args=["tasks"]),
        reverse("plans:export_csv", args=["journal"]),
    ]

    for url in pages:
        response = other_client.get(url)
        assert response.status_code == 200, url
        assertNotContains(response, owned["goal"].title)
        assertNotContains(response, title)
    assert (
        other_client.get(reverse("plans:calendar_feed", args=["not-the-token"])).status_code == 404
    )


def test_a_task_edit_cannot_pick_another_members_milestone(member_client, member, other_member):
    task = TaskFactory(goal=GoalFactory(member=member))
    foreign = MilestoneFactory(goal=GoalFactory(member=other_member))
    prefix = f"task-{task.pk}"
    data = {
        f"{prefix}-title": "Moved",
        f"{prefix}-goal": task.goal_id,
        f"{prefix}-milestone": foreign.pk,
        f"{prefix}-due_date": task.due_date.isoformat(),
        f"{prefix}-effort_hours": "1",
        f"{prefix}-activity": "course",
        f"{prefix}-version": "1",
    }

    response = member_client.post(reverse("plans:task_edit", args=[task.pk]), data)

    assert "Select a valid choice" in response.text
    task.refresh_from_db()
    assert task.title != "Moved"
    assert task.milestone_id is None
