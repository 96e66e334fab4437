from django.core.management.base import BaseCommand

from stabiel.home.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Create (or refresh) the demo region, municipalities, teams, areas and users."

    def handle(self, *args, **options):
        logins = demo_load()
        self.stdout.write("")
        self.stdout.write(f"Demo-gebruikers (wachtwoord voor allemaal: {DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {login.role:<24} {login.municipality}")
        self.stdout.write("")
