"""The free budget of the access teams as aggregates for policy screens (issue 20, part 5:
"an evaluation after a year"). Per year: how many expenses there were for each purpose agreed,
per quarter, and what they cost, with small numbers hidden (suppression.py). No expense, team
member or resident is ever shown: the policy adviser and the team lead look back on totals.

Amounts follow their counts: a purpose's amount is shown only when its number of expenses is
shown, and the year's total spent only when every purpose's amount is shown (otherwise a hidden
amount could be worked out by subtraction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum

from stabiel.safety.models import FreeBudget, FreeBudgetSpend

from .outcomes import threshold
from .suppression import Published, publish

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class PurposeRow:
    label: str
    quarters: tuple[int | None, ...]
    spends: int | None
    amount_cents: int | None  # None: hidden with its count


@dataclass(frozen=True)
class FreeBudgetFigures:
    year: int
    threshold: int
    teams_with_budget: int
    budget_cents: int
    table: Published
    rows: tuple[PurposeRow, ...]
    spent_cents: int | None
    spent_share_of_budget: float | None  # percent; None when the total spent is hidden
    teams_looked_back: int  # teams, not residents: shown as is


def free_budget_figures(*, municipality, year: int) -> FreeBudgetFigures:
    limit = threshold()
    start, end = date(year, 1, 1), date(year, 12, 31)
    budgets = FreeBudget.objects.filter(municipality=municipality, year=year)
    budget_total = budgets.aggregate(total=Sum("amount_cents"))["total"] or 0
    team_count = budgets.count()
    looked_back = budgets.filter(evaluated_on__isnull=False).count()
    purposes = list(FreeBudgetSpend.Purpose)
    counts = [[0 for _ in QUARTERS] for _ in purposes]
    amounts = [0 for _ in purposes]
    index = {p.value: i for i, p in enumerate(purposes)}
    rows_q = (
        FreeBudgetSpend.objects.filter(
            municipality=municipality, budget__year=year, spent_on__range=(start, end)
        )
        .values("purpose", "spent_on__quarter")
        .annotate(n=Count("id"), cents=Sum("amount_cents"))
    )
    for row in rows_q:
        i = index.get(row["purpose"])
        if i is None:
            continue
        counts[i][row["spent_on__quarter"] - 1] += row["n"]
        amounts[i] += row["cents"] or 0
    table = publish(counts, threshold=limit)
    rows = tuple(
        PurposeRow(
            label=str(purpose.label),
            quarters=table.cells[i],
            spends=table.row_totals[i],
            amount_cents=amounts[i] if table.row_totals[i] is not None else None,
        )
        for i, purpose in enumerate(purposes)
    )
    every_amount_shown = all(
        r.amount_cents is not None for r, c in zip(rows, counts, strict=True) if sum(c)
    )
    spent = sum(amounts) if every_amount_shown and table.grand_total is not None else None
    return FreeBudgetFigures(
        year=year,
        threshold=limit,
        teams_with_budget=team_count,
        budget_cents=budget_total,
        table=table,
        rows=rows,
        spent_cents=spent,
        spent_share_of_budget=100.0 * spent / budget_total
        if spent is not None and budget_total
        else None,
        teams_looked_back=looked_back,
    )
