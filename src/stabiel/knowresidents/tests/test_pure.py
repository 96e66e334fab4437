"""CSV reading, the anonymity check and small-number hiding: pure functions."""

import itertools
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from stabiel.core import anonymity
from stabiel.knowresidents.figures import LoadError, parent_code
from stabiel.knowresidents.localcsv import parse_csv
from stabiel.knowresidents.suppression import hidden_codes

AREAS = {"GM0355": "Zeist", "WK035501": "Zeist-Centrum", "BU03550101": "Centrum"}


def read(text: str):
    return parse_csv(text.encode(), municipality_code="GM0355", area_names=AREAS)


def test_a_good_csv_is_read_with_a_decimal_comma():
    values = read("gebiedscode;indicator;waarde\nGM0355;eenzaamheid;46,5\nNL00;eenzaamheid;49\n")
    assert [(v.area_code, v.value) for v in values] == [
        ("GM0355", Decimal("46.50")),
        ("NL00", Decimal("49.00")),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # a neighbourhood code that is not one of the municipality's areas
        ("gebiedscode;indicator;waarde\nBU03559999;eenzaamheid;40", 2, "geen gebied van deze"),
        # a value that is not a number
        ("gebiedscode;indicator;waarde\nGM0355;eenzaamheid;veel", 2, "geen getal"),
        # an indicator that does not exist
        ("gebiedscode;indicator;waarde\nGM0355;geluk;40", 2, "bestaat niet"),
        # a percentage above 100
        ("gebiedscode;indicator;waarde\nGM0355;eenzaamheid;140", 2, "tussen 0 en 100"),
        # the same area and indicator twice
        ("gebiedscode,indicator,waarde\nGM0355,stress,1\nGM0355,stress,2", 3, "ook al op regel 2"),
        # a column missing
        ("gebiedscode;waarde\nGM0355;40", 1, "'indicator' ontbreekt"),
        # a line that is too short
        ("gebiedscode;indicator;waarde\nGM0355;stress", 2, "te weinig kolommen"),
        # infinity is no number
        ("gebiedscode;indicator;waarde\nGM0355;stress;Infinity", 2, "geen getal"),
    ],
)
def test_every_bad_line_is_named_with_its_reason(text, line, message):
    with pytest.raises(LoadError) as error:
        read(text)
    assert error.value.problems[0].line == line
    assert message in error.value.problems[0].message


def test_all_bad_lines_are_reported_not_only_the_first():
    with pytest.raises(LoadError) as error:
        read("gebiedscode;indicator;waarde\nXX;stress;1\nGM0355;stress;1\nGM0355;geluk;x\n")
    assert [p.line for p in error.value.problems] == [2, 4]


@pytest.mark.parametrize("content", [b"", b"\n\n", b"gebiedscode;indicator;waarde\n"])
def test_an_empty_file_gets_a_message(content):
    with pytest.raises(LoadError):
        parse_csv(content, municipality_code="GM0355", area_names=AREAS)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Een moeder met drie kinderen en schulden.", False),  # ordinary anonymous text
        ("Haar BSN is 111222333.", True),  # a BSN that passes the eleven-test
        ("BSN 111.222.333 stond in de brief.", True),  # with dots
        ("Het dossiernummer 123456789 is bekend.", False),  # nine digits, not a BSN
        ("Zie HH-8F3K2Q in het systeem.", True),  # a household code
        ("Ze woont aan de Slotlaan 12 in Zeist.", True),  # a street and number
        ("Postcode 3701 AB.", True),  # a postcode
        ("Mevrouw Jansen belde drie keer.", True),  # a title and a name
        ("De familie van der Berg kreeg hulp.", True),  # family with a prefix
        ("Dhr. El Amrani kwam langs.", True),  # an abbreviated title
        ("Een mevrouw uit Zeist-West belde.", False),  # a title, then no name
        ("Een oudere mevrouw belde drie keer.", False),  # a title without a name
        ("In 2024 zagen we 12 gezinnen.", False),  # numbers that are no address
    ],
)
def test_the_anonymity_check(text, refused):
    assert bool(anonymity.problems(text)) is refused


