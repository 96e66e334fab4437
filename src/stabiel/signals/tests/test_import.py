"""Bulk files: all-or-nothing per batch, idempotent, every rejected row with its line and reason."""

import io
from datetime import timedelta

import pytest
from django.db import connection  # noqa: F401 - read by skipif
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import PartnerOrganisationFactory
from stabiel.signals.importing.pipeline import batch_process
from stabiel.signals.models import Decision, ImportBatch, ImportStagedSignal, Signal
from stabiel.signals.services import SignalInputError, batch_create
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db

HEADER = "signaalsoort;bsn;postcode;huisnummer;datum;kenmerk;toelichting\n"


@pytest.fixture
def setup(catalogue, municipality, make_user):
    pop = population(municipality, households=4)
    partner = PartnerOrganisationFactory(municipality=municipality, name="Woningcorporatie")
    user = make_user(Role.FUNCTIONAL_ADMIN)
    return pop, partner, user


def upload(setup, data: bytes, *, kind="signals", filename="levering.csv", partner="default"):
    _, default_partner, user = setup
    receipt = batch_create(
        municipality=user.municipality,
        kind=kind,
        partner=default_partner if partner == "default" else partner,
        uploaded_by=user,
        filename=filename,
        stream=io.BytesIO(data),
        size=len(data),
    )
    if receipt.already_imported:
        return receipt.batch, True
    return batch_process(receipt.batch.pk), False


def day(days_ago=3):
    return f"{timezone.localdate() - timedelta(days=days_ago):%d-%m-%Y}"


def good_csv(pop, prefix="R") -> str:
    (pc0, nr0), (pc1, nr1) = pop.addresses[:2]
    return (
        HEADER
        + f"huurachterstand;;{pc0};{nr0};{day()};{prefix}-1;twee maanden\n"
        + f"energieachterstand;111222333;;;{day(10)};{prefix}-2;\n"
        + f"Waterachterstand;;{pc1};{nr1};{day(5)};{prefix}-3;\n"
    )


def test_a_good_file_is_stored_completely(setup):
    pop, partner, _ = setup
    batch, _ = upload(setup, ("\ufeff" + good_csv(pop)).encode("utf-8"))
    assert batch.status == ImportBatch.Status.DONE, list(
        batch.rejections.values_list("line", "reason")
    )
    assert (batch.total_rows, batch.created_count, batch.rejected_count) == (3, 3, 0)
    signals = Signal.objects.filter(batch=batch).order_by("reference")
    assert [s.reference for s in signals] == ["R-1", "R-2", "R-3"]
    assert signals[1].person == pop.persons[0]
    assert signals[1].household == pop.households[0]
    assert all(s.partner == partner and s.channel == "file" for s in signals)
    assert not ImportStagedSignal.objects.exists()


def test_the_same_file_twice_adds_nothing(setup):
    pop, _, _ = setup
    data = good_csv(pop).encode()
    first, _ = upload(setup, data)
    again, already = upload(setup, data)
    assert already and again.pk == first.pk
    assert Signal.objects.count() == 3


def test_the_same_rows_in_another_file_add_nothing(setup):
    pop, _, _ = setup
    upload(setup, good_csv(pop).encode())
    second, _ = upload(
        setup, (good_csv(pop) + "\n").replace(";", ",").encode(), filename="november.csv"
    )
    assert second.status == ImportBatch.Status.DONE
    assert (second.created_count, second.duplicate_count) == (0, 3)
    assert Signal.objects.count() == 3


def test_windows_1252_and_comma_file(setup):
    pop, _, _ = setup
    pc, nr = pop.addresses[0]
    data = f"signaalsoort,postcode,huisnummer,datum,kenmerk,toelichting\nhuurachterstand,{pc},{nr},{day()},W-1,café gesloten\n"
    batch, _ = upload(setup, data.encode("cp1252"))
    assert batch.status == ImportBatch.Status.DONE
    assert Signal.objects.get(reference="W-1").note == "café gesloten"


