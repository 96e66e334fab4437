"""Reads of the provision inventory. A municipality sees its whole region; it edits its own."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from stabiel.accounts.models import Area, Municipality
from stabiel.catalogue.models import LifeDomain, ProvisionType, Shell
from stabiel.catalogue.queries import items_for

from .models import (
    FRAME_AREA_OF,
    CapacityNorm,
    FrameRegion,
    InventorySettings,
    Offering,
    Provider,
)


def region_municipalities(*, municipality, frame: str = "") -> QuerySet:
    """The municipalities whose inventory this one shares.

    Without a frame: the ordinary region (or only itself). With a frame (jeugd, wmo, …): the
    frame's own region where one is set for this municipality, else the ordinary region.
    """
    if frame:
        frame_region = FrameRegion.objects.filter(frame=frame, municipalities=municipality).first()
        if frame_region is not None:
            return frame_region.municipalities.all().order_by("name")
    if municipality.region_id is None:
        return Municipality.objects.filter(pk=municipality.pk)
    return Municipality.objects.filter(region_id=municipality.region_id).order_by("name")


def visible_municipality_ids(*, municipality) -> set[int]:
    """The ordinary region plus every frame region this municipality is part of."""
    ids = set(region_municipalities(municipality=municipality).values_list("pk", flat=True))
    ids.update(
        FrameRegion.objects.filter(municipalities=municipality).values_list(
            "municipalities__pk", flat=True
        )
    )
    ids.add(municipality.pk)
    return ids


def current(qs: QuerySet, *, on: date | None = None) -> QuerySet:
    on = on or timezone.localdate()
    return qs.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def offerings_visible(*, actor) -> QuerySet:
    return Offering.objects.filter(
        municipality_id__in=visible_municipality_ids(municipality=actor.municipality)
    )


def providers_visible(*, actor) -> QuerySet:
    return Provider.objects.filter(
        municipality_id__in=visible_municipality_ids(municipality=actor.municipality)
    )


def provider_list(*, actor, q: str = "", own_only: bool = False):
    qs = providers_visible(actor=actor).select_related("municipality")
    if own_only:
        qs = qs.filter(municipality=actor.municipality)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(city__icontains=q))
    return qs.order_by("name")


def provider_get(*, actor, pk: int) -> Provider:
    return get_object_or_404(providers_visible(actor=actor).select_related("municipality"), pk=pk)


def provider_get_own(*, actor, pk: int) -> Provider:
    return get_object_or_404(Provider, pk=pk, municipality=actor.municipality)


def offering_get(*, actor, pk: int) -> Offering:
    return get_object_or_404(
        offerings_visible(actor=actor)
        .select_related("provider", "provision_type__life_domain", "shell", "municipality")
        .prefetch_related("served_municipalities", "served_areas"),
        pk=pk,
    )


def offering_get_own(*, actor, pk: int) -> Offering:
    return get_object_or_404(
        Offering.objects.select_related("provider"), pk=pk, municipality=actor.municipality
    )


def offering_list(*, actor, filters: dict, on: date | None = None):
    """Offerings of the region that are valid today, filtered as the screens and search ask."""
    qs = offerings_visible(actor=actor)
    if not filters.get("history"):
        qs = current(qs, on=on)
    if filters.get("scope") == "own":
        qs = qs.filter(municipality=actor.municipality)
    if filters.get("frame"):
        frame = filters["frame"]
        ids = region_municipalities(municipality=actor.municipality, frame=frame)
        frames = [value for value, area in FRAME_AREA_OF.items() if area == frame]
        qs = qs.filter(municipality__in=ids, legal_frame__in=frames)
    if filters.get("life_domain"):
        qs = qs.filter(provision_type__life_domain=filters["life_domain"])
    if filters.get("shell"):
        qs = qs.filter(shell=filters["shell"])
    if filters.get("provision_type"):
        qs = qs.filter(provision_type=filters["provision_type"])
    if filters.get("area"):
        area = filters["area"]
        # An offering serves an area when it names it (or its district), or names the whole
        # municipality, or names no area at all within its own municipality.
        qs = qs.filter(
            Q(served_areas=area)
            | Q(served_areas=area.parent_id)
            | Q(served_municipalities=area.municipality_id)
            | (
                Q(municipality=area.municipality_id)
                & Q(served_areas__isnull=True)
                & Q(served_municipalities__isnull=True)
            )
        )
    if filters.get("q"):
        qs = matching_words(qs, filters["q"])
    return (
        qs.distinct()
        .select_related("provider", "provision_type__life_domain", "shell", "municipality")
        .order_by("provision_type__life_domain__number", "provision_type__name", "provider__name")
    )


def matching_words(qs: QuerySet, words: str) -> QuerySet:
    """Offerings that hold every word (at most six) somewhere: names, target group, the type's
    aliases and description. Used by the inventory's search and by the case's referral search."""
    for word in words.split()[:6]:
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(target_group__icontains=word)
            | Q(provider__name__icontains=word)
            | Q(provision_type__name__icontains=word)
            | Q(provision_type__aliases__icontains=word)
            | Q(provision_type__description__icontains=word)
        )
    return qs


def provision_types(*, actor) -> QuerySet:
    return items_for(municipality=actor.municipality, model=ProvisionType).select_related(
        "life_domain"
    )


def shells(*, actor) -> QuerySet:
    return items_for(municipality=actor.municipality, model=Shell)


def life_domains(*, actor) -> QuerySet:
    return items_for(municipality=actor.municipality, model=LifeDomain)


def areas_of(*, municipality_ids) -> QuerySet:
    return Area.objects.filter(municipality_id__in=municipality_ids).select_related("municipality")


def settings_for(*, municipality) -> InventorySettings:
    found = InventorySettings.objects.filter(municipality=municipality).first()
    return found or InventorySettings(municipality=municipality)


def norms_for(*, municipality) -> dict[int, CapacityNorm]:
    return {
        norm.provision_type_id: norm
        for norm in CapacityNorm.objects.filter(municipality=municipality).select_related(
            "provision_type"
        )
    }


def frame_regions_for(*, municipality) -> QuerySet:
    return FrameRegion.objects.filter(municipalities=municipality).prefetch_related(
        "municipalities"
    )


def frame_region_get_own(*, municipality, pk: int) -> FrameRegion:
    """A frame region our municipality belongs to (404 for any other: not ours to edit)."""
    return get_object_or_404(
        FrameRegion.objects.filter(municipalities=municipality).distinct(), pk=pk
    )


# Coverage and gaps ---------------------------------------------------------------------------


def coverage_offerings(*, actor, scope: str, frame: str = "") -> QuerySet:
    """Current offerings counted in the matrix: our own, or the (frame's) region's."""
    qs = current(offerings_visible(actor=actor))
    if scope == "own":
        return qs.filter(municipality=actor.municipality)
    if frame:
        frames = [value for value, area in FRAME_AREA_OF.items() if area == frame]
        ids = region_municipalities(municipality=actor.municipality, frame=frame)
        return qs.filter(municipality__in=ids, legal_frame__in=frames)
    ids = region_municipalities(municipality=actor.municipality)
    return qs.filter(municipality__in=ids)


def coverage_counts(*, actor, scope: str, frame: str = "") -> dict[tuple[int, int], int]:
    rows = (
        coverage_offerings(actor=actor, scope=scope, frame=frame)
        .values("provision_type__life_domain", "shell")
        .annotate(n=Count("id"))
    )
    return {(r["provision_type__life_domain"], r["shell"]): r["n"] for r in rows}


def gap_inputs(*, actor) -> dict:
    """Plain rows for coverage.missing_types, thin_capacity and long_waits."""
    municipality = actor.municipality
    types = [
        (t.pk, t.display_name, t.life_domain.display_name, t.life_domain.code)
        for t in provision_types(actor=actor)
        .filter(is_agreement=False)
        .order_by("life_domain__number", "position", "name")
    ]
    today = current(offerings_visible(actor=actor))
    region_ids = region_municipalities(municipality=municipality)
    here = set(today.filter(municipality=municipality).values_list("provision_type_id", flat=True))
    region = set(
        today.filter(municipality__in=region_ids).values_list("provision_type_id", flat=True)
    )
    norms = norms_for(municipality=municipality)
    norm_rows = [
        (
            n.provision_type_id,
            n.provision_type.display_name,
            n.provision_type.life_domain.display_name,
            n.provision_type.life_domain.code,
            n.capacity,
            n.capacity_unit,
        )
        for n in sorted(norms.values(), key=lambda n: n.provision_type.name)
    ]
    offered: dict[int, list] = {}
    own = today.filter(municipality=municipality).select_related(
        "provider", "provision_type__life_domain"
    )
    waits = []
    for o in own.order_by("-waiting_days", "provider__name"):
        if o.capacity is not None:
            offered.setdefault(o.provision_type_id, []).append((o.capacity, o.capacity_unit))
        waits.append(
            (
                o.pk,
                o.display_name,
                o.provider.name,
                o.provision_type_id,
                o.provision_type.display_name,
                o.provision_type.life_domain.display_name,
                o.provision_type.life_domain.code,
                o.waiting_days,
            )
        )
    return {
        "types": types,
        "here": here,
        "region": region,
        "norms": norm_rows,
        "offered": offered,
        "waits": waits,
        "max_days": {
            t: n.max_waiting_days for t, n in norms.items() if n.max_waiting_days is not None
        },
        "default_days": settings_for(municipality=municipality).long_wait_days,
    }


def gap_report(*, actor) -> dict[str, list]:
    from . import coverage

    data = gap_inputs(actor=actor)
    missing = coverage.missing_types(types=data["types"], here=data["here"], region=data["region"])
    return {
        "missing_region": [g for g in missing if g.kind == "missing-region"],
        "missing_here": [g for g in missing if g.kind == "missing-here"],
        "capacity": coverage.thin_capacity(norms=data["norms"], offered=data["offered"]),
        "wait": coverage.long_waits(
            offerings=data["waits"], max_days=data["max_days"], default_days=data["default_days"]
        ),
    }


def gap_get(*, actor, key: str):
    """One gap of today's report by its key, or None when it is no longer a gap."""
    for gaps in gap_report(actor=actor).values():
        for gap in gaps:
            if gap.key == key:
                return gap
    return None
