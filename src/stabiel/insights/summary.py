"""Outcome figures kept per month, so that a page never reads the execution tables.

`refresh` works out every figure's records from the execution data (the record functions in
`outcomes`), counts them per figure, month, team, district, key and value, and replaces the
municipality's rows in `OutcomeCount` from a month on. The periodic command `insights_refresh`
calls it every night; the screens, the self-assessment and the plan read only these rows
(`summary_tables`), and suppress small numbers on the way out exactly as the direct computation
does (`outcomes.live_figure_tables`, which the tests compare with).

Safe from several servers at once: a municipality's refresh is one transaction that first takes
a PostgreSQL advisory lock (SQLite has a single writer), so two runs take turns and the second
writes the same rows again; the unique constraint on a row's key refuses a double row.

Which months a refresh renews: the first refresh of a municipality renews everything from its
first alert, case or early-warning report; later ones renew from January of last year (a closing
can still get its relapse for a year, a case its broad look later), or from `since`. Older months
keep their rows.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Min, Sum
from django.utils import timezone

from stabiel.accounts.models import Area
from stabiel.cases.models import Case
from stabiel.earlywarning.models import Report
from stabiel.rules.models import Alert

from .models import OutcomeCount, OutcomeRefresh, PublishedFigure
from .outcomes import (
    FIGURES,
    RED_FLAG_ALERTS,
    Breakdown,
    FigureTable,
    Kind,
    Record,
    Scope,
    _breakdowns,
    _records_red_flag_alerts,
    _tables,
    scope_for,
    threshold,
)
from .suppression import Duration, Share, publish_duration_counts

LOCK_SPACE = (
    7317  # first key of the advisory lock: "outcome summary"; the second is the municipality
)
BATCH = 5000


@dataclass(frozen=True)
class RefreshResult:
    municipality_id: int
    first_month: date
    last_month: date
    rows: int
    seconds: float


def _month(day: date) -> date:
    return day.replace(day=1)


def _lock(municipality_id: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_SPACE, municipality_id])


def _first_month(municipality_id: int, today: date) -> date:
    firsts = [
        Alert.objects.filter(municipality_id=municipality_id).aggregate(m=Min("raised_on"))["m"],
        Case.objects.filter(municipality_id=municipality_id).aggregate(m=Min("opened_on"))["m"],
        Report.objects.filter(municipality_id=municipality_id).aggregate(m=Min("month"))["m"],
    ]
    found = [day for day in firsts if day is not None and day <= today]
    return _month(min(found)) if found else _month(today)


def default_since(today: date) -> date:
    return date(today.year - 1, 1, 1)


def refresh(*, municipality, today: date | None = None, since: date | None = None) -> RefreshResult:
    """Renew the municipality's monthly rows from `since` (see the module text) up to today."""
    started = time.monotonic()
    today = today or timezone.localdate()
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    with transaction.atomic():
        _lock(municipality_id)
        before = OutcomeRefresh.objects.filter(municipality_id=municipality_id).first()
        if since is None:
            since = default_since(today) if before else _first_month(municipality_id, today)
        if before is not None:
            since = min(since, before.last_month)  # never leave a gap after the last refresh
        start = _month(min(since, today))
        scope = scope_for(municipality=municipality_id, start=start, end=today, today=today)
        rows = [row for code in FIGURES for row in _rows(code, scope)]
        rows += _rows(RED_FLAG_ALERTS, scope, records=_records_red_flag_alerts)
        OutcomeCount.objects.filter(municipality_id=municipality_id, month__gte=start).delete()
        OutcomeCount.objects.bulk_create(rows, batch_size=BATCH)
        _publish(municipality_id, range(start.year, today.year + 1), today)
        seconds = time.monotonic() - started
        OutcomeRefresh.objects.update_or_create(
            municipality_id=municipality_id,
            defaults={
                "refreshed_at": timezone.now(),
                "first_month": start,
                "last_month": _month(today),
                "rows": len(rows),
                "seconds": round(seconds, 2),
            },
        )
    return RefreshResult(municipality_id, start, _month(today), len(rows), seconds)


