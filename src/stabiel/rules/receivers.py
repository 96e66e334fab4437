from django.dispatch import receiver
from django.utils import timezone

from stabiel.signals.events import households_touched

from .engine import rules_run


@receiver(households_touched)
def evaluate_touched_households(sender, *, municipality_id, household_ids, **kwargs):
    rules_run(
        municipality_id=municipality_id, today=timezone.localdate(), household_ids=household_ids
    )
