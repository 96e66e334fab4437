"""Reads of the assessment app: the route pages now, rounds and results as they come."""

from django.db.models import QuerySet
from django.http import Http404

from stabiel.catalogue.models import Publication
from stabiel.practices.models import PracticeKind
from stabiel.practices.queries import practice_list

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
