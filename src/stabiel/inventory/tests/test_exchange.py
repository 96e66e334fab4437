import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from stabiel.inventory import exchange
from stabiel.inventory.models import ImportDraft, Offering, Provider
from stabiel.inventory.services import ImportRejectedError, import_commit, import_preview

pytestmark = pytest.mark.django_db

GOOD_ROW = {
    "aanbieder": "Buddy Zeist",
    "telefoon": "030 111 2222",
    "soort": "maatjesproject",
    "naam_aanbod": "Maatje",
    "schil": "informeel",
    "doelgroep_welkom": "ja",
    "doelgroep_gebruikt": "onbekend",
    "omvang": "20",
    "omvang_per": "tegelijk",
    "wachttijd_dagen": "14",
    "gecontracteerd": "nee",
    "pgb_mogelijk": "nee",
    "wie_betaalt": "fonds",
    "wie_beslist": "aanbieder",
    "vernieuwend": "nee",
    "geldig_vanaf": "2025-01-01",
}


def csv_bytes(*rows, encoding="utf-8") -> bytes:
    lines = [";".join(exchange.HEADER)]
    lines += [";".join(row.get(c, "") for c in exchange.HEADER) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(*rows, extra_sheet=False, merge=False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(exchange.HEADER)
    for row in rows:
        sheet.append([row.get(c, "") for c in exchange.HEADER])
    if extra_sheet:
        book.create_sheet("notities")
    if merge:
        sheet.merge_cells("A2:B2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(actor, content, name="kaart.csv"):
    draft, preview = import_preview(actor=actor, content=content, filename=name)
    return import_commit(actor=actor, draft_id=draft.pk), preview


def test_import_creates_and_second_time_changes_nothing(adviser):
    content = csv_bytes(GOOD_ROW, {**GOOD_ROW, "soort": "voedselbank", "naam_aanbod": ""})
    _result, preview = run(adviser, content)
    assert (preview.new_providers, preview.new_offerings) == (1, 2)
    assert Offering.objects.count() == 2
    _result, again = run(adviser, content)
    assert (again.new_providers, again.changed_providers) == (0, 0)
    assert (again.new_offerings, again.changed_offerings, again.unchanged_offerings) == (0, 0, 2)
    assert Offering.objects.count() == 2 and Provider.objects.count() == 1


def test_export_imports_back_unchanged(adviser, neighbour):
    content = csv_bytes(
        {**GOOD_ROW, "werkgebied_gemeenten": neighbour.cbs_code, "email": "a@example.org"},
        {
            **GOOD_ROW,
            "soort": "schuldhulp-algemeen",
            "schil": "sociaal-domein",
            "kader": "participatiewet",
            "algemeen_of_maatwerk": "maatwerk",
            "naam_aanbod": "",
            "geldig_tot": "2026-12-31",
            "pgb_mogelijk": "ja",
            "email": "a@example.org",
        },
    )
    run(adviser, content)
    before = exchange.export_rows(actor=adviser)
    for exported in (exchange.export_csv(actor=adviser), exchange.export_xlsx(actor=adviser)):
        _r, preview = run(adviser, exported, "terug.xlsx")
        assert preview.unchanged_offerings == 2
        assert preview.new_offerings == preview.changed_offerings == 0
        assert preview.changed_providers == 0
        assert exchange.export_rows(actor=adviser) == before
    sheet = load_workbook(io.BytesIO(exchange.export_xlsx(actor=adviser))).active
    assert [c.value for c in sheet[1]] == exchange.HEADER


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"soort": "zwembad"}, "soort: 'zwembad' is geen bekende soort voorziening"),
        ({"schil": "hemel"}, "schil: 'hemel' is geen bekende schil"),
        ({"omvang": "12,5"}, "omvang: '12,5' is geen heel getal"),
        ({"omvang": "veel"}, "omvang: 'veel' is geen heel getal"),
        ({"kader": "wmo"}, "kader: Informele hulp loopt niet via een wet"),
        ({"wie_betaalt": "ik"}, "wie_betaalt: 'ik' kan niet"),
        ({"geldig_vanaf": "1 jan"}, "geldig_vanaf: '1 jan' is geen datum"),
        ({"werkgebied_gemeenten": "GM9999"}, "GM9999 hoort niet bij uw regio"),
    ],
)
def test_bad_row_rejects_the_whole_file_with_line_and_reason(adviser, changes, message):
    content = csv_bytes(GOOD_ROW, {**GOOD_ROW, "naam_aanbod": "Tweede", **changes})
    with pytest.raises(ImportRejectedError) as exc:
        import_preview(actor=adviser, content=content, filename="x.csv")
    errors = exc.value.preview.errors
    assert [line for line, _reason in errors] == [3]
    assert message in errors[0][1]
    assert not Provider.objects.exists() and not ImportDraft.objects.exists()