def test_xlsx_file_with_date_cells(setup):
    pop, _, _ = setup
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Signaalsoort", "Postcode", "Huisnummer", "Datum", "Kenmerk"])
    pc, nr = pop.addresses[2]
    sheet.append(
        ["zorgpremieachterstand", pc, int(nr), timezone.localdate() - timedelta(days=2), "X-1"]
    )
    out = io.BytesIO()
    workbook.save(out)
    batch, _ = upload(setup, out.getvalue(), filename="levering.xlsx")
    assert batch.status == ImportBatch.Status.DONE, list(
        batch.rejections.values_list("reason", flat=True)
    )
    assert Signal.objects.get(reference="X-1").household == pop.households[2]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("onzin;111222333;;;{d};B-1;", "Onbekende soort signaal"),
        ("huurachterstand;123456789;;;{d};B-1;", "elfproef"),
        ("huurachterstand;23578967²;;;{d};B-1;", "negen cijfers"),
        ("huurachterstand;;{pc1};A;{d};B-1;", "Begin met het nummer"),
        ("huurachterstand;111222333;;;31-02-2026;B-1;", "bestaat niet"),
        ("huurachterstand;111222333;;;{future};B-1;", "toekomst"),
        ("huurachterstand;111222333;;;volgende week;B-1;", "geen datum"),
        ("huurachterstand;111222333;;;{d};;", "kenmerk ontbreekt"),
        ("huurachterstand;111222333", "kolommen"),
    ],
)
def test_one_bad_row_rejects_the_whole_batch_with_line_and_reason(setup, row, reason):
    pop, _, _ = setup
    pc1, nr1 = pop.addresses[1]
    bad = row.format(
        d=day(), future=f"{timezone.localdate() + timedelta(days=1):%d-%m-%Y}", pc1=pc1, nr1=nr1
    )
    batch, _ = upload(setup, (good_csv(pop) + bad + "\n").encode())
    assert batch.status == ImportBatch.Status.REJECTED
    rejections = list(batch.rejections.values_list("line", "reason"))
    assert rejections[0][0] == 5  # header is line 1, three good rows, then this one
    assert reason in rejections[0][1]
    assert Signal.objects.count() == 0
    assert not ImportStagedSignal.objects.exists()


def test_every_rejected_row_is_reported(setup):
    pop, _, _ = setup
    bad = "".join(f"onzin;111222333;;;{day()};Z-{i};\n" for i in range(5))
    batch, _ = upload(setup, (good_csv(pop) + bad).encode())
    assert list(batch.rejections.values_list("line", flat=True)) == [5, 6, 7, 8, 9]
    assert batch.rejected_count == 5


def test_reference_reused_for_other_content_is_rejected(setup):
    pop, _, _ = setup
    upload(setup, good_csv(pop).encode())
    changed = good_csv(pop).replace("twee maanden", "drie maanden")
    batch, _ = upload(setup, changed.encode(), filename="gewijzigd.csv")
    assert batch.status == ImportBatch.Status.REJECTED
    assert "al gebruikt" in batch.rejections.get().reason
    assert Signal.objects.get(reference="R-1").note == "twee maanden"


def test_reference_twice_in_one_file_with_other_content_is_rejected(setup):
    pop, _, _ = setup
    pc, nr = pop.addresses[0]
    data = (
        HEADER
        + f"huurachterstand;;{pc};{nr};{day()};D-1;a\nhuurachterstand;;{pc};{nr};{day()};D-1;b\n"
    )
    batch, _ = upload(setup, data.encode())
    assert batch.status == ImportBatch.Status.REJECTED
    assert list(batch.rejections.values_list("line", flat=True)) == [3]  # the later row
    assert Signal.objects.count() == 0


def test_reference_twice_in_one_file_with_same_content_is_stored_once(setup):
    pop, _, _ = setup
    pc, nr = pop.addresses[0]
    row = f"huurachterstand;;{pc};{nr};{day()};D-1;a\n"
    batch, _ = upload(setup, (HEADER + row + row).encode())
    assert (batch.status, batch.created_count, batch.duplicate_count) == ("done", 1, 1)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"kenmerk;datum\nX;01-01-2026\n", "ontbreken in de kopregel: signaalsoort"),
        (b"\x00\x01\x02binary" * 100, "binaire"),
        (b"signaalsoort;datum;kenmerk;postcode;huisnummer\n", "geen regels"),
        (b"just one column\nvalue\n", "kolommen gescheiden"),
    ],
)
def test_unreadable_files_are_rejected_with_a_message(setup, data, reason):
    batch, _ = upload(setup, data)
    assert batch.status == ImportBatch.Status.REJECTED
    assert reason in " ".join(batch.rejections.values_list("reason", flat=True))
    assert Signal.objects.count() == 0


