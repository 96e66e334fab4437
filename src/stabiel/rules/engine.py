"""Evaluates rules and stores alerts. Set-based SQL finds the evidence; Python explains it."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Q

from stabiel.accounts.models import Area, Team
from stabiel.signals.models import Household

from .kinds import KINDS, Evidence
from .models import Alert, AlertEvidence, RuleVersion
from .working_days import add_working_days


@dataclass
class RunResult:
    raised: dict[str, int] = field(default_factory=dict)
    extended: dict[str, int] = field(default_factory=dict)

    @property
    def total_raised(self) -> int:
        return sum(self.raised.values())


def versions_in_force(*, municipality_id: int, today: date):
    return (
        RuleVersion.objects.filter(rule__municipality_id=municipality_id, in_force_from__lte=today)
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

    def __init__(self, municipality_id: int):
        self.municipality_id = municipality_id
        self._map: dict[int, int] | None = None

    def get(self, area_id):
        if self._map is None:
            self._map = team_by_area(municipality_id=self.municipality_id)
        return self._map.get(area_id)


def _lock(municipality_id: int) -> None:
    """Serialise rule runs per municipality across servers (PostgreSQL); SQLite serialises writes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, municipality_id])


def rules_run(
    *,
    municipality_id: int,
    today: date,
    household_ids: Iterable[int] | None = None,
    changed: frozenset[str] | None = None,
) -> RunResult:
    """Evaluate every rule in force, for all households or only the touched ones.

    `changed` ("signals", "decisions") limits an incremental run to the rules that read what
    changed: a new signal cannot change the outcome of a rule about decisions.
    """
    households = None if household_ids is None else sorted(set(household_ids))
    result = RunResult()
    if households == []:
        return result
    with transaction.atomic():
        _lock(municipality_id)
        teams = _TeamMap(municipality_id)
        for version in versions_in_force(municipality_id=municipality_id, today=today):
            kind = KINDS[version.kind]
            if changed is not None and not (kind.reads & changed):
                continue
            evidence = kind.evidence(
                municipality_id=municipality_id,
                p=kind.clean_params(version.params),
                today=today,
                household_ids=households,
            )
            raised, extended = _store(version=version, evidence=evidence, today=today, teams=teams)
            result.raised[version.rule.code] = raised
            result.extended[version.rule.code] = extended
    return result


def _store(
    *, version: RuleVersion, evidence: list[Evidence], today: date, teams: _TeamMap
) -> tuple[int, int]:
    by_household: dict[int, set[tuple[int | None, int | None]]] = defaultdict(set)
    for item in evidence:
        by_household[item.household_id].add((item.signal_id, item.decision_id))
    if not by_household:
        return 0, 0
    rule = version.rule
    open_alerts = dict(
        Alert.objects.filter(
            rule=rule, status=Alert.Status.OPEN, household_id__in=list(by_household)
        ).values_list("household_id", "id")
    )
    candidates = [h for h in by_household if h not in open_alerts]
    new_alerts = []
    if candidates:
        # Evidence that already led to a closed alert does not raise the same alert again.
        used = defaultdict(set)
        for household_id, signal_id, decision_id in AlertEvidence.objects.filter(
            alert__rule=rule, alert__status=Alert.Status.CLOSED, alert__household_id__in=candidates
        ).values_list("alert__household_id", "signal_id", "decision_id"):
            used[household_id].add((signal_id, decision_id))
        fresh = [h for h in candidates if by_household[h] - used[h]]
        if fresh:
            areas = dict(Household.objects.filter(pk__in=fresh).values_list("id", "area_id"))
            due = add_working_days(today, version.due_working_days)
            new_alerts = [
                Alert(
                    municipality_id=rule.municipality_id,
                    household_id=household_id,
                    rule=rule,
                    rule_version=version,
                    team_id=teams.get(areas.get(household_id)),
                    raised_on=today,
                    due_on=due,
                )
                for household_id in fresh
            ]
            Alert.objects.bulk_create(new_alerts, batch_size=2000)
    alert_ids = dict(open_alerts)
    alert_ids.update({alert.household_id: alert.pk for alert in new_alerts})
    existing = set()
    if open_alerts:
        existing = set(
            AlertEvidence.objects.filter(alert_id__in=list(open_alerts.values())).values_list(
                "alert_id", "signal_id", "decision_id"
            )
        )
    rows = []
    extended = set()
    for household_id, items in by_household.items():
        alert_id = alert_ids.get(household_id)
        if alert_id is None:
            continue
        for signal_id, decision_id in items:
            if (alert_id, signal_id, decision_id) in existing:
                continue
            rows.append(
                AlertEvidence(
                    alert_id=alert_id, signal_id=signal_id, decision_id=decision_id, added_on=today
                )
            )
            if household_id in open_alerts:
                extended.add(household_id)
    if rows:
        AlertEvidence.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return len(new_alerts), len(extended)
