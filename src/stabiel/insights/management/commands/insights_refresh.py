"""Renew the monthly outcome figures every page reads, for every municipality (or one).

Safe from several servers at once: each municipality is one transaction under a PostgreSQL
advisory lock (SQLite has a single writer); a second run waits, then writes the same rows again.
Run it nightly from cron or a systemd timer, after `rules_run`. The first run of a municipality
fills its whole history; later runs renew from January of last year, or from --vanaf.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stabiel.accounts.models import Municipality
from stabiel.insights.summary import refresh


def _month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError as error:
        raise CommandError(
            f"Schrijf --vanaf als jaar-maand, bijvoorbeeld 2025-01 (niet {text!r})."
        ) from error


class Command(BaseCommand):
    help = "Renew the monthly outcome figures (pre-aggregated, read by the insights pages)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--gemeente", help="CBS code (GMnnnn) of one municipality; default: all"
        )
        parser.add_argument(
            "--vanaf", help="renew from this month on (YYYY-MM); default: January of last year"
        )

    def handle(self, *args, **options):
        municipalities = Municipality.objects.order_by("pk")
        if options["gemeente"]:
            municipalities = municipalities.filter(cbs_code=options["gemeente"].upper())
            if not municipalities.exists():
                raise CommandError(f"Onbekende gemeente {options['gemeente']!r}.")
        since = _month(options["vanaf"]) if options["vanaf"] else None
        today = timezone.localdate()
        if since is not None and since > today:
            raise CommandError("--vanaf ligt in de toekomst.")
        for municipality in municipalities:
            result = refresh(municipality=municipality, today=today, since=since)
            self.stdout.write(
                f"{municipality.name}: {result.rows} rijen, {result.first_month:%Y-%m} tot en met "
                f"{result.last_month:%Y-%m}, {result.seconds:.1f} s"
            )
