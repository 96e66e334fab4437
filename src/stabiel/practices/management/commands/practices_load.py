from django.core.management.base import BaseCommand

from stabiel.practices.services import practice_load_national


class Command(BaseCommand):
    help = (
        "Load (or update) the national library of good practices from the seed publications. "
        "Run after catalogue_load; safe to run again."
    )

    def handle(self, *args, **options):
        for name, count in practice_load_national().items():
            self.stdout.write(f"practices/{name}: {count}")
