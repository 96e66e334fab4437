"""The inventory as a file: export and import in one documented layout (docs/inventory-exchange.md).

One row per offering; the provider's columns repeat on each of its rows. CSV is UTF-8 (with or
without byte-order mark) separated by ';' or ','; XLSX has exactly one sheet without merged
cells. An import is checked as a whole first (the preview): every rejected row with its line and
reason, and nothing is stored unless every row is right. Importing the same file twice changes
nothing: providers are matched by name, offerings by provider, type, shell, name and start date.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from stabiel.accounts.models import Area, Municipality

from . import queries
from .checks import offering_problems
from .models import Offering, Provider

COLUMNS = [
    # (column, field, kind) — kind tells how the cell is read and written
    ("aanbieder", "provider.name", "text"),
    ("kvk_nummer", "provider.kvk_number", "text"),
    ("telefoon", "provider.phone", "text"),
    ("email", "provider.email", "text"),
    ("website", "provider.website", "text"),
    ("adres", "provider.address", "text"),
    ("postcode", "provider.postcode", "text"),
    ("plaats", "provider.city", "text"),
    ("soort", "provision_type", "code"),
    ("naam_aanbod", "name", "text"),
    ("omschrijving", "description", "text"),
    ("schil", "shell", "code"),
    ("kader", "legal_frame", "text"),
    ("algemeen_of_maatwerk", "access_kind", "text"),
    ("doelgroep", "target_group", "text"),
    ("doelgroep_welkom", "group_welcome", "text"),
    ("doelgroep_gebruikt", "group_uses", "text"),
    ("werkgebied_gemeenten", "served_municipalities", "codes"),
    ("werkgebied_wijken_buurten", "served_areas", "codes"),
    ("omvang", "capacity", "int"),
    ("omvang_per", "capacity_unit", "text"),
    ("gebruik_vorig_jaar", "used_last_year", "int"),
    ("wachttijd_dagen", "waiting_days", "int"),
    ("aanpak", "approach", "text"),
    ("eigen_bijdrage", "own_contribution", "text"),
    ("gecontracteerd", "contracted", "bool"),
    ("pgb_mogelijk", "pgb_possible", "bool"),
    ("wie_betaalt", "funder", "text"),
    ("wie_beslist", "decider", "text"),
    ("vernieuwend", "innovative", "bool"),
    ("contact_doorverwijzen", "referral_contact", "text"),
    ("geldig_vanaf", "valid_from", "date"),
    ("geldig_tot", "valid_to", "date"),
]
HEADER = [c for c, _f, _k in COLUMNS]
PROVIDER_COLUMNS = [c for c, f, _k in COLUMNS if f.startswith("provider.")]
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
SEPARATOR = "|"
XLSX_MAGIC = b"PK\x03\x04"


class ExchangeFileError(ValueError):
    """The file as a whole cannot be read; the message is plain Dutch."""


@dataclass
class Row:
    line: int
    provider: dict
    offering: dict
    provision_type: object = None
    shell: object = None
    served_municipalities: list = field(default_factory=list)
    served_areas: list = field(default_factory=list)


@dataclass
class Preview:
    rows: list[Row]
    errors: list[tuple[int, str]]
    new_providers: int = 0
    changed_providers: int = 0
    new_offerings: int = 0
    changed_offerings: int = 0
    unchanged_offerings: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


# Export --------------------------------------------------------------------------------------


def _cell(offering: Offering, field_name: str, kind: str) -> str:
    if field_name.startswith("provider."):
        return getattr(offering.provider, field_name.split(".", 1)[1]) or ""
    if field_name == "provision_type":
        return offering.provision_type.code
    if field_name == "shell":
        return offering.shell.code
    if field_name == "served_municipalities":
        return SEPARATOR.join(sorted(m.cbs_code for m in offering.served_municipalities.all()))
    if field_name == "served_areas":
        return SEPARATOR.join(sorted(a.cbs_code for a in offering.served_areas.all()))
    value = getattr(offering, field_name)
    if kind == "bool":
        return "ja" if value else "nee"
    if value is None:
        return ""
    if kind == "date":
        return value.isoformat()
    return str(value)


def export_rows(*, actor) -> list[list[str]]:
    """Every offering of the actor's municipality, history included, in the file layout."""
    offerings = (
        Offering.objects.filter(municipality=actor.municipality)
        .select_related("provider", "provision_type", "shell")
        .prefetch_related("served_municipalities", "served_areas")
        .order_by("provider__name", "provision_type__code", "shell__code", "name", "valid_from")
    )
    return [[_cell(o, f, k) for _c, f, k in COLUMNS] for o in offerings]


