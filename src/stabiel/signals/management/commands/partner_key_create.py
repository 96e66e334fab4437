"""Scripted set-up: a new API key for a partner organisation, printed once and only the key.

    manage.py partner_key_create --municipality GM0355 --partner "Heuvelrug Wonen" [--name …]

Only the hash is stored. For day-to-day work the functional administrator uses the screen
"API-sleutels" (create, revoke, rotate with an overlap).
"""

from django.core.management.base import BaseCommand, CommandError

from stabiel.accounts.models import Municipality, PartnerOrganisation
from stabiel.signals.manage_services import KEY_NAME_MAX
from stabiel.signals.services import api_client_create


class Command(BaseCommand):
    help = "Maakt een API-sleutel voor een partnerorganisatie en toont alleen de sleutel, één keer."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="CBS-code, bijv. GM0355")
        parser.add_argument("--partner", required=True, help="Naam van de partnerorganisatie")
        parser.add_argument("--name", default="", help="Naam van de sleutel (het systeem)")

    def handle(self, *args, municipality, partner, name, **options):
        found = Municipality.objects.filter(cbs_code=municipality.strip().upper()).first()
        if found is None:
            raise CommandError(f"Geen gemeente met CBS-code {municipality!r}.")
        organisation = PartnerOrganisation.objects.filter(
            municipality=found, name__iexact=partner.strip()
        ).first()
        if organisation is None:
            known = ", ".join(
                PartnerOrganisation.objects.filter(municipality=found)
                .order_by("name")
                .values_list("name", flat=True)
            )
            raise CommandError(
                f"Geen partner {partner!r} bij {found.name}. Bekende partners: {known or 'geen'}."
            )
        name = name.strip() or "Koppeling"
        if len(name) > KEY_NAME_MAX:
            raise CommandError(f"De naam is te lang (hoogstens {KEY_NAME_MAX} tekens).")
        _client, token = api_client_create(partner=organisation, name=name)
        # Only the key, so a script can capture it: `KEY=$(manage.py partner_key_create …)`.
        self.stdout.write(token)
