"""Reads behind the HSDS API: what one municipality publishes, and nothing else."""

from datetime import datetime

from django.db.models import Q, QuerySet

from stabiel.accounts.models import Municipality

from ..models import InventorySettings, Offering, Provider
from ..queries import current, region_municipalities


def published_municipality(*, cbs_code: str) -> Municipality | None:
    """The municipality with this CBS code, when it publishes its inventory; else None."""
    return (
        Municipality.objects.filter(
            cbs_code=cbs_code.upper(), inventory_settings__hsds_public=True
        ).first()
        if len(cbs_code) <= 10
        else None
    )


def publishing_ids(*, municipality) -> list[int]:
    """The municipalities whose offerings this municipality's API shows: the region's, but only
    those that switched publication on themselves (another's data is theirs to publish)."""
    region = region_municipalities(municipality=municipality).values("pk")
    return list(
        InventorySettings.objects.filter(municipality_id__in=region, hsds_public=True).values_list(
            "municipality_id", flat=True
        )
    )


def services(*, municipality) -> QuerySet:
    """Today's offerings of the published region, with what the list shows loaded."""
    return (
        current(
            Offering.objects.filter(municipality_id__in=publishing_ids(municipality=municipality))
        )
        .select_related("provider", "provision_type__life_domain", "shell", "municipality")
        # In the order they were made: a page is then a short walk along the primary key,
        # where sorting by joined names made PostgreSQL sort the whole region per page.
        .order_by("pk")
    )


def services_filtered(
    *,
    municipality,
    search: str = "",
    term=None,
    taxonomy_known: bool = True,
    organization_id=None,
    modified_after: datetime | None = None,
) -> QuerySet:
    qs = services(municipality=municipality)
    for word in search.split()[:6]:
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(target_group__icontains=word)
            | Q(provider__name__icontains=word)
            | Q(provision_type__name__icontains=word)
            | Q(provision_type__aliases__icontains=word)
        )
    if term is not None:
        if term.kind == "lifedomain":
            qs = qs.filter(provision_type__life_domain__code=term.code)
        elif term.kind == "provisiontype":
            qs = qs.filter(provision_type__code=term.code)
        elif term.kind == "shell":
            qs = qs.filter(shell__code=term.code)
        else:
            qs = qs.filter(legal_frame=term.code)
    if not taxonomy_known:
        # Every service carries terms of both taxonomies: an unknown taxonomy matches none.
        qs = qs.none()
    if organization_id is not None:
        qs = qs.filter(provider__hsds_id=organization_id)
    if modified_after is not None:
        qs = qs.filter(
            Q(updated_at__gte=modified_after) | Q(provider__updated_at__gte=modified_after)
        )
    return qs


def service_full(qs: QuerySet) -> QuerySet:
    """What a fully nested service shows besides the list's fields."""
    return qs.prefetch_related("served_municipalities", "served_areas")


def organizations(*, municipality) -> QuerySet:
    """Providers of the published region with at least one of today's offerings."""
    ids = services(municipality=municipality).values("provider_id")
    return Provider.objects.filter(pk__in=ids).order_by("name", "pk")
