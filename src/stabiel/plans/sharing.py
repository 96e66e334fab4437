"""Sharing a prevention plan with another municipality as a JSON file.

The file holds the plan's text, its flags and its measures, never anything about the work
sessions (no participants, answers or own questions). Catalogue items are named by their stable
national code and good practices by their slug, never by a database id, so the file means the same
in every installation. Format::

    {"format": "stabiel-plan", "version": 1, "exported_at": "...",
     "source": {"municipality": "Zeist", "cbs_code": "GM0355"},
     "plan": {"year": 2026, "title": "...", "summary": "...", "status": "adopted"},
     "flags": [{"key": "f1", "colour": "red", "title": "...", "description": "...",
                "pillar": "meedoen", "action": null, "red_flag_type": "...",
                "green_flag_type": null, "evidence_figures": "...", "evidence_source": "..."}],
     "measures": [{"title": "...", "description": "...", "owner": "...", "partners": "...",
                   "starts_on": "2026-03-01", "ends_on": null, "budget": "12500.00",
                   "indicator": "...", "impact": 3, "effort": 2, "flags": ["f1"],
                   "practice": "waakvlambegeleiding"}]}

Importing makes a new plan in the importing municipality as a starting point: status back to
"in voorbereiding", every measure "gepland". A newer or unknown version, a broken or oversized
file, an unknown key or an unknown code stops the import with a Dutch message; nothing is stored
(one transaction).
"""

import json
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.catalogue.models import Action, GreenFlagType, Pillar, RedFlagType
from stabiel.practices.models import Practice

from .models import Flag, Measure, Plan
from .services import PlanInputError, flag_create, measure_create, plan_create

FORMAT = "stabiel-plan"
VERSION = 1
MAX_BYTES = 2_000_000
MAX_FLAGS = 500
MAX_MEASURES = 500

PLAN_KEYS = {"year", "title", "summary", "status"}
FLAG_KEYS = {
    "key",
    "colour",
    "title",
    "description",
    "pillar",
    "action",
    "red_flag_type",
    "green_flag_type",
    "evidence_figures",
    "evidence_source",
}
MEASURE_KEYS = {
    "title",
    "description",
    "owner",
    "partners",
    "starts_on",
    "ends_on",
    "budget",
    "indicator",
    "outcome_figure",  # optional: the code of an outcome figure of `insights` (issue 17)
    "impact",
    "effort",
    "flags",
    "practice",
}
TOP_KEYS = {"format", "version", "exported_at", "source", "plan", "flags", "measures"}


class PlanShareError(ValueError):
    """The file cannot be imported; the message is plain Dutch for the screen."""


# Export -------------------------------------------------------------------------------------


def _code(item) -> str | None:
    return item.code if item is not None else None


def plan_share_data(*, plan: Plan) -> dict:
    flags = list(
        Flag.objects.filter(plan=plan, municipality=plan.municipality)
        .select_related("pillar", "action", "red_flag_type", "green_flag_type")
        .order_by("pk")
    )
    keys = {flag.pk: f"f{i}" for i, flag in enumerate(flags, start=1)}
    measures = (
        Measure.objects.filter(plan=plan, municipality=plan.municipality)
        .select_related("practice")
        .prefetch_related("flags")
        .order_by("pk")
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "source": {
            "municipality": plan.municipality.name,
            "cbs_code": plan.municipality.cbs_code,
        },
        "plan": {
            "year": plan.year,
            "title": plan.title,
            "summary": plan.summary,
            "status": plan.status,
        },
        "flags": [
            {
                "key": keys[flag.pk],
                "colour": flag.colour,
                "title": flag.title,
                "description": flag.description,
                # Only national catalogue items travel; a municipality's own item has no meaning
                # elsewhere, so the flag keeps its text and drops the link.
                "pillar": _code(flag.pillar),
                "action": _code(flag.action),
                "red_flag_type": _code(flag.red_flag_type)
                if flag.red_flag_type and flag.red_flag_type.is_national
                else None,
                "green_flag_type": _code(flag.green_flag_type)
                if flag.green_flag_type and flag.green_flag_type.is_national
                else None,
                "evidence_figures": flag.evidence_figures,
                "evidence_source": flag.evidence_source,
            }
            for flag in flags
        ],
        "measures": [
            {
                "title": m.title,
                "description": m.description,
                "owner": m.owner,
                "partners": m.partners,
                "starts_on": m.starts_on.isoformat() if m.starts_on else None,
                "ends_on": m.ends_on.isoformat() if m.ends_on else None,
                "budget": str(m.budget) if m.budget is not None else None,
                "indicator": m.indicator,
                "outcome_figure": m.outcome_figure,
                "impact": m.impact,
                "effort": m.effort,
                "flags": [keys[f.pk] for f in m.flags.all() if f.pk in keys],
                "practice": m.practice.slug
                if m.practice is not None and m.practice.is_national
                else None,
            }
            for m in measures
        ],
    }


