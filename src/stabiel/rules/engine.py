"""Evaluates rules and stores alerts. Set-based SQL finds the evidence; Python explains it."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from stabiel.accounts.models import Area, Team
from stabiel.residents.queries import household_areas
from stabiel.signals.models import Signal

from .events import alerts_raised
from .kinds import EVIDENCE_COLUMNS, KINDS
from .models import Alert, AlertEvidence, RuleVersion
from .windows import changed_matches, is_window_rule, window_sql
from .working_days import add_working_days


@dataclass
class RunResult:
    raised: dict[str, int] = field(default_factory=dict)
    extended: dict[str, int] = field(default_factory=dict)
    raised_households: set[int] = field(default_factory=set)

    @property
    def total_raised(self) -> int:
        return sum(self.raised.values())


def versions_in_force(*, municipality_id: int, today: date) -> QuerySet[RuleVersion]:
    return (
        RuleVersion.objects.filter(
            rule__municipality_id=municipality_id, in_force_from__lte=today, withdrawn_at=None
        )
        .filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=today))
        .select_related("rule")
        .order_by("rule__code")
    )


def team_by_area(*, municipality_id: int) -> dict[int, int]:
    """Area id -> team id; a neighbourhood falls under the team of its district."""
    teams: dict[int, int] = {}
    for team_id, area_id in Team.areas.through.objects.filter(
        team__municipality_id=municipality_id
    ).values_list("team_id", "area_id"):
        teams.setdefault(area_id, team_id)
    for area_id, parent_id in Area.objects.filter(
        municipality_id=municipality_id, parent__isnull=False
    ).values_list("id", "parent_id"):
        if area_id not in teams and parent_id in teams:
            teams[area_id] = teams[parent_id]
    return teams


class _TeamMap:
    """Area -> team, read only when an alert is actually raised (most evaluations raise none)."""

    def __init__(self, municipality_id: int) -> None:
        self.municipality_id = municipality_id
        self._map: dict[int, int] | None = None

    def get(self, area_id: int | None) -> int | None:
        if self._map is None:
            self._map = team_by_area(municipality_id=self.municipality_id)
        return None if area_id is None else self._map.get(area_id)


def _lock(municipality_id: int) -> None:
    """Serialise rule runs per municipality across servers (PostgreSQL); SQLite serialises writes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, municipality_id])


# Above this many touched households a full run is cheaper than a long list of ids (and keeps
# every statement within SQLite's limit on parameters).
INCREMENTAL_LIMIT = 10_000


