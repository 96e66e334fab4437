"""Reads for the insights screens: figures for a year, ready to show (already suppressed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .chart import LineChart, line_chart
from .outcomes import (
    BREAKDOWN_LABELS,
    FIGURES,
    Breakdown,
    Figure,
    FigureTable,
    Kind,
    _breakdowns,
    figure_tables,
    figure_value,
)
from .summary import published_tables, published_totals
from .suppression import Duration, Share


def cell_number(cell) -> float | None:
    """The number a chart draws for a shown cell: a count, a percentage or median days."""
    if cell is None:
        return None
    if isinstance(cell, Share):
        return round(cell.percent, 1)
    if isinstance(cell, Duration):
        return cell.median_days
    return float(cell)


def year_bounds(year: int, *, today: date) -> tuple[date, date]:
    """The calendar year, up to this month when it is the current year."""
    end = date(year, 12, 31)
    if year == today.year:
        end = today
    return date(year, 1, 1), end


@dataclass(frozen=True)
class FigureSummary:
    figure: Figure
    total: object  # int | Share | Duration | None


def overview(*, municipality, year: int, today: date) -> list[FigureSummary]:
    """Each figure's whole-year value: from the tables the nightly refresh published, or (a year
    it has not published) from the monthly rows."""
    start, end = year_bounds(year, today=today)
    published = published_totals(municipality=municipality, year=year)
    summaries = []
    for code, figure in FIGURES.items():
        if published is not None:
            total = published[code]
        else:
            total = figure_value(code, municipality=municipality, start=start, end=end)
        summaries.append(FigureSummary(figure, total))
    return summaries


@dataclass(frozen=True)
class FigureView:
    figure: Figure
    table: FigureTable
    breakdowns: list[tuple[str, str]]  # (value, label) of the breakdowns this figure has
    chart: LineChart
    year: int


def figure_view(*, municipality, code: str, breakdown: Breakdown, year: int, today: date):
    start, end = year_bounds(year, today=today)
    figure = FIGURES[code]
    available = _breakdowns(figure)
    if breakdown not in available:
        breakdown = Breakdown.TEAM
    tables = published_tables(code, municipality=municipality, year=year, breakdowns=[breakdown])
    if tables is None or breakdown not in tables:
        tables = figure_tables(
            code,
            municipality=municipality,
            start=start,
            end=end,
            today=today,
            breakdowns=[breakdown] if figure.kind == Kind.DURATION else None,
        )
    table = tables[breakdown]
    values = [cell_number(c) for c in table.column_totals]
    chart = line_chart(table.months, values, top=100.0 if figure.kind == Kind.SHARE else None)
    return FigureView(
        figure,
        table,
        [(b.value, str(BREAKDOWN_LABELS[b])) for b in available],
        chart,
        year,
    )
