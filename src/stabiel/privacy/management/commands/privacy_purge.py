"""The periodic purge: remove what is past its retention period, for every municipality (or one).

Safe from several servers at once: each municipality is one transaction under a PostgreSQL
advisory lock (SQLite has a single writer), and a second run finds nothing left to remove.
Run it daily from cron or a systemd timer; --dry-run shows the counts and changes nothing.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stabiel.accounts.models import Municipality
from stabiel.privacy.purge import privacy_purge


class Command(BaseCommand):
    help = "Remove personal data past its retention period (per record type, per municipality)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--gemeente", help="CBS code (GMnnnn) of one municipality; default: all"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count per record type what would be removed; change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = Municipality.objects.order_by("pk")
        if options["gemeente"]:
            municipalities = municipalities.filter(cbs_code=options["gemeente"].upper())
            if not municipalities.exists():
                raise CommandError(f"Onbekende gemeente {options['gemeente']!r}.")
        today = timezone.localdate()
        dry_run = options["dry_run"]
        for municipality in municipalities:
            counts = privacy_purge(municipality=municipality, today=today, dry_run=dry_run)
            verb = "zou weghalen" if dry_run else "weggehaald"
            self.stdout.write(f"{municipality.name} ({verb}):")
            for count in counts:
                extra = "".join(f", {key}: {value}" for key, value in count.details.items())
                self.stdout.write(
                    f"  {count.label}: {count.removed}{extra} "
                    f"(termijn {count.period}, tot en met {count.cutoff:%d-%m-%Y})"
                )
