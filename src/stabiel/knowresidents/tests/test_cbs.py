"""The CBS loader on the shipped recording: the layout is checked, one municipality is read."""

import re
import sys
import types
from decimal import Decimal

import pytest
import requests
from django.test import override_settings

from stabiel.knowresidents import cbs
from stabiel.knowresidents.figures import LoadError


def test_the_shipped_recording_gives_the_municipality_and_the_netherlands(recording):
    table = cbs.parse(recording, municipality_code="GM0355", year=2024)
    codes = {v.area_code for v in table.values}
    # The recording also holds De Bilt: only Zeist and the country are read.
    assert "GM0355" in codes and "NL00" in codes and "BU03550101" in codes
    assert not any("0310" in c for c in codes)
    bijstand = {v.area_code: v.value for v in table.values if v.indicator == "bijstand"}
    assert bijstand["GM0355"] == Decimal(1430)
    assert table.sample is True and table.table_id == "85984NED"


def test_the_year_specific_suffix_does_not_matter(recording):
    # Next year's table numbers its columns differently: the stem is what counts.
    for prop in recording["DataProperties"]:
        if prop["Key"] == "WmoClienten_93":
            prop["Key"] = "WmoClienten_101"
    for row in recording["rows"]:
        row["WmoClienten_101"] = row.pop("WmoClienten_93")
    table = cbs.parse(recording, municipality_code="GM0355", year=2024)
    assert any(v.indicator == "wmo" for v in table.values)


def test_a_missing_or_renamed_column_is_named(recording):
    recording["DataProperties"] = [
        p for p in recording["DataProperties"] if not p["Key"].startswith("WmoClienten")
    ]
    with pytest.raises(LoadError) as error:
        cbs.parse(recording, municipality_code="GM0355", year=2024)
    assert "ontbreekt de kolom WmoClienten" in str(error.value)


def test_a_changed_table_layout_is_refused(recording):
    recording["TableInfos"][0]["Title"] = "Bevolking; geslacht, leeftijd"
    with pytest.raises(LoadError) as error:
        cbs.parse(recording, municipality_code="GM0355", year=2024)
    assert "Kerncijfers wijken en buurten" in str(error.value)


def test_another_years_table_is_refused(recording):
    with pytest.raises(LoadError) as error:
        cbs.parse(recording, municipality_code="GM0355", year=2023)
    assert "85618NED" in str(error.value)


def test_a_value_that_is_not_a_number_names_its_row(recording):
    recording["rows"][1]["PersonenPerSoortUitkeringBijstand_87"] = "veel"
    with pytest.raises(LoadError) as error:
        cbs.parse(recording, municipality_code="GM0355", year=2024)
    assert error.value.problems[0].line == 2
    assert "'veel'" in error.value.problems[0].message


def test_a_municipality_not_in_the_answer_is_named(recording):
    with pytest.raises(LoadError) as error:
        cbs.parse(recording, municipality_code="GM0999", year=2024)
    assert "GM0999" in str(error.value)


@pytest.mark.parametrize("content", [b"", b"{", b"[1, 2]", b"\xff\xfe", b"[" * 100_000])
def test_a_file_that_is_no_recording_gets_a_message(content):
    with pytest.raises(LoadError):
        cbs.parse(cbs.load_bytes(content), municipality_code="GM0355", year=2024)


@override_settings(CBS_STATLINE_ENABLED=False)
def test_fetching_is_off_by_default_and_says_so():
    with pytest.raises(cbs.OfflineError) as error:
        cbs.fetch(year=2024, municipality_code="GM0355")
    assert "CBS_STATLINE_ENABLED" in str(error.value)


def fake_cbsodata(monkeypatch, **functions):
    """cbsodata is optional (not installed everywhere): the tests put a stand-in in its place."""
    module = types.ModuleType("cbsodata")
    module.__dict__.update(functions)
    monkeypatch.setitem(sys.modules, "cbsodata", module)


