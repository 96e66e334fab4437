"""Writes for cases: triage, opening, the broad look, the plan, follow-up and closing.

Every function checks its input and raises CaseInputError with a Dutch message (and the form
field it belongs to) before it changes anything. Every decision is written in the case diary.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from stabiel.residents.models import RegisterChange
from stabiel.rules.models import Alert, RelapseWatch
from stabiel.rules.services import RuleInputError, alert_assign, alert_close
from stabiel.signals.services import signals_mark_picked_up

from .events import case_closing
from .models import (
    Agreement,
    Case,
    CaseEvent,
    CaseLifeEvent,
    CaseSettings,
    Contact,
    DomainAssessment,
    Goal,
    RegisterNotice,
    Triage,
)
from .queries import case_settings_for, landing_problems

# How long a household stays in view after closing 'well landed'. The seeds give no number:
# a local setting, said so on the close screen.
DEFAULT_WATCH_MONTHS = 12
MAX_WATCH_MONTHS = 36


class CaseInputError(ValueError):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _event(case: Case, actor, text: str) -> None:
    CaseEvent.objects.create(
        municipality_id=case.municipality_id, case=case, actor=actor, text=str(text)[:500]
    )


def _sentence(text: str) -> str:
    """A reason as one sentence in the diary: ends with a full stop, never two."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _check_member(user, team, field: str, message: str) -> None:
    if user is None:
        return
    if user.municipality_id != team.municipality_id or not user.teams.filter(pk=team.pk).exists():
        raise CaseInputError(message, field=field)


def _name(user) -> str:
    return user.get_full_name() or user.username


# Triage ---------------------------------------------------------------------------------------


@transaction.atomic
def triage_record(
    *,
    actor,
    alert: Alert,
    urgency: str,
    safety_concern: bool,
    safety_note: str,
    outcome: str,
    taken_by=None,
    partner_name: str = "",
    reason: str = "",
    today: date | None = None,
) -> Triage:
    """Write down the triage. A visit or call opens (or joins) the household's case and plans the
    contact by the rule's due date; handing over or doing nothing closes the alert with the reason.
    """
    today = today or timezone.localdate()
    alert = Alert.objects.select_for_update().get(pk=alert.pk, municipality=actor.municipality)
    if alert.status != Alert.Status.OPEN:
        raise CaseInputError("Deze melding is al afgesloten.")
    if urgency not in Triage.Urgency.values:
        raise CaseInputError("Kies hoe dringend het is.", field="urgency")
    if outcome not in Triage.Outcome.values:
        raise CaseInputError("Kies wat er gebeurt.", field="outcome")
    reason, partner_name, safety_note = reason.strip(), partner_name.strip(), safety_note.strip()
    if safety_concern and not safety_note:
        raise CaseInputError("Schrijf kort op waar u zich zorgen over maakt.", field="safety_note")
    if outcome == Triage.Outcome.PARTNER and not partner_name:
        raise CaseInputError("Schrijf op aan welke partner u dit overdraagt.", field="partner_name")
    if outcome == Triage.Outcome.OWN_STRENGTH and not reason:
        raise CaseInputError(
            "Schrijf op wat het oploste: eigen kracht, wie uit het netwerk of welke algemene "
            "voorziening.",
            field="reason",
        )
    if outcome in (Triage.Outcome.PARTNER, Triage.Outcome.NO_ACTION) and not reason:
        raise CaseInputError(
            "Schrijf op waarom. Dat is nodig om de melding af te sluiten.", field="reason"
        )
    contact_kind = {
        Triage.Outcome.VISIT: Contact.Kind.VISIT,
        Triage.Outcome.CALL: Contact.Kind.CALL,
    }
    if outcome in contact_kind:
        if taken_by is None:
            raise CaseInputError("Kies wie dit oppakt.", field="taken_by")
        if alert.team is None:
            raise CaseInputError(
                "Deze melding heeft geen team. Vraag de beheerder het gebied aan een team te koppelen."
            )
        _check_member(taken_by, alert.team, "taken_by", "Deze persoon hoort niet bij het team.")
    # Urgent: today. Otherwise the date the rule gave.
    due_on = today if urgency == Triage.Urgency.TODAY else max(alert.due_on, today)
    triage = Triage(
        municipality_id=alert.municipality_id,
        alert=alert,
        urgency=urgency,
        safety_concern=safety_concern,
        safety_note=safety_note[:500],
        outcome=outcome,
        partner_name=partner_name[:120],
        reason=reason[:500],
        taken_by=taken_by if outcome in contact_kind else None,
        due_on=due_on,
        decided_by=actor,
    )
    if outcome in contact_kind:
        alert_assign(actor=actor, alert=alert, assignee=taken_by)
        case = open_case_for_household_locked(alert)
        if case is None:
            case = case_open(
                actor=actor,
                household=alert.household,
                team=alert.team,
                case_lead=taken_by,
                origin_alert=alert,
                today=today,
            )
        triage.case = case
        triage.save()
        contact = Contact.objects.create(
            municipality_id=case.municipality_id,
            case=case,
            kind=contact_kind[outcome],
            worker=taken_by,
            due_on=due_on,
        )
        _event(
            case,
            actor,
            f"Triage van melding '{alert.rule.title}': {triage.get_urgency_display()}. "
            f"{contact.get_kind_display()} gepland op {due_on:%d-%m-%Y} door {_name(taken_by)}."
            + (f" Veiligheid: {safety_note}" if safety_concern else ""),
        )
        close_reason = (
            f"Triage: {triage.get_outcome_display().lower()} door {_name(taken_by)}, "
            f"op zijn laatst {due_on:%d-%m-%Y}. Verder in de casus."
        )
    elif outcome == Triage.Outcome.PARTNER:
        triage.save()
        close_reason = f"Overgedragen aan {partner_name}: {reason}"
    elif outcome == Triage.Outcome.OWN_STRENGTH:
        triage.save()
        close_reason = f"Opgelost met eigen kracht, netwerk of algemene voorziening: {reason}"
    else:
        triage.save()
        close_reason = f"Niets doen: {reason}"
    try:
        alert_close(actor=actor, alert=alert, reason=close_reason)
    except RuleInputError as exc:  # pragma: no cover - checked above
        raise CaseInputError(str(exc)) from exc
    return triage


