"""Reads: a municipality's own word pairs, as the checker wants them."""

from django.db.models import QuerySet

from .checker.jargon import JargonPair as Pair
from .models import JargonPair, LetterTemplate, LetterTemplateVersion


def pair_list(*, municipality) -> QuerySet[JargonPair]:
    return JargonPair.objects.filter(municipality=municipality).order_by("term")


def pair_get(*, municipality, pk: int) -> JargonPair | None:
    return pair_list(municipality=municipality).filter(pk=pk).first()


def extra_jargon_for(user) -> tuple[Pair, ...]:
    """The pairs of the user's municipality; none for a writer without an account."""
    municipality_id = getattr(user, "municipality_id", None) if user.is_authenticated else None
    if municipality_id is None:
        return ()
    rows = JargonPair.objects.filter(municipality_id=municipality_id).values_list("term", "plain")
    return tuple(Pair(term, plain) for term, plain in rows)


def template_list(*, municipality) -> QuerySet[LetterTemplate]:
    return (
        LetterTemplate.objects.filter(municipality=municipality)
        .select_related("active_version")
        .order_by("purpose", "name")
    )


def template_get(*, municipality, pk: int) -> LetterTemplate | None:
    return template_list(municipality=municipality).filter(pk=pk).first()


def template_versions(template: LetterTemplate) -> QuerySet[LetterTemplateVersion]:
    return template.versions.select_related("created_by").order_by("-number")


def active_templates(*, municipality) -> QuerySet[LetterTemplate]:
    """The templates a worker can make a letter from: only those with an active version."""
    return template_list(municipality=municipality).filter(active_version__isnull=False)
