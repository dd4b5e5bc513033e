from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.schedule import (
    Bucket,
    Progress,
    bucket_for,
    can_split,
    catch_up_dates,
    forecast,
    format_hours,
    group_by_bucket,
    month_end,
    quarter_end,
    split_effort,
    suggest_time_block,
    week_end,
    weekly_hours,
)

# Wednesday 13 May 2026.
WEDNESDAY = date(2026, 5, 13)


def test_progress_is_done_hours_over_total_hours_rounded_down():
    progress = Progress(Decimal("9"), Decimal("2"), Decimal("0"))

    assert progress.percent == 22
    assert progress.remaining_hours == Decimal("7")


def test_progress_of_a_goal_without_hours_is_zero_and_never_behind():
    progress = Progress(Decimal(0), Decimal(0), Decimal(0))

    assert progress.percent == 0
    assert progress.expected_percent == 0
    assert not progress.is_behind


def test_a_goal_is_behind_when_fewer_hours_are_done_than_its_dates_expect():
    behind = Progress(Decimal("10"), Decimal("2"), Decimal("5"))
    on_track = Progress(Decimal("10"), Decimal("5"), Decimal("5"))
    ahead = Progress(Decimal("10"), Decimal("8"), Decimal("5"))

    assert behind.is_behind
    assert behind.behind_hours == Decimal("3")
    assert not on_track.is_behind
    assert not ahead.is_behind
    assert ahead.behind_hours == 0


def test_week_month_and_quarter_ends():
    assert week_end(WEDNESDAY) == date(2026, 5, 17)
    assert week_end(date(2026, 5, 17)) == date(2026, 5, 17)
    assert month_end(WEDNESDAY) == date(2026, 5, 31)
    assert month_end(date(2028, 2, 3)) == date(2028, 2, 29)
    assert quarter_end(WEDNESDAY) == date(2026, 6, 30)
    assert quarter_end(date(2026, 12, 1)) == date(2026, 12, 31)
    assert quarter_end(date(2026, 1, 1)) == date(2026, 3, 31)


def test_due_dates_fall_in_the_first_group_that_holds_them():
    assert bucket_for(date(2026, 5, 12), WEDNESDAY) == Bucket.OVERDUE
    assert bucket_for(WEDNESDAY, WEDNESDAY) == Bucket.THIS_WEEK
    assert bucket_for(date(2026, 5, 17), WEDNESDAY) == Bucket.THIS_WEEK
    assert bucket_for(date(2026, 5, 18), WEDNESDAY) == Bucket.THIS_MONTH
    assert bucket_for(date(2026, 6, 1), WEDNESDAY) == Bucket.THIS_QUARTER
    assert bucket_for(date(2026, 7, 1), WEDNESDAY) == Bucket.LATER


def test_a_week_running_into_next_month_counts_as_this_week():
    friday = date(2026, 7, 31)

    assert bucket_for(date(2026, 8, 2), friday) == Bucket.THIS_WEEK
    assert bucket_for(date(2026, 8, 3), friday) == Bucket.THIS_QUARTER


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=-400, max_value=400),
)
def test_buckets_follow_the_calendar_in_order(today, offset):
    due = today + timedelta(days=offset)
    order = list(Bucket)
    bucket = bucket_for(due, today)

    assert (bucket == Bucket.OVERDUE) == (due < today)
    assert order.index(bucket_for(due + timedelta(days=1), today)) >= order.index(bucket)


def test_grouping_keeps_every_bucket_in_timeline_order():
    class Item:
        def __init__(self, due):
            self.due_date = due

    items = [Item(date(2026, 7, 1)), Item(date(2026, 5, 1)), Item(WEDNESDAY)]
    groups = group_by_bucket(items, WEDNESDAY)

    assert list(groups) == list(Bucket)
    assert [len(group) for group in groups.values()] == [1, 1, 0, 0, 1]


def test_catch_up_dates_use_time_block_days_from_tomorrow():
    # Blocks on Tuesday (1) and Wednesday (2); today is a Wednesday.
    assert catch_up_dates(3, WEDNESDAY, [2, 1, 2]) == [
        date(2026, 5, 19),
        date(2026, 5, 20),
        date(2026, 5, 26),
    ]


def test_without_time_blocks_catch_up_dates_are_a_week_apart():
    assert catch_up_dates(2, WEDNESDAY, []) == [date(2026, 5, 20), date(2026, 5, 27)]


def test_split_effort_gives_two_quarter_hour_parts_that_add_up():
    assert split_effort(Decimal("3")) == (Decimal("1.50"), Decimal("1.50"))
    assert split_effort(Decimal("1.25")) == (Decimal("0.75"), Decimal("0.50"))
    assert can_split(Decimal("0.5"))
    assert not can_split(Decimal("0.25"))


