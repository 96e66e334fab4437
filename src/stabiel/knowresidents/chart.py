"""Horizontal bars, one per area, for a server-drawn SVG. Pure geometry; a hidden value has no
bar (the table beside the chart says "verborgen")."""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 70
BAR_HEIGHT = 18
GAP = 8
PAD = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    x: int
    y: int
    width: float
    text_y: int
    emphasis: bool


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    value_x: int
    bars: tuple[Bar, ...]
    empty: bool


def bar_chart(items: Sequence[tuple[str, float | None, bool]]) -> BarChart:
    """items: (label, value or None when hidden, emphasised). Bars scale to the largest value."""
    shown = [v for _label, v, _e in items if v is not None]
    top = max(shown, default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * PAD
    bars = []
    for i, (label, value, emphasis) in enumerate(items):
        y = PAD + i * (BAR_HEIGHT + GAP)
        width = 0.0 if value is None else round(plot * value / top, 1)
        bars.append(Bar(label, value, LABEL_WIDTH, y, width, y + BAR_HEIGHT - 4, emphasis))
    height = PAD * 2 + len(items) * (BAR_HEIGHT + GAP)
    return BarChart(WIDTH, height, LABEL_WIDTH, WIDTH - VALUE_WIDTH, tuple(bars), not shown)
