"""Writes of the insights app: only the municipality's choice to compare its figures."""

from __future__ import annotations

from django.db import transaction

from stabiel.accounts.policy import Permission, require

from .models import Comparison


@transaction.atomic
def comparison_set(*, actor, opted_in: bool) -> Comparison:
    """Put the actor's municipality in or out of the comparison between municipalities."""
    require(actor, Permission.INSIGHTS_COMPARE_SET)
    return _set(actor.municipality_id, opted_in=opted_in, actor=actor)


def comparison_demo_set(*, municipality, opted_in: bool) -> Comparison:
    """For the demo loader only: no user chose it."""
    return _set(municipality.pk, opted_in=opted_in, actor=None)


def _set(municipality_id: int, *, opted_in: bool, actor) -> Comparison:
    choice, _made = Comparison.objects.select_for_update().get_or_create(
        municipality_id=municipality_id
    )
    choice.opted_in = bool(opted_in)
    choice.changed_by = actor
    choice.save()
    return choice
