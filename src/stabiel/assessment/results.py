"""The results of a round, as plain calculations over score rows (no ORM, no markup).

A score row is (respondent id, role, statement id, function code, score or None for "weet ik
niet"). Per basic function: the mean of all scores, the spread between respondents (each
respondent's own mean for the function: lowest, highest, standard deviation) and between roles
(each role's mean: lowest, highest, the difference). Per statement: mean, standard deviation
between respondents, lowest and highest score, how often "weet ik niet". Disagreement is the
standard deviation (population, so one respondent has none); statements scored by fewer than two
respondents are not ranked.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean, pstdev
from typing import NamedTuple

# Below the middle of the scale ("deels waar") a function counts as weak.
WEAK_BELOW = 3.0


class ScoreRow(NamedTuple):
    respondent: int
    role: str
    statement: int
    function: str
    score: int | None


@dataclass(frozen=True)
class Spread:
    low: float | None
    high: float | None
    sd: float | None

    @property
    def range(self) -> float | None:
        return None if self.low is None or self.high is None else round(self.high - self.low, 2)


@dataclass(frozen=True)
class FunctionResult:
    code: str
    mean: float | None
    scores: int
    dont_know: int
    respondents: int
    between_respondents: Spread
    role_means: dict[str, float]
    between_roles: Spread

    @property
    def weak(self) -> bool:
        return self.mean is not None and self.mean < WEAK_BELOW


@dataclass(frozen=True)
class StatementResult:
    statement: int
    function: str
    mean: float | None
    scores: int
    dont_know: int
    sd: float | None
    low: int | None
    high: int | None
    role_means: dict[str, float]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _spread(values: list[float]) -> Spread:
    if not values:
        return Spread(None, None, None)
    return Spread(_round(min(values)), _round(max(values)), _round(pstdev(values)))


def _role_means(rows: list[ScoreRow]) -> dict[str, float]:
    by_role: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.score is not None:
            by_role[row.role].append(row.score)
    return {role: round(fmean(scores), 2) for role, scores in sorted(by_role.items())}


def function_results(rows: Iterable[ScoreRow], codes: Iterable[str]) -> list[FunctionResult]:
    """One result per function code, in the given order, also for functions nobody scored."""
    by_function: dict[str, list[ScoreRow]] = defaultdict(list)
    for row in rows:
        by_function[row.function].append(row)
    results = []
    for code in codes:
        these = by_function.get(code, [])
        scores = [r.score for r in these if r.score is not None]
        per_respondent: dict[int, list[int]] = defaultdict(list)
        for r in these:
            if r.score is not None:
                per_respondent[r.respondent].append(r.score)
        respondent_means = [fmean(v) for v in per_respondent.values()]
        role_means = _role_means(these)
        results.append(
            FunctionResult(
                code=code,
                mean=_round(fmean(scores)) if scores else None,
                scores=len(scores),
                dont_know=sum(1 for r in these if r.score is None),
                respondents=len({r.respondent for r in these}),
                between_respondents=_spread(respondent_means),
                role_means=role_means,
                between_roles=_spread(list(role_means.values())),
            )
        )
    return results


def statement_results(rows: Iterable[ScoreRow]) -> list[StatementResult]:
    by_statement: dict[int, list[ScoreRow]] = defaultdict(list)
    for row in rows:
        by_statement[row.statement].append(row)
    results = []
    for statement, these in by_statement.items():
        scores = [r.score for r in these if r.score is not None]
        results.append(
            StatementResult(
                statement=statement,
                function=these[0].function,
                mean=_round(fmean(scores)) if scores else None,
                scores=len(scores),
                dont_know=sum(1 for r in these if r.score is None),
                sd=_round(pstdev(scores)) if len(scores) >= 2 else None,
                low=min(scores) if scores else None,
                high=max(scores) if scores else None,
                role_means=_role_means(these),
            )
        )
    return results


def most_disputed(
    results: list[StatementResult], limit: int | None = None
) -> list[StatementResult]:
    """Widest disagreement first: standard deviation, then the gap between lowest and highest,
    then more scores; statements with fewer than two scores are left out."""
    ranked = sorted(
        (r for r in results if r.sd is not None and r.sd > 0),
        key=lambda r: (-(r.sd or 0), -((r.high or 0) - (r.low or 0)), -r.scores, r.statement),
    )
    return ranked[:limit] if limit else ranked
