import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import (
    CalendarFeed,
    Goal,
    GoalStatus,
    Milestone,
    Task,
    TaskStatus,
    TimeBlock,
    Win,
    WinKind,
)
from plans.tests.factories import (
    GoalFactory,
    MilestoneFactory,
    TaskFactory,
    TimeBlockFactory,
    today,
)

pytestmark = pytest.mark.django_db


def task_values(task: Task) -> tuple:
    task.refresh_from_db()
    return (task.goal_id, task.milestone_id, task.title, task.due_date, task.effort_hours)


def new_task(goal, **fields):
    values = {
        "goal": goal,
        "milestone": None,
        "title": "Read the guide",
        "due_date": today() + dt.timedelta(days=3),
        "effort_hours": Decimal("2"),
        "activity": "course",
        "today": today(),
    }
    return services.task_create(**{**values, **fields})


def edit(task, **fields):
    values = {
        "task": task,
        "version": task.version,
        "goal": task.goal,
        "milestone": task.milestone,
        "title": task.title,
        "notes": task.notes,
        "due_date": task.due_date,
        "effort_hours": task.effort_hours,
        "activity": task.activity,
        "today": today(),
    }
    return services.task_update(**{**values, **fields})


# Goals and their history


def test_creating_and_changing_a_goal_records_when_and_why(member):
    goal = services.goal_create(
        member=member,
        kind="skills",
        title="Pass the SQL exam",
        why="",
        measure="Score 80%",
        start_date=today(),
        target_date=today() + dt.timedelta(days=90),
        reason="Goal set from a suggestion",
    )
    services.goal_update(
        goal=goal,
        change_note="the exam moved",
        target_date=today() + dt.timedelta(days=120),
        title="Pass the SQL exam",
    )
    services.goal_status_set(goal=goal, status=GoalStatus.PAUSED, today=today())
    services.goal_status_set(goal=goal, status=GoalStatus.ACTIVE, today=today())

    reasons = list(
        goal.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Goal set from a suggestion",
        "Changed target date: the exam moved",
        "Paused",
        "Resumed",
    ]


def test_saving_a_goal_unchanged_adds_no_history(goal):
    created = goal.history.count()

    services.goal_update(goal=goal, title=goal.title, why=goal.why)

    assert goal.history.count() == created


def test_a_target_before_the_start_is_refused_and_nothing_changes(goal):
    before = goal.target_date

    with pytest.raises(ValidationError) as error:
        services.goal_update(goal=goal, target_date=goal.start_date - dt.timedelta(days=1))

    assert "target_date" in error.value.message_dict
    goal.refresh_from_db()
    assert goal.target_date == before


def test_achieving_a_goal_records_one_win_however_often_it_is_achieved(goal):
    win = services.goal_status_set(goal=goal, status=GoalStatus.ACHIEVED, today=today())
    services.goal_status_set(goal=goal, status=GoalStatus.ACTIVE, today=today())
    again = services.goal_status_set(goal=goal, status=GoalStatus.ACHIEVED, today=today())

    assert win.kind == WinKind.GOAL
    assert win.title == f"Goal achieved: {goal.title}"
    assert again is None
    assert Win.objects.filter(goal=goal).count() == 1


def test_an_unknown_status_is_refused(goal):
    with pytest.raises(ValidationError):
        services.goal_status_set(goal=goal, status="finished", today=today())


# Tasks: bad input and ownership


def test_a_due_date_before_the_goal_starts_is_refused(goal):
    with pytest.raises(ValidationError) as error:
        new_task(goal, due_date=goal.start_date - dt.timedelta(days=1))

    assert "before the goal starts" in error.value.message_dict["due_date"][0]
    assert not Task.objects.exists()


@pytest.mark.parametrize("effort", ["-1", "0", "0.1", "200.25", "5000"])
def test_negative_or_absurd_effort_is_refused(goal, effort):
    with pytest.raises(ValidationError) as error:
        new_task(goal, effort_hours=Decimal(effort))

    assert "effort_hours" in error.value.message_dict
    assert not Task.objects.exists()


def test_a_task_cannot_go_under_a_milestone_of_another_goal(goal, member):
    other_goal = GoalFactory(member=member)
    foreign = MilestoneFactory(goal=other_goal)

    with pytest.raises(ValidationError) as error:
        new_task(goal, milestone=foreign)

    assert "belongs to another goal" in error.value.message_dict["milestone"][0]


def test_a_task_cannot_move_into_another_members_goal(task, other_member):
    before = task_values(task)
    foreign = GoalFactory(member=other_member)

    with pytest.raises(ValidationError) as error:
        edit(task, goal=foreign, milestone=None)

    assert "your own goals" in error.value.message_dict["goal"][0]
    assert task_values(task) == before


