"""Reads of the catalogue as one municipality sees it: national items it uses plus its own."""

from django.db.models import Q, QuerySet

from .models import CatalogueItem, ItemSwitch, RedFlagType, SignalType


def switched_off_codes(*, municipality, model: type[CatalogueItem]) -> QuerySet:
    return ItemSwitch.objects.filter(
        municipality=municipality, kind=model._meta.label_lower, active=False
    ).values("code")


def items_for(
    *, municipality, model: type[CatalogueItem], include_inactive: bool = False
) -> QuerySet:
    """Every item of one kind that this municipality can use."""
    qs = model.objects.filter(Q(municipality__isnull=True) | Q(municipality=municipality))
    if not include_inactive:
        qs = qs.exclude(
            Q(municipality__isnull=True)
            & Q(code__in=switched_off_codes(municipality=municipality, model=model))
        )
    return qs


def signal_types_switched_off(*, municipality) -> QuerySet:
    """National signal types this municipality switched off: a partner who reports one hears
    that the municipality does not accept it, not that the type is unknown."""
    return SignalType.objects.filter(
        municipality__isnull=True,
        code__in=switched_off_codes(municipality=municipality, model=SignalType),
    )


def item_is_active(*, municipality, item: CatalogueItem) -> bool:
    if not item.is_national:
        return True
    return not ItemSwitch.objects.filter(
        municipality=municipality, kind=item._meta.label_lower, code=item.code, active=False
    ).exists()


def pillars_for(*, municipality) -> tuple[list, object | None]:
    """The three pillars in drawing order and the core."""
    from .models import Pillar

    items = list(
        items_for(municipality=municipality, model=Pillar).filter(municipality__isnull=True)
    )
    pillars = [p for p in items if not p.is_core][:3]
    core = next((p for p in items if p.is_core), None)
    return pillars, core


def model_drawing(
    *,
    municipality,
    caption: str,
    red: dict[str, int | str] | None = None,
    green: dict[str, int | str] | None = None,
    core_red=None,
    core_green=None,
):
    """A ModelDrawing for this municipality with counts keyed by pillar code."""
    from django.utils.translation import gettext as _

    from .drawing import ModelCell, ModelDrawing

    pillars, core = pillars_for(municipality=municipality)
    if len(pillars) != 3 or core is None:
        return None  # catalogue not loaded yet

    def cell(item, r, g):
        return ModelCell(code=item.code, label=item.display_name, red=r, green=g)

    return ModelDrawing(
        caption=caption,
        core=cell(core, core_red, core_green),
        pillars=tuple(
            cell(
                p,
                None if red is None else red.get(p.code, 0),
                None if green is None else green.get(p.code, 0),
            )
            for p in pillars
        ),
        red_label=_("Rode vlaggen"),
        green_label=_("Groene vlaggen"),
    )


def pillar_flag_counts(*, municipality):
    """The catalogue itself drawn: how many red and green flag types each pillar has."""
    from django.db.models import Count
    from django.utils.translation import gettext as _

    from .models import GreenFlagType, RedFlagType

    def per_pillar(model) -> dict[str, int]:
        rows = (
            items_for(municipality=municipality, model=model)
            .filter(pillar__isnull=False)
            .values("pillar__code")
            .annotate(n=Count("id"))
        )
        return {row["pillar__code"]: row["n"] for row in rows}

    return model_drawing(
        municipality=municipality,
        caption=_(
            "Stabiliteitsmodel: aantal soorten rode en groene vlaggen per pijler in de catalogus"
        ),
        red=per_pillar(RedFlagType),
        green=per_pillar(GreenFlagType),
    )


def item_list(*, municipality, kind, filters: dict):
    """Items of one kind for a municipality, with its own filter values applied."""
    qs = items_for(municipality=municipality, model=kind.model, include_inactive=True)
    pillar = filters.get("pillar")
    if pillar:
        field = "red_flag_type__pillar" if kind.slug == "signalen" else "pillar"
        qs = qs.filter(**{field: pillar})
    for name in ("action", "life_domain", "level", "aim", "subject", "weight"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("health"):
        qs = qs.filter(is_health_characteristic=filters["health"] == "ja")
    if filters.get("q"):
        term = filters["q"]
        qs = qs.filter(
            Q(name__icontains=term) | Q(aliases__icontains=term) | Q(description__icontains=term)
        )
    related = [
        f.name for f in kind.model._meta.get_fields() if f.many_to_one and f.name != "municipality"
    ]
    off = set(
        switched_off_codes(municipality=municipality, model=kind.model).values_list(
            "code", flat=True
        )
    )
    items = list(qs.select_related(*related))
    for item in items:
        item.active = item.municipality_id is not None or item.code not in off
    return items


def item_get(*, municipality, kind, pk: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        kind.model.objects.filter(Q(municipality__isnull=True) | Q(municipality=municipality)),
        pk=pk,
    )


def signal_types_for(*, municipality) -> QuerySet:
    """The signal types partners can report in this municipality: only those whose red flag may
    be a signal (RedFlagType.can_be_signal; the catalogue already refuses the others)."""
    return items_for(municipality=municipality, model=SignalType).filter(
        RedFlagType.can_be_signal_condition("red_flag_type__")
    )
