"""Is the worker that processes a batch still alive? The answer after a SIGKILL or a lost server.

PostgreSQL: the worker holds a session advisory lock on the batch for as long as it works on it.
The lock belongs to the worker's connection, so the database itself lets go of it the moment the
process or its server dies. A batch that says "running" while its lock is free therefore has no
worker left: it is marked interrupted. Any server can check this at any time, also several at once.

SQLite is the embedded, single-machine set-up: there the sign of life is the batch's progress,
written at least every few seconds while rows are read. A running batch without progress for
`IMPORT_STALE_AFTER` is taken as interrupted.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

# The first key of the two-key advisory lock: "imports". The second key is the batch's id.
LOCK_SPACE = 4_713_001

INTERRUPTED_MESSAGE = (
    "Het verwerken is onderbroken, bijvoorbeeld doordat een server stopte. Er is niets "
    "opgeslagen. Laat het bestand opnieuw verwerken: er komt niets dubbel in."
)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _try_lock(batch_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_SPACE, batch_id])
        return bool(cursor.fetchone()[0])


def _unlock(batch_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_SPACE, batch_id])


@contextmanager
def worker_claim(batch_id: int) -> Iterator[bool]:
    """Held by the worker for the whole processing of one batch. Yields False when another
    worker holds it already (then this one must leave the batch alone)."""
    if not _postgres():
        yield True
        return
    claimed = _try_lock(batch_id)
    try:
        yield claimed
    finally:
        if claimed:
            _unlock(batch_id)


def _worker_gone(batch) -> bool:
    if _postgres():
        return True  # the caller holds the batch's lock: nobody else is working on it
    stale_after = timedelta(seconds=settings.IMPORT_STALE_AFTER)
    return batch.updated_at < timezone.now() - stale_after


def batches_interrupted_mark() -> list[int]:
    """Mark every running batch whose worker is gone as interrupted; returns their ids."""
    from stabiel.signals.models import ImportBatch

    marked = []
    running = ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING)
    for batch_id in running.values_list("pk", flat=True):
        with worker_claim(batch_id) as free:
            if not free:
                continue  # a live worker holds it
            with transaction.atomic():
                batch = (
                    ImportBatch.objects.select_for_update()
                    .filter(pk=batch_id, status=ImportBatch.Status.RUNNING)
                    .first()
                )
                if batch is None or not _worker_gone(batch):
                    continue  # finished meanwhile, or (SQLite) still showing progress
                batch.status = ImportBatch.Status.INTERRUPTED
                batch.message = INTERRUPTED_MESSAGE
                batch.finished_at = timezone.now()
                batch.save(update_fields=["status", "message", "finished_at", "updated_at"])
                marked.append(batch_id)
    return marked
