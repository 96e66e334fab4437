"""The one door to personal data: every read of a household or person goes through here.

It looks inside the actor's municipality, checks role and team, answers the same 404 for "does
not exist" and "not yours", and writes the access-log row (NEN 7513, `stabiel.core.access`) in
the same transaction.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from stabiel.accounts import scope
from stabiel.accounts.policy import Permission, may
from stabiel.core.access import log_access

from . import pseudonyms
from .models import Household, HouseholdAddress, Membership, Person, PersonIdentity


def team_area_filter(actor: Any, prefix: str = "") -> Q:
    """Rows whose household lies in an area (or a neighbourhood of a district) of the actor's teams."""
    return Q(**{f"{prefix}area_id__in": scope.area_ids(actor)})


def households_visible_to(actor: Any) -> QuerySet[Household]:
    """Households the actor may see. For lists and counts; opening one still goes through access_."""
    if not may(actor, Permission.CASES_WORK):
        return Household.objects.none()
    return Household.objects.filter(team_area_filter(actor), municipality=actor.municipality)


def households_searchable_by(actor: Any) -> QuerySet[Household]:
    """What a worker may find and open by name: the households in their teams' areas, and the
    households of open cases where they are case or process lead (a lead keeps following a
    household that moved out of the team's areas). `cases` is reached by its relation name only:
    residents imports no execution app above it."""
    if not may(actor, Permission.CASES_WORK):
        return Household.objects.none()
    leads = Q(cases__status="open") & (Q(cases__case_lead=actor) | Q(cases__process_lead=actor))
    return Household.objects.filter(
        team_area_filter(actor) | leads, municipality=actor.municipality
    ).distinct()


def access_household_by_id(
    *, actor: Any, household_id: int, purpose: str, shown: str, action: str = "view"
) -> Household:
    if not purpose.strip():
        raise ValueError("a purpose is required to open a household")
    household = households_visible_to(actor).filter(pk=household_id).first()
    if household is None:
        log_refused(
            actor=actor,
            household=Household.objects.filter(pk=household_id).first(),
            shown=shown,
            purpose=purpose,
        )
        raise Http404
    log_access(actor=actor, household=household, action=action, shown=shown, purpose=purpose)
    return household


def access_person_by_id(
    *, actor: Any, person_id: int, purpose: str, shown: str, action: str = "view"
) -> Person:
    if not purpose.strip():
        raise ValueError("a purpose is required to open a person")
    visible = households_visible_to(actor)
    person = Person.objects.filter(
        municipality=actor.municipality,
        pk=person_id,
        memberships__end_on__isnull=True,
        memberships__household__in=visible,
    ).first()
    if person is None:
        log_refused(
            actor=actor,
            person=Person.objects.filter(pk=person_id).first(),
            shown=shown,
            purpose=purpose,
        )
        raise Http404
    log_access(actor=actor, person=person, action=action, shown=shown, purpose=purpose)
    return person


def access_person_for_request(
    *,
    actor: Any,
    purpose: str,
    shown: str,
    person_id: int | None = None,
    pseudonym: str | None = None,
    action: str = "view",
) -> Person | None:
    """The door for a resident's own request (inspection, correction; AVG art. 15 and 16): the
    privacy officer works for the whole municipality, not for a team, so the team check is the
    permission for personal-data requests instead. By id (None if not in the municipality) or
    by BSN pseudonym (None if Stabiel holds nobody with it). Logged when found."""
    if not purpose.strip():
        raise ValueError("a purpose is required to open a person")
    if not may(actor, Permission.PERSONAL_DATA_REQUESTS):
        raise PermissionDenied
    if (person_id is None) == (pseudonym is None):
        raise ValueError("give a person id or a pseudonym")
    found = Person.objects.filter(municipality=actor.municipality).select_related("identity")
    if person_id is not None:
        found = found.filter(pk=person_id)
    else:
        found = found.filter(pseudonym=pseudonym)
    person = found.first()
    if person is not None:
        log_access(actor=actor, person=person, action=action, shown=shown, purpose=purpose)
    return person


def person_memberships(*, person: Person) -> list[Membership]:
    """Where a person opened through the door lived, with the addresses, oldest first (the
    inspection export shows them to the person themself)."""
    return list(
        Membership.objects.filter(person=person)
        .select_related("household__address")
        .order_by("start_on")
    )