def plan_share_json(*, plan: Plan) -> bytes:
    return json.dumps(plan_share_data(plan=plan), ensure_ascii=False, indent=2).encode("utf-8")


# Import: reading and checking ---------------------------------------------------------------


def _fail(message: str):
    raise PlanShareError(message)


def parse(raw: bytes) -> dict:
    """Bytes to a checked dict of the current version, or PlanShareError."""
    if len(raw) > MAX_BYTES:
        _fail(
            _("Dit bestand is te groot. Een planbestand is hoogstens %(mb)s MB.")
            % {"mb": MAX_BYTES // 1_000_000}
        )
    if not raw.strip():
        _fail(_("Dit bestand is leeg."))
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        _fail(
            _(
                "Dit is geen leesbaar planbestand (geen JSON). Kies het bestand dat Stabiel "
                "maakte met 'Delen met een andere gemeente'."
            )
        )
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        _fail(
            _('Dit is geen planbestand van Stabiel: het kenmerk "format" ontbreekt of klopt niet.')
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        _fail(_("De versie van dit planbestand is onbekend. Deze Stabiel leest versie 1."))
    if version > VERSION:
        _fail(
            _(
                "Dit planbestand komt uit een nieuwere versie van Stabiel (bestandsversie "
                "%(version)s). Deze Stabiel leest versie %(ours)s. Vraag de andere gemeente om "
                "een ouder bestand, of wacht tot uw Stabiel is bijgewerkt."
            )
            % {"version": version, "ours": VERSION}
        )
    _check_keys(data, TOP_KEYS, _("het bestand"))
    plan = data.get("plan")
    if not isinstance(plan, dict):
        _fail(_("In dit bestand ontbreekt het plan zelf."))
    _check_keys(plan, PLAN_KEYS, _("het plan"))
    flags, measures = data.get("flags", []), data.get("measures", [])
    if not isinstance(flags, list) or not isinstance(measures, list):
        _fail(_("De vlaggen en maatregelen in dit bestand staan niet in een lijst."))
    if len(flags) > MAX_FLAGS or len(measures) > MAX_MEASURES:
        _fail(
            _("Dit bestand heeft te veel vlaggen of maatregelen (hoogstens %(n)s van elk).")
            % {"n": MAX_FLAGS}
        )
    for number, flag in enumerate(flags, start=1):
        where = _("vlag %(n)s") % {"n": number}
        if not isinstance(flag, dict):
            _fail(_("In dit bestand is %(where)s geen geldig onderdeel.") % {"where": where})
        _check_keys(flag, FLAG_KEYS, where)
    for number, measure in enumerate(measures, start=1):
        where = _("maatregel %(n)s") % {"n": number}
        if not isinstance(measure, dict):
            _fail(_("In dit bestand is %(where)s geen geldig onderdeel.") % {"where": where})
        _check_keys(measure, MEASURE_KEYS, where)
    return data


def _check_keys(obj: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in obj if k not in allowed)
    if unknown:
        _fail(
            _(
                "In %(where)s staat een onbekend veld: %(keys)s. Een planbestand bevat geen "
                "nummers uit een database en geen gegevens van deelnemers."
            )
            % {"where": where, "keys": ", ".join(unknown[:5])}
        )


def _text(obj: dict, key: str, where: str, *, required=False, max_length=None) -> str:
    value = obj.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        _fail(_("In %(where)s moet '%(key)s' tekst zijn.") % {"where": where, "key": key})
    value = value.strip()
    if required and not value:
        _fail(_("In %(where)s ontbreekt '%(key)s'.") % {"where": where, "key": key})
    if max_length and len(value) > max_length:
        _fail(
            _("In %(where)s is '%(key)s' te lang (hoogstens %(n)s tekens).")
            % {"where": where, "key": key, "n": max_length}
        )
    return value


def _national(model, obj: dict, key: str, where: str, label: str):
    code = obj.get(key)
    if code is None or code == "":
        return None
    if not isinstance(code, str):
        _fail(_("In %(where)s moet '%(key)s' een code zijn.") % {"where": where, "key": key})
    item = model.objects.filter(municipality__isnull=True, code=code).first()
    if item is None:
        _fail(
            _("In %(where)s staat een onbekende %(label)s: '%(code)s'.")
            % {"where": where, "label": label, "code": code[:80]}
        )
    return item


def _day(obj: dict, key: str, where: str) -> date | None:
    value = obj.get(key)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        _fail(
            _("In %(where)s is '%(key)s' geen datum (schrijf 2026-12-31).")
            % {"where": where, "key": key}
        )


def _integer(obj: dict, key: str, where: str):
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(_("In %(where)s moet '%(key)s' een getal zijn.") % {"where": where, "key": key})
    return value


# Import: storing ----------------------------------------------------------------------------


@transaction.atomic
def plan_import(*, actor, raw: bytes, year: int | None = None) -> Plan:
    """A new plan in the actor's municipality from a shared file. All or nothing."""
    data = parse(raw)
    source = data["plan"]
    if year is None:
        year = source.get("year")
        if isinstance(year, bool) or not isinstance(year, int):
            _fail(_("Het jaar van het plan in dit bestand ontbreekt. Vul zelf een jaar in."))
    title = _text(source, "title", _("het plan"), required=True, max_length=200)
    summary = _text(source, "summary", _("het plan"))
    try:
        plan = plan_create(actor=actor, year=year, title=title, summary=summary)
        flags = {}
        for number, row in enumerate(data.get("flags", []), start=1):
            where = _("vlag %(n)s") % {"n": number}
            key = row.get("key")
            if not isinstance(key, str) or not key or key in flags:
                _fail(_("In %(where)s ontbreekt een eigen sleutel ('key').") % {"where": where})
            flags[key] = _import_flag(actor=actor, plan=plan, row=row, where=where)
        for number, row in enumerate(data.get("measures", []), start=1):
            where = _("maatregel %(n)s") % {"n": number}
            _import_measure(actor=actor, plan=plan, row=row, where=where, flags=flags)
    except PlanInputError as exc:
        raise PlanShareError(str(exc)) from exc
    return plan


def _import_flag(*, actor, plan, row, where) -> Flag:
    colour = row.get("colour")
    if colour not in Flag.Colour.values:
        _fail(_("In %(where)s moet de kleur 'red' of 'green' zijn.") % {"where": where})
    try:
        return flag_create(
            actor=actor,
            plan=plan,
            colour=colour,
            title=_text(row, "title", where, required=True, max_length=200),
            description=_text(row, "description", where),
            pillar=_national(Pillar, row, "pillar", where, _("pijler")),
            action=_national(Action, row, "action", where, _("actie")),
            red_flag_type=_national(RedFlagType, row, "red_flag_type", where, _("rode vlag")),
            green_flag_type=_national(
                GreenFlagType, row, "green_flag_type", where, _("groene vlag")
            ),
            evidence_figures=_text(row, "evidence_figures", where),
            evidence_source=_text(row, "evidence_source", where, max_length=300),
        )
    except PlanInputError as exc:
        _fail(f"{where.capitalize()}: {exc}")


def _import_measure(*, actor, plan, row, where, flags: dict) -> Measure:
    keys = row.get("flags") or []
    if not isinstance(keys, list) or any(not isinstance(k, str) for k in keys):
        _fail(_("In %(where)s moeten de vlaggen een lijst met sleutels zijn.") % {"where": where})
    missing = [k for k in keys if k not in flags]
    if missing:
        _fail(
            _("In %(where)s staat een vlag die niet in het bestand staat: '%(key)s'.")
            % {"where": where, "key": missing[0][:40]}
        )
    practice = None
    slug = row.get("practice")
    if slug not in (None, ""):
        if not isinstance(slug, str):
            _fail(_("In %(where)s moet 'practice' een code zijn.") % {"where": where})
        practice = Practice.objects.filter(municipality__isnull=True, slug=slug).first()
        if practice is None:
            _fail(
                _("In %(where)s staat een onbekend goed voorbeeld: '%(code)s'.")
                % {"where": where, "code": slug[:80]}
            )
    budget = row.get("budget")
    if budget is not None and not isinstance(budget, str | int | float):
        _fail(_("In %(where)s is het budget geen bedrag.") % {"where": where})
    try:
        return measure_create(
            actor=actor,
            plan=plan,
            title=_text(row, "title", where, required=True, max_length=200),
            description=_text(row, "description", where),
            owner=_text(row, "owner", where, required=True, max_length=200),
            partners=_text(row, "partners", where),
            starts_on=_day(row, "starts_on", where),
            ends_on=_day(row, "ends_on", where),
            budget=None if budget is None else str(budget),
            indicator=_text(row, "indicator", where, max_length=300),
            outcome_figure=_text(row, "outcome_figure", where, max_length=40),
            impact=_integer(row, "impact", where),
            effort=_integer(row, "effort", where),
            flags=[flags[k] for k in keys],
            practice=practice,
        )
    except PlanInputError as exc:
        _fail(f"{where.capitalize()}: {exc}")
