"""A line over the months for one figure: pure geometry for a server-drawn SVG.

Hidden months are gaps in the line (never a guessed value); the table under the chart gives the
same numbers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 640
HEIGHT = 260
PAD_LEFT = 56
PAD_RIGHT = 16
PAD_TOP = 16
PAD_BOTTOM = 40


@dataclass(frozen=True)
class Point:
    month: date
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class Tick:
    value: float
    y: float


@dataclass(frozen=True)
class Label:
    month: date
    x: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    segments: tuple[str, ...]  # "x,y x,y ..." for each run of shown months
    points: tuple[Point, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Label, ...]
    empty: bool


def _nice_top(value: float) -> float:
    """A round upper end for the axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def line_chart(months: Sequence[date], values: Sequence[float | None], *, top: float | None = None):
    """Positions for one value per month; None is a gap. `top` fixes the axis (100 for %)."""
    if len(months) != len(values):
        raise ValueError("one value per month")
    shown = [v for v in values if v is not None]
    upper = top if top is not None else _nice_top(max(shown, default=0))
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    step = plot_w / max(len(months) - 1, 1)

    def x_of(i: int) -> float:
        return PAD_LEFT + (step * i if len(months) > 1 else plot_w / 2)

    def y_of(v: float) -> float:
        return PAD_TOP + plot_h - plot_h * (v / upper if upper else 0)

    points, segments, run = [], [], []
    for i, (month, value) in enumerate(zip(months, values, strict=True)):
        if value is None:
            if run:
                segments.append(" ".join(run))
            run = []
            continue
        point = Point(month, value, round(x_of(i), 1), round(y_of(value), 1))
        points.append(point)
        run.append(f"{point.x},{point.y}")
    if run:
        segments.append(" ".join(run))
    ticks = tuple(Tick(upper * k / 4, round(y_of(upper * k / 4), 1)) for k in range(5))
    labels = tuple(Label(month, round(x_of(i), 1)) for i, month in enumerate(months))
    return LineChart(
        WIDTH,
        HEIGHT,
        PAD_LEFT,
        WIDTH - PAD_RIGHT,
        PAD_TOP,
        HEIGHT - PAD_BOTTOM,
        tuple(s for s in segments if " " in s),  # a single point is drawn as a dot only
        tuple(points),
        ticks,
        labels,
        not points,
    )
