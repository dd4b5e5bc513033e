"""What a reflection shows of its period, in the member's own time zone; and the dashboard's
refinement step."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from assessments.tests.factories import AttemptFactory
from careerdev.models import User
from plans import services
from plans.models import GoalStatus, Task
from plans.overview import reflection_step_counts
from plans.periods import Cadence, Period
from plans.reflections import period_review, start_choices
from plans.tests.factories import (
    GoalFactory,
    JournalEntryFactory,
    ReflectionFactory,
    TaskFactory,
    WinFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOVEMBER = Period(Cadence.MONTHLY, dt.date(2025, 11, 1))
Q4 = Period(Cadence.QUARTERLY, dt.date(2025, 10, 1))
# Wednesday 10 December 2025, mid-morning in New York.
TODAY = dt.date(2025, 12, 10)
NOW = dt.datetime(2025, 12, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def new_yorker(member: User) -> User:
    member.time_zone = "America/New_York"
    member.save(update_fields=["time_zone"])
    return member


def done_task(goal, completed_at: dt.datetime, hours: str = "2", **fields) -> Task:
    return TaskFactory(
        goal=goal,
        status="done",
        completed_at=completed_at,
        effort_hours=Decimal(hours),
        due_date=fields.pop("due_date", goal.start_date),
        **fields,
    )


def test_the_review_counts_what_happened_in_the_members_own_month(new_yorker):
    goal = GoalFactory(member=new_yorker, start_date=dt.date(2025, 9, 1))
    # 1 November 02:00 UTC is still 31 October in New York; 1 December 03:00 UTC is 30 November.
    done_task(goal, dt.datetime(2025, 11, 1, 2, 0, tzinfo=UTC), title="October evening")
    done_task(goal, dt.datetime(2025, 11, 1, 5, 0, tzinfo=UTC), title="First of November")
    done_task(goal, dt.datetime(2025, 12, 1, 3, 0, tzinfo=UTC), "1.5", title="Last evening")
    done_task(goal, dt.datetime(2025, 12, 1, 6, 0, tzinfo=UTC), title="December")
    TaskFactory(goal=goal, due_date=dt.date(2025, 11, 20), title="Missed")
    TaskFactory(goal=goal, due_date=dt.date(2025, 11, 21), status="dropped", title="Dropped")
    TaskFactory(
        goal=goal,
        due_date=dt.date(2025, 11, 22),
        title="Deleted",
        deleted_at=dt.datetime(2025, 11, 23, tzinfo=UTC),
    )
    TaskFactory(goal=goal, due_date=dt.date(2025, 12, 1), title="Due in December")
    JournalEntryFactory(member=new_yorker, written_on=dt.date(2025, 11, 30))
    JournalEntryFactory(member=new_yorker, written_on=dt.date(2025, 12, 1))
    WinFactory(member=new_yorker, won_on=dt.date(2025, 11, 1), title="Certified")
    WinFactory(member=new_yorker, won_on=dt.date(2025, 10, 31))
    AttemptFactory(
        member=new_yorker, slug="skills", completed_at=dt.datetime(2025, 11, 12, tzinfo=UTC)
    )
    AttemptFactory(
        member=new_yorker, slug="values", completed_at=dt.datetime(2025, 12, 1, 4, 0, tzinfo=UTC)
    )
    AttemptFactory(member=new_yorker, slug="interests")  # still open

    review = period_review(new_yorker, NOVEMBER, TODAY)

    assert [task.title for task in review.tasks_done] == ["Last evening", "First of November"]
    assert (review.tasks_done_count, review.hours_done) == (2, Decimal("3.5"))
    assert [task.title for task in review.tasks_missed] == ["Missed"]
    assert [entry.written_on.day for entry in review.journal] == [30]
    assert [win.title for win in review.wins] == ["Certified"]
    assert [a.instrument.slug for a in review.assessments] == ["skills", "values"]
    assert not review.has_trend
    assert not review.is_in_progress
    assert not review.is_quiet
    (reviewed,) = review.goals
    assert (reviewed.period_done_tasks, reviewed.period_done_hours) == (2, Decimal("3.5"))
    assert reviewed.period_missed_tasks == 1
    # Of 11.5 live hours (dropped work does not count), 5.5 were done by the end of November.
    assert reviewed.total_hours == Decimal("11.5")
    assert reviewed.progress_by_period_end.percent == 47
    assert reviewed.progress.percent == 65


def test_a_period_in_progress_misses_only_what_was_due_before_today(member):
    goal = GoalFactory(member=member, start_date=dt.date(2025, 11, 1))
    TaskFactory(goal=goal, due_date=dt.date(2025, 12, 9), title="Yesterday")
    TaskFactory(goal=goal, due_date=dt.date(2025, 12, 10), title="Today")
    december = Period(Cadence.MONTHLY, dt.date(2025, 12, 1))

    review = period_review(member, december, TODAY)

    assert review.is_in_progress
    assert [task.title for task in review.tasks_missed] == ["Yesterday"]


def test_the_goals_of_a_period_are_those_under_way_in_it(member):
    with time_machine.travel(dt.datetime(2025, 10, 15, tzinfo=UTC), tick=False):
        long_done = GoalFactory(member=member, start_date=dt.date(2025, 1, 1))
        services.goal_status_set(goal=long_done, status=GoalStatus.ACHIEVED, today=TODAY)
        dropped_before = GoalFactory(member=member, start_date=dt.date(2025, 1, 1))
        services.goal_status_set(goal=dropped_before, status=GoalStatus.DROPPED, today=TODAY)
    with time_machine.travel(dt.datetime(2025, 11, 20, tzinfo=UTC), tick=False):
        achieved_in = GoalFactory(
            member=member, start_date=dt.date(2025, 1, 1), title="Done in Nov"
        )
        services.goal_status_set(goal=achieved_in, status=GoalStatus.ACHIEVED, today=TODAY)
    active = GoalFactory(member=member, start_date=dt.date(2025, 6, 1), title="Active")
    paused = GoalFactory(
        member=member, start_date=dt.date(2025, 6, 1), status="paused", title="Paused"
    )
    GoalFactory(member=member, start_date=dt.date(2025, 12, 1), title="Starts in December")

    review = period_review(member, NOVEMBER, TODAY)

    assert {goal.title for goal in review.goals} == {active.title, paused.title, "Done in Nov"}
    assert {goal.title for goal in review.adjustable_goals} == {"Active", "Paused"}


def test_goal_activity_is_not_multiplied_by_its_many_tasks(member):
    goal = GoalFactory(member=member, start_date=dt.date(2025, 9, 1))
    for day in range(1, 11):
        done_task(goal, dt.datetime(2025, 11, day, 12, 0, tzinfo=UTC), "1")
        TaskFactory(goal=goal, due_date=dt.date(2025, 11, day + 10), effort_hours=1)

    (reviewed,) = period_review(member, NOVEMBER, TODAY).goals

    assert reviewed.period_done_tasks == 10
    assert reviewed.period_done_hours == Decimal(10)
    assert reviewed.period_missed_tasks == 10
    assert reviewed.total_hours == Decimal(20)
    assert reviewed.progress.percent == 50


def test_a_quarter_shows_each_month_and_each_goals_progress_at_month_end(new_yorker):
    start = dt.date(2025, 9, 1)
    goal = GoalFactory(
        member=new_yorker, start_date=start, target_date=dt.date(2026, 1, 31), title="SQL"
    )
    idle = GoalFactory(
        member=new_yorker, start_date=start, target_date=dt.date(2026, 6, 30), title="Idle"
    )
    TaskFactory(goal=idle, effort_hours=4)
    done_task(goal, dt.datetime(2025, 9, 20, 12, 0, tzinfo=UTC), "2")
    done_task(goal, dt.datetime(2025, 10, 3, 12, 0, tzinfo=UTC), "2")
    done_task(goal, dt.datetime(2025, 10, 4, 12, 0, tzinfo=UTC), "1")
    # Late on 30 November in New York: counts for November.
    done_task(goal, dt.datetime(2025, 12, 1, 4, 0, tzinfo=UTC), "3")
    done_task(goal, dt.datetime(2025, 12, 5, 12, 0, tzinfo=UTC), "1")
    TaskFactory(goal=goal, effort_hours=1, due_date=dt.date(2025, 10, 30))
    JournalEntryFactory(member=new_yorker, written_on=dt.date(2025, 11, 2))

    review = period_review(new_yorker, Q4, TODAY)

    assert review.has_trend
    assert review.is_in_progress
    months = [
        (m.month.month, m.tasks_done, m.hours_done, m.tasks_missed, m.journal_entries, m.is_future)
        for m in review.months
    ]
    assert months == [
        (10, 2, Decimal(3), 1, 0, False),
        (11, 1, Decimal(3), 0, 1, False),
        (12, 1, Decimal(1), 0, 0, False),
    ]
    # SQL's plan is 10 hours: 2 done before October, 5 by October's end, 8 by November's.
    sql, idle_trend = review.goal_trends
    assert (sql.goal.title, sql.percents) == ("SQL", (50, 80, 90))
    assert idle_trend.percents == (0, 0, 0)
    chart = review.hours_chart
    assert [column.note for column in chart.columns] == ["2 tasks", "1 task", "1 task"]
    assert [line.name for line in review.progress_chart.lines] == ["SQL", "Idle"]


def test_months_still_to_come_are_marked_and_have_no_progress(member):
    goal = GoalFactory(member=member, start_date=dt.date(2025, 9, 1))
    done_task(goal, dt.datetime(2025, 10, 3, 12, 0, tzinfo=UTC), "2")
    TaskFactory(goal=goal, effort_hours=2)

    review = period_review(member, Q4, dt.date(2025, 11, 5))

    assert [m.is_future for m in review.months] == [False, False, True]
    assert review.goal_trends[0].percents == (50, 50, None)
    assert review.hours_chart.columns[2].note == "to come"


def test_a_quiet_period_says_so(member):
    review = period_review(member, NOVEMBER, TODAY)

    assert review.is_quiet
    assert review.goals == []
    assert review.goal_trends == []
    assert review.progress_chart is None


@time_machine.travel(NOW, tick=False)
def test_the_refinement_step_asks_for_the_month_just_ended(member):
    counts = reflection_step_counts(member, TODAY)

    assert counts.due == [NOVEMBER]
    assert counts.status == "Not started"
    assert counts.action == "Reflect on November 2025"
    assert counts.url == reverse("plans:reflection_start", args=["monthly", "2025-11"])


@time_machine.travel(NOW, tick=False)
def test_the_refinement_step_points_to_a_draft_with_answers(member):
    ReflectionFactory(member=member, period=NOVEMBER, what_worked="Mornings")
    ReflectionFactory(member=member, period=Q4)  # opened, nothing written

    counts = reflection_step_counts(member, TODAY)

    assert counts.status == "Reflection in progress"
    assert counts.url == counts.draft.get_absolute_url()
    assert counts.draft.period == NOVEMBER


@time_machine.travel(NOW, tick=False)
def test_the_refinement_step_asks_for_quarters_and_years_of_members_who_reflect_on_them(member):
    ReflectionFactory(
        member=member, period=NOVEMBER, completed_at=NOW, what_worked="x", confidence=4
    )
    ReflectionFactory(
        member=member,
        period=Period(Cadence.QUARTERLY, dt.date(2025, 4, 1)),
        completed_at=NOW,
        confidence=3,
    )

    counts = reflection_step_counts(member, TODAY)

    assert counts.latest.period == NOVEMBER
    assert counts.status == "Last reflection: November 2025"
    assert counts.due == [Period(Cadence.QUARTERLY, dt.date(2025, 7, 1))]
    assert "your reflection on Q3 2025 is due" in counts.detail


@time_machine.travel(NOW, tick=False)
def test_a_member_who_joined_after_the_month_ended_is_not_asked_to_reflect_on_it(member):
    member.date_joined = NOW
    member.save(update_fields=["date_joined"])

    counts = reflection_step_counts(member, TODAY)

    assert counts.due == []
    assert counts.detail == "Your first reflection is due when this month ends."


@time_machine.travel(NOW, tick=False)
def test_a_member_up_to_date_is_told_so(member):
    ReflectionFactory(member=member, period=NOVEMBER, completed_at=NOW, confidence=4)

    counts = reflection_step_counts(member, TODAY)

    assert counts.due == []
    assert counts.url == reverse("plans:reflection_list")
    assert "up to date" in counts.detail


def test_start_choices_offer_each_cadence_with_any_reflection_begun(member):
    begun = ReflectionFactory(member=member, period=NOVEMBER)

    choices = start_choices(member, TODAY)

    assert [(c.cadence, c.period.label, c.other.label) for c in choices] == [
        ("monthly", "November 2025", "December 2025"),
        ("quarterly", "Q4 2025", "Q3 2025"),
        ("yearly", "2025", "2024"),
    ]
    assert choices[0].reflection == begun
    assert choices[0].other_in_progress
    assert not choices[0].period_in_progress


def test_the_period_just_ended_comes_first_while_its_reflection_is_unfinished(member):
    ReflectionFactory(
        member=member,
        period=Period(Cadence.QUARTERLY, dt.date(2025, 4, 1)),
        completed_at=NOW,
        confidence=3,
    )
    late_december = dt.date(2025, 12, 20)

    monthly, quarterly, yearly = start_choices(member, late_december)

    # Past the middle of December, but November is still to do.
    assert (monthly.period.label, monthly.other.label) == ("November 2025", "December 2025")
    assert monthly.other_in_progress
    # Quarters are reflected on, so Q3 is due; years are not, so 2025 so far is offered.
    assert (quarterly.period.label, quarterly.other.label) == ("Q3 2025", "Q4 2025")
    assert (yearly.period.label, yearly.other.label) == ("2025", "2024")


def test_once_the_period_just_ended_is_finished_the_current_one_comes_first(member):
    ReflectionFactory(member=member, period=NOVEMBER, completed_at=NOW, confidence=3)
    ReflectionFactory(member=member, period=Period(Cadence.QUARTERLY, dt.date(2025, 7, 1)))
    ReflectionFactory(member=member, period=Q4)

    monthly, quarterly, _ = start_choices(member, dt.date(2025, 12, 20))

    assert (monthly.period.label, monthly.other.label) == ("December 2025", "November 2025")
    assert monthly.other_reflection.is_completed
    # Q3 is unfinished, but the member has begun on Q4: that stays first.
    assert (quarterly.period.label, quarterly.other.label) == ("Q4 2025", "Q3 2025")
