"""Writes of the privacy part: retention periods, and corrections a resident asked for."""

import calendar
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.models import User
from stabiel.accounts.policy import Permission, require
from stabiel.core.models import AccessLogEntry
from stabiel.residents.access import PURPOSES
from stabiel.residents.models import Person
from stabiel.signals.models import Signal
from stabiel.signals.services import households_touched

from . import inspection
from .models import Correction, InspectionRequest, RetentionPeriod
from .retention import DEFAULTS, MAX_DAYS, RecordType, Unit, period_days


class PrivacyInputError(ValueError):
    """Input that cannot be stored; the message is plain Dutch."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def retention_check(*, record_type: str, amount: int, unit: str) -> None:
    """Raise PrivacyInputError when a period is outside the bounds for its record type."""
    if record_type not in RecordType.values:
        raise PrivacyInputError(_("Onbekende soort gegevens."), field="record_type")
    if unit not in Unit.values:
        raise PrivacyInputError(_("Kies maanden of dagen."), field="unit")
    default = DEFAULTS[record_type]
    days = period_days(amount, unit)
    if amount < 1 or days < default.min_days:
        raise PrivacyInputError(
            _("Deze termijn is te kort. Kies minstens %(days)s dagen.")
            % {"days": default.min_days},
            field="amount",
        )
    if days > MAX_DAYS:
        raise PrivacyInputError(
            _("Deze termijn is te lang. Kies hoogstens 20 jaar (240 maanden)."), field="amount"
        )


@transaction.atomic
def retention_save(
    *, actor: User, record_type: str, amount: int, unit: str, source: str
) -> RetentionPeriod:
    require(actor, Permission.RETENTION_MANAGE)
    retention_check(record_type=record_type, amount=amount, unit=unit)
    source = source.strip()
    if not source:
        raise PrivacyInputError(
            _("Schrijf op waar de termijn op rust, of 'Lokale instelling'."), field="source"
        )
    row, _created = RetentionPeriod.objects.select_for_update().get_or_create(
        municipality=actor.municipality,
        record_type=record_type,
        defaults={"amount": amount, "unit": unit, "source": source, "changed_by": actor},
    )
    row.amount, row.unit, row.source, row.changed_by = amount, unit, source, actor
    row.save()
    return row


IDENTITY_FIELDS = ("given_names", "surname_prefix", "surname", "birth_date")


@transaction.atomic
def identity_correct(
    *,
    actor: User,
    person_id: int,
    given_names: str,
    surname_prefix: str,
    surname: str,
    birth_date: date,
    reason: str,
) -> Correction:
    """Put a person's name or birth date right (AVG art. 16); the old value stays in the record."""
    require(actor, Permission.PERSONAL_DATA_REQUESTS)
    if not reason.strip():
        raise PrivacyInputError(_("Schrijf op waarom dit verbeterd wordt."), field="reason")
    if not given_names.strip() or not surname.strip():
        raise PrivacyInputError(_("Voornamen en achternaam zijn verplicht."), field="surname")
    if birth_date > timezone.localdate():
        raise PrivacyInputError(
            _("Een geboortedatum kan niet in de toekomst liggen."), field="birth_date"
        )
    person = inspection.person_open(
        actor=actor,
        person_id=person_id,
        shown=_("Naam of geboortedatum verbeterd"),
        action=AccessLogEntry.Action.CHANGE,
        purpose=PURPOSES["rectification"],
    )
    identity = getattr(person, "identity", None)
    if identity is None:
        raise PrivacyInputError(
            _("Van deze persoon zijn geen naam en geboortedatum vastgelegd."), field="surname"
        )
    wanted = {
        "given_names": given_names.strip(),
        "surname_prefix": surname_prefix.strip(),
        "surname": surname.strip(),
        "birth_date": birth_date,
    }
    changes = {
        name: [str(getattr(identity, name)), str(value)]
        for name, value in wanted.items()
        if getattr(identity, name) != value
    }
    if not changes:
        raise PrivacyInputError(_("Er is niets veranderd."), field="surname")
    for name, value in wanted.items():
        setattr(identity, name, value)
    identity.save()
    if "birth_date" in changes:
        # The month of birth outside the identity table follows (the transition-to-18 rule).
        person.birth_month = birth_date.replace(day=1)
        person.save(update_fields=["birth_month", "updated_at"])
    return Correction.objects.create(
        municipality=person.municipality,
        person=person,
        kind=Correction.Kind.IDENTITY,
        changes=changes,
        reason=reason.strip(),
        corrected_by=actor,
    )


