"""Reads of stacking rules: the public register, the administrator's pages and the what-if run."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stabiel.accounts.models import Municipality, Team
from stabiel.catalogue.models import Publication, SignalType
from stabiel.catalogue.queries import items_for
from stabiel.residents.queries import household_areas_of_municipality

from . import whatif
from .engine import team_by_area
from .kinds import RuleKind
from .models import Alert, Rule, RuleVersion

# The public register --------------------------------------------------------------------------


def register_municipality_get(*, cbs_code: str) -> Municipality:
    """The municipality whose register is asked for; an unknown code is a plain 404."""
    municipality = Municipality.objects.filter(cbs_code=cbs_code.strip().upper()).first()
    if municipality is None:
        raise Http404
    return municipality


def register_municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name")


def _with_versions(qs: QuerySet[Rule]) -> QuerySet[Rule]:
    """Rules with the versions that count (newest first); a withdrawn planned version never
    applied and is left out here (see `withdrawn_versions`)."""
    return qs.prefetch_related(
        Prefetch(
            "versions",
            queryset=RuleVersion.objects.filter(withdrawn_at=None)
            .select_related("source")
            .order_by("-number"),
        )
    ).order_by("title")


def withdrawn_versions(*, rule: Rule) -> QuerySet[RuleVersion]:
    """Planned versions that were withdrawn before they started, for the rule's history. Read
    from the table, not `rule.versions`: that one may hold the prefetch without them."""
    return (
        RuleVersion.objects.filter(rule=rule)
        .exclude(withdrawn_at=None)
        .select_related("withdrawn_by")
        .order_by("-number")
    )


def planned_version_get(
    *, municipality: Municipality, rule_pk: int, version_pk: int
) -> RuleVersion:
    """A version of one of the municipality's rules that has not been withdrawn; else 404."""
    version = (
        RuleVersion.objects.filter(
            rule__municipality=municipality, rule_id=rule_pk, pk=version_pk, withdrawn_at=None
        )
        .select_related("rule", "source")
        .first()
    )
    if version is None:
        raise Http404
    return version


def register_rule_list(*, municipality: Municipality) -> list[Rule]:
    """Every rule of the municipality with all its versions (newest first) and their sources."""
    return [
        rule
        for rule in _with_versions(Rule.objects.filter(municipality=municipality))
        if rule.versions.all()
    ]


def publication_map() -> dict[str, Publication]:
    return {publication.code: publication for publication in Publication.objects.all()}


def signal_type_names(*, municipality: Municipality) -> dict[str, str]:
    """Code -> name of every signal type the municipality has, also those it switched off, so
    that an old version of a rule can still be explained."""
    return dict(
        items_for(municipality=municipality, model=SignalType, include_inactive=True).values_list(
            "code", "name"
        )
    )


def signal_type_choices(*, municipality: Municipality) -> list[tuple[str, str]]:
    """The signal types a rule may use now."""
    return list(
        items_for(municipality=municipality, model=SignalType)
        .order_by("position", "name")
        .values_list("code", "name")
    )


# The administrator's pages ----------------------------------------------------------------


def rule_list(*, municipality: Municipality) -> list[Rule]:
    return list(_with_versions(Rule.objects.filter(municipality=municipality)))


def rule_get(*, municipality: Municipality, pk: int) -> Rule:
    """One rule of the municipality with its versions; another municipality's rule is a 404."""
    rule = _with_versions(Rule.objects.filter(municipality=municipality, pk=pk)).first()
    if rule is None or not rule.versions.all():
        raise Http404
    return rule


def version_alert_counts(*, rule: Rule) -> dict[int, int]:
    """How many alerts each version raised (a rule change never moves old alerts)."""
    return dict(
        Alert.objects.filter(rule=rule)
        .values("rule_version_id")
        .annotate(n=Count("id"))
        .values_list("rule_version_id", "n")
    )


# The what-if run --------------------------------------------------------------------------


def _matches_at_month_ends(
    *, municipality_id: int, kind: RuleKind, params: dict[str, Any], ends: list[date]
) -> list[frozenset[int]]:
    return [
        frozenset(
            item.household_id
            for item in kind.evidence(
                municipality_id=municipality_id, p=params, today=end, household_ids=None
            )
        )
        for end in ends
    ]


def _team_of_households(*, municipality_id: int) -> tuple[dict[int, int], bool]:
    """Household id -> team id through the household's area, and whether any household falls
    outside every team. Ids only: no personal data leaves this function."""
    team_of_area = team_by_area(municipality_id=municipality_id)
    team_of: dict[int, int] = {}
    without_team = False
    for household_id, area_id in household_areas_of_municipality(municipality_id=municipality_id):
        if area_id in team_of_area:
            team_of[household_id] = team_of_area[area_id]
        else:
            without_team = True
    return team_of, without_team


@dataclass(frozen=True)
class WhatIf:
    months: tuple[date, ...]
    proposed: whatif.Table
    current: whatif.Table


NO_TEAM = 0


def rule_whatif(
    *,
    municipality: Municipality,
    kind: RuleKind,
    proposed_params: dict[str, Any],
    current_params: dict[str, Any],
    today: date,
    threshold: int,
    months: int = 12,
) -> WhatIf:
    """How many alerts the rule would have raised per team and month over the last `months`
    whole months, with the proposed settings and with the current ones, on the stored history.

    Read-only: it evaluates the rule on past month ends and stores nothing.
    """
    ends = whatif.month_ends(today, months)
    team_of, without_team = _team_of_households(municipality_id=municipality.pk)
    teams = list(Team.objects.filter(municipality=municipality).order_by("name"))
    columns = [date_format(end, "M Y") for end in ends[1:]]

    def table(params: dict[str, Any]) -> whatif.Table:
        matches = _matches_at_month_ends(
            municipality_id=municipality.pk, kind=kind, params=params, ends=ends
        )
        per_month = [
            whatif.count_by_group(raised, team_of, missing=NO_TEAM)
            for raised in whatif.raised_per_month(matches)
        ]
        rows = [(team.name, [month.get(team.pk, 0) for month in per_month]) for team in teams]
        if without_team:
            rows.append(
                (
                    _("Geen team (buiten de gebieden van de teams)"),
                    [month.get(NO_TEAM, 0) for month in per_month],
                )
            )
        return whatif.suppressed_table(columns=columns, rows=rows, threshold=threshold)

    return WhatIf(tuple(ends[1:]), table(proposed_params), table(current_params))
