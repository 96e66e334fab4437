"""The resident's route along the five basic functions of a local team, as data.

Based on KPMG, *Basisfuncties voor lokale teams* (2019): 11 steps numbered 0-10, each tied to one
of 5 basic functions, 30 lessons, 5 insights, a dilemma per step 1-10 plus the Q&A's eleventh.
The texts live in ``seed/route.yaml`` (our own words, each part naming its chapter); this module
reads them once into frozen objects. Plain Python, no database: the route is the same for every
municipality. What a municipality changes are its statements (see ``models.Statement``).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from stabiel.practices.models import BasicFunction

SEED = Path(__file__).parent / "seed" / "route.yaml"
PUBLICATION_CODE = "kpmg-basisfuncties-2019"
SOURCE = "KPMG, Basisfuncties voor lokale teams (2019)"
ROUTE_CHAPTER = "De routekaart"


@dataclass(frozen=True)
class Lesson:
    code: str  # "4.2": step 4, second lesson
    step: int
    text: str
    chapter: str = ROUTE_CHAPTER


@dataclass(frozen=True)
class Dilemma:
    number: str  # "1".."10" and "5b", as the Q&A numbers them
    step: int
    question: str
    dilemma: str
    approach: str
    chapter: str


@dataclass(frozen=True)
class Step:
    number: int
    function_code: str
    title: str
    label: str  # a few words, for the drawing
    text: str
    lessons: tuple[Lesson, ...]
    dilemma_numbers: tuple[str, ...]
    chapter: str = ROUTE_CHAPTER


@dataclass(frozen=True)
class Need:
    kind: str  # "kennis" (knowledge and skill in the team), "samenwerking", "geborgd"
    what: str
    how: tuple[str, ...]


@dataclass(frozen=True)
class Function:
    code: str
    number: int
    name: str
    short: str
    chapter: str
    summary: str
    resident: str
    professional: str
    municipality: str
    needs: tuple[Need, ...]
    organisation: tuple[str, ...]
    step_numbers: tuple[int, ...]

    @property
    def step_range(self) -> str:
        first, last = self.step_numbers[0], self.step_numbers[-1]
        return str(first) if first == last else f"{first}\u2013{last}"


@dataclass(frozen=True)
class Insight:
    number: int
    title: str
    text: str
    chapter: str


@dataclass(frozen=True)
class Route:
    functions: tuple[Function, ...]
    steps: tuple[Step, ...]
    insights: tuple[Insight, ...]
    dilemmas: tuple[Dilemma, ...]
    practices_chapter: str

    def function(self, code: str) -> Function | None:
        return next((f for f in self.functions if f.code == code), None)

    def step(self, number: int) -> Step | None:
        return next((s for s in self.steps if s.number == number), None)

    def steps_of(self, code: str) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.function_code == code)

    def dilemmas_of_step(self, number: int) -> tuple[Dilemma, ...]:
        return tuple(d for d in self.dilemmas if d.step == number)

    def lessons(self) -> tuple[Lesson, ...]:
        return tuple(lesson for step in self.steps for lesson in step.lessons)

    def lesson(self, code: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons() if lesson.code == code), None)

    def function_of_step(self, number: int) -> Function:
        step = self.step(number)
        function = self.function(step.function_code) if step else None
        if function is None:
            raise KeyError(number)
        return function


def _function_names() -> dict[str, str]:
    # The names are the product's vocabulary (translatable), kept in the practices app.
    return {code: str(label) for code, label in BasicFunction.choices}


@cache
def _raw() -> dict:
    with SEED.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def route() -> Route:
    """The route as one frozen object (names in the active language)."""
    raw = _raw()
    names = _function_names()
    steps = tuple(
        Step(
            number=s["number"],
            function_code=s["function"],
            title=s["title"],
            label=s["label"],
            text=s["text"],
            lessons=tuple(
                Lesson(code=f"{s['number']}.{i}", step=s["number"], text=text)
                for i, text in enumerate(s["lessons"], start=1)
            ),
            dilemma_numbers=tuple(
                str(d["number"]) for d in raw["dilemmas"]["items"] if d["step"] == s["number"]
            ),
        )
        for s in raw["steps"]
    )
    functions = tuple(
        Function(
            code=f["code"],
            number=f["number"],
            name=names[f["code"]],
            short=f["short"],
            chapter=f["chapter"],
            summary=f["summary"],
            resident=f["resident"],
            professional=f["professional"],
            municipality=f["municipality"],
            needs=tuple(
                Need(kind=n["kind"], what=n["what"], how=tuple(n["how"])) for n in f["needs"]
            ),
            organisation=tuple(f["organisation"]),
            step_numbers=tuple(s.number for s in steps if s.function_code == f["code"]),
        )
        for f in raw["functions"]
    )
    insights = tuple(
        Insight(
            number=i["number"], title=i["title"], text=i["text"], chapter=raw["insights"]["chapter"]
        )
        for i in raw["insights"]["items"]
    )
    dilemmas = tuple(
        Dilemma(
            number=str(d["number"]),
            step=d["step"],
            question=d["question"],
            dilemma=d["dilemma"],
            approach=d["approach"],
            chapter=raw["dilemmas"]["chapter"],
        )
        for d in raw["dilemmas"]["items"]
    )
    return Route(
        functions=functions,
        steps=steps,
        insights=insights,
        dilemmas=dilemmas,
        practices_chapter=raw["practices"]["chapter"],
    )