def export_csv(*, actor) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(export_rows(actor=actor))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(*, actor) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "aanbod"
    sheet.append(HEADER)
    for row in export_rows(actor=actor):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Reading -------------------------------------------------------------------------------------


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExchangeFileError(
            _(
                "Het bestand is niet in UTF-8 opgeslagen (fout bij byte %(pos)s). Kies in Excel "
                "'Opslaan als' en dan 'CSV UTF-8', of gebruik het XLSX-bestand."
            )
            % {"pos": exc.start + 1}
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ExchangeFileError(_("Het XLSX-bestand kan niet worden gelezen.")) from exc
    if len(book.worksheets) != 1:
        names = ", ".join(s.title for s in book.worksheets)
        raise ExchangeFileError(
            _(
                "Het bestand heeft %(n)s werkbladen (%(names)s). Zet alles op één werkblad en "
                "verwijder de andere."
            )
            % {"n": len(book.worksheets), "names": names}
        )
    sheet = book.worksheets[0]
    merged = [str(r) for r in sheet.merged_cells.ranges]
    if merged:
        raise ExchangeFileError(
            _("Het werkblad heeft samengevoegde cellen (%(cells)s). Maak die eerst los.")
            % {"cells": ", ".join(merged[:5])}
        )
    rows = []
    for values in sheet.iter_rows(values_only=True):
        row = []
        for value in values:
            if value is None:
                row.append("")
            elif isinstance(value, date):
                row.append(value.isoformat()[:10])
            elif isinstance(value, float) and value.is_integer():
                row.append(str(int(value)))
            else:
                row.append(str(value))
        rows.append(row)
    return rows


def read_table(content: bytes, filename: str = "") -> list[list[str]]:
    if not content.strip():
        raise ExchangeFileError(_("Het bestand is leeg."))
    if len(content) > MAX_BYTES:
        raise ExchangeFileError(_("Het bestand is groter dan 5 MB."))
    rows = _read_xlsx(content) if content.startswith(XLSX_MAGIC) else _read_csv(content)
    rows = [r for r in rows if any(str(v).strip() for v in r)]
    if not rows:
        raise ExchangeFileError(_("Het bestand is leeg."))
    header = [str(h).strip().lower() for h in rows[0]]
    missing = [c for c in HEADER if c not in header]
    unknown = [h for h in header if h and h not in HEADER]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("ontbrekende kolommen: %(c)s") % {"c": ", ".join(missing)})
        if unknown:
            parts.append(_("onbekende kolommen: %(c)s") % {"c": ", ".join(unknown)})
        raise ExchangeFileError(
            _("De kopregel klopt niet met de vaste indeling (%(parts)s).")
            % {"parts": "; ".join(parts)}
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ExchangeFileError(_("Het bestand heeft meer dan 20.000 regels."))
    return [header, *rows[1:]]


# Checking ------------------------------------------------------------------------------------


def _parse(value: str, kind: str):
    value = (value or "").strip()
    if kind == "int":
        if value == "":
            return None
        if not value.isdigit() or len(value) > 9:
            raise ValueError(_("'%(v)s' is geen heel getal") % {"v": value[:20]})
        return int(value)
    if kind == "bool":
        lowered = value.lower()
        if lowered in ("ja", "j", "1", "true", "waar"):
            return True
        if lowered in ("", "nee", "n", "0", "false", "onwaar"):
            return False
        raise ValueError(_("'%(v)s' is geen ja of nee") % {"v": value[:20]})
    if kind == "date":
        if value == "":
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError as exc:
            raise ValueError(_("'%(v)s' is geen datum als 2026-01-31") % {"v": value[:20]}) from exc
    if kind == "codes":
        return [c.strip().upper() for c in value.split(SEPARATOR) if c.strip()]
    return value


def check(*, actor, table: list[list[str]]) -> Preview:
    """Read every row, check it as the screens would, and count what an import would change."""
    header, body = table[0], table[1:]
    index = {name: i for i, name in enumerate(header)}
    types = {t.code: t for t in queries.provision_types(actor=actor)}
    shells = {s.code: s for s in queries.shells(actor=actor)}
    region = queries.visible_municipality_ids(municipality=actor.municipality)
    municipalities = {m.cbs_code: m for m in Municipality.objects.filter(pk__in=region)}
    areas = {a.cbs_code: a for a in Area.objects.filter(municipality_id__in=region)}
    rows: list[Row] = []
    errors: list[tuple[int, str]] = []
    providers_seen: dict[str, tuple[int, dict]] = {}
    keys_seen: dict[tuple, int] = {}
    for number, values in enumerate(body, start=2):
        values = [*values, *[""] * (len(header) - len(values))]
        problems: list[str] = []
        provider: dict = {}
        offering: dict = {}
        row = Row(line=number, provider=provider, offering=offering)
        for column, field_name, kind in COLUMNS:
            raw = str(values[index[column]] or "")
            try:
                value = _parse(raw, kind)
            except ValueError as exc:
                problems.append(f"{column}: {exc}")
                continue
            if field_name.startswith("provider."):
                provider[field_name.split(".", 1)[1]] = value
            elif field_name == "provision_type":
                row.provision_type = types.get(value)
                if row.provision_type is None:
                    problems.append(
                        _("soort: '%(v)s' is geen bekende soort voorziening") % {"v": value[:60]}
                    )
            elif field_name == "shell":
                row.shell = shells.get(value)
                if row.shell is None:
                    problems.append(_("schil: '%(v)s' is geen bekende schil") % {"v": value[:60]})
            elif field_name == "served_municipalities":
                unknown = [c for c in value if c not in municipalities]
                if unknown:
                    problems.append(
                        _("%(col)s: %(codes)s hoort niet bij uw regio")
                        % {"col": column, "codes": ", ".join(unknown[:5])}
                    )
                row.served_municipalities = [municipalities[c] for c in value if c not in unknown]
            elif field_name == "served_areas":
                unknown = [c for c in value if c not in areas]
                if unknown:
                    problems.append(
                        _("%(col)s: %(codes)s hoort niet bij uw regio")
                        % {"col": column, "codes": ", ".join(unknown[:5])}
                    )
                row.served_areas = [areas[c] for c in value if c not in unknown]
            else:
                offering[field_name] = value
        name = (provider.get("name") or "").strip()
        if not name:
            problems.append(_("aanbieder: vul de naam van de aanbieder in"))
        elif name.lower() in providers_seen:
            first_line, first = providers_seen[name.lower()]
            if first != provider:
                differ = [
                    c for c in PROVIDER_COLUMNS if first.get(_pfield(c)) != provider.get(_pfield(c))
                ]
                problems.append(
                    _(
                        "aanbieder '%(name)s' staat ook op regel %(line)s, maar met andere "
                        "gegevens (%(cols)s)"
                    )
                    % {"name": name, "line": first_line, "cols": ", ".join(differ)}
                )
        else:
            providers_seen[name.lower()] = (number, dict(provider))
        if row.provision_type is not None and row.shell is not None and not problems:
            field_problems = offering_problems(
                actor=actor,
                provision_type=row.provision_type,
                shell=row.shell,
                fields=offering,
                served_municipalities=row.served_municipalities,
                served_areas=row.served_areas,
            )
            field_problems.update(_model_problems(offering))
            column_of = {f: c for c, f, _k in COLUMNS}
            for field_name, message in field_problems.items():
                problems.append(f"{column_of.get(field_name, field_name)}: {message}")
        key = (
            name.lower(),
            getattr(row.provision_type, "pk", None),
            getattr(row.shell, "pk", None),
            offering.get("name", ""),
            offering.get("valid_from"),
        )
        if not problems and key in keys_seen:
            problems.append(
                _("hetzelfde aanbod staat ook op regel %(line)s") % {"line": keys_seen[key]}
            )
        keys_seen.setdefault(key, number)
        if problems:
            errors.append((number, "; ".join(problems)))
        else:
            rows.append(row)
    preview = Preview(rows=rows, errors=errors)
    if not body:
        preview.errors.append((1, _("Het bestand heeft alleen een kopregel.")))
    if preview.ok:
        _count_changes(actor=actor, preview=preview)
    return preview


def _pfield(column: str) -> str:
    return next(f for c, f, _k in COLUMNS if c == column).split(".", 1)[1]


CHOICE_FIELDS = ("group_welcome", "group_uses", "funder", "decider")


def _model_problems(offering: dict) -> dict[str, str]:
    """Choices and lengths the model holds, checked before anything is stored."""
    problems = {}
    for name in (*CHOICE_FIELDS, "legal_frame", "access_kind", "capacity_unit"):
        field_obj = Offering._meta.get_field(name)
        value = offering.get(name, "")
        allowed = [v for v, _label in field_obj.choices]
        if value == "" and name not in CHOICE_FIELDS:
            continue
        if value not in allowed:
            problems[name] = _("'%(v)s' kan niet; kies uit %(allowed)s") % {
                "v": value[:40],
                "allowed": ", ".join(allowed),
            }
    for name in ("name", "target_group", "own_contribution", "referral_contact"):
        limit = Offering._meta.get_field(name).max_length
        if len(offering.get(name) or "") > limit:
            problems[name] = _("langer dan %(n)s tekens") % {"n": limit}
    return problems


def _provider_values(provider: Provider) -> dict:
    return {_pfield(c): getattr(provider, _pfield(c)) for c in PROVIDER_COLUMNS}


def provider_unchanged(existing: Provider, row: Row) -> bool:
    return _provider_values(existing) == {
        k: row.provider.get(k, "") for k in _provider_values(existing)
    }


def offering_unchanged(existing: Offering, row: Row) -> bool:
    return _offering_unchanged(existing, row)


def _offering_unchanged(existing: Offering, row: Row) -> bool:
    for name, value in row.offering.items():
        if getattr(existing, name) != value:
            return False
    return {m.pk for m in existing.served_municipalities.all()} == {
        m.pk for m in row.served_municipalities
    } and {a.pk for a in existing.served_areas.all()} == {a.pk for a in row.served_areas}


def _count_changes(*, actor, preview: Preview) -> None:
    providers = {
        p.name.lower(): p for p in Provider.objects.filter(municipality=actor.municipality)
    }
    counted: set[str] = set()
    for row in preview.rows:
        key = row.provider["name"].lower()
        existing = providers.get(key)
        if key not in counted:
            counted.add(key)
            if existing is None:
                preview.new_providers += 1
            elif _provider_values(existing) != {
                k: row.provider.get(k, "") for k in _provider_values(existing)
            }:
                preview.changed_providers += 1
        match = None
        if existing is not None:
            match = offering_match(actor=actor, provider=existing, row=row)
        if match is None:
            preview.new_offerings += 1
        elif _offering_unchanged(match, row):
            preview.unchanged_offerings += 1
        else:
            preview.changed_offerings += 1


def offering_match(*, actor, provider, row: Row) -> Offering | None:
    """The stored offering a row updates: by its id in the source (HSDS import), else by
    provider, type, shell, name and start date."""
    qs = Offering.objects.prefetch_related("served_municipalities", "served_areas")
    if row.offering.get("source_id"):
        return qs.filter(
            municipality=actor.municipality, source_id=row.offering["source_id"]
        ).first()
    return qs.filter(
        provider=provider,
        provision_type=row.provision_type,
        shell=row.shell,
        name=row.offering.get("name", ""),
        valid_from=row.offering.get("valid_from"),
    ).first()
