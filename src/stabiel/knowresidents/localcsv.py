"""The municipality's own figures as CSV (GGD health monitor, own counts). Pure: no database.

Columns (the first line names them, in any order; ';' or ','):
    gebiedscode   NL00, the municipality's GM code, or the WK/BU code of one of its areas
    indicator     one of the local indicator codes (see indicators.LOCAL_INDICATORS)
    waarde        a number; a percentage from 0 to 100 (decimal comma or point)
All or nothing: one bad line and nothing is stored; every bad line is named with its reason.
"""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .figures import AreaValue, LoadError, RowProblem
from .indicators import LOCAL_INDICATORS, Unit

REQUIRED = ("gebiedscode", "indicator", "waarde")
MAX_LINES = 10_000


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoadError([RowProblem(0, _("Het bestand is geen tekstbestand (CSV)."))])


def parse_csv(
    content: bytes, *, municipality_code: str, area_names: dict[str, str]
) -> list[AreaValue]:
    """The values in the file, or LoadError with every problem. `area_names`: code -> name."""
    text = _decode(content)
    if not text.strip():
        raise LoadError([RowProblem(0, _("Het bestand is leeg."))])
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LoadError(
            [
                RowProblem(
                    1,
                    _("Regel 1: de kolom '%(column)s' ontbreekt. Nodig zijn: %(required)s.")
                    % {"column": column, "required": ", ".join(REQUIRED)},
                )
                for column in missing
            ]
        )
    at = {c: header.index(c) for c in REQUIRED}
    units = {i.code: i.unit for i in LOCAL_INDICATORS}
    names = {**area_names, "NL00": _("Nederland")}
    values: list[AreaValue] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(reader, start=2):
        if line > MAX_LINES + 1:
            problems.append(
                RowProblem(
                    line, _("Het bestand heeft meer dan %(max)s regels.") % {"max": MAX_LINES}
                )
            )
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(
                RowProblem(line, _("Regel %(line)s heeft te weinig kolommen.") % {"line": line})
            )
            continue
        code = row[at["gebiedscode"]].strip().upper()
        indicator = row[at["indicator"]].strip().lower()
        raw = row[at["waarde"]].strip()
        if code not in names and code != municipality_code:
            problems.append(
                RowProblem(
                    line,
                    _(
                        "Regel %(line)s: gebiedscode '%(code)s' is geen gebied van deze gemeente. "
                        "Gebruik NL00, %(municipality)s of een wijk- of buurtcode uit Gebieden."
                    )
                    % {"line": line, "code": code, "municipality": municipality_code},
                )
            )
            continue
        if indicator not in units:
            problems.append(
                RowProblem(
                    line,
                    _(
                        "Regel %(line)s: indicator '%(indicator)s' bestaat niet. Kies uit: %(codes)s."
                    )
                    % {"line": line, "indicator": indicator, "codes": ", ".join(units)},
                )
            )
            continue
        try:
            value = Decimal(raw.replace(",", "."))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                RowProblem(
                    line,
                    _("Regel %(line)s: waarde '%(value)s' is geen getal.")
                    % {"line": line, "value": raw},
                )
            )
            continue
        if units[indicator] == Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
            problems.append(
                RowProblem(
                    line,
                    _("Regel %(line)s: een percentage ligt tussen 0 en 100, niet %(value)s.")
                    % {"line": line, "value": raw},
                )
            )
            continue
        if (code, indicator) in seen:
            problems.append(
                RowProblem(
                    line,
                    _("Regel %(line)s: %(code)s en %(indicator)s staan ook al op regel %(first)s.")
                    % {
                        "line": line,
                        "code": code,
                        "indicator": indicator,
                        "first": seen[code, indicator],
                    },
                )
            )
            continue
        seen[code, indicator] = line
        values.append(
            AreaValue(code, str(names.get(code, code)), indicator, value.quantize(Decimal("0.01")))
        )
    if problems:
        raise LoadError(problems)
    if not values:
        raise LoadError([RowProblem(0, _("Het bestand bevat geen cijfers."))])
    return values
