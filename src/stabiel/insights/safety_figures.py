"""Aggregates of the safety part for policy screens (issue 20): how often each rung of the
escalation ladder was needed, how long cases stayed there, how long they waited before the first
escalation, and what the yearly case review found. Small numbers are hidden (suppression.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stabiel.safety.models import Escalation, EscalationLevel, Review

from .outcomes import threshold
from .suppression import Duration, Published, Share, publish, publish_duration, publish_single_share


@dataclass(frozen=True)
class LevelFigure:
    name: str
    agreed_days: int
    times: int | None  # None: hidden
    days_at_level: Duration | None
    over_agreed: Share | None


@dataclass(frozen=True)
class SafetyFigures:
    year: int
    threshold: int
    levels: tuple[LevelFigure, ...]
    table: Published
    wait_before_first: Duration | None
    reviews_done: int | None
    safety_in_view: Share | None
    household_involved: Share | None
    landed: Share | None


def safety_figures(*, municipality, year: int) -> SafetyFigures:
    limit = threshold()
    start, end = date(year, 1, 1), date(year, 12, 31)
    levels = list(EscalationLevel.objects.filter(municipality=municipality).order_by("rank"))
    rows = list(
        Escalation.objects.filter(municipality=municipality, started_on__range=(start, end)).values(
            "level_id", "started_on", "ended_on", "case_id", "case__opened_on"
        )
    )
    counts = [[sum(1 for r in rows if r["level_id"] == level.pk)] for level in levels]
    table = publish(counts, threshold=limit) if levels else publish([], threshold=limit)
    figures = []
    for index, level in enumerate(levels):
        ended = [r for r in rows if r["level_id"] == level.pk and r["ended_on"]]
        days = [(r["ended_on"] - r["started_on"]).days for r in ended]
        over = sum(1 for d in days if d > level.agreed_days)
        figures.append(
            LevelFigure(
                name=level.name,
                agreed_days=level.agreed_days,
                times=table.cells[index][0] if table.cells else None,
                days_at_level=publish_duration(days, threshold=limit),
                over_agreed=publish_single_share(over, len(days), threshold=limit)
                if days
                else None,
            )
        )
    first: dict[int, int] = {}
    for r in sorted(rows, key=lambda r: r["started_on"]):
        first.setdefault(r["case_id"], (r["started_on"] - r["case__opened_on"]).days)
    reviews = list(
        Review.objects.filter(
            municipality=municipality, year=year, reviewed_on__isnull=False
        ).values("safety_in_view", "household_involved", "landed")
    )

    def share(key: str) -> Share | None:
        return publish_single_share(
            sum(1 for r in reviews if r[key]), len(reviews), threshold=limit
        )

    return SafetyFigures(
        year=year,
        threshold=limit,
        levels=tuple(figures),
        table=table,
        wait_before_first=publish_duration(list(first.values()), threshold=limit),
        reviews_done=len(reviews) if len(reviews) >= limit else None,
        safety_in_view=share("safety_in_view"),
        household_involved=share("household_involved"),
        landed=share("landed"),
    )
