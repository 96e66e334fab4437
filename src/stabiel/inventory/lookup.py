"""The inventory's one read-only door for execution apps (decision 0008).

A case worker refers a household to an offering from within the case. The case app may import
this module, and only this one, from the inventory: it returns frozen summaries of offerings that
are valid today in the worker's region, never a model instance, and it writes nothing. Whatever
the case keeps of an offering it copies from a summary when the referral is sent, so the case
still reads the same when the offering changes later.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .models import Offering
from .queries import current, matching_words, visible_municipality_ids

SEARCH_LIMIT = 30


@dataclass(frozen=True)
class OfferingSummary:
    """What a case worker needs to choose an offering and make the warm handover."""

    id: int
    name: str
    provider_name: str
    provision_type: str
    life_domain_id: int
    life_domain: str
    shell: str
    municipality: str
    target_group: str
    waiting_days: int | None
    referral_contact: str


def _summary(offering: Offering) -> OfferingSummary:
    return OfferingSummary(
        id=offering.pk,
        name=offering.display_name,
        provider_name=offering.provider.name,
        provision_type=offering.provision_type.display_name,
        life_domain_id=offering.provision_type.life_domain_id,
        life_domain=offering.provision_type.life_domain.display_name,
        shell=offering.shell.display_name,
        municipality=offering.municipality.name,
        target_group=offering.target_group,
        waiting_days=offering.waiting_days,
        referral_contact=offering.referral_contact,
    )


def _today_in_region(*, municipality, on: date | None):
    ids = visible_municipality_ids(municipality=municipality)
    return current(Offering.objects.filter(municipality_id__in=ids), on=on or timezone.localdate())


def offering_search(
    *, municipality, words: str = "", life_domain_id: int | None = None, on: date | None = None
) -> list[OfferingSummary]:
    """Today's offerings of the region that match the words (aliases included) and life domain;
    at most SEARCH_LIMIT, the shortest waiting time first."""
    qs = _today_in_region(municipality=municipality, on=on)
    if life_domain_id:
        qs = qs.filter(provision_type__life_domain_id=life_domain_id)
    if words.strip():
        qs = matching_words(qs, words)
    qs = (
        qs.distinct()
        .select_related("provider", "provision_type__life_domain", "shell", "municipality")
        .order_by("waiting_days", "provider__name", "pk")
    )
    return [_summary(o) for o in qs[:SEARCH_LIMIT]]


def offering_summary(
    *, municipality, offering_id: int, on: date | None = None
) -> OfferingSummary | None:
    """One offering of the region valid today, or None (unknown, stopped or outside the region)."""
    found = (
        _today_in_region(municipality=municipality, on=on)
        .select_related("provider", "provision_type__life_domain", "shell", "municipality")
        .filter(pk=offering_id)
        .first()
    )
    return _summary(found) if found is not None else None


CHOICE_LIMIT = 500


def offering_choices(*, municipality, on: date | None = None) -> list[OfferingSummary]:
    """Today's offerings of the region for a choice list (the organisations involved with a
    household, issue 20), by provider and name; at most CHOICE_LIMIT."""
    qs = (
        _today_in_region(municipality=municipality, on=on)
        .select_related("provider", "provision_type__life_domain", "shell", "municipality")
        .order_by("provider__name", "pk")
    )
    return [_summary(o) for o in qs[:CHOICE_LIMIT]]
