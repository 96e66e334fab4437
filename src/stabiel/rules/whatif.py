"""The what-if run of a rule change, as pure calculations: no ORM, no settings, no dates of today.

The selector in ``queries.rule_whatif`` asks the rule kind which households match at the end of
each month; this module turns those sets into "raised" counts per team and month and hides small
numbers. A household counts as raised in a month when it matches at the end of that month and
did not match at the end of the month before (an open alert is not raised twice).
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta


def month_ends(today: date, months: int) -> list[date]:
    """The last day of each of the `months` whole months before `today`'s month, oldest first,
    preceded by one more month end: the baseline a first month is compared with."""
    if months < 1:
        raise ValueError("months must be one or more")
    ends = []
    end = today.replace(day=1) - timedelta(days=1)
    for _ in range(months + 1):
        ends.append(end)
        end = end.replace(day=1) - timedelta(days=1)
    return ends[::-1]


def raised_per_month(matches: Sequence[frozenset[int] | set[int]]) -> list[set[int]]:
    """Households newly matching in each month: matches[i] minus matches[i - 1].

    `matches` starts with the baseline month, so the result has one item fewer.
    """
    return [set(matches[i]) - set(matches[i - 1]) for i in range(1, len(matches))]


def count_by_group(
    households: Iterable[int], group_of: Mapping[int, Hashable], *, missing: Hashable
) -> dict[Hashable, int]:
    counts: dict[Hashable, int] = {}
    for household in households:
        key = group_of.get(household, missing)
        counts[key] = counts.get(key, 0) + 1
    return counts


def suppress(count: int, *, threshold: int) -> str:
    """A count as shown in an aggregate: below the threshold it becomes '<threshold'."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    return f"<{threshold}" if count < threshold else str(count)


@dataclass(frozen=True)
class Cell:
    count: int
    text: str  # what the screen shows: the number, "<5", or a dash for a hidden total

    @property
    def hidden(self) -> bool:
        return not self.text.isdigit()


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    total: Cell


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    totals: tuple[Cell, ...]
    grand_total: Cell
    threshold: int

    @property
    def any_hidden(self) -> bool:
        cells = [c for row in self.rows for c in (*row.cells, row.total)]
        return any(c.hidden for c in (*cells, *self.totals, self.grand_total))


HIDDEN_TOTAL = "\u2013"  # en dash


def _total(counts: Sequence[int], shown: Sequence[Cell], threshold: int) -> Cell:
    """A total is shown only when every number it adds up is shown itself: otherwise taking the
    shown numbers away from it would give back a hidden small number."""
    value = sum(counts)
    if any(cell.hidden for cell in shown):
        return Cell(value, HIDDEN_TOTAL)
    return Cell(value, suppress(value, threshold=threshold))


def suppressed_table(
    *,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]]],
    threshold: int,
) -> Table:
    """Counts per row (team) and column (month) with row totals, column totals and a grand total.

    Every count below the threshold is shown as '<threshold'. A row or column total is hidden (a
    dash) as soon as one of the numbers it adds up is hidden, so no hidden number can be worked
    out by subtraction. The grand total follows the rule in `_grand_total`.
    """
    built = []
    for label, counts in rows:
        if len(counts) != len(columns):
            raise ValueError("every row needs one count per column")
        cells = tuple(Cell(n, suppress(n, threshold=threshold)) for n in counts)
        built.append(Row(label, cells, _total(counts, cells, threshold)))
    totals = tuple(
        _total([row.cells[i].count for row in built], [row.cells[i] for row in built], threshold)
        for i in range(len(columns))
    )
    grand = _grand_total([cell for row in built for cell in row.cells], threshold)
    return Table(tuple(columns), tuple(built), totals, grand, threshold)


def _grand_total(cells: Sequence[Cell], threshold: int) -> Cell:
    """The grand total may also be shown when numbers under it are hidden.

    The row and column totals are shown only for lines without a hidden number, so all one can
    work out from the grand total is the sum of all hidden numbers together. That sum is shown
    when it is at least the threshold (like any shown number) and lower than the most the
    hidden numbers could hold (else each of them would be known to be threshold - 1).
    """
    value = sum(cell.count for cell in cells)
    hidden = [cell.count for cell in cells if cell.hidden]
    hidden_sum = sum(hidden)
    if hidden and not threshold <= hidden_sum < len(hidden) * (threshold - 1):
        return Cell(value, HIDDEN_TOTAL)
    return Cell(value, suppress(value, threshold=threshold))
