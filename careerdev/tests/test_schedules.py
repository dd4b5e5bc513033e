"""Schedule arithmetic, worked by hand: each expected instant is derived in the comment above it."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerdev.schedules import MONTHS_BETWEEN, Cadence, Rule, at_local, next_occurrence

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")
UTC_ZONE = ZoneInfo("UTC")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def monthly(day: int, hour: int = 9, minute: int = 0) -> Rule:
    return Rule(Cadence.MONTHLY, day, time(hour, minute))


# Months and their lengths


def test_the_31st_of_april_is_the_30th():
    assert next_occurrence(monthly(31), after=utc(2026, 4, 1), zone=UTC_ZONE) == utc(2026, 4, 30, 9)


def test_the_31st_comes_back_in_a_31_day_month_after_a_short_one():
    assert next_occurrence(monthly(31), after=utc(2026, 4, 30, 9), zone=UTC_ZONE) == utc(
        2026, 5, 31, 9
    )


def test_the_30th_of_february_is_the_28th_in_a_common_year_and_the_29th_in_a_leap_year():
    assert next_occurrence(monthly(30), after=utc(2026, 2, 1), zone=UTC_ZONE) == utc(2026, 2, 28, 9)
    assert next_occurrence(monthly(30), after=utc(2028, 2, 1), zone=UTC_ZONE) == utc(2028, 2, 29, 9)


def test_an_occurrence_exactly_now_is_past_and_the_next_month_follows():
    assert next_occurrence(monthly(1), after=utc(2026, 6, 1, 9), zone=UTC_ZONE) == utc(
        2026, 7, 1, 9
    )


def test_later_the_same_day_is_still_this_month():
    assert next_occurrence(monthly(1, 18), after=utc(2026, 6, 1, 9), zone=UTC_ZONE) == utc(
        2026, 6, 1, 18
    )


def test_december_rolls_into_january_of_the_next_year():
    assert next_occurrence(monthly(5), after=utc(2026, 12, 6), zone=UTC_ZONE) == utc(2027, 1, 5, 9)


# Quarterly and yearly


def test_quarterly_in_january_april_july_october_skips_the_months_between():
    rule = Rule(Cadence.QUARTERLY, 15, time(9), month=1)
    # 15 April 09:00 BST (UTC+1) is 08:00 UTC.
    assert next_occurrence(rule, after=utc(2026, 2, 10), zone=LONDON) == utc(2026, 4, 15, 8)
    # 15 January 09:00 GMT (UTC+0), across the turn of the year.
    assert next_occurrence(rule, after=utc(2026, 11, 1), zone=LONDON) == utc(2027, 1, 15, 9)


def test_any_month_of_the_quarter_names_the_same_quarters():
    after = utc(2026, 5, 20)
    first = Rule(Cadence.QUARTERLY, 1, time(9), month=1)
    assert next_occurrence(first, after=after, zone=UTC_ZONE) == utc(2026, 7, 1, 9)
    for month in (4, 7, 10):
        same = Rule(Cadence.QUARTERLY, 1, time(9), month=month)
        assert next_occurrence(same, after=after, zone=UTC_ZONE) == utc(2026, 7, 1, 9)


def test_quarterly_in_february_may_august_november():
    rule = Rule(Cadence.QUARTERLY, 1, time(9), month=2)
    assert next_occurrence(rule, after=utc(2026, 5, 20), zone=UTC_ZONE) == utc(2026, 8, 1, 9)


def test_yearly_on_the_29th_of_february_is_the_28th_until_a_leap_year():
    rule = Rule(Cadence.YEARLY, 29, time(9), month=2)
    assert next_occurrence(rule, after=utc(2026, 3, 1), zone=UTC_ZONE) == utc(2027, 2, 28, 9)
    assert next_occurrence(rule, after=utc(2027, 3, 1), zone=UTC_ZONE) == utc(2028, 2, 29, 9)


def test_yearly_later_this_year_when_the_date_is_still_ahead():
    rule = Rule(Cadence.YEARLY, 2, time(9), month=12)
    assert next_occurrence(rule, after=utc(2026, 11, 30), zone=UTC_ZONE) == utc(2026, 12, 2, 9)


# Weekly


def test_weekly_on_monday_from_a_wednesday_is_next_monday():
    rule = Rule(Cadence.WEEKLY, 0, time(8))
    # Wednesday 3 June 2026; Monday 8 June 08:00 EDT (UTC-4) is 12:00 UTC.
    assert next_occurrence(rule, after=utc(2026, 6, 3, 12), zone=NEW_YORK) == utc(2026, 6, 8, 12)


def test_weekly_later_today_is_today():
    rule = Rule(Cadence.WEEKLY, 2, time(18))
    # Wednesday 3 June 2026 at 10:00 UTC; 18:00 the same day.
    assert next_occurrence(rule, after=utc(2026, 6, 3, 10), zone=UTC_ZONE) == utc(2026, 6, 3, 18)


def test_weekly_earlier_today_is_a_week_later():
    rule = Rule(Cadence.WEEKLY, 2, time(8))
    assert next_occurrence(rule, after=utc(2026, 6, 3, 10), zone=UTC_ZONE) == utc(2026, 6, 10, 8)


# Time zones either side of UTC: the local date decides, not the UTC date


def test_east_of_utc_new_year_comes_while_utc_is_still_in_the_old_year():
    rule = Rule(Cadence.YEARLY, 1, time(9), month=1)
    # Tokyo is UTC+9: 1 January 09:00 JST is 1 January 00:00 UTC; a minute earlier it is
    # 31 December in UTC but already 1 January 08:59 in Tokyo.
    assert next_occurrence(rule, after=utc(2025, 12, 31, 23, 59), zone=ZoneInfo("Asia/Tokyo")) == (
        utc(2026, 1, 1, 0)
    )


def test_fourteen_hours_ahead_the_first_of_the_month_starts_the_day_before_in_utc():
    # Kiritimati is UTC+14: 1 June 00:00 local is 31 May 10:00 UTC. At 31 May 09:00 UTC
    # (23:00 local on 31 May) that is an hour away.
    zone = ZoneInfo("Pacific/Kiritimati")
    assert next_occurrence(monthly(1, 0), after=utc(2026, 5, 31, 9), zone=zone) == utc(
        2026, 5, 31, 10
    )


def test_eleven_hours_behind_the_end_of_the_month_is_the_next_day_in_utc():
    # Pago Pago is UTC-11: 31 May 23:00 local is 1 June 10:00 UTC. At 1 June 09:00 UTC it is
    # still 31 May 22:00 there, so May's occurrence is an hour away.
    rule = monthly(31, 23)
    assert next_occurrence(rule, after=utc(2026, 6, 1, 9), zone=ZoneInfo("Pacific/Pago_Pago")) == (
        utc(2026, 6, 1, 10)
    )


def test_a_half_hour_offset_is_kept():
    # Kolkata is UTC+5:30: 09:00 IST is 03:30 UTC.
    rule = monthly(1)
    assert next_occurrence(rule, after=utc(2026, 6, 1), zone=ZoneInfo("Asia/Kolkata")) == utc(
        2026, 6, 1, 3, 30
    )


# Daylight saving: the time that does not exist


def test_a_missing_time_in_new_york_happens_an_hour_later_on_the_wall_clock():
    # Sunday 8 March 2026, 02:00 EST becomes 03:00 EDT: 02:30 does not exist. It is read
    # under EST (UTC-5), so 07:30 UTC, which the wall clock shows as 03:30 EDT.
    rule = Rule(Cadence.WEEKLY, 6, time(2, 30))
    result = next_occurrence(rule, after=utc(2026, 3, 7), zone=NEW_YORK)
    assert result == utc(2026, 3, 8, 7, 30)
    assert result.astimezone(NEW_YORK).time() == time(3, 30)


def test_the_missing_hour_in_london_is_sent_at_two_bst():
    # Sunday 29 March 2026, 01:00 GMT becomes 02:00 BST: 01:00 is read under GMT, 01:00 UTC.
    rule = monthly(29, 1)
    assert next_occurrence(rule, after=utc(2026, 3, 1), zone=LONDON) == utc(2026, 3, 29, 1)


def test_the_week_after_a_missing_time_is_back_on_the_wall_clock_time():
    rule = Rule(Cadence.WEEKLY, 6, time(2, 30))
    # Sunday 15 March 2026 02:30 EDT (UTC-4) is 06:30 UTC.
    assert next_occurrence(rule, after=utc(2026, 3, 8, 7, 30), zone=NEW_YORK) == utc(
        2026, 3, 15, 6, 30
    )


def test_in_the_southern_hemisphere_clocks_go_forward_in_september():
    # Auckland, Sunday 27 September 2026: 02:00 NZST becomes 03:00 NZDT. 02:30 is read under
    # NZST (UTC+12): 26 September 14:30 UTC, 03:30 NZDT on the wall clock.
    assert next_occurrence(monthly(27, 2, 30), after=utc(2026, 9, 1), zone=AUCKLAND) == utc(
        2026, 9, 26, 14, 30
    )


def test_a_half_hour_daylight_saving_change_shifts_by_half_an_hour():
    # Lord Howe Island, Sunday 4 October 2026: 02:00 (UTC+10:30) becomes 02:30 (UTC+11).
    # 02:15 is read under UTC+10:30: 3 October 15:45 UTC, 02:45 on the wall clock.
    zone = ZoneInfo("Australia/Lord_Howe")
    result = next_occurrence(monthly(4, 2, 15), after=utc(2026, 10, 1), zone=zone)
    assert result == utc(2026, 10, 3, 15, 45)
    assert result.astimezone(zone).time() == time(2, 45)


# Daylight saving: the time that happens twice


def test_a_repeated_time_in_new_york_happens_once_at_its_first_instance():
    # Sunday 1 November 2026, 02:00 EDT becomes 01:00 EST, so 01:30 happens twice: first
    # under EDT (UTC-4, 05:30 UTC), then under EST (UTC-5, 06:30 UTC). Only the first counts;
    # the one after is 8 November 01:30 EST, 06:30 UTC.
    rule = Rule(Cadence.WEEKLY, 6, time(1, 30))
    first = next_occurrence(rule, after=utc(2026, 10, 31), zone=NEW_YORK)
    assert first == utc(2026, 11, 1, 5, 30)
    assert next_occurrence(rule, after=first, zone=NEW_YORK) == utc(2026, 11, 8, 6, 30)


def test_between_the_two_instances_of_a_repeated_time_the_second_is_never_chosen():
    rule = Rule(Cadence.WEEKLY, 6, time(1, 30))
    # 06:00 UTC is 01:00 EST, between 01:30 EDT (05:30 UTC) and 01:30 EST (06:30 UTC).
    assert next_occurrence(rule, after=utc(2026, 11, 1, 6), zone=NEW_YORK) == utc(
        2026, 11, 8, 6, 30
    )


def test_the_repeated_hour_in_london_is_sent_under_bst():
    # Sunday 25 October 2026, 02:00 BST becomes 01:00 GMT: 01:30 first happens under BST,
    # 00:30 UTC.
    assert next_occurrence(monthly(25, 1, 30), after=utc(2026, 10, 1), zone=LONDON) == utc(
        2026, 10, 25, 0, 30
    )


def test_in_the_southern_hemisphere_clocks_go_back_in_april():
    # Auckland, Sunday 5 April 2026: 03:00 NZDT becomes 02:00 NZST, so 02:30 happens twice;
    # the first is under NZDT (UTC+13), 4 April 13:30 UTC.
    rule = Rule(Cadence.QUARTERLY, 5, time(2, 30), month=1)
    assert next_occurrence(rule, after=utc(2026, 2, 1), zone=AUCKLAND) == utc(2026, 4, 4, 13, 30)


def test_a_day_a_zone_skipped_entirely_still_gets_its_reminder():
    # Samoa skipped Friday 30 December 2011 (UTC-10 to UTC+14). 30 December 09:00 is read
    # under UTC-10: 19:00 UTC, which is Saturday 31 December 09:00 in Apia.
    zone = ZoneInfo("Pacific/Apia")
    result = next_occurrence(monthly(30), after=utc(2011, 12, 1), zone=zone)
    assert result == utc(2011, 12, 30, 19)
    assert result.astimezone(zone) == datetime(2011, 12, 31, 9, tzinfo=zone)


# Bad rules


@pytest.mark.parametrize(
    ("cadence", "day", "month"),
    [
        (Cadence.MONTHLY, 0, 1),
        (Cadence.MONTHLY, 32, 1),
        (Cadence.WEEKLY, 7, 1),
        (Cadence.YEARLY, 1, 13),
    ],
)
def test_an_impossible_rule_is_refused(cadence, day, month):
    with pytest.raises(ValueError, match=r"between|weekday"):
        Rule(cadence, day, time(9), month=month)


def test_a_naive_after_is_refused():
    with pytest.raises(ValueError, match="aware"):
        next_occurrence(monthly(1), after=datetime(2026, 1, 1), zone=UTC_ZONE)


def test_at_local_in_an_ordinary_hour_is_the_plain_conversion():
    assert at_local(datetime(2026, 7, 1).date(), time(9), LONDON) == utc(2026, 7, 1, 8)


# Properties, over every zone the system knows


ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})

rules = st.one_of(
    st.builds(
        Rule,
        st.just(Cadence.WEEKLY),
        st.integers(0, 6),
        st.times(),
    ),
    st.builds(
        Rule,
        st.sampled_from([Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.YEARLY]),
        st.integers(1, 31),
        st.times(),
        st.integers(1, 12),
    ),
)
instants = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2060, 12, 31),
    timezones=st.just(UTC),
)


def period(rule: Rule, moment: datetime, zone: ZoneInfo) -> int:
    """Which of the rule's periods (week, month, quarter or year) a moment falls in, locally."""
    local = moment.astimezone(zone)
    if rule.cadence is Cadence.WEEKLY:
        return (local.date().toordinal() - 1) // 7  # weeks from Monday 1 January of year 1
    months = local.year * 12 + local.month - 1 - (rule.month - 1)
    return months // MONTHS_BETWEEN[rule.cadence]


