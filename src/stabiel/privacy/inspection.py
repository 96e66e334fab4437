"""Inspection requests (inzagerecht, AVG art. 15): find a person by BSN and gather everything
Stabiel holds about them, for the privacy officer only, every step in the access log.

The person is opened through the door for residents' own requests
(`residents.access.access_person_for_request`): the privacy officer works for the whole
municipality, so the permission replaces the team check; every opening is logged there.

"Concerns them" means: rows about the person, and rows about a household they lived in that are
not about one other member, dated within the time they lived there.
"""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stabiel.accounts.policy import Permission, require
from stabiel.accounts.roles import role_label
from stabiel.core.models import AccessLogEntry
from stabiel.residents import identities, pseudonyms
from stabiel.residents.access import PURPOSES, access_person_for_request, person_memberships
from stabiel.residents.models import Membership, Person
from stabiel.residents.queries import person_with_label

from .models import Correction

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from stabiel.accounts.models import Municipality, User
    from stabiel.signals.models import Signal


class InspectionInputError(ValueError):
    def __init__(self, message: "StrOrPromise", *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


NOT_FOUND = _("Stabiel heeft in uw gemeente geen gegevens over iemand met dit BSN.")


def person_find_by_bsn(*, actor: "User", bsn: str) -> Person:
    """The person with this BSN in the actor's municipality; logged. The BSN is never stored."""
    require(actor, Permission.PERSONAL_DATA_REQUESTS)
    try:
        digits = identities.bsn_parse(bsn)
    except identities.IdentityError as error:
        raise InspectionInputError(str(error), field="bsn") from error
    person = access_person_for_request(
        actor=actor,
        pseudonym=pseudonyms.person_pseudonym(digits),
        action=AccessLogEntry.Action.VIEW,
        shown=str(_("Gezocht op BSN voor een inzageverzoek")),
        purpose=str(PURPOSES["inspection"]),
    )
    if person is None:
        raise InspectionInputError(NOT_FOUND, field="bsn")
    return person


def person_open(
    *,
    actor: "User",
    person_id: int,
    shown: "StrOrPromise",
    action: str = "view",
    purpose: "StrOrPromise | None" = None,
) -> Person:
    """Open a person for an inspection or correction request; 404 outside the municipality."""
    require(actor, Permission.PERSONAL_DATA_REQUESTS)
    person = access_person_for_request(
        actor=actor,
        person_id=person_id,
        action=action,
        shown=str(shown),
        purpose=str(purpose or PURPOSES["inspection"]),
    )
    if person is None:
        raise Http404
    return person


def _model(label: str) -> Any:
    """A model of another app, by label: the export reads rows of many execution apps without
    importing them (Any: apps.get_model is typed as a bare Model, without its manager)."""
    return apps.get_model(label)


def _during(memberships: list[Membership], date_field: str, *, datetime_field: bool = False) -> Q:
    """Rows of a household the person lived in, dated within their stay there."""
    lookup = f"{date_field}__date" if datetime_field else date_field
    found = Q(pk__in=[])
    for m in memberships:
        stay = Q(household_id=m.household_id, **{f"{lookup}__gte": m.start_on})
        if m.end_on:
            stay &= Q(**{f"{lookup}__lte": m.end_on})
        found |= stay
    return found


def _d(day: date | None) -> date | None:
    """Dates stay dates: the PDF formats them, the JSON encoder writes them as ISO 8601."""
    return day or None


def person_export(*, person: Person) -> dict[str, Any]:
    """Everything Stabiel holds about this person, as plain data (for the PDF and the JSON)."""
    from stabiel.rules.explain import sentence

    municipality = person.municipality
    identity = getattr(person, "identity", None)
    memberships = person_memberships(person=person)
    corrections = list(
        Correction.objects.filter(person=person)
        .select_related("corrected_by")
        .order_by("created_at")
    )
    by_signal: dict[int, list[Correction]] = {}
    for c in corrections:
        if c.signal_id:
            by_signal.setdefault(c.signal_id, []).append(c)

    signals = (
        _model("stabiel_signals.Signal")
        .objects.filter(municipality=municipality)
        .filter(Q(person=person) | (Q(person__isnull=True) & _during(memberships, "observed_on")))
        .select_related("signal_type", "partner", "household")
        .order_by("observed_on", "id")
    )
    decisions = (
        _model("stabiel_signals.Decision")
        .objects.filter(municipality=municipality)
        .filter(Q(person=person) | (Q(person__isnull=True) & _during(memberships, "start_on")))
        .select_related("household")
        .order_by("start_on", "id")
    )
    alerts = (
        _model("rules.Alert")
        .objects.filter(municipality=municipality)
        .filter(_during(memberships, "raised_on"))
        .select_related("rule_version", "rule", "household")
        .prefetch_related("triages__taken_by")
        .order_by("raised_on", "id")
    )
    cases = (
        _model("cases.Case")
        .objects.filter(municipality=municipality)
        .filter(_during(memberships, "opened_on"))
        .select_related("household")
        .prefetch_related("goals", "agreements", "contacts")
        .order_by("opened_on", "id")
    )
    debt_signals = list(
        _model("earlywarning.DebtSignal")
        .objects.filter(municipality=municipality, person=person)
        .order_by("signalled_on", "id")
    )
    report_keys = {s.report_id for s in debt_signals if s.report_id}
    reports = (
        _model("earlywarning.Report")
        .objects.filter(municipality=municipality)
        .filter(Q(key__in=report_keys) | _during(memberships, "month"))
        .prefetch_related("attempts")
        .order_by("month", "id")
    )
    marks = (
        _model("supporters.SupporterMark")
        .objects.filter(municipality=municipality, person=person)
        .order_by("start_on", "id")
    )
    items = (
        _model("meetings.MeetingItem")
        .objects.filter(municipality=municipality)
        .filter(_during(memberships, "meeting__held_on"))
        .select_related("meeting", "household")
        .order_by("meeting__held_on", "id")
    )
    # Who opened the person, or a household of theirs while they lived there.
    access = (
        AccessLogEntry.objects.filter(municipality=municipality)
        .filter(_looked_at_person(person, memberships))
        .select_related("user")
    )

    def correction_row(c: Correction) -> dict[str, Any]:
        return {
            "kind": str(c.get_kind_display()),
            "on": timezone.localtime(c.created_at),
            "by": _name(c.corrected_by),
            "signal_id": c.signal_id,
            "changes": c.changes,
            "reason": c.reason,
        }

    return {
        "made_on": timezone.localtime(),
        "municipality": municipality.name,
        "person": {
            "label": person.label,
            "bsn": identity.bsn if identity else "",
            "given_names": identity.given_names if identity else "",
            "surname_prefix": identity.surname_prefix if identity else "",
            "surname": identity.surname if identity else "",
            "full_name": identity.full_name if identity else "",
            "birth_date": _d(identity.birth_date) if identity else "",
        },
        "households": [
            {
                "label": m.household.label,
                "address": str(m.household.address) if hasattr(m.household, "address") else "",
                "from": _d(m.start_on),
                "until": _d(m.end_on),
            }
            for m in memberships
        ],
        "signals": [
            {
                "id": s.pk,
                "type": s.signal_type.name,
                "observed_on": _d(s.observed_on),
                "received_on": _d(s.received_on),
                "reporter": s.partner.name,
                "about": "person" if s.person_id else "household",
                "household": s.household.label,
                "note": s.note,
                "status": str(s.get_status_display()),
                "corrections": [correction_row(c) for c in by_signal.get(s.pk, [])],
            }
            for s in signals
        ],
        "decisions": [
            {
                "law": str(d.get_law_display()),
                "product": d.product,
                "need": d.need,
                "from": _d(d.start_on),
                "until": _d(d.end_on),
                "household": d.household.label,
            }
            for d in decisions
        ],
        "alerts": [
            {
                "rule": a.rule.title,
                "rule_version": a.rule_version.number,
                "sentence": sentence(a.rule_version),
                "raised_on": _d(a.raised_on),
                "status": str(a.get_status_display()),
                "closed_on": timezone.localtime(a.closed_at).date() if a.closed_at else None,
                "close_reason": _alert_outcome(a),
                "household": a.household.label,
            }
            for a in alerts
        ],
        "cases": [
            {
                "opened_on": _d(c.opened_on),
                "closed_on": _d(c.closed_on),
                "status": str(c.get_status_display()),
                "closed_reason": c.closed_reason,
                "household": c.household.label,
                "goals": [{"text": g.text, "reached": g.reached} for g in c.goals.all()],
                "agreements": [
                    {
                        "what": a.what,
                        "who": a.owner_name,
                        "due_on": _d(a.due_on),
                        "status": str(a.get_status_display()),
                    }
                    for a in c.agreements.all()
                ],
                "contacts": [
                    {
                        "kind": str(k.get_kind_display()),
                        "on": _d(k.done_on or k.due_on),
                        "status": str(k.get_status_display()),
                        "note": k.note,
                    }
                    for k in c.contacts.all()
                ],
            }
            for c in cases
        ],
        "early_warning": {
            "signals": [
                {
                    "creditor": str(s.get_partner_type_display()),
                    "amount": s.amount,
                    "signalled_on": _d(s.signalled_on),
                    "status": str(s.get_status_display()),
                }
                for s in debt_signals
            ],
            "reports": [
                {
                    "month": r.month,
                    "signals": r.signal_count,
                    "picked_up_on": _d(r.picked_up_on),
                    "outcome": str(r.get_outcome_display()) if r.outcome else "",
                    "attempts": [
                        {
                            "kind": str(t.get_kind_display()),
                            "on": _d(t.on),
                            "reached": t.reached,
                        }
                        for t in r.attempts.all()
                    ],
                }
                for r in reports
            ],
        },
        "supporter_marks": [
            {
                "supporter": m.supporter_display,
                "reason": m.reason,
                "consent_on": _d(m.consent_on),
                "from": _d(m.start_on),
                "until": _d(m.ended_on or m.end_on),
            }
            for m in marks
        ],
        "meeting_items": [
            {
                "meeting": str(i.meeting.get_kind_display()),
                "held_on": _d(i.meeting.held_on),
                "summary": i.summary,
                "decided_on": _d(i.decided_on),
            }
            for i in items
        ],
        "corrections": [correction_row(c) for c in corrections],
        "access_log": [
            {
                "when": timezone.localtime(e.occurred_at),
                "who": _name(e.user) if e.user_id else e.username,
                "role": role_label(e.role),
                "what": f"{e.get_action_display()}: {e.shown}",
                "purpose": e.purpose,
            }
            for e in access.order_by("occurred_at", "id")
        ],
    }


def _name(user: "User") -> str:
    """A person's full name for the resident to read; the username only when there is none."""
    return user.get_full_name() or user.username


def _alert_outcome(alert: Any) -> str:
    """What happened with an alert, in words the resident understands: from the first look a
    worker took (the 'triage', a word the resident does not know), else the reason given."""
    triages = sorted(alert.triages.all(), key=lambda t: (t.created_at, t.pk))
    if not triages:
        return str(alert.close_reason)
    triage = triages[-1]
    outcome, day = triage.outcome, triage.due_on.strftime("%d-%m-%Y")
    who = _name(triage.taken_by) if triage.taken_by_id else ""
    if outcome == "visit":
        return str(
            _("Een medewerker (%(who)s) plande een bezoek bij u, niet later dan %(day)s.")
            % {"who": who, "day": day}
        )
    if outcome == "call":
        return str(
            _("Een medewerker (%(who)s) plande een telefoongesprek, niet later dan %(day)s.")
            % {"who": who, "day": day}
        )
    if outcome == "partner":
        return str(
            _("Doorgegeven aan %(partner)s: %(reason)s")
            % {"partner": triage.partner_name, "reason": triage.reason}
        )
    if outcome == "own_strength":
        return str(
            _("Opgelost met eigen kracht, het netwerk of een algemene voorziening: %(reason)s")
            % {"reason": triage.reason}
        )
    return str(
        _("Een medewerker keek ernaar. Er hoefde niets te gebeuren: %(reason)s")
        % {"reason": triage.reason}
    )


def _looked_at_person(person: Person, memberships: list[Membership]) -> Q:
    looked = Q(person_label=person.label)
    for m in memberships:
        stay = Q(household_label=m.household.label, occurred_at__date__gte=m.start_on)
        if m.end_on:
            stay &= Q(occurred_at__date__lte=m.end_on)
        looked |= stay
    return looked


def looked_at(*, municipality: "Municipality", label: str) -> Q:
    """Access-log rows about one household, or one person: the person themselves and each
    household of theirs while they lived there (as the export counts them). Shows nothing
    itself: the privacy officer's "who looked" screen filters the log with it."""
    term = label.strip().upper()
    person = person_with_label(municipality_id=municipality.pk, label=term)
    if person is None:
        return Q(household_label=term) | Q(person_label=term)
    return _looked_at_person(person, person_memberships(person=person))


def signal_concerns(*, person: Person, signal_id: int) -> "Signal | None":
    """The signal, when it is one of this person's (as the export counts them); else None."""
    memberships = person_memberships(person=person)
    signal: Signal | None = (
        _model("stabiel_signals.Signal")
        .objects.filter(municipality_id=person.municipality_id, pk=signal_id)
        .filter(Q(person=person) | (Q(person__isnull=True) & _during(memberships, "observed_on")))
        .first()
    )
    return signal
