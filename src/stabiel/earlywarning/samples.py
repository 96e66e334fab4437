"""Sample early-warning files from two partners, made from the demo's own population.

An energy supplier sends a semicolon CSV with its own column names (a ColumnMapping says which
is which), a housing corporation sends the DDAS JSON. Together they give a report with two
creditors at one address; `previous_month` gives an earlier signal for a repeat.
"""

import csv
import io
import json
from datetime import date, timedelta

from stabiel.residents.models import HouseholdAddress, Membership

# The energy supplier's own headers: our field -> their column.
ENERGY_MAPPING = {
    "kenmerk": "klantreferentie",
    "signaalpartner": "type",
    "bedrag": "openstaand bedrag",
    "ontstaansdatum": "eerste vervaldatum",
    "signaaldatum": "meldingsdatum",
    "crisissignaal": "crisis",
    "warme_overdracht": "warm",
    "bsn": "bsn",
    "voorletters": "voorletters",
    "voorvoegsel": "tussenvoegsel",
    "achternaam": "achternaam",
    "geboortedatum": "geboortedatum",
    "straatnaam": "straat",
    "postcode": "postcode",
    "huisnummer": "huisnr",
    "huisnummertoevoeging": "toev",
    "plaatsnaam": "woonplaats",
}


def _people(municipality, count: int, household_ids=None) -> list[tuple]:
    """(address, identity of a current member) for the first households with a member;
    `household_ids` limits them (to the households a demo team works with)."""
    addresses = HouseholdAddress.objects.filter(household__municipality=municipality)
    if household_ids is not None:
        addresses = addresses.filter(household_id__in=list(household_ids))
    addresses = list(addresses.order_by("household_id")[: count * 2])
    identities = {}
    for membership in (
        Membership.objects.filter(
            household_id__in=[a.household_id for a in addresses], end_on__isnull=True
        )
        .select_related("person__identity")
        .order_by("person_id")
    ):
        identities.setdefault(membership.household_id, membership.person.identity)
    found = [(a, identities[a.household_id]) for a in addresses if a.household_id in identities]
    return found[:count]


def energy_csv(
    *, municipality, signalled_on: date, rows: int = 12, extra: int = 40, household_ids=None
) -> bytes:
    """The energy supplier's monthly CSV (Windows-1252, Dutch dates and amounts). `extra` is
    what the arrear grew since last month: 0 gives a repeat that is not picked up again."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(list(ENERGY_MAPPING.values()))
    for index, (address, person) in enumerate(_people(municipality, rows, household_ids)):
        amount = 180 + 35 * index + (extra if index % 4 else 0)
        writer.writerow(
            [
                f"EN-{signalled_on:%Y%m}-{index + 1:04d}",
                "Energie",
                f"{amount:,}".replace(",", ".") + ",50",
                f"{signalled_on - timedelta(days=75):%d-%m-%Y}",
                f"{signalled_on:%d-%m-%Y}",
                "nee",
                "ja" if index == 5 else "nee",
                person.bsn if index % 2 == 0 else "",
                person.given_names[:1] + ".",
                person.surname_prefix,
                person.surname,
                f"{person.birth_date:%d-%m-%Y}",
                address.street,
                address.postcode,
                address.house_number,
                "",
                address.city,
            ]
        )
    return out.getvalue().encode("cp1252", errors="replace")


def rent_json(*, municipality, signalled_on: date, rows: int = 6, household_ids=None) -> bytes:
    """The housing corporation's DDAS JSON; its first two addresses also have an energy signal."""
    signals = []
    for index, (address, person) in enumerate(_people(municipality, rows, household_ids)):
        signals.append(
            {
                "ID": f"HUUR-{signalled_on:%Y%m}-{index + 1:03d}",
                "crisissignaal": index == 1,
                "warmeOverdracht": False,
                "bedrag": 650 + 120 * index,
                "ontstaansdatum": f"{signalled_on - timedelta(days=62):%Y-%m-%d}",
                "signaaldatum": f"{signalled_on:%Y-%m-%d}",
                "signaalpartner": {"type": "Huur"},
                "client": {
                    "Burgerservicenummer": person.bsn,
                    "Voorletters": person.given_names[:1] + ".",
                    "Voorvoegsel": person.surname_prefix,
                    "Achternaam": person.surname,
                    "Geboortedatum": f"{person.birth_date:%Y-%m-%d}",
                    "Straatnaam": address.street,
                    "Postcode": address.postcode,
                    "Huisnummer": address.house_number,
                    "Plaatsnaam": address.city,
                },
            }
        )
    document = {
        "codeGegevensleverancier": "PORTAAL",
        "startdatumLevering": f"{signalled_on.replace(day=1):%Y-%m-%d}",
        "einddatumLevering": f"{signalled_on:%Y-%m-%d}",
        "aanleverdatumEnTijd": f"{signalled_on:%Y-%m-%d}T08:00:00Z",
        "leveringen": [
            {
                "teller": 1,
                "gemeentecode": municipality.cbs_code.removeprefix("GM"),
                "aanleverende_organisatie": {"naam": "Signaalportaal"},
                "vroegsignalen": signals,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