def test_moving_a_task_to_another_goal_keeps_the_milestone_rule(task, member):
    other_goal = GoalFactory(member=member)
    before = task_values(task)

    with pytest.raises(ValidationError):
        edit(task, goal=other_goal)  # still under the first goal's milestone

    assert task_values(task) == before
    moved = edit(task, goal=other_goal, milestone=None)
    assert (moved.goal_id, moved.milestone_id) == (other_goal.pk, None)


# Two tabs


def test_a_save_from_a_stale_form_is_refused_and_keeps_the_other_save(task):
    opened_at = task.version
    edit(task, title="Read chapters one and two")

    with pytest.raises(services.TaskConflict) as conflict:
        edit(task, version=opened_at, title="Skim chapter one")

    assert conflict.value.current.title == "Read chapters one and two"
    task.refresh_from_db()
    assert (task.title, task.version) == ("Read chapters one and two", opened_at + 1)


def test_completing_a_task_does_not_make_an_open_edit_form_stale(task):
    services.task_complete(task=task, today=today())

    saved = edit(task, title="Read chapter one twice")

    assert saved.title == "Read chapter one twice"
    assert saved.status == TaskStatus.DONE


# Completing, milestones and wins


def test_finishing_the_last_task_of_a_milestone_records_a_win_once(goal, milestone):
    first = TaskFactory(goal=goal, milestone=milestone)
    second = TaskFactory(goal=goal, milestone=milestone)

    assert services.task_complete(task=first, today=today()).win is None
    win = services.task_complete(task=second, today=today()).win
    services.task_reopen(task=second, today=today())
    milestone.refresh_from_db()
    assert milestone.completed_at is None
    again = services.task_complete(task=second, today=today()).win

    assert win.kind == WinKind.MILESTONE
    assert win.milestone == milestone
    assert win.title == "Milestone reached: Learn the basics"
    assert again is None
    assert Win.objects.filter(milestone=milestone).count() == 1


def test_dropped_and_deleted_tasks_do_not_hold_a_milestone_back(goal, milestone):
    done = TaskFactory(goal=goal, milestone=milestone)
    dropped = TaskFactory(goal=goal, milestone=milestone)
    deleted = TaskFactory(goal=goal, milestone=milestone)
    services.task_complete(task=done, today=today())
    services.task_drop(task=dropped, today=today())

    services.task_delete(task=deleted, today=today())

    milestone.refresh_from_db()
    assert milestone.completed_at is not None


def test_progress_counts_done_hours_of_live_tasks(goal):
    done = TaskFactory(goal=goal, effort_hours=3)
    TaskFactory(goal=goal, effort_hours=1)
    dropped = TaskFactory(goal=goal, effort_hours=10)
    deleted = TaskFactory(goal=goal, effort_hours=10)
    services.task_complete(task=done, today=today())
    services.task_drop(task=dropped, today=today())
    services.task_delete(task=deleted, today=today())

    progress = Goal.objects.with_progress(today()).get(pk=goal.pk).progress

    assert (progress.done_hours, progress.total_hours, progress.percent) == (3, 4, 75)


# Reordering


def test_tasks_move_up_and_down_within_their_milestone(goal, milestone):
    a, _b, c = (TaskFactory(goal=goal, milestone=milestone, title=t) for t in "abc")
    other = TaskFactory(goal=goal, milestone=None, position=0)

    services.task_move(task=c, direction="up")
    services.task_move(task=a, direction="up")  # already first: stays
    services.task_move(task=a, direction="down")
    services.task_move(task=other, direction="up")  # alone under no milestone: stays

    order = Task.objects.filter(milestone=milestone).order_by("position", "pk")
    assert [t.title for t in order] == ["c", "a", "b"]
    other.refresh_from_db()
    assert other.position == 0


def test_an_unknown_direction_is_refused(task):
    with pytest.raises(ValidationError):
        services.task_move(task=task, direction="sideways")


# Undoable changes


def test_a_deleted_task_comes_back_with_undo(task):
    undo = services.task_delete(task=task, today=today())
    assert not Task.objects.live().filter(pk=task.pk).exists()

    services.undo_apply(undo=undo, today=today())

    assert Task.objects.live().filter(pk=task.pk).exists()
    with pytest.raises(ValidationError, match="already undone"):
        services.undo_apply(undo=undo, today=today())