def rules_run(
    *,
    municipality_id: int,
    today: date,
    household_ids: Iterable[int] | None = None,
    changed: frozenset[str] | None = None,
) -> RunResult:
    """Evaluate every rule in force, for all households or only the touched ones.

    `changed` ("signals", "decisions", "care_workers") limits an incremental run to the rules
    that read what changed: a new signal cannot change the outcome of a rule about decisions.
    """
    households = None if household_ids is None else sorted(set(household_ids))
    if households is not None and len(households) > INCREMENTAL_LIMIT:
        households = None
    result = RunResult()
    if households == []:
        return result
    with transaction.atomic():
        _lock(municipality_id)
        if (households is None or len(households) > 100) and connection.vendor == "postgresql":
            # Settings for this run only. Compiling these statements (JIT) takes longer than
            # running them; counting distinct values per household sorts in memory, not on disk;
            # and every statement is a bulk operation, best done with hash joins. Without that,
            # an insert that checks the very table it fills (evidence for new alerts) was
            # planned as a nested loop over a table the statistics call empty: a scan of every
            # row inserted so far, for each row (minutes on a first run).
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; "
                    "SET LOCAL enable_nestloop = off"
                )
        # Rules about signals and rules about decisions are each stored with one set of
        # statements: every rule's evidence query, joined by UNION ALL. The window rules are
        # one part of it together (windows.py): one pass over the signals for all of them.
        by_subject: dict[str, list[_Part]] = {subject: [] for subject in EVIDENCE_COLUMNS}
        windows: list[RuleVersion] = []
        for version in versions_in_force(municipality_id=municipality_id, today=today):
            kind = KINDS[version.kind]
            if changed is not None and not (kind.reads & changed):
                continue
            result.raised[version.rule.code] = 0
            result.extended[version.rule.code] = 0
            if is_window_rule(version):
                windows.append(version)
                continue
            sql, params = _evidence_sql(
                versions=[version],
                municipality_id=municipality_id,
                today=today,
                households=households,
            )
            by_subject[kind.subject].append(_Part([version], sql, params, by_rule=False))
        fingerprints: dict[tuple[int, int], str] = {}
        if windows:
            window_households = households
            if households is None:
                # A full run looks only at the households whose window evidence changed.
                fresh = changed_matches(
                    versions=windows,
                    municipality_id=municipality_id,
                    today=today,
                    alert_table=connection.ops.quote_name(Alert._meta.db_table),
                )
                fingerprints = {(rule, household): fp for rule, household, fp in fresh}
                window_households = sorted({household for _rule, household, _fp in fresh})
                if len(window_households) > INCREMENTAL_LIMIT:
                    window_households = None
            if window_households != []:
                sql, params = _evidence_sql(
                    versions=windows,
                    municipality_id=municipality_id,
                    today=today,
                    households=window_households,
                )
                by_subject["signal"].append(_Part(windows, sql, params, by_rule=True))
        teams = _TeamMap(municipality_id)
        for subject, rules in by_subject.items():
            if rules:
                _store(
                    subject=subject,
                    rules=rules,
                    today=today,
                    teams=teams,
                    result=result,
                    full=households is None,
                    fingerprints=fingerprints,
                )
        _fingerprints_save(fingerprints)
        if result.raised_households:
            alerts_raised.send(
                sender=RunResult,
                municipality_id=municipality_id,
                household_ids=sorted(result.raised_households),
            )
    return result


def alerts_recheck_withdrawn(
    *, municipality_id: int, household_ids: Iterable[int] | None, today: date
) -> list[int]:
    """Open alerts that used a withdrawn signal are evaluated again. An alert whose remaining
    evidence no longer meets its rule lapses ("vervallen") with the reason; the alert and its
    evidence stay, so its history is kept. Returns the ids of the alerts that lapsed."""
    withdrawn = Signal.objects.filter(
        municipality_id=municipality_id, withdrawn_on__isnull=False
    ).values("pk")
    alerts = Alert.objects.filter(
        municipality_id=municipality_id,
        status=Alert.Status.OPEN,
        evidence__signal__in=withdrawn,
    )
    if household_ids is not None:
        alerts = alerts.filter(household_id__in=list(household_ids))
    lapsed: list[int] = []
    with transaction.atomic():
        _lock(municipality_id)
        for alert in alerts.select_related("rule_version").distinct().order_by("pk"):
            sql, params = _evidence_sql(
                versions=[alert.rule_version],
                municipality_id=municipality_id,
                today=today,
                households=[alert.household_id],
            )
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM ({sql}) r LIMIT 1", params)  # noqa: S608 - built by the engine
                still_met = cursor.fetchone() is not None
            if still_met:
                continue
            gone = list(
                alert.evidence.filter(signal__in=withdrawn)
                .select_related("signal__signal_type")
                .order_by("signal_id")
            )
            names = ", ".join(
                sorted({str(e.signal.signal_type.name) for e in gone if e.signal is not None})
            )
            Alert.objects.filter(pk=alert.pk, status=Alert.Status.OPEN).update(
                status=Alert.Status.LAPSED,
                close_reason=(
                    f"Signaal ingetrokken ({names}). Wat overblijft, voldoet niet meer aan "
                    "de regel."
                )[:300],
                closed_at=timezone.now(),
                updated_at=timezone.now(),
            )
            lapsed.append(alert.pk)
    return lapsed


