"""Reads for the alert list and an alert's evidence. Always within the actor's teams."""

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from stabiel.accounts import scope
from stabiel.core import pagination
from stabiel.residents.access import team_area_filter

from .models import Alert, AlertEvidence, Rule

if TYPE_CHECKING:
    from stabiel.accounts.models import User


def alerts_for(*, actor: "User") -> QuerySet[Alert]:
    """Alerts of the actor's teams, for households in the areas those teams cover.

    The teams as a list of ids, not a join through the membership table: a join needs DISTINCT,
    and DISTINCT over 70,000 alerts made the list take seconds (screens benchmark).
    """
    team_ids = scope.team_ids(actor)
    return Alert.objects.filter(
        team_area_filter(actor, prefix="household__"),
        municipality=actor.municipality,
        team_id__in=team_ids,
    )


def unassigned_alert_count(*, actor: "User") -> int:
    """Open alerts of the actor's teams that nobody has picked up yet (the team lead's start).

    Counted up to one past the list's cap (`core.pagination`): the start page says "more than"
    beyond it, instead of counting tens of thousands of alerts on every visit.
    """
    unassigned = alerts_for(actor=actor).filter(status=Alert.Status.OPEN, assigned_to__isnull=True)
    return unassigned[: pagination.LIST_COUNT_CAP + 1].count()


def alert_list(
    *,
    actor: "User",
    today: date,
    rule: Rule | None = None,
    assigned: str = "",
    status: str = "open",
    overdue: bool = False,
    sort: str = "due",
) -> QuerySet[Alert]:
    qs = alerts_for(actor=actor).select_related(
        "rule", "rule_version", "household", "assigned_to", "team"
    )
    qs = qs.filter(status=status or Alert.Status.OPEN)
    if rule is not None:
        qs = qs.filter(rule=rule)
    if assigned == "mine":
        qs = qs.filter(assigned_to=actor)
    elif assigned == "none":
        qs = qs.filter(assigned_to__isnull=True)
    if overdue:
        qs = qs.filter(due_on__lt=today)
    # Ordered by time only, never by anything about the person: no ranking, no scores.
    order = {"due": ["due_on", "raised_on", "id"], "raised": ["-raised_on", "due_on", "id"]}[sort]
    return qs.order_by(*order)


def evidence_summaries(alert_ids: list[int]) -> dict[int, list[str]]:
    """Short lines per alert ('Huurachterstand, 12-10-2026') for the list, in one query."""
    summaries: dict[int, list[str]] = {}
    rows = (
        AlertEvidence.objects.filter(alert_id__in=alert_ids)
        .select_related("signal__signal_type", "decision", "care_worker_change__party")
        .order_by("alert_id", "id")
    )
    for item in rows:
        signal, decision, change = item.signal, item.decision, item.care_worker_change
        if signal is not None:
            text = f"{signal.signal_type.display_name}, {signal.observed_on:%d-%m-%Y}"
        elif decision is not None:
            text = f"{decision.get_law_display()}: {decision.product}, {decision.start_on:%d-%m-%Y}"
        elif change is not None:
            text = _("Nieuwe hulpverlener bij %(party)s, %(day)s") % {
                "party": change.party.organisation,
                "day": f"{change.from_on:%d-%m-%Y}",
            }
        else:  # never: the database holds each evidence row to exactly one thing
            continue
        summaries.setdefault(item.alert_id, []).append(text)
    return summaries


def alert_detail(*, actor: "User", pk: int) -> Alert:
    from django.shortcuts import get_object_or_404

    evidence = AlertEvidence.objects.select_related(
        "signal__signal_type__red_flag_type__pillar",
        "signal__partner",
        "decision__provision_type",
        "care_worker_change__party",
    ).order_by("id")
    return get_object_or_404(
        alerts_for(actor=actor)
        .select_related("rule", "rule_version", "household", "assigned_to", "team")
        .prefetch_related(Prefetch("evidence", queryset=evidence)),
        pk=pk,
    )


def team_members(alert: Alert) -> "QuerySet[User]":
    from stabiel.accounts.models import User

    return (
        User.objects.filter(teams=alert.team, is_active=True)
        .filter(Q(role_grants__role="access_worker") | Q(role_grants__role="team_lead"))
        .distinct()
        .order_by("first_name", "username")
    )
