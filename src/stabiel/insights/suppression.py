"""Small-cell suppression for published tables. Pure Python: no ORM, no settings, no dates.

A table of counts is published with its row totals, column totals and grand total. Every number
below the threshold is hidden (primary suppression), totals included. That is not enough: a
hidden number could be worked out from a row total minus the numbers shown beside it. So more
numbers are hidden (secondary suppression) until no hidden number can be solved.

*Solved* means: someone who knows every published number, and knows that counts are whole
numbers of at least 0, can name the exact value of a hidden number. A hidden number that is 0
may be worked out to be 0 (a row whose total equals its one shown cell): that tells nothing
about anyone, and protecting it would blank every table in which a rule or team had nothing.
Every hidden number of 1 or more stays unsolvable. The audit that decides this
works on the table with its totals as one (rows + 1) x (columns + 1) grid in which every line
adds up to zero once the totals are counted negative. Any other table that agrees with the
published numbers differs from the true one by a pattern of changes on hidden places that keeps
every line at zero: a set of cycles through the hidden places, alternating between a row and a
column. A hidden number is therefore solved exactly when no such cycle through it can move by one
in either direction without making a count negative (`solved_cells`). The property test in
`tests/test_suppression.py` checks this against a brute-force search over all changes of -1, 0
and +1 on the hidden places, which finds every alternative table there is (each alternative
breaks down into such steps).

Every hidden place shows the same mark: a screen that said "<10" for small numbers and a dash
for the others would tell a reader which hidden numbers are small, and that is enough to solve
some of them.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import TypeVar

K = TypeVar("K")
Position = tuple[int, int]  # (row, column) in the grid with totals: row m / column n are totals


@dataclass(frozen=True)
class Published:
    """A table as it may be shown: hidden numbers are None and their true value is not kept."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    grand_total: int | None
    threshold: int

    @property
    def any_hidden(self) -> bool:
        return (
            any(v is None for row in self.cells for v in row)
            or None in self.row_totals
            or None in self.column_totals
            or self.grand_total is None
        )

    def grid(self) -> list[list[int | None]]:
        """The table with its totals as one grid: the last column and row are the totals."""
        rows = [[*row, total] for row, total in zip(self.cells, self.row_totals, strict=True)]
        rows.append([*self.column_totals, self.grand_total])
        return rows


def _grid(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    width = len(counts[0]) if counts else 0
    for row in counts:
        if len(row) != width:
            raise ValueError("every row needs the same number of columns")
        for value in row:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError("a count is a whole number of at least 0")
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(row[j] for row in counts) for j in range(width)] + [sum(map(sum, counts))])
    return grid


def _is_total(position: Position, m: int, n: int) -> tuple[bool, bool]:
    """(is a row or column total, is the grand total)."""
    i, j = position
    return (i == m) != (j == n), i == m and j == n


def _arcs(grid: list[list[int]], hidden: set[Position], m: int, n: int, skip: Position | None):
    """The directed steps a change may take through the hidden places.

    Nodes are ('r', i) and ('c', j). Moving from row i to column j over a place raises its value
    in the signed grid; the other way lowers it. An ordinary count (and the grand total, counted
    positive) can always go up and can go down when it is at least 1; a row or column total is
    counted negative, so the other way round.
    """
    arcs: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for position in hidden:
        if position == skip:
            continue
        i, j = position
        value = grid[i][j]
        margin, _grand = _is_total(position, m, n)
        up = value >= 1 if margin else True  # row -> column
        down = True if margin else value >= 1  # column -> row
        if up:
            arcs.setdefault(("r", i), []).append(("c", j))
        if down:
            arcs.setdefault(("c", j), []).append(("r", i))
    return arcs


def _reachable(arcs, start, goal) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt in arcs.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def _movable(grid: list[list[int]], hidden: set[Position], position: Position) -> bool:
    """Can this hidden place change by one, the other hidden places changing along?"""
    m, n = len(grid) - 1, len(grid[0]) - 1
    i, j = position
    value = grid[i][j]
    margin, _grand = _is_total(position, m, n)
    arcs = _arcs(grid, hidden, m, n, skip=position)
    can_up = value >= 1 if margin else True
    can_down = True if margin else value >= 1
    return (can_up and _reachable(arcs, ("c", j), ("r", i))) or (
        can_down and _reachable(arcs, ("r", i), ("c", j))
    )


def solved_cells(grid: list[list[int]], hidden: set[Position]) -> set[Position]:
    """The hidden places whose value follows from the published ones (see the module text)."""
    return {position for position in hidden if not _movable(grid, hidden, position)}


def _directions(grid: list[list[int]], position: Position, m: int, n: int) -> tuple[bool, bool]:
    """(may go row -> column, may go column -> row) over this place: see `_arcs`."""
    margin, _grand = _is_total(position, m, n)
    value = grid[position[0]][position[1]]
    return (value >= 1 if margin else True), (True if margin else value >= 1)


