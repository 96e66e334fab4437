"""Geometry of the two drawings of this app, in plain Python (no ORM, no markup).

The route: step 0 (a safe living environment) as a column beside the others, because it holds
for every step, as KPMG draws it; steps 1-10 as a winding path in two rows, each step on the
band of its basic function. The radar: the five basic functions as axes, one polygon per round.
Templates turn these shapes into SVG; every drawing has a table alternative beside it.
"""

import math
from dataclasses import dataclass

from .route import Route

ROUTE_WIDTH = 860
ROUTE_HEIGHT = 390

# Fill (light) and line (dark) per basic function; text is always dark on the light fill.
COLOURS = {
    "veilige-leefomgeving": ("#fde2e1", "#a4262c"),
    "tijdig-signaleren": ("#dfeafb", "#1f4e8c"),
    "vindbare-hulp": ("#e1f3df", "#2e6b30"),
    "brede-blik": ("#fff0c7", "#6b4f00"),
    "leren-verbeteren": ("#ece2f7", "#5b2a86"),
}

_ROW_Y = (120, 300)
_X = (235, 375, 515, 655, 795)
_RADIUS = 24


@dataclass(frozen=True)
class RouteStepShape:
    number: int
    x: float
    y: float
    r: float
    fill: str
    line: str
    label_lines: tuple[str, ...]
    function_code: str


@dataclass(frozen=True)
class Band:
    x: float
    y: float
    width: float
    height: float
    fill: str
    line: str
    label: str
    label_x: float
    label_y: float


def _split(text: str, width: int = 16) -> tuple[str, ...]:
    """A label in at most two lines of about ``width`` characters."""
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return tuple(lines[:2])


def step_position(number: int) -> tuple[float, float]:
    """Steps 1-5 left to right on the top row, 6-10 right to left below (a winding path)."""
    if number <= 5:
        return _X[number - 1], _ROW_Y[0]
    return _X[10 - number], _ROW_Y[1]


def route_layout(route: Route) -> dict:
    steps, bands = [], []
    for step in route.steps:
        fill, line = COLOURS[step.function_code]
        if step.number == 0:
            continue
        x, y = step_position(step.number)
        steps.append(
            RouteStepShape(
                number=step.number,
                x=x,
                y=y,
                r=_RADIUS,
                fill=fill,
                line=line,
                label_lines=_split(step.label),
                function_code=step.function_code,
            )
        )
    # One band per function and row, under its steps, named above its left edge.
    for function in route.functions:
        if function.code == "veilige-leefomgeving":
            continue
        fill, line = COLOURS[function.code]
        for row_y in _ROW_Y:
            xs = [
                step_position(n)[0] for n in function.step_numbers if step_position(n)[1] == row_y
            ]
            if not xs:
                continue
            left, right = min(xs) - 65, max(xs) + 65
            label = function.name if right - left > 200 else function.short
            bands.append(
                Band(
                    x=left,
                    y=row_y - 62,
                    width=right - left,
                    height=136,
                    fill=fill,
                    line=line,
                    label=label,
                    label_x=left + 8,
                    label_y=row_y - 44,
                )
            )
    points = [step_position(n) for n in range(1, 11)]
    # From step 5 down to step 6 the path runs beside the circles, clear of their labels.
    turn_x = points[4][0] + 42
    points[5:5] = [(turn_x, points[4][1]), (turn_x, points[5][1])]
    path = " ".join(f"{'M' if i == 0 else 'L'} {x} {y}" for i, (x, y) in enumerate(points))
    zero = route.step(0)
    fill, line = COLOURS["veilige-leefomgeving"]
    return {
        "width": ROUTE_WIDTH,
        "height": ROUTE_HEIGHT,
        "steps": steps,
        "bands": bands,
        "path": path,
        "zero": {
            "x": 10,
            "y": 30,
            "width": 140,
            "height": ROUTE_HEIGHT - 45,
            "fill": fill,
            "line": line,
            "cx": 80,
            "cy": 110,
            "r": _RADIUS,
            "label_lines": _split(zero.label if zero else "", 12),
            "function": route.function("veilige-leefomgeving"),
        },
    }


# Radar -----------------------------------------------------------------------------------------

# Wide enough for the function names beside the axes (anchored away from the centre).
RADAR_WIDTH = 640
RADAR_HEIGHT = 400
RADAR_CX = RADAR_WIDTH / 2
RADAR_CY = 205
RADAR_RADIUS = 140


@dataclass(frozen=True)
class Axis:
    # Coordinates as text with a decimal point: templates would otherwise write "210,5" in Dutch.
    code: str
    label_lines: tuple[str, ...]
    x: str
    y: str
    label_x: str
    label_y: str
    anchor: str


def _n(value: float) -> str:
    return f"{value:.1f}"


def _point(index: int, count: int, fraction: float) -> tuple[float, float]:
    # The first axis points straight up; the others follow clockwise.
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return (
        round(RADAR_CX + RADAR_RADIUS * fraction * math.cos(angle), 1),
        round(RADAR_CY + RADAR_RADIUS * fraction * math.sin(angle), 1),
    )


def radar_layout(
    *, axes: list[tuple[str, str]], series: list[dict], scale_min: float, scale_max: float
) -> dict:
    """Axes (code, label) and series ({"label", "values": {code: float|None}, "kind"}) to shapes.

    A missing value (nobody scored that function, or all said "weet ik niet") is drawn at the
    centre and marked as missing, so the polygon stays closed and honest.
    """
    count = len(axes)
    span = scale_max - scale_min
    drawn_axes = []
    for i, (code, label) in enumerate(axes):
        x, y = _point(i, count, 1)
        lx, ly = _point(i, count, 1.25)
        anchor = "middle" if abs(lx - RADAR_CX) < 20 else ("start" if lx > RADAR_CX else "end")
        drawn_axes.append(
            Axis(
                code=code,
                label_lines=_split(label, 18),
                x=_n(x),
                y=_n(y),
                label_x=_n(lx),
                label_y=_n(ly),
                anchor=anchor,
            )
        )
    rings = []
    steps = int(span)
    for k in range(1, steps + 1):
        points = " ".join(
            f"{px},{py}" for px, py in (_point(i, count, k / steps) for i in range(count))
        )
        top_x, top_y = _point(0, count, k / steps)
        rings.append(
            {
                "points": points,
                "value": int(scale_min + k),
                "label_x": _n(top_x + 4),
                "label_y": _n(top_y - 3),
            }
        )
    drawn_series = []
    for serie in series:
        points, dots = [], []
        for i, (code, _label) in enumerate(axes):
            value = serie["values"].get(code)
            fraction = 0.0 if value is None else max(0.0, min(1.0, (value - scale_min) / span))
            px, py = _point(i, count, fraction)
            points.append(f"{px},{py}")
            dots.append(
                {
                    "x": _n(px),
                    "y": _n(py),
                    "missing": value is None,
                    "corner_x": _n(px - 4),
                    "corner_y": _n(py - 4),
                }
            )
        drawn_series.append({**serie, "points": " ".join(points), "dots": dots})
    return {
        "width": RADAR_WIDTH,
        "height": RADAR_HEIGHT,
        "cx": _n(RADAR_CX),
        "cy": _n(RADAR_CY),
        "axes": drawn_axes,
        "rings": rings,
        "series": drawn_series,
    }
