"""Recurring themes of the case meetings and custom solutions as counts (issue 20, part 4):
how many discussed cases were tagged with each pillar of the stability model and life domain
in a period, so a pattern across cases reaches policy. Only counts, small ones hidden
(suppression.py, with secondary suppression over the table with its totals); never a case,
a meeting or a name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from stabiel.meetings.models import ItemTheme
from stabiel.meetings.queries import theme_life_domains, theme_pillars

from .outcomes import threshold
from .suppression import Published, publish

QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


@dataclass(frozen=True)
class ThemeTable:
    year: int
    quarter: int | None
    threshold: int
    pillars: tuple[str, ...]
    life_domains: tuple[str, ...]
    table: Published

    @property
    def rows(self):
        return zip(self.life_domains, self.table.cells, self.table.row_totals, strict=True)


def period(year: int, quarter: int | None) -> tuple[date, date]:
    if quarter is None:
        return date(year, 1, 1), date(year, 12, 31)
    first, last = QUARTER_MONTHS[quarter]
    end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), date.fromordinal(end.toordinal() - 1)


def theme_counts(*, municipality, year: int, quarter: int | None = None) -> ThemeTable:
    """Cases discussed (meeting items) per life domain x pillar, by the meeting's date."""
    start, end = period(year, quarter)
    pillars = theme_pillars(municipality=municipality)
    domains = theme_life_domains(municipality=municipality)
    found = {
        (row["life_domain_id"], row["pillar_id"]): row["n"]
        for row in ItemTheme.objects.filter(
            municipality=municipality, item__meeting__held_on__range=(start, end)
        )
        .values("life_domain_id", "pillar_id")
        .annotate(n=Count("item_id", distinct=True))
    }
    counts = [[found.get((d.pk, p.pk), 0) for p in pillars] for d in domains]
    return ThemeTable(
        year=year,
        quarter=quarter,
        threshold=threshold(),
        pillars=tuple(p.display_name for p in pillars),
        life_domains=tuple(d.display_name for d in domains),
        table=publish(counts, threshold=threshold()),
    )
