"""The partner's own signals: search by their reference, withdraw with a reason, and the three
states a partner may see (ontvangen, opgepakt, ingetrokken)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import TeamFactory
from stabiel.cases.services import case_open
from stabiel.signals.models import Channel, Signal
from stabiel.signals.services import signal_record
from stabiel.signals.tests.factories import BSNS, population

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(catalogue, municipality, make_user, client):
    pop = population(municipality, households=2)
    user = make_user(Role.PARTNER_REPORTER, partner_organisation="Heuvelrug Wonen")
    client.force_login(user)
    return client, user, pop


def report(user, pop, reference, *, household=0):
    return signal_record(
        municipality=user.municipality,
        partner=user.partner_organisation,
        signal_type_code="huurachterstand",
        observed_on=timezone.localdate() - timedelta(days=2),
        reference=reference,
        bsn=BSNS[household],
        postcode="",
        house_number="",
        note="",
        channel=Channel.FORM,
        reported_by=user,
    ).signal


def test_search_by_own_reference(world):
    client, user, pop = world
    report(user, pop, "HW-2026-001")
    report(user, pop, "HW-2026-002")
    content = client.get(reverse("signals:own-list"), {"kenmerk": "hw-2026-002"}).content.decode()
    assert "HW-2026-002" in content and "HW-2026-001" not in content
    nothing = client.get(reverse("signals:own-list"), {"kenmerk": "XX"}).content.decode()
    assert "Geen signaal met een kenmerk dat begint met" in nothing
    too_long = client.get(reverse("signals:own-list"), {"kenmerk": "x" * 65})
    assert too_long.status_code == 200
    assert "HW-2026-001" in too_long.content.decode()  # a bad search shows everything


def test_partner_withdraws_own_signal_with_reason(world):
    client, user, pop = world
    signal = report(user, pop, "HW-2026-001")
    url = reverse("signals:own-withdraw", args=[signal.pk])
    response = client.post(url, {"reason": "Huur is betaald"}, follow=True)
    assert "is ingetrokken" in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == Signal.Status.WITHDRAWN
    assert signal.withdrawn_on == timezone.localdate()
    assert signal.withdrawn_reason == "Huur is betaald"
    listing = client.get(reverse("signals:own-list")).content.decode()
    assert "Ingetrokken" in listing and url not in listing


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "Schrijf op waarom u het signaal intrekt."), ("x" * 501, "hoogstens 500 tekens")],
)
def test_withdrawal_needs_a_reason(world, reason, message):
    client, user, pop = world
    signal = report(user, pop, "HW-2026-001")
    response = client.post(reverse("signals:own-withdraw", args=[signal.pk]), {"reason": reason})
    assert message in response.content.decode()
    signal.refresh_from_db()
    assert (signal.status, signal.withdrawn_on) == (Signal.Status.RECEIVED, None)


def test_another_partners_signal_cannot_be_withdrawn(world, make_user, municipality):
    client, _user, pop = world
    other = make_user(Role.PARTNER_REPORTER, partner_organisation="Energie Noord")
    signal = report(other, pop, "EN-1")
    response = client.post(reverse("signals:own-withdraw", args=[signal.pk]), {"reason": "weg"})
    assert response.status_code == 404
    signal.refresh_from_db()
    assert signal.status == Signal.Status.RECEIVED


def test_signals_of_a_household_with_an_open_case_are_picked_up(
    world, make_user, municipality, django_capture_on_commit_callbacks
):
    client, user, pop = world
    team = TeamFactory(municipality=municipality)
    team.areas.add(pop.area)
    worker = make_user(Role.ACCESS_WORKER, teams=[team])
    first = report(user, pop, "HW-2026-001")
    assert first.status == Signal.Status.RECEIVED
    other_household = report(user, pop, "HW-2026-009", household=1)
    case_open(actor=worker, household=pop.households[0], team=team, case_lead=worker)
    first.refresh_from_db()
    assert first.status == Signal.Status.PICKED_UP  # it joined the case that opened
    with django_capture_on_commit_callbacks(execute=True):
        later = report(user, pop, "HW-2026-002")
    later.refresh_from_db()
    assert later.status == Signal.Status.PICKED_UP  # it arrived for the open case
    other_household.refresh_from_db()
    assert other_household.status == Signal.Status.RECEIVED
    assert "Opgepakt" in client.get(reverse("signals:own-list")).content.decode()


def test_api_shows_withdrawn(world):
    from stabiel.signals.api.serializers import SignalStatusField

    assert SignalStatusField().to_representation(Signal.Status.WITHDRAWN) == "ingetrokken"


def test_partner_without_organisation_sees_no_signals(world, make_user):
    client, user, pop = world
    report(user, pop, "HW-2026-001")
    client.force_login(make_user(Role.PARTNER_REPORTER))
    content = client.get(reverse("signals:own-list")).content.decode()
    assert "HW-2026-001" not in content
