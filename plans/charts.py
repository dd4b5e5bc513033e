"""Geometry for the reflection trend charts (templates/plans/reflection_detail.html).

The Content Security Policy allows no style attributes, so positions, sizes and colours are
worked out here and written as SVG presentation attributes. No database, no request.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from assessments.charts import BarChart, Entry, Series, stacked_bar_chart
from plans.schedule import format_hours

WIDTH = 640
# Phones get narrow companions drawn near their own width, so the text stays readable.
NARROW_WIDTH = 360
HEIGHT = 260
PLOT_LEFT = 44.0
PLOT_RIGHT = WIDTH - 12.0
PLOT_TOP = 24.0
PLOT_BOTTOM = HEIGHT - 52.0
BAR_FILL = "#0b8a5f"
# Distinguishable on light and dark backgrounds; a goal's line keeps its colour in the key.
LINE_COLOURS = ("#2a6f97", "#b5651d", "#7b4397", "#0b8a5f", "#c0392b", "#6b7a00", "#d68a1a")
LINES_SHOWN = len(LINE_COLOURS)


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    centre: float
    value: str
    value_y: float
    label: str
    note: str


@dataclass(frozen=True)
class ColumnChart:
    kind = "columns"
    columns: tuple[Column, ...]
    gridlines: tuple[Gridline, ...]
    title: str
    description: str
    slug: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: float = PLOT_LEFT
    plot_right: float = PLOT_RIGHT
    plot_bottom: float = PLOT_BOTTOM
    fill: str = BAR_FILL
    # On a phone: one bar per month, its label above it.
    narrow: BarChart | None = None

    @property
    def label_y(self) -> float:
        return self.plot_bottom + 18

    @property
    def axis_label_x(self) -> float:
        return self.plot_left - 6

    @property
    def note_y(self) -> float:
        return self.plot_bottom + 36


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    points: str
    dots: tuple[tuple[float, float], ...]
    key_y: float

    @property
    def key_text_y(self) -> float:
        return self.key_y + 11


@dataclass(frozen=True)
class LineChart:
    kind = "lines"
    lines: tuple[Line, ...]
    gridlines: tuple[Gridline, ...]
    x_labels: tuple[tuple[float, str], ...]
    title: str
    description: str
    slug: str
    height: float
    width: int = WIDTH
    plot_left: float = PLOT_LEFT
    plot_right: float = PLOT_RIGHT
    plot_top: float = PLOT_TOP
    plot_bottom: float = PLOT_BOTTOM
    label_size: int = 13
    key_chars: int = 80
    narrow: "LineChart | None" = None

    @property
    def is_narrow(self) -> bool:
        return self.width == NARROW_WIDTH

    @property
    def label_y(self) -> float:
        return self.plot_bottom + 18

    @property
    def axis_label_x(self) -> float:
        return self.plot_left - 6

    @property
    def key_x(self) -> float:
        return self.plot_left

    @property
    def key_text_x(self) -> float:
        return self.plot_left + 20


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-9:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


def _x_slots(count: int, width: int = WIDTH) -> tuple[float, float]:
    """The width of one month's slot and the x of the first slot's centre."""
    slot = (width - 12.0 - PLOT_LEFT) / max(count, 1)
    return slot, PLOT_LEFT + slot / 2


def _y(value: float, top: float) -> float:
    return round(PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / top, 1)


def hours_chart(
    months: Sequence[tuple[str, Decimal, int, bool]], *, title: str, description: str, slug: str
) -> ColumnChart:
    """One column per month: hours done, with the tasks done written under the month.

    Each month is (label, hours, tasks, is_future); a month still to come has no column.
    """
    top = nice_ceiling(float(max((hours for _, hours, _, _ in months), default=0)))
    slot, centre = _x_slots(len(months))
    width = round(min(slot * 0.6, 72), 1)
    columns = []
    for label, hours, tasks, is_future in months:
        height = 0.0 if is_future else round(PLOT_BOTTOM - _y(float(hours), top), 1)
        y = round(PLOT_BOTTOM - height, 1)
        columns.append(
            Column(
                x=round(centre - width / 2, 1),
                y=y,
                width=width,
                height=height,
                centre=round(centre, 1),
                value="" if is_future else f"{format_hours(hours)} h",
                value_y=round(y - 6, 1),
                label=label,
                note="to come" if is_future else f"{tasks} task{'s' if tasks != 1 else ''}",
            )
        )
        centre += slot
    gridlines = tuple(
        Gridline(_y(top * share, top), format_hours(Decimal(str(top * share))))
        for share in (0, 0.5, 1)
    )
    narrow = stacked_bar_chart(
        [
            Entry(
                label,
                (None if is_future else float(hours),),
                (column.note if is_future else f"{column.value} · {column.note}",),
            )
            for (label, hours, _tasks, is_future), column in zip(months, columns, strict=True)
        ],
        series=(Series("Hours done", BAR_FILL),),
        title=title,
        description=description,
        slug=f"{slug}-narrow",
        maximum=top,
        ticks=[
            (top * share, f"{format_hours(Decimal(str(top * share)))} h") for share in (0, 0.5, 1)
        ],
    )
    return ColumnChart(tuple(columns), gridlines, title, description, slug, narrow=narrow)


def progress_chart(
    month_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    *,
    title: str,
    description: str,
    slug: str,
    width: int = WIDTH,
) -> LineChart:
    """One line per goal through its progress (0-100%) at each month's end; a month still to
    come (None) ends the line. Up to LINES_SHOWN goals; the table beside it lists them all.
    Drawn at `width`, with a narrow companion for phones."""
    slot, first_centre = _x_slots(len(month_labels), width)
    xs = [round(first_centre + slot * n, 1) for n in range(len(month_labels))]
    lines = []
    key_y = PLOT_BOTTOM + 34
    for (name, percents), colour in zip(series[:LINES_SHOWN], LINE_COLOURS, strict=False):
        dots = tuple(
            (x, _y(percent, 100))
            for x, percent in zip(xs, percents, strict=False)
            if percent is not None
        )
        points = " ".join(f"{x},{y}" for x, y in dots)
        lines.append(Line(name, colour, points, dots, key_y))
        key_y += 20
    gridlines = tuple(Gridline(_y(value, 100), f"{value}%") for value in (0, 25, 50, 75, 100))
    narrow = width == NARROW_WIDTH
    return LineChart(
        lines=tuple(lines),
        gridlines=gridlines,
        x_labels=tuple(zip(xs, month_labels, strict=True)),
        title=title,
        description=description,
        slug=slug,
        height=key_y + 8,
        width=width,
        plot_right=width - 12.0,
        label_size=11 if narrow else 13,
        key_chars=44 if narrow else 80,
        narrow=None
        if narrow
        else progress_chart(
            month_labels,
            series,
            title=title,
            description=description,
            slug=f"{slug}-narrow",
            width=NARROW_WIDTH,
        ),
    )
