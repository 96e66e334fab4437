"""Reactions to events of upstream apps; each only calls a service."""

from django.dispatch import receiver

from stabiel.residents.events import register_applied
from stabiel.rules.events import alerts_raised
from stabiel.signals.events import households_touched

from .services import (
    alerts_route_to_open_cases,
    register_changes_reach_case_leads,
    signals_join_open_cases,
)


@receiver(households_touched)
def signals_on_open_cases_are_picked_up(
    sender, *, municipality_id, household_ids, changed=None, **kwargs
):
    if changed in (None, "signals"):
        signals_join_open_cases(municipality_id=municipality_id, household_ids=household_ids)


@receiver(alerts_raised)
def new_alerts_go_to_the_open_case(sender, *, municipality_id, household_ids, **kwargs):
    alerts_route_to_open_cases(municipality_id=municipality_id, household_ids=household_ids)


@receiver(register_applied)
def register_changes_go_to_case_leads(sender, *, municipality_id, feed_id=None, **kwargs):
    if feed_id is not None:
        register_changes_reach_case_leads(municipality_id=municipality_id, feed_id=feed_id)