def signals_join_open_cases(*, municipality_id: int, household_ids) -> int:
    """A signal about a household with an open case joins that case: the partner sees it as
    picked up ("opgepakt"). One statement, also for a whole file (household_ids None)."""
    open_households = Case.objects.filter(
        municipality_id=municipality_id, status=Case.Status.OPEN
    ).values("household_id")
    return signals_mark_picked_up(
        municipality_id=municipality_id, household_ids=household_ids, households=open_households
    )


def open_case_for_household_locked(alert: Alert) -> Case | None:
    return (
        Case.objects.select_for_update()
        .filter(
            municipality_id=alert.municipality_id,
            household_id=alert.household_id,
            status=Case.Status.OPEN,
        )
        .first()
    )


# Opening and leads ----------------------------------------------------------------------------


def case_open(
    *,
    actor,
    household,
    team,
    case_lead,
    process_lead=None,
    origin_alert: Alert | None = None,
    today: date | None = None,
) -> Case:
    today = today or timezone.localdate()
    if household.municipality_id != actor.municipality_id or team.municipality_id != (
        actor.municipality_id
    ):
        raise CaseInputError("Dit huishouden of team hoort niet bij uw gemeente.")
    area = household.area
    if area is None or not team.areas.filter(pk__in=[area.pk, area.parent_id]).exists():
        raise CaseInputError("Dit huishouden woont niet in het gebied van dit team.", field="team")
    _check_member(case_lead, team, "case_lead", "De casusregisseur hoort niet bij het team.")
    if process_lead is not None and process_lead.municipality_id != actor.municipality_id:
        raise CaseInputError("De procesregisseur hoort niet bij uw gemeente.", field="process_lead")
    try:
        with transaction.atomic():
            case = Case.objects.create(
                municipality_id=household.municipality_id,
                household=household,
                team=team,
                case_lead=case_lead,
                process_lead=process_lead,
                opened_on=today,
                origin_alert=origin_alert,
            )
    except IntegrityError:
        raise CaseInputError(
            "Dit huishouden heeft al een open casus. Werk in die casus verder.", field="household"
        ) from None
    # The household's signals now belong to an open case: partners see them as picked up.
    signals_join_open_cases(municipality_id=case.municipality_id, household_ids=[household.pk])
    how = f"vanuit melding '{origin_alert.rule.title}'" if origin_alert else "met de hand"
    _event(case, actor, f"Casus geopend {how}. Casusregisseur: {_name(case_lead)}.")
    return case