def _fingerprints_save(fingerprints: dict[tuple[int, int], str]) -> None:
    """Open alerts that existed before the run take the fingerprint of the evidence just
    stored with them (new alerts got theirs when they were made). One UPDATE per 2,000
    alerts, joined to a list of values: after an upgrade that is every alert at once."""
    if not fingerprints:
        return
    alert = connection.ops.quote_name(Alert._meta.db_table)
    items = sorted(fingerprints.items())
    for chunk in _chunks(items, size=2000):
        rows = ", ".join(["(CAST(%s AS BIGINT), CAST(%s AS BIGINT), %s)"] * len(chunk))
        params = [value for (rule, household), fp in chunk for value in (rule, household, fp)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {alert} SET evidence_fingerprint = v.column3 "  # noqa: S608 - names from the models
                f"FROM (VALUES {rows}) v WHERE {alert}.rule_id = v.column1 "
                f"AND {alert}.household_id = v.column2 AND {alert}.status = %s "
                f"AND {alert}.evidence_fingerprint <> v.column3",
                [*params, Alert.Status.OPEN],
            )


@dataclass
class _Part:
    """One evidence query: of one rule, or (by_rule) of several rules with a rule_id column."""

    versions: list[RuleVersion]
    sql: str
    params: list[Any]
    by_rule: bool


# Compiled evidence SQL per (rule versions, municipality, day, number of households). Building
# and compiling a rule's ORM query costs more than running it for one household (the partner
# API's case). Rule versions never change (a change makes a new version), so the SQL only
# depends on the key; household ids stand in it as sentinels and are swapped for the real ids.
# A cache of derived text, not state: another server compiles the same SQL itself.
_SQL_CACHE: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}
_SQL_CACHE_SIZE = 512
_SENTINEL = -(10**15)


def _evidence_sql(
    *, versions: list[RuleVersion], municipality_id: int, today: date, households: list[int] | None
) -> tuple[str, list[Any]]:
    count = None if households is None else len(households)
    # The kind and settings are in the key too: a test database may hand out an id again.
    key: tuple[Any, ...] = tuple(
        (v.pk, v.rule_id, v.kind, json.dumps(v.params, sort_keys=True)) for v in versions
    )
    key += (municipality_id, today, count)
    cached = _SQL_CACHE.get(key)
    if cached is None:
        sentinels = None if count is None else [_SENTINEL - i for i in range(count)]
        if len(versions) == 1 and not is_window_rule(versions[0]):
            kind = KINDS[versions[0].kind]
            query = kind.evidence_query(
                municipality_id=municipality_id,
                p=kind.clean_params(versions[0].params),
                today=today,
                household_ids=sentinels,
            )
            sql, query_params = (
                query.order_by().values("household_id", "id").query.sql_with_params()
            )
            params = list(query_params)
        else:
            sql, params = window_sql(
                versions=versions,
                municipality_id=municipality_id,
                today=today,
                household_ids=sentinels,
            )
        if len(_SQL_CACHE) >= _SQL_CACHE_SIZE:
            _SQL_CACHE.clear()
        cached = _SQL_CACHE[key] = (sql, tuple(params))
    sql, compiled = cached
    if not count or households is None:
        return sql, list(compiled)
    real = {_SENTINEL - i: household for i, household in enumerate(households)}
    return sql, [real.get(value, value) if type(value) is int else value for value in compiled]