def test_small_counts_are_hidden_with_a_second_one_beside_them():
    values = {
        "GM0355": Decimal(100),
        "WK035501": Decimal(60),
        "WK035502": Decimal(40),
        "BU03550101": Decimal(5),
        "BU03550102": Decimal(30),
        "BU03550103": Decimal(25),
    }
    hidden = hidden_codes(values, 10)
    # 5 is hidden; 60 - 30 - 25 would give it away, so the smallest sibling (25) goes too.
    assert hidden == {"BU03550101", "BU03550103"}


def test_an_only_child_takes_its_parent_with_it():
    values = {
        "GM0355": Decimal(200),
        "WK035504": Decimal(7),
        "BU03550401": Decimal(7),
        "WK035501": Decimal(193),
    }
    hidden = hidden_codes(values, 10)
    # The district equals its one neighbourhood; the municipality minus the other district
    # would give the district, so that district is hidden as well.
    assert {"WK035504", "BU03550401", "WK035501"} <= hidden


def _solvable(values, hidden):
    """A hidden value that the sums (parent = its children) fix, given the shown values.

    Solves the system exactly (fractions): a hidden value is fixed when its unit vector lies in
    the row space of the sums restricted to the hidden values."""
    unknowns = sorted(hidden)
    index = {code: i for i, code in enumerate(unknowns)}
    children = {}
    for code in values:
        parent = parent_code(code)
        if parent and parent in values:
            children.setdefault(parent, []).append(code)
    rows = []
    for parent, kids in children.items():
        row = [Fraction(0)] * len(unknowns)
        for code, sign in [(parent, 1), *((k, -1) for k in kids)]:
            if code in index:
                row[index[code]] += sign
        if any(row):
            rows.append(row)

    def rank(matrix):
        matrix = [list(r) for r in matrix]
        found = 0
        for col in range(len(unknowns)):
            pivot = next((r for r in range(found, len(matrix)) if matrix[r][col]), None)
            if pivot is None:
                continue
            matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
            for r in range(len(matrix)):
                if r != found and matrix[r][col]:
                    factor = matrix[r][col] / matrix[found][col]
                    matrix[r] = [
                        a - factor * b for a, b in zip(matrix[r], matrix[found], strict=True)
                    ]
            found += 1
        return found

    base = rank(rows)
    for code in unknowns:
        unit = [Fraction(int(i == index[code])) for i in range(len(unknowns))]
        if rank([*rows, unit]) == base:
            return code
    return None


def test_a_hidden_district_is_not_given_away_by_its_only_shown_neighbourhood():
    """Session 17c: Austerlitz (7) was hidden and Den Dolder beside it, but Den Dolder's only
    neighbourhood still showed 110, which is Den Dolder's number, and so Austerlitz was the
    municipality minus the other districts."""
    values = {
        "GM0355": Decimal(1437),
        "WK035501": Decimal(520),
        "BU03550101": Decimal(340),
        "BU03550102": Decimal(180),
        "WK035502": Decimal(790),
        "BU03550201": Decimal(520),
        "BU03550202": Decimal(270),
        "WK035503": Decimal(110),
        "BU03550301": Decimal(110),
        "WK035504": Decimal(7),
        "BU03550401": Decimal(7),
    }
    hidden = hidden_codes(values, 10)
    assert {"WK035504", "BU03550401", "WK035503", "BU03550301"} <= hidden
    assert _solvable(values, hidden) is None


@pytest.mark.parametrize("seed", range(300))
def test_no_hidden_count_can_be_worked_out_from_the_sums(seed):
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    values = {}
    total = Decimal(0)
    for d in range(1, rng.randint(1, 4) + 1):
        district = f"WK0355{d:02d}"
        subtotal = Decimal(0)
        for b in range(1, rng.randint(1, 4) + 1):
            value = Decimal(rng.choice([0, 3, 8, 9, 10, 12, 40, 110, 300]))
            values[f"BU0355{d:02d}{b:02d}"] = value
            subtotal += value
        values[district] = subtotal
        total += subtotal
    values["GM0355"] = total
    hidden = hidden_codes(values, 10)
    assert all(code in hidden for code, v in values.items() if v < 10)
    assert _solvable(values, hidden) is None


def test_the_suppression_rows_cover_every_combination_of_three():
    # Sanity over the product of small and large values under one parent.
    for combo in itertools.product([Decimal(4), Decimal(50)], repeat=3):
        values = {"WK035501": sum(combo)} | {
            f"BU035501{i:02d}": v for i, v in enumerate(combo, start=1)
        }
        hidden = hidden_codes(values, 10)
        assert _solvable(values, hidden) is None
