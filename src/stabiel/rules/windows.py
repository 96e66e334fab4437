"""All window rules of a run in one pass over the signals.

Three seeded rules share one shape (kinds.Window): "in the last N days, signals that meet a
condition show at least M different values per household" — red flags, months with unpaid
bills, creditors. Evaluated one by one, each reads its window twice (once to count per
household, once to name the signals behind a match). Here the signals of the longest window are
read once, every rule's condition and counted value become columns, one GROUP BY counts all
rules per household, and the evidence comes from the same rows. The outcome is exactly what
each kind's own `evidence_query` gives (a test compares them); only the work is shared.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q

from stabiel.signals.models import Signal

from .kinds import KINDS, Window, WindowRule
from .models import RuleVersion


def is_window_rule(version: RuleVersion) -> bool:
    return isinstance(KINDS[version.kind], WindowRule)


def _rows(
    *,
    versions: list[RuleVersion],
    municipality_id: int,
    today: date,
    household_ids: Iterable[int] | None,
) -> tuple[str, list[Any], list[tuple[int, int]]]:
    """The signals of the longest window that count for at least one of the rules, with per
    rule a column saying whether the row counts for it (in_i) and what it counts (x_i)."""
    windows: list[tuple[int, Window]] = []
    for version in versions:
        kind = KINDS[version.kind]
        if not isinstance(kind, WindowRule):
            raise ValueError(f"{version.kind} is not a window rule")
        windows.append((int(version.rule_id), kind.window(kind.clean_params(version.params))))
    longest = max(window.days for _rule, window in windows)
    rows = Signal.objects.filter(
        municipality_id=municipality_id,
        observed_on__gt=today - timedelta(days=longest),
        observed_on__lte=today,
        withdrawn_on__isnull=True,
    )
    if household_ids is not None:
        rows = rows.filter(household_id__in=list(household_ids))
    columns: dict[str, Any] = {}
    any_rule = Q()
    for index, (_rule, window) in enumerate(windows):
        counts = Q(observed_on__gt=today - timedelta(days=window.days)) & window.condition
        columns[f"in_{index}"] = ExpressionWrapper(counts, output_field=BooleanField())
        columns[f"x_{index}"] = window.counted
        any_rule |= counts
    rows = rows.filter(any_rule).annotate(**columns).values("id", "household_id", *columns)
    inner, params = rows.query.sql_with_params()
    if connection.vendor == "postgresql":
        # Work out each row's columns once: without this fence PostgreSQL folds the subquery
        # into the grouping and evaluates every rule's condition again for each aggregate.
        inner += " OFFSET 0"
    # Rule ids and minimums are integers from the database and checked settings: literals.
    return inner, list(params), [(rule, int(window.minimum)) for rule, window in windows]


def window_sql(
    *,
    versions: list[RuleVersion],
    municipality_id: int,
    today: date,
    household_ids: Iterable[int] | None,
) -> tuple[str, list[Any]]:
    """SQL giving (rule_id, household_id, id) for the evidence of all these window rules."""
    inner, params, rules = _rows(
        versions=versions,
        municipality_id=municipality_id,
        today=today,
        household_ids=household_ids,
    )
    build = _grouped_arrays if connection.vendor == "postgresql" else _grouped_join
    return build(inner, rules), params


def _when(i: int, value: str, *, distinct: bool = False) -> str:
    """COUNT/SUM argument for rows that count for rule i (FILTER where the database has it)."""
    if connection.vendor == "postgresql":
        return f"({'DISTINCT ' if distinct else ''}{value}) FILTER (WHERE w.in_{i})"
    return f"({'DISTINCT ' if distinct else ''}CASE WHEN w.in_{i} THEN {value} END)"


def _fingerprint(i: int) -> str:
    """count:mixed sum of the ids of rule i's rows; the same set gives the same text."""
    parts = [f"COUNT{_when(i, '1')}", f"SUM{_when(i, '(w.id * 40503) %% 1000000007')}"]
    return " || ':' || ".join(f"CAST({part} AS VARCHAR(24))" for part in parts)


