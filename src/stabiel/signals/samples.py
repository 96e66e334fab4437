"""A sample early-warning file (payment arrears) for the demo, made from the demo's own addresses."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from stabiel.residents.models import HouseholdAddress, PersonIdentity

ARREARS = ["huurachterstand", "energieachterstand", "waterachterstand", "zorgpremieachterstand"]


@dataclass(frozen=True)
class _Address:
    household_id: int
    postcode: str
    house_number: str


def _made_up(rows: int) -> list[_Address]:
    """Addresses that show the format only: a partner learns nothing of the register."""
    return [_Address(0, f"{1000 + index:04d}ZZ", str(index + 1)) for index in range(rows)]


def sample_arrears_csv(
    *, municipality, today: date, rows: int = 40, from_register: bool = True
) -> bytes:
    """Semicolon CSV with Dutch dates, as a partner portal delivers it, UTF-8 with BOM.

    `from_register`: the demo's own addresses and BSNs, so the file matches households (for
    the functional administrator, who sees them anyway). A partner gets made-up addresses and no
    BSN: a sample file must never hand residents' data to an organisation outside the
    municipality."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        ["signaalsoort", "bsn", "postcode", "huisnummer", "datum", "kenmerk", "toelichting"]
    )
    if not from_register:
        addresses: list = _made_up(rows)
        bsns: dict = {}
    else:
        addresses = list(
            HouseholdAddress.objects.filter(household__municipality=municipality).order_by(
                "household_id"
            )[:rows]
        )
        bsns = dict(
            PersonIdentity.objects.filter(
                person__memberships__household__in=[a.household_id for a in addresses],
                person__memberships__end_on__isnull=True,
            ).values_list("person__memberships__household_id", "bsn")
        )
    for index, address in enumerate(addresses):
        kind = ARREARS[index % len(ARREARS)]
        observed = today - timedelta(days=3 + index % 20)
        bsn = bsns.get(address.household_id, "") if index % 3 == 0 else ""
        writer.writerow(
            [
                kind,
                bsn,
                address.postcode,
                address.house_number,
                f"{observed:%d-%m-%Y}",
                f"VS-{today:%Y%m}-{index + 1:04d}",
                "Achterstand van twee maanden",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
