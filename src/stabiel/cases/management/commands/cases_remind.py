"""Mail each worker about visits, calls and pilot-light check-ins that are due (or overdue).

Run it daily (cron, systemd timer). Safe from two servers at once: each contact is claimed with a
single UPDATE ... WHERE reminded_at IS NULL, and only the server whose UPDATE changed the row
sends the mail. The mail names no household: the worker reads the details on the home page.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from stabiel.cases.services import contact_reminders_send


class Command(BaseCommand):
    help = "Send reminders for visits and pilot-light check-ins that are due within N days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dagen",
            type=int,
            default=1,
            help="Contacts due within this many days (default 1: today and tomorrow).",
        )

    def handle(self, *args, **options):
        days = options["dagen"]
        if not 0 <= days <= 30:
            raise CommandError("Kies 0 tot en met 30 dagen.")
        sent = contact_reminders_send(ahead=timedelta(days=days))
        self.stdout.write(f"{sent} herinneringen verstuurd.")
