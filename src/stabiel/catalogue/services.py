"""Writes to the catalogue: loading the national base, local items and switches."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Model, Q
from django.utils.text import slugify

from .models import (
    Action,
    CatalogueItem,
    GreenFlagType,
    ItemSwitch,
    LifeDomain,
    LifeEvent,
    Perspective,
    Pillar,
    ProvisionType,
    Publication,
    RedFlagType,
    Shell,
    SignalType,
)

SEED_DIR = Path(__file__).resolve().parent / "seed"


@dataclass(frozen=True)
class SeedFile:
    filename: str
    model: type[CatalogueItem]
    # YAML key -> (model field, related model) for foreign keys given by code
    references: dict[str, tuple[str, type[Model]]]


SEED_FILES: tuple[SeedFile, ...] = (
    SeedFile("pillars.yaml", Pillar, {}),
    SeedFile("actions.yaml", Action, {"pillar": ("pillar", Pillar)}),
    SeedFile("life_domains.yaml", LifeDomain, {}),
    SeedFile("perspectives.yaml", Perspective, {}),
    SeedFile("shells.yaml", Shell, {}),
    SeedFile(
        "red_flags.yaml", RedFlagType, {"pillar": ("pillar", Pillar), "action": ("action", Action)}
    ),
    SeedFile(
        "green_flags.yaml",
        GreenFlagType,
        {"pillar": ("pillar", Pillar), "action": ("action", Action)},
    ),
    SeedFile("life_events.yaml", LifeEvent, {}),
    SeedFile("provision_types.yaml", ProvisionType, {"life_domain": ("life_domain", LifeDomain)}),
    SeedFile("signal_types.yaml", SignalType, {"red_flag": ("red_flag_type", RedFlagType)}),
)


class SeedError(ValueError):
    pass


def _read(path: Path) -> list[dict]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(rows, list):
        raise SeedError(f"{path.name}: expected a list of items")
    return rows


@transaction.atomic
def catalogue_load_national(*, seed_dir: Path = SEED_DIR) -> dict[str, int]:
    """Create or update every national item from the seed files. Safe to run again.

    Items a municipality added, and its switches, are never touched.
    """
    counts: dict[str, int] = {}
    publications = {}
    for row in _read(seed_dir / "publications.yaml"):
        pub, _ = Publication.objects.update_or_create(code=row["code"], defaults=row)
        publications[pub.code] = pub
    counts["publications.yaml"] = len(publications)

    for seed in SEED_FILES:
        rows = _read(seed_dir / seed.filename)
        for position, row in enumerate(rows):
            values = dict(row)
            code = values.pop("code")
            source = values.pop("source", None)
            if source is not None and source not in publications:
                raise SeedError(f"{seed.filename}: {code}: unknown publication {source!r}")
            values["source"] = publications.get(source)
            values.setdefault("position", position)
            for key, (field, related) in seed.references.items():
                ref = values.pop(key, None)
                if ref is None:
                    values[field] = None
                    continue
                try:
                    values[field] = related.objects.get(municipality__isnull=True, code=ref)
                except related.DoesNotExist as exc:
                    raise SeedError(f"{seed.filename}: {code}: unknown {key} {ref!r}") from exc
            item, _ = seed.model.objects.update_or_create(
                municipality=None, code=code, defaults=values
            )
            item.full_clean(validate_unique=False, validate_constraints=False)
        counts[seed.filename] = len(rows)
    return counts


def item_switch_set(*, municipality, item: CatalogueItem, active: bool) -> ItemSwitch:
    """Switch a national item off (or on again) for one municipality."""
    if not item.is_national:
        raise ValueError("Only national items are switched; a local item is edited or deleted.")
    switch, _ = ItemSwitch.objects.update_or_create(
        municipality=municipality,
        kind=item._meta.label_lower,
        code=item.code,
        defaults={"active": active},
    )
    return switch


def _unique_code(*, model: type[CatalogueItem], municipality, name: str) -> str:
    base = (slugify(name) or "item")[:70]
    taken = set(
        model.objects.filter(code__startswith=base)
        .filter(Q(municipality__isnull=True) | Q(municipality=municipality))
        .values_list("code", flat=True)
    )
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


@transaction.atomic
def item_save_local(
    *, municipality, model: type[CatalogueItem], item: CatalogueItem | None, values: dict
):
    """Create or change a municipality's own catalogue item. National items are never changed here."""
    if item is not None and item.municipality_id != municipality.pk:
        raise PermissionError("not an item of this municipality")
    if item is None:
        item = model(municipality=municipality)
        item.code = _unique_code(model=model, municipality=municipality, name=values["name"])
    for field, value in values.items():
        setattr(item, field, value)
    item.full_clean()
    item.save()
    return item
