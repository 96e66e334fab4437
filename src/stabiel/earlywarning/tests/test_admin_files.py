"""The functional administrator reads in early-warning files, and a refused file may come again
once the municipality fixed its own setting (issue 13)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.earlywarning import samples
from stabiel.earlywarning.models import Report
from stabiel.signals.importing.pipeline import batch_process
from stabiel.signals.models import ColumnMapping, ImportBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world, make_user):
    return make_user(Role.FUNCTIONAL_ADMIN)


def energy_file(world) -> bytes:
    return samples.energy_csv(municipality=world.municipality, signalled_on=date(2026, 11, 3))


def map_energy_columns(world):
    return ColumnMapping.objects.create(
        municipality=world.municipality,
        partner=world.energy,
        kind="earlywarning",
        columns=samples.ENERGY_MAPPING,
    )


def post_upload(client, url_name, data: bytes, **fields):
    return client.post(
        reverse(url_name), {**fields, "file": SimpleUploadedFile("energie.csv", data)}
    )


def test_administrator_opens_the_early_warning_file_pages(client, world, admin):
    client.force_login(admin)
    assert client.get(reverse("earlywarning:batch-upload")).status_code == 200
    assert client.get(reverse("earlywarning:batch-list")).status_code == 200
    # The work on reports stays with the workers.
    assert client.get(reverse("earlywarning:report-list")).status_code == 403
    sample = client.get(reverse("earlywarning:sample-file", args=["energie.csv"]))
    assert sample.status_code == 200
    lines = sample.content.decode("cp1252").splitlines()
    # The administrator sees no team's households, so the sample uses the whole municipality.
    assert len(lines) > 1 and lines[0].startswith("klantreferentie;")


def test_the_upload_page_offers_an_early_warning_sample(client, world, admin):
    client.force_login(admin)
    page = client.get(reverse("signals:batch-upload")).content.decode()
    assert reverse("earlywarning:sample-file", args=["energie.csv"]) in page
    assert "voorbeeldbestand met vroegsignalen" in page


def test_administrator_uploads_early_warning_with_partner_and_its_columns(client, world, admin):
    map_energy_columns(world)
    client.force_login(admin)
    data = energy_file(world)
    response = post_upload(
        client, "signals:batch-upload", data, kind="earlywarning", partner=world.energy.pk
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    batch = ImportBatch.objects.get()
    # The partner is kept on the batch, and with it the partner's own column names.
    assert batch.partner == world.energy and batch.kind == "earlywarning"
    batch = batch_process(batch.pk)
    assert batch.status == ImportBatch.Status.DONE, list(batch.rejections.values_list("reason"))
    assert Report.objects.exists()
    detail = client.get(reverse("signals:batch-detail", args=[batch.pk])).content.decode()
    assert world.energy.name in detail


def test_administrator_uploads_on_the_early_warning_page(client, world, admin):
    map_energy_columns(world)
    client.force_login(admin)
    response = post_upload(
        client, "earlywarning:batch-upload", energy_file(world), partner=world.energy.pk
    )
    assert response.status_code == 302
    batch = batch_process(ImportBatch.objects.get().pk)
    assert batch.status == ImportBatch.Status.DONE
    assert batch.uploaded_by == admin and batch.partner == world.energy


def test_early_warning_file_without_partner_is_refused_with_a_message(client, world, admin):
    client.force_login(admin)
    response = post_upload(client, "signals:batch-upload", energy_file(world), kind="earlywarning")
    assert response.status_code == 200
    assert "Kies de partner die het bestand stuurde." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_refused_for_a_setting_then_the_same_file_again(client, world, admin):
    """No column mapping yet: refused for missing columns. The administrator adds the
    mapping, and the unchanged file is read again instead of 'al eerder aangeleverd'."""
    client.force_login(admin)
    data = energy_file(world)
    fields = {"kind": "earlywarning", "partner": world.energy.pk}
    post_upload(client, "signals:batch-upload", data, **fields)
    refused = batch_process(ImportBatch.objects.get().pk)
    assert refused.status == ImportBatch.Status.REJECTED
    assert "kolommen ontbreken" in refused.message

    map_energy_columns(world)
    response = post_upload(client, "signals:batch-upload", data, **fields)
    assert response.status_code == 302
    again = ImportBatch.objects.exclude(pk=refused.pk).get()
    assert response.url == reverse("signals:batch-detail", args=[again.pk])
    page = client.get(response.url).content.decode()
    assert "eerder afgewezen" in page
    again = batch_process(again.pk)
    assert again.status == ImportBatch.Status.DONE, list(again.rejections.values_list("reason"))
    refused.refresh_from_db()
    assert refused.status == ImportBatch.Status.REJECTED  # the refusal stays as it was

    # Accepted now: the same file a third time is not read again.
    response = post_upload(client, "signals:batch-upload", data, **fields)
    assert response.url == reverse("signals:batch-detail", args=[again.pk])
    assert ImportBatch.objects.count() == 2
    assert "al eerder aangeleverd" in client.get(response.url).content.decode()
