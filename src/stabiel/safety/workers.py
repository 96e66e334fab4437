"""The local rule "many changes of care worker" (VNG, Stop het stapelen, 2022: the red flag of
many changing care workers around one household). Pure: no ORM, tested with a table.

A change is every new care worker at a party after the first one. The flag shows when a party
had at least ``threshold`` changes in the last twelve months and returns the dates of those
changes. Threshold and window are the settings of the stacking rule "many changes of care
worker" (``stabiel.rules.kinds.CareWorkerChanges``), which raises the alert from the same
history with the same count; this function shows it beside the organisation on the case."""

from __future__ import annotations

from datetime import date, timedelta

RULE_NAME = "Veel wisselingen van hulpverlener"
WINDOW_DAYS = 365


def frequent_changes(
    starts: list[date], *, today: date, threshold: int, window_days: int = WINDOW_DAYS
) -> list[date]:
    """The dates of the changes inside the window when there are at least ``threshold`` of
    them; otherwise an empty list. ``starts`` are the from-dates of every care worker the party
    had, the first one included."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    changes = sorted(starts)[1:]
    since = today - timedelta(days=window_days)
    recent = [day for day in changes if since <= day <= today]
    return recent if len(recent) >= threshold else []
