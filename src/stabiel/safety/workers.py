"""The local rule "many changes of care worker" (VNG, Stop het stapelen, 2022: the red flag of
many changing care workers around one household). Pure: no ORM, tested with a table.

A change is every new care worker at a party after the first one. The rule fires when a party
had at least ``threshold`` changes in the last twelve months (the threshold is a municipality's
own setting) and returns the dates of those changes as its evidence."""

from __future__ import annotations

from datetime import date, timedelta

RULE_NAME = "Veel wisselingen van hulpverlener"
WINDOW_DAYS = 365


def frequent_changes(starts: list[date], *, today: date, threshold: int) -> list[date]:
    """The dates of the changes inside the window when there are at least ``threshold`` of
    them; otherwise an empty list. ``starts`` are the from-dates of every care worker the party
    had, the first one included."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    changes = sorted(starts)[1:]
    since = today - timedelta(days=WINDOW_DAYS)
    recent = [day for day in changes if since <= day <= today]
    return recent if len(recent) >= threshold else []
