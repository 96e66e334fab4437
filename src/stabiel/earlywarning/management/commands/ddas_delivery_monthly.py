"""Make last month's DDAS delivery for every municipality with early-warning signals.

Safe to run from two servers at once: the municipality row is locked while the delivery is
created, and an existing delivery for the period is left alone.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from stabiel.accounts.models import Municipality
from stabiel.earlywarning.models import DebtSignal, Delivery
from stabiel.earlywarning.services import delivery_build


class Command(BaseCommand):
    help = "Maak de DDAS-levering vroegsignalering over de vorige maand (voor het CBS)."

    def handle(self, *args, **options):
        end = timezone.localdate().replace(day=1) - timedelta(days=1)
        start = end.replace(day=1)
        ids = (
            DebtSignal.objects.filter(signalled_on__gte=start, signalled_on__lte=end)
            .values_list("municipality_id", flat=True)
            .distinct()
        )
        made = 0
        for municipality_id in sorted(set(ids)):
            with transaction.atomic():
                Municipality.objects.select_for_update().get(pk=municipality_id)
                delivery, created = Delivery.objects.get_or_create(
                    municipality_id=municipality_id, period_start=start, period_end=end
                )
            if created:
                delivery_build(delivery.pk)
                made += 1
        self.stdout.write(f"{made} levering(en) gemaakt over {start:%m-%Y}.")
