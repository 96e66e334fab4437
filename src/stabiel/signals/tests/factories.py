"""Test data for the execution side: a small population with known BSNs and addresses."""

from dataclasses import dataclass
from datetime import date

from stabiel.accounts.models import Area
from stabiel.accounts.tests.factories import AreaFactory
from stabiel.residents.services import household_register, person_register

# BSNs that pass the eleven-test
BSNS = [
    "111222333",
    "123456782",
    "100000009",
    "100000010",
    "100000022",
    "100000034",
    "100000046",
    "100000058",
]


@dataclass
class Population:
    area: Area
    households: list
    persons: list
    addresses: list[tuple[str, str]]


def population(municipality, *, households: int = 4, area: Area | None = None) -> Population:
    area = area or AreaFactory(municipality=municipality, neighbourhood=True)
    made, persons, addresses = [], [], []
    for index in range(households):
        postcode, number = f"37{index:02d}AB", str(index + 1)
        household = household_register(
            municipality=municipality,
            street="Dorpsstraat",
            house_number=number,
            postcode=postcode,
            city="Zeist",
            area=area,
        )
        person = person_register(
            municipality=municipality,
            bsn=BSNS[index],
            given_names="Test",
            surname=f"Bewoner {index}",
            birth_date=date(1980, 1, 1),
            household=household,
            since=date(2020, 1, 1),
        )
        made.append(household)
        persons.append(person)
        addresses.append((postcode, number))
    return Population(area, made, persons, addresses)
