"""Every write of "Ken je inwoners": loads of figures, hard cases, observations."""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from stabiel.accounts.models import Area
from stabiel.accounts.policy import Permission, may
from stabiel.core import anonymity

from . import cbs
from .figures import AreaValue, LoadError, RowProblem
from .localcsv import parse_csv
from .models import AreaFigure, FigureLoad, HardCase, Observation


class KnowResidentsInputError(ValueError):
    """Input that cannot be stored; the message is plain Dutch."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class LoadResult:
    load: FigureLoad
    changed: bool  # False: the same figures were loaded before, nothing changed
    replaced: bool  # True: an earlier load of the same source and year was replaced


def _require(actor) -> None:
    if not may(actor, Permission.PLANS_WORK):
        raise KnowResidentsInputError(
            _("U mag de cijfers en verhalen van Ken je inwoners niet wijzigen.")
        )


def _fingerprint(values: list[AreaValue]) -> str:
    lines = sorted(f"{v.area_code}|{v.indicator}|{v.value.normalize()}" for v in values)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def area_names(municipality) -> dict[str, str]:
    names = dict(Area.objects.filter(municipality=municipality).values_list("cbs_code", "name"))
    names[municipality.cbs_code] = municipality.name
    return names


@transaction.atomic
def _store(*, actor, origin, year, source, table, sample, values) -> LoadResult:
    municipality = actor.municipality
    fingerprint = _fingerprint(values)
    existing = (
        FigureLoad.objects.select_for_update()
        .filter(municipality=municipality, origin=origin, year=year, source=source)
        .first()
    )
    if existing and existing.fingerprint == fingerprint and existing.sample == sample:
        return LoadResult(existing, changed=False, replaced=False)
    if existing:
        existing.delete()
    load = FigureLoad.objects.create(
        municipality=municipality,
        origin=origin,
        year=year,
        source=source,
        table=table,
        sample=sample,
        fingerprint=fingerprint,
        value_count=len(values),
        loaded_by=actor,
    )
    AreaFigure.objects.bulk_create(
        AreaFigure(
            municipality=municipality,
            load=load,
            area_code=v.area_code,
            area_name=v.area_name[:120],
            indicator=v.indicator,
            value=v.value,
        )
        for v in values
    )
    return LoadResult(load, changed=True, replaced=existing is not None)


def figures_load_cbs(*, actor, year: int, recording) -> LoadResult:
    """Store one municipality's Kerncijfers of a year from a CBS answer or recording."""
    _require(actor)
    table = cbs.parse(recording, municipality_code=actor.municipality.cbs_code, year=year)
    return _store(
        actor=actor,
        origin=FigureLoad.Origin.CBS,
        year=year,
        source=f"CBS StatLine {table.table_id}",
        table=table.title,
        sample=table.sample,
        values=list(table.values),
    )


def figures_load_csv(*, actor, year: int, source: str, filename: str, content: bytes) -> LoadResult:
    """Store the municipality's own figures of a year from a CSV (all or nothing)."""
    _require(actor)
    source = (source or "").strip()
    if not source:
        raise LoadError(
            [RowProblem(0, _("Vul de bron in, bijvoorbeeld 'GGD Gezondheidsmonitor 2024'."))]
        )
    municipality = actor.municipality
    values = parse_csv(
        content, municipality_code=municipality.cbs_code, area_names=area_names(municipality)
    )
    return _store(
        actor=actor,
        origin=FigureLoad.Origin.LOCAL,
        year=year,
        source=source[:200],
        table=filename[:200],
        sample=False,
        values=values,
    )


def figures_load_remove(*, actor, load_id: int) -> None:
    _require(actor)
    deleted, _rows = FigureLoad.objects.filter(municipality=actor.municipality, pk=load_id).delete()
    if not deleted:
        raise KnowResidentsInputError(_("Deze cijfers bestaan niet (meer)."))


def _check_texts(texts: dict[str, str]) -> None:
    for field, text in texts.items():
        found = anonymity.problems(text or "")
        if found:
            raise KnowResidentsInputError(found[0], field=field)


def hard_case_record(
    *, actor, title: str, situation: str, why_hard: str, what_helped: str = ""
) -> HardCase:
    _require(actor)
    texts = {
        "title": title,
        "situation": situation,
        "why_hard": why_hard,
        "what_helped": what_helped,
    }
    for field in ("title", "situation", "why_hard"):
        if not (texts[field] or "").strip():
            raise KnowResidentsInputError(_("Vul dit veld in."), field=field)
    _check_texts(texts)
    return HardCase.objects.create(
        municipality=actor.municipality,
        recorded_by=actor,
        title=title.strip(),
        situation=situation.strip(),
        why_hard=why_hard.strip(),
        what_helped=(what_helped or "").strip(),
    )


def observation_record(
    *, actor, kind: str, source: str, text: str, place: str = "", observed_on: date | None = None
) -> Observation:
    _require(actor)
    if kind not in Observation.Kind.values:
        raise KnowResidentsInputError(_("Kies wat u vastlegt."), field="kind")
    if kind == Observation.Kind.FRONT_DESK:
        source = Observation.Source.FRONT_DESK
    elif source not in Observation.Source.values or source == Observation.Source.FRONT_DESK:
        raise KnowResidentsInputError(
            _("Kies van wie het komt: toegang, welzijn of jongerenwerk."), field="source"
        )
    if not (text or "").strip():
        raise KnowResidentsInputError(_("Vul dit veld in."), field="text")
    _check_texts({"text": text, "place": place})
    return Observation.objects.create(
        municipality=actor.municipality,
        recorded_by=actor,
        kind=kind,
        source=source,
        place=(place or "").strip(),
        observed_on=observed_on,
        text=text.strip(),
    )


def record_delete(*, actor, model: str, pk: int) -> None:
    """Remove one hard case or observation of the actor's municipality."""
    _require(actor)
    klass = {"geval": HardCase, "bevinding": Observation}.get(model)
    if (
        klass is None
        or not klass.objects.filter(municipality=actor.municipality, pk=pk).delete()[0]
    ):
        raise KnowResidentsInputError(_("Dit bestaat niet (meer)."))
