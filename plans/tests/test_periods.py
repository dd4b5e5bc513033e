from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.periods import (
    Cadence,
    Period,
    add_months,
    other_period_to_reflect_on,
    period_just_ended,
    period_to_reflect_on,
)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2400, 12, 31))
cadences = st.sampled_from(list(Cadence))


@pytest.mark.parametrize(
    ("cadence", "day", "start", "end", "slug", "label"),
    [
        (
            "monthly",
            date(2025, 11, 17),
            date(2025, 11, 1),
            date(2025, 11, 30),
            "2025-11",
            "November 2025",
        ),
        (
            "monthly",
            date(2024, 2, 29),
            date(2024, 2, 1),
            date(2024, 2, 29),
            "2024-02",
            "February 2024",
        ),
        (
            "monthly",
            date(2025, 2, 1),
            date(2025, 2, 1),
            date(2025, 2, 28),
            "2025-02",
            "February 2025",
        ),
        (
            "quarterly",
            date(2025, 11, 17),
            date(2025, 10, 1),
            date(2025, 12, 31),
            "2025-Q4",
            "Q4 2025",
        ),
        ("quarterly", date(2025, 3, 31), date(2025, 1, 1), date(2025, 3, 31), "2025-Q1", "Q1 2025"),
        ("quarterly", date(2025, 4, 1), date(2025, 4, 1), date(2025, 6, 30), "2025-Q2", "Q2 2025"),
        ("yearly", date(2025, 12, 31), date(2025, 1, 1), date(2025, 12, 31), "2025", "2025"),
    ],
)
def test_a_period_holds_its_calendar_month_quarter_or_year(cadence, day, start, end, slug, label):
    period = Period.containing(cadence, day)

    assert (period.start, period.end) == (start, end)
    assert period.slug == slug
    assert period.label == label
    assert Period.from_slug(cadence, slug) == period


def test_a_quarter_and_a_year_name_the_months_they_cover():
    assert Period(Cadence.QUARTERLY, date(2025, 10, 1)).span == "October to December 2025"
    assert Period(Cadence.YEARLY, date(2025, 1, 1)).span == "January to December 2025"
    assert Period(Cadence.MONTHLY, date(2025, 10, 1)).span == "October 2025"
    assert Period(Cadence.QUARTERLY, date(2025, 10, 1)).month_starts() == [
        date(2025, 10, 1),
        date(2025, 11, 1),
        date(2025, 12, 1),
    ]


def test_previous_and_next_cross_the_year():
    january = Period(Cadence.MONTHLY, date(2026, 1, 1))
    q1 = Period(Cadence.QUARTERLY, date(2026, 1, 1))

    assert january.previous() == Period(Cadence.MONTHLY, date(2025, 12, 1))
    assert q1.previous() == Period(Cadence.QUARTERLY, date(2025, 10, 1))
    assert Period(Cadence.MONTHLY, date(2025, 12, 1)).next() == january
    assert Period(Cadence.YEARLY, date(2025, 1, 1)).next().label == "2026"


@pytest.mark.parametrize(
    ("cadence", "slug"),
    [
        ("monthly", "2025-13"),
        ("monthly", "2025-00"),
        ("monthly", "2025-Q4"),
        ("monthly", "25-11"),
        ("quarterly", "2025-Q5"),
        ("quarterly", "2025-11"),
        ("yearly", "2025-11"),
        ("yearly", "0000"),
        ("yearly", "\uff12\uff10\uff12\uff15"),  # 2025 in full-width digits
    ],
)
def test_a_slug_that_names_no_period_is_refused(cadence, slug):
    with pytest.raises(ValueError, match=r"does not name|out of range"):
        Period.from_slug(cadence, slug)


def test_an_unknown_cadence_is_refused():
    with pytest.raises(ValueError, match="weekly"):
        Period.from_slug("weekly", "2025-11")


def test_a_period_must_start_on_its_first_day():
    with pytest.raises(ValueError, match="does not start a quarter"):
        Period(Cadence.QUARTERLY, date(2025, 11, 1))
    with pytest.raises(ValueError, match="does not start a month"):
        Period(Cadence.MONTHLY, date(2025, 11, 2))


