import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.charts import (
    NARROW_WIDTH,
    PLOT_BOTTOM,
    PLOT_TOP,
    hours_chart,
    nice_ceiling,
    progress_chart,
)


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (0.4, 0.5), (1, 1), (3, 5), (7.5, 10), (12, 20), (21, 25), (26, 50), (120, 200)],
)
def test_the_scale_tops_out_at_a_round_number(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_columns_are_as_tall_as_their_hours_on_a_round_scale():
    chart = hours_chart(
        [
            ("Oct", Decimal("8"), 4, False),
            ("Nov", Decimal("2.5"), 1, False),
            ("Dec", Decimal("0"), 0, True),
        ],
        title="Hours",
        description="",
        slug="q4",
    )
    october, november, december = chart.columns
    plot_height = PLOT_BOTTOM - PLOT_TOP

    # The scale runs to 10 hours, so 8 hours fill 80% of the plot.
    assert [line.label for line in chart.gridlines] == ["0", "5", "10"]
    assert october.height == round(plot_height * 0.8, 1)
    assert october.y + october.height == PLOT_BOTTOM
    assert november.height == round(plot_height * 0.25, 1)
    assert (october.value, october.note) == ("8 h", "4 tasks")
    assert (november.value, november.note) == ("2.5 h", "1 task")
    assert (december.height, december.value, december.note) == (0, "", "to come")
    assert october.centre < november.centre < december.centre


def test_a_month_without_work_has_a_flat_column_and_a_zero():
    chart = hours_chart([("Jan", Decimal(0), 0, False)], title="", description="", slug="m")

    assert chart.columns[0].height == 0
    assert chart.columns[0].value == "0 h"
    assert [line.label for line in chart.gridlines] == ["0", "0.5", "1"]


def test_goal_lines_stop_at_months_still_to_come():
    chart = progress_chart(
        ["Oct", "Nov", "Dec"],
        [("SQL", [10, 40, None]), ("Spanish", [0, 0, None])],
        title="",
        description="",
        slug="q4",
    )
    sql, spanish = chart.lines

    assert len(sql.dots) == 2
    assert sql.dots[0][1] == round(PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * 0.1, 1)
    assert sql.dots[1][1] < sql.dots[0][1]
    assert all(y == PLOT_BOTTOM for _, y in spanish.dots)
    assert sql.colour != spanish.colour
    assert spanish.key_y > sql.key_y
    assert chart.height > spanish.key_y
    assert [label for _, label in chart.x_labels] == ["Oct", "Nov", "Dec"]


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=1000, places=2),
            st.integers(min_value=0, max_value=500),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_every_column_stays_inside_the_plot(months):
    chart = hours_chart(
        [(f"M{n}", hours, tasks, future) for n, (hours, tasks, future) in enumerate(months)],
        title="",
        description="",
        slug="x",
    )

    for column in chart.columns:
        assert PLOT_TOP - 0.1 <= column.y <= PLOT_BOTTOM
        assert column.height >= 0
        assert chart.plot_left <= column.x
        assert column.x + column.width <= chart.plot_right + 0.1


def test_on_a_phone_the_months_become_rows_with_hours_and_tasks_written_out():
    chart = hours_chart(
        [("Oct", Decimal("8"), 4, False), ("Nov", Decimal("0"), 0, True)],
        title="Hours",
        description="",
        slug="q4",
    )

    narrow = chart.narrow
    assert narrow.width == NARROW_WIDTH
    assert [row.label for row in narrow.rows] == ["Oct", "Nov"]
    october, november = (row.bars[0] for row in narrow.rows)
    assert october.text == "8 h · 4 tasks"
    assert (november.width, november.text) == (0, "to come")
    assert [tick.label for tick in narrow.ticks] == ["0 h", "5 h", "10 h"]


def test_the_phone_progress_chart_fits_twelve_months_in_its_narrow_width():
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    chart = progress_chart(
        months,
        [("A goal with a very long title " * 3, [10] * 12)],
        title="",
        description="",
        slug="y",
    )

    narrow = chart.narrow
    assert (narrow.width, narrow.is_narrow, narrow.narrow) == (NARROW_WIDTH, True, None)
    assert (chart.is_narrow, chart.key_chars) == (False, 80)
    xs = [x for x, _ in narrow.x_labels]
    assert narrow.plot_left < xs[0]
    assert xs[-1] < narrow.plot_right < NARROW_WIDTH
    assert min(b - a for a, b in itertools.pairwise(xs)) >= 25
    assert narrow.label_size < chart.label_size
    assert narrow.key_chars < chart.key_chars