def log_refused(
    *, actor: Any, shown: str, purpose: str, household: Any = None, person: Any = None
) -> None:
    """Keep an attempt to open a household or person the actor may not see (issue 13).

    Nothing is written for an id that does not exist. The row goes to the log of the
    municipality whose resident it is, with the label, so its privacy officer sees who tried;
    an attempt across municipalities also goes to the actor's own log, without the label."""
    subject = household or person
    if subject is None or not getattr(actor, "municipality_id", None):
        return
    text = str(shown)[:150]
    if subject.municipality_id == actor.municipality_id:
        log_access(
            actor=actor,
            household=household,
            person=person,
            action="refused",
            shown=f"Niet geopend (buiten de gebieden van het team): {text}",
            purpose=purpose,
        )
        return
    log_access(
        actor=actor,
        household=household,
        person=person,
        action="refused",
        shown=f"Niet geopend (van een andere gemeente): {text}",
        purpose=purpose,
        municipality=subject.municipality,
    )
    log_access(
        actor=actor,
        action="refused",
        shown=f"Niet geopend: huishouden of persoon van een andere gemeente: {text}",
        purpose=purpose,
    )


# Why someone opens a household. Asked every time; stored in the access log (NEN 7513 'doel').
PURPOSES = {
    "triage": _("Melding beoordelen"),
    "visit": _("Huisbezoek voorbereiden"),
    "plan": _("Plan met het huishouden maken of bijwerken"),
    "followup": _("Opvolging en nazorg"),
    "meeting": _("Casusoverleg voorbereiden"),
    "inspection": _("Inzageverzoek van de inwoner"),
    "rectification": _("Correctieverzoek van de inwoner"),
    "letters": _("Post via een ondersteuner regelen"),
    "earlywarning": _("Vroegsignaal over een betalingsachterstand oppakken"),
    "unmatched": _("Signaal over een nog onbekende bewoner koppelen"),
    "turning18": _("Jongeren die 18 worden uitnodigen"),
}


# Who and where: names, birth dates, address, phone and e-mail --------------------------------


@dataclass(frozen=True)
class MemberIdentity:
    """One current member of a household as the worker sees them after giving a purpose."""

    person_id: int
    label: str
    given_names: str
    surname_prefix: str
    surname: str
    birth_date: date
    phone: str
    email: str
    in_register: bool

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


@dataclass(frozen=True)
class HouseholdIdentity:
    """Who lives in a household and where: what a visit or a letter needs, nothing more."""

    household_id: int
    label: str
    address_kind: str
    street: str
    house_number: str
    postcode: str
    city: str
    members: tuple[MemberIdentity, ...]

    @property
    def address_line(self) -> str:
        """'Dorpsstraat 12A-2, 3701 AB Zeist', or '' for a resident without a fixed address."""
        if not self.street:
            return ""
        postcode = f"{self.postcode[:4]} {self.postcode[4:]}" if len(self.postcode) == 6 else ""
        return f"{self.street} {self.house_number}, {postcode} {self.city}".replace("  ", " ")


def _house_number(address: HouseholdAddress) -> str:
    extra = f"-{address.house_number_addition}" if address.house_number_addition else ""
    return f"{address.house_number}{address.house_letter}{extra}"


def _identities(households: list[Household]) -> list[HouseholdIdentity]:
    """Names and addresses of these households in three queries; nothing is logged here."""
    ids = [h.pk for h in households]
    addresses = {a.household_id: a for a in HouseholdAddress.objects.filter(household_id__in=ids)}
    members: dict[int, list[MemberIdentity]] = {pk: [] for pk in ids}
    memberships = (
        Membership.objects.filter(household_id__in=ids, end_on__isnull=True)
        .select_related("person__identity", "person__contact")
        .order_by("person__identity__birth_date", "person_id")
    )
    for membership in memberships:
        person = membership.person
        identity = getattr(person, "identity", None)
        if identity is None:
            continue
        contact = getattr(person, "contact", None)
        members[membership.household_id].append(
            MemberIdentity(
                person_id=person.pk,
                label=person.label,
                given_names=identity.given_names,
                surname_prefix=identity.surname_prefix,
                surname=identity.surname,
                birth_date=identity.birth_date,
                phone=contact.phone if contact else "",
                email=contact.email if contact else "",
                in_register=identity.in_register,
            )
        )
    found = []
    for household in households:
        address = addresses.get(household.pk)
        found.append(
            HouseholdIdentity(
                household_id=household.pk,
                label=household.label,
                address_kind=household.address_kind,
                street=address.street if address else "",
                house_number=_house_number(address) if address else "",
                postcode=address.postcode if address else "",
                city=address.city if address else "",
                members=tuple(members[household.pk]),
            )
        )
    return found


