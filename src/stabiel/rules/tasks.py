"""Rule runs in the background, through Django's Tasks API (django-tasks, database backend)."""

from typing import Any

from django.utils import timezone
from django_tasks import task


@task()
def rules_run_task(
    municipality_id: int, household_ids: list[int] | None, changed: str | None
) -> dict[str, Any]:
    from .engine import rules_run

    result = rules_run(
        municipality_id=municipality_id,
        today=timezone.localdate(),
        household_ids=household_ids,
        changed=frozenset({changed}) if changed else None,
    )
    return result.raised
