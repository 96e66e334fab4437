import datetime as dt

import pytest

from stabiel.residents import pseudonyms
from stabiel.signals.importing.rows import RowError, parse_date, subject

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("bsn", "valid"),
    [
        ("111222333", True),  # textbook example
        ("123456782", True),  # another valid number
        ("123456789", False),  # fails the eleven-test
        ("12345678", False),  # eight digits padded to 012345678: fails
        ("000000000", False),  # all zeros is never a BSN
        ("1234567890", False),  # ten digits
        ("abc", False),  # not a number
        ("111 222 333", True),  # spaces are ignored
    ],
)
def test_bsn_eleven_test(bsn, valid):
    assert pseudonyms.bsn_is_valid(bsn) is valid


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("3701 ab", "12"), ("3701AB", "12")),  # postcode spacing and case
        (("3701AB", "12 a"), ("3701AB", "12A")),  # house-number suffix spelling
        (("3701AB", "12-A"), ("3701AB", "12a")),  # dash in the suffix
        (("3701AB", "012"), ("3701AB", "12")),  # leading zero
    ],
)
def test_the_same_address_written_differently_gets_one_pseudonym(a, b):
    assert pseudonyms.address_pseudonym(*a) == pseudonyms.address_pseudonym(*b)


def test_pseudonym_depends_on_the_key_and_never_contains_the_bsn():
    one = pseudonyms.person_pseudonym("111222333", b"key-one")
    two = pseudonyms.person_pseudonym("111222333", b"key-two")
    assert one != two
    assert "111222333" not in one
    assert len(one) == 64


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31-12-2025", dt.date(2025, 12, 31)),  # Dutch day-month-year
        ("1-2-2026", dt.date(2026, 2, 1)),  # without leading zeros
        ("01/02/2026", dt.date(2026, 2, 1)),  # slashes
        ("1.2.2026", dt.date(2026, 2, 1)),  # dots
        ("2026-02-01", dt.date(2026, 2, 1)),  # ISO
        (dt.datetime(2026, 2, 1, 0, 0, tzinfo=dt.UTC), dt.date(2026, 2, 1)),  # an Excel date cell
        (" 22-11-2026 ", TODAY),  # today is fine, spaces ignored
    ],
)
def test_parse_date_accepts(value, expected):
    assert parse_date(value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31-02-2026", "bestaat niet"),  # no 31 February
        ("23-11-2026", "toekomst"),  # tomorrow
        ("gisteren", "geen datum"),  # words
        ("2026/13/01", "geen datum"),  # unknown layout
        ("", "ontbreekt"),  # empty
        ("01-01-1850", "te lang geleden"),  # implausible
    ],
)
def test_parse_date_refuses(value, message):
    with pytest.raises(RowError, match=message):
        parse_date(value, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"bsn": "123456789"}, "elfproef"),  # invalid BSN
        ({"postcode": "37AB01", "huisnummer": "1"}, "postcode klopt niet"),  # bad postcode
        ({"postcode": "3701AB", "huisnummer": ""}, "huisnummer"),  # number missing
        ({}, "BSN of een adres"),  # nobody
    ],
)
def test_subject_refuses(raw, message):
    with pytest.raises(RowError, match=message):
        subject(raw, key=b"k")


def test_subject_with_bsn_and_address():
    who = subject({"bsn": "111222333", "postcode": "3701ab", "huisnummer": "1"}, key=b"k")
    assert who.person == pseudonyms.person_pseudonym("111222333", b"k")
    assert who.address == pseudonyms.address_pseudonym("3701AB", "1", b"k")