def household_identity_get(
    *,
    actor: Any,
    household_id: int,
    purpose: str,
    shown: str = "namen, geboortedata en adres",
    action: str = "view",
) -> HouseholdIdentity:
    """Names, birth dates, address, phone and e-mail of one household, for a stated purpose.

    The one way to show who lives where (the household page, letters): checks the actor's teams
    (or their open cases as lead), answers 404 for "missing" and "not yours" alike, and logs who,
    when, what and why before anything is returned (`action` "export" when it goes on paper).
    """
    if not str(purpose).strip():
        raise ValueError("a purpose is required to see who lives in a household")
    household = households_searchable_by(actor).filter(pk=household_id).first()
    if household is None:
        log_refused(
            actor=actor,
            household=Household.objects.filter(pk=household_id).first(),
            shown=shown,
            purpose=purpose,
        )
        raise Http404
    log_access(actor=actor, household=household, action=action, shown=shown, purpose=purpose)
    return _identities([household])[0]


@dataclass(frozen=True)
class SearchTerms:
    """What a worker searches by, each already parsed (`residents.identities`); empty = unused.
    Person terms (surname, birth date, BSN) must hold for one current member; address terms and
    the label for the household."""

    surname: str = ""
    birth_date: date | None = None
    postcode: str = ""
    house_number: str = ""
    bsn: str = ""
    label: str = ""

    def used(self) -> list[str]:
        """The kinds of terms given, in Dutch words for the access log (never the values)."""
        names = {
            "surname": "achternaam",
            "birth_date": "geboortedatum",
            "postcode": "postcode",
            "house_number": "huisnummer",
            "bsn": "BSN",
            "label": "kenmerk",
        }
        return [dutch for field, dutch in names.items() if getattr(self, field)]


SEARCH_LIMIT = 25


@dataclass(frozen=True)
class SearchResult:
    households: tuple[HouseholdIdentity, ...]
    more: bool  # more than SEARCH_LIMIT matched: the worker should narrow the search


_NUMBER_ONLY = re.compile(r"[1-9][0-9]{0,4}")


def _search_filter(terms: SearchTerms) -> Q:
    condition = Q()
    person_q = Q()
    if terms.bsn:
        person_q &= Q(person__pseudonym=pseudonyms.person_pseudonym(terms.bsn))
    if terms.surname:
        # 'Vries' and 'de Vries' both find Jan de Vries; exact words, no patterns.
        surname = " ".join(terms.surname.split())
        person_q &= Q(surname__iexact=surname) | Q(full_surname__iexact=surname)
    if terms.birth_date:
        person_q &= Q(birth_date=terms.birth_date)
    if person_q:
        people = (
            PersonIdentity.objects.annotate(
                full_surname=Concat("surname_prefix", Value(" "), "surname")
            )
            .filter(person_q)
            .values("person_id")
        )
        condition &= Q(
            pk__in=Membership.objects.filter(person_id__in=people, end_on__isnull=True).values(
                "household_id"
            )
        )
    if terms.postcode:
        condition &= Q(address__postcode=terms.postcode)
        if terms.house_number and _NUMBER_ONLY.fullmatch(terms.house_number):
            # '12' finds 12, 12A and 12-2: the worker may not know the letter.
            number = terms.house_number
            condition &= Q(address__house_number=number) | Q(
                address__house_number__regex=rf"^{number}[^0-9]"
            )
        elif terms.house_number:
            condition &= Q(
                pseudonym=pseudonyms.address_pseudonym(terms.postcode, terms.house_number)
            )
    if terms.label:
        condition &= Q(label__iexact=terms.label)
    return condition


def households_search(*, actor: Any, purpose: str, terms: SearchTerms) -> SearchResult:
    """Find households by who lives there or where, within what the actor may see, for a stated
    purpose. Logs the search (which kinds of terms, how many found: never the values) and every
    household shown in the results."""
    if not str(purpose).strip():
        raise ValueError("a purpose is required to search households")
    if not terms.used():
        raise ValueError("search with at least one term")
    found = list(
        households_searchable_by(actor)
        .filter(_search_filter(terms))
        .order_by("label")[: SEARCH_LIMIT + 1]
    )
    more = len(found) > SEARCH_LIMIT
    found = found[:SEARCH_LIMIT]
    log_access(
        actor=actor,
        action="view",
        shown=f"Zoeken op {', '.join(terms.used())}: {len(found)}{'+' if more else ''} gevonden",
        purpose=purpose,
    )
    for household in found:
        log_access(
            actor=actor,
            household=household,
            action="view",
            shown="zoekresultaat: namen, geboortedata en adres",
            purpose=purpose,
        )
    return SearchResult(households=tuple(_identities(found)), more=more)


