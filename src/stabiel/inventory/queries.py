"""Reads of the provision inventory. A municipality sees its whole region; it edits its own."""

from datetime import date

from django.db.models import Q, QuerySet
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
        for word in filters["q"].split()[:6]:
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(target_group__icontains=word)
                | Q(provider__name__icontains=word)
                | Q(provision_type__name__icontains=word)
                | Q(provision_type__aliases__icontains=word)
                | Q(provision_type__description__icontains=word)
            )
    return (
        qs.distinct()
        .select_related("provider", "provision_type__life_domain", "shell", "municipality")
        .order_by("provision_type__life_domain__number", "provision_type__name", "provider__name")
    )


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
