"""A round's results gathered for screens and exports, and the latest radar of a municipality.

Reads the round's scores once and hands them to the pure calculations in :mod:`results`; the
radar is drawn from :mod:`drawing` through one SVG template, so the page, the round's PDF and the
prevention plan's exports show the same picture.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .drawing import radar_layout
from .models import SCORE_MAX, SCORE_MIN, RespondentRole, Response, Round
from .results import (
    FunctionResult,
    ScoreRow,
    StatementResult,
    function_results,
    most_disputed,
    statement_results,
)
from .route import SOURCE, route

ROLE_LABELS = dict(RespondentRole.choices)


@dataclass
class RoundResults:
    round: Round
    functions: list[dict]
    statements: list[dict]
    disputed: list[dict]
    respondents: int
    roles: list[tuple[str, str]]
    earlier: Round | None = None
    radar_svg: str = ""
    radar_rows: list[dict] = field(default_factory=list)

    @property
    def has_scores(self) -> bool:
        return any(f["result"].scores for f in self.functions)


def score_rows(the_round: Round) -> list[ScoreRow]:
    return [
        ScoreRow(*values)
        for values in Response.objects.filter(respondent__round=the_round)
        .values_list(
            "respondent_id",
            "respondent__role",
            "statement_id",
            "statement__function_code",
            "score",
        )
        .order_by("pk")
    ]


def rounds_with_scores(*, municipality):
    answered = Response.objects.filter(respondent__round=OuterRef("pk"))
    return Round.objects.filter(municipality=municipality).filter(Exists(answered))


def earlier_round(the_round: Round) -> Round | None:
    """The latest earlier round of the same municipality that has scores."""
    return (
        rounds_with_scores(municipality=the_round.municipality)
        .filter(created_at__lt=the_round.created_at)
        .order_by("-created_at", "-pk")
        .first()
    )


def radar_svg(*, series: list[dict], title: str) -> str:
    the_route = route()
    layout = radar_layout(
        axes=[(f.code, f.name) for f in the_route.functions],
        series=series,
        scale_min=SCORE_MIN,
        scale_max=SCORE_MAX,
    )
    return render_to_string("assessment/_radar.svg", {"radar": layout, "title": title})


def _series(the_round: Round, results: list[FunctionResult], kind: str) -> dict:
    return {
        "label": the_round.title,
        "kind": kind,
        "values": {r.code: r.mean for r in results},
    }


def round_results(the_round: Round) -> RoundResults:
    the_route = route()
    codes = [f.code for f in the_route.functions]
    rows = score_rows(the_round)
    by_function = function_results(rows, codes)
    texts = {s.pk: s for s in the_round.statements.all()}
    per_statement = statement_results(rows)
    roles_present = sorted(
        {r.role for r in rows}, key=lambda role: RespondentRole.values.index(role)
    )
    roles = [(role, str(ROLE_LABELS[role])) for role in roles_present]

    def statement_row(result: StatementResult) -> dict:
        return {"result": result, "statement": texts[result.statement]}

    earlier = earlier_round(the_round)
    earlier_results = function_results(score_rows(earlier), codes) if earlier else None
    functions = []
    for function, result in zip(the_route.functions, by_function, strict=True):
        before = None
        if earlier_results:
            before = next(r.mean for r in earlier_results if r.code == function.code)
        functions.append(
            {
                "function": function,
                "result": result,
                "earlier": before,
                "role_means": [(label, result.role_means.get(role)) for role, label in roles],
            }
        )
    series = [_series(the_round, by_function, "current")]
    if earlier_results is not None and earlier is not None:
        series.append(_series(earlier, earlier_results, "earlier"))
    return RoundResults(
        round=the_round,
        functions=functions,
        statements=[statement_row(r) for r in per_statement],
        disputed=[statement_row(r) for r in most_disputed(per_statement, limit=10)],
        respondents=the_round.respondents.count(),
        roles=roles,
        earlier=earlier,
        radar_svg=radar_svg(
            series=series,
            title=_("Gemiddelde score per basisfunctie (1 tot en met 5): %(title)s")
            % {"title": the_round.title},
        ),
    )


@dataclass(frozen=True)
class LatestRadar:
    """What the prevention plan's exports show: the latest round's radar and its table."""

    round_title: str
    round_date: str
    svg: str
    rows: list[tuple[str, str, int]]  # function name, mean (or "—"), number of scores
    source: str


def latest_radar(*, municipality) -> LatestRadar | None:
    the_round = rounds_with_scores(municipality=municipality).order_by("-created_at", "-pk").first()
    if the_round is None:
        return None
    results = round_results(the_round)
    return LatestRadar(
        round_title=the_round.title,
        round_date=the_round.created_at.strftime("%d-%m-%Y"),
        svg=results.radar_svg,
        rows=[
            (
                f["function"].name,
                "—" if f["result"].mean is None else f"{f['result'].mean:.1f}".replace(".", ","),
                f["result"].scores,
            )
            for f in results.functions
        ],
        source=SOURCE,
    )
