"""Every read of "Ken je inwoners": the picture of a year, the stories, the loads."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from stabiel.accounts.models import Area
from stabiel.catalogue.models import RedFlagType

from .chart import BarChart, bar_chart
from .figures import Level, level_of
from .indicators import INDICATORS, Indicator, Unit
from .models import AreaFigure, FigureLoad, HardCase, Observation
from .national import BY_NUMBER, NationalFigure
from .suppression import hidden_codes

INHABITANTS = "inwoners"


def threshold() -> int:
    return int(settings.INSIGHTS_SMALL_NUMBER_THRESHOLD)


@dataclass(frozen=True)
class Cell:
    value: Decimal | None  # None: hidden or unknown
    hidden: bool = False
    per_thousand: Decimal | None = None


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    level: Level
    cells: dict[str, Cell]


@dataclass
class IndicatorView:
    indicator: Indicator
    source: str
    sample: bool
    national: Cell | None
    municipality: Cell | None
    red_flag: str
    national_figure: NationalFigure | None
    rows: list[tuple[AreaRow, Cell]] = field(default_factory=list)
    chart: BarChart | None = None

    @property
    def shows_rate(self) -> bool:
        return self.indicator.per_inhabitants


@dataclass
class Picture:
    year: int | None
    years: list[int]
    loads: list[FigureLoad]
    indicators: list[IndicatorView]
    areas: list[AreaRow]
    threshold: int

    @property
    def any_sample(self) -> bool:
        return any(load.sample for load in self.loads)


def years(municipality) -> list[int]:
    return sorted(
        set(FigureLoad.objects.filter(municipality=municipality).values_list("year", flat=True)),
        reverse=True,
    )


def _order(code: str) -> tuple[int, str]:
    rank = {Level.COUNTRY: 0, Level.MUNICIPALITY: 1, Level.DISTRICT: 2, Level.NEIGHBOURHOOD: 2}
    level = level_of(code)
    # Districts are followed by their neighbourhoods: sort neighbourhoods by their district code.
    key = code if level != Level.NEIGHBOURHOOD else "WK" + code[2:8] + code[8:]
    return rank.get(level, 9), key


def picture(*, municipality, year: int | None = None) -> Picture:
    """The figures of one year: per indicator and per area, small counts hidden."""
    all_years = years(municipality)
    if year is None or year not in all_years:
        year = all_years[0] if all_years else None
    loads = list(FigureLoad.objects.filter(municipality=municipality, year=year))
    figures = list(
        AreaFigure.objects.filter(municipality=municipality, load__year=year).select_related("load")
    )
    limit = threshold()
    by_indicator: dict[str, dict[str, Decimal]] = defaultdict(dict)
    names: dict[str, str] = {}
    source_of: dict[str, FigureLoad] = {}
    for f in figures:
        by_indicator[f.indicator][f.area_code] = f.value
        names.setdefault(f.area_code, f.area_name)
        if f.indicator != INHABITANTS:
            source_of[f.indicator] = f.load
    # Areas of the municipality without figures still have their own name.
    names.update(Area.objects.filter(municipality=municipality).values_list("cbs_code", "name"))
    inhabitants = by_indicator.get(INHABITANTS, {})
    hidden_inhabitants = hidden_codes(inhabitants, limit)

    cells: dict[str, dict[str, Cell]] = defaultdict(dict)
    for indicator in INDICATORS:
        values = by_indicator.get(indicator.code, {})
        hidden = hidden_codes(values, limit) if indicator.unit == Unit.COUNT else set()
        for code, value in values.items():
            if code in hidden:
                cells[code][indicator.code] = Cell(None, hidden=True)
                continue
            rate = None
            people = inhabitants.get(code)
            if indicator.per_inhabitants and people and code not in hidden_inhabitants:
                rate = (value * 1000 / people).quantize(Decimal("0.1"))
            cells[code][indicator.code] = Cell(value, per_thousand=rate)
    codes = sorted(
        (c for c in set(cells) | set(inhabitants) if level_of(c) is not None), key=_order
    )
    areas = [AreaRow(c, names.get(c, c), level_of(c), cells.get(c, {})) for c in codes]
    flags = dict(RedFlagType.objects.filter(municipality__isnull=True).values_list("code", "name"))
    views = []
    for indicator in INDICATORS:
        if indicator.code not in by_indicator:
            continue
        load = source_of[indicator.code]
        view = IndicatorView(
            indicator=indicator,
            source=load.table or load.source,
            sample=load.sample,
            national=cells.get("NL00", {}).get(indicator.code),
            municipality=cells.get(municipality.cbs_code, {}).get(indicator.code),
            red_flag=flags.get(indicator.red_flag, ""),
            national_figure=BY_NUMBER.get(indicator.national_figure or 0),
        )
        view.rows = [
            (area, area.cells[indicator.code]) for area in areas if indicator.code in area.cells
        ]
        view.chart = bar_chart(
            [
                (
                    area.name,
                    _plotted(cell, indicator),
                    area.level in (Level.COUNTRY, Level.MUNICIPALITY),
                )
                for area, cell in view.rows
            ]
        )
        views.append(view)
    return Picture(year, all_years, loads, views, areas, limit)


def _plotted(cell: Cell, indicator: Indicator) -> float | None:
    """The bar's value: per 1,000 inhabitants for counts (areas differ in size), else as given."""
    if cell.hidden or cell.value is None:
        return None
    if indicator.per_inhabitants:
        return float(cell.per_thousand) if cell.per_thousand is not None else None
    return float(cell.value)


def hard_cases(*, municipality):
    return HardCase.objects.filter(municipality=municipality)


def observations(*, municipality, kind: str | None = None):
    found = Observation.objects.filter(municipality=municipality)
    return found.filter(kind=kind) if kind else found


def loads(*, municipality):
    return FigureLoad.objects.filter(municipality=municipality).select_related("loaded_by")
