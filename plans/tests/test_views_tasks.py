import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from plans.models import Milestone, Task, TaskStatus, TimeBlock, Undo, Win
from plans.tests.factories import GoalFactory, MilestoneFactory, TaskFactory, today

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def task_data(**changes):
    data = {
        "title": "Watch the indexing lecture",
        "milestone": "",
        "due_date": (today() + dt.timedelta(days=4)).isoformat(),
        "effort_hours": "1.5",
        "activity": "online_course",
        "notes": "",
    }
    return {**data, **changes}


def edit_data(task, **changes):
    prefix = f"task-{task.pk}"
    data = {
        "title": task.title,
        "goal": task.goal_id,
        "milestone": task.milestone_id or "",
        "due_date": task.due_date.isoformat(),
        "effort_hours": str(task.effort_hours),
        "activity": task.activity,
        "notes": task.notes,
        "version": task.version,
        **changes,
    }
    return {f"{prefix}-{name}": value for name, value in data.items()}


def progress_value(response) -> str:
    text = response.text
    start = text.index('id="goal-progress-bar" value="') + len('id="goal-progress-bar" value="')
    return text[start : text.index('"', start)]


# Adding


def test_a_task_added_with_htmx_returns_the_plan_and_the_new_progress(member_client, goal):
    response = member_client.post(reverse("plans:task_create", args=[goal.pk]), task_data(), **HTMX)

    assert "<html" not in response.text
    assertContains(response, 'id="action-plan"')
    assertContains(response, "Watch the indexing lecture")
    assertContains(response, 'id="goal-progress" class="goal-progress"')
    assertContains(response, 'hx-swap-oob="true"')
    assert Task.objects.get(goal=goal).effort_hours == Decimal("1.5")


def test_a_task_added_with_a_plain_post_redirects_to_the_goal(member_client, goal, milestone):
    response = member_client.post(
        reverse("plans:task_create", args=[goal.pk]), task_data(milestone=milestone.pk)
    )

    assert response.status_code == 302
    assert response.url == goal.get_absolute_url()
    assert Task.objects.get(goal=goal).milestone == milestone


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"effort_hours": "-2"}, "Effort must be at least a quarter of an hour"),
        ({"effort_hours": "12345"}, "Ensure that there are no more than 3 digits"),
        ({"effort_hours": "250"}, "More than 200 hours is a project"),
        ({"due_date": "2000-01-01"}, "The due date cannot be before the goal starts"),
        ({"title": ""}, "This field is required."),
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_bad_task_input_is_refused_with_a_clear_message(
    member_client, goal, changes, message, htmx
):
    headers = HTMX if htmx else {}

    response = member_client.post(
        reverse("plans:task_create", args=[goal.pk]), task_data(**changes), **headers
    )

    assert response.status_code == 200
    assertContains(response, message)
    assert ("<html" in response.text) is not htmx
    assert not Task.objects.exists()


def test_a_milestone_of_another_goal_is_not_offered_and_is_refused(member_client, goal, member):
    foreign = MilestoneFactory(goal=GoalFactory(member=member))

    response = member_client.post(
        reverse("plans:task_create", args=[goal.pk]), task_data(milestone=foreign.pk), **HTMX
    )

    assertContains(response, "Select a valid choice")
    assert not Task.objects.filter(goal=goal).exists()


# Completing


def test_completing_a_task_with_htmx_swaps_its_row_and_moves_the_progress_bar(member_client, goal):
    task = TaskFactory(goal=goal, effort_hours=1)
    TaskFactory(goal=goal, effort_hours=3)

    response = member_client.post(reverse("plans:task_complete", args=[task.pk]), **HTMX)

    assert response.text.lstrip().startswith(f'<li id="task-{task.pk}"')
    assertContains(response, f"Reopen “{task.title}”")
    assert progress_value(response) == "25"
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_completing_a_task_with_a_plain_post_redirects_back_to_it(member_client, task):
    response = member_client.post(reverse("plans:task_complete", args=[task.pk]), follow=True)

    assert response.redirect_chain[-1][0] == task.get_absolute_url()
    assertContains(response, f"Done: {task.title}.")
    assertContains(response, 'value="100" max="100"')


def test_finishing_a_milestone_with_htmx_shows_a_celebration(member_client, task):
    response = member_client.post(reverse("plans:task_complete", args=[task.pk]), **HTMX)

    assertContains(response, 'class="celebration"')
    assertContains(response, "Milestone reached: Learn the basics")
    assert Win.objects.filter(milestone=task.milestone).exists()