@transaction.atomic
def signal_contest(
    *, actor: User, person_id: int, signal_id: int, kind: str, reason: str
) -> Correction:
    """Mark a signal about this person as contested or withdrawn, with the reason."""
    require(actor, Permission.PERSONAL_DATA_REQUESTS)
    if kind not in (Correction.Kind.CONTESTED, Correction.Kind.WITHDRAWN):
        raise PrivacyInputError(_("Kies betwist of ingetrokken."), field="kind")
    if not reason.strip():
        raise PrivacyInputError(_("Schrijf op waarom."), field="reason")
    person = inspection.person_open(
        actor=actor,
        person_id=person_id,
        shown=_("Signaal betwist of ingetrokken"),
        action=AccessLogEntry.Action.CHANGE,
        purpose=PURPOSES["rectification"],
    )
    signal = inspection.signal_concerns(person=person, signal_id=signal_id)
    if signal is None:
        raise PrivacyInputError(_("Dit signaal hoort niet bij deze persoon."), field="signal")
    if Correction.objects.filter(signal=signal, kind=Correction.Kind.WITHDRAWN).exists():
        raise PrivacyInputError(_("Dit signaal is al ingetrokken."), field="kind")
    if kind == Correction.Kind.WITHDRAWN:
        # The rules read this column: a withdrawn signal counts for none of them any more.
        Signal.objects.filter(pk=signal.pk).update(withdrawn_on=timezone.localdate())
        # Open alerts that used it are weighed again once this is committed. An unmatched
        # signal (no household yet) counts for no rule, so there is nothing to weigh again.
        municipality_id, household_id = signal.municipality_id, signal.household_id
        if household_id is not None:
            transaction.on_commit(
                lambda: households_touched(
                    municipality_id=municipality_id,
                    household_ids=[household_id],
                    changed="withdrawn",
                ),
                robust=True,
            )
    return Correction.objects.create(
        municipality=person.municipality,
        person=person,
        signal=signal,
        kind=kind,
        reason=reason.strip(),
        corrected_by=actor,
    )


def export_logged(*, actor: User, person_id: int, fmt: str) -> Person:
    """Open the person for a download of their data, logged as an export."""
    person: Person = inspection.person_open(
        actor=actor,
        person_id=person_id,
        shown=_("Alle gegevens gedownload (%(format)s)") % {"format": fmt.upper()},
        action=AccessLogEntry.Action.EXPORT,
    )
    return person


# Inspection requests (AVG art. 15) -----------------------------------------------------------


def months_after(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day (31 jan ->
    28 feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def deadline_for(received_on: date) -> date:
    """The answer is due within one month of receipt (AVG art. 12(3))."""
    return months_after(received_on, 1)


@transaction.atomic
def inspection_request_register(
    *,
    actor: User,
    bsn: str,
    received_on: date,
    deadline_on: date | None = None,
    note: str = "",
) -> InspectionRequest:
    """Write down a resident's inspection request. The person is found by BSN through the
    logged door (purpose: inspection request); the BSN itself is not kept."""
    require(actor, Permission.PERSONAL_DATA_REQUESTS)
    today = timezone.localdate()
    if received_on > today:
        raise PrivacyInputError(
            _("De datum van ontvangst kan niet in de toekomst liggen."), field="received_on"
        )
    deadline = deadline_on or deadline_for(received_on)
    if deadline < received_on:
        raise PrivacyInputError(
            _("De uiterste datum ligt vóór de datum van ontvangst."), field="deadline_on"
        )
    if deadline > months_after(received_on, 3):
        raise PrivacyInputError(
            _(
                "De uiterste datum ligt te laat. De AVG geeft een maand, en met een goede "
                "reden hoogstens twee maanden extra: niet later dan %(day)s."
            )
            % {"day": months_after(received_on, 3).strftime("%d-%m-%Y")},
            field="deadline_on",
        )
    try:
        person = inspection.person_find_by_bsn(actor=actor, bsn=bsn)
    except inspection.InspectionInputError as exc:
        raise PrivacyInputError(str(exc), field="bsn") from exc
    if InspectionRequest.objects.filter(
        person=person, status=InspectionRequest.Status.OPEN
    ).exists():
        raise PrivacyInputError(
            _("Voor deze inwoner staat al een open inzageverzoek. Handel dat eerst af."),
            field="bsn",
        )
    return InspectionRequest.objects.create(
        municipality=person.municipality,
        person=person,
        received_on=received_on,
        deadline_on=deadline,
        note=note.strip()[:500],
        registered_by=actor,
    )


@transaction.atomic
def inspection_request_handle(
    *, actor: User, request_id: int, handled_note: str
) -> InspectionRequest:
    """Mark an open inspection request as handled today, by the actor, with how it was
    answered."""
    require(actor, Permission.PERSONAL_DATA_REQUESTS)
    request = (
        InspectionRequest.objects.select_for_update()
        .filter(municipality=actor.municipality, pk=request_id)
        .first()
    )
    if request is None:
        raise PrivacyInputError(_("Dit inzageverzoek bestaat niet."))
    if request.status != InspectionRequest.Status.OPEN:
        raise PrivacyInputError(_("Dit inzageverzoek is al afgehandeld."))
    if not handled_note.strip():
        raise PrivacyInputError(
            _("Schrijf op hoe de vraag om inzage is beantwoord."), field="handled_note"
        )
    request.status = InspectionRequest.Status.HANDLED
    request.handled_on = timezone.localdate()
    request.handled_by = actor
    request.handled_note = handled_note.strip()[:300]
    request.save()
    return request
