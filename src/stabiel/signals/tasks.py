"""Background work through Django's Tasks API (django-tasks backport, database backend)."""

from django_tasks import task


@task()
def import_batch_process(batch_id: int) -> None:
    from .importing.pipeline import batch_process

    batch_process(batch_id)


@task()
def households_touched_announce(
    municipality_id: int, household_ids: list[int] | None, changed: str
) -> None:
    """Announce new signals to the rules and cases in the background (see `signals_store`)."""
    from .services import households_touched

    households_touched(
        municipality_id=municipality_id, household_ids=household_ids, changed=changed
    )
