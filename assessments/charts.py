"""Geometry for the SVG charts in templates/assessments/charts.html.

The page's Content Security Policy allows no style attributes, so everything a chart
needs (positions, sizes, colours) is worked out here as presentation attributes.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assessments.results import Change, InstrumentResult, whole

JADE = "#0b8a5f"
AMBER = "#d68a1a"
SLATE = "#8b95a5"

WIDTH = 720
# Phones get a narrow companion of each chart, drawn at about their own width so its text
# stays readable: labels above their bars instead of beside them.
NARROW_WIDTH = 360
CHAR_WIDTH = 7.4  # average width of a 13-unit character, for sizing the label column
VALUE_ROOM = 44
SCORE_TICKS = ((0, "0"), (25, "25"), (50, "50"), (75, "75"), (100, "100"))


@dataclass(frozen=True)
class Series:
    name: str
    fill: str


@dataclass(frozen=True)
class Entry:
    """One row of a bar chart: a label, one value per series and how to print each value."""

    label: str
    values: tuple[float | None, ...]
    texts: tuple[str, ...]
    group: str = ""


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: tuple[Bar, ...] = ()
    heading: bool = False


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Key:
    x: float
    y: float
    fill: str
    name: str

    @property
    def text_x(self) -> float:
        return round(self.x + 20, 1)

    @property
    def text_y(self) -> float:
        return round(self.y + 12, 1)


@dataclass(frozen=True)
class Zone:
    x: float
    width: float
    label: str
    label_x: float


@dataclass(frozen=True)
class BarChart:
    kind = "bar"
    width: int
    height: float
    label_x: float
    plot_x: float
    plot_top: float
    plot_bottom: float
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    keys: tuple[Key, ...]
    zones: tuple[Zone, ...]
    title: str
    description: str
    slug: str
    # "end" beside the bars; "start" above them, in the stacked layout phones get.
    label_anchor: str = "end"
    narrow: "BarChart | None" = None

    @property
    def is_narrow(self) -> bool:
        return self.label_anchor == "start"

    @property
    def plot_height(self) -> float:
        return self.plot_bottom - self.plot_top

    @property
    def zone_label_y(self) -> float:
        return self.plot_bottom + 16


def _keys(series: Sequence[Series], y: float, x: float, width: float = WIDTH) -> tuple[Key, ...]:
    """One key per series in a row, starting a new row where the next would not fit."""
    keys = []
    left = x
    for entry in series:
        room = 36 + len(entry.name) * CHAR_WIDTH
        if x > left and x + room - 16 > width:
            x, y = left, y + 22
        keys.append(Key(x, y, entry.fill, entry.name))
        x += room
    return tuple(keys)


def bar_chart(
    entries: Sequence[Entry],
    *,
    series: Sequence[Series],
    title: str,
    description: str,
    slug: str,
    maximum: float = 100,
    ticks: Sequence[tuple[float, str]] = SCORE_TICKS,
    zones: Sequence[tuple[float, float, str]] = (),
) -> BarChart:
    """Horizontal bars, one row per entry, one bar per series, with group headings; with a
    stacked companion for narrow screens (`narrow`)."""
    layout = {
        "entries": entries,
        "series": series,
        "title": title,
        "description": description,
        "maximum": maximum,
        "ticks": ticks,
        "zones": zones,
    }
    narrow = _bar_layout(**layout, slug=f"{slug}-narrow", stacked=True)
    return replace(_bar_layout(**layout, slug=slug, stacked=False), narrow=narrow)


def stacked_bar_chart(
    entries: Sequence[Entry],
    *,
    series: Sequence[Series],
    title: str,
    description: str,
    slug: str,
    maximum: float = 100,
    ticks: Sequence[tuple[float, str]] = SCORE_TICKS,
) -> BarChart:
    """Only the narrow layout: each label on a line of its own above its bars."""
    return _bar_layout(
        entries=entries,
        series=series,
        title=title,
        description=description,
        slug=slug,
        maximum=maximum,
        ticks=ticks,
        zones=(),
        stacked=True,
    )


def _bar_layout(
    *,
    entries: Sequence[Entry],
    series: Sequence[Series],
    title: str,
    description: str,
    slug: str,
    maximum: float,
    ticks: Sequence[tuple[float, str]],
    zones: Sequence[tuple[float, float, str]],
    stacked: bool,
) -> BarChart:
    """Labels beside the bars, or (stacked) on a line of their own above them."""
    chart_width = NARROW_WIDTH if stacked else WIDTH
    if stacked:
        # A little room on the left, so the first tick's label is not cut in half.
        plot_x = 8.0
        label_room = 18.0
    else:
        longest = max((len(entry.label) for entry in entries), default=10)
        plot_x = min(270.0, max(120.0, longest * CHAR_WIDTH + 16))
        label_room = 0.0
    plot_width = chart_width - plot_x - VALUE_ROOM
    bar_height = 18.0 if len(series) == 1 else 12.0
    row_height = len(series) * bar_height + (len(series) - 1) * 3 + 12

    rows: list[Row] = []
    y = 30.0
    group = ""
    for entry in entries:
        if entry.group and entry.group != group:
            group = entry.group
            rows.append(Row(group, y + 22, heading=True))
            y += 32
        label_y = y + 14
        y += label_room
        bars = []
        for index, (value, text, kind) in enumerate(
            zip(entry.values, entry.texts, series, strict=True)
        ):
            bar_y = y + 6 + index * (bar_height + 3)
            width = 0.0 if value is None else max(0.0, value) / maximum * plot_width
            bars.append(
                Bar(
                    x=plot_x,
                    y=bar_y,
                    width=round(max(width, 2.0 if value is not None else 0.0), 1),
                    height=bar_height,
                    fill=kind.fill,
                    text=text,
                    text_x=round(plot_x + width + 6, 1),
                    text_y=bar_y + bar_height / 2 + 4,
                )
            )
        rows.append(Row(entry.label, label_y if stacked else y + row_height / 2 + 4.5, tuple(bars)))
        y += row_height
    plot_bottom = y
    if zones:
        y += 24
    keys: tuple[Key, ...] = ()
    if len(series) > 1:
        keys = _keys(series, y + 14, 0.0 if stacked else plot_x, chart_width)
        y = keys[-1].y + 16
    return BarChart(
        width=chart_width,
        height=y + 6,
        label_x=0.0 if stacked else plot_x - 10,
        label_anchor="start" if stacked else "end",
        plot_x=plot_x,
        plot_top=24,
        plot_bottom=plot_bottom,
        rows=tuple(rows),
        ticks=tuple(Tick(round(plot_x + at / maximum * plot_width, 1), text) for at, text in ticks),
        keys=keys,
        zones=tuple(
            Zone(
                x=round(plot_x + start / maximum * plot_width, 1),
                width=round((end - start) / maximum * plot_width, 1),
                label=label,
                label_x=round(plot_x + (start + end) / 2 / maximum * plot_width, 1),
            )
            for start, end, label in zones
        ),
        title=title,
        description=description,
        slug=slug,
    )


@dataclass(frozen=True)
class Axis:
    x: float
    y: float
    label: str
    label_x: float
    label_y: float
    anchor: str
    note: str


@dataclass(frozen=True)
class Shape:
    points: str
    fill: str
    dots: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class RadarChart:
    kind = "radar"
    width: int
    height: int
    cx: float
    cy: float
    rings: tuple[str, ...]
    axes: tuple[Axis, ...]
    shapes: tuple[Shape, ...]
    keys: tuple[Key, ...]
    title: str
    description: str
    slug: str
    # On a phone the same scores show as stacked bars: a radar's labels need room it lacks.
    narrow: BarChart | None = None


def _point(cx: float, cy: float, radius: float, angle: float) -> tuple[float, float]:
    return round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1)


def radar_chart(
    axes: Sequence[tuple[str, tuple[float, ...], str]],
    *,
    series: Sequence[Series],
    title: str,
    description: str,
    slug: str,
    maximum: float = 100,
) -> RadarChart:
    """A polygon per series over one axis per area (label, values, note under the label)."""
    width, height, radius = 560, 450 + (30 if len(series) > 1 else 0), 165.0
    cx, cy = width / 2, 225.0
    step = 2 * math.pi / len(axes)
    angles = [-math.pi / 2 + index * step for index in range(len(axes))]

    def polygon(fractions: Sequence[float]) -> list[tuple[float, float]]:
        return [
            _point(cx, cy, radius * fraction, angle)
            for fraction, angle in zip(fractions, angles, strict=True)
        ]

    def points(corners: Sequence[tuple[float, float]]) -> str:
        return " ".join(f"{x},{y}" for x, y in corners)

    rings = tuple(points(polygon([level] * len(axes))) for level in (0.25, 0.5, 0.75, 1.0))
    built_axes = []
    for (label, _values, note), angle in zip(axes, angles, strict=True):
        x, y = _point(cx, cy, radius, angle)
        label_x, label_y = _point(cx, cy, radius + 20, angle)
        cos = math.cos(angle)
        anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
        sin = math.sin(angle)
        label_y += -8 if sin < -0.5 else 14 if sin > 0.5 else 0
        built_axes.append(Axis(x, y, label, label_x, label_y, anchor, note))
    shapes = []
    for index, kind in enumerate(series):
        fractions = [max(0.0, min(1.0, (values[index] or 0) / maximum)) for _, values, _ in axes]
        corners = polygon(fractions)
        shapes.append(Shape(points(corners), kind.fill, tuple(corners)))
    keys = _keys(series, height - 22, cx - 110) if len(series) > 1 else ()
    narrow = stacked_bar_chart(
        [
            Entry(label, values, tuple(_score(value) for value in values))
            for label, values, _ in axes
        ],
        series=series,
        title=title,
        description=description,
        slug=f"{slug}-narrow",
        maximum=maximum,
    )
    return RadarChart(
        width,
        height,
        cx,
        cy,
        rings,
        tuple(built_axes),
        tuple(shapes),
        keys,
        title,
        description,
        slug,
        narrow,
    )


LEVEL_TICKS = ((0, ""), *((level, str(level)) for level in range(1, 6)))
BANDS = ((0, 40, "low"), (40, 60, "middle"), (60, 100, "high"))
BAND_TICKS = ((0, "0"), (40, "40"), (60, "60"), (100, "100"))


def _score(value: float | None) -> str:
    return "" if value is None else str(whole(value))


def result_chart(result: InstrumentResult) -> BarChart | RadarChart:
    """The chart that best shows one attempt's result."""
    title = f"{result.name}: your results"
    if result.kind == "skills":
        return bar_chart(
            [
                Entry(
                    area.name,
                    (area.current, area.target),
                    (str(area.current), str(area.target)),
                    area.group,
                )
                for area in result.areas
            ],
            series=(Series("Your level now", JADE), Series("Your target role needs", AMBER)),
            title=title,
            description="Current and target level of each skill, from 1 (beginner) to 5 (expert).",
            slug="skills",
            maximum=5,
            ticks=LEVEL_TICKS,
        )
    if result.kind == "interests":
        return radar_chart(
            [(area.name, (area.score,), _score(area.score)) for area in result.areas],
            series=(Series("Your interest", JADE),),
            title=title,
            description=f"Interest in each RIASEC area from 0 to 100. Your code is {result.code}.",
            slug="interests",
        )
    areas = result.ranked if result.kind == "values" else result.areas
    return bar_chart(
        [Entry(area.name, (area.score,), (_score(area.score),)) for area in areas],
        series=(Series("Score", JADE),),
        title=title,
        description="Score of each area from 0 to 100.",
        slug=result.kind,
        **({"zones": BANDS, "ticks": BAND_TICKS} if result.kind == "personality" else {}),
    )


