"""End to end: close well landed, a new signal comes in, the relapse rule raises an alert."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stabiel.accounts.tests.factories import PartnerOrganisationFactory
from stabiel.cases import services
from stabiel.cases.tests.landing import make_ready_to_land
from stabiel.rules.models import Alert
from stabiel.signals.services import signal_record

pytestmark = pytest.mark.django_db


def test_new_signal_after_well_landed_close_raises_relapse_alert(
    world, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    case = services.triage_record(
        actor=world.worker,
        alert=world.alert,
        urgency="soon",
        safety_concern=False,
        safety_note="",
        outcome="visit",
        taken_by=world.worker,
        today=yesterday - timedelta(days=30),
    ).case
    make_ready_to_land(world, case, today=yesterday)
    # closed yesterday: a signal that arrives on the closing day still belongs to the case
    services.case_close(
        actor=world.worker,
        case=case,
        reason="Afspraken nagekomen, huishouden stabiel",
        well_landed=True,
        agreements_kept=True,
        situation_stable=True,
        watch_months=12,
        today=yesterday,
    )
    assert not Alert.objects.filter(rule__code="terugval-na-goed-geland").exists()
    partner = PartnerOrganisationFactory(municipality=world.municipality, name="Woningstichting")
    with django_capture_on_commit_callbacks(execute=True):
        signal_record(
            municipality=world.municipality,
            partner=partner,
            signal_type_code="huurachterstand",
            observed_on=today,
            reference="TERUG-1",
            bsn="111222333",  # the first household of the population
        )
    relapse = Alert.objects.get(rule__code="terugval-na-goed-geland")
    assert relapse.household_id == case.household_id
    assert relapse.team == world.team
    assert relapse.status == Alert.Status.OPEN
    assert relapse.evidence.get().signal.reference == "TERUG-1"


def test_no_relapse_alert_without_well_landed_close(world, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    case = services.triage_record(
        actor=world.worker,
        alert=world.alert,
        urgency="soon",
        safety_concern=False,
        safety_note="",
        outcome="visit",
        taken_by=world.worker,
        today=today - timedelta(days=30),
    ).case
    services.case_close(
        actor=world.worker,
        case=case,
        reason="Verhuisd",
        well_landed=False,
        today=today - timedelta(days=1),
    )
    partner = PartnerOrganisationFactory(municipality=world.municipality, name="Woningstichting")
    with django_capture_on_commit_callbacks(execute=True):
        signal_record(
            municipality=world.municipality,
            partner=partner,
            signal_type_code="huurachterstand",
            observed_on=today,
            reference="TERUG-2",
            bsn="111222333",
        )
    assert not Alert.objects.filter(rule__code="terugval-na-goed-geland").exists()
