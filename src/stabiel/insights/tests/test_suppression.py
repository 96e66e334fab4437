"""Small-cell suppression: tables by hand, and a property test against a brute-force attacker."""

import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stabiel.insights.suppression import (
    Share,
    hidden_places,
    publish,
    publish_duration,
    publish_linked,
    publish_shares,
    publish_single,
    publish_single_share,
    solved_cells,
)

T = 10


def full_grid(counts):
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(col) for col in zip(*counts, strict=True)] + [sum(map(sum, counts))])
    return grid


def alternatives_exist(grid, hidden):
    """Brute force, independent of the module: for each hidden place, is there another table
    that agrees with every shown number, keeps each line's sum and has no negative count?

    Any alternative table differs from the true one by integer changes that keep every line's
    sum; such a change splits into simple steps of -1/+1 around a cycle, each of which is itself
    allowed. So trying every change of -1, 0 or +1 on the hidden places finds a movable place
    whenever there is one."""
    m, n = len(grid) - 1, len(grid[0]) - 1
    places = sorted(hidden)
    movable = set()
    for delta in itertools.product((-1, 0, 1), repeat=len(places)):
        if not any(delta):
            continue
        table = [row[:] for row in grid]
        for (i, j), d in zip(places, delta, strict=True):
            table[i][j] += d
        if any(v < 0 for row in table for v in row):
            continue
        rows_ok = all(sum(table[i][:n]) == table[i][n] for i in range(m + 1))
        cols_ok = all(sum(table[i][j] for i in range(m)) == table[m][j] for j in range(n + 1))
        if rows_ok and cols_ok:
            movable |= {p for p, d in zip(places, delta, strict=True) if d}
    return movable


@pytest.mark.parametrize(
    ("counts", "hidden_inner"),
    [
        # Nothing small: nothing hidden.
        ([[12, 15], [20, 30]], set()),
        # One small cell: a second cell on its row and on its column and the fourth corner go
        # too, else the totals give it back.
        ([[3, 15], [20, 30]], {(0, 0), (0, 1), (1, 0), (1, 1)}),
        # Two small cells on one row, columns sharing another row to cycle through.
        ([[3, 4, 40], [20, 30, 25]], {(0, 0), (0, 1), (1, 0), (1, 1)}),
        # A zero is hidden too, but may be worked out to be 0: nothing else goes.
        ([[0, 11, 12], [13, 14, 15], [16, 17, 18]], {(0, 0)}),
        # A 1 beside a 0 on one row: the two can trade, the column needs a partner.
        ([[0, 1, 12], [13, 14, 15]], {(0, 0), (0, 1), (1, 0), (1, 1)}),
    ],
)
def test_hidden_cells_by_hand(counts, hidden_inner):
    hidden = hidden_places(counts, threshold=T)
    m, n = len(counts), len(counts[0])
    assert {p for p in hidden if p[0] < m and p[1] < n} == hidden_inner
    assert not nonzero(solved_cells(full_grid(counts), hidden), full_grid(counts))


def nonzero(places, grid):
    return {(i, j) for i, j in places if grid[i][j] > 0}


@pytest.mark.parametrize(
    ("grid", "hidden", "solved"),
    [
        # A single hidden cell on a row with a shown total: total minus the others.
        ([[3, 15, 18], [20, 30, 50], [23, 45, 68]], {(0, 0)}, {(0, 0)}),
        # A row hidden with its total: the column totals minus the row below give it back.
        (
            [[3, 4, 7], [20, 30, 50], [23, 34, 57]],
            {(0, 0), (0, 1), (0, 2)},
            {(0, 0), (0, 1), (0, 2)},
        ),
        # A rectangle of hidden cells: each can move around it.
        (
            [[3, 15, 18], [20, 30, 50], [23, 45, 68]],
            {(0, 0), (0, 1), (1, 0), (1, 1)},
            set(),
        ),
        # A rectangle of zeros cannot move (nothing can go below 0): all four are known.
        (
            [[0, 0, 0], [0, 0, 0], [0, 0, 0]],
            {(0, 0), (0, 1), (1, 0), (1, 1)},
            {(0, 0), (0, 1), (1, 0), (1, 1)},
        ),
        # Everything hidden: the grand total can grow, so nothing is known.
        (
            [[0, 0, 0], [0, 0, 0], [0, 0, 0]],
            {(i, j) for i in range(3) for j in range(3)},
            set(),
        ),
    ],
)
def test_solved_cells_by_hand(grid, hidden, solved):
    assert solved_cells(grid, hidden) == solved
    assert solved == hidden - alternatives_exist(grid, hidden)


def test_publish_shows_only_safe_numbers():
    table = publish([[3, 15], [20, 30]], threshold=T)
    assert table.cells == ((None, None), (None, None))
    assert table.row_totals == (18, 50)
    assert table.column_totals == (23, 45)
    assert table.grand_total == 68
    assert table.any_hidden


