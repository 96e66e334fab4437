"""Writes for supporter marks: checked, then stored in one transaction with an access-log row."""

import re
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from stabiel.core.access import log_access

from .members import current_members
from .models import SupporterMark

# Zeist (VNG, Stop het stapelen, 2022) agreed half a year; a team can choose another end date.
DEFAULT_PERIOD = relativedelta(months=6)


class SupporterInputError(ValueError):
    """Input that cannot be stored; the message is plain Dutch."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def default_end(start_on: date) -> date:
    return start_on + DEFAULT_PERIOD


_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})")


def postal_address_clean(*, street: str, postcode: str, city: str) -> tuple[str, str, str]:
    """The supporter's postal address, checked and tidied: ('Stationsstraat 4', '3701AB',
    'Zeist'). Letters for the resident are printed with it, so all three parts are needed."""
    street = " ".join((street or "").split())
    city = " ".join((city or "").split())
    match = _POSTCODE.fullmatch((postcode or "").strip())
    if not street:
        raise SupporterInputError(
            "Vul de straat en het huisnummer van de ondersteuner in, of een postbus.",
            field="supporter_street",
        )
    if len(street) > 120 or not any(ch.isdigit() for ch in street):
        raise SupporterInputError(
            "Vul een straat met huisnummer in, zoals Stationsstraat 4, of Postbus 123.",
            field="supporter_street",
        )
    if match is None:
        raise SupporterInputError(
            "Vul een Nederlandse postcode in, zoals 3701 AB.", field="supporter_postcode"
        )
    if not city or len(city) > 80 or any(ch.isdigit() for ch in city):
        raise SupporterInputError(
            "Vul de plaats van de ondersteuner in, zoals Zeist.", field="supporter_city"
        )
    return street, f"{match.group(1)}{match.group(2).upper()}", city


@transaction.atomic
def mark_create(
    *,
    actor,
    household,
    person_id: int,
    supporter_name: str,
    supporter_organisation: str = "",
    supporter_contact: str = "",
    supporter_street: str,
    supporter_postcode: str,
    supporter_city: str,
    reason: str,
    consent: bool,
    consent_on: date,
    start_on: date,
    end_on: date | None = None,
) -> SupporterMark:
    """Mark a member of an opened household. The household must come from the access door."""
    today = timezone.localdate()
    members = {m.person_id: m for m in current_members(household)}
    if person_id not in members:
        raise SupporterInputError("Kies iemand die in dit huishouden woont.", field="person")
    if not consent:
        raise SupporterInputError(
            "Zonder toestemming van de bewoner gaat de post niet via een ondersteuner.",
            field="consent",
        )
    if not supporter_name.strip():
        raise SupporterInputError("Vul de naam van de ondersteuner in.", field="supporter_name")
    street, postcode, city = postal_address_clean(
        street=supporter_street, postcode=supporter_postcode, city=supporter_city
    )
    if not reason.strip():
        raise SupporterInputError("Schrijf kort op waarom dit nodig is.", field="reason")
    if consent_on > today:
        raise SupporterInputError(
            "De toestemming kan niet in de toekomst liggen.", field="consent_on"
        )
    if consent_on > start_on:
        raise SupporterInputError(
            "De toestemming moet er zijn vóórdat de afspraak ingaat.", field="consent_on"
        )
    end_on = end_on or default_end(start_on)
    if end_on <= start_on:
        raise SupporterInputError("De einddatum moet na de begindatum liggen.", field="end_on")
    if end_on < today:
        raise SupporterInputError("De einddatum ligt in het verleden.", field="end_on")
    if end_on > start_on + relativedelta(years=2):
        raise SupporterInputError(
            "Maak de afspraak voor hooguit twee jaar; verleng daarna opnieuw met de bewoner.",
            field="end_on",
        )
    open_marks = list(
        SupporterMark.objects.select_for_update().filter(
            municipality=actor.municipality, person_id=person_id, ended_on__isnull=True
        )
    )
    for mark in open_marks:
        if mark.end_on >= today:
            raise SupporterInputError(
                "Voor deze bewoner loopt al een afspraak. Verleng die of beëindig hem eerst.",
                field="person",
            )
        # Expired on its own: close it so the new one can start.
        mark.ended_on = mark.end_on
        mark.save(update_fields=["ended_on", "updated_at"])
    mark = SupporterMark.objects.create(
        municipality=actor.municipality,
        household=household,
        person_id=person_id,
        supporter_name=supporter_name.strip(),
        supporter_organisation=supporter_organisation.strip(),
        supporter_contact=supporter_contact.strip(),
        supporter_street=street,
        supporter_postcode=postcode,
        supporter_city=city,
        reason=reason.strip(),
        consent_on=consent_on,
        start_on=start_on,
        end_on=end_on,
        created_by=actor,
    )
    log_access(
        actor=actor,
        household=household,
        action="change",
        shown=f"post via ondersteuner vastgelegd voor {members[person_id].label}",
        purpose="Post via een ondersteuner regelen",
    )
    return mark


def _locked(mark: SupporterMark) -> SupporterMark:
    return SupporterMark.objects.select_for_update().get(pk=mark.pk)


@transaction.atomic
def mark_end(*, actor, mark: SupporterMark) -> SupporterMark:
    mark = _locked(mark)
    today = timezone.localdate()
    if mark.ended_on is not None or mark.end_on < today:
        raise SupporterInputError("Deze afspraak is al afgelopen.")
    # A mark that has not started yet ends on its start day (the period constraint needs end>start).
    mark.ended_on = max(today, mark.start_on)
    mark.save(update_fields=["ended_on", "updated_at"])
    log_access(
        actor=actor,
        household=mark.household,
        action="change",
        shown=f"post via ondersteuner beëindigd voor {mark.person.label}",
        purpose="Post via een ondersteuner regelen",
    )
    return mark


@transaction.atomic
def mark_extend(*, actor, mark: SupporterMark, end_on: date, consent: bool) -> SupporterMark:
    mark = _locked(mark)
    today = timezone.localdate()
    if mark.ended_on is not None:
        raise SupporterInputError("Deze afspraak is beëindigd; maak een nieuwe afspraak.")
    if not consent:
        raise SupporterInputError(
            "Vraag de bewoner opnieuw om toestemming voordat u verlengt.", field="consent"
        )
    if end_on <= max(mark.end_on, today):
        raise SupporterInputError(
            "Kies een nieuwe einddatum na de huidige einddatum.", field="end_on"
        )
    if end_on > today + relativedelta(years=2):
        raise SupporterInputError("Verleng met hooguit twee jaar vanaf vandaag.", field="end_on")
    mark.end_on = end_on
    mark.save(update_fields=["end_on", "updated_at"])
    log_access(
        actor=actor,
        household=mark.household,
        action="change",
        shown=f"post via ondersteuner verlengd voor {mark.person.label}",
        purpose="Post via een ondersteuner regelen",
    )
    return mark


@transaction.atomic
def mark_address_set(
    *, actor, mark: SupporterMark, street: str, postcode: str, city: str
) -> SupporterMark:
    """Fill in or correct where the supporter gets post (marks made before it was asked)."""
    mark = _locked(mark)
    street, postcode, city = postal_address_clean(street=street, postcode=postcode, city=city)
    mark.supporter_street, mark.supporter_postcode, mark.supporter_city = street, postcode, city
    mark.save(
        update_fields=["supporter_street", "supporter_postcode", "supporter_city", "updated_at"]
    )
    log_access(
        actor=actor,
        household=mark.household,
        action="change",
        shown=f"postadres van de ondersteuner vastgelegd voor {mark.person.label}",
        purpose="Post via een ondersteuner regelen",
    )
    return mark