def test_empty_and_too_large_files_are_refused_before_queueing(setup, settings):
    with pytest.raises(SignalInputError, match="leeg"):
        upload(setup, b"")
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(SignalInputError, match="te groot"):
        upload(setup, b"x" * 11)
    assert not ImportBatch.objects.exists()


def test_column_mapping_per_partner(setup):
    from stabiel.signals.models import ColumnMapping

    pop, partner, _ = setup
    ColumnMapping.objects.create(
        municipality=partner.municipality,
        partner=partner,
        kind="signals",
        columns={
            "signaalsoort": "Soort",
            "postcode": "PC",
            "huisnummer": "Nr",
            "datum": "Peildatum",
            "kenmerk": "Dossier",
        },
    )
    pc, nr = pop.addresses[0]
    batch, _ = upload(
        setup, f"Soort;PC;Nr;Peildatum;Dossier\nhuurachterstand;{pc};{nr};{day()};M-1\n".encode()
    )
    assert batch.status == ImportBatch.Status.DONE


def test_decisions_file(setup):
    data = (
        "bsn;wet;product;hulpvraag;begindatum;einddatum;kenmerk\n"
        "111222333;Wmo;Huishoudelijke hulp;huishouden;01-01-2025;;WMO-1\n"
        "123456782;zonder beschikking;Buurtteam;wonen;01-03-2025;01-09-2025;BV-1\n"
    )
    batch, _ = upload(setup, data.encode(), kind="decisions", partner=None)
    assert batch.status == ImportBatch.Status.DONE, list(
        batch.rejections.values_list("reason", flat=True)
    )
    assert set(Decision.objects.values_list("law", flat=True)) == {"wmo", "beschikkingsvrij"}


def test_decision_with_unknown_law_or_end_before_start(setup):
    data = (
        "bsn;wet;product;hulpvraag;begindatum;einddatum;kenmerk\n"
        "111222333;Wet op de ruimtevaart;X;Y;01-01-2025;;K-1\n"
        "111222333;Wmo;X;Y;01-01-2025;01-01-2024;K-2\n"
    )
    batch, _ = upload(setup, data.encode(), kind="decisions", partner=None)
    reasons = list(batch.rejections.values_list("reason", flat=True))
    assert "Onbekende wet" in reasons[0] and "vóór de begindatum" in reasons[1]
    assert not Decision.objects.exists()


def test_processing_is_logged(setup):
    from stabiel.core.models import ProcessingLogEntry

    pop, _, _ = setup
    batch, _ = upload(setup, good_csv(pop).encode())
    entry = ProcessingLogEntry.objects.get(data_subject=f"batch-{batch.pk}")
    assert entry.status == "ok" and entry.operation == "import-signals"


cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["huurachterstand", "111222333", "3700AB", "1", "31-02-2026", "01-01-2026", ""]
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=8), min_size=1, max_size=12))
def test_random_rows_never_crash_and_never_store_part_of_a_batch(setup, rows):
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        ["signaalsoort", "bsn", "postcode", "huisnummer", "datum", "kenmerk", "toelichting"]
    )
    writer.writerows(rows)
    before = Signal.objects.count()
    try:
        batch, already = upload(setup, out.getvalue().encode(), filename=f"random-{id(rows)}.csv")
    except SignalInputError:
        return
    if already:
        return
    batch.refresh_from_db()
    assert batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.REJECTED)
    stored = Signal.objects.count() - before
    if batch.status == ImportBatch.Status.REJECTED:
        assert stored == 0
        assert batch.rejections.exists()
    else:
        assert stored == batch.created_count
    assert not ImportStagedSignal.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_import_commits_as_one_batch(catalogue, municipality, make_user):
    """The background task runs outside any transaction: on PostgreSQL a worker thread with its own
    connection stores while the main thread reads. All-or-nothing holds there too."""
    pop = population(municipality, households=2)
    partner = PartnerOrganisationFactory(municipality=municipality, name="Corporatie")
    setup = (pop, partner, make_user(Role.FUNCTIONAL_ADMIN))
    batch, _ = upload(setup, good_csv(pop).encode())
    assert batch.status == ImportBatch.Status.DONE
    assert Signal.objects.count() == 3
    bad = good_csv(pop, prefix="S") + "onzin;111222333;;;01-01-2026;S-9;\n"
    batch, _ = upload(setup, bad.encode(), filename="fout.csv")
    assert batch.status == ImportBatch.Status.REJECTED
    assert Signal.objects.count() == 3