def test_finishing_a_milestone_with_a_plain_post_celebrates_in_the_message(member_client, task):
    response = member_client.post(reverse("plans:task_complete", args=[task.pk]), follow=True)

    assertContains(response, 'class="message celebrate success"')
    assertContains(response, "Milestone reached: Learn the basics. Well done!")


def test_completing_from_the_timeline_returns_the_timeline_row(member_client, task):
    response = member_client.post(
        reverse("plans:task_complete", args=[task.pk]), {"where": "timeline"}, **HTMX
    )

    assertContains(response, 'name="where" value="timeline"')
    assertContains(response, task.goal.title)
    assertNotContains(response, 'id="goal-progress"')


def test_completing_from_the_dashboard_without_htmx_returns_to_the_dashboard(member_client, task):
    response = member_client.post(
        reverse("plans:task_complete", args=[task.pk]), {"where": "dashboard"}
    )

    assert response.url == reverse("dashboard")


def test_reopening_a_task_puts_it_back_on_the_list(member_client, task):
    member_client.post(reverse("plans:task_complete", args=[task.pk]))

    response = member_client.post(reverse("plans:task_reopen", args=[task.pk]), **HTMX)

    assertContains(response, f"Mark “{task.title}” done")
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert progress_value(response) == "0"


# Editing


def test_the_edit_form_opens_in_place_with_htmx_and_as_a_page_without(member_client, task):
    url = reverse("plans:task_edit", args=[task.pk])

    in_place = member_client.get(url, **HTMX)
    page = member_client.get(url)

    assert in_place.text.lstrip().startswith(f'<li id="task-{task.pk}"')
    assertContains(in_place, f'hx-post="{url}"')
    assertContains(in_place, f'name="task-{task.pk}-effort_hours" value="2"')
    assertContains(page, "<h1>Edit task</h1>")


def test_cancelling_an_edit_in_place_brings_the_row_back(member_client, task):
    response = member_client.get(reverse("plans:task_row", args=[task.pk]), **HTMX)

    assertContains(response, f"Mark “{task.title}” done")
    assert member_client.get(reverse("plans:task_row", args=[task.pk])).status_code == 302


def test_an_edit_saved_with_htmx_redraws_the_plan(member_client, task):
    response = member_client.post(
        reverse("plans:task_edit", args=[task.pk]),
        edit_data(task, title="Read chapters one and two"),
        **HTMX,
    )

    assert response.headers["HX-Retarget"] == "#action-plan"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assertContains(response, "Read chapters one and two")
    task.refresh_from_db()
    assert (task.title, task.version) == ("Read chapters one and two", 2)


def test_an_edit_saved_with_a_plain_post_returns_to_where_it_started(member_client, task):
    response = member_client.post(
        f"{reverse('plans:task_edit', args=[task.pk])}",
        {**edit_data(task, effort_hours="3"), "where": "timeline"},
    )

    assert response.url == reverse("plans:timeline")
    task.refresh_from_db()
    assert task.effort_hours == Decimal("3")


@pytest.mark.parametrize("htmx", [True, False])
def test_a_save_from_a_second_tab_is_refused_and_keeps_what_was_typed(member_client, task, htmx):
    first_tab = edit_data(task, title="Read chapter one slowly")
    second_tab = edit_data(task, title="Skim chapter one")
    member_client.post(reverse("plans:task_edit", args=[task.pk]), first_tab)

    response = member_client.post(
        reverse("plans:task_edit", args=[task.pk]), second_tab, **(HTMX if htmx else {})
    )

    assert response.status_code == 200
    assertContains(response, "This task was changed in another tab or window")
    assertContains(response, "What is saved now: “Read chapter one slowly”")
    assertContains(response, 'value="Skim chapter one"')
    assertContains(response, f'name="task-{task.pk}-version" value="2"')
    task.refresh_from_db()
    assert task.title == "Read chapter one slowly"


def test_saving_again_after_a_conflict_is_a_deliberate_overwrite(member_client, task):
    url = reverse("plans:task_edit", args=[task.pk])
    member_client.post(url, edit_data(task, title="From the first tab"))
    refused = member_client.post(url, edit_data(task, title="From the second tab"))
    again = refused.context["form"].data

    response = member_client.post(url, again)

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("From the second tab", 3)


def test_a_task_cannot_be_moved_into_another_members_goal(member_client, task, other_member):
    foreign = GoalFactory(member=other_member)

    response = member_client.post(
        reverse("plans:task_edit", args=[task.pk]), edit_data(task, goal=foreign.pk, milestone="")
    )

    assertContains(response, "Select a valid choice")
    task.refresh_from_db()
    assert task.goal.member_id == task.goal.member.pk != other_member.pk
    assert task.version == 1