def comparison_chart(
    before: InstrumentResult, after: InstrumentResult, changes: Sequence[Change]
) -> BarChart | RadarChart:
    """Both attempts side by side, the earlier in grey."""
    series = (
        Series(f"{before.completed_at:%-d %b %Y}" if before.completed_at else "Earlier", SLATE),
        Series(f"{after.completed_at:%-d %b %Y}" if after.completed_at else "Later", JADE),
    )
    title = f"{after.name}: two attempts compared"
    if after.kind == "skills":
        return bar_chart(
            [
                Entry(
                    change.name,
                    (
                        change.before and change.before.current,
                        change.after and change.after.current,
                    ),
                    (
                        str(change.before.current) if change.before else "",
                        str(change.after.current) if change.after else "",
                    ),
                    (change.after or change.before).group,
                )
                for change in changes
            ],
            series=series,
            title=title,
            description="Your level now in each skill, at each attempt, from 1 to 5.",
            slug="compare-skills",
            maximum=5,
            ticks=LEVEL_TICKS,
        )
    values = [
        (
            change.name,
            (change.before and change.before.score, change.after and change.after.score),
            "",
        )
        for change in changes
    ]
    description = "Score of each area from 0 to 100 at each attempt."
    if after.kind == "interests":
        return radar_chart(
            values, series=series, title=title, description=description, slug="compare"
        )
    return bar_chart(
        [
            Entry(name, scores, tuple(_score(score) for score in scores))
            for name, scores, _ in values
        ],
        series=series,
        title=title,
        description=description,
        slug="compare",
    )
