"""Background work through Django's Tasks API (django-tasks backport, database backend)."""

from django_tasks import task


@task()
def import_batch_process(batch_id: int) -> None:
    from .importing.pipeline import batch_process

    batch_process(batch_id)
