"""Fixtures for the early-warning tests: a population with names, two partners, an importer."""

import io
from dataclasses import dataclass
from datetime import date

import pytest

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, PartnerOrganisationFactory
from stabiel.residents.services import household_register, person_register
from stabiel.signals.importing.pipeline import batch_process
from stabiel.signals.services import batch_create

# name parts with prefixes, accents and a double name, as the register holds them
PEOPLE = [
    ("111222333", "Anna", "van der", "Berg", date(1980, 5, 1), "3701AB", "1"),
    ("123456782", "Özlem", "", "Çelik", date(1975, 2, 3), "3701AB", "3"),
    ("100000009", "Marije", "", "Jansen-de Vries", date(1990, 7, 9), "3702CD", "10"),
    ("100000010", "Piet", "", "Pietersen", date(1960, 1, 1), "3702CD", "12"),
    ("100000022", "Kees", "de", "Groot", date(1985, 3, 3), "3703EF", "5"),
]


@dataclass
class World:
    municipality: object
    area: object
    households: list
    persons: list
    energy: object
    housing: object
    worker: object
    lead: object


@pytest.fixture
def world(catalogue, municipality, make_user, team):
    area = AreaFactory(municipality=municipality, neighbourhood=True)
    team.areas.add(area)
    households, persons = [], []
    for bsn, given, prefix, surname, born, postcode, number in PEOPLE:
        household = household_register(
            municipality=municipality,
            street="Dorpsstraat",
            house_number=number,
            postcode=postcode,
            city="Zeist",
            area=area,
        )
        persons.append(
            person_register(
                municipality=municipality,
                bsn=bsn,
                given_names=given,
                surname_prefix=prefix,
                surname=surname,
                birth_date=born,
                household=household,
                since=date(2020, 1, 1),
            )
        )
        households.append(household)
    return World(
        municipality=municipality,
        area=area,
        households=households,
        persons=persons,
        energy=PartnerOrganisationFactory(municipality=municipality, name="Energiebedrijf"),
        housing=PartnerOrganisationFactory(municipality=municipality, name="Woningcorporatie"),
        worker=make_user(Role.ACCESS_WORKER, teams=[team]),
        lead=make_user(Role.TEAM_LEAD, teams=[team]),
    )


def upload(world, data: bytes, *, partner, filename="levering.csv"):
    receipt = batch_create(
        municipality=world.municipality,
        kind="earlywarning",
        partner=partner,
        uploaded_by=world.worker,
        filename=filename,
        stream=io.BytesIO(data),
        size=len(data),
    )
    if receipt.already_imported:
        return receipt.batch, True
    return batch_process(receipt.batch.pk), False


HEADER = (
    "kenmerk;signaalpartner;bedrag;ontstaansdatum;signaaldatum;crisissignaal;warme_overdracht;"
    "bsn;voorletters;voorvoegsel;achternaam;geboortedatum;straatnaam;postcode;huisnummer;"
    "huisnummertoevoeging;plaatsnaam\n"
)


def row(
    ref,
    *,
    kind="Energie",
    amount="250",
    arose="01-09-2026",
    signalled="01-11-2026",
    bsn="",
    initials="A.",
    prefix="",
    surname="",
    born="",
    postcode="3701AB",
    number="1",
    crisis="nee",
    warm="nee",
):
    return (
        f"{ref};{kind};{amount};{arose};{signalled};{crisis};{warm};{bsn};{initials};{prefix};"
        f"{surname};{born};Dorpsstraat;{postcode};{number};;Zeist\n"
    )


NOW = "2026-11-20 10:00:00+01:00"


@pytest.fixture(autouse=True)
def frozen_time():
    import time_machine

    with time_machine.travel(NOW, tick=False):
        yield
