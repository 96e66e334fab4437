"""Reads for cases. Every read starts from the municipality."""

from __future__ import annotations

from .models import Case


def open_case_for_household(*, municipality_id: int, household_id: int) -> Case | None:
    """The household's open case (with its case lead), or None."""
    return (
        Case.objects.select_related("case_lead", "team")
        .filter(
            municipality_id=municipality_id,
            household_id=household_id,
            status=Case.Status.OPEN,
        )
        .first()
    )
