"""Reads of the assessment app: the route pages now, rounds and results as they come."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from stabiel.catalogue.models import Publication
from stabiel.plans.models import Plan
from stabiel.practices.models import PracticeKind
from stabiel.practices.queries import practice_list

from .models import Respondent, Round, RoundStatement, Statement
from .route import PUBLICATION_CODE, Function, Step, route

# KPMG's sixteen municipal practices (Bijlage 2, a-p), kept in the practice library.
KPMG_PRACTICES = (
    "kpmg-almelo",
    "kpmg-brunssum",
    "kpmg-enschede",
    "kpmg-groningen",
    "kpmg-haarlem",
    "kpmg-kaag-en-braassem",
    "kpmg-leiden",
    "kpmg-montferland",
    "kpmg-roosendaal",
    "kpmg-utrecht",
    "kpmg-velsen",
    "kpmg-den-haag",
    "kpmg-veenendaal",
    "kpmg-rotterdam",
    "kpmg-nijmegen",
    "kpmg-amsterdam",
)


def publication() -> Publication | None:
    return Publication.objects.filter(code=PUBLICATION_CODE).first()


def practices_for_function(*, municipality, code: str) -> QuerySet:
    """The KPMG municipal practices that highlight this basic function."""
    return practice_list(
        municipality=municipality, filters={"basic_function": code, "kind": PracticeKind.MUNICIPAL}
    ).filter(slug__in=KPMG_PRACTICES)


def function_get(code: str) -> Function:
    function = route().function(code)
    if function is None:
        raise Http404
    return function


def step_get(number: int) -> Step:
    step = route().step(number)
    if step is None:
        raise Http404
    return step


def function_page(*, municipality, code: str) -> dict:
    the_route = route()
    function = function_get(code)
    steps = [
        {"step": step, "dilemmas": the_route.dilemmas_of_step(step.number)}
        for step in the_route.steps_of(code)
    ]
    return {
        "function": function,
        "steps": steps,
        "knowledge": [n for n in function.needs if n.kind in ("kennis", "geborgd")],
        "collaboration": [n for n in function.needs if n.kind == "samenwerking"],
        "practices": practices_for_function(municipality=municipality, code=code),
        "practices_chapter": the_route.practices_chapter,
        "functions": the_route.functions,
    }


def step_page(*, municipality, number: int) -> dict:
    the_route = route()
    step = step_get(number)
    function = the_route.function_of_step(number)
    return {
        "step": step,
        "function": function,
        "dilemmas": the_route.dilemmas_of_step(number),
        "practices": practices_for_function(municipality=municipality, code=function.code),
        "practices_chapter": the_route.practices_chapter,
        "previous": the_route.step(number - 1),
        "next": the_route.step(number + 1),
    }


# Statements and rounds -------------------------------------------------------------------------


def statement_list(*, actor) -> QuerySet:
    return Statement.objects.filter(municipality=actor.municipality)


def statements_by_function(*, actor) -> list[dict]:
    statements = list(statement_list(actor=actor))
    return [
        {
            "function": function,
            "statements": [s for s in statements if s.function_code == function.code],
        }
        for function in route().functions
    ]


def statement_get(*, actor, pk: int) -> Statement:
    return get_object_or_404(Statement, pk=pk, municipality=actor.municipality)


def round_list(*, actor) -> QuerySet:
    return Round.objects.filter(municipality=actor.municipality).annotate(
        respondent_count=Count("respondents", distinct=True),
        statement_count=Count("statements", distinct=True),
    )


def round_get(*, actor, pk: int) -> Round:
    return get_object_or_404(Round, pk=pk, municipality=actor.municipality)


def respondent_get(*, actor, pk: int) -> Respondent:
    return get_object_or_404(
        Respondent.objects.select_related("round"), pk=pk, municipality=actor.municipality
    )


def respondents_of(*, the_round: Round) -> QuerySet:
    return the_round.respondents.annotate(
        answered=Count("responses", filter=Q(responses__score__isnull=False)),
        dont_know=Count("responses", filter=Q(responses__score__isnull=True)),
    )


def _current(response, posted, pk) -> tuple[str, str]:
    """What the form shows: the posted value after a refusal, else the stored answer."""
    if posted is not None:
        return posted.get(f"score-{pk}", ""), posted.get(f"note-{pk}", "")
    if response is None:
        return "", ""
    return ("?" if response.score is None else str(response.score)), response.note


def answer_sheet(*, respondent: Respondent, posted=None) -> list[dict]:
    """The round's statements per basic function with this respondent's own answers only."""
    own = {r.statement_id: r for r in respondent.responses.all()}
    statements = list(respondent.round.statements.all())
    return [
        {
            "function": function,
            "statements": [
                dict(
                    zip(
                        ("statement", "current", "note"),
                        (s, *_current(own.get(s.pk), posted, s.pk)),
                        strict=True,
                    )
                )
                for s in statements
                if s.function_code == function.code
            ],
        }
        for function in route().functions
        if any(s.function_code == function.code for s in statements)
    ]


# Results ---------------------------------------------------------------------------------------


def open_plans(*, actor) -> QuerySet:
    """Plans of the actor's municipality that still take flags and measures, this year first."""
    return (
        Plan.objects.filter(municipality=actor.municipality)
        .exclude(status=Plan.Status.CLOSED)
        .order_by("-year")
    )


def weak_functions(*, results, municipality) -> list[dict]:
    """Functions scored below the middle of the scale, weakest first, with the lessons of their
    steps and the KPMG practices that show them."""
    the_route = route()
    weak = sorted(
        (f for f in results.functions if f["result"].weak), key=lambda f: f["result"].mean
    )
    return [
        {
            **f,
            "lessons": [
                lesson for step in the_route.steps_of(f["function"].code) for lesson in step.lessons
            ],
            "practices": list(
                practices_for_function(municipality=municipality, code=f["function"].code)
            ),
        }
        for f in weak
    ]


def round_statement_get(*, the_round, pk) -> RoundStatement | None:
    return the_round.statements.filter(pk=pk).first() if pk else None