def _rows(code: str, scope: Scope, records=None) -> list[OutcomeCount]:
    made = records(scope) if records is not None else FIGURES[code].records(scope)
    counts: Counter[tuple[int, int, str, date, int]] = Counter()
    for r in made:
        counts[(r.team, r.district, str(r.extra), r.month, r.value)] += r.weight
    return [
        OutcomeCount(
            municipality_id=scope.municipality_id,
            figure=code,
            month=month,
            team_id=team,
            district_id=district,
            extra=extra,
            value=value,
            count=count,
        )
        for (team, district, extra, month, value), count in counts.items()
    ]


# Reading -----------------------------------------------------------------------------------------


def last_refresh(municipality) -> OutcomeRefresh | None:
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    return OutcomeRefresh.objects.filter(municipality_id=municipality_id).first()


def _counts(scope: Scope, code: str):
    rows = OutcomeCount.objects.filter(
        municipality_id=scope.municipality_id,
        figure=code,
        month__gte=_month(scope.start),
        month__lte=scope.end,
    )
    if scope.team_id is not None:
        rows = rows.filter(team_id=scope.team_id)
    if scope.area_id is not None:
        if Area.objects.filter(pk=scope.area_id, parent__isnull=False).exists():
            raise ValueError("outcome figures are kept per district (wijk), not per neighbourhood")
        rows = rows.filter(district_id=scope.area_id)
    return rows


def _extra(code: str, extra: str) -> int | str:
    if FIGURES[code].extra == Breakdown.RULE or FIGURES[code].kind == Kind.DURATION:
        return int(extra) if extra.isdigit() else extra
    return extra


def _records(code: str, rows: Iterable[dict]) -> list[Record]:
    return [
        Record(
            row.get("team_id", 0),
            row.get("district_id", 0),
            _extra(code, row.get("extra", "")),
            row["month"],
            row["value"],
            row["n"],
        )
        for row in rows
    ]


_FIELD = {Breakdown.TEAM: "team_id", Breakdown.DISTRICT: "district_id"}


def summary_tables(
    code: str,
    *,
    municipality,
    start: date,
    end: date,
    team=None,
    area=None,
    today=None,
    breakdowns: Iterable[Breakdown] | None = None,
) -> dict[Breakdown, FigureTable]:
    """The figure's tables from the kept rows, suppressed as `outcomes` does it.

    Counts and shares always come in every breakdown, suppressed together (linked totals).
    A duration has no linked totals, so only the breakdowns asked for are worked out."""
    figure = FIGURES[code]
    scope = scope_for(
        municipality=municipality, start=start, end=end, team=team, area=area, today=today
    )
    rows = _counts(scope, code)
    if figure.kind != Kind.DURATION:
        grouped = rows.values("team_id", "district_id", "extra", "month", "value").annotate(
            n=Sum("count")
        )
        return _tables(figure, scope, _records(code, grouped))
    wanted = list(breakdowns) if breakdowns is not None else _breakdowns(figure)
    result: dict[Breakdown, FigureTable] = {}
    for breakdown in wanted:
        field = _FIELD.get(breakdown, "extra")
        grouped = rows.values(field, "month", "value").annotate(n=Sum("count"))
        result.update(_tables(figure, scope, _records(code, grouped), breakdowns=[breakdown]))
    return result


def summary_total(
    code: str, *, municipality, start: date, end: date, team=None, area=None, today=None
):
    """The figure for the whole scope and period: the grand total its tables show."""
    figure = FIGURES[code]
    if figure.kind != Kind.DURATION:
        tables = summary_tables(
            code,
            municipality=municipality,
            start=start,
            end=end,
            team=team,
            area=area,
            today=today,
        )
        return tables[Breakdown.TEAM].grand_total
    scope = scope_for(
        municipality=municipality, start=start, end=end, team=team, area=area, today=today
    )
    days = {
        row["value"]: row["n"]
        for row in _counts(scope, code).values("value").annotate(n=Sum("count"))
    }
    result: Duration | None = publish_duration_counts(days, threshold=threshold())
    return result


# Published tables ----------------------------------------------------------------------------
# The page of a calendar year shows the municipality's tables without a team or area filter; the
# refresh stores them already suppressed, so a page reads one row.


def _cell_out(cell):
    if cell is None:
        return None
    if isinstance(cell, Share):
        return {"p": cell.part, "w": cell.whole}
    if isinstance(cell, Duration):
        return {"n": cell.count, "d": cell.median_days}
    return int(cell)


