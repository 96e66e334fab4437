"""Reading a register extract: the documented CSV/XLSX layout or Haal Centraal BRP Personen JSON.

Rows come out as (line, {our field: value}) or (line, None, reason). A problem with the file as
a whole raises ImportFileError with a plain Dutch message. CSV encoding (UTF-8 with or without BOM,
Windows-1252) and separators are handled by the shared reader of the signals importer.
"""

import codecs
import io
import json
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from django.utils.translation import gettext as _

from stabiel.signals.importing.files import XLSX_MAGIC, ImportFileError, read_rows

from .records import COLUMNS, REQUIRED

Row = tuple[int, dict[str, Any] | None, str | None]
MAX_JSON_BYTES = 200 * 1024 * 1024


def rows_read(chunks: Iterable[bytes]) -> Iterator[Row]:
    """The rows of a file given as pieces in order. A CSV file is read a piece at a time and
    never held whole; JSON and Excel cannot be read in pieces and are joined first."""
    pieces = iter(chunks)
    first = next(pieces, b"")
    head = bytes(first[:65536])
    if head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] in (b"{", b"[") or head.startswith(XLSX_MAGIC):
        data = b"".join([bytes(first), *(bytes(p) for p in pieces)])
        if head.startswith(XLSX_MAGIC):
            _one_sheet_only(data)
            raw = read_rows(head, [data])
        else:
            yield from _haal_centraal_rows(data)
            return
    else:
        raw = read_rows(head, chain([first], pieces))
    _line, header, _problem = next(raw, (0, [], None))
    header = list(header or [])
    missing = [COLUMNS[f] for f in REQUIRED if COLUMNS[f] not in header]
    if missing:
        raise ImportFileError(
            _("Deze kolommen ontbreken in de kopregel: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    positions = [(field, header.index(col)) for field, col in COLUMNS.items() if col in header]
    for line, values, problem in raw:
        if values is None:
            yield line, None, problem
        else:
            yield line, {field: values[i] for field, i in positions}, None


def _one_sheet_only(data: bytes) -> None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(
            _("Het Excel-bestand kan niet worden gelezen. Is het beschadigd?")
        ) from exc
    names = workbook.sheetnames
    workbook.close()
    if len(names) != 1:
        raise ImportFileError(
            _(
                "Het Excel-bestand heeft %(count)s werkbladen (%(names)s). Lever het uittreksel aan "
                "op één werkblad, zodat niets per ongeluk wordt overgeslagen."
            )
            % {"count": len(names), "names": ", ".join(n[:30] for n in names[:5])}
        )


def _value(node: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _date(node: Any) -> str:
    """A Haal Centraal date is an object ({"type": "Datum", "datum": "2001-05-17", ...}); only a
    full date ("Datum") is usable here, an unknown or partial date counts as missing."""
    if isinstance(node, dict):
        if node.get("type", "Datum") == "Datum":
            return str(node.get("datum") or "")
        return ""
    return str(node or "")


def _haal_centraal_rows(data: bytes) -> Iterator[Row]:
    """The response of RaadpleegMetBurgerservicenummer (or a search): {"personen": [...]}.
    The person's position in the list (from 1) stands in for the line number."""
    if len(data) > MAX_JSON_BYTES:
        raise ImportFileError(_("Het JSON-bestand is te groot."))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ImportFileError(_("Het bestand is geen geldige JSON.")) from exc
    persons = document.get("personen") if isinstance(document, dict) else document
    if not isinstance(persons, list):
        raise ImportFileError(
            _("Het JSON-bestand heeft geen lijst 'personen' (Haal Centraal BRP Personen).")
        )
    for index, person in enumerate(persons, start=1):
        if not isinstance(person, dict):
            yield index, None, _("Dit is geen persoon (verwacht een object).")
            continue
        place = person.get("verblijfplaats") or {}
        address = _value(place, "verblijfadres") or {}
        function = _value(place, "functieAdres", "code") or "W"
        suspension = person.get("opschortingBijhouding") or {}
        died = _date(_value(person, "overlijden", "datum"))
        left = ""
        reason = _value(suspension, "reden", "code")
        if reason == "O" and not died:
            died = _date(suspension.get("datum"))
        elif reason in ("E", "M"):  # emigration; moved to another municipality ('M' is local use)
            left = _date(suspension.get("datum"))
        # datumVan in v2; datumAanvangAdreshouding in v1 of the API.
        since = _date(place.get("datumVan")) or _date(place.get("datumAanvangAdreshouding"))
        yield (
            index,
            {
                "bsn": person.get("burgerservicenummer"),
                "given_names": _value(person, "naam", "voornamen"),
                "surname_prefix": _value(person, "naam", "voorvoegsel"),
                "surname": _value(person, "naam", "geslachtsnaam"),
                "birth_date": _date(_value(person, "geboorte", "datum")),
                "municipality_code": _value(person, "gemeenteVanInschrijving", "code"),
                "address_function": function,
                "street": address.get("officieleStraatnaam") or address.get("korteStraatnaam"),
                "house_number": address.get("huisnummer"),
                "house_letter": address.get("huisletter"),
                "house_number_addition": address.get("huisnummertoevoeging"),
                "postcode": address.get("postcode"),
                "city": address.get("woonplaats"),
                "since": since,
                "died_on": died,
                "left_on": left,
                "area_code": "",
            },
            None,
        )
