"""Delete removed parts of prevention plans once their restore period (PLANS_RESTORE_DAYS) is
over. Safe to run twice or from two servers: it deletes only what is past the period."""

from django.core.management.base import BaseCommand

from stabiel.plans.removal import purge_removed


class Command(BaseCommand):
    help = "Delete removed parts of prevention plans whose restore period is over."

    def handle(self, *args, **options):
        counts = purge_removed()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
