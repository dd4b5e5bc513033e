"""The timing helpers every benchmark command shares."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from careerdev.bench import summary, timed, verified_members
from careerdev.models import User


def test_timing_a_call_warms_it_up_once_then_gives_one_time_per_run():
    calls = []
    ticks = iter(range(0, 100, 2))  # each call takes 2 ticks of this clock

    times = timed(3, lambda: calls.append(1), clock=lambda: next(ticks) / 1000)

    assert len(calls) == 4
    assert times == [2.0, 2.0, 2.0]


def test_a_summary_gives_the_median_95th_percentile_and_extremes_in_milliseconds():
    times = [float(n) for n in range(1, 101)]

    assert summary(times) == ("median  50.50 ms  p95  95.00 ms  min   1.00 ms  max 100.00 ms")


@pytest.mark.django_db
def test_the_programme_bench_times_a_small_programme_and_leaves_nothing_behind():
    out = io.StringIO()

    call_command("bench_programme", "--members", "12", "--runs", "2", stdout=out)

    assert "Overview of a programme of 12 members, 2 runs: median" in out.getvalue()
    assert not User.objects.filter(email__startswith="programme-bench").exists()


@pytest.mark.django_db
def test_bench_members_each_get_a_verified_address():
    users = verified_members(range(3), "bench{n}@bench.example.com")

    assert [user.email for user in users] == [f"bench{n}@bench.example.com" for n in range(3)]
    assert EmailAddress.objects.filter(user__in=users, verified=True).count() == 3
