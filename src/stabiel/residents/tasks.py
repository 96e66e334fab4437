"""Background work through Django's Tasks API (django-tasks, database backend): the preview and
the application of a register extract uploaded on the screen."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import services

BUSY_RETRY_AFTER = timedelta(seconds=10)


@task()
def register_feed_preview_task(feed_id: int) -> None:
    services.register_feed_preview(feed_id=feed_id)


@task()
def register_feed_apply_task(feed_id: int) -> None:
    try:
        services.register_feed_apply_queued(feed_id=feed_id)
    except services.FeedBusyError:
        # Another feed of this municipality is being applied: try again in a moment.
        register_feed_apply_task.using(run_after=timezone.now() + BUSY_RETRY_AFTER).enqueue(feed_id)
