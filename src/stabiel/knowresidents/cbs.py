"""CBS StatLine: the *Kerncijfers wijken en buurten* table of a year, online or from a recording.

A recording is the JSON that `fetch()` returns from a live answer and that `manage.py
knowresidents_cbs_record --jaar 2024 --gemeente GM0355 --uitvoer FILE` saves: the table's
TableInfos and DataProperties as CBS gives them, and the rows of one municipality (and of the
Netherlands) as `cbsodata.get_data` returns them (the dimension `WijkenEnBuurten` already turned
into the area's name). `parse()` is pure and checks the layout: a column missing or renamed, or a
changed table, gives a plain Dutch message and nothing is read.

The recording shipped in `data/` is NOT a live answer (the machine it was made on had no
internet): it has the real layout and column keys of table 85984NED but illustrative numbers, and
it says so (`"sample": true`, shown on every page as "voorbeeldcijfers"). See `data/README.md`.

Online access is off unless CBS_STATLINE_ENABLED is set (an optional integration); without a
network connection `fetch()` says so plainly.
"""

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .figures import AreaValue, Level, LoadError, RowProblem, level_of
from .indicators import (
    CBS_CODE_STEM,
    CBS_INDICATORS,
    CBS_INHABITANTS_STEM,
    CBS_KIND_STEM,
    CBS_NAME_KEY,
    KERNCIJFERS_TABLES,
)

SAMPLE_DIR = Path(__file__).resolve().parent / "data"
INHABITANTS = "inwoners"  # the code under which the number of inhabitants is kept
_SUFFIX = re.compile(r"^(?P<stem>.+?)_(?P<n>\d+)$")


@dataclass(frozen=True)
class CbsTable:
    table_id: str
    title: str
    year: int
    values: tuple[AreaValue, ...]
    sample: bool


def sample_path(year: int) -> Path | None:
    """The recording shipped with Stabiel for this year, when there is one."""
    table = KERNCIJFERS_TABLES.get(year)
    if not table:
        return None
    path = SAMPLE_DIR / f"cbs-{table}-voorbeeld.json"
    return path if path.exists() else None


def newest_shipped_year() -> int | None:
    """The newest year with a recording shipped with Stabiel: the CBS form starts there, so a
    first load without changing the year works offline."""
    shipped = [year for year in KERNCIJFERS_TABLES if sample_path(year) is not None]
    return max(shipped, default=None)


def stem_of(key: str) -> str:
    match = _SUFFIX.match(key)
    return match.group("stem") if match else key


def find_keys(properties: list[dict[str, Any]], stems: list[str]) -> tuple[dict[str, str], list]:
    """Map each stem to the table's column key; the stems that have no column."""
    keys: dict[str, str] = {}
    for prop in properties:
        key = str(prop.get("Key", ""))
        keys.setdefault(stem_of(key), key)
    found = {stem: keys[stem] for stem in stems if stem in keys}
    return found, [stem for stem in stems if stem not in keys]


def _number(raw: Any) -> Decimal | None:
    if raw is None or raw == "" or (isinstance(raw, str) and raw.strip() in {".", "-"}):
        return None  # CBS leaves a cell empty when it hides or does not know it
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite():
        raise ValueError(raw)
    return value


def parse(recording: Any, *, municipality_code: str, year: int) -> CbsTable:
    """The figures of one municipality (and of the Netherlands) from a CBS answer or recording."""
    if not isinstance(recording, dict) or not isinstance(recording.get("rows"), list):
        raise LoadError(
            [
                RowProblem(
                    0, _("Dit is geen CBS-opname: het onderdeel 'rows' met de rijen ontbreekt.")
                )
            ]
        )
    table_id = str(recording.get("table_id", ""))
    expected = KERNCIJFERS_TABLES.get(year)
    if expected and table_id != expected:
        raise LoadError(
            [
                RowProblem(
                    0,
                    _(
                        "Deze opname is van CBS-tabel %(got)s, maar de Kerncijfers wijken en "
                        "buurten van %(year)s staan in tabel %(expected)s."
                    )
                    % {"got": table_id or "?", "year": year, "expected": expected},
                )
            ]
        )
    infos = recording.get("TableInfos") or [{}]
    title = str(infos[0].get("Title", "")) if isinstance(infos, list) and infos else ""
    if "wijken en buurten" not in title.lower():
        raise LoadError(
            [
                RowProblem(
                    0,
                    _(
                        "De CBS-tabel heet '%(title)s'. Stabiel verwacht de tabel Kerncijfers "
                        "wijken en buurten; de indeling is veranderd of het is een andere tabel."
                    )
                    % {"title": title or "?"},
                )
            ]
        )
    properties = recording.get("DataProperties")
    if not isinstance(properties, list):
        raise LoadError(
            [RowProblem(0, _("De CBS-opname mist de kolombeschrijving (DataProperties)."))]
        )
    stems = [CBS_CODE_STEM, CBS_KIND_STEM, CBS_INHABITANTS_STEM] + [
        i.cbs_stem for i in CBS_INDICATORS
    ]
    keys, missing = find_keys(properties, stems)
    if missing:
        raise LoadError(
            [
                RowProblem(
                    0,
                    _(
                        "In CBS-tabel %(table)s ontbreekt de kolom %(stem)s (of de kolom heeft een "
                        "andere naam gekregen). Er is niets geladen."
                    )
                    % {"table": table_id, "stem": stem},
                )
                for stem in missing
            ]
        )
    return CbsTable(
        table_id=table_id,
        title=title,
        year=year,
        values=tuple(_rows(recording["rows"], keys, municipality_code)),
        sample=bool(recording.get("sample")),
    )