# Young people who turn 18 ----------------------------------------------------------------------

ADULT_AGE = 18


def turns_18_on(birth_date: date) -> date:
    """The day a person born on `birth_date` turns 18 (29 February: 28 February)."""
    return birth_date + relativedelta(years=ADULT_AGE)


@dataclass(frozen=True)
class TurningEighteen:
    """A young person on the list: who, where, and the day they turn 18."""

    person_id: int
    label: str
    household_id: int
    household_label: str
    full_name: str
    birth_date: date
    turns_18_on: date
    address_line: str


def _turning_18_rows(actor: Any, start: date, end: date) -> QuerySet[Membership]:
    """Current memberships, in the actor's team areas only (not the households of cases they
    lead elsewhere), of living persons from the register born in the period minus 18 years, a
    day wider on each side for 29 February (the exact day is checked in Python)."""
    born_from = start - relativedelta(years=ADULT_AGE) - timedelta(days=1)
    born_to = end - relativedelta(years=ADULT_AGE) + timedelta(days=1)
    return Membership.objects.filter(
        end_on__isnull=True,
        household__in=households_visible_to(actor),
        person__municipality=actor.municipality,
        person__identity__birth_date__range=(born_from, born_to),
        person__identity__died_on__isnull=True,
        person__identity__in_register=True,
    )


def turning_18_count(*, actor: Any, start: date, end: date) -> int:
    """How many young people in the actor's team areas turn 18 from `start` to `end`. A count
    only: nobody is shown, so nothing goes into the access log (the caller keeps the count)."""
    births = _turning_18_rows(actor, start, end).values_list(
        "person__identity__birth_date", flat=True
    )
    return sum(1 for birth in births if start <= turns_18_on(birth) <= end)


def turning_18_list_read(
    *,
    actor: Any,
    start: date,
    end: date,
    purpose: str,
    person_ids: Iterable[int] | None = None,
    action: str = "view",
) -> list[TurningEighteen]:
    """Names, birth dates and addresses of the young people in the actor's team areas who turn
    18 from `start` to `end` (issue 20, part 5), for a stated purpose. Deceased residents and
    residents who moved away (no current membership) are left out, and so are residents an
    access worker added who are not in the register. `person_ids` narrows it to a selection.
    Logs what was asked (the period and how many, never names) and every young person shown."""
    if not str(purpose).strip():
        raise ValueError("a purpose is required to see who turns 18")
    rows = _turning_18_rows(actor, start, end)
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    found = []
    households: dict[int, Household] = {}
    persons: dict[int, Person] = {}
    for membership in rows.select_related("person__identity", "household__address"):
        identity = membership.person.identity
        birthday = turns_18_on(identity.birth_date)
        if not start <= birthday <= end:
            continue
        household = membership.household
        address = getattr(household, "address", None)
        households[household.pk] = household
        persons[membership.person_id] = membership.person
        found.append(
            TurningEighteen(
                person_id=membership.person_id,
                label=membership.person.label,
                household_id=household.pk,
                household_label=household.label,
                full_name=identity.full_name,
                birth_date=identity.birth_date,
                turns_18_on=birthday,
                address_line=_identities_address_line(household, address),
            )
        )
    found.sort(key=lambda young: (young.turns_18_on, young.full_name, young.person_id))
    log_access(
        actor=actor,
        action=action,
        shown=f"Lijst jongeren die 18 worden, {start:%d-%m-%Y} tot en met {end:%d-%m-%Y}: "
        f"{len(found)} gevonden",
        purpose=purpose,
    )
    for young in found:
        log_access(
            actor=actor,
            household=households[young.household_id],
            person=persons[young.person_id],
            action=action,
            shown="lijst jongeren die 18 worden: naam, geboortedatum en adres",
            purpose=purpose,
        )
    return found


def _identities_address_line(household: Household, address: HouseholdAddress | None) -> str:
    if address is None:
        return ""
    identity = HouseholdIdentity(
        household_id=household.pk,
        label=household.label,
        address_kind=household.address_kind,
        street=address.street,
        house_number=_house_number(address),
        postcode=address.postcode,
        city=address.city,
        members=(),
    )
    return identity.address_line
