"""Reads: a municipality's own word pairs, as the checker wants them."""

from django.db.models import QuerySet

from .checker.jargon import JargonPair as Pair
from .models import JargonPair


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