# A failed last step (a kind's after_import) leaves the rows stored and says so; processing the
# batch again adds nothing twice and runs the step again.
def test_a_failed_batch_is_processed_again_without_doubles(setup, monkeypatch):
    import dataclasses

    from stabiel.signals.importing import pipeline
    from stabiel.signals.importing.specs import SPECS
    from stabiel.signals.services import batch_retry

    pop, _, _ = setup
    spec, check_row = SPECS["signals"]
    calls = []

    def broken(*, batch, touched):
        calls.append(batch.pk)
        raise RuntimeError("matching service down")

    monkeypatch.setitem(
        SPECS, "signals", (dataclasses.replace(spec, after_import=broken), check_row)
    )
    with pytest.raises(pipeline.FinishingError):
        upload(setup, good_csv(pop).encode())
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message == pipeline.STORED_NOT_FINISHED
    assert Signal.objects.filter(batch=batch).count() == 3

    def working(*, batch, touched):
        calls.append(batch.pk)
        return touched

    monkeypatch.setitem(
        SPECS, "signals", (dataclasses.replace(spec, after_import=working), check_row)
    )
    batch_retry(batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED
    batch = batch_process(batch.pk)
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.created_count, batch.duplicate_count) == (0, 3)
    assert Signal.objects.count() == 3
    assert calls == [batch.pk, batch.pk]


def test_a_batch_whose_worker_is_gone_is_marked_interrupted_and_processed_again_once(setup):
    """The worker died mid-way (its rows were never committed): the periodic check marks the
    batch interrupted, the administrator sees why and can process it again, exactly once."""
    from django.core.management import call_command

    from stabiel.signals.importing.liveness import INTERRUPTED_MESSAGE
    from stabiel.signals.services import batch_retry

    pop, _, _ = setup
    batch, _ = upload(setup, good_csv(pop).encode())
    Signal.objects.filter(batch=batch).delete()  # as if its transaction never committed
    long_ago = timezone.now() - timedelta(
        hours=1
    )  # no sign of life (SQLite), no claim (PostgreSQL)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, updated_at=long_ago
    )

    out = io.StringIO()
    call_command("imports_interrupted_mark", stdout=out)

    assert "1 onderbroken" in out.getvalue()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.INTERRUPTED
    assert batch.message == INTERRUPTED_MESSAGE
    assert batch.is_finished and batch.can_retry
    batch_retry(batch=batch)
    batch = batch_process(batch.pk)
    assert batch.status == ImportBatch.Status.DONE
    assert batch.created_count == 3
    assert Signal.objects.filter(batch=batch).count() == 3
    call_command("imports_interrupted_mark", stdout=io.StringIO())
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE


@pytest.mark.skipif(
    "connection.vendor == 'postgresql'",
    reason="on PostgreSQL the sign of life is the worker's advisory lock (test_faults.py)",
)
def test_on_sqlite_a_running_batch_with_recent_progress_is_left_alone(setup):
    from stabiel.signals.importing.liveness import batches_interrupted_mark

    pop, _, _ = setup
    batch, _ = upload(setup, good_csv(pop).encode())
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, updated_at=timezone.now()
    )

    assert batches_interrupted_mark() == []
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.RUNNING


