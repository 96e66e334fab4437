"""Writes to the good-practice library: loading the national practices from the seed files."""

from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from stabiel.catalogue.models import Action, Pillar, Publication
from stabiel.catalogue.sources import source_label

from .models import BasicFunction, Practice, PracticeKind

SEED_DIR = Path(__file__).resolve().parent / "seed"

# seed file -> the publication every practice in it comes from
SEED_FILES: dict[str, str] = {
    "stop_het_stapelen.yaml": "vng-stop-het-stapelen-2022",
    "kpmg.yaml": "kpmg-basisfuncties-2019",
    "integraal_werken.yaml": "integraal-werken-2018",
}

FIELDS = {"slug", "kind", "title", "summary", "addresses", "pillar", "action"} | {
    "basic_functions",
    "organisation",
    "source_ref",
    "tags",
}


class PracticeSeedError(ValueError):
    pass


def _national(model, code, where):
    if code is None:
        return None
    try:
        return model.objects.get(municipality__isnull=True, code=code)
    except model.DoesNotExist as exc:
        raise PracticeSeedError(f"{where}: unknown {model.__name__} {code!r}") from exc


@transaction.atomic
def practice_load_national(*, seed_dir: Path = SEED_DIR) -> dict[str, int]:
    """Create or update every national practice from the seed files. Safe to run again.

    Needs the national catalogue (pillars, actions, publications) to be loaded first.
    """
    counts: dict[str, int] = {}
    position = 0
    for filename, publication_code in SEED_FILES.items():
        rows = yaml.safe_load((seed_dir / filename).read_text(encoding="utf-8")) or []
        if not isinstance(rows, list):
            raise PracticeSeedError(f"{filename}: expected a list of practices")
        publication = Publication.objects.get(code=publication_code)
        for row in rows:
            unknown = set(row) - FIELDS
            slug = row.get("slug")
            where = f"{filename}: {slug}"
            if unknown or not slug:
                raise PracticeSeedError(f"{where}: unknown fields {sorted(unknown)}")
            functions = row.get("basic_functions") or []
            bad = [f for f in functions if f not in BasicFunction.values]
            if bad:
                raise PracticeSeedError(f"{where}: unknown basic functions {bad}")
            position += 1
            practice, _ = Practice.objects.update_or_create(
                slug=slug,
                defaults={
                    "municipality": None,
                    "kind": row.get("kind", PracticeKind.MEASURE),
                    "title": row["title"],
                    "summary": row["summary"].strip(),
                    "addresses": row.get("addresses", "").strip(),
                    "pillar": _national(Pillar, row.get("pillar"), where),
                    "action": _national(Action, row.get("action"), where),
                    "basic_functions": ",".join(functions),
                    "organisation": row.get("organisation", ""),
                    "publication": publication,
                    "source_ref": row.get("source_ref", ""),
                    "tags": ", ".join(row.get("tags") or []),
                    "position": position,
                },
            )
            practice.full_clean(validate_unique=False, validate_constraints=False)
        counts[filename] = len(rows)
    return counts


# Adopting a practice into a plan ------------------------------------------------------------

# The owner is asked on the measure form that opens right after adopting.
ADOPT_OWNER = "Nog te bepalen"


class PracticeAdoptError(ValueError):
    """The practice cannot be adopted; the message is plain Dutch for the screen."""


def practice_adopt(*, actor, practice: Practice, plan, impact, effort):
    """Create a measure in ``plan`` based on ``practice`` with the effect and effort the adviser
    expects here; the measure form opens next for owner, period and budget."""
    from stabiel.plans.models import Plan
    from stabiel.plans.services import PlanInputError, measure_create

    if plan.municipality_id != actor.municipality_id:
        raise PracticeAdoptError(_("Dit plan hoort niet bij uw gemeente."))
    if practice.municipality_id not in (None, actor.municipality_id):
        raise PracticeAdoptError(_("Dit voorbeeld hoort bij een andere gemeente."))
    if plan.status == Plan.Status.CLOSED:
        raise PracticeAdoptError(_("Dit plan is afgesloten. Kies een ander plan."))
    source = ", ".join(
        part
        for part in (
            practice.organisation,
            source_label(practice.publication, practice.source_ref),
        )
        if part
    )
    description = "\n\n".join(
        part
        for part in (
            practice.summary,
            _("Pakt aan: %(what)s") % {"what": practice.addresses} if practice.addresses else "",
            _("Goed voorbeeld: %(source)s.") % {"source": source},
        )
        if part
    )
    try:
        return measure_create(
            actor=actor,
            plan=plan,
            title=practice.title,
            description=description,
            owner=_(ADOPT_OWNER),
            impact=impact,
            effort=effort,
            practice=practice,
            source=source,
        )
    except PlanInputError as exc:
        raise PracticeAdoptError(str(exc)) from exc
