"""Geometry of the drawn stability model: a triangle cut into three pillars around a core.

Pure calculation, no database: the template tag feeds it counts and renders the SVG.
"""

import textwrap
from dataclasses import dataclass, field

WIDTH = 480
HEIGHT = 420
MARGIN = 10


@dataclass(frozen=True)
class ModelCell:
    """What one pillar (or the core) shows: a label and optional red/green counts."""

    code: str
    label: str
    red: int | str | None = None
    green: int | str | None = None


@dataclass(frozen=True)
class ModelDrawing:
    caption: str
    core: ModelCell
    pillars: tuple[ModelCell, ...]
    red_label: str = "Rode vlaggen"
    green_label: str = "Groene vlaggen"
    shapes: list[dict] = field(default_factory=list)

    @property
    def shows_red(self) -> bool:
        return any(p.red is not None for p in (*self.pillars, self.core))

    @property
    def shows_green(self) -> bool:
        return any(p.green is not None for p in (*self.pillars, self.core))


def _mid(p: tuple[float, float], q: tuple[float, float]) -> tuple[float, float]:
    return ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)


def _centroid(*points: tuple[float, float]) -> tuple[float, float]:
    return (sum(x for x, _ in points) / 3, sum(y for _, y in points) / 3)


def _points(*points: tuple[float, float]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def wrap_label(label: str, width: int = 16) -> list[str]:
    return textwrap.wrap(label, width=width, break_long_words=False) or [label]


def layout(drawing: ModelDrawing) -> list[dict]:
    """Triangles and label positions: pillars at the top, bottom left and bottom right."""
    if len(drawing.pillars) != 3:
        raise ValueError("The stability model has exactly three pillars.")
    top = (WIDTH / 2, MARGIN)
    left = (MARGIN, HEIGHT - MARGIN)
    right = (WIDTH - MARGIN, HEIGHT - MARGIN)
    m_tl, m_tr, m_lr = _mid(top, left), _mid(top, right), _mid(left, right)
    triangles = [
        (drawing.pillars[0], (top, m_tl, m_tr), "pillar"),
        (drawing.pillars[1], (m_tl, left, m_lr), "pillar"),
        (drawing.pillars[2], (m_tr, m_lr, right), "pillar"),
        (drawing.core, (m_tl, m_tr, m_lr), "core"),
    ]
    shapes = []
    for cell, corners, kind in triangles:
        cx, cy = _centroid(*corners)
        lines = wrap_label(cell.label, 14 if kind == "pillar" else 18)
        # The core triangle points down, so its visual centre sits higher than the centroid.
        text_top = cy - 8 * len(lines) - (14 if kind == "core" else 4)
        badges = []
        counts = [(cell.red, "red"), (cell.green, "green")]
        shown = [(value, colour) for value, colour in counts if value is not None]
        for index, (value, colour) in enumerate(shown):
            offset = (index - (len(shown) - 1) / 2) * 44
            badges.append(
                {
                    "x": cx + offset,
                    "y": text_top + 16 * len(lines) + 18,
                    "value": value,
                    "colour": colour,
                }
            )
        shapes.append(
            {
                "code": cell.code,
                "kind": kind,
                "points": _points(*corners),
                "x": cx,
                "lines": [
                    {"text": line, "y": text_top + 16 * i + 12} for i, line in enumerate(lines)
                ],
                "badges": badges,
            }
        )
    return shapes
