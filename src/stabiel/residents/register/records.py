"""One person from a register extract, checked: the same shape for the CSV/XLSX layout and for
the JSON of the Haal Centraal BRP Personen API."""

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from stabiel.signals.importing import rows
from stabiel.signals.importing.rows import RowError

from .. import identities, pseudonyms

# Our field -> the column header in the documented layout (docs/register-extract.md).
COLUMNS: dict[str, str] = {
    "bsn": "bsn",
    "given_names": "voornamen",
    "surname_prefix": "voorvoegsel",
    "surname": "geslachtsnaam",
    "birth_date": "geboortedatum",
    "municipality_code": "gemeentecode",
    "address_function": "functie_adres",
    "street": "straat",
    "house_number": "huisnummer",
    "house_letter": "huisletter",
    "house_number_addition": "huisnummertoevoeging",
    "postcode": "postcode",
    "city": "woonplaats",
    "since": "datum_aanvang_adreshouding",
    "died_on": "datum_overlijden",
    "left_on": "datum_vertrek",
    "area_code": "buurtcode",
}
REQUIRED = (
    "bsn",
    "given_names",
    "surname",
    "birth_date",
    "municipality_code",
    "street",
    "house_number",
    "postcode",
    "city",
    "since",
)


@dataclass(frozen=True, slots=True)
class RegisterRecord:
    line: int
    bsn: str
    given_names: str
    surname_prefix: str
    surname: str
    birth_date: dt.date
    postal: bool
    street: str
    house_number: str
    house_letter: str
    house_number_addition: str
    postcode: str
    city: str
    since: dt.date
    died_on: dt.date | None
    left_on: dt.date | None
    area_code: str
    # The digest of the row as delivered (row_digest): an identical row in the next extract is
    # known to change nothing and is not checked again.
    row: str = ""

    @property
    def content_digest(self) -> str:
        """A stable digest of `content`, the same in every process (unlike hash())."""
        return hashlib.blake2b(repr(self.content).encode(), digest_size=16).hexdigest()

    @property
    def content(self) -> tuple[Any, ...]:
        """Everything but the line: two rows for one person must agree on this."""
        return (
            self.given_names,
            self.surname_prefix,
            self.surname,
            self.birth_date,
            self.postal,
            self.street,
            self.house_number,
            self.house_letter,
            self.house_number_addition,
            self.postcode,
            self.city,
            self.since,
            self.died_on,
            self.left_on,
        )

    @property
    def full_house_number(self) -> str:
        extra = f"-{self.house_number_addition}" if self.house_number_addition else ""
        return f"{self.house_number}{self.house_letter}{extra}"

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


def row_digest(raw: dict[str, Any], cbs_code: str) -> str:
    """The digest of a raw row (our field -> value, as read) for this municipality: the same
    bytes in the same columns give the same digest."""
    text = "\x1f".join([cbs_code, *(str(raw.get(name) or "") for name in COLUMNS)])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def municipality_code_matches(value: str, cbs_code: str) -> bool:
    """'0355', '355' and 'GM0355' all name Zeist (GM0355)."""
    text = value.strip().upper().removeprefix("GM")
    return text.isdigit() and text.zfill(4) == cbs_code.upper().removeprefix("GM")


def _optional_date(value: Any, *, today: dt.date, label: str) -> dt.date | None:
    if value is None or not str(value).strip():
        return None
    return rows.parse_date(value, today=today, label=label)


@lru_cache(maxsize=8)
def _labels(language: str | None) -> dict[str, str]:
    """The field names used in messages, translated once per language instead of once per row
    (a register extract has a hundred thousand rows)."""
    return {
        "given": _("De voornamen"),
        "prefix": _("Het voorvoegsel"),
        "surname": _("De geslachtsnaam"),
        "birth": _("De geboortedatum"),
        "street": _("De straat"),
        "city": _("De woonplaats"),
        "since": _("De datum waarop iemand op dit adres kwam wonen"),
        "died": _("De datum van overlijden"),
        "left": _("De datum van vertrek"),
    }


def record_check(
    raw: dict[str, Any], *, line: int, cbs_code: str, today: dt.date, row: str = ""
) -> RegisterRecord:
    """A raw row (our field -> value) as a record, or RowError with a plain Dutch reason."""
    label = _labels(get_language())
    bsn = str(raw.get("bsn") or "").strip()
    if not bsn:
        raise RowError(_("Het BSN ontbreekt."))
    try:
        bsn = identities.bsn_parse(bsn)
    except identities.IdentityError as error:
        raise RowError(str(error)) from error
    code = str(raw.get("municipality_code") or "").strip()
    if not municipality_code_matches(code, cbs_code):
        raise RowError(
            _("Onbekende gemeentecode '%(code)s': dit bestand is voor gemeente %(own)s.")
            % {"code": code[:10], "own": cbs_code}
        )
    given = rows.text(raw.get("given_names"), label=label["given"], max_length=120)
    prefix = rows.text(
        raw.get("surname_prefix"), label=label["prefix"], max_length=20, required=False
    )
    surname = rows.text(raw.get("surname"), label=label["surname"], max_length=120)
    birth = rows.parse_date(raw.get("birth_date", ""), today=today, label=label["birth"])
    function = str(raw.get("address_function") or "W").strip().upper()[:1]
    if function not in ("W", "B"):
        raise RowError(_("De functie van het adres is W (woonadres) of B (briefadres)."))
    street = rows.text(raw.get("street"), label=label["street"], max_length=120)
    number = str(raw.get("house_number") or "").strip()
    if not number:
        raise RowError(_("Het adres heeft geen huisnummer."))
    if not number.isdigit() or len(number) > 5 or int(number) == 0:
        raise RowError(_("Het huisnummer '%(number)s' is geen getal.") % {"number": number[:10]})
    letter = str(raw.get("house_letter") or "").strip()
    if len(letter) > 1 or (letter and not letter.isalpha()):
        raise RowError(_("De huisletter is één letter."))
    addition = str(raw.get("house_number_addition") or "").strip()
    if len(addition) > 4:
        raise RowError(_("De huisnummertoevoeging is hoogstens vier tekens."))
    try:
        postcode = identities.postcode_parse(raw.get("postcode") or "")
    except identities.IdentityError as error:
        raise RowError(str(error)) from error
    city = rows.text(raw.get("city"), label=label["city"], max_length=80)
    since = rows.parse_date(raw.get("since", ""), today=today, label=label["since"])
    died_on = _optional_date(raw.get("died_on"), today=today, label=label["died"])
    left_on = _optional_date(raw.get("left_on"), today=today, label=label["left"])
    if died_on is not None and died_on < birth:
        raise RowError(_("De datum van overlijden ligt vóór de geboortedatum."))
    if since < birth:
        raise RowError(
            _("De datum waarop iemand op dit adres kwam wonen ligt vóór de geboortedatum.")
        )
    if left_on is not None and left_on < since:
        raise RowError(
            _("De datum van vertrek ligt vóór de datum waarop iemand op dit adres kwam wonen.")
        )
    area_code = str(raw.get("area_code") or "").strip().upper()[:10]
    return RegisterRecord(
        line=line,
        bsn=pseudonyms.normalise_bsn(bsn),
        given_names=given,
        surname_prefix=prefix,
        surname=surname,
        birth_date=birth,
        postal=function == "B",
        street=street,
        house_number=number.lstrip("0"),
        house_letter=letter.upper(),
        house_number_addition=addition,
        postcode=postcode,
        city=city,
        since=since,
        died_on=died_on,
        left_on=left_on,
        area_code=area_code,
        row=row,
    )