def _cell_in(value):
    if value is None or isinstance(value, int):
        return value
    if "p" in value:
        return Share(value["p"], value["w"])
    return Duration(value["n"], float(value["d"]))


def table_to_json(table: FigureTable) -> dict:
    return {
        "months": [m.isoformat() for m in table.months],
        "labels": list(table.labels),
        "cells": [[_cell_out(c) for c in row] for row in table.cells],
        "row_totals": [_cell_out(c) for c in table.row_totals],
        "column_totals": [_cell_out(c) for c in table.column_totals],
        "grand_total": _cell_out(table.grand_total),
        "threshold": table.threshold,
    }


def table_from_json(code: str, breakdown: Breakdown, data: dict) -> FigureTable:
    return FigureTable(
        FIGURES[code],
        breakdown,
        tuple(date.fromisoformat(m) for m in data["months"]),
        tuple(data["labels"]),
        tuple(tuple(_cell_in(c) for c in row) for row in data["cells"]),
        tuple(_cell_in(c) for c in data["row_totals"]),
        tuple(_cell_in(c) for c in data["column_totals"]),
        _cell_in(data["grand_total"]),
        int(data["threshold"]),
    )


def year_bounds(year: int, *, today: date) -> tuple[date, date]:
    """The calendar year, up to today when it is the current year."""
    return date(year, 1, 1), today if year == today.year else date(year, 12, 31)


def _publish(municipality_id: int, years: Iterable[int], today: date) -> int:
    made = []
    for year in years:
        start, end = year_bounds(year, today=today)
        for code in FIGURES:
            tables = summary_tables(
                code, municipality=municipality_id, start=start, end=end, today=today
            )
            for breakdown, table in tables.items():
                made.append(
                    PublishedFigure(
                        municipality_id=municipality_id,
                        year=year,
                        figure=code,
                        breakdown=breakdown.value,
                        table=table_to_json(table),
                    )
                )
    PublishedFigure.objects.filter(municipality_id=municipality_id, year__in=list(years)).delete()
    PublishedFigure.objects.bulk_create(made, batch_size=500)
    return len(made)


def published_tables(
    code: str, *, municipality, year: int, breakdowns: Iterable[Breakdown] | None = None
) -> dict[Breakdown, FigureTable] | None:
    """The stored tables of a year, or None when the refresh has not made them yet."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    rows = PublishedFigure.objects.filter(municipality_id=municipality_id, year=year, figure=code)
    if breakdowns is not None:
        rows = rows.filter(breakdown__in=[b.value for b in breakdowns])
    found = {
        Breakdown(b): table_from_json(code, Breakdown(b), t)
        for b, t in rows.values_list("breakdown", "table")
    }
    return found or None


def published_totals(*, municipality, year: int) -> dict[str, object] | None:
    """Every figure's whole-year value (the team breakdown's grand total), in one read."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    rows = PublishedFigure.objects.filter(
        municipality_id=municipality_id, year=year, breakdown=Breakdown.TEAM.value
    ).values_list("figure", "table__grand_total")
    found = {code: _cell_in(total) for code, total in rows}
    return found if set(found) == set(FIGURES) else None


# A plan's red flags ------------------------------------------------------------------------------


def red_flag_alerts(
    *, municipality, year: int, red_flag_types: Iterable[int]
) -> dict[int, int | None]:
    """Per red-flag type of the catalogue: how many alerts the rules raised in the year with a
    signal of that type behind them (a rule over red flags counts the flags of its signals).
    Each number stands alone (an alert can rest on several flags, so they add up to nothing
    shown anywhere) and is hidden (None) under the threshold, 0 included."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    wanted = {int(t) for t in red_flag_types}
    if not wanted:
        return {}
    limit = threshold()
    found = dict(
        OutcomeCount.objects.filter(
            municipality_id=municipality_id,
            figure=RED_FLAG_ALERTS,
            month__gte=date(year, 1, 1),
            month__lte=date(year, 12, 1),
            extra__in=[str(t) for t in wanted],
        )
        .values_list("extra")
        .annotate(n=Sum("count"))
        .values_list("extra", "n")
    )
    result: dict[int, int | None] = {}
    for flag_type in wanted:
        n = int(found.get(str(flag_type), 0))
        result[flag_type] = n if n >= limit else None
    return result