@given(st.integers(min_value=2, max_value=800))
def test_split_parts_are_never_empty(quarters):
    effort = Decimal(quarters) / 4
    first, second = split_effort(effort)

    assert first + second == effort
    assert first >= Decimal("0.25")
    assert second >= Decimal("0.25")


def test_a_suggested_time_block_takes_the_first_free_weekday_evening():
    assert suggest_time_block([]) == (0, time(18), time(19))
    assert suggest_time_block([0, 1]) == (2, time(18), time(19))
    assert suggest_time_block(range(7)) is None


def test_hours_are_written_without_trailing_zeros():
    assert [format_hours(Decimal(v)) for v in ("2.00", "1.50", "0.25", "10", "100.00")] == [
        "2",
        "1.5",
        "0.25",
        "10",
        "100",
    ]


def evenings(*pairs: tuple[int | None, str]) -> list[tuple[int | None, int, time, time]]:
    """A block per (goal id, hours), each on its own weekday evening from 18:00."""
    made = []
    for weekday, (goal_id, hours) in enumerate(pairs):
        minutes = int(Decimal(hours) * 60)
        made.append((goal_id, weekday, time(18), time(18 + minutes // 60, minutes % 60)))
    return made


def test_a_goal_gets_its_own_blocks_and_an_even_share_of_the_general_ones():
    result = forecast(
        goal_id=1,
        remaining_hours=Decimal("10"),
        blocks=evenings((1, "1"), (None, "3"), (2, "5")),
        active_goals=3,
        today=WEDNESDAY,
        target_date=WEDNESDAY + timedelta(days=35),
    )

    assert (result.own_hours, result.shared_hours) == (Decimal("1"), Decimal("3"))
    assert result.weekly_hours_rounded == Decimal("2.0")
    assert result.weekly_hours == Decimal("2")
    assert result.weeks_left == Decimal("5")
    assert result.weeks_needed_rounded == 5
    assert not result.falls_short


def test_too_little_weekly_time_falls_short_of_the_target_date():
    result = forecast(
        goal_id=1,
        remaining_hours=Decimal("62"),
        blocks=evenings((1, "1.5")),
        active_goals=1,
        today=WEDNESDAY,
        target_date=WEDNESDAY + timedelta(days=70),
    )

    assert result.falls_short
    assert result.weeks_needed_rounded == 42
    assert result.target_distance == "10 weeks away"


@pytest.mark.parametrize(
    ("days_left", "words"),
    [
        (-3, "past"),
        (0, "0 days away"),
        (1, "1 day away"),
        (13, "13 days away"),
        (20, "2 weeks away"),
    ],
)
def test_the_target_date_distance_reads_naturally(days_left, words):
    result = forecast(
        goal_id=1,
        remaining_hours=Decimal("5"),
        blocks=[],
        active_goals=1,
        today=WEDNESDAY,
        target_date=WEDNESDAY + timedelta(days=days_left),
    )

    assert result.target_distance == words
    assert result.falls_short
    assert result.weeks_needed is None


def test_without_a_target_date_nothing_can_fall_short():
    result = forecast(
        goal_id=1,
        remaining_hours=Decimal("500"),
        blocks=evenings((None, "1")),
        active_goals=2,
        today=WEDNESDAY,
        target_date=None,
    )

    assert not result.falls_short
    assert result.weekly_hours == Decimal("0.5")
    assert result.weeks_needed_rounded == 1000
    assert result.target_distance == ""


def test_weekly_hours_shared_three_ways_are_written_to_a_tenth():
    result = forecast(
        goal_id=1,
        remaining_hours=Decimal("20"),
        blocks=evenings((1, "2"), (None, "1")),
        active_goals=3,
        today=WEDNESDAY,
        target_date=None,
    )

    assert result.weekly_hours_rounded == Decimal("2.3")
    assert format_hours(result.weekly_hours_rounded) == "2.3"


def test_weekly_hours_count_overlapping_blocks_once():
    blocks = [
        (0, time(18, 0), time(19, 30)),
        (0, time(18, 30), time(20, 0)),  # overlaps the first by an hour
        (0, time(18, 0), time(19, 30)),  # the same block twice
        (2, time(7, 0), time(8, 0)),
    ]

    assert weekly_hours(blocks) == Decimal(3)  # Monday 18:00-20:00, Wednesday 07:00-08:00


def test_general_time_overlapping_the_goals_own_blocks_counts_once():
    result = forecast(
        goal_id=1,
        remaining_hours=Decimal("10"),
        blocks=[
            (1, 0, time(18), time(20)),
            (None, 0, time(19), time(21)),  # one hour of it is the goal's own already
            (2, 0, time(18), time(22)),  # another goal's: not counted here
        ],
        active_goals=2,
        today=WEDNESDAY,
        target_date=None,
    )

    assert (result.own_hours, result.shared_hours) == (Decimal(2), Decimal(1))
    assert result.weekly_hours == Decimal("2.5")