@transaction.atomic
def case_set_leads(*, actor, case: Case, case_lead, process_lead=None) -> Case:
    case = _lock_open(actor, case)
    _check_member(case_lead, case.team, "case_lead", "De casusregisseur hoort niet bij het team.")
    if process_lead is not None and process_lead.municipality_id != actor.municipality_id:
        raise CaseInputError("De procesregisseur hoort niet bij uw gemeente.", field="process_lead")
    case.case_lead, case.process_lead = case_lead, process_lead
    case.save(update_fields=["case_lead", "process_lead", "updated_at"])
    _event(
        case,
        actor,
        f"Regie: casusregisseur {_name(case_lead)}"
        + (
            f", procesregisseur {_name(process_lead)}."
            if process_lead
            else ", geen procesregisseur."
        ),
    )
    return case


def _lock_open(actor, case: Case, *, pilot_light: bool = False) -> Case:
    """The case, locked. Closed cases take nothing more, except (pilot_light) the pilot-light
    check-ins that go on after the intensive part closed."""
    case = Case.objects.select_for_update().get(pk=case.pk, municipality=actor.municipality)
    if case.status != Case.Status.OPEN and not (pilot_light and case.pilot_light_until):
        raise CaseInputError("Deze casus is afgesloten. Er kan niets meer bij.")
    return case


# Life events ------------------------------------------------------------------------------------


@transaction.atomic
def life_event_record(
    *,
    actor,
    case: Case,
    life_event,
    happened_on: date | None,
    note: str = "",
    today: date | None = None,
) -> CaseLifeEvent:
    """A life event that can unsettle the household, from the catalogue, with its date. Also
    during the pilot-light period: a divorce or a death is exactly what a check-in should know."""
    from stabiel.catalogue.models import LifeEvent
    from stabiel.catalogue.queries import items_for

    case = _lock_open(actor, case, pilot_light=True)
    today = today or timezone.localdate()
    if life_event is None or not (
        items_for(municipality=case.municipality, model=LifeEvent).filter(pk=life_event.pk).exists()
    ):
        raise CaseInputError(gettext("Kies een gebeurtenis uit de lijst."), field="life_event")
    if happened_on is None:
        raise CaseInputError(gettext("Kies een datum."), field="happened_on")
    if happened_on > today:
        raise CaseInputError(
            gettext("Deze datum ligt in de toekomst. Vul de dag in waarop het gebeurde."),
            field="happened_on",
        )
    if happened_on < date(today.year - 10, 1, 1):
        raise CaseInputError(
            gettext("Deze datum ligt meer dan tien jaar terug. Kies een recentere datum."),
            field="happened_on",
        )
    note = note.strip()
    if len(note) > 300:
        raise CaseInputError(gettext("Dit is te lang (hoogstens 300 tekens)."), field="note")
    made = CaseLifeEvent.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        life_event=life_event,
        happened_on=happened_on,
        note=note,
        recorded_by=actor,
    )
    _event(case, actor, f"Ingrijpende gebeurtenis: {life_event.name} ({happened_on:%d-%m-%Y}).")
    return made


# The broad look -------------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *, actor, case: Case, life_domain, state: str, note: str = "", today: date | None = None
) -> DomainAssessment:
    case = _lock_open(actor, case)
    if state not in DomainAssessment.State.values:
        raise CaseInputError("Kies stabiel, onder druk of instabiel.", field="state")
    if life_domain is None or life_domain.municipality_id not in (None, actor.municipality_id):
        raise CaseInputError("Kies een levensgebied uit de lijst.", field="life_domain")
    assessment = DomainAssessment.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        life_domain=life_domain,
        state=state,
        note=note.strip()[:500],
        assessed_by=actor,
        assessed_on=today or timezone.localdate(),
    )
    _event(case, actor, f"{life_domain.name}: {assessment.get_state_display().lower()}.")
    return assessment


# The plan -------------------------------------------------------------------------------------


def _check_catalogue(actor, item, field: str) -> None:
    if item is not None and item.municipality_id not in (None, actor.municipality_id):
        raise CaseInputError("Kies een item uit de lijst.", field=field)


@transaction.atomic
def goal_add(*, actor, case: Case, text: str, life_domain=None) -> Goal:
    case = _lock_open(actor, case)
    text = text.strip()
    if not text:
        raise CaseInputError("Schrijf het doel op in de woorden van het huishouden.", field="text")
    if len(text) > 300:
        raise CaseInputError("Het doel is te lang (hoogstens 300 tekens).", field="text")
    _check_catalogue(actor, life_domain, "life_domain")
    goal = Goal.objects.create(
        municipality_id=case.municipality_id, case=case, text=text, life_domain=life_domain
    )
    _event(case, actor, f"Doel toegevoegd: {text}")
    return goal


