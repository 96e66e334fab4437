"""The impact x effort chart of the plan's measures: pure geometry for a server-drawn SVG."""

from dataclasses import dataclass

from .models import SCALE_MAX, SCALE_MIN, SCALE_SPLIT

WIDTH = 480
HEIGHT = 400
PAD_LEFT = 60
PAD_BOTTOM = 50
PAD = 12


@dataclass(frozen=True)
class ChartPoint:
    number: int
    title: str
    x: float
    y: float


def _axis(value: int, length: float, *, jitter: int) -> float:
    """Position on an axis: the middle of the value's band, nudged apart when points overlap."""
    band = length / (SCALE_MAX - SCALE_MIN + 1)
    return band * (value - SCALE_MIN) + band / 2 + ((jitter % 3) - 1) * 14


def chart_layout(measures) -> dict:
    """Quadrants, axis lines and one numbered point per measure (x = effort, y = impact)."""
    plot_w = WIDTH - PAD_LEFT - PAD
    plot_h = HEIGHT - PAD_BOTTOM - PAD
    split_x = PAD_LEFT + plot_w * (SCALE_SPLIT - SCALE_MIN + 1) / (SCALE_MAX - SCALE_MIN + 1)
    split_y = PAD + plot_h - plot_h * (SCALE_SPLIT - SCALE_MIN + 1) / (SCALE_MAX - SCALE_MIN + 1)
    seen: dict[tuple[int, int], int] = {}
    points = []
    for number, measure in enumerate(measures, start=1):
        key = (measure.effort, measure.impact)
        jitter = seen.get(key, 0)
        seen[key] = jitter + 1
        points.append(
            ChartPoint(
                number=number,
                title=measure.title,
                x=PAD_LEFT + _axis(measure.effort, plot_w, jitter=jitter),
                y=PAD + plot_h - _axis(measure.impact, plot_h, jitter=jitter // 3),
            )
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "plot": {"x": PAD_LEFT, "y": PAD, "w": plot_w, "h": plot_h},
        "split_x": split_x,
        "split_y": split_y,
        "quadrant_labels": [
            # (x, y, label key) in the middle of each quadrant's top edge
            {"x": (PAD_LEFT + split_x) / 2, "y": PAD + 18, "key": "quick_win"},
            {"x": (split_x + PAD_LEFT + plot_w) / 2, "y": PAD + 18, "key": "big_bet"},
            {"x": (PAD_LEFT + split_x) / 2, "y": split_y + 18, "key": "fill_in"},
            {"x": (split_x + PAD_LEFT + plot_w) / 2, "y": split_y + 18, "key": "reconsider"},
        ],
        "x_label": {"x": PAD_LEFT + plot_w / 2, "y": HEIGHT - 12},
        "y_label": {"x": 18, "y": PAD + plot_h / 2},
        "bottom": PAD + plot_h,
        "right": PAD_LEFT + plot_w,
        "points": points,
    }