def changed_matches(
    *, versions: list[RuleVersion], municipality_id: int, today: date, alert_table: str
) -> list[tuple[int, int, str]]:
    """(rule, household, fingerprint) for every household a window rule matches whose
    evidence is not exactly what one of its alerts for that rule saw when it was last looked
    at. One grouped pass, no evidence rows: on a run where little changed this is nearly all.

    Skipping the rest is safe: an alert's fingerprint is only written for evidence that was
    all stored with it, so the same evidence has nothing new to add to an open alert and, for
    a closed one, is all used already (which raises nothing again)."""
    inner, params, rules = _rows(
        versions=versions, municipality_id=municipality_id, today=today, household_ids=None
    )
    columns: list[str] = []
    matched: list[str] = []
    picks: list[str] = []
    for i, (rule, minimum) in enumerate(rules):
        count = f"COUNT{_when(i, 'w.x_' + str(i), distinct=True)}"
        columns.append(f"{count} AS n_{i}, {_fingerprint(i)} AS f_{i}")
        matched.append(f"{count} >= {minimum}")
        picks.append(
            f"SELECT {rule} AS rule_id, g.household_id, g.f_{i} AS fingerprint FROM g "  # noqa: S608
            f"WHERE g.n_{i} >= {minimum}"
        )
    sql = (
        f"WITH g AS (SELECT w.household_id, {', '.join(columns)} FROM ({inner}) w "  # noqa: S608 - built from the ORM and integers
        f"GROUP BY w.household_id HAVING {' OR '.join(matched)}) "
        f"SELECT p.rule_id, p.household_id, p.fingerprint FROM ({' UNION ALL '.join(picks)}) p "
        f"WHERE NOT EXISTS (SELECT 1 FROM {alert_table} a WHERE a.household_id = p.household_id "
        f"AND a.rule_id = p.rule_id AND a.evidence_fingerprint = p.fingerprint)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found: list[tuple[int, int, str]] = cursor.fetchall()
        return found


def _grouped_arrays(inner: str, rules: list[tuple[int, int]]) -> str:
    """PostgreSQL: one sorted pass groups the rows per household; each rule counts its values
    and keeps the ids of its rows in an array, unnested for the households that match."""
    columns, matched = [], []
    for i, (_rule, minimum) in enumerate(rules):
        count = f"COUNT(DISTINCT w.x_{i}) FILTER (WHERE w.in_{i})"
        columns.append(f"{count} AS n_{i}, ARRAY_AGG(w.id) FILTER (WHERE w.in_{i}) AS ids_{i}")
        # Repeated, not named: PostgreSQL does not know select names in HAVING (it counts once).
        matched.append(f"{count} >= {minimum}")
    picks = " UNION ALL ".join(
        f"SELECT {rule} AS rule_id, g.household_id, UNNEST(g.ids_{i}) AS id FROM g "  # noqa: S608
        f"WHERE g.n_{i} >= {minimum}"
        for i, (rule, minimum) in enumerate(rules)
    )
    return (
        f"WITH g AS (SELECT w.household_id, {', '.join(columns)} FROM ({inner}) w "  # noqa: S608 - built from the ORM and integers
        f"GROUP BY w.household_id HAVING {' OR '.join(matched)}) {picks}"
    )


def _grouped_join(inner: str, rules: list[tuple[int, int]]) -> str:
    """Other databases (SQLite): count per household, then join the rows back."""
    counted = ", ".join(
        f"COUNT(DISTINCT CASE WHEN w.in_{i} THEN w.x_{i} END) AS n_{i}" for i in range(len(rules))
    )
    matched = " OR ".join(
        f"COUNT(DISTINCT CASE WHEN w.in_{i} THEN w.x_{i} END) >= {minimum}"
        for i, (_rule, minimum) in enumerate(rules)
    )
    rule_of = " ".join(f"WHEN {i} THEN {rule}" for i, (rule, _minimum) in enumerate(rules))
    picks = " OR ".join(
        f"(k.column1 = {i} AND w.in_{i} AND g.n_{i} >= {minimum})"
        for i, (_rule, minimum) in enumerate(rules)
    )
    numbers = ", ".join(f"({i})" for i in range(len(rules)))
    return (
        f"WITH w AS ({inner}), "  # noqa: S608 - built from the ORM and integers
        f"g AS (SELECT w.household_id, {counted} FROM w GROUP BY w.household_id "
        f"HAVING {matched}) "
        f"SELECT CASE k.column1 {rule_of} END AS rule_id, w.household_id, w.id "
        f"FROM w JOIN g ON g.household_id = w.household_id "
        f"JOIN (VALUES {numbers}) k ON {picks}"
    )