def test_a_task_cannot_be_put_under_a_milestone_of_another_goal(member_client, task, member):
    foreign = MilestoneFactory(goal=GoalFactory(member=member), title="Elsewhere")

    response = member_client.post(
        reverse("plans:task_edit", args=[task.pk]), edit_data(task, milestone=foreign.pk)
    )

    assertContains(response, "That milestone belongs to another goal")
    task.refresh_from_db()
    assert task.milestone.title == "Learn the basics"


def test_a_task_moves_to_another_of_the_members_goals(member_client, task, member):
    other_goal = GoalFactory(member=member)

    response = member_client.post(
        reverse("plans:task_edit", args=[task.pk]),
        edit_data(task, goal=other_goal.pk, milestone=""),
        **HTMX,
    )

    assertNotContains(response, f'id="task-{task.pk}"')
    task.refresh_from_db()
    assert task.goal == other_goal


# Reordering, deleting and undoing


def order(milestone: Milestone) -> list[str]:
    return list(milestone.tasks.order_by("position", "pk").values_list("title", flat=True))


@pytest.mark.parametrize("htmx", [True, False])
def test_tasks_move_up_and_down_by_button(member_client, goal, milestone, htmx):
    first = TaskFactory(goal=goal, milestone=milestone, title="First")
    TaskFactory(goal=goal, milestone=milestone, title="Second")

    response = member_client.post(
        reverse("plans:task_move", args=[first.pk]),
        {"direction": "down"},
        **(HTMX if htmx else {}),
    )

    assert order(milestone) == ["Second", "First"]
    if htmx:
        assertContains(response, f'id="task-{first.pk}-down"')
    else:
        assert response.url == first.get_absolute_url()


def test_the_move_buttons_are_labelled_for_keyboard_and_screen_reader_users(member_client, task):
    response = member_client.get(task.goal.get_absolute_url())

    assertContains(response, f'aria-label="Move “{task.title}” up"')
    assertContains(response, f'aria-label="Move “{task.title}” down"')


def test_a_task_deleted_with_htmx_can_be_undone_in_place(member_client, task):
    deleted = member_client.post(reverse("plans:task_delete", args=[task.pk]), **HTMX)
    undo = Undo.objects.get()

    assertNotContains(deleted, f'id="task-{task.pk}"')
    assertContains(deleted, f"Deleted “{task.title}”.")
    assertContains(deleted, f'hx-post="{reverse("plans:undo", args=[undo.pk])}"')

    restored = member_client.post(reverse("plans:undo", args=[undo.pk]), **HTMX)

    assertContains(restored, f'id="task-{task.pk}"')
    assertNotContains(restored, 'class="undo-bar"')


def test_a_task_deleted_with_a_plain_post_can_be_undone_from_the_goal_page(member_client, task):
    page = member_client.post(reverse("plans:task_delete", args=[task.pk]), follow=True)
    undo = Undo.objects.get()

    assertContains(page, "You can undo this below.")
    assertContains(page, f'action="{reverse("plans:undo", args=[undo.pk])}"')
    member_client.post(reverse("plans:undo", args=[undo.pk]))
    assert Task.objects.live().filter(pk=task.pk).exists()


def test_undoing_twice_says_it_is_already_done(member_client, task):
    member_client.post(reverse("plans:task_delete", args=[task.pk]))
    undo = Undo.objects.get()
    member_client.post(reverse("plans:undo", args=[undo.pk]))

    response = member_client.post(reverse("plans:undo", args=[undo.pk]), follow=True)

    assertContains(response, "That change was already undone.")


def test_a_deleted_task_is_gone_for_every_url(member_client, task):
    member_client.post(reverse("plans:task_delete", args=[task.pk]))

    assert member_client.get(reverse("plans:task_edit", args=[task.pk])).status_code == 404
    assert member_client.post(reverse("plans:task_complete", args=[task.pk])).status_code == 404


# Milestones


@pytest.mark.parametrize("htmx", [True, False])
def test_a_milestone_is_added_to_the_plan(member_client, goal, htmx):
    response = member_client.post(
        reverse("plans:milestone_create", args=[goal.pk]),
        {"milestone-title": "First project shipped", "milestone-due_date": ""},
        **(HTMX if htmx else {}),
    )

    assert goal.milestones.get().title == "First project shipped"
    if htmx:
        assertContains(response, "First project shipped")
    else:
        assert response.status_code == 302


def test_a_milestone_due_before_the_goal_starts_is_refused(member_client, goal):
    response = member_client.post(
        reverse("plans:milestone_create", args=[goal.pk]),
        {"milestone-title": "Too early", "milestone-due_date": "2001-01-01"},
        **HTMX,
    )

    assertContains(response, "A milestone cannot be due before the goal starts")
    assert not goal.milestones.exists()