def test_only_a_failed_batch_can_be_processed_again(setup):
    from stabiel.signals.services import batch_retry

    pop, _, _ = setup
    batch, _ = upload(setup, good_csv(pop).encode())
    with pytest.raises(SignalInputError, match="mislukt"):
        batch_retry(batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE


def test_retry_button_posts_only_for_own_failed_batches(
    setup, client, make_user, other_municipality
):
    from django.urls import reverse

    pop, _, user = setup
    batch, _ = upload(setup, good_csv(pop).encode())
    client.force_login(user)
    url = reverse("signals:batch-retry", args=[batch.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Alleen een bestand dat mislukt of onderbroken is" in response.content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.FAILED)
    assert (
        "Opnieuw verwerken"
        in client.get(reverse("signals:batch-detail", args=[batch.pk])).content.decode()
    )
    stranger = make_user(Role.FUNCTIONAL_ADMIN, municipality=other_municipality)
    client.force_login(stranger)
    assert client.post(url).status_code == 404
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.FAILED
    client.force_login(user)
    response = client.post(url, follow=True)
    assert "wordt opnieuw verwerkt" in response.content.decode()


def test_rows_about_unknown_residents_are_held_not_refused(setup):
    from stabiel.signals.models import UnmatchedSubject

    pop, _, _ = setup
    pc1, nr1 = pop.addresses[1]
    held_rows = (
        f"huurachterstand;100000071;;;{day()};N-1;\n"  # valid BSN, not resident
        f"huurachterstand;;9999ZZ;1;{day()};N-2;\n"  # nobody known at this address
        f"huurachterstand;111222333;{pc1};{nr1};{day()};N-3;\n"  # BSN and address disagree
    )
    batch, _ = upload(setup, (good_csv(pop) + held_rows).encode())
    assert batch.status == ImportBatch.Status.DONE
    assert batch.created_count == 6
    held = {u.signal.reference: u for u in UnmatchedSubject.objects.select_related("signal")}
    assert set(held) == {"N-1", "N-2", "N-3"}
    assert held["N-1"].bsn == "100000071"
    assert (held["N-2"].postcode, held["N-2"].house_number) == ("9999ZZ", "1")
    assert all(u.signal.household_id is None for u in held.values())
    # The same file again: nothing twice, nothing refused.
    _again, already = upload(setup, (good_csv(pop) + held_rows).encode())
    assert already
    assert UnmatchedSubject.objects.count() == 3


def test_refused_for_a_switched_off_type_then_the_same_file_again(setup, client):
    """The municipality switched a national signal type off: a file using it is refused. Once
    the type is switched on again, the unchanged file is read again instead of 'al eerder
    aangeleverd' (issue 13; the column-mapping case is in earlywarning/tests/test_admin_files)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from stabiel.catalogue.models import SignalType
    from stabiel.catalogue.services import item_switch_set

    pop, partner, admin = setup
    rent = SignalType.objects.get(municipality__isnull=True, code="huurachterstand")
    item_switch_set(municipality=admin.municipality, item=rent, active=False)
    data = good_csv(pop, prefix="S").encode()
    client.force_login(admin)

    def post():
        return client.post(
            reverse("signals:batch-upload"),
            {
                "kind": "signals",
                "partner": partner.pk,
                "file": SimpleUploadedFile("levering.csv", data),
            },
        )

    post()
    refused = batch_process(ImportBatch.objects.get().pk)
    assert refused.status == ImportBatch.Status.REJECTED
    reasons = " ".join(refused.rejections.values_list("reason", flat=True))
    assert f"De gemeente {admin.municipality.name} neemt geen signalen aan over" in reasons
    assert "Onbekende soort signaal" not in reasons
    assert not Signal.objects.exists()

    item_switch_set(municipality=admin.municipality, item=rent, active=True)
    response = post()
    again = ImportBatch.objects.exclude(pk=refused.pk).get()
    assert response.url == reverse("signals:batch-detail", args=[again.pk])
    assert "eerder afgewezen" in client.get(response.url).content.decode()
    again = batch_process(again.pk)
    assert again.status == ImportBatch.Status.DONE, list(again.rejections.values_list("reason"))
    assert Signal.objects.filter(batch=again).count() == 3
    refused.refresh_from_db()
    assert refused.status == ImportBatch.Status.REJECTED  # the refusal stays as it was

    # Accepted now: the same file a third time is not read again.
    response = post()
    assert response.url == reverse("signals:batch-detail", args=[again.pk])
    assert ImportBatch.objects.count() == 2
    assert "al eerder aangeleverd" in client.get(response.url).content.decode()