def test_a_dropped_task_returns_to_its_earlier_status_with_undo(task):
    services.task_complete(task=task, today=today())
    undo = services.task_drop(task=task, today=today())

    services.undo_apply(undo=undo, today=today())

    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_splitting_a_task_halves_it_and_undo_puts_it_back(task):
    task.effort_hours = Decimal("3")
    task.save()

    undo = services.task_split(task=task, today=today())

    parts = list(Task.objects.filter(goal=task.goal).order_by("position"))
    assert [(p.title, p.effort_hours) for p in parts] == [
        ("Read chapter one (part 1)", Decimal("1.50")),
        ("Read chapter one (part 2)", Decimal("1.50")),
    ]
    services.undo_apply(undo=undo, today=today())
    assert list(Task.objects.filter(goal=task.goal).values_list("title", "effort_hours")) == [
        ("Read chapter one", Decimal("3.00"))
    ]


def test_a_quarter_hour_task_cannot_be_split(task):
    task.effort_hours = Decimal("0.25")
    task.save()

    with pytest.raises(ValidationError):
        services.task_split(task=task, today=today())
    assert Task.objects.count() == 1


def test_rescheduling_moves_overdue_tasks_to_time_block_days_and_undo_restores_them(
    behind_goal, member
):
    TimeBlockFactory(member=member, weekday=today().weekday())  # the same weekday as today
    before = dict(behind_goal.tasks.values_list("title", "due_date"))

    undo = services.tasks_reschedule_overdue(goal=behind_goal, today=today())

    after = dict(behind_goal.tasks.values_list("title", "due_date"))
    assert after["Module one"] == today() + dt.timedelta(days=7)
    assert after["Module two"] == today() + dt.timedelta(days=14)
    assert after["Module three"] == before["Module three"]
    assert not Goal.objects.with_progress(today()).get(pk=behind_goal.pk).is_behind
    services.undo_apply(undo=undo, today=today())
    assert dict(behind_goal.tasks.values_list("title", "due_date")) == before


def test_rescheduling_with_nothing_overdue_is_refused(goal):
    with pytest.raises(ValidationError, match="Nothing"):
        services.tasks_reschedule_overdue(goal=goal, today=today())


def test_a_catch_up_time_block_goes_away_with_undo(behind_goal, member):
    undo = services.catch_up_time_block_add(
        goal=behind_goal, weekday=2, starts_at=dt.time(18), ends_at=dt.time(19)
    )
    assert TimeBlock.objects.filter(member=member).count() == 1

    services.undo_apply(undo=undo, today=today())

    assert not TimeBlock.objects.filter(member=member).exists()


# Time blocks, feed, journal and wins


def test_a_time_block_must_end_after_it_starts(member):
    with pytest.raises(ValidationError):
        services.time_block_create(
            member=member, weekday=1, starts_at=dt.time(19), ends_at=dt.time(18)
        )


def test_a_new_calendar_address_replaces_the_old_one(member):
    first = services.calendar_feed_regenerate(member=member).token
    second = services.calendar_feed_regenerate(member=member).token

    assert first != second
    assert CalendarFeed.objects.get(member=member).token == second


def test_journal_entries_and_wins_only_link_to_the_members_own_goals(member, other_member):
    foreign = GoalFactory(member=other_member)

    with pytest.raises(ValidationError):
        services.journal_entry_create(member=member, goal=foreign, written_on=today(), body="x")
    with pytest.raises(ValidationError):
        services.win_create(member=member, kind="other", title="x", won_on=today(), goal=foreign)


def test_milestone_and_goal_wins_cannot_be_logged_by_hand(member):
    with pytest.raises(ValidationError):
        services.win_create(member=member, kind=WinKind.GOAL, title="x", won_on=today())


def test_a_milestone_with_tasks_cannot_be_deleted(task, milestone):
    with pytest.raises(ValidationError, match="still has 1 task"):
        services.milestone_delete(milestone=milestone)

    assert Milestone.objects.filter(pk=milestone.pk).exists()


def test_a_field_changed_elsewhere_since_the_form_was_shown_is_refused(goal):
    shown = goal.target_date
    services.goal_update(goal=goal, target_date=shown + dt.timedelta(days=5))

    with pytest.raises(services.GoalConflict) as conflict:
        services.goal_update(
            goal=goal,
            seen={"target_date": shown},
            target_date=shown + dt.timedelta(days=9),
        )

    moved = shown + dt.timedelta(days=5)
    assert conflict.value.fields == ["target_date"]
    assert conflict.value.changes == [f"target date (now “{moved.day} {moved:%b %Y}”)"]
    goal.refresh_from_db()
    assert goal.target_date == moved


def test_the_same_change_made_in_two_places_is_no_conflict(goal):
    shown, wanted = goal.title, "Pass the SQL exam in March"
    services.goal_update(goal=goal, title=wanted)

    services.goal_update(goal=goal, seen={"title": shown}, title=wanted)

    goal.refresh_from_db()
    assert goal.title == wanted