@pytest.mark.parametrize(
    ("cadence", "today", "chosen", "other"),
    [
        # A month: the one just ended for the first half of this one, then this one.
        (Cadence.MONTHLY, date(2025, 12, 1), "November 2025", "December 2025"),
        (Cadence.MONTHLY, date(2025, 12, 16), "November 2025", "December 2025"),
        (Cadence.MONTHLY, date(2025, 12, 17), "December 2025", "November 2025"),
        (Cadence.MONTHLY, date(2025, 11, 15), "October 2025", "November 2025"),
        (Cadence.MONTHLY, date(2025, 11, 16), "November 2025", "October 2025"),
        (Cadence.MONTHLY, date(2025, 11, 30), "November 2025", "October 2025"),
        (Cadence.MONTHLY, date(2026, 2, 14), "January 2026", "February 2026"),
        (Cadence.MONTHLY, date(2026, 2, 15), "February 2026", "January 2026"),
        # A quarter: the one just ended for its first 45 or 46 days.
        (Cadence.QUARTERLY, date(2026, 1, 2), "Q4 2025", "Q1 2026"),
        (Cadence.QUARTERLY, date(2026, 2, 14), "Q4 2025", "Q1 2026"),
        (Cadence.QUARTERLY, date(2026, 2, 15), "Q1 2026", "Q4 2025"),
        # A year: last year until the end of June.
        (Cadence.YEARLY, date(2026, 1, 2), "2025", "2026"),
        (Cadence.YEARLY, date(2026, 7, 2), "2025", "2026"),
        (Cadence.YEARLY, date(2026, 7, 3), "2026", "2025"),
        (Cadence.YEARLY, date(2026, 12, 31), "2026", "2025"),
    ],
)
def test_the_period_to_reflect_on_is_the_one_just_ended_until_the_current_is_half_over(
    cadence, today, chosen, other
):
    assert period_to_reflect_on(cadence, today).label == chosen
    assert other_period_to_reflect_on(cadence, today).label == other


def test_the_period_just_ended_is_the_one_before_today():
    assert period_just_ended(Cadence.MONTHLY, date(2026, 1, 1)).label == "December 2025"
    assert period_just_ended(Cadence.QUARTERLY, date(2025, 12, 31)).label == "Q3 2025"
    assert period_just_ended(Cadence.YEARLY, date(2026, 6, 1)).label == "2025"


def test_bounds_are_local_midnights_east_and_west_of_utc():
    november = Period(Cadence.MONTHLY, date(2025, 11, 1))

    tokyo_start, tokyo_end = november.bounds(ZoneInfo("Asia/Tokyo"))
    la_start, la_end = november.bounds(ZoneInfo("America/Los_Angeles"))

    assert tokyo_start.astimezone(UTC) == datetime(2025, 10, 31, 15, 0, tzinfo=UTC)
    assert tokyo_end.astimezone(UTC) == datetime(2025, 11, 30, 15, 0, tzinfo=UTC)
    # Los Angeles leaves summer time on 2 November: 7 hours behind at the start, 8 at the end.
    assert la_start.astimezone(UTC) == datetime(2025, 11, 1, 7, 0, tzinfo=UTC)
    assert la_end.astimezone(UTC) == datetime(2025, 12, 1, 8, 0, tzinfo=UTC)


def test_a_month_across_the_spring_change_is_an_hour_short():
    march = Period(Cadence.MONTHLY, date(2026, 3, 1))

    start, end = march.bounds(ZoneInfo("Europe/London"))

    assert end - start == timedelta(days=31)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(days=31, hours=-1)


@given(cadences, days)
def test_every_day_falls_in_exactly_the_period_that_contains_it(cadence, day):
    period = Period.containing(cadence, day)

    assert period.contains(day)
    assert not period.previous().contains(day)
    assert not period.next().contains(day)
    assert period.previous().next() == period
    assert period.next().start == period.end + timedelta(days=1)
    assert Period.from_slug(cadence, period.slug) == period
    assert len(period.month_starts()) == {"monthly": 1, "quarterly": 3, "yearly": 12}[cadence]


@given(cadences, days)
def test_the_period_to_reflect_on_has_started_and_is_this_one_or_the_last(cadence, day):
    current = Period.containing(cadence, day)
    chosen = period_to_reflect_on(cadence, day)
    other = other_period_to_reflect_on(cadence, day)

    assert chosen.has_started(day)
    assert {chosen, other} == {current, current.previous()}


@given(days, st.integers(min_value=-2400, max_value=2400))
def test_adding_months_then_taking_them_away_comes_back(day, months):
    first = day.replace(day=1)
    try:
        moved = add_months(first, months)
    except ValueError:  # past year 1 or 9999
        return
    assert moved.day == 1
    assert add_months(moved, -months) == first
