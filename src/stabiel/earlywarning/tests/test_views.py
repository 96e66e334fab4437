"""Screens: who may open what, bad input gets a message and changes nothing, the whole flow."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.earlywarning.models import ContactAttempt, DebtSignal, Delivery, Report
from stabiel.signals.models import ColumnMapping

from .conftest import HEADER, row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_client(client, world):
    client.force_login(world.worker)
    return client


def test_the_whole_month(client, world, django_capture_on_commit_callbacks):
    """Two partners' files, the reports, two contact attempts, a result, the delivery."""
    from stabiel.earlywarning import samples

    ColumnMapping.objects.create(
        municipality=world.municipality,
        partner=world.energy,
        kind="earlywarning",
        columns=samples.ENERGY_MAPPING,
    )
    client.force_login(world.worker)
    energy = samples.energy_csv(
        municipality=world.municipality, signalled_on=__import__("datetime").date(2026, 11, 3)
    )
    rent = samples.rent_json(
        municipality=world.municipality, signalled_on=__import__("datetime").date(2026, 11, 4)
    )
    for partner, name, data in ((world.energy, "e.csv", energy), (world.housing, "h.json", rent)):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("earlywarning:batch-upload"),
                {"partner": partner.pk, "file": SimpleUploadedFile(name, data)},
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        batch_page = client.get(response.url)
        assert "Het bestand is ingelezen." in batch_page.content.decode()
    page = client.get(reverse("earlywarning:report-list"))
    assert "Meer schuldeisers" in page.content.decode()
    report = Report.objects.filter(several_creditors=True).first()
    detail = reverse("earlywarning:report-detail", args=[report.pk])
    assert client.get(detail).status_code == 200
    for reached in ("nee", "ja"):
        response = client.post(
            reverse("earlywarning:attempt-create", args=[report.pk]),
            {"kind": "Telefoon", "reached": reached, "on": "18-11-2026", "part_of_day": "Middag"},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("earlywarning:outcome-set", args=[report.pk]),
        {"outcome": "(Budget)advies en/of quick fix"},
    )
    assert response.status_code == 302
    assert ContactAttempt.objects.filter(report=report).count() == 2

    client.force_login(world.lead)
    assert client.get(reverse("earlywarning:figures")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("earlywarning:delivery-list"),
            {"period_start": "01-11-2026", "period_end": "20-11-2026"},
        )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    response = client.get(reverse("earlywarning:delivery-download", args=[delivery.pk]))
    document = json.loads(response.content)
    from .test_delivery import validate

    validate(document)