@settings(max_examples=400, deadline=None)
@given(rule=rules, after=instants, zone=st.sampled_from(ZONES))
def test_the_next_occurrence_is_always_in_the_future(rule, after, zone):
    assert next_occurrence(rule, after=after, zone=ZoneInfo(zone)) > after


@settings(max_examples=400, deadline=None)
@given(rule=rules, after=instants, zone=st.sampled_from(ZONES))
def test_no_period_is_ever_skipped(rule, after, zone):
    zone = ZoneInfo(zone)
    first = next_occurrence(rule, after=after, zone=zone)
    second = next_occurrence(rule, after=first, zone=zone)

    # The first falls in this period or the next; the one after it in the period after that.
    assert period(rule, first, zone) - period(rule, after, zone) in (0, 1)
    assert period(rule, second, zone) - period(rule, first, zone) == 1


@settings(max_examples=300, deadline=None)
@given(rule=rules, after=instants, zone=st.sampled_from(ZONES), gap=st.floats(0, 1))
def test_any_moment_before_an_occurrence_leads_to_that_same_occurrence(rule, after, zone, gap):
    zone = ZoneInfo(zone)
    target = next_occurrence(rule, after=after, zone=zone)
    between = after + (target - after) * gap
    if between >= target:
        between = target - timedelta(microseconds=1)

    assert next_occurrence(rule, after=between, zone=zone) == target