def _cheapest_cycle(grid: list[list[int]], hidden: set[Position], position: Position) -> set:
    """The shown places to hide so that this hidden place can move: the cheapest cycle through
    it (Dijkstra over the grid, a hidden place costs nothing, a shown one its value plus one, a
    total more than all inner numbers together, so totals stay shown where they can)."""
    m, n = len(grid) - 1, len(grid[0]) - 1
    penalty = grid[m][n] + 1
    arcs: dict[tuple[str, int], list[tuple[tuple[str, int], int, Position]]] = {}
    for r in range(m + 1):
        for c in range(n + 1):
            place = (r, c)
            if place == position:
                continue
            cost = 0
            if place not in hidden:
                cost = grid[r][c] + 1 + (penalty if any(_is_total(place, m, n)) else 0)
            up, down = _directions(grid, place, m, n)
            if up:
                arcs.setdefault(("r", r), []).append((("c", c), cost, place))
            if down:
                arcs.setdefault(("c", c), []).append((("r", r), cost, place))
    i, j = position
    up, down = _directions(grid, position, m, n)
    best: tuple[int, set] | None = None
    for allowed, start, goal in ((up, ("c", j), ("r", i)), (down, ("r", i), ("c", j))):
        if not allowed:
            continue
        found = _dijkstra(arcs, start, goal, hidden)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    return best[1] if best else set()