@transaction.atomic
def agreement_add(
    *,
    actor,
    case: Case,
    what: str,
    owner: str,
    owner_name: str,
    due_on: date | None,
    goal: Goal | None = None,
    life_domain=None,
    provision_type=None,
    today: date | None = None,
) -> Agreement:
    case = _lock_open(actor, case)
    today = today or timezone.localdate()
    what, owner_name = what.strip(), owner_name.strip()
    if not what:
        raise CaseInputError("Schrijf op wat er gebeurt.", field="what")
    if owner not in Agreement.Owner.values:
        raise CaseInputError(
            "Kies wie het doet: het huishouden, de medewerker of een partner.", field="owner"
        )
    if owner == Agreement.Owner.WORKER and not owner_name:
        owner_name = _name(case.case_lead)
    if owner == Agreement.Owner.HOUSEHOLD and not owner_name:
        # What the household does itself needs no name.
        owner_name = "Het huishouden"
    if not owner_name:
        raise CaseInputError("Schrijf op wie het doet (een naam).", field="owner_name")
    if due_on is None:
        raise CaseInputError("Kies wanneer het klaar is.", field="due_on")
    if due_on < today:
        raise CaseInputError(
            "Deze datum ligt in het verleden. Kies vandaag of later.", field="due_on"
        )
    if goal is not None and goal.case_id != case.pk:
        raise CaseInputError("Kies een doel van deze casus.", field="goal")
    _check_catalogue(actor, life_domain, "life_domain")
    _check_catalogue(actor, provision_type, "provision_type")
    agreement = Agreement.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        goal=goal,
        what=what[:300],
        owner=owner,
        owner_name=owner_name[:120],
        due_on=due_on,
        life_domain=life_domain or (goal.life_domain if goal else None),
        provision_type=provision_type,
    )
    _event(case, actor, f"Afspraak: {owner_name} — {what} (op zijn laatst {due_on:%d-%m-%Y}).")
    return agreement


@transaction.atomic
def agreement_set_status(*, actor, agreement: Agreement, status: str) -> Agreement:
    case = _lock_open(actor, agreement.case)
    if status not in Agreement.Status.values:
        raise CaseInputError("Kies een stand uit de lijst.", field="status")
    agreement.status = status
    agreement.save(update_fields=["status", "updated_at"])
    _event(case, actor, f"Afspraak '{agreement.what}': {agreement.get_status_display().lower()}.")
    return agreement


# Contacts and pilot-light follow-up ----------------------------------------------------------


@transaction.atomic
def contact_plan(
    *, actor, case: Case, kind: str, due_on: date | None, worker, today: date | None = None
) -> Contact:
    case = _lock_open(actor, case)
    today = today or timezone.localdate()
    if kind not in Contact.Kind.values:
        raise CaseInputError("Kies een soort contact.", field="kind")
    if due_on is None:
        raise CaseInputError("Kies een datum.", field="due_on")
    if due_on < today:
        raise CaseInputError(
            "Deze datum ligt in het verleden. Kies vandaag of later.", field="due_on"
        )
    _check_member(worker, case.team, "worker", "Deze persoon hoort niet bij het team.")
    contact = Contact.objects.create(
        municipality_id=case.municipality_id, case=case, kind=kind, worker=worker, due_on=due_on
    )
    _event(case, actor, f"{contact.get_kind_display()} gepland op {due_on:%d-%m-%Y}.")
    return contact


@transaction.atomic
def contact_record(
    *,
    actor,
    case: Case,
    kind: str,
    done_on: date | None,
    note: str,
    still_stable: bool | None = None,
    contact: Contact | None = None,
    today: date | None = None,
) -> Contact:
    """Write down a visit, call or check-in that happened (a planned one, or one not planned).
    After closing 'well landed' only the planned pilot-light check-ins are still written down."""
    case = _lock_open(actor, case, pilot_light=True)
    if case.status != Case.Status.OPEN and (
        contact is None or contact.kind != Contact.Kind.CHECK_IN
    ):
        raise CaseInputError(
            "Deze casus is afgesloten. Alleen de geplande waakvlamcontacten gaan nog door.",
            field="planned",
        )
    today = today or timezone.localdate()
    note = note.strip()
    if done_on is None:
        raise CaseInputError("Kies de datum van het contact.", field="done_on")
    if done_on > today:
        raise CaseInputError(
            "Dit contact ligt in de toekomst. Plan het in plaats daarvan.", field="done_on"
        )
    if not note:
        raise CaseInputError("Schrijf kort op wat er besproken is.", field="note")
    if contact is not None:
        contact = Contact.objects.select_for_update().get(pk=contact.pk, case=case)
        if contact.status != Contact.Status.PLANNED:
            raise CaseInputError("Dit contact is al vastgelegd.")
    else:
        if kind not in Contact.Kind.values:
            raise CaseInputError("Kies een soort contact.", field="kind")
        contact = Contact(
            municipality_id=case.municipality_id, case=case, kind=kind, worker=actor, due_on=done_on
        )
    contact.status = Contact.Status.DONE
    contact.done_on = done_on
    contact.note = note[:1000]
    contact.still_stable = still_stable
    contact.save()
    _event(case, actor, f"{contact.get_kind_display()} gedaan op {done_on:%d-%m-%Y}.")
    return contact