@override_settings(CBS_STATLINE_ENABLED=True)
def test_without_the_cbsodata_package_the_message_is_plain(monkeypatch):
    monkeypatch.setitem(sys.modules, "cbsodata", None)  # import fails as if not installed
    with pytest.raises(cbs.OfflineError) as error:
        cbs.fetch(year=2024, municipality_code="GM0355")
    assert "niet geïnstalleerd" in str(error.value)


@override_settings(CBS_STATLINE_ENABLED=True)
def test_without_internet_the_message_is_plain(monkeypatch):
    def offline(*args, **kwargs):
        raise requests.ConnectionError("Name or service not known")

    fake_cbsodata(monkeypatch, get_meta=offline, get_data=offline)
    with pytest.raises(cbs.OfflineError) as error:
        cbs.fetch(year=2024, municipality_code="GM0355")
    assert "niet bereikbaar" in str(error.value)


@override_settings(CBS_STATLINE_ENABLED=True)
def test_an_online_answer_becomes_a_recording_that_parses(monkeypatch, recording):
    asked = {}

    def get_meta(table, name, **kwargs):
        return recording[name]

    def get_data(table, **kwargs):
        asked.update(kwargs, table=table)
        return recording["rows"]

    fake_cbsodata(monkeypatch, get_meta=get_meta, get_data=get_data)
    fetched = cbs.fetch(year=2024, municipality_code="GM0355")
    assert asked["table"] == "85984NED"
    assert "startswith(WijkenEnBuurten,'BU0355')" in asked["filters"]
    # CBS pads region keys ('NL00      '): an exact match on 'NL00' would lose the country.
    assert "startswith(WijkenEnBuurten,'NL00')" in asked["filters"]
    assert "eq 'NL00'" not in asked["filters"]
    assert "WmoClienten_93" in asked["select"]
    table = cbs.parse(fetched, municipality_code="GM0355", year=2024)
    assert table.sample is False and len(table.values) > 10


def test_the_record_command_says_plainly_when_fetching_is_off(tmp_path):
    from django.core.management import CommandError, call_command

    with override_settings(CBS_STATLINE_ENABLED=False), pytest.raises(CommandError) as error:
        call_command(
            "knowresidents_cbs_record",
            jaar=2024,
            gemeente="GM0355",
            uitvoer=str(tmp_path / "x.json"),
        )
    assert "CBS_STATLINE_ENABLED" in str(error.value)
    assert not (tmp_path / "x.json").exists()


def test_the_load_form_starts_at_the_newest_shipped_recording():
    """Session 6: the form started at a year without a recording, so a first load without
    changing the year gave a message. It starts at the newest year that ships one."""
    from stabiel.knowresidents.cbs import newest_shipped_year, sample_path
    from stabiel.knowresidents.forms import CbsLoadForm
    from stabiel.knowresidents.indicators import KERNCIJFERS_TABLES

    year = newest_shipped_year()
    assert year is not None and sample_path(year) is not None
    assert all(sample_path(y) is None for y in KERNCIJFERS_TABLES if y > year)
    form = CbsLoadForm()
    assert form["jaar"].value() == year


def test_the_shipped_recording_says_it_is_illustrative_and_names_a_command_that_exists():
    """No internet where Stabiel was built: the shipped numbers are made up, and the file, its
    README and the command it names must say how to get real ones."""
    from django.core.management import get_commands

    raw = cbs.load_file(cbs.sample_path(2024))
    assert raw["sample"] is True and raw["illustrative"] is True
    assert "VERZONNEN" in raw["note"] and "GEEN antwoord van CBS StatLine" in raw["note"]
    named = re.findall(r"manage\.py (\w+)", raw["note"])
    assert named and all(name in get_commands() for name in named)
    readme = (cbs.SAMPLE_DIR / "README.md").read_text("utf-8")
    assert "illustrative" in readme and "knowresidents_cbs_record" in readme
    assert cbs.parse(raw, municipality_code="GM0355", year=2024).sample is True
