"""Writes on rules and alerts: seeding, new versions, assignment and closing."""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.models import Municipality, User
from stabiel.catalogue.models import Publication
from stabiel.signals.services import signals_mark_picked_up

from .kinds import KINDS
from .models import Alert, AlertAction, Rule, RuleVersion
from .seed import SEED_RULES


class RuleInputError(ValueError):
    """Bad rule settings; the message is plain Dutch for the screen."""


@transaction.atomic
def rules_seed(*, municipality: Municipality, in_force_from: date) -> int:
    """Give a municipality the rules from the seeds. Rules it already has are left alone."""
    created = 0
    sources = {p.code: p for p in Publication.objects.all()}
    for spec in SEED_RULES:
        rule, made = Rule.objects.get_or_create(
            municipality=municipality, code=spec["code"], defaults={"title": str(spec["title"])}
        )
        if not made:
            continue
        kind = KINDS[spec["kind"]]
        RuleVersion.objects.create(
            rule=rule,
            number=1,
            kind=spec["kind"],
            params=_jsonable(kind.clean_params(spec["params"])),
            action=spec["action"],
            due_working_days=spec["due_working_days"],
            in_force_from=in_force_from,
            purpose=str(spec["purpose"]),
            legal_basis=str(spec["legal_basis"]),
            source=sources.get(spec["source"]),
            source_ref=spec["source_ref"],
            basis=spec.get("basis", str(RuleVersion.Basis.PUBLICATION)),
            change_note="Uit de publicatie overgenomen bij de start.",
        )
        created += 1
    return created


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {
        key: list(value) if isinstance(value, tuple) else value for key, value in params.items()
    }


@transaction.atomic
def rule_version_create(
    *,
    actor: User,
    rule: Rule,
    params: dict[str, Any],
    action: str,
    due_working_days: int,
    in_force_from: date,
    purpose: str,
    legal_basis: str,
    change_note: str,
) -> RuleVersion:
    """A change makes a new version; the old one ends the day before. Old alerts keep theirs."""
    rule = Rule.objects.select_for_update().get(pk=rule.pk, municipality=actor.municipality)
    current = rule.versions.filter(withdrawn_at=None).latest("number")
    # Numbers are never reused: a withdrawn version keeps its number in the history.
    last_number = rule.versions.latest("number").number
    kind = KINDS[current.kind]
    try:
        clean = kind.clean_params(params)
    except ValueError as exc:
        raise RuleInputError(str(exc)) from exc
    if action not in AlertAction.values:
        raise RuleInputError("Kies een actie uit de lijst.")
    if not 1 <= due_working_days <= 120:
        raise RuleInputError("De termijn is 1 tot en met 120 werkdagen.")
    if in_force_from <= current.in_force_from:
        raise RuleInputError("De nieuwe versie moet later ingaan dan de huidige versie.")
    if not change_note.strip():
        raise RuleInputError("Schrijf kort op waarom de regel verandert.")
    current.in_force_until = in_force_from - timedelta(days=1)
    current.save(update_fields=["in_force_until", "updated_at"])
    return RuleVersion.objects.create(
        rule=rule,
        number=last_number + 1,
        kind=current.kind,
        params=_jsonable(clean),
        action=action,
        due_working_days=due_working_days,
        in_force_from=in_force_from,
        purpose=purpose.strip() or current.purpose,
        legal_basis=legal_basis.strip() or current.legal_basis,
        source=current.source,
        source_ref=current.source_ref,
        basis=current.basis,
        change_note=change_note.strip(),
        created_by=actor,
    )


