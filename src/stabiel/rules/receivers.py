from django.dispatch import receiver
from django.utils import timezone

from stabiel.safety.events import care_workers_changed
from stabiel.signals.events import households_touched

from .engine import alerts_recheck_withdrawn, rules_run

# Up to this many households are evaluated at once; more (a bulk file) go to a background task.
INLINE_LIMIT = 50


@receiver(households_touched)
def evaluate_touched_households(
    sender: object,
    *,
    municipality_id: int,
    household_ids: list[int] | None,
    changed: str | None = None,
    **kwargs: object,
) -> None:
    if changed == "withdrawn":
        # A signal was taken back: open alerts that used it are weighed again.
        alerts_recheck_withdrawn(
            municipality_id=municipality_id, household_ids=household_ids, today=timezone.localdate()
        )
        return
    if household_ids is not None and len(household_ids) <= INLINE_LIMIT:
        rules_run(
            municipality_id=municipality_id,
            today=timezone.localdate(),
            household_ids=household_ids,
            changed=frozenset({changed}) if changed else None,
        )
        return
    from .tasks import rules_run_task

    rules_run_task.enqueue(
        municipality_id, None if household_ids is None else list(household_ids), changed
    )


@receiver(care_workers_changed)
def evaluate_care_worker_rules(
    sender: object, *, municipality_id: int, household_ids: list[int], **kwargs: object
) -> None:
    """A new care worker at an involved organisation: only the rules that read care-worker
    history are evaluated, for that household."""
    rules_run(
        municipality_id=municipality_id,
        today=timezone.localdate(),
        household_ids=household_ids,
        changed=frozenset({"care_workers"}),
    )