def test_provider_twice_with_different_data(adviser):
    content = csv_bytes(GOOD_ROW, {**GOOD_ROW, "naam_aanbod": "Ander", "telefoon": "06 000"})
    with pytest.raises(ImportRejectedError) as exc:
        import_preview(actor=adviser, content=content, filename="x.csv")
    line, reason = exc.value.preview.errors[0]
    assert line == 3
    assert "staat ook op regel 2, maar met andere gegevens (telefoon)" in reason
    assert not Provider.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (xlsx_bytes(GOOD_ROW, extra_sheet=True), "2 werkbladen (Sheet, notities)"),
        (xlsx_bytes(GOOD_ROW, merge=True), "samengevoegde cellen (A2:B2)"),
        (csv_bytes({**GOOD_ROW, "aanbieder": "Zorg é"}, encoding="cp1252"), "niet in UTF-8"),
        (b"", "leeg"),
        (b"naam;soort\r\nx;y\r\n", "ontbrekende kolommen"),
        (b"PK\x03\x04kapot", "kan niet worden gelezen"),
    ],
)
def test_bad_file_gets_a_clear_message(adviser, content, message):
    with pytest.raises(ImportRejectedError) as exc:
        import_preview(actor=adviser, content=content, filename="x")
    assert message in str(exc.value)
    assert not Provider.objects.exists()


def test_preview_then_commit_by_screen(client, adviser):
    client.force_login(adviser)
    upload = SimpleUploadedFile("kaart.xlsx", xlsx_bytes(GOOD_ROW))
    response = client.post(reverse("inventory:exchange"), {"file": upload})
    assert response.status_code == 200
    assert "nieuw aanbod: 1" in response.content.decode()
    assert not Offering.objects.exists()  # nothing yet: only a preview
    draft = ImportDraft.objects.get()
    response = client.post(reverse("inventory:import-commit"), {"draft": draft.pk})
    assert response.status_code == 302
    assert Offering.objects.count() == 1
    # the same draft cannot be imported twice
    response = client.post(reverse("inventory:import-commit"), {"draft": draft.pk})
    assert response.status_code == 400
    assert "al ingelezen" in response.content.decode()
    for kind in ("csv", "xlsx"):
        response = client.get(reverse("inventory:exchange"), {"formaat": kind})
        assert response.status_code == 200
        assert "sociale-kaart." + kind in response["Content-Disposition"]


