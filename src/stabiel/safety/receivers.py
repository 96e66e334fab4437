"""Reactions to events of the apps this one builds on; each only asks a query or a service."""

from django.dispatch import receiver

from stabiel.cases.events import case_closing

from .queries import close_refusal


@receiver(case_closing)
def closing_with_safety_concerns_is_a_core_decision(sender, *, actor, case, **kwargs):
    return close_refusal(case)
