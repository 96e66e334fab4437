"""Writes that use the inventory from a case: a goal names an offering, and a referral (warme
overdracht) is sent with consent and then followed until the help starts.

Every function checks its input and raises CaseInputError with a Dutch message before it changes
anything; each step is written in the case diary. The offering is read through the inventory's
read-only door (`stabiel.inventory.lookup`, decision 0008), the one import of a policy app that
the case app is allowed.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.policy import Permission, may
from stabiel.inventory.lookup import offering_summary

from .models import Goal, Referral
from .services import CaseInputError, _event, _lock_open
from .workflow import REFERRAL_TRANSITIONS

MAX_NOTE = 1000


def _check_worker(actor) -> None:
    if not may(actor, Permission.CASES_WORK):
        raise PermissionDenied


def _current_offering(case, offering_id: int | None, today: date):
    """Today's offering of the case's region, or a Dutch message (unknown, stopped, elsewhere)."""
    summary = (
        offering_summary(municipality=case.municipality, offering_id=offering_id, on=today)
        if offering_id
        else None
    )
    if summary is None:
        raise CaseInputError(
            _("Kies een aanbod dat nu in de sociale kaart van uw regio staat. Zoek het opnieuw."),
            field="offering",
        )
    return summary


def _goal_of(case, goal: Goal) -> Goal:
    locked = Goal.objects.select_for_update().filter(pk=goal.pk, case=case).first()
    if locked is None:
        raise CaseInputError(_("Kies een doel van deze casus."), field="goal")
    return locked


@transaction.atomic
def goal_offering_name(
    *, actor, case, goal: Goal, offering_id: int | None, today: date | None = None
) -> Goal:
    """The goal names an offering of the region (issue 15, part 6): the id and a copy of what
    the worker chose from, with its referral contact and waiting time on that day. It replaces
    an offering named before. No referral: the provider hears nothing of it."""
    _check_worker(actor)
    case = _lock_open(actor, case)
    today = today or timezone.localdate()
    goal = _goal_of(case, goal)
    summary = _current_offering(case, offering_id, today)
    if goal.offering_id == summary.id:
        raise CaseInputError(_("Dit aanbod staat al bij dit doel."), field="offering")
    goal.offering_id = summary.id
    goal.offering_name = summary.name[:200]
    goal.offering_provider = summary.provider_name[:200]
    goal.offering_contact = summary.referral_contact[:300]
    goal.offering_waiting_days = summary.waiting_days
    goal.offering_named_on = today
    goal.save()
    _event(
        case,
        actor,
        _("Aanbod bij doel “%(goal)s”: %(offering)s van %(provider)s")
        % {"goal": goal.text, "offering": summary.name, "provider": summary.provider_name},
    )
    return goal


@transaction.atomic
def goal_offering_clear(*, actor, case, goal: Goal) -> Goal:
    """The goal no longer names an offering; referrals made for it stay as they are."""
    _check_worker(actor)
    case = _lock_open(actor, case)
    goal = _goal_of(case, goal)
    if goal.offering_id is None:
        raise CaseInputError(_("Bij dit doel staat geen aanbod."), field="offering")
    name = goal.offering_name
    goal.offering = None
    goal.offering_name = goal.offering_provider = goal.offering_contact = ""
    goal.offering_waiting_days = goal.offering_named_on = None
    goal.save()
    _event(
        case,
        actor,
        _("Aanbod %(offering)s weggehaald bij doel “%(goal)s”")
        % {"offering": name, "goal": goal.text},
    )
    return goal


@transaction.atomic
def referral_send(
    *,
    actor,
    case,
    offering_id: int | None,
    goal: Goal | None,
    consent: bool,
    handover_note: str,
    today: date | None = None,
) -> Referral:
    _check_worker(actor)
    case = _lock_open(actor, case)
    today = today or timezone.localdate()
    summary = _current_offering(case, offering_id, today)
    if not consent:
        raise CaseInputError(
            _(
                "Verwijs alleen door als het huishouden daar toestemming voor geeft. "
                "Vraag het eerst, en vink het dan aan."
            ),
            field="consent",
        )
    note = (handover_note or "").strip()
    if not note:
        raise CaseInputError(
            _("Schrijf op wat de aanbieder mag weten: alleen wat nodig is om te helpen."),
            field="handover_note",
        )
    if len(note) > MAX_NOTE:
        raise CaseInputError(
            _("De tekst voor de aanbieder is te lang (hoogstens 1000 tekens)."),
            field="handover_note",
        )
    if goal is not None and goal.case_id != case.pk:
        raise CaseInputError(_("Kies een doel van deze casus."), field="goal")
    running = case.referrals.filter(
        offering_id=summary.id, status__in=[Referral.Status.SENT, Referral.Status.ACCEPTED]
    )
    if running.exists():
        raise CaseInputError(
            _("Het huishouden is al naar dit aanbod doorverwezen en dat loopt nog."),
            field="offering",
        )
    referral = Referral.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        goal=goal,
        offering_id=summary.id,
        offering_name=summary.name[:200],
        provider_name=summary.provider_name[:200],
        referral_contact=summary.referral_contact[:300],
        consent=True,
        handover_note=note,
        sent_on=today,
        sent_by=actor,
    )
    _event(
        case,
        actor,
        _("Doorverwezen (met toestemming) naar %(offering)s van %(provider)s")
        % {"offering": summary.name, "provider": summary.provider_name},
    )
    return referral


@transaction.atomic
def referral_set_status(
    *,
    actor,
    referral: Referral,
    status: str,
    on: date,
    reason: str = "",
    today: date | None = None,
) -> Referral:
    """The provider's answer (accepted or declined with reason), or the start of the help."""
    _check_worker(actor)
    case = _lock_open(actor, referral.case)
    referral = Referral.objects.select_for_update().get(pk=referral.pk, case=case)
    today = today or timezone.localdate()
    allowed = REFERRAL_TRANSITIONS.get(referral.status, {})
    if status not in allowed:
        labels = dict(Referral.Status.choices)
        raise CaseInputError(
            _("Een doorverwijzing die '%(now)s' is, kan niet naar '%(new)s'.")
            % {"now": labels[referral.status], "new": labels.get(status, status)},
            field="status",
        )
    if on > today:
        raise CaseInputError(_("Die datum ligt in de toekomst."), field="on")
    if on < referral.sent_on:
        raise CaseInputError(
            _("Die datum ligt vóór de doorverwijzing (%(sent)s).")
            % {"sent": referral.sent_on.strftime("%d-%m-%Y")},
            field="on",
        )
    reason = (reason or "").strip()
    if status == Referral.Status.DECLINED:
        if not reason:
            raise CaseInputError(_("Schrijf op waarom de aanbieder het afwijst."), field="reason")
        if len(reason) > 300:
            raise CaseInputError(_("De reden is te lang (hoogstens 300 tekens)."), field="reason")
        referral.decline_reason = reason
    if status == Referral.Status.STARTED:
        referral.started_on = on
    else:
        referral.answered_on = on
    referral.status = status
    referral.save()
    _event(
        case,
        actor,
        _("Doorverwijzing naar %(offering)s: %(status)s")
        % {"offering": referral.offering_name, "status": referral.get_status_display().lower()}
        + (f" ({reason})" if status == Referral.Status.DECLINED else ""),
    )
    return referral
