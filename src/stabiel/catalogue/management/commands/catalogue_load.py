from django.core.management.base import BaseCommand

from stabiel.catalogue.services import catalogue_load_national


class Command(BaseCommand):
    help = "Load (or update) the national catalogue from the seed publications. Safe to run again."

    def handle(self, *args, **options):
        counts = catalogue_load_national()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