def test_publish_hides_small_totals():
    table = publish([[2, 3], [1, 1]], threshold=T)
    assert table.grand_total is None
    assert all(v is None for row in table.grid() for v in row)


@pytest.mark.parametrize(
    "counts",
    [
        [[1, 2], [3]],  # ragged rows
        [[-1, 2]],  # negative count
        [[1.5, 2]],  # not a whole number
    ],
)
def test_publish_refuses_bad_tables(counts):
    with pytest.raises(ValueError):
        publish(counts, threshold=T)


def test_empty_table():
    assert publish([], threshold=T).grand_total is None


@given(
    st.integers(min_value=1, max_value=3).flatmap(
        lambda rows: st.integers(min_value=1, max_value=3).flatmap(
            lambda cols: st.lists(
                st.lists(
                    st.one_of(st.integers(0, 12), st.integers(0, 40)),
                    min_size=cols,
                    max_size=cols,
                ),
                min_size=rows,
                max_size=rows,
            )
        )
    ),
    st.sampled_from([3, 5, 10]),
)
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
def test_no_published_table_lets_a_hidden_cell_be_solved(counts, threshold):
    hidden = hidden_places(counts, threshold=threshold)
    assume(len(hidden) <= 9)  # the brute force tries 3^hidden changes
    grid = full_grid(counts)
    published = publish(counts, threshold=threshold).grid()
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if (i, j) in hidden:
                assert published[i][j] is None
            else:
                # Whatever is shown is true and never small.
                assert published[i][j] == value >= threshold
    # The attacker: every hidden place of 1 or more has another value in some table that fits.
    assert nonzero(hidden, grid) <= alternatives_exist(grid, hidden)


@given(
    st.lists(st.lists(st.integers(0, 60), min_size=4, max_size=4), min_size=2, max_size=6),
)
@settings(max_examples=60, deadline=None)
def test_larger_tables_have_no_solvable_hidden_cell(counts):
    """Bigger than the brute force can take: the module's own audit, and nothing small shown."""
    hidden = hidden_places(counts, threshold=T)
    assert not nonzero(solved_cells(full_grid(counts), hidden), full_grid(counts))
    for row in publish(counts, threshold=T).grid():
        assert all(v is None or v >= T for v in row)


@pytest.mark.parametrize(
    ("parts", "wholes", "shown"),
    [
        # 12 of 30: part 12 and rest 18 both reach 10.
        ([[12]], [[30]], Share(12, 30)),
        # 25 of 30: the rest, 5, is small; 25 of 30 would tell that 5 were not visited.
        ([[25]], [[30]], None),
        # 4 of 30: the part is small.
        ([[4]], [[30]], None),
    ],
)
def test_shares(parts, wholes, shown):
    assert publish_shares(parts, wholes, threshold=T).cells[0][0] == shown


def test_share_refuses_part_above_whole():
    with pytest.raises(ValueError):
        publish_shares([[5]], [[4]], threshold=T)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (list(range(10)), 4.5),  # ten cases: shown
        (list(range(9)), None),  # nine: hidden
        ([], None),  # none: hidden
    ],
)
def test_duration(days, expected):
    result = publish_duration(days, threshold=T)
    assert (result.median_days if result else None) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(9, None), (10, 10), (0, None)],  # under ten hidden, ten shown, zero hidden
)
def test_single(count, expected):
    assert publish_single(count, threshold=T) == expected


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(10, 20, True), (9, 20, False), (11, 20, False), (0, 0, False)],
)
def test_single_share(part, whole, shown):
    assert (publish_single_share(part, whole, threshold=T) is not None) is shown


@given(
    st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=1, max_size=3),
    st.data(),
)
@settings(max_examples=120, deadline=None)
def test_linked_breakdowns_agree_and_hide_nothing_solvable(by_team, data):
    """The same records per team and per district: month totals and grand total are the same
    numbers, so each is shown in both or in neither, and each table stays safe."""
    # Regroup the team table's cells into two districts at random (each cell split in two).
    splits = [[data.draw(st.integers(0, v)) for v in row] for row in by_team]
    by_district = [
        [sum(s[j] for s in splits) for j in range(3)],
        [sum(row[j] - s[j] for row, s in zip(by_team, splits, strict=True)) for j in range(3)],
    ]
    published = publish_linked({"team": by_team, "district": by_district}, threshold=T)
    team, district = published["team"], published["district"]
    assert team.column_totals == district.column_totals
    assert team.grand_total == district.grand_total
    for counts, table in ((by_team, team), (by_district, district)):
        grid = full_grid(counts)
        shown = table.grid()
        hidden = {(i, j) for i, row in enumerate(shown) for j, v in enumerate(row) if v is None}
        assert not nonzero(solved_cells(grid, hidden), grid)
        assert all(v is None or v >= T for row in shown for v in row)
