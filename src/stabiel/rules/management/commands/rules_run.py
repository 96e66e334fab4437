"""Full run of every stacking rule for every municipality (or one). Safe from several servers at
once: each municipality's run holds a PostgreSQL advisory lock (SQLite has a single writer), and
at most one open alert per household per rule is enforced by the database."""

import uuid
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stabiel.accounts.models import Municipality
from stabiel.core.models import ProcessingLogEntry
from stabiel.rules.engine import rules_run


class Command(BaseCommand):
    help = "Evaluate all stacking rules for all households and raise alerts with their evidence."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--gemeente", help="CBS code (GMnnnn) of one municipality; default: all"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = Municipality.objects.all()
        if options["gemeente"]:
            municipalities = municipalities.filter(cbs_code=options["gemeente"].upper())
            if not municipalities.exists():
                raise CommandError(f"Onbekende gemeente {options['gemeente']!r}.")
        today = timezone.localdate()
        for municipality in municipalities:
            started = timezone.now()
            result = rules_run(municipality_id=municipality.pk, today=today)
            ProcessingLogEntry.objects.create(
                municipality=municipality,
                trace_id=uuid.uuid4(),
                operation="rules-full-run",
                processing_activity="stapelingsregels-toepassen",
                data_subject="alle-huishoudens",
                status=ProcessingLogEntry.Status.OK,
                started_at=started,
                ended_at=timezone.now(),
                details={"raised": result.raised, "extended": result.extended},
            )
            self.stdout.write(f"{municipality.name}: {result.total_raised} nieuwe meldingen")