def _rows(rows: list, keys: dict[str, str], municipality_code: str) -> list[AreaValue]:
    digits = municipality_code[2:]
    values: list[AreaValue] = []
    problems: list[RowProblem] = []
    for line, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problems.append(
                RowProblem(line, _("Rij %(line)s is geen rij met kolommen.") % {"line": line})
            )
            continue
        code = str(row.get(keys[CBS_CODE_STEM]) or "").strip()
        level = level_of(code)
        mine = level is not None and (level == Level.COUNTRY or code[2:].startswith(digits))
        if not mine:
            continue  # another municipality in an unfiltered answer
        name = str(row.get(CBS_NAME_KEY) or code).strip()
        wanted = [(INHABITANTS, CBS_INHABITANTS_STEM)] + [
            (i.code, i.cbs_stem) for i in CBS_INDICATORS
        ]
        for code_name, stem in wanted:
            try:
                value = _number(row.get(keys[stem]))
            except ValueError as error:
                problems.append(
                    RowProblem(
                        line,
                        _("Rij %(line)s (%(area)s): '%(value)s' in kolom %(column)s is geen getal.")
                        % {
                            "line": line,
                            "area": code,
                            "value": error.args[0],
                            "column": keys[stem],
                        },
                    )
                )
                continue
            if value is not None:
                values.append(AreaValue(code, name, code_name, value))
    if problems:
        raise LoadError(problems)
    if not any(v.area_code.startswith("GM") for v in values):
        raise LoadError(
            [
                RowProblem(
                    0,
                    _("In de CBS-gegevens staat gemeente %(code)s niet. Er is niets geladen.")
                    % {"code": municipality_code},
                )
            ]
        )
    return values


def load_file(path: Path | str) -> Any:
    try:
        return load_bytes(Path(path).read_bytes())
    except OSError as error:
        raise LoadError(
            [RowProblem(0, _("Het bestand is niet te lezen: %(error)s") % {"error": error})]
        ) from error


def load_bytes(content: bytes) -> Any:
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise LoadError(
            [
                RowProblem(
                    0,
                    _("Het bestand is geen leesbare CBS-opname (JSON): %(error)s")
                    % {"error": error},
                )
            ]
        ) from error


class OfflineError(LoadError):
    pass


def fetch(*, year: int, municipality_code: str) -> dict[str, Any]:
    """Ask CBS StatLine for one municipality's rows; returns a recording (see module docstring)."""
    table = KERNCIJFERS_TABLES.get(year)
    if not table:
        raise LoadError(
            [RowProblem(0, _("Stabiel kent de CBS-tabel van %(year)s nog niet.") % {"year": year})]
        )
    if not settings.CBS_STATLINE_ENABLED:
        raise OfflineError(
            [
                RowProblem(
                    0,
                    _(
                        "Ophalen bij CBS StatLine staat uit op deze server (CBS_STATLINE_ENABLED). "
                        "Laad de meegeleverde opname of een opgeslagen opname."
                    ),
                )
            ]
        )
    try:
        # Loaded only when asked: the integration is optional and cbsodata is not a requirement
        # (it is not on every package mirror a municipality may use).
        import cbsodata
    except ImportError:
        raise OfflineError(
            [
                RowProblem(
                    0,
                    _(
                        "Het pakket voor CBS StatLine (cbsodata) is niet geïnstalleerd op deze "
                        "server. Laad de meegeleverde opname of een opgeslagen opname."
                    ),
                )
            ]
        ) from None
    import requests

    digits = municipality_code[2:]
    filters = " or ".join(
        [f"startswith(WijkenEnBuurten,'{p}{digits}')" for p in ("GM", "WK", "BU")]
        # CBS pads its region keys with spaces ('NL00      '), so `eq 'NL00'` finds nothing.
        + ["startswith(WijkenEnBuurten,'NL00')"]
    )
    try:
        infos = cbsodata.get_meta(table, "TableInfos", timeout=30)
        properties = cbsodata.get_meta(table, "DataProperties", timeout=30)
        keys, missing = find_keys(
            properties,
            [CBS_CODE_STEM, CBS_KIND_STEM, CBS_INHABITANTS_STEM]
            + [i.cbs_stem for i in CBS_INDICATORS],
        )
        select = [CBS_NAME_KEY, *keys.values()]
        rows = cbsodata.get_data(table, typed=True, filters=filters, select=select, timeout=60)
    except requests.RequestException as error:
        raise OfflineError(
            [
                RowProblem(
                    0,
                    _(
                        "CBS StatLine is niet bereikbaar vanaf deze server (%(error)s). Laad de "
                        "meegeleverde opname, of probeer het later nog eens."
                    )
                    % {"error": type(error).__name__},
                )
            ]
        ) from error
    return {
        "table_id": table,
        "TableInfos": [{k: v for k, v in infos[0].items() if k in {"Title", "Period", "Modified"}}]
        if infos
        else [],
        "DataProperties": [
            {"Key": p.get("Key"), "Title": p.get("Title"), "Type": p.get("Type")}
            for p in properties
            if p.get("Key") in set(keys.values()) | {CBS_NAME_KEY}
        ],
        "rows": rows,
        "sample": False,
        "missing": missing,
    }
