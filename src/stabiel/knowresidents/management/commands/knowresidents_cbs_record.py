"""Fetch one municipality's Kerncijfers wijken en buurten from CBS StatLine and save them as a
recording, which the "Cijfers laden" page loads without internet (and tests can replay)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stabiel.knowresidents import cbs
from stabiel.knowresidents.figures import LoadError


class Command(BaseCommand):
    help = (
        "Haal de Kerncijfers wijken en buurten van één gemeente op bij CBS StatLine en bewaar ze."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jaar", type=int, required=True, help="bijvoorbeeld 2024")
        parser.add_argument("--gemeente", required=True, help="CBS-code, bijvoorbeeld GM0355")
        parser.add_argument("--uitvoer", required=True, help="pad van het JSON-bestand")

    def handle(self, *args, jaar, gemeente, uitvoer, **options):
        code = gemeente.strip().upper()
        try:
            recording = cbs.fetch(year=jaar, municipality_code=code)
            table = cbs.parse(recording, municipality_code=code, year=jaar)
        except LoadError as error:
            raise CommandError("\n".join(p.message for p in error.problems)) from error
        Path(uitvoer).write_text(json.dumps(recording, ensure_ascii=False, indent=1), "utf-8")
        self.stdout.write(
            f"{table.title} ({table.table_id}): {len(table.values)} cijfers bewaard in {uitvoer}."
        )
