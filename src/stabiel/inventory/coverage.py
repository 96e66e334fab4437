"""Coverage of life domains by shells, and the gaps against the checklist and the norms.

Pure calculations (no ORM): the queries hand in plain rows, these functions decide. The list of
provision types per life domain is the VNG/Movisie checklist (2015, chapters per life domain).
"""

from dataclasses import dataclass, field

COL_W = 120
ROW_H = 40
LABEL_W = 200
HEAD_H = 56
PAD = 8
THIN = 1  # a cell with this many offerings or fewer is a thin spot


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    count: int
    x: int
    y: int
    thin: bool
    href: str


@dataclass(frozen=True)
class Matrix:
    rows: list  # (id, label)
    cols: list  # (id, label)
    cells: list[Cell]
    width: int
    height: int
    totals_by_row: dict[int, int]
    totals_by_col: dict[int, int]
    total: int

    @property
    def row_labels(self) -> list[tuple[str, int]]:
        """(label, baseline y) at the left of each row."""
        return [
            (label, HEAD_H + i * ROW_H + ROW_H // 2 + 5) for i, (_id, label) in enumerate(self.rows)
        ]

    @property
    def col_labels(self) -> list[tuple[int, list[tuple[str, int]]]]:
        """(centre x, [(line, y)]) above each column, wrapped to fit the column."""
        out = []
        for i, (_id, label) in enumerate(self.cols):
            lines = wrap(label, 16)[-2:]
            top = HEAD_H - 10 - 16 * (len(lines) - 1)
            out.append(
                (LABEL_W + i * COL_W + COL_W // 2, [(t, top + 16 * n) for n, t in enumerate(lines)])
            )
        return out

    def cell(self, row_id: int, col_id: int) -> Cell | None:
        return next((c for c in self.cells if c.row == row_id and c.col == col_id), None)

    @property
    def table(self) -> list[tuple]:
        """(row label, [cells in column order], row total) for the table alternative."""
        by_key = {(c.row, c.col): c for c in self.cells}
        return [
            (label, [by_key[(rid, cid)] for cid, _label in self.cols], self.totals_by_row[rid])
            for rid, label in self.rows
        ]


def wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def coverage_matrix(*, rows, cols, counts: dict[tuple[int, int], int], href) -> Matrix:
    """Life domains (rows) x shells (cols) with the number of offerings in each cell."""
    cells = []
    for r, (row_id, _row_label) in enumerate(rows):
        for c, (col_id, _col_label) in enumerate(cols):
            n = counts.get((row_id, col_id), 0)
            cells.append(
                Cell(
                    row=row_id,
                    col=col_id,
                    count=n,
                    x=LABEL_W + c * COL_W,
                    y=HEAD_H + r * ROW_H,
                    thin=n <= THIN,
                    href=href(row_id, col_id),
                )
            )
    return Matrix(
        rows=list(rows),
        cols=list(cols),
        cells=cells,
        width=LABEL_W + len(cols) * COL_W + PAD,
        height=HEAD_H + len(rows) * ROW_H + PAD,
        totals_by_row={rid: sum(counts.get((rid, cid), 0) for cid, _ in cols) for rid, _ in rows},
        totals_by_col={cid: sum(counts.get((rid, cid), 0) for rid, _ in rows) for cid, _ in cols},
        total=sum(counts.get((rid, cid), 0) for rid, _ in rows for cid, _ in cols),
    )


def shade(count: int, top: int) -> str:
    """Fill class for a cell: none, few, some, many (relative to the fullest cell)."""
    if count == 0:
        return "none"
    if count <= THIN:
        return "few"
    if top and count * 2 <= top:
        return "some"
    return "many"


# Gaps ----------------------------------------------------------------------------------------

PER_WEEK = {"per-week": 1, "per-dag": 7}


@dataclass(frozen=True)
class Gap:
    kind: str  # missing-here | missing-region | capacity | wait
    key: str  # stable identity, e.g. "capacity:12"
    type_id: int
    type_name: str
    life_domain: str
    life_domain_code: str
    detail: dict = field(default_factory=dict)


def missing_types(*, types, here: set[int], region: set[int]) -> list[Gap]:
    """Types with no offering in the municipality (but somewhere in the region), and types with
    no offering anywhere in the region. ``types``: (id, name, life domain, life domain code)."""
    gaps = []
    for type_id, name, domain, domain_code in types:
        if type_id in here:
            continue
        kind = "missing-here" if type_id in region else "missing-region"
        gaps.append(Gap(kind, f"{kind}:{type_id}", type_id, name, domain, domain_code))
    return gaps


def weekly(capacity: int, unit: str) -> int | None:
    """Capacity per week for per-day and per-week figures; None for 'at once' (places)."""
    factor = PER_WEEK.get(unit)
    return None if factor is None else capacity * factor


def thin_capacity(*, norms, offered) -> list[Gap]:
    """Norms that the municipality's own offerings do not reach.

    ``norms``: (type id, name, domain, domain code, capacity, unit);
    ``offered``: type id -> list of (capacity, unit). Places ('tegelijk') are compared with
    places; per day and per week are both turned into per week.
    """
    gaps = []
    for type_id, name, domain, domain_code, needed, unit in norms:
        if needed is None:
            continue
        rows = offered.get(type_id, [])
        if unit == "tegelijk":
            have = sum(c for c, u in rows if u == "tegelijk")
            need = needed
        else:
            have = sum(weekly(c, u) for c, u in rows if u in PER_WEEK)
            need = weekly(needed, unit)
        if have < need:
            gaps.append(
                Gap(
                    "capacity",
                    f"capacity:{type_id}",
                    type_id,
                    name,
                    domain,
                    domain_code,
                    {
                        "have": have,
                        "need": need,
                        "unit": "tegelijk" if unit == "tegelijk" else "per-week",
                    },
                )
            )
    return gaps


def long_waits(*, offerings, max_days: dict[int, int], default_days: int) -> list[Gap]:
    """Offerings whose waiting time passes the type's norm (or the municipality's default).
    ``offerings``: (offering id, name, provider, type id, type name, domain, code, days)."""
    gaps = []
    for oid, name, provider, type_id, type_name, domain, code, days in offerings:
        if days is None:
            continue
        limit = max_days.get(type_id, default_days)
        if days > limit:
            gaps.append(
                Gap(
                    "wait",
                    f"wait:{oid}",
                    type_id,
                    type_name,
                    domain,
                    code,
                    {"offering": name, "provider": provider, "days": days, "limit": limit},
                )
            )
    return gaps
