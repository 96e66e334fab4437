"""Background work: the DDAS delivery of a large month (django-tasks, like signals/tasks.py)."""

from django_tasks import task


@task()
def delivery_build_task(delivery_id: int) -> None:
    from .services import delivery_build

    delivery_build(delivery_id)
