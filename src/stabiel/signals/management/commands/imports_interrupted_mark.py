"""Mark imports whose worker died (SIGKILL, a lost server) as interrupted, so they can be retried.

Run it every few minutes (cron, systemd timer). Safe from several servers at once: each batch is
checked under its own advisory lock and row lock (see `signals.importing.liveness`).
"""

from django.core.management.base import BaseCommand

from stabiel.signals.importing.liveness import batches_interrupted_mark


class Command(BaseCommand):
    help = "Mark running imports whose worker is gone as interrupted."

    def handle(self, *args, **options):
        marked = batches_interrupted_mark()
        self.stdout.write(f"{len(marked)} onderbroken bestanden gemarkeerd.")
