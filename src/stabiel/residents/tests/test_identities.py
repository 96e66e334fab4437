"""The one parser for BSN, postcode and house number (issue 12, part 5)."""

import pytest

from stabiel.residents import identities, pseudonyms


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("111222333", "111222333"),  # passes the eleven-test
        (" 111222333 ", "111222333"),  # surrounding spaces
        ("1112.22.333", "111222333"),  # written with dots
        ("111 222 333", "111222333"),  # written with spaces
        ("11222335", "011222335"),  # an old eight-digit number: the leading zero returns
    ],
)
def test_a_bsn_is_nine_ascii_digits_passing_the_eleven_test(value, expected):
    assert identities.bsn_parse(value) == expected
    assert pseudonyms.bsn_is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "123456789",  # fails the eleven-test
        "000000000",  # all zeros pass the sum but are no number
        "23578967²",  # a superscript two is a digit to str.isdigit(), not to a BSN
        "١١١٢٢٢٣٣٣",  # Arabic-Indic digits
        "\uff11\uff11\uff11\uff12\uff12\uff12\uff13\uff13\uff13",  # full-width digits
        "11122233",  # eight digits that fail the test
        "1112223334",  # ten digits
        "11122233x",  # a letter
        "",  # nothing
        "-" * 5000,  # only separators, long
    ],
)
def test_anything_else_is_refused_with_one_dutch_message(value):
    with pytest.raises(identities.IdentityError) as refused:
        identities.bsn_parse(value)
    assert str(refused.value) == str(identities.BSN_INVALID)
    assert refused.value.field == "bsn"
    assert not pseudonyms.bsn_is_valid(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3701AB", "3701AB"), ("3701 ab", "3701AB"), (" 3701  AB ", "3701AB")],
)
def test_postcodes(value, expected):
    assert identities.postcode_parse(value) == expected


@pytest.mark.parametrize(
    "value", ["0701AB", "370AB", "3701A", "37O1AB", "\uff13\uff17\uff10\uff11AB", "3701ÅB", ""]
)
def test_wrong_postcodes(value):
    with pytest.raises(identities.IdentityError, match="vier cijfers en twee letters"):
        identities.postcode_parse(value)


@pytest.mark.parametrize("value", ["1", "12", "12A", "12 a", "12-2", "12 bis", "12A-3", "99999"])
def test_house_numbers(value):
    assert identities.house_number_parse(value) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "ontbreekt"),
        ("   ", "ontbreekt"),
        ("A12", "Begin met het nummer"),
        ("0", "Begin met het nummer"),
        ("12²", "Begin met het nummer"),
        ("123456", "Begin met het nummer"),
        ("12" + "A" * 5000, "Begin met het nummer"),
        ("12'; DROP TABLE x;--", "Begin met het nummer"),
    ],
)
def test_wrong_house_numbers(value, message):
    with pytest.raises(identities.IdentityError, match=message):
        identities.house_number_parse(value)
