"""Made-up register extracts in the documented layout: the demo's sample, its follow-up with
changes, and the benchmark's large files. Invented names and valid-looking BSNs (eleven-test),
no real person. Deterministic: the same seed gives the same file."""

import csv
import datetime as dt
import io
import random
from collections.abc import Iterator

from .records import COLUMNS

GIVEN = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Fatima",
    "Gijs",
    "Hanna",
    "Ilias",
    "Jasmijn",
    "Kees",
    "Lotte",
    "Mohamed",
    "Noor",
    "Olga",
    "Pieter",
    "Rosa",
    "Sem",
    "Tess",
    "Yusuf",
]
SURNAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Yilmaz"),
    ("van der", "Berg"),
    ("", "Smit"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("", "El Amrani"),
    ("", "Visser"),
    ("van", "Leeuwen"),
    ("", "Kramer"),
    ("", "Dekker"),
    ("", "Peters"),
]
STREETS = [
    "Slotlaan",
    "Kerklaan",
    "Laan van Vollenhove",
    "Montaubanstraat",
    "Tiendweg",
    "Dolderseweg",
    "Griffensteijnselaan",
    "Woudenbergseweg",
    "Weeshuislaan",
    "Lindenlaan",
]
AREAS = ["BU03550101", "BU03550102", "BU03550201", "BU03550202", "BU03550301", "BU03550401"]
HEADER = list(COLUMNS.values())


def _bsn(rng: random.Random, used: set[str]) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        if digits[0] == 0:
            continue
        last = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        bsn = "".join(map(str, digits)) + str(last)
        if last <= 9 and bsn not in used:
            used.add(bsn)
            return bsn


def sample_rows(
    households: int,
    *,
    seed: int = 355,
    today: dt.date = dt.date(2026, 1, 1),
    postcode_base: int = 3701,
) -> Iterator[dict[str, str]]:
    """About 2.2 persons per household; one in fifty households is one person at a postal address
    (a shelter on Weeshuislaan 1 serves as postal address for all of them)."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    used: set[str] = set()
    for index in range(households):
        street = STREETS[index % len(STREETS)]
        number = str(1 + index // len(STREETS) % 400)
        letter = "A" if index % 17 == 0 else ""
        postcode = (
            f"{postcode_base + index // 4000}{chr(65 + index // 26 % 26)}{chr(65 + index % 26)}"
        )
        area = AREAS[index % len(AREAS)]
        postal = index % 50 == 49
        size = 1 if postal else rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])
        prefix, surname = rng.choice(SURNAMES)
        since = today - dt.timedelta(days=rng.randint(30, 9000))
        for member in range(size):
            age_days = rng.randint(20 * 365, 85 * 365) if member < 2 else rng.randint(200, 17 * 365)
            birth = max(today - dt.timedelta(days=age_days), dt.date(1930, 1, 1))
            row = {
                "bsn": _bsn(rng, used),
                "voornamen": rng.choice(GIVEN),
                "voorvoegsel": prefix,
                "geslachtsnaam": surname,
                "geboortedatum": birth.isoformat(),
                "gemeentecode": "0355",
                "functie_adres": "B" if postal else "W",
                "straat": "Weeshuislaan" if postal else street,
                "huisnummer": "1" if postal else number,
                "huisletter": "" if postal else letter,
                "huisnummertoevoeging": "",
                "postcode": "3701ZZ" if postal else postcode,
                "woonplaats": "Zeist",
                "datum_aanvang_adreshouding": max(since, birth).isoformat(),
                "datum_overlijden": "",
                "datum_vertrek": "",
                "buurtcode": area,
            }
            yield row


def changed_rows(
    rows: list[dict[str, str]], *, share: float, seed: int = 356, on: dt.date = dt.date(2026, 2, 1)
) -> list[dict[str, str]]:
    """The same extract a month later with `share` of the persons changed, in turns: a move within
    the municipality, a death, a departure, a name change; plus as many arrivals."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    out = [dict(r) for r in rows]
    count = max(4, int(len(out) * share))
    picked = rng.sample(range(len(out)), count)
    used = {r["bsn"] for r in out}
    for turn, index in enumerate(picked):
        row = out[index]
        kind = turn % 4
        if kind == 0 and row["functie_adres"] == "W":
            row.update(
                straat="Nieuwe Weg",
                huisnummer=str(100 + turn),
                huisletter="",
                postcode="3702ZZ",
                datum_aanvang_adreshouding=on.isoformat(),
                buurtcode=AREAS[0],
            )
        elif kind == 1:
            row["datum_overlijden"] = on.isoformat()
        elif kind == 2:
            row["datum_vertrek"] = on.isoformat()
        else:
            row["geslachtsnaam"] = row["geslachtsnaam"] + "-Bos"
    for turn in range(count // 4):
        out.append(  # noqa: PERF401 - each arrival draws a fresh BSN in turn
            {
                "bsn": _bsn(rng, used),
                "voornamen": rng.choice(GIVEN),
                "voorvoegsel": "",
                "geslachtsnaam": "Nieuwkomer",
                "geboortedatum": "1990-05-17",
                "gemeentecode": "0355",
                "functie_adres": "W",
                "straat": "Nieuwe Weg",
                "huisnummer": str(1 + turn),
                "huisletter": "",
                "huisnummertoevoeging": "",
                "postcode": "3702ZY",
                "woonplaats": "Zeist",
                "datum_aanvang_adreshouding": on.isoformat(),
                "datum_overlijden": "",
                "datum_vertrek": "",
                "buurtcode": AREAS[1],
            }
        )
    return out


def as_csv(rows: list[dict[str, str]] | Iterator[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
