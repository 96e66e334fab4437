"""Reactions to other apps' events; each only calls a service."""

from typing import Any

from django.dispatch import receiver

from stabiel.residents.events import register_applied

from . import services


@receiver(register_applied)
def match_held_signals(sender: Any, *, municipality_id: int, **kwargs: Any) -> None:
    """New residents from the register: match the signals held about them."""
    services.unmatched_match_known(municipality_id=municipality_id)
