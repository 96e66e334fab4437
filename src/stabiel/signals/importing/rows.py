"""Checking one row of a partner file. Pure: no database, tested with tables of rows."""

import datetime as dt
import re
from dataclasses import dataclass

from stabiel.residents import identities, pseudonyms

_DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class RowError(ValueError):
    pass


def parse_date(value, *, today: dt.date, label: str = "De datum") -> dt.date:
    """Dutch dates (31-12-2026, 1/2/2026, 1.2.2026), ISO dates, and Excel date cells."""
    if isinstance(value, str) and len(value) == 10 and value[2] == "-" and value[5] == "-":
        # The usual Dutch layout, without a regular expression: a large file has millions.
        try:
            day = dt.date(int(value[6:]), int(value[3:5]), int(value[:2]))
        except ValueError:
            day = None
        if day is not None and day <= today and day.year >= 1900:
            return day
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        if not text:
            raise RowError(f"{label} ontbreekt.")
        match = _DATE_DMY.match(text)
        if match:
            d, m, y = (int(g) for g in match.groups())
        else:
            match = _DATE_ISO.match(text)
            if not match:
                raise RowError(
                    f"{label} '{text[:20]}' is geen datum. Schrijf bijvoorbeeld 31-12-2026."
                )
            y, m, d = (int(g) for g in match.groups())
        try:
            day = dt.date(y, m, d)
        except ValueError:
            raise RowError(f"{label} '{text[:20]}' bestaat niet.") from None
    if day > today:
        raise RowError(f"{label} {day:%d-%m-%Y} ligt in de toekomst.")
    if day.year < 1900:
        raise RowError(f"{label} {day:%d-%m-%Y} is te lang geleden.")
    return day


def text(value, *, label: str, max_length: int, required: bool = True) -> str:
    result = str(value if value is not None else "").strip()
    if required and not result:
        raise RowError(f"{label} ontbreekt.")
    if len(result) > max_length:
        raise RowError(f"{label} is te lang (hoogstens {max_length} tekens).")
    return result


@dataclass(frozen=True, slots=True)
class Subject:
    """Who a row is about, as pseudonyms: a person (BSN), an address, or both."""

    person: str | None
    address: str | None


def subject(raw: dict, *, key: bytes) -> Subject:
    return subject_of(
        str(raw.get("bsn", "") or "").strip(),
        str(raw.get("postcode", "") or "").strip(),
        str(raw.get("huisnummer", "") or "").strip(),
        key=key,
    )


def subject_of(bsn: str, postcode: str, number: str, *, key: bytes) -> Subject:
    person = address = None
    try:
        if bsn:
            if not (len(bsn) == 9 and bsn.isascii() and bsn.isdigit()):  # the common case, fast
                bsn = identities.bsn_parse(bsn)
            elif not identities.eleven_test(bsn):
                raise identities.IdentityError(str(identities.BSN_INVALID), field="bsn")
            person = pseudonyms.person_pseudonym(bsn, key)
        if postcode or number:
            address = pseudonyms.address_pseudonym(
                identities.postcode_parse(postcode), identities.house_number_parse(number), key
            )
    except identities.IdentityError as error:
        raise RowError(str(error)) from error
    if person is None and address is None:
        raise RowError("Geef een BSN of een adres (postcode en huisnummer).")
    return Subject(person, address)