# A schedule is "N keer per maand, M maanden lang": N check-ins spread over each period.
CHECK_IN_PERIODS = {"week": (0, 7), "month": (1, 0), "quarter": (3, 0)}
MAX_CHECK_INS = 24


def _period_start(anchor: date, per: str, i: int) -> date:
    months, days = CHECK_IN_PERIODS[per]
    return add_months(anchor, months * i) + timedelta(days=days * i)


def check_in_dates(*, first_on: date, steps: list[tuple[int, str, int]]) -> list[date]:
    """The dates of a schedule. Each step is (times, per, periods): "3 keer per maand, 2 maanden
    lang" gives three check-ins in each of two months, spread evenly over the month. The next
    step starts where the one before ends. Pure; tested with a table."""
    dates: list[date] = []
    anchor = first_on
    for times, per, periods in steps:
        if times < 1 or periods < 1:
            continue
        for i in range(periods):
            start, end = _period_start(anchor, per, i), _period_start(anchor, per, i + 1)
            length = (end - start).days
            dates.extend(start + timedelta(days=(k * length) // times) for k in range(times))
        anchor = _period_start(anchor, per, periods)
    return dates


@transaction.atomic
def check_ins_schedule(
    *,
    actor,
    case: Case,
    first_on: date | None,
    times: int,
    per: str,
    periods: int,
    then_times: int = 0,
    then_per: str = "quarter",
    then_periods: int = 0,
    worker,
    today: date | None = None,
) -> list[Contact]:
    """Pilot-light check-ins: "3 keer per maand, 1 maand lang", then for example "1 keer per
    kwartaal, 4 kwartalen lang". The numbers are the worker's; the seeds give none."""
    case = _lock_open(actor, case)
    today = today or timezone.localdate()
    if first_on is None:
        raise CaseInputError("Kies de datum van het eerste waakvlamcontact.", field="first_on")
    if first_on < today:
        raise CaseInputError(
            "Een waakvlamcontact kan niet in het verleden liggen. Kies vandaag of later.",
            field="first_on",
        )
    if per not in CHECK_IN_PERIODS:
        raise CaseInputError("Kies per week, per maand of per kwartaal.", field="per")
    if then_per not in CHECK_IN_PERIODS:
        raise CaseInputError("Kies per week, per maand of per kwartaal.", field="then_per")
    if times < 1:
        raise CaseInputError("Plan minstens één waakvlamcontact.", field="times")
    if periods < 1:
        raise CaseInputError("Kies hoe lang: 1 of meer.", field="periods")
    if then_times < 0 or then_periods < 0:
        raise CaseInputError("Vul 0 of meer in.", field="then_times")
    dates = check_in_dates(
        first_on=first_on,
        steps=[(times, per, periods), (then_times, then_per, then_periods)],
    )
    if len(dates) > MAX_CHECK_INS:
        raise CaseInputError(
            f"Dat zijn {len(dates)} waakvlamcontacten. Plan hoogstens {MAX_CHECK_INS} tegelijk.",
            field="times",
        )
    _check_member(worker, case.team, "worker", "Deze persoon hoort niet bij het team.")
    made = Contact.objects.bulk_create(
        [
            Contact(
                municipality_id=case.municipality_id,
                case=case,
                kind=Contact.Kind.CHECK_IN,
                worker=worker,
                due_on=day,
            )
            for day in dates
        ]
    )
    _event(
        case,
        actor,
        f"Waakvlam: {len(dates)} contacten gepland: "
        + ", ".join(f"{day:%d-%m-%Y}" for day in dates)
        + ".",
    )
    return made


# Settings: what counts as well landed -----------------------------------------------------------


@transaction.atomic
def case_settings_save(
    *,
    actor,
    require_broad_look: bool,
    require_goal: bool,
    require_agreements_settled: bool,
    require_contact: bool,
) -> CaseSettings:
    from stabiel.accounts.policy import Permission, require

    require(actor, Permission.TEAM_LEAD)
    row, _made = CaseSettings.objects.select_for_update().get_or_create(
        municipality_id=actor.municipality_id
    )
    row.require_broad_look = bool(require_broad_look)
    row.require_goal = bool(require_goal)
    row.require_agreements_settled = bool(require_agreements_settled)
    row.require_contact = bool(require_contact)
    row.updated_by = actor
    row.save()
    return row


# Closing --------------------------------------------------------------------------------------


@transaction.atomic
def case_close(
    *,
    actor,
    case: Case,
    reason: str,
    well_landed: bool,
    agreements_kept: bool = False,
    situation_stable: bool = False,
    watch_months: int | None = DEFAULT_WATCH_MONTHS,
    today: date | None = None,
) -> Case:
    """Close the case. 'Well landed' is checked here against the municipality's settings (the
    broad look, a goal, every agreement settled, a contact; nothing unstable) and starts the
    relapse watch. Planned pilot-light check-ins then go on, with their own end; other planned
    contacts lapse."""
    today = today or timezone.localdate()
    reason = reason.strip()
    if not reason:
        raise CaseInputError("Schrijf op waarom u de casus afsluit.", field="reason")
    case = _lock_open(actor, case)
    for _receiver, refusal in case_closing.send(sender=Case, actor=actor, case=case):
        if refusal:
            raise CaseInputError(str(refusal))
    if well_landed:
        problems = landing_problems(case, case_settings_for(case.municipality_id))
        if problems:
            field = problems[0][0]
            raise CaseInputError(
                gettext("Nog niet goed geland: %(reasons)s")
                % {"reasons": " ".join(m for _f, m in problems)},
                field=field,
            )
        if not agreements_kept:
            raise CaseInputError(
                gettext("Kijk eerst na of de afspraken zijn nagekomen en vink dat aan."),
                field="agreements_kept",
            )
        if not situation_stable:
            raise CaseInputError(
                gettext("Kijk eerst na of het huishouden stabiel is en vink dat aan."),
                field="situation_stable",
            )
        if watch_months is None or not 1 <= watch_months <= MAX_WATCH_MONTHS:
            raise CaseInputError(
                f"Kies een periode van 1 tot en met {MAX_WATCH_MONTHS} maanden.",
                field="watch_months",
            )
    planned = case.contacts.filter(status=Contact.Status.PLANNED)
    pilot_light = None
    if well_landed:
        # Pilot-light support follows the intensive part: its planned check-ins go on.
        pilot_light = (
            planned.filter(kind=Contact.Kind.CHECK_IN)
            .order_by("-due_on")
            .values_list("due_on", flat=True)
        ).first()
        planned = planned.exclude(kind=Contact.Kind.CHECK_IN)
    case.status = Case.Status.CLOSED
    case.closed_on = today
    case.closed_reason = reason[:300]
    case.well_landed = well_landed
    case.pilot_light_until = pilot_light
    case.save(
        update_fields=[
            "status",
            "closed_on",
            "closed_reason",
            "well_landed",
            "pilot_light_until",
            "updated_at",
        ]
    )
    cancelled = planned.update(status=Contact.Status.CANCELLED)
    if well_landed:
        ends = add_months(today, watch_months)
        RelapseWatch.objects.create(
            municipality_id=case.municipality_id,
            household_id=case.household_id,
            starts_on=today,
            ends_on=ends,
        )
        _event(
            case,
            actor,
            f"Goed geland afgesloten: {_sentence(reason)} Let op terugval tot {ends:%d-%m-%Y}.",
        )
        if pilot_light:
            _event(case, actor, f"De waakvlamcontacten gaan door tot {pilot_light:%d-%m-%Y}.")
    else:
        _event(case, actor, f"Afgesloten: {_sentence(reason)}")
    if cancelled:
        _event(case, actor, f"{cancelled} geplande contacten vervallen.")
    return case


REOPEN_REASON_MAX = 300


@transaction.atomic
def case_reopen(*, actor, case: Case, reason: str, today: date | None = None) -> Case:
    """A closed case opened again, with the reason (in the diary and the access log). The
    relapse watch ends: the household is back in a case."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    case = Case.objects.select_for_update().get(pk=case.pk, municipality=actor.municipality)
    if case.status == Case.Status.OPEN:
        raise CaseInputError("Deze casus is al open.")
    if not reason:
        raise CaseInputError("Schrijf op waarom u de casus weer opent.", field="reason")
    if len(reason) > REOPEN_REASON_MAX:
        raise CaseInputError(
            f"Schrijf de reden in hoogstens {REOPEN_REASON_MAX} tekens.", field="reason"
        )
    if Case.objects.filter(household_id=case.household_id, status=Case.Status.OPEN).exists():
        raise CaseInputError(
            "Dit huishouden heeft al een andere open casus. Werk in die casus verder."
        )
    was = f"{case.closed_on:%d-%m-%Y}: {case.closed_reason}"
    case.status = Case.Status.OPEN
    case.closed_on = None
    case.closed_reason = ""
    case.well_landed = False
    case.pilot_light_until = None
    case.save(
        update_fields=[
            "status",
            "closed_on",
            "closed_reason",
            "well_landed",
            "pilot_light_until",
            "updated_at",
        ]
    )
    RelapseWatch.objects.filter(
        municipality_id=case.municipality_id, household_id=case.household_id, ends_on__gte=today
    ).update(ends_on=today)
    signals_join_open_cases(municipality_id=case.municipality_id, household_ids=[case.household_id])
    _event(case, actor, f"Casus weer geopend: {reason} (was afgesloten op {was}).")
    return case


# Alerts on a household with an open case --------------------------------------------------------


def alerts_route_to_open_cases(*, municipality_id: int, household_ids) -> int:
    """New alerts on a household with an open case name that case and its case lead, and go to
    the lead's list (when the lead is in the alert's team; otherwise the team decides)."""
    routed = 0
    ids = sorted(set(household_ids))
    for start in range(0, len(ids), 2000):
        cases = Case.objects.filter(
            municipality_id=municipality_id,
            status=Case.Status.OPEN,
            household_id__in=ids[start : start + 2000],
        ).select_related("case_lead")
        for case in cases:
            lead = case.case_lead
            note = f"Open casus {case.pk}, casusregisseur {_name(lead)}"[:200]
            lead_teams = set(lead.teams.values_list("pk", flat=True))
            for alert in Alert.objects.filter(
                municipality_id=municipality_id,
                household_id=case.household_id,
                status=Alert.Status.OPEN,
                open_case_note="",
            ):
                alert.open_case_note = note
                fields = ["open_case_note", "updated_at"]
                if alert.assigned_to_id is None and alert.team_id in lead_teams and lead.is_active:
                    alert.assigned_to = lead
                    fields.append("assigned_to")
                alert.save(update_fields=fields)
                routed += 1
        signals_join_open_cases(
            municipality_id=municipality_id, household_ids=ids[start : start + 2000]
        )
    return routed


# The population register ----------------------------------------------------------------------

REGISTER_LEFT = (RegisterChange.Kind.MOVE, RegisterChange.Kind.DEPARTURE, RegisterChange.Kind.DEATH)
REGISTER_JOINED = (
    RegisterChange.Kind.ARRIVAL,
    RegisterChange.Kind.MOVE,
    RegisterChange.Kind.LINKED,
)


def register_changes_reach_case_leads(*, municipality_id: int, feed_id: int) -> int:
    """After a register feed: every household with an open case that a member left (moved,
    departed, died) or joined gets a notice in the case, for its case lead. A household without
    an open case but with an open alert or a running supporter mark that a member left gets a
    notice on that alert or mark, for the people who work on it. Nothing of the household
    changes here; running it twice adds nothing."""
    from stabiel.supporters.models import SupporterMark

    changes = RegisterChange.objects.filter(municipality_id=municipality_id, feed_id=feed_id)
    left = list(
        changes.filter(kind__in=REGISTER_LEFT, from_household_id__isnull=False).values_list(
            "pk", "from_household_id"
        )
    )
    notices: list[RegisterNotice] = []

    def notice(direction: str, change_id: int, **subject) -> RegisterNotice:
        return RegisterNotice(
            municipality_id=municipality_id, change_id=change_id, direction=direction, **subject
        )

    open_cases = Case.objects.filter(municipality_id=municipality_id, status=Case.Status.OPEN)
    case_of = dict(open_cases.values_list("household_id", "pk"))
    if case_of:
        households = open_cases.values("household_id")
        notices += [
            notice(RegisterNotice.Direction.LEFT, change_id, case_id=case_of[household_id])
            for change_id, household_id in left
            if household_id in case_of
        ]
        notices += [
            notice(RegisterNotice.Direction.JOINED, change_id, case_id=case_of[household_id])
            for change_id, household_id in changes.filter(
                kind__in=REGISTER_JOINED, household_id__in=households
            ).values_list("pk", "household_id")
        ]
    without_case = {household_id for _c, household_id in left if household_id not in case_of}
    if without_case:
        alerts: dict[int, list[int]] = {}
        for pk, household_id in Alert.objects.filter(
            municipality_id=municipality_id,
            status=Alert.Status.OPEN,
            household_id__in=without_case,
        ).values_list("pk", "household_id"):
            alerts.setdefault(household_id, []).append(pk)
        today = timezone.localdate()
        marks: dict[int, list[int]] = {}
        for pk, household_id in SupporterMark.objects.filter(
            municipality_id=municipality_id,
            household_id__in=without_case,
            ended_on__isnull=True,
            end_on__gte=today,
        ).values_list("pk", "household_id"):
            marks.setdefault(household_id, []).append(pk)
        for change_id, household_id in left:
            notices += [
                notice(RegisterNotice.Direction.LEFT, change_id, alert_id=pk)
                for pk in alerts.get(household_id, ())
            ]
            notices += [
                notice(RegisterNotice.Direction.LEFT, change_id, supporter_mark_id=pk)
                for pk in marks.get(household_id, ())
            ]
    if not notices:
        return 0
    before = RegisterNotice.objects.filter(change__feed_id=feed_id).count()
    RegisterNotice.objects.bulk_create(notices, batch_size=2000, ignore_conflicts=True)
    return RegisterNotice.objects.filter(change__feed_id=feed_id).count() - before


@transaction.atomic
def register_notice_seen(*, actor, notice_id: int) -> RegisterNotice:
    """A worker read what the register changed for an alert or supporter mark they work on:
    the notice leaves their start page. Notices in a case are marked seen in the case."""
    from .queries import register_notices_mine

    notice = register_notices_mine(actor=actor).filter(pk=notice_id, case__isnull=True).first()
    if notice is None:
        raise Http404
    if notice.seen_at is None:
        notice.seen_at = timezone.now()
        notice.seen_by = actor
        notice.save(update_fields=["seen_at", "seen_by", "updated_at"])
    return notice


@transaction.atomic
def register_notices_seen(*, actor, case: Case) -> int:
    """The case lead has read what the register changed: the notices leave the start page."""
    if case.case_lead_id != actor.pk or case.municipality_id != actor.municipality_id:
        raise CaseInputError(gettext("Alleen de casusregisseur zet deze wijzigingen op gezien."))
    return RegisterNotice.objects.filter(case=case, seen_at__isnull=True).update(
        seen_at=timezone.now(), seen_by=actor
    )


# Reminders ------------------------------------------------------------------------------------


def contact_reminders_send(*, ahead, today: date | None = None) -> int:
    """One mail per worker for planned contacts due by today + ahead that were not reminded yet.

    Each contact is claimed by one UPDATE that only succeeds while reminded_at is empty, so two
    servers running this at once never both remind about the same contact.
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation

    today = today or timezone.localdate()
    now = timezone.now()
    due = (
        Contact.objects.filter(
            status=Contact.Status.PLANNED,
            reminded_at__isnull=True,
            due_on__lte=today + ahead,
            worker__is_active=True,
        )
        .filter(
            # Pilot-light check-ins of a case closed 'well landed' go on after closing.
            Q(case__status=Case.Status.OPEN)
            | Q(kind=Contact.Kind.CHECK_IN, case__pilot_light_until__isnull=False)
        )
        .values_list("pk", "worker_id")
    )
    claimed: dict[int, int] = {}
    for pk, worker_id in list(due):
        if Contact.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
            claimed[worker_id] = claimed.get(worker_id, 0) + 1
    from stabiel.accounts.models import User

    # No site address is configured; the first trusted origin is the public one when set.
    origins = getattr(settings, "CSRF_TRUSTED_ORIGINS", [])
    home = (origins[0].rstrip("/") if origins else "") + reverse("home:home")
    sent = 0
    for user in User.objects.filter(pk__in=claimed, is_active=True).exclude(email=""):
        with translation.override("nl"):
            send_mail(
                subject=f"Stabiel: {claimed[user.pk]} contact(en) om te doen",
                message=(
                    f"Beste {user.first_name or user.username},\n\n"
                    f"U heeft {claimed[user.pk]} huisbezoek(en), gesprek(ken) of "
                    "waakvlamcontact(en) die vandaag of binnenkort gepland staan, of te laat zijn.\n"
                    f"Kijk op uw startpagina in Stabiel: {home}\n"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
        sent += 1
    return sent
