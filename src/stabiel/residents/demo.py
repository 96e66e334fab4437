"""The fictitious demo population: households, addresses, persons, identities, memberships.

Deterministic for a given random generator (the demo loader passes its seeded one). BSNs pass
the eleven-test but are generated, names are invented. The residents app writes its own tables
here; signals and decisions of the demo are made by the signals app on top of this.
"""

import random
from datetime import date, timedelta

from stabiel.accounts.models import Area, Municipality

from . import pseudonyms
from .models import Household, HouseholdAddress, Membership, Person, PersonIdentity

GIVEN = [
    "Anna",
    "Mohamed",
    "Sanne",
    "Daan",
    "Fatima",
    "Lucas",
    "Emma",
    "Noah",
    "Aylin",
    "Sem",
    "Julia",
    "Milan",
    "Yara",
    "Thijs",
    "Sara",
    "Bram",
]
SURNAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("", "Yilmaz"),
    ("", "Visser"),
    ("", "Smit"),
    ("de", "Jong"),
    ("", "El Amrani"),
    ("van", "Dijk"),
    ("", "Mulder"),
    ("", "Bos"),
]
STREETS = [
    "Slotlaan",
    "Utrechtseweg",
    "Laan van Vollenhove",
    "Kerckeboschlaan",
    "Dolderseweg",
    "Oude Arnhemseweg",
    "Jagerlaan",
    "Bergweg",
]


def generated_bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        if digits[0] == 0:
            continue
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last <= 9:
            return "".join(map(str, digits)) + str(last)


def demo_population_create(
    *, municipality: Municipality, today: date, size: int, rng: random.Random
) -> tuple[list[Household], dict[int, list[Person]]]:
    """`size` households spread over the municipality's neighbourhoods; returns them and their
    members by household id. Trusted write for the demo loader only."""
    neighbourhoods = list(
        Area.objects.filter(municipality=municipality, kind=Area.Kind.NEIGHBOURHOOD)
    )
    seen_bsn = set()
    households, addresses, persons, identities, members = [], [], [], [], []
    for i in range(size):
        postcode = f"37{rng.randint(0, 99):02d}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}"
        number = str(i + 1)
        pseudonym = pseudonyms.address_pseudonym(postcode, number)
        household = Household(
            municipality=municipality,
            pseudonym=pseudonym,
            label=pseudonyms.label_for(pseudonym, "HH"),
            area=rng.choice(neighbourhoods),
        )
        households.append(household)
        addresses.append(
            (
                household,
                HouseholdAddress(
                    street=rng.choice(STREETS),
                    house_number=number,
                    postcode=postcode,
                    city=municipality.name,
                ),
            )
        )
    Household.objects.bulk_create(households, batch_size=1000)
    for household, address in addresses:
        address.household = household  # saved now: it has its id
    HouseholdAddress.objects.bulk_create([a for _h, a in addresses], batch_size=1000)
    for household in households:
        prefix, surname = rng.choice(SURNAMES)
        for member in range(rng.choice([1, 1, 2, 2, 3, 4])):
            bsn = generated_bsn(rng)
            while bsn in seen_bsn:
                bsn = generated_bsn(rng)
            seen_bsn.add(bsn)
            age = rng.randint(25, 80) if member < 2 else rng.randint(0, 17)
            birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
            pseudonym = pseudonyms.person_pseudonym(bsn)
            person = Person(
                municipality=municipality,
                pseudonym=pseudonym,
                label=pseudonyms.label_for(pseudonym, "P"),
                birth_month=birth.replace(day=1),
            )
            persons.append(person)
            identities.append(
                (
                    person,
                    PersonIdentity(
                        bsn=bsn,
                        given_names=rng.choice(GIVEN),
                        surname_prefix=prefix,
                        surname=surname,
                        birth_date=birth,
                    ),
                )
            )
            members.append((person, household))
    Person.objects.bulk_create(persons, batch_size=1000)
    for person, identity in identities:
        identity.person = person
    PersonIdentity.objects.bulk_create([i for _p, i in identities], batch_size=1000)
    Membership.objects.bulk_create(
        [
            Membership(
                person=p,
                household=h,
                start_on=today - timedelta(days=rng.randint(30, 4000)),
            )
            for p, h in members
        ],
        batch_size=1000,
    )
    by_household: dict[int, list[Person]] = {}
    for person, household in members:
        by_household.setdefault(household.pk, []).append(person)
    return households, by_household


def demo_population_present(*, municipality: Municipality) -> bool:
    """Whether the municipality has households already (the demo fills it once)."""
    return Household.objects.filter(municipality=municipality).exists()


def demo_resident_bsns(*, household_ids: list[int]) -> list[str]:
    """The BSN of one current resident of each of these demo households, in the order given:
    what a demo privacy officer types to find a (fictitious) resident for a request."""
    found: list[str] = []
    for household_id in household_ids:
        membership = (
            Membership.objects.filter(
                household_id=household_id, end_on__isnull=True, person__identity__isnull=False
            )
            .select_related("person__identity")
            .order_by("pk")
            .first()
        )
        if membership is not None and membership.person.identity.bsn not in found:
            found.append(membership.person.identity.bsn)
    return found
