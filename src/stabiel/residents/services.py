"""Writes on households and persons: who lives where, with history kept."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.models import Area, Municipality

from . import identities, pseudonyms
from .models import Household, HouseholdAddress, Membership, Person, PersonIdentity


class ResidentInputError(ValueError):
    """Input that cannot be stored; the message is plain Dutch and safe to show."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# Population (from the municipality's register) ---------------------------------------------


@transaction.atomic
def household_register(
    *,
    municipality: Municipality,
    street: str,
    house_number: str,
    postcode: str,
    city: str,
    area: Area | None = None,
) -> Household:
    pseudonym = pseudonyms.address_pseudonym(postcode, house_number)
    household, created = Household.objects.get_or_create(
        municipality=municipality,
        pseudonym=pseudonym,
        defaults={"label": pseudonyms.label_for(pseudonym, "HH"), "area": area},
    )
    if created:
        HouseholdAddress.objects.create(
            household=household,
            street=street,
            house_number=house_number,
            postcode=pseudonyms.normalise_postcode(postcode),
            city=city,
        )
    return household


@transaction.atomic
def person_register(
    *,
    municipality: Municipality,
    bsn: str,
    given_names: str,
    surname: str,
    birth_date: date,
    household: Household,
    since: date,
    surname_prefix: str = "",
) -> Person:
    try:
        bsn = identities.bsn_parse(bsn)
    except identities.IdentityError as error:
        raise ResidentInputError(str(error), field="bsn") from error
    pseudonym = pseudonyms.person_pseudonym(bsn)
    person, created = Person.objects.get_or_create(
        municipality=municipality,
        pseudonym=pseudonym,
        defaults={
            "label": pseudonyms.label_for(pseudonym, "P"),
            "birth_month": birth_date.replace(day=1),
        },
    )
    if created:
        PersonIdentity.objects.create(
            person=person,
            bsn=pseudonyms.normalise_bsn(bsn),
            given_names=given_names,
            surname_prefix=surname_prefix,
            surname=surname,
            birth_date=birth_date,
        )
    person_move(person=person, household=household, on=since)
    return person


@transaction.atomic
def person_move(*, person: Person, household: Household, on: date) -> Membership:
    """A person moves into a household (a new address, or joining another): history is kept."""
    if household.municipality_id != person.municipality_id:
        raise PermissionError("household of another municipality")
    current = (
        Membership.objects.select_for_update().filter(person=person, end_on__isnull=True).first()
    )
    if current and current.household_id == household.pk:
        return current
    if current:
        if on < current.start_on:
            raise ResidentInputError(
                _("Een verhuizing kan niet vóór de vorige verhuizing liggen."), field="on"
            )
        current.end_on = on
        current.save(update_fields=["end_on", "updated_at"])
    return Membership.objects.create(person=person, household=household, start_on=on)


@transaction.atomic
def person_leave(*, person: Person, on: date) -> None:
    """A member leaves (moves out of the municipality, dies): the membership ends, history stays."""
    Membership.objects.filter(person=person, end_on__isnull=True).update(
        end_on=on, updated_at=timezone.now()
    )


@transaction.atomic
def households_merge(*, absorbed: Household, into: Household, on: date) -> Household:
    """Two households become one: members move, signals and decisions stay where they were made
    (history), and the absorbed household points at the one it joined."""
    if absorbed.pk == into.pk or absorbed.municipality_id != into.municipality_id:
        raise ResidentInputError(_("Kies twee verschillende huishoudens van dezelfde gemeente."))
    for membership in Membership.objects.filter(
        household=absorbed, end_on__isnull=True
    ).select_related("person"):
        person_move(person=membership.person, household=into, on=on)
    absorbed.merged_into = into
    absorbed.merged_on = on
    absorbed.save(update_fields=["merged_into", "merged_on", "updated_at"])
    return into
