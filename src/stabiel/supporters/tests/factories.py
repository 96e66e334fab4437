"""Households with named members for the supporter and meeting tests."""

import itertools
from datetime import date

from stabiel.accounts.tests.factories import AreaFactory
from stabiel.residents.services import household_register, person_register

_serial = itertools.count(20_000_000)


def valid_bsn() -> str:
    """A fresh BSN that passes the eleven-test."""
    while True:
        head = f"{next(_serial):08d}"
        total = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            return head + str(check)


_postcodes = itertools.count(1)


def household_with(municipality, *, area=None, people=(("Jan", "van der", "Berg"),)):
    """One household with the given (given names, prefix, surname) members."""
    area = area or AreaFactory(municipality=municipality, neighbourhood=True)
    number = next(_postcodes)
    household = household_register(
        municipality=municipality,
        street="Lindelaan",
        house_number=str(number),
        postcode=f"38{number % 100:02d}CD",
        city="Zeist",
        area=area,
    )
    persons = [
        person_register(
            municipality=municipality,
            bsn=valid_bsn(),
            given_names=given,
            surname_prefix=prefix,
            surname=surname,
            birth_date=date(1975, 5, 5),
            household=household,
            since=date(2020, 1, 1),
        )
        for given, prefix, surname in people
    ]
    return household, persons
