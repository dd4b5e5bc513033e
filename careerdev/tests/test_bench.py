"""The timing helpers every benchmark command shares."""

from careerdev.bench import summary, timed


def test_timing_a_call_warms_it_up_once_then_gives_one_time_per_run():
    calls = []
    ticks = iter(range(0, 100, 2))  # each call takes 2 ticks of this clock

    times = timed(3, lambda: calls.append(1), clock=lambda: next(ticks) / 1000)

    assert len(calls) == 4
    assert times == [2.0, 2.0, 2.0]


def test_a_summary_gives_the_median_95th_percentile_and_extremes_in_milliseconds():
    times = [float(n) for n in range(1, 101)]

    assert summary(times) == ("median  50.50 ms  p95  95.00 ms  min   1.00 ms  max 100.00 ms")
