"""Rough edges a new member meets while planning: dates that do not fit, the add-task form's
defaults, the main action of an empty goal, and whether the weekly time is enough."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from plans.models import Goal, Milestone, Task, TimeBlock
from plans.tests.factories import (
    GoalFactory,
    MilestoneFactory,
    TaskFactory,
    TimeBlockFactory,
    today,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def selected(html: str, name: str) -> str:
    """The value of the option selected in the <select name=...> of a page."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    chosen = re.search(r'<option value="([^"]*)"[^>]* selected', select)
    return chosen.group(1) if chosen else ""


# A task due after its milestone or its goal's target date


@pytest.fixture
def late_task(goal: Goal) -> Task:
    """Due after its milestone (due in 10 days) and after the goal's target (in 20 days)."""
    goal.target_date = days(20)
    goal.save()
    milestone = MilestoneFactory(goal=goal, title="Learn the basics", due_date=days(10))
    return TaskFactory(goal=goal, milestone=milestone, title="Take the exam", due_date=days(30))


def test_a_task_due_after_its_milestone_and_target_warns_and_offers_both_moves(
    member_client, late_task
):
    response = member_client.get(late_task.goal.get_absolute_url())

    assertContains(response, "After its milestone")
    assertContains(response, "After the target date")
    moves = f"{days(30).day} {days(30):%b}"
    assertContains(response, f"Move the milestone to {moves}")
    assertContains(response, f"Move the target date to {moves}")
    fit = reverse("plans:task_dates_fit", args=[late_task.pk])
    assertContains(response, f'action="{fit}"', count=2)


def test_tasks_that_fit_their_dates_and_finished_tasks_raise_no_warning(member_client, goal):
    milestone = MilestoneFactory(goal=goal, due_date=days(10))
    TaskFactory(goal=goal, milestone=milestone, due_date=days(10))
    TaskFactory(goal=goal, milestone=milestone, due_date=days(90), status="done")
    TaskFactory(goal=goal, due_date=goal.target_date)

    response = member_client.get(goal.get_absolute_url())

    assertNotContains(response, "After its milestone")
    assertNotContains(response, "After the target date")


def test_moving_the_milestone_in_place_redraws_the_plan_without_the_warning(
    member_client, late_task
):
    url = reverse("plans:task_dates_fit", args=[late_task.pk])

    response = member_client.post(url, {"move": "milestone"}, **HTMX)

    assert Milestone.objects.get(pk=late_task.milestone_id).due_date == days(30)
    assert "<html" not in response.text
    assertContains(response, 'id="action-plan"')
    assertNotContains(response, "After its milestone")
    assertContains(response, "After the target date")


def test_moving_the_target_date_is_kept_in_the_goals_history(member_client, late_task):
    url = reverse("plans:task_dates_fit", args=[late_task.pk])

    response = member_client.post(url, {"move": "target"}, follow=True)

    goal = Goal.objects.get(pk=late_task.goal_id)
    assert goal.target_date == days(30)
    assert goal.history.first().history_change_reason == (
        "Changed target date: to fit the task “Take the exam”"
    )
    assertContains(response, f"The goal now aims for {days(30).day} {days(30):%b %Y}.")
    assertNotContains(response, "After the target date")


def test_moving_the_target_in_place_also_redraws_the_goals_dates(member_client, late_task):
    url = reverse("plans:task_dates_fit", args=[late_task.pk])

    response = member_client.post(url, {"move": "target"}, **HTMX)

    header = re.search(
        r'<header class="goal-header" id="goal-header".*?</header>', response.text, re.S
    )
    assert 'hx-swap-oob="true"' in header.group(0)
    assert f'datetime="{days(30):%Y-%m-%d}"' in header.group(0)


@pytest.mark.parametrize("move", ["", "everything", "milestone"])
def test_a_move_that_makes_no_sense_is_refused_and_changes_nothing(member_client, goal, move):
    task = TaskFactory(goal=goal, due_date=days(90))  # under no milestone
    before = (goal.target_date, list(Milestone.objects.values()))

    response = member_client.post(
        reverse("plans:task_dates_fit", args=[task.pk]), {"move": move}, follow=True
    )

    assert response.status_code == 200
    assertContains(response, "Choose to move the task")
    goal.refresh_from_db()
    assert (goal.target_date, list(Milestone.objects.values())) == before


# The add-task form


def test_add_a_task_defaults_to_the_first_milestone_not_yet_reached(member_client, goal):
    MilestoneFactory(goal=goal, title="Reached", completed_at=timezone.now())
    next_open = MilestoneFactory(goal=goal, title="Next")
    MilestoneFactory(goal=goal, title="Later")

    response = member_client.get(goal.get_absolute_url())

    assert selected(response.text, "milestone") == str(next_open.pk)
    assert selected(response.text, "activity") == "online_course"


def test_after_an_add_the_form_is_back_to_its_defaults(member_client, goal):
    next_open = MilestoneFactory(goal=goal, title="Next")
    later = MilestoneFactory(goal=goal, title="Later")
    data = {
        "title": "Enrol on the course",
        "milestone": later.pk,
        "due_date": days(40).isoformat(),
        "effort_hours": "3",
        "activity": "course",
        "notes": "",
    }

    response = member_client.post(reverse("plans:task_create", args=[goal.pk]), data, **HTMX)

    assertContains(response, "Enrol on the course")
    assert Task.objects.get(title="Enrol on the course").activity == "course"
    assert selected(response.text, "milestone") == str(next_open.pk)
    assert selected(response.text, "activity") == "online_course"
    assertContains(response, 'name="title" maxlength="160" required id="id_title">')


def test_with_every_milestone_reached_a_new_task_goes_under_none(member_client, goal):
    MilestoneFactory(goal=goal, completed_at=timezone.now())

    response = member_client.get(goal.get_absolute_url())

    assert selected(response.text, "milestone") == ""


def test_the_add_task_form_reads_no_milestones_of_its_own(member_client, goal):
    MilestoneFactory.create_batch(3, goal=goal)

    with CaptureQueriesContext(connection) as captured:
        member_client.get(goal.get_absolute_url())

    assert sum('FROM "plans_milestone"' in query["sql"] for query in captured.captured_queries) == 1


# The main action of a goal


def test_a_goal_without_tasks_leads_to_adding_one_not_to_marking_it_achieved(member_client, goal):
    response = member_client.get(goal.get_absolute_url())

    assertContains(response, '<a href="#add-task" class="button">Add a task</a>', html=True)
    assertContains(
        response,
        '<button type="submit" class="secondary outline">Mark achieved</button>',
        html=True,
    )
    assertContains(response, 'id="add-task"')


def test_once_a_task_is_added_mark_achieved_is_the_main_action_again(member_client, goal):
    data = {
        "title": "First step",
        "milestone": "",
        "due_date": days(5).isoformat(),
        "effort_hours": "1",
        "activity": "online_course",
    }

    response = member_client.post(reverse("plans:task_create", args=[goal.pk]), data, **HTMX)

    header = re.search(
        r'<header class="goal-header" id="goal-header".*?</header>', response.text, re.S
    )
    assert 'hx-swap-oob="true"' in header.group(0)
    assert "Add a task</a>" not in header.group(0)
    assert '<button type="submit">Mark achieved</button>' in header.group(0)


# Time blocks tied to a goal, and whether they are enough


def test_a_time_block_can_be_tied_to_one_of_the_members_active_goals(member_client, goal, member):
    paused = GoalFactory(member=member, title="On hold", status="paused")
    form_page = member_client.get(reverse("plans:schedule"), {"goal": goal.pk})
    assert selected(form_page.text, "goal") == str(goal.pk)
    assertNotContains(form_page, "On hold")

    response = member_client.post(
        reverse("plans:schedule"),
        {
            "weekday": "2",
            "starts_at": "07:00",
            "ends_at": "08:30",
            "label": "Study",
            "goal": goal.pk,
        },
        follow=True,
    )

    block = TimeBlock.objects.get(member=member)
    assert block.goal == goal
    assertContains(response, f'For <a href="{goal.get_absolute_url()}">{goal.title}</a>', html=True)
    assert paused.time_blocks.count() == 0


def test_a_time_block_for_another_members_goal_is_refused(member_client, member, other_member):
    theirs = GoalFactory(member=other_member)

    response = member_client.post(
        reverse("plans:schedule"),
        {"weekday": "2", "starts_at": "07:00", "ends_at": "08:00", "goal": theirs.pk},
    )

    assert response.status_code == 200
    assertContains(response, "Select a valid choice")
    assert not TimeBlock.objects.exists()


def test_a_catch_up_time_block_is_tied_to_its_goal(member_client, behind_goal):
    member_client.post(
        reverse("plans:catch_up_time_block", args=[behind_goal.pk]),
        {"weekday": "0", "starts_at": "18:00", "ends_at": "19:00", "label": "Catching up"},
    )

    block = TimeBlock.objects.get()
    assert block.goal == behind_goal
    assert block.label == f"Catching up: {behind_goal.title}"


def test_the_goal_page_says_when_weekly_hours_cannot_finish_the_plan(member_client, member):
    goal = GoalFactory(member=member, target_date=days(70))
    for _ in range(31):
        TaskFactory(goal=goal, due_date=days(60), effort_hours=Decimal("2"))
    TimeBlockFactory(member=member, goal=goal, starts_at=dt.time(18), ends_at=dt.time(19, 30))

    response = member_client.get(goal.get_absolute_url())

    # 62 hours at 1.5 hours a week take 42 weeks; the target is 10 weeks away.
    assertContains(response, "Not enough time")
    assertContains(
        response,
        "At about 1.5 h a week, the 62 h of work left takes about 42 weeks, "
        "but the target date is 10 weeks away.",
    )
    assertContains(response, f'href="{reverse("plans:schedule")}?goal={goal.pk}"')
    assertContains(response, "1 weekly block for this goal")


def test_general_time_blocks_are_shared_between_the_active_goals(member_client, member):
    goal = GoalFactory(member=member, target_date=days(70))
    GoalFactory(member=member)
    TaskFactory(goal=goal, due_date=days(20), effort_hours=Decimal("6"))
    TimeBlockFactory(member=member, starts_at=dt.time(9), ends_at=dt.time(13))  # for every goal

    response = member_client.get(goal.get_absolute_url())

    assertContains(response, "At about 2 h a week, the 6 h of work left takes about 3 weeks")
    assertContains(response, "in time for the target date")
    assertContains(response, "plus an even share of your 4 h for all 2 active goals")
    assertNotContains(response, "Not enough time")


def test_a_goal_without_weekly_time_says_so(member_client, goal):
    TaskFactory(goal=goal, effort_hours=Decimal("3"))

    response = member_client.get(goal.get_absolute_url())

    assertContains(response, "No weekly time blocks give this goal any time yet")
    assertContains(response, "Schedule weekly time for this goal")