@transaction.atomic
def rule_version_withdraw(
    *, actor: User, version_id: int, reason: str, today: date | None = None
) -> RuleVersion:
    """Withdraw a version planned for the future, before it starts. The version before it runs
    on (its end date goes again); the withdrawn one stays in the history, marked, and never
    applies. A version that has started cannot be withdrawn: make a new version instead."""
    today = today or timezone.localdate()
    reason = reason.strip()
    if not reason:
        raise RuleInputError(_("Schrijf kort op waarom de versie niet doorgaat."))
    if len(reason) > 300:
        raise RuleInputError(_("Schrijf de reden in hoogstens 300 tekens."))
    version = (
        RuleVersion.objects.select_for_update()
        .filter(pk=version_id, rule__municipality=actor.municipality)
        .first()
    )
    if version is None:
        raise RuleVersion.DoesNotExist
    Rule.objects.select_for_update().get(pk=version.rule_id)
    if version.withdrawn_at is not None:
        raise RuleInputError(_("Deze versie is al ingetrokken."))
    if version.in_force_from <= today:
        raise RuleInputError(
            _(
                "Deze versie is al ingegaan en kan niet meer worden ingetrokken. Maak een nieuwe "
                "versie om de regel te veranderen."
            )
        )
    versions = version.rule.versions.filter(withdrawn_at=None)
    if versions.filter(number__gt=version.number).exists():
        raise RuleInputError(_("Er staat een latere versie gepland. Trek eerst die versie in."))
    before = versions.filter(number__lt=version.number).order_by("-number").first()
    if before is None:
        raise RuleInputError(
            _("Dit is de eerste versie van de regel. Een regel houdt altijd één versie.")
        )
    if before.in_force_until == version.in_force_from - timedelta(days=1):
        before.in_force_until = None
        before.save(update_fields=["in_force_until", "updated_at"])
    version.withdrawn_at = timezone.now()
    version.withdrawn_by = actor
    version.withdrawal_reason = reason
    version.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
    return version


@transaction.atomic
def alert_assign(*, actor: User, alert: Alert, assignee: User | None) -> Alert:
    alert = Alert.objects.select_for_update().get(pk=alert.pk, municipality=actor.municipality)
    if assignee is not None and (
        alert.team_id is None or not assignee.teams.filter(pk=alert.team_id).exists()
    ):
        raise PermissionError("assignee is not in the alert's team")
    alert.assigned_to = assignee
    alert.save(update_fields=["assigned_to", "updated_at"])
    if assignee is not None:
        # The partner learns only this: their signal was picked up by the municipality.
        signals_mark_picked_up(
            municipality_id=alert.municipality_id,
            signal_ids=alert.evidence.filter(signal__isnull=False).values("signal_id"),
        )
    return alert


@transaction.atomic
def alerts_assign(*, actor: User, alert_ids: list[int], assignee: User) -> int:
    """The team lead gives several open alerts of their teams to one worker, all or none."""
    from stabiel.accounts.policy import Permission, require

    from .alert_queries import alerts_for

    require(actor, Permission.TEAM_LEAD)
    if not alert_ids:
        raise RuleInputError(_("Kies minstens één melding."))
    alerts = list(
        alerts_for(actor=actor)
        .select_for_update()
        .filter(pk__in=alert_ids, status=Alert.Status.OPEN)
        .order_by("id")
    )
    if len(alerts) != len(set(alert_ids)):
        raise RuleInputError(_("Een van de meldingen is al afgesloten of niet van uw team."))
    member_teams = set(assignee.teams.values_list("id", flat=True))
    if any(alert.team_id not in member_teams for alert in alerts):
        raise RuleInputError(_("Deze medewerker hoort niet bij het team van elke gekozen melding."))
    for alert in alerts:
        alert_assign(actor=actor, alert=alert, assignee=assignee)
    return len(alerts)


@transaction.atomic
def alert_close(*, actor: User, alert: Alert, reason: str) -> Alert:
    if not reason.strip():
        raise RuleInputError("Schrijf op waarom u de melding afsluit.")
    alert = Alert.objects.select_for_update().get(pk=alert.pk, municipality=actor.municipality)
    if alert.status != Alert.Status.OPEN:
        raise RuleInputError("Deze melding is al afgesloten.")
    alert.status = Alert.Status.CLOSED
    alert.close_reason = reason.strip()[:300]
    alert.closed_at = timezone.now()
    alert.save(update_fields=["status", "close_reason", "closed_at", "updated_at"])
    return alert
