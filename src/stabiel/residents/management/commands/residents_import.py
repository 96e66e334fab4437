"""Apply a register extract (CSV, XLSX or Haal Centraal JSON) for a scheduled feed.

Safe from two servers at once: the apply takes a per-municipality advisory lock (PostgreSQL) and
an extract already applied (same content) is skipped.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stabiel.accounts.models import Municipality
from stabiel.residents.models import RegisterFeed
from stabiel.residents.services import (
    ResidentInputError,
    register_feed_apply,
    register_feed_receive,
)


class Command(BaseCommand):
    help = (
        "Lees een uittreksel uit de basisregistratie personen in (CSV, XLSX of Haal Centraal JSON)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--municipality", default="GM0355", help="CBS-code, bijvoorbeeld GM0355"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(cbs_code=options["municipality"].upper()).first()
        if municipality is None:
            raise CommandError(f"Onbekende gemeente {options['municipality']!r}.")
        path: Path = options["file"]
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise CommandError(f"Het bestand {path} kan niet worden gelezen: {exc}.") from exc
        try:
            with handle:  # stored a megabyte at a time, never read whole
                feed = register_feed_receive(municipality=municipality, name=path.name, data=handle)
            if feed.status == RegisterFeed.Status.PREVIEW:
                feed = register_feed_apply(municipality=municipality, feed_id=feed.pk)
        except ResidentInputError as exc:
            raise CommandError(str(exc)) from exc
        summary = feed.summary
        if feed.status == RegisterFeed.Status.REJECTED:
            for line, reason in summary.get("rejections", [])[:50]:
                self.stderr.write(f"regel {line}: {reason}")
            raise CommandError(summary.get("message", "Het bestand is afgekeurd."))
        self.stdout.write(
            ", ".join(f"{k}={v}" for k, v in sorted(summary.items())) or "geen wijzigingen"
        )