def test_bad_attempt_form_shows_message_and_stores_nothing(worker_client, world):
    upload(world, (HEADER + row("E1", surname="Berg")).encode(), partner=world.energy)
    report = Report.objects.get()
    response = worker_client.post(
        reverse("earlywarning:attempt-create", args=[report.pk]),
        {"kind": "Duif", "reached": "misschien", "on": "31-02-2026", "part_of_day": ""},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Kies een soort contact uit de lijst." in text
    assert "Dit is geen datum" in text
    assert not ContactAttempt.objects.exists()


def test_letter_on_screen_without_part_of_day(worker_client, world):
    upload(world, (HEADER + row("E1", surname="Berg")).encode(), partner=world.energy)
    report = Report.objects.get()
    url = reverse("earlywarning:attempt-create", args=[report.pk])
    response = worker_client.post(url, {"kind": "Brief", "reached": "nee", "on": "18-11-2026"})
    assert response.status_code == 302
    assert ContactAttempt.objects.get().part_of_day == ""
    # a call without a part of the day is refused with the reason, nothing more stored
    response = worker_client.post(url, {"kind": "Telefoon", "reached": "nee", "on": "18-11-2026"})
    assert response.status_code == 400
    assert "bij bellen of een huisbezoek" in response.content.decode()
    assert ContactAttempt.objects.count() == 1


def test_outcome_twice_on_screen(worker_client, world):
    upload(world, (HEADER + row("E1", surname="Berg")).encode(), partner=world.energy)
    report = Report.objects.get()
    url = reverse("earlywarning:outcome-set", args=[report.pk])
    data = {"outcome": "Niet opgepakt: andere reden", "reason": "detentie"}
    assert worker_client.post(url, data).status_code == 302
    response = worker_client.post(url, {"outcome": "Verwijzing zonder contact"})
    assert response.status_code == 400
    assert "heeft al een eindresultaat" in response.content.decode()
    report.refresh_from_db()
    assert report.outcome == "Niet opgepakt: andere reden"


def test_upload_without_partner_or_file(worker_client, world):
    response = worker_client.post(reverse("earlywarning:batch-upload"), {})
    text = response.content.decode()
    assert "Kies de partner die het bestand stuurde." in text
    assert "Kies een bestand." in text


def test_partner_of_other_municipality_is_refused(worker_client, world, other_municipality):
    from stabiel.accounts.tests.factories import PartnerOrganisationFactory

    foreign = PartnerOrganisationFactory(municipality=other_municipality)
    response = worker_client.post(
        reverse("earlywarning:batch-upload"),
        {"partner": foreign.pk, "file": SimpleUploadedFile("x.csv", b"a;b\n1;2\n")},
    )
    assert "Deze partner bestaat niet in uw gemeente." in response.content.decode()


def test_other_municipality_gets_404(client, world, make_user, other_municipality):
    upload(world, (HEADER + row("E1", surname="Berg")).encode(), partner=world.energy)
    report = Report.objects.get()
    client.force_login(make_user(Role.ACCESS_WORKER, municipality=other_municipality))
    assert client.get(reverse("earlywarning:report-detail", args=[report.pk])).status_code == 404
    signal = DebtSignal.objects.get()
    response = client.post(
        reverse("earlywarning:match-decide", args=[signal.pk]), {"besluit": "bevestig"}
    )
    assert response.status_code == 404


def test_policy_adviser_and_partner_are_refused(client, world, make_user):
    for role in (Role.POLICY_ADVISER, Role.PARTNER_REPORTER):
        client.force_login(make_user(role))
        assert client.get(reverse("earlywarning:report-list")).status_code == 403
    client.force_login(world.worker)
    assert client.get(reverse("earlywarning:figures")).status_code == 403


def test_partner_sees_only_what_it_may_hear(client, world, make_user):
    upload(world, (HEADER + row("E1", surname="Berg")).encode(), partner=world.energy)
    report = Report.objects.get()
    from stabiel.earlywarning import services

    services.outcome_set(
        actor=world.worker, report_id=report.pk, outcome="Niet opgepakt: andere reden",
        reason="staat op de uitsluitingslijst",
    )  # fmt: skip
    partner_user = make_user(Role.PARTNER_REPORTER, partner_organisation=world.energy)
    client.force_login(partner_user)
    text = client.get(reverse("earlywarning:own-feedback")).content.decode()
    assert "E1" in text and "Niet opgepakt" in text
    assert "uitsluitingslijst" not in text and "andere reden" not in text
    client.force_login(world.worker)
    csv = client.get(
        reverse("earlywarning:feedback"), {"partner": world.energy.pk, "formaat": "csv"}
    ).content.decode()
    assert "E1" in csv and "uitsluitingslijst" not in csv


def test_settings_by_administrator(client, world, make_user):
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    url = reverse("earlywarning:settings")
    assert client.get(url).status_code == 200
    response = client.post(url, {"threshold_amount": "veel", "repeat_months": "40"})
    text = response.content.decode()
    assert "Vul een bedrag in hele euro" in text
    assert "Kies tussen 1 en 24 maanden." in text
    response = client.post(
        url, {"threshold_amount": "75", "repeat_months": "6", "supplier_code": "X"}
    )
    assert response.status_code == 302
    from stabiel.earlywarning.models import EarlyWarningSettings

    assert EarlyWarningSettings.objects.get().threshold_amount == 75


def test_sample_files(worker_client, world):
    assert (
        worker_client.get(reverse("earlywarning:sample-file", args=["energie.csv"])).status_code
        == 200
    )
    assert (
        worker_client.get(reverse("earlywarning:sample-file", args=["huur.json"])).status_code
        == 200
    )
    assert worker_client.get(reverse("earlywarning:sample-file", args=["x.exe"])).status_code == 404
