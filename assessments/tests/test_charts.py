"""Chart geometry: every chart has a narrow companion a phone can read."""

from assessments.charts import (
    JADE,
    NARROW_WIDTH,
    SLATE,
    WIDTH,
    Entry,
    Series,
    bar_chart,
    radar_chart,
)

SKILLS = [
    Entry("Management of personnel resources", (2.0, 5.0), ("2", "5"), "Management"),
    Entry("Writing", (4.0, 4.0), ("4", "4"), "Communication"),
]
TWO = (Series("Your level now", JADE), Series("Your target role needs", SLATE))


def test_a_bar_chart_comes_with_a_stacked_companion_for_phones():
    chart = bar_chart(SKILLS, series=TWO, title="Skills", description="", slug="s", maximum=5)
    narrow = chart.narrow

    assert (chart.width, chart.label_anchor, chart.is_narrow) == (WIDTH, "end", False)
    assert (narrow.width, narrow.label_anchor, narrow.is_narrow) == (NARROW_WIDTH, "start", True)
    assert narrow.slug == "s-narrow"
    assert narrow.narrow is None
    for row in (row for row in narrow.rows if not row.heading):
        # The label sits on its own line, above its bars and at the left edge.
        assert all(row.label_y < bar.y for bar in row.bars)
        for bar in row.bars:
            assert bar.x >= 0
            assert bar.text_x + 20 <= NARROW_WIDTH
    assert [row.label for row in narrow.rows] == [row.label for row in chart.rows]


def test_keys_that_do_not_fit_one_line_wrap_to_the_next():
    long_names = (
        Series("Your level now, as you rate it", JADE),
        Series("What your target needs", SLATE),
    )
    chart = bar_chart(SKILLS, series=long_names, title="", description="", slug="s", maximum=5)

    wide_keys, narrow_keys = chart.keys, chart.narrow.keys
    assert wide_keys[0].y == wide_keys[1].y
    assert narrow_keys[1].y > narrow_keys[0].y
    assert narrow_keys[1].x == narrow_keys[0].x == 0
    assert chart.narrow.height > narrow_keys[-1].y + 14


def test_a_radar_chart_shows_the_same_scores_as_stacked_bars_on_a_phone():
    axes = [(name, (score,), str(score)) for name, score in (("Social", 80.0), ("Artistic", 25.0))]
    chart = radar_chart(
        axes, series=(Series("Interest", JADE),), title="", description="", slug="i"
    )

    assert [row.label for row in chart.narrow.rows] == ["Social", "Artistic"]
    assert [row.bars[0].text for row in chart.narrow.rows] == ["80", "25"]
    social, artistic = (row.bars[0].width for row in chart.narrow.rows)
    assert social == round(artistic * 80 / 25, 1)
