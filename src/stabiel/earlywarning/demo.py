"""Demo data for early warning (Zeist): settings, the energy supplier's column names, and last
month's energy file with worked reports. This month's files are left for the worker to read in
(sample files on the upload page), so a repeat and two creditors show up on screen."""

import io
from datetime import timedelta

from django.utils import timezone

from stabiel.accounts.models import PartnerOrganisation, User
from stabiel.residents.access import households_visible_to
from stabiel.signals.importing.pipeline import batch_process
from stabiel.signals.models import ColumnMapping
from stabiel.signals.services import batch_create

from . import samples, services
from .ddas import ContactKind, Outcome, PartOfDay
from .importing import KIND
from .models import EarlyWarningSettings, Report

ENERGY = "Energie Samen"
HOUSING = "Heuvelrug Wonen"
WORKER = "toegang"


def demo_load(municipality) -> None:
    """Idempotent: does nothing when the municipality already has early-warning settings."""
    if EarlyWarningSettings.objects.filter(municipality=municipality).exists():
        return
    EarlyWarningSettings.objects.create(
        municipality=municipality,
        threshold_amount=25,
        supplier_code="STABIEL",
        organisation_name=f"Gemeente {municipality.name}, team Geldzaken",
        contact_name="T. Toegang",
        contact_email="geldzaken@example.org",
        contact_title="Coördinator vroegsignalering",
    )
    energy = PartnerOrganisation.objects.filter(municipality=municipality, name=ENERGY).first()
    worker = User.objects.filter(username=WORKER, municipality=municipality).first()
    if energy is None or worker is None:
        return
    ColumnMapping.objects.update_or_create(
        municipality=municipality,
        partner=energy,
        kind=KIND,
        defaults={"columns": samples.ENERGY_MAPPING},
    )
    today = timezone.localdate()
    last_month = today.replace(day=1) - timedelta(days=12)
    ids = list(households_visible_to(worker).order_by("id").values_list("id", flat=True)[:200])
    data = samples.energy_csv(
        municipality=municipality, signalled_on=last_month, extra=0, household_ids=ids
    )
    receipt = batch_create(
        municipality=municipality,
        kind=KIND,
        partner=energy,
        uploaded_by=worker,
        filename=f"energie-samen-{last_month:%Y-%m}.csv",
        stream=io.BytesIO(data),
        size=len(data),
    )
    batch_process(receipt.batch.pk)
    worked = list(Report.objects.filter(municipality=municipality, outcome="").order_by("pk")[:3])
    for index, report in enumerate(worked):
        services.attempt_record(
            actor=worker,
            report_id=report.pk,
            kind=ContactKind.LETTER,
            reached=False,
            on=last_month + timedelta(days=2),
            part_of_day=PartOfDay.MORNING,
            note="Uitnodiging voor een gesprek gestuurd.",
        )
        if index == 2:
            continue  # one stays open: the worker sees what to try next
        services.attempt_record(
            actor=worker,
            report_id=report.pk,
            kind=ContactKind.PHONE,
            reached=True,
            on=last_month + timedelta(days=6),
            part_of_day=PartOfDay.AFTERNOON,
            note="Gesproken; afspraak gemaakt.",
        )
        services.outcome_set(
            actor=worker,
            report_id=report.pk,
            outcome=Outcome.ADVICE if index == 0 else Outcome.PAID,
        )