class _EvidenceSql:
    """The statements that store the evidence of several rules, all run inside the database.

    Python never sees the evidence rows: it only learns which households need a new alert
    (few, after the first run) and which open alerts got new evidence."""

    def __init__(self, *, subject: str, rules: list[_Part]) -> None:
        qn = connection.ops.quote_name
        parts: list[str] = []
        self.params: list[Any] = []
        for part in rules:
            # A single rule's id is an integer from the database, written as a literal so that
            # every database knows the type of the column in the UNION.
            rule = "r.rule_id" if part.by_rule else str(int(part.versions[0].rule_id))
            parts.append(f"SELECT {rule} AS rule_id, r.household_id, r.id FROM ({part.sql}) r")  # noqa: S608
            self.params.extend(part.params)
        self.evidence = "(" + " UNION ALL ".join(parts) + ") e"
        self.temp_table: str | None = None
        self.alert = qn(Alert._meta.db_table)
        self.evidence_table = qn(AlertEvidence._meta.db_table)
        self.column = EVIDENCE_COLUMNS[subject]

    def materialise(self) -> None:
        """Evaluate the evidence queries once into a scratch table (full runs).

        A full run reads the evidence two or three times (open alerts, new alerts); a scratch
        table makes that one evaluation. Incremental runs for a few households skip this: for
        them the queries are cheap and the extra statements are not."""
        self.temp_table = connection.ops.quote_name("stabiel_rule_evidence")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.temp_table}")
            cursor.execute(
                f"CREATE TEMP TABLE {self.temp_table} AS "  # noqa: S608 - names from the models
                f"SELECT e.rule_id, e.household_id, e.id FROM {self.evidence}",
                self.params,
            )
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {self.temp_table}")
        self.evidence, self.params = f"{self.temp_table} e", []

    def release(self) -> None:
        if self.temp_table is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.temp_table}")

    # The two conditions every storing statement shares, written once. Parameters: the first
    # takes (today, open); the second (open, closed).
    def _insert_new_evidence(self, source: str) -> str:
        """Evidence rows of `source` (alias e) not yet stored, added to the open alert of their
        household and rule."""
        return (
            f"INSERT INTO {self.evidence_table} "  # noqa: S608 - names from the models
            f"(alert_id, {self.column}, added_on) "
            f"SELECT a.id, e.id, %s FROM {source} "
            f"JOIN {self.alert} a ON a.household_id = e.household_id "
            f"AND a.rule_id = e.rule_id AND a.status = %s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {self.evidence_table} x "
            f"WHERE x.alert_id = a.id AND x.{self.column} = e.id)"
        )

    def _needs_alert(self) -> str:
        """Evidence row e of a household and rule without an open alert, not used already by
        an alert that was closed (closing is a person's decision; the same evidence does not
        raise the same alert again)."""
        return (
            f"NOT EXISTS (SELECT 1 FROM {self.alert} a WHERE a.household_id = e.household_id "  # noqa: S608
            f"AND a.rule_id = e.rule_id AND a.status = %s) "
            f"AND NOT EXISTS (SELECT 1 FROM {self.evidence_table} x "
            f"JOIN {self.alert} c ON c.id = x.alert_id WHERE x.{self.column} = e.id "
            f"AND c.household_id = e.household_id AND c.rule_id = e.rule_id AND c.status = %s)"
        )

    def add_to_open_alerts(self, *, today: date, returning: bool) -> list[int]:
        """Evidence not yet stored, added to the open alert of its household and rule."""
        sql = self._insert_new_evidence(self.evidence)
        params = [today, *self.params, Alert.Status.OPEN]
        with connection.cursor() as cursor:
            if not returning:
                cursor.execute(sql, params)
                return []
            cursor.execute(sql + " RETURNING alert_id", params)
            return [row[0] for row in cursor.fetchall()]

    def extend_and_find(
        self, *, today: date
    ) -> tuple[list[tuple[int, int]], dict[tuple[int, int], list[int]]]:
        """PostgreSQL, a few households (the partner API's case): add_to_open_alerts and
        alerts_needed in one statement that evaluates the rules once. Returns the alerts
        extended per rule, [(rule, count)], and the (rule, household) pairs that need an alert
        with all their evidence ids, so a new alert gets its evidence without a second pass."""
        sql = (
            f"WITH e AS MATERIALIZED (SELECT e.rule_id, e.household_id, e.id FROM {self.evidence}), "  # noqa: S608 - names from the models
            f"ins AS ({self._insert_new_evidence('e')} RETURNING alert_id), "
            f"n AS (SELECT DISTINCT e.rule_id, e.household_id FROM e WHERE {self._needs_alert()}) "
            f"(SELECT 1, a.rule_id, COUNT(DISTINCT ins.alert_id), 0 FROM ins "
            f"JOIN {self.alert} a ON a.id = ins.alert_id GROUP BY a.rule_id) "
            f"UNION ALL (SELECT 2, e.rule_id, e.household_id, e.id FROM e "
            f"JOIN n ON n.rule_id = e.rule_id AND n.household_id = e.household_id)"
        )
        params = [*self.params, today, Alert.Status.OPEN, Alert.Status.OPEN, Alert.Status.CLOSED]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        extended = [(rule, n) for what, rule, n, _id in rows if what == 1]
        needed: dict[tuple[int, int], list[int]] = {}
        for what, rule, household, evidence_id in rows:
            if what == 2:
                needed.setdefault((rule, household), []).append(evidence_id)
        return extended, needed

    def alerts_needed(self) -> list[tuple[int, int]]:
        """(rule, household) pairs that match and need a new alert (see _needs_alert)."""
        sql = (
            f"SELECT DISTINCT e.rule_id, e.household_id FROM {self.evidence} "  # noqa: S608
            f"WHERE {self._needs_alert()}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, Alert.Status.OPEN, Alert.Status.CLOSED])
            return sorted(cursor.fetchall())


_Item = TypeVar("_Item")


def _chunks(items: list[_Item], size: int = 5000) -> Iterator[list[_Item]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _store(
    *,
    subject: str,
    rules: list[_Part],
    today: date,
    teams: _TeamMap,
    result: RunResult,
    full: bool,
    fingerprints: dict[tuple[int, int], str],
) -> None:
    statements = _EvidenceSql(subject=subject, rules=rules)
    if full:
        statements.materialise()
    try:
        _store_evidence(
            statements,
            rules=rules,
            today=today,
            teams=teams,
            result=result,
            fingerprints=fingerprints,
        )
    finally:
        statements.release()


def _store_evidence(
    statements: _EvidenceSql,
    *,
    rules: list[_Part],
    today: date,
    teams: _TeamMap,
    result: RunResult,
    fingerprints: dict[tuple[int, int], str],
) -> None:
    versions = {version.rule_id: version for part in rules for version in part.versions}
    evidence_of_new = None
    if connection.vendor == "postgresql" and statements.temp_table is None:
        extended_by_rule, evidence_of_new = statements.extend_and_find(today=today)
        for rule_id, n in extended_by_rule:
            result.extended[versions[rule_id].rule.code] += n
        needed = sorted(evidence_of_new)
    else:
        # Open alerts first: what they gain is what "extended" reports.
        extended = sorted(set(statements.add_to_open_alerts(today=today, returning=True)))
        for chunk in _chunks(extended):
            for rule_id, n in (
                Alert.objects.filter(pk__in=chunk)
                .values("rule_id")
                .annotate(n=Count("id"))
                .values_list("rule_id", "n")
            ):
                result.extended[versions[rule_id].rule.code] += n
        needed = statements.alerts_needed()
    if not needed:
        return
    areas = household_areas(household_ids={household_id for _rule, household_id in needed})
    due = {rule_id: add_working_days(today, v.due_working_days) for rule_id, v in versions.items()}
    alerts: list[Alert] = []
    for rule_id, household_id in needed:
        version = versions[rule_id]
        alerts.append(
            Alert(
                municipality_id=version.rule.municipality_id,
                household_id=household_id,
                rule_id=rule_id,
                rule_version=version,
                team_id=teams.get(areas.get(household_id)),
                raised_on=today,
                due_on=due[rule_id],
                evidence_fingerprint=fingerprints.get((rule_id, household_id), ""),
            )
        )
        result.raised[version.rule.code] += 1
        result.raised_households.add(household_id)
    Alert.objects.bulk_create(alerts, batch_size=2000)
    if len(alerts) > 1000 and connection.vendor == "postgresql":
        # Thousands of new alerts (a first run): without fresh statistics the planner takes the
        # alert table for empty and joins row by row.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {statements.alert}")
    # The new alerts get all their evidence; alerts open before already have theirs.
    if evidence_of_new is not None:
        AlertEvidence.objects.bulk_create(
            [
                AlertEvidence(
                    alert=alert,
                    added_on=today,
                    **{statements.column: evidence_id},
                )
                for alert in alerts
                for evidence_id in evidence_of_new[(alert.rule_id, alert.household_id)]
            ]
        )
    else:
        statements.add_to_open_alerts(today=today, returning=False)
    if len(alerts) > 1000 and connection.vendor == "postgresql":
        # Likewise for their evidence: the next statements (the other rules) join it.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {statements.evidence_table}")
