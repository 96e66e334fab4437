"""Young people who turn 18 as aggregates for policy screens (issue 20, part 5: "counted and
logged"). Per year and half year: how many young people were on the lists the teams drew, and
how many invitations were made, each hidden under the small-number threshold (suppression.py).
No list, worker or young person is ever shown.

A young person on two lists of the same half year counts twice in the first row: it counts what
the teams drew, not distinct people. The invitations count people: one each (a unique
constraint in correspondence).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum

from stabiel.correspondence.models import Letter, TurningEighteenList

from .outcomes import threshold
from .suppression import Published, publish

HALVES = (1, 2)


@dataclass(frozen=True)
class TurningEighteenFigures:
    year: int
    threshold: int
    lists_drawn: int  # drawings by the teams: not people, shown as is
    on_lists: Published  # one row: young people on the lists drawn, per half year
    invited: Published  # one row: invitation letters made, per half year


def _half(month: int) -> int:
    return 1 if month <= 6 else 2


def turning_18_figures(*, municipality, year: int) -> TurningEighteenFigures:
    limit = threshold()
    start, end = date(year, 1, 1), date(year, 12, 31)
    on_lists = [0, 0]
    lists = TurningEighteenList.objects.filter(
        municipality=municipality, created_at__date__range=(start, end)
    )
    drawn = 0
    for row in lists.values("created_at__month").annotate(
        n=Count("id"), people=Sum("young_people")
    ):
        on_lists[_half(row["created_at__month"]) - 1] += row["people"] or 0
        drawn += row["n"]
    invited = [0, 0]
    letters = Letter.objects.filter(
        municipality=municipality, turning_18_on__isnull=False, made_on__range=(start, end)
    )
    for row in letters.values("made_on__month").annotate(n=Count("id")):
        invited[_half(row["made_on__month"]) - 1] += row["n"]
    return TurningEighteenFigures(
        year=year,
        threshold=limit,
        lists_drawn=drawn,
        on_lists=publish([on_lists], threshold=limit),
        invited=publish([invited], threshold=limit),
    )