def test_bad_file_by_screen_shows_lines(client, adviser):
    client.force_login(adviser)
    upload = SimpleUploadedFile("kaart.csv", csv_bytes({**GOOD_ROW, "omvang": "1.5"}))
    response = client.post(reverse("inventory:exchange"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Er is niets ingelezen" in html and "is geen heel getal" in html
    response = client.post(reverse("inventory:exchange"), {})
    assert response.status_code == 400
    assert "Kies een bestand" in response.content.decode()
    response = client.post(reverse("inventory:import-commit"), {"draft": "abc"})
    assert response.status_code == 400
    assert not Offering.objects.exists()


def test_importing_the_same_rows_again_writes_nothing(adviser):
    """Not even the change time moves: an export imported back leaves every row as it was."""
    run(adviser, csv_bytes(GOOD_ROW))
    offering = Offering.objects.get()
    provider = Provider.objects.get()
    run(adviser, csv_bytes(GOOD_ROW))
    assert Offering.objects.get().updated_at == offering.updated_at
    assert Provider.objects.get().updated_at == provider.updated_at
    changed = {**GOOD_ROW, "wachttijd_dagen": "30"}
    run(adviser, csv_bytes(changed))
    assert Offering.objects.get().waiting_days == 30
    assert Offering.objects.get().updated_at > offering.updated_at


def _snapshot():
    offering_fields = [f.name for f in Offering._meta.concrete_fields]
    provider_fields = [f.name for f in Provider._meta.concrete_fields]
    return (
        list(Offering.objects.order_by("pk").values(*offering_fields)),
        list(Provider.objects.order_by("pk").values(*provider_fields)),
    )


CHANGED = {**GOOD_ROW, "wachttijd_dagen": "30", "telefoon": "030 999 0000"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # unknown provision type on the second row
        (csv_bytes(CHANGED, {**CHANGED, "naam_aanbod": "B", "soort": "zwembad"}), "zwembad"),
        # unknown shell
        (csv_bytes(CHANGED, {**CHANGED, "naam_aanbod": "B", "schil": "hemel"}), "hemel"),
        # capacity that is not a whole number
        (csv_bytes(CHANGED, {**CHANGED, "naam_aanbod": "B", "omvang": "2.5"}), "heel getal"),
        # the same provider twice with different data
        (
            csv_bytes(CHANGED, {**CHANGED, "naam_aanbod": "B", "telefoon": "06 000"}),
            "met andere gegevens",
        ),
        # an XLSX with an extra sheet
        (xlsx_bytes(CHANGED, extra_sheet=True), "werkbladen"),
        # an XLSX with merged cells
        (xlsx_bytes(CHANGED, merge=True), "samengevoegde cellen"),
        # a CSV in the wrong encoding
        (csv_bytes({**CHANGED, "aanbieder": "Zorg é"}, encoding="cp1252"), "niet in UTF-8"),
    ],
)
def test_a_rejected_file_leaves_the_existing_inventory_as_it_was(adviser, content, message):
    """Each bad input of the issue, in a file that would also change an existing offering and
    provider: the message names the problem, and not one field of the inventory changes."""
    run(adviser, csv_bytes(GOOD_ROW))
    before = _snapshot()
    with pytest.raises(ImportRejectedError) as exc:
        name = "kaart.xlsx" if content.startswith(b"PK") else "kaart.csv"
        import_preview(actor=adviser, content=content, filename=name)
    rows = exc.value.preview.errors if exc.value.preview else []  # a whole-file problem has none
    reasons = str(exc.value) + " ".join(reason for _line, reason in rows)
    assert message in reasons
    assert _snapshot() == before
    assert not ImportDraft.objects.exists()


def test_a_rejected_file_by_screen_leaves_the_inventory_as_it_was(client, adviser):
    run(adviser, csv_bytes(GOOD_ROW))
    before = _snapshot()
    client.force_login(adviser)
    for name, content, message in [
        ("kaart.xlsx", xlsx_bytes(CHANGED, extra_sheet=True), "werkbladen"),
        ("kaart.xlsx", xlsx_bytes(CHANGED, merge=True), "samengevoegde cellen"),
        ("kaart.csv", csv_bytes(CHANGED, encoding="utf-16"), "UTF-8"),
        ("kaart.csv", csv_bytes({**CHANGED, "soort": "zwembad"}), "zwembad"),
        ("feed.json", b'{"contents": [{"name": 1}]}', "dienst 1"),
    ]:
        response = client.post(
            reverse("inventory:exchange"), {"file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 400, name
        assert message in response.content.decode(), (name, message)
    assert _snapshot() == before and not ImportDraft.objects.exists()