def test_a_milestone_is_renamed_on_its_own_page(member_client, milestone):
    url = reverse("plans:milestone_edit", args=[milestone.pk])

    assertContains(member_client.get(url), "Edit milestone")
    response = member_client.post(url, {"title": "Basics done", "due_date": ""})

    assert response.url == milestone.goal.get_absolute_url()
    milestone.refresh_from_db()
    assert milestone.title == "Basics done"


def test_a_milestone_with_tasks_is_kept_with_a_message(member_client, task, milestone):
    response = member_client.post(
        reverse("plans:milestone_delete", args=[milestone.pk]), follow=True
    )

    assertContains(response, "still has 1 task: move or delete them first.")
    assert Milestone.objects.filter(pk=milestone.pk).exists()


def test_an_empty_milestone_is_deleted(member_client, milestone):
    member_client.post(reverse("plans:milestone_delete", args=[milestone.pk]))

    assert not Milestone.objects.filter(pk=milestone.pk).exists()


# Catching up


def test_a_goal_behind_schedule_is_flagged_with_a_catch_up_panel(member_client, behind_goal):
    response = member_client.get(behind_goal.get_absolute_url())

    assertContains(response, "Behind schedule")
    assertContains(response, "Reschedule 2 overdue tasks")
    assertContains(response, "Split “Module two” (4 h) in two")
    assertContains(response, "Drop “Module one”")
    assertContains(response, "Add a weekly time block: Monday 18:00–19:00")  # noqa: RUF001


def test_a_goal_on_schedule_has_no_catch_up_panel(member_client, goal):
    TaskFactory(goal=goal, due_date=today() - dt.timedelta(days=1), status="done")

    response = member_client.get(goal.get_absolute_url())

    assertNotContains(response, "Behind schedule")


@pytest.mark.parametrize("htmx", [True, False])
def test_rescheduling_overdue_tasks_takes_one_click_and_can_be_undone(
    member_client, behind_goal, htmx
):
    headers = HTMX if htmx else {}
    before = sorted(behind_goal.tasks.values_list("due_date", flat=True))

    response = member_client.post(
        reverse("plans:catch_up_reschedule", args=[behind_goal.pk]), **headers
    )

    assert not behind_goal.tasks.filter(due_date__lt=today()).exists()
    if htmx:
        assertContains(response, "Rescheduled 2 overdue tasks.")
        assertNotContains(response, "Behind schedule")
    member_client.post(reverse("plans:undo", args=[Undo.objects.get().pk]), **headers)
    assert sorted(behind_goal.tasks.values_list("due_date", flat=True)) == before


def test_splitting_dropping_and_adding_a_block_are_each_undoable(
    member_client, behind_goal, member
):
    module_two = behind_goal.tasks.get(title="Module two")
    module_one = behind_goal.tasks.get(title="Module one")

    member_client.post(reverse("plans:task_split", args=[module_two.pk]), **HTMX)
    assert behind_goal.tasks.filter(title__startswith="Module two").count() == 2
    member_client.post(reverse("plans:task_drop", args=[module_one.pk]), **HTMX)
    assert behind_goal.tasks.get(pk=module_one.pk).status == TaskStatus.DROPPED
    member_client.post(
        reverse("plans:catch_up_time_block", args=[behind_goal.pk]),
        {"weekday": "0", "starts_at": "18:00", "ends_at": "19:00", "label": "Catch up"},
    )
    assert TimeBlock.objects.filter(member=member).count() == 1

    for undo in Undo.objects.order_by("-created_at"):
        member_client.post(reverse("plans:undo", args=[undo.pk]))

    assert TimeBlock.objects.filter(member=member).count() == 0
    assert behind_goal.tasks.get(pk=module_one.pk).status == TaskStatus.OPEN
    assert list(behind_goal.tasks.order_by("title").values_list("title", flat=True)) == [
        "Module one",
        "Module three",
        "Module two",
    ]


def test_a_catch_up_time_block_with_bad_times_is_refused(member_client, behind_goal, member):
    response = member_client.post(
        reverse("plans:catch_up_time_block", args=[behind_goal.pk]),
        {"weekday": "9", "starts_at": "18:00", "ends_at": "19:00"},
        follow=True,
    )

    assertContains(response, "That time block could not be added")
    assert not TimeBlock.objects.filter(member=member).exists()


def test_a_task_too_small_to_split_says_so(member_client, goal):
    task = TaskFactory(goal=goal, effort_hours=Decimal("0.25"))

    response = member_client.post(reverse("plans:task_split", args=[task.pk]), follow=True)

    assertContains(response, "cannot be split")
    assert goal.tasks.count() == 1
