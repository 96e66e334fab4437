"""The population feed: a register extract applied as a difference, all or nothing."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from stabiel.residents.models import (
    Household,
    Membership,
    Person,
    PersonIdentity,
    RegisterChange,
    RegisterFeed,
)
from stabiel.residents.register.sample import as_csv, changed_rows, sample_rows
from stabiel.residents.services import (
    household_grouping_correct,
    register_feed_apply,
    register_feed_receive,
    resident_without_address_add,
)

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HEADER = (
    "bsn;voornamen;voorvoegsel;geslachtsnaam;geboortedatum;gemeentecode;functie_adres;straat;"
    "huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;datum_aanvang_adreshouding;"
    "datum_overlijden;datum_vertrek"
)
ANNA = "111222333;Anna;de;Vries;1980-03-04;0355;W;Slotlaan;12;;;3701AB;Zeist;2010-01-01;;"
BRAM = "123456782;Bram;;Jansen;1979-06-01;0355;W;Slotlaan;12;;;3701AB;Zeist;2011-05-01;;"


def _feed(municipality, text: str | bytes) -> RegisterFeed:
    data = text.encode() if isinstance(text, str) else text
    feed = register_feed_receive(municipality=municipality, name="test.csv", data=data)
    if feed.status == RegisterFeed.Status.PREVIEW:
        feed = register_feed_apply(municipality=municipality, feed_id=feed.pk)
    return feed


def _state():
    return (
        Person.objects.count(),
        Household.objects.count(),
        Membership.objects.count(),
        RegisterChange.objects.count(),
        list(PersonIdentity.objects.values_list("surname", "died_on").order_by("pk")),
    )


@pytest.fixture
def municipality(db):
    from stabiel.accounts.models import Municipality

    return Municipality.objects.create(name="Zeist", cbs_code="GM0355")


def test_first_extract_forms_households_from_the_address(municipality):
    feed = _feed(municipality, f"{HEADER}\n{ANNA}\n{BRAM}\n")
    assert feed.status == RegisterFeed.Status.APPLIED
    assert feed.summary["arrival"] == 2
    household_ids = set(
        Membership.objects.filter(end_on__isnull=True).values_list("household_id", flat=True)
    )
    assert len(household_ids) == 1
    household = Household.objects.get()
    assert household.address.street == "Slotlaan"
    assert household.address_kind == Household.AddressKind.HOME


def test_the_preview_changes_nothing_and_says_what_would_change(municipality):
    feed = register_feed_receive(
        municipality=municipality, name="x.csv", data=f"{HEADER}\n{ANNA}\n".encode()
    )
    assert feed.status == RegisterFeed.Status.PREVIEW
    assert feed.summary["arrival"] == 1
    assert Person.objects.count() == 0 and RegisterChange.objects.count() == 0


def test_the_same_extract_twice_adds_nothing(municipality):
    _feed(municipality, f"{HEADER}\n{ANNA}\n{BRAM}\n")
    before = _state()
    again = _feed(municipality, f"{HEADER}\n{ANNA}\n{BRAM}\n")
    assert again.status == RegisterFeed.Status.APPLIED
    assert _state() == before


def test_a_repeat_feed_records_moves_deaths_departures_and_names(municipality):
    rows = list(sample_rows(30))
    _feed(municipality, as_csv(rows))
    persons = Person.objects.count()
    feed = _feed(municipality, as_csv(changed_rows(rows, share=0.2)))
    kinds = set(RegisterChange.objects.filter(feed=feed).values_list("kind", flat=True))
    assert kinds == {"arrival", "move", "death", "departure", "name"}
    # nothing deleted: every person is still there, ended memberships kept as history
    assert Person.objects.count() > persons
    dead = PersonIdentity.objects.exclude(died_on=None).first()
    assert not Membership.objects.filter(person=dead.person, end_on=None).exists()
    assert Membership.objects.filter(person=dead.person).exists()
    moved = RegisterChange.objects.filter(feed=feed, kind="move").first()
    assert moved.from_household_id != moved.household_id


def test_people_at_one_postal_address_are_never_one_household(municipality):
    one = "111222333;Anna;;Vries;1980-03-04;0355;B;Weeshuislaan;1;;;3701ZZ;Zeist;2020-01-01;;"
    two = "123456782;Bram;;Jansen;1979-06-01;0355;B;Weeshuislaan;1;;;3701ZZ;Zeist;2021-01-01;;"
    _feed(municipality, f"{HEADER}\n{one}\n{two}\n")
    households = Household.objects.all()
    assert households.count() == 2
    assert {h.address_kind for h in households} == {Household.AddressKind.POSTAL}


def test_a_correction_of_the_grouping_survives_the_next_feed(municipality):
    _feed(municipality, f"{HEADER}\n{ANNA}\n{BRAM}\n")
    bram = Person.objects.get(identity__given_names="Bram")
    own = Household.objects.create(
        municipality=municipality, pseudonym="own-household", label="HH-OWN"
    )
    household_grouping_correct(actor=None, person=bram, household=own, on=date(2025, 1, 1))
    _feed(municipality, f"{HEADER}\n{ANNA}\n{BRAM}\n")
    assert Membership.objects.get(person=bram, end_on=None).household == own


def test_a_resident_without_fixed_address_is_linked_by_the_register(municipality):
    person = resident_without_address_add(
        municipality=municipality,
        bsn="111222333",
        given_names="Anna",
        surname="Vries",
        birth_date=date(1980, 3, 4),
        since=date(2025, 1, 1),
    )
    assert Membership.objects.get(person=person).household.address_kind == "none"
    feed = _feed(municipality, f"{HEADER}\n{ANNA}\n")
    kinds = set(RegisterChange.objects.filter(feed=feed).values_list("kind", flat=True))
    assert kinds == {"linked", "move", "name"}
    person.identity.refresh_from_db()
    assert person.identity.in_register
    assert Membership.objects.get(person=person, end_on=None).household.address_kind == "home"


def test_the_sample_files_apply_and_show_changes(municipality):
    first = _feed(municipality, (FIXTURES / "brp-gm0355-voorbeeld.csv").read_bytes())
    assert first.status == RegisterFeed.Status.APPLIED, first.summary
    second = _feed(municipality, (FIXTURES / "brp-gm0355-wijzigingen.csv").read_bytes())
    assert second.status == RegisterFeed.Status.APPLIED, second.summary
    assert second.summary["move"] and second.summary["death"] and second.summary["arrival"]


HAAL_CENTRAAL = {
    "type": "RaadpleegMetBurgerservicenummer",
    "personen": [
        {
            "burgerservicenummer": "111222333",
            "naam": {"voornamen": "Anna", "voorvoegsel": "de", "geslachtsnaam": "Vries"},
            "geboorte": {"datum": {"type": "Datum", "datum": "1980-03-04"}},
            "gemeenteVanInschrijving": {"code": "0355", "omschrijving": "Zeist"},
            "verblijfplaats": {
                "type": "Adres",
                "functieAdres": {"code": "W", "omschrijving": "woonadres"},
                "adresseerbaarObjectIdentificatie": "0355010000012345",
                "datumVan": {"type": "Datum", "datum": "2010-01-01"},
                "verblijfadres": {
                    "officieleStraatnaam": "Slotlaan",
                    "huisnummer": 12,
                    "postcode": "3701 AB",
                    "woonplaats": "Zeist",
                },
            },
        },
        {
            "burgerservicenummer": "123456782",
            "naam": {"voornamen": "Bram", "geslachtsnaam": "Jansen"},
            "geboorte": {"datum": {"type": "Datum", "datum": "1979-06-01"}},
            "gemeenteVanInschrijving": {"code": "0355"},
            "overlijden": {"datum": {"type": "Datum", "datum": "2025-02-01"}},
            "verblijfplaats": {
                "type": "Adres",
                "datumAanvangAdreshouding": "2011-05-01",
                "verblijfadres": {
                    "korteStraatnaam": "Slotlaan",
                    "huisnummer": 12,
                    "postcode": "3701AB",
                    "woonplaats": "Zeist",
                },
            },
        },
    ],
}


def test_haal_centraal_json_gives_the_same_result_as_the_csv(municipality):
    feed = _feed(municipality, json.dumps(HAAL_CENTRAAL))
    assert feed.status == RegisterFeed.Status.APPLIED, feed.summary
    assert feed.summary["arrival"] == 2 and feed.summary["death"] == 1
    assert Household.objects.count() == 1
    assert PersonIdentity.objects.get(bsn="123456782").died_on == date(2025, 2, 1)


# Bad input: a clear Dutch message, nothing changed --------------------------------------


def _rejected(municipality, data: bytes | str) -> RegisterFeed:
    _feed(municipality, f"{HEADER}\n{ANNA}\n")
    before = _state()
    feed = _feed(municipality, data)
    assert feed.status == RegisterFeed.Status.REJECTED
    assert _state() == before
    return feed


def _reasons(feed: RegisterFeed) -> list:
    return [tuple(r) for r in feed.summary["rejections"]]


def test_missing_column(municipality):
    feed = _rejected(municipality, "bsn;voornamen\n111222333;Anna\n")
    assert "ontbreken in de kopregel" in feed.summary["message"]
    assert "geslachtsnaam" in feed.summary["message"]


def test_unknown_municipality_code(municipality):
    row = ANNA.replace(";0355;", ";0344;")
    feed = _rejected(municipality, f"{HEADER}\n{row}\n")
    assert _reasons(feed) == [
        (2, "Onbekende gemeentecode '0344': dit bestand is voor gemeente GM0355.")
    ]


def test_a_person_twice_with_different_data(municipality):
    other = ANNA.replace("Slotlaan;12", "Slotlaan;14")
    feed = _rejected(municipality, f"{HEADER}\n{BRAM}\n{ANNA}\n{other}\n")
    assert _reasons(feed) == [(4, "Deze persoon (BSN) staat ook op regel 3, met andere gegevens.")]


def test_an_address_without_house_number(municipality):
    row = ANNA.replace("Slotlaan;12;", "Slotlaan;;")
    feed = _rejected(municipality, f"{HEADER}\n{BRAM}\n{row}\n")
    assert _reasons(feed) == [(3, "Het adres heeft geen huisnummer.")]


def test_a_death_before_the_birth(municipality):
    row = ANNA[:-2] + ";1970-01-01;"
    feed = _rejected(municipality, f"{HEADER}\n{row}\n")
    assert _reasons(feed) == [(2, "De datum van overlijden ligt vóór de geboortedatum.")]


def test_a_bad_bsn_with_a_superscript_digit(municipality):
    row = ANNA.replace("111222333", "23578967²")
    feed = _rejected(municipality, f"{HEADER}\n{row}\n")
    assert _reasons(feed) == [
        (2, "Dit BSN klopt niet. Een BSN heeft negen cijfers en haalt de elfproef.")
    ]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("cp1252"),  # Windows-1252 from an old spreadsheet
        lambda text: b"\xef\xbb\xbf" + text.encode(),  # UTF-8 with a byte-order mark
    ],
)
def test_csv_in_cp1252_or_with_a_bom_is_read(municipality, encode):
    row = ANNA.replace("Anna", "Anaïs")
    feed = _feed(municipality, encode(f"{HEADER}\n{row}\n"))
    assert feed.status == RegisterFeed.Status.APPLIED, feed.summary
    assert PersonIdentity.objects.get().given_names == "Anaïs"


def _xlsx(sheets: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(ANNA.split(";"))
    for n in range(1, sheets):
        book.create_sheet(f"Blad{n + 1}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_one_sheet_is_read(municipality):
    assert _feed(municipality, _xlsx(1)).status == RegisterFeed.Status.APPLIED


def test_xlsx_with_extra_sheets_is_refused(municipality):
    feed = _rejected(municipality, _xlsx(3))
    assert "3 werkbladen" in feed.summary["message"]


def test_json_without_persons_is_refused(municipality):
    feed = _rejected(municipality, '{"type": "RaadpleegMetBurgerservicenummer"}')
    assert "personen" in feed.summary["message"]


def test_the_command_applies_a_file_and_reports_rejections(municipality, tmp_path, capsys):
    good = tmp_path / "brp.csv"
    good.write_text(f"{HEADER}\n{ANNA}\n")
    call_command("residents_import", str(good), "--municipality", "GM0355")
    assert Person.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n{ANNA.replace(';0355;', ';0344;')}\n")
    with pytest.raises(CommandError):
        call_command("residents_import", str(bad), "--municipality", "GM0355")
    assert Person.objects.count() == 1


# Set-based: the preview counts what applying does, across slices, and says how far it is --


def test_the_preview_counts_exactly_what_applying_then_does_across_slices(
    municipality, monkeypatch
):
    from stabiel.residents.register import applying

    monkeypatch.setattr(applying, "SLICE", 7)  # many slices, households spanning them
    rows = list(sample_rows(40))
    for text in (as_csv(rows), as_csv(changed_rows(rows, share=0.2))):
        feed = register_feed_receive(municipality=municipality, name="x.csv", data=text.encode())
        preview = dict(feed.summary)
        households = Household.objects.count()
        applied = register_feed_apply(municipality=municipality, feed_id=feed.pk)
        assert applied.status == RegisterFeed.Status.APPLIED
        assert applied.summary == preview
        assert Household.objects.count() - households == preview["households_created"]
        assert RegisterChange.objects.filter(feed=applied).count() == sum(
            v for k, v in preview.items() if k not in ("rows", "households_created")
        )
    # one current membership per living resident still in the municipality
    assert not Membership.objects.filter(end_on=None, person__identity__died_on__isnull=False)


def test_progress_counts_the_rows_read(municipality):
    from stabiel.residents.models import RegisterFeedProgress

    rows = list(sample_rows(12))
    feed = register_feed_receive(
        municipality=municipality, name="x.csv", data=as_csv(rows).encode()
    )
    progress = RegisterFeedProgress.objects.get(feed_id=feed.pk)
    assert (progress.stage, progress.rows_done, progress.rows_total) == (
        "preview",
        len(rows),
        len(rows),
    )
    register_feed_apply(municipality=municipality, feed_id=feed.pk)
    progress.refresh_from_db()
    assert (progress.stage, progress.rows_done) == ("apply", len(rows))


def test_a_person_stored_without_identity_gets_one_from_the_register(municipality):
    from stabiel.residents import pseudonyms

    pseudonym = pseudonyms.person_pseudonym("111222333")
    Person.objects.create(municipality=municipality, pseudonym=pseudonym, label="P-X")
    feed = _feed(municipality, f"{HEADER}\n{ANNA}\n")
    assert feed.status == RegisterFeed.Status.APPLIED, feed.summary
    assert PersonIdentity.objects.get().surname == "Vries"
    assert Membership.objects.filter(end_on=None).count() == 1


def test_an_unchanged_row_is_not_checked_again(municipality, monkeypatch):
    from stabiel.residents.register import applying

    _feed(municipality, f"{HEADER}\n{ANNA}\n{BRAM}\n")
    checked = []
    real = applying.record_check
    monkeypatch.setattr(
        applying, "record_check", lambda raw, **kw: checked.append(kw["line"]) or real(raw, **kw)
    )
    bram_renamed = BRAM.replace("Jansen", "Jansen-Bos")
    feed = _feed(municipality, f"{HEADER}\n{ANNA}\n{bram_renamed}\n")
    assert feed.status == RegisterFeed.Status.APPLIED
    assert feed.summary == {"rows": 2, "households_created": 0, "name": 1}
    assert checked == [3, 3]  # only Bram's changed row, in the preview and in the apply


def test_a_person_twice_one_row_unchanged_is_compared_by_content(municipality):
    _feed(municipality, f"{HEADER}\n{ANNA}\n")
    before = _state()
    # the same person written another way (postcode with a space): the same data, accepted
    same = ANNA.replace("3701AB", "3701 AB")
    feed = _feed(municipality, f"{HEADER}\n{ANNA}\n{same}\n")
    assert feed.status == RegisterFeed.Status.APPLIED, feed.summary
    assert _state() == before
    # the same person with other data next to the unchanged row: rejected, with the line
    other = ANNA.replace("Slotlaan;12", "Slotlaan;14")
    feed = _feed(municipality, f"{HEADER}\n{other}\n{ANNA}\n")
    assert feed.status == RegisterFeed.Status.REJECTED
    assert _reasons(feed) == [(3, "Deze persoon (BSN) staat ook op regel 2, met andere gegevens.")]
    assert _state() == before


def test_applying_reuses_the_preview_and_reads_only_the_rows_it_marked(municipality, monkeypatch):
    from stabiel.residents.models import RegisterFeedRow
    from stabiel.residents.register import applying

    rows = list(sample_rows(30))
    _feed(municipality, as_csv(rows))
    feed = register_feed_receive(
        municipality=municipality, name="x.csv", data=as_csv(changed_rows(rows, share=0.1)).encode()
    )
    preview = dict(feed.summary)
    marked = RegisterFeedRow.objects.filter(feed=feed, state=RegisterFeedRow.State.APPLY).count()
    assert 0 < marked < RegisterFeedRow.objects.filter(feed=feed).count()
    digested = []
    real = applying.row_digest
    monkeypatch.setattr(applying, "row_digest", lambda *a: digested.append(1) or real(*a))
    monkeypatch.setattr(applying, "_classify", lambda *a: pytest.fail("worked out again"))
    applied = register_feed_apply(municipality=municipality, feed_id=feed.pk)
    assert applied.status == RegisterFeed.Status.APPLIED
    assert applied.summary == preview
    assert len(digested) == marked  # the unchanged rows are not even digested again
    # the file and the preview's work are dropped once applied
    assert not RegisterFeedRow.objects.filter(feed=feed).exists()
    assert not feed.chunks.exists()


def test_a_preview_overtaken_by_another_feed_is_worked_out_again(municipality):
    _feed(municipality, f"{HEADER}\n{ANNA}\n{BRAM}\n")
    bram_renamed = BRAM.replace("Jansen", "Jansen-Bos")
    waiting = register_feed_receive(
        municipality=municipality, name="a.csv", data=f"{HEADER}\n{ANNA}\n{bram_renamed}\n".encode()
    )
    assert waiting.summary == {"rows": 2, "households_created": 0, "name": 1}
    # meanwhile another extract moves Anna: the preview's "Anna unchanged" no longer holds
    anna_moved = ANNA.replace("Slotlaan;12", "Slotlaan;14").replace("2010-01-01", "2020-01-01")
    moved = _feed(municipality, f"{HEADER}\n{anna_moved}\n{BRAM}\n")
    assert moved.summary["move"] == 1
    applied = register_feed_apply(municipality=municipality, feed_id=waiting.pk)
    assert applied.status == RegisterFeed.Status.APPLIED
    # worked out against the register as it is now: Anna is back at number 12
    assert applied.summary == {"rows": 2, "households_created": 0, "name": 1, "move": 1}
    current = Membership.objects.get(end_on=None, person__identity__surname="Vries")
    assert current.household.address.house_number == "12"


def test_a_file_is_stored_and_read_in_pieces(municipality, monkeypatch):
    from stabiel.residents import services
    from stabiel.residents.models import RegisterFeedProgress

    monkeypatch.setattr(services, "CHUNK_BYTES", 100)  # lines cut across pieces
    rows = list(sample_rows(10))
    text = as_csv(rows)
    feed = register_feed_receive(
        municipality=municipality, name="x.csv", data=io.BytesIO(text.encode())
    )
    assert feed.status == RegisterFeed.Status.PREVIEW, feed.summary
    assert feed.chunks.count() == -(-len(text.encode()) // 100)
    assert RegisterFeedProgress.objects.get(feed_id=feed.pk).rows_total == len(rows)
    applied = register_feed_apply(municipality=municipality, feed_id=feed.pk)
    assert applied.summary["rows"] == len(rows) == Person.objects.count()


def test_a_person_twice_in_different_slices_is_found(municipality, monkeypatch):
    from stabiel.residents.register import applying

    monkeypatch.setattr(applying, "SLICE", 1)
    same = ANNA.replace("3701AB", "3701 AB")
    feed = _feed(municipality, f"{HEADER}\n{ANNA}\n{BRAM}\n{same}\n")
    assert feed.status == RegisterFeed.Status.APPLIED, feed.summary
    assert feed.summary["rows"] == 3 and feed.summary["arrival"] == 2
    other = ANNA.replace("Slotlaan;12", "Slotlaan;14")
    feed = _feed(municipality, f"{HEADER}\n{ANNA}\n{BRAM}\n{other}\n")
    assert _reasons(feed) == [(4, "Deze persoon (BSN) staat ook op regel 2, met andere gegevens.")]
