"""New alerts on a household with an open case go to its lead; alerts whose signal is withdrawn
are weighed again and lapse ("vervallen") when what is left no longer meets the rule."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.cases import services
from stabiel.rules.models import Alert
from stabiel.signals.models import Signal
from stabiel.signals.services import signal_record, signal_withdraw_own

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def partner_user(world, make_user):
    return make_user(Role.PARTNER_REPORTER, partner_organisation="Woningstichting")


def report(world, partner_user, household, code, ref, capture):
    address = world.pop.addresses[household]
    with capture(execute=True):
        receipt = signal_record(
            municipality=world.municipality,
            partner=partner_user.partner_organisation,
            signal_type_code=code,
            observed_on=TODAY - timedelta(days=3),
            reference=ref,
            postcode=address[0],
            house_number=address[1],
            reported_by=partner_user,
        )
    return receipt.signal


def withdraw(partner_user, signal, capture):
    with capture(execute=True):
        signal_withdraw_own(actor=partner_user, signal_id=signal.pk, reason="Verkeerd adres")


def red_flags_alert(household):
    return Alert.objects.get(rule__code="rode-vlaggen-langsgaan", household=household)


def test_new_alert_on_household_with_open_case_goes_to_the_case_lead(
    world, partner_user, django_capture_on_commit_callbacks
):
    case = services.triage_record(
        actor=world.worker,
        alert=world.alert,
        urgency="soon",
        safety_concern=False,
        safety_note="",
        outcome="visit",
        taken_by=world.colleague,
    ).case
    assert case.case_lead == world.colleague
    for ref, code in enumerate(("huurachterstand", "schoolverzuim")):
        report(world, partner_user, 0, code, f"R{ref}", django_capture_on_commit_callbacks)
    alert = red_flags_alert(world.pop.households[0])
    assert alert.assigned_to == world.colleague
    assert f"Open casus {case.pk}" in alert.open_case_note
    assert world.colleague.get_full_name() in alert.open_case_note
    # the signals joined the open case: the partner sees them as picked up
    assert set(Signal.objects.values_list("status", flat=True)) == {Signal.Status.PICKED_UP}


def test_new_alert_without_open_case_stays_with_the_team(
    world, partner_user, django_capture_on_commit_callbacks
):
    for ref, code in enumerate(("huurachterstand", "schoolverzuim")):
        report(world, partner_user, 1, code, f"R{ref}", django_capture_on_commit_callbacks)
    alert = red_flags_alert(world.pop.households[1])
    assert alert.assigned_to is None and alert.open_case_note == ""


def test_alert_lapses_when_its_signal_is_withdrawn(
    world, partner_user, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    first = report(world, partner_user, 1, "huurachterstand", "A", capture)
    report(world, partner_user, 1, "schoolverzuim", "B", capture)
    alert = red_flags_alert(world.pop.households[1])
    evidence_before = alert.evidence.count()
    withdraw(partner_user, first, capture)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.LAPSED
    # The status says "Vervallen"; the reason does not say it again.
    assert alert.close_reason.startswith("Signaal ingetrokken (")
    assert alert.closed_at is not None
    assert alert.evidence.count() == evidence_before  # its history is kept
    # the alert page says so and marks the signal as withdrawn
    client.force_login(world.worker)
    page = client.get(
        reverse("alerts:alert-detail", args=[alert.pk]), {"purpose": "triage"}
    ).content.decode()
    assert "Vervallen" in page and "ingetrokken op" in page


def test_alert_stays_open_when_the_rest_still_meets_the_rule(
    world, partner_user, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    first = report(world, partner_user, 1, "huurachterstand", "A", capture)
    report(world, partner_user, 1, "huurachterstand", "A2", capture)
    report(world, partner_user, 1, "schoolverzuim", "B", capture)
    alert = red_flags_alert(world.pop.households[1])
    withdraw(partner_user, first, capture)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN and alert.close_reason == ""


def test_broad_look_marks_a_withdrawn_signal(
    world, partner_user, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    case = services.triage_record(
        actor=world.worker,
        alert=world.alert,
        urgency="soon",
        safety_concern=False,
        safety_note="",
        outcome="visit",
        taken_by=world.worker,
    ).case
    signal = report(world, partner_user, 0, "huurachterstand", "A", capture)
    client.force_login(world.worker)
    url = reverse("cases:broad-look", args=[case.pk])

    def red(response) -> int:
        """Red flags counted in the household's stability model, over all pillars."""
        drawing = response.context["drawing"]
        return sum(cell.red or 0 for cell in (*drawing.pillars, drawing.core))

    before = red(client.get(url, {"purpose": "visit"}))
    withdraw(partner_user, signal, capture)
    response = client.get(url, {"purpose": "visit"})
    page = response.content.decode()
    assert "ingetrokken op" in page and "telt niet meer mee" in page
    # the withdrawn signal no longer counts in the household's stability model
    assert red(response) == before - 1
