from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import PartnerOrganisationFactory
from stabiel.signals.models import ImportBatch, Signal
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(catalogue, municipality, make_user, client):
    pop = population(municipality, households=2)
    user = make_user(Role.PARTNER_REPORTER, partner_organisation="Heuvelrug Wonen")
    client.force_login(user)
    return client, user, pop


def form_data(**overrides):
    data = {
        "signal_type": "huurachterstand",
        "bsn": "111222333",
        "observed_on": f"{timezone.localdate() - timedelta(days=2):%d-%m-%Y}",
        "reference": "HW-2026-001",
        "note": "Twee maanden huur niet betaald",
    }
    data.update(overrides)
    return data


def test_partner_reports_a_signal_and_sees_only_its_status(reporter):
    client, user, pop = reporter
    response = client.post(reverse("signals:report"), form_data())
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert (signal.partner, signal.reported_by, signal.household) == (
        user.partner_organisation,
        user,
        pop.households[0],
    )
    content = client.get(reverse("signals:own-list")).content.decode()
    assert "HW-2026-001" in content and "Ontvangen" in content
    assert "111222333" not in content and pop.households[0].label not in content


def test_sending_the_same_signal_twice_stores_one(reporter):
    client, _, _ = reporter
    client.post(reverse("signals:report"), form_data())
    response = client.post(reverse("signals:report"), form_data(), follow=True)
    assert "al gemeld" in response.content.decode()
    assert Signal.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"signal_type": "psychische-stoornissen"}, "Kies een soort signaal uit de lijst"),
        ({"bsn": "123456789"}, "elfproef"),
        ({"bsn": "23578967²"}, "negen cijfers"),
        ({"bsn": "", "postcode": "3701AB", "house_number": "A1"}, "Begin met het nummer"),
        ({"bsn": "", "postcode": "", "house_number": ""}, "Vul een BSN in"),
        ({"observed_on": "31-02-2026"}, "geen datum"),
        ({"observed_on": f"{timezone.localdate() + timedelta(days=3):%d-%m-%Y}"}, "toekomst"),
        ({"reference": ""}, "Vul uw eigen kenmerk in"),
        ({"note": "x" * 501}, "500"),
    ],
)
def test_bad_signal_input_gives_a_message_and_stores_nothing(reporter, overrides, message):
    client, _, _ = reporter
    response = client.post(reverse("signals:report"), form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Signal.objects.exists()


def test_an_empty_report_says_per_field_what_to_fill_in(reporter):
    """Issue 13 walk: the three required fields said only Django's generic "this field is
    required"; each now says what to fill in."""
    client, _, _ = reporter
    empty = form_data(signal_type="", observed_on="", reference="")
    response = client.post(reverse("signals:report"), empty)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kies in de lijst wat er aan de hand is." in content
    assert "Vul in op welke dag u dit zag." in content
    assert "Vul uw eigen kenmerk in" in content
    assert "Dit veld is" not in content and "This field is" not in content
    assert not Signal.objects.exists()


def test_a_type_the_municipality_switched_off_is_named_as_not_accepted(reporter, municipality):
    """Not "unknown" and not "choose from the list": the municipality does not take this type
    (a form opened before it was switched off still offers it)."""
    from stabiel.catalogue.models import ItemSwitch

    client, _, _ = reporter
    form = client.get(reverse("signals:report")).content.decode()
    assert 'value="huurachterstand"' in form
    ItemSwitch.objects.create(
        municipality=municipality, kind="catalogue.signaltype", code="huurachterstand"
    )
    response = client.post(reverse("signals:report"), form_data())
    assert response.status_code == 200
    content = response.content.decode()
    assert f"De gemeente {municipality.name} neemt geen signalen aan over" in content
    assert "Onbekende soort" not in content and "uit de lijst" not in content
    assert not Signal.objects.exists()


def test_reference_reused_with_other_content(reporter):
    client, _, _ = reporter
    client.post(reverse("signals:report"), form_data())
    response = client.post(reverse("signals:report"), form_data(note="iets anders"))
    assert "al gebruikt" in response.content.decode()
    assert Signal.objects.get().note == "Twee maanden huur niet betaald"


def test_partner_never_sees_another_partners_signals_or_batches(reporter, municipality, make_user):
    from django.test import Client

    client_a, user_a, _ = reporter
    client_a.post(reverse("signals:report"), form_data())
    other = make_user(Role.PARTNER_REPORTER, partner_organisation="Energie Samen")
    client = Client()
    client.force_login(other)
    assert "HW-2026-001" not in client.get(reverse("signals:own-list")).content.decode()
    upload = SimpleUploadedFile(
        "a.csv", b"signaalsoort;bsn;datum;kenmerk\nhuurachterstand;111222333;01-01-2026;Q-1\n"
    )
    client_a.post(reverse("signals:batch-upload"), {"kind": "signals", "file": upload})
    batch = ImportBatch.objects.get()
    assert batch.partner == user_a.partner_organisation  # a partner uploads for itself only
    assert client.get(reverse("signals:batch-detail", args=[batch.pk])).status_code == 404
    assert client.get(reverse("signals:batch-rejections", args=[batch.pk])).status_code == 404


def test_admin_upload_needs_a_partner_for_signals(catalogue, admin_client):
    upload = SimpleUploadedFile("a.csv", b"signaalsoort;bsn;datum;kenmerk\n")
    response = admin_client.post(
        reverse("signals:batch-upload"), {"kind": "signals", "file": upload}
    )
    assert "Kies de partner" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_upload_without_file_and_with_foreign_partner(catalogue, admin_client, other_municipality):
    foreign = PartnerOrganisationFactory(municipality=other_municipality)
    response = admin_client.post(
        reverse("signals:batch-upload"), {"kind": "signals", "partner": foreign.pk}
    )
    content = response.content.decode()
    assert "Kies een bestand" in content and "bestaat niet in uw gemeente" in content
    assert not ImportBatch.objects.exists()


def test_too_large_upload_is_refused_while_streaming(catalogue, admin_client, settings, admin_user):
    settings.IMPORT_MAX_BYTES = 1000
    partner = PartnerOrganisationFactory(municipality=admin_user.municipality)
    upload = SimpleUploadedFile("groot.csv", b"x" * 5000)
    response = admin_client.post(
        reverse("signals:batch-upload"), {"kind": "signals", "partner": partner.pk, "file": upload}
    )
    assert response.status_code == 200
    assert "te groot" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_batch_page_shows_progress_and_rejections(catalogue, admin_client, admin_user):
    from stabiel.signals.importing.pipeline import batch_process

    partner = PartnerOrganisationFactory(municipality=admin_user.municipality)
    upload = SimpleUploadedFile(
        "a.csv", b"signaalsoort;bsn;datum;kenmerk\nonzin;111222333;01-01-2026;Q-1\n"
    )
    admin_client.post(
        reverse("signals:batch-upload"), {"kind": "signals", "partner": partner.pk, "file": upload}
    )
    batch = ImportBatch.objects.get()
    assert (
        "<progress"
        in admin_client.get(reverse("signals:batch-detail", args=[batch.pk])).content.decode()
    )
    status = admin_client.get(reverse("signals:batch-status", args=[batch.pk])).json()
    assert status["status"] == "queued" and status["finished"] is False
    batch_process(batch.pk)
    content = admin_client.get(reverse("signals:batch-detail", args=[batch.pk])).content.decode()
    assert "Onbekende soort signaal" in content
    csv_text = admin_client.get(
        reverse("signals:batch-rejections", args=[batch.pk])
    ).content.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith("2;Onbekende soort signaal")


def test_sample_file_imports_cleanly(catalogue, municipality, admin_client, admin_user):
    import io

    from stabiel.signals.importing.pipeline import batch_process
    from stabiel.signals.services import batch_create

    population(municipality, households=4)
    data = admin_client.get(reverse("signals:sample-file")).content
    partner = PartnerOrganisationFactory(municipality=municipality)
    receipt = batch_create(
        municipality=municipality,
        kind="signals",
        partner=partner,
        uploaded_by=admin_user,
        filename="voorbeeld.csv",
        stream=io.BytesIO(data),
        size=len(data),
    )
    batch = batch_process(receipt.batch.pk)
    assert batch.status == "done", list(batch.rejections.values_list("reason", flat=True))
    assert batch.created_count == 4


@pytest.mark.parametrize(
    "role",
    [Role.POLICY_ADVISER, Role.ACCESS_WORKER, Role.PRIVACY_OFFICER, Role.SESSION_PARTICIPANT],
)
def test_other_roles_cannot_report_or_upload(catalogue, client, make_user, team, role):
    client.force_login(make_user(role, teams=[team]))
    assert client.get(reverse("signals:report")).status_code == 403
    assert client.post(reverse("signals:batch-upload"), {}).status_code == 403


def test_a_partners_sample_file_holds_no_residents_data(catalogue, municipality, client, make_user):
    """A sample shows the format. To a partner it must not hand over the register's addresses
    and BSNs (the administrator's sample uses them, so that it matches households)."""
    from stabiel.residents.models import HouseholdAddress, PersonIdentity

    population(municipality, households=4)
    client.force_login(make_user(Role.PARTNER_REPORTER, partner_organisation="Woonstichting"))
    response = client.get(reverse("signals:sample-file"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()[1:]]
    assert rows and all(row[1] == "" for row in rows)  # no BSN
    postcodes = set(HouseholdAddress.objects.values_list("postcode", flat=True))
    assert not postcodes & {row[2] for row in rows}
    assert not any(bsn in text for bsn in PersonIdentity.objects.values_list("bsn", flat=True))