def _dijkstra(arcs, start, goal, hidden):
    distance = {start: 0}
    via: dict = {}
    heap = [(0, start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if node == goal:
            places = set()
            while node != start:
                node, place = via[node]
                if place not in hidden:
                    places.add(place)
            return cost, places
        if cost > distance.get(node, cost):
            continue
        for nxt, step, place in arcs.get(node, ()):
            new = cost + step
            if new < distance.get(nxt, new + 1):
                distance[nxt] = new
                via[nxt] = (node, place)
                heapq.heappush(heap, (new, nxt))
    return None


def _line_neighbour(grid: list[list[int]], hidden: set[Position], position: Position) -> Position:
    m, n = len(grid) - 1, len(grid[0]) - 1
    shown = [(r, c) for r in range(m + 1) for c in range(n + 1) if (r, c) not in hidden]
    line = [p for p in shown if position[0] == p[0] or position[1] == p[1]]
    return min(line or shown, key=lambda p: (any(_is_total(p, m, n)), grid[p[0]][p[1]], p))


def hidden_places(
    counts: Sequence[Sequence[int]], *, threshold: int, also: Iterable[Position] = ()
) -> set[Position]:
    """Which places of the grid with totals are hidden: every number below the threshold (and
    the places in `also`), and then, one cycle at a time, shown numbers beside each hidden one
    that could still be solved."""
    if threshold < 1:
        raise ValueError("the threshold is at least 1")
    if not counts or not counts[0]:
        return set()
    grid = _grid(counts)
    places = [(i, j) for i in range(len(grid)) for j in range(len(grid[0]))]
    hidden = {p for p in places if grid[p[0]][p[1]] < threshold} | set(also)
    while True:
        # A hidden 0 that can be worked out tells nothing about anyone: only numbers of 1 or
        # more need protecting (else a rule that raised nothing would blank its whole column).
        solved = {p for p in solved_cells(grid, hidden) if grid[p[0]][p[1]] > 0}
        if not solved:
            return hidden
        if len(hidden) == len(places):  # everything hidden: nothing can be solved
            return hidden
        target = min(solved)
        hidden |= _cheapest_cycle(grid, hidden, target) or {_line_neighbour(grid, hidden, target)}


def publish(counts: Sequence[Sequence[int]], *, threshold: int) -> Published:
    """The table of counts with its totals, every small or solvable number hidden."""
    if not counts or not counts[0]:
        return Published(
            cells=tuple(() for _ in counts),
            row_totals=tuple(None for _ in counts),
            column_totals=(),
            grand_total=None,
            threshold=threshold,
        )
    return _published(_grid(counts), hidden_places(counts, threshold=threshold), threshold)


def _published(grid: list[list[int]], hidden: set[Position], threshold: int) -> Published:
    m, n = len(grid) - 1, len(grid[0]) - 1
    shown = [[None if (i, j) in hidden else grid[i][j] for j in range(n + 1)] for i in range(m + 1)]
    return Published(
        cells=tuple(tuple(row[:n]) for row in shown[:m]),
        row_totals=tuple(row[n] for row in shown[:m]),
        column_totals=tuple(shown[m][:n]),
        grand_total=shown[m][n],
        threshold=threshold,
    )


# Shares ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """part of whole, shown only when both the part and the rest are shown numbers."""

    part: int
    whole: int

    @property
    def percent(self) -> float:
        return 100.0 * self.part / self.whole if self.whole else 0.0


@dataclass(frozen=True)
class PublishedShares:
    cells: tuple[tuple[Share | None, ...], ...]
    row_totals: tuple[Share | None, ...]
    column_totals: tuple[Share | None, ...]
    grand_total: Share | None
    threshold: int


def publish_shares(
    parts: Sequence[Sequence[int]], wholes: Sequence[Sequence[int]], *, threshold: int
) -> PublishedShares:
    """A share shows its part and its rest (whole minus part), so both are counts that may be
    small: each goes through `publish` as its own table, and a share is shown only where both
    its part and its rest are shown. The whole is never published on its own beside it."""
    if len(parts) != len(wholes):
        raise ValueError("parts and wholes need the same rows")
    rests = []
    for part_row, whole_row in zip(parts, wholes, strict=True):
        if len(part_row) != len(whole_row):
            raise ValueError("parts and wholes need the same columns")
        rest_row = []
        for part, whole in zip(part_row, whole_row, strict=True):
            if part > whole:
                raise ValueError("a part cannot be larger than its whole")
            rest_row.append(whole - part)
        rests.append(rest_row)
    return combine_shares(publish(parts, threshold=threshold), publish(rests, threshold=threshold))


def combine_shares(parts: Published, rests: Published) -> PublishedShares:
    """Shares from a published table of parts and one of rests (whole minus part)."""

    def share(part: int | None, rest: int | None) -> Share | None:
        return None if part is None or rest is None else Share(part, part + rest)

    return PublishedShares(
        cells=tuple(
            tuple(share(p, r) for p, r in zip(prow, rrow, strict=True))
            for prow, rrow in zip(parts.cells, rests.cells, strict=True)
        ),
        row_totals=tuple(
            share(p, r) for p, r in zip(parts.row_totals, rests.row_totals, strict=True)
        ),
        column_totals=tuple(
            share(p, r) for p, r in zip(parts.column_totals, rests.column_totals, strict=True)
        ),
        grand_total=share(parts.grand_total, rests.grand_total),
        threshold=parts.threshold,
    )


# Linked tables -----------------------------------------------------------------------------------


def publish_linked(
    tables: Mapping[K, Sequence[Sequence[int]]], *, threshold: int
) -> dict[K, Published]:
    """Several breakdowns of the same counts (per team, per district, ...) over the same
    columns: their column totals and grand total are the same numbers. Each table is suppressed
    on its own; then a column total or the grand total hidden in one is hidden in all, and each
    table is suppressed again around what it now hides, until they agree. No table shows what
    another hides."""
    hidden: dict[K, set[Position]] = {key: set() for key in tables}
    shared: set[int] = set()  # column index; the number of columns stands for the grand total
    while True:
        before = set(shared)
        for key, counts in tables.items():
            hidden[key] = hidden_places(
                counts, threshold=threshold, also={(len(counts), j) for j in shared}
            )
            shared |= {j for (i, j) in hidden[key] if i == len(counts)}
        if shared == before:
            break
    published = {}
    for key, counts in tables.items():
        if not counts or not counts[0]:
            published[key] = publish(counts, threshold=threshold)
            continue
        grid = _grid(counts)
        places = hidden[key] | {(len(counts), j) for j in shared}
        published[key] = _published(grid, places, threshold)
    return published


# Durations ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    """The median number of days over `count` cases; shown only for enough cases."""

    count: int
    median_days: float


def publish_duration(days: Sequence[int], *, threshold: int) -> Duration | None:
    """A median over fewer cases than the threshold says too much about each of them."""
    if len(days) < threshold or not days:
        return None
    return Duration(len(days), float(median(days)))


def publish_duration_counts(days: Mapping[int, int], *, threshold: int) -> Duration | None:
    """The same as `publish_duration`, from how many cases took each number of days."""
    if any(c < 0 for c in days.values()):
        raise ValueError("a count cannot be negative")
    n = sum(days.values())
    if n < threshold or n == 0:
        return None
    ordered = sorted((d, c) for d, c in days.items() if c > 0)

    def nth(k: int) -> int:  # the k-th smallest value, counting from 0
        seen = 0
        for value, count in ordered:
            seen += count
            if k < seen:
                return value
        raise IndexError(k)

    middle = nth(n // 2) if n % 2 else (nth(n // 2 - 1) + nth(n // 2)) / 2
    return Duration(n, float(middle))


def publish_single(count: int, *, threshold: int) -> int | None:
    """One number on its own (no totals beside it)."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    return None if count < threshold else count


def publish_single_share(part: int, whole: int, *, threshold: int) -> Share | None:
    """One share on its own: shown when its part and its rest both reach the threshold."""
    if not 0 <= part <= whole:
        raise ValueError("a part lies between 0 and its whole")
    return None if part < threshold or whole - part < threshold else Share(part, whole)
