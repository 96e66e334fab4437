"""Reads of the good-practice library as one municipality sees it: national plus its own."""

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Practice


def practices_for(*, municipality) -> QuerySet:
    return Practice.objects.filter(
        Q(municipality__isnull=True) | Q(municipality=municipality)
    ).select_related("pillar", "action", "publication")


def practice_list(*, municipality, filters: dict) -> QuerySet:
    qs = practices_for(municipality=municipality)
    text = (filters.get("q") or "").strip()
    for word in text.split()[:8]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(addresses__icontains=word)
            | Q(organisation__icontains=word)
            | Q(tags__icontains=word)
        )
    if filters.get("pillar"):
        qs = qs.filter(pillar=filters["pillar"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("basic_function"):
        code = filters["basic_function"]
        qs = qs.filter(
            Q(basic_functions=code)
            | Q(basic_functions__startswith=f"{code},")
            | Q(basic_functions__endswith=f",{code}")
            | Q(basic_functions__contains=f",{code},")
        )
    if filters.get("publication"):
        qs = qs.filter(publication=filters["publication"])
    if filters.get("organisation"):
        qs = qs.filter(organisation=filters["organisation"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    return qs


def practice_get(*, municipality, slug: str) -> Practice:
    practice = practices_for(municipality=municipality).filter(slug=slug).first()
    if practice is None:
        raise Http404
    return practice


def organisations(*, municipality) -> list[str]:
    return sorted(
        set(
            practices_for(municipality=municipality)
            .exclude(organisation="")
            .values_list("organisation", flat=True)
        )
    )


def plans_to_adopt_into(*, actor) -> QuerySet:
    """The actor's municipality's plans that still take new measures (not closed)."""
    from stabiel.plans.models import Plan

    return Plan.objects.filter(municipality=actor.municipality).exclude(status=Plan.Status.CLOSED)


def measures_from_practice(*, actor, practice) -> QuerySet:
    from stabiel.plans.models import Measure

    return Measure.objects.filter(
        municipality=actor.municipality, practice=practice
    ).select_related("plan")
