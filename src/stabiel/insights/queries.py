"""Reads for the insights screens: figures for a year, ready to show (already suppressed)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stabiel.accounts.models import Team
from stabiel.assessment.route import route
from stabiel.catalogue.models import Pillar
from stabiel.catalogue.queries import items_for
from stabiel.rules.models import Rule

from .chart import LineChart, line_chart
from .models import ExperienceAnswer, ExperienceInvitation, ExperienceScale, StoryPoint
from .outcomes import (
    BREAKDOWN_LABELS,
    FIGURES,
    Breakdown,
    Figure,
    FigureTable,
    Kind,
    _breakdowns,
    figure_tables,
    figure_value,
    threshold,
)
from .summary import published_tables, published_totals, summary_total
from .suppression import Duration, Published, Share, publish, publish_linked, publish_single


def cell_number(cell) -> float | None:
    """The number a chart draws for a shown cell: a count, a percentage or median days."""
    if cell is None:
        return None
    if isinstance(cell, Share):
        return round(cell.percent, 1)
    if isinstance(cell, Duration):
        return cell.median_days
    return float(cell)


def year_bounds(year: int, *, today: date) -> tuple[date, date]:
    """The calendar year, up to this month when it is the current year."""
    end = date(year, 12, 31)
    if year == today.year:
        end = today
    return date(year, 1, 1), end


@dataclass(frozen=True)
class FigureSummary:
    figure: Figure
    total: object  # int | Share | Duration | None


def overview(*, municipality, year: int, today: date) -> list[FigureSummary]:
    """Each figure's whole-year value: from the tables the nightly refresh published, or (a year
    it has not published) from the monthly rows."""
    start, end = year_bounds(year, today=today)
    published = published_totals(municipality=municipality, year=year)
    summaries = []
    for code, figure in FIGURES.items():
        if published is not None:
            total = published[code]
        else:
            total = figure_value(code, municipality=municipality, start=start, end=end)
        summaries.append(FigureSummary(figure, total))
    return summaries


@dataclass(frozen=True)
class FigureView:
    figure: Figure
    table: FigureTable
    breakdowns: list[tuple[str, str]]  # (value, label) of the breakdowns this figure has
    chart: LineChart
    year: int


def figure_view(*, municipality, code: str, breakdown: Breakdown, year: int, today: date):
    start, end = year_bounds(year, today=today)
    figure = FIGURES[code]
    available = _breakdowns(figure)
    if breakdown not in available:
        breakdown = Breakdown.TEAM
    tables = published_tables(code, municipality=municipality, year=year, breakdowns=[breakdown])
    if tables is None or breakdown not in tables:
        tables = figure_tables(
            code,
            municipality=municipality,
            start=start,
            end=end,
            today=today,
            breakdowns=[breakdown] if figure.kind == Kind.DURATION else None,
        )
    table = tables[breakdown]
    values = [cell_number(c) for c in table.column_totals]
    chart = line_chart(table.months, values, top=100.0 if figure.kind == Kind.SHARE else None)
    return FigureView(
        figure,
        table,
        [(b.value, str(BREAKDOWN_LABELS[b])) for b in available],
        chart,
        year,
    )


def figure_choices() -> list[tuple[str, str]]:
    """(code, Dutch name) of every outcome figure, for a choice beside a free-text indicator."""
    return [(code, str(figure.title)) for code, figure in FIGURES.items()]


def figure_title(code: str) -> str:
    """The figure's name, or "" for a code that is not (or no longer) a figure."""
    figure = FIGURES.get(code)
    return str(figure.title) if figure else ""


# A figure over time, for a plan's measure ---------------------------------------------------------


class Per:
    MONTH = "maand"
    QUARTER = "kwartaal"


@dataclass(frozen=True)
class SeriesPoint:
    label: str
    cell: object  # int | Share | Duration | None (hidden)


@dataclass(frozen=True)
class FigureSeries:
    figure: Figure
    year: int
    per: str
    points: tuple[SeriesPoint, ...]
    chart: LineChart
    axis: tuple[tuple[float, str], ...]  # (x, label) under the chart
    threshold: int


def _year_table(*, municipality, code: str, year: int, today: date) -> FigureTable:
    """The whole municipality's table of the year (team breakdown): the same cells, hidden ones
    included, as the figure's own page."""
    tables = published_tables(
        code, municipality=municipality, year=year, breakdowns=[Breakdown.TEAM]
    )
    if tables is None or Breakdown.TEAM not in tables:
        start, end = year_bounds(year, today=today)
        tables = figure_tables(
            code,
            municipality=municipality,
            start=start,
            end=end,
            today=today,
            breakdowns=[Breakdown.TEAM] if FIGURES[code].kind == Kind.DURATION else None,
        )
    return tables[Breakdown.TEAM]


def _quarter_cell(*, municipality, code: str, months: list[date], cells: list, today: date):
    """A quarter is shown only when every month of it is shown: a quarter total beside a hidden
    month would give that month away (quarter minus the shown months)."""
    if not cells or any(c is None for c in cells):
        return None
    figure = FIGURES[code]
    if figure.kind == Kind.SHARE:
        return Share(sum(c.part for c in cells), sum(c.whole for c in cells))
    if figure.kind == Kind.DURATION:
        last = (months[-1].replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return summary_total(
            code, municipality=municipality, start=months[0], end=min(last, today), today=today
        )
    return sum(cells)


def figure_series(*, municipality, code: str, year: int, per: str, today: date) -> FigureSeries:
    """The figure for the whole municipality over the year, per month or per quarter. Month
    cells are the figure page's own month totals (hidden ones stay hidden); a quarter shows only
    when all its months show."""
    figure = FIGURES[code]
    table = _year_table(municipality=municipality, code=code, year=year, today=today)
    months = list(table.months)
    totals = list(table.column_totals)
    if per == Per.QUARTER:
        starts: list[date] = []
        points = []
        for quarter in range(4):
            in_quarter = [i for i, m in enumerate(months) if (m.month - 1) // 3 == quarter]
            if not in_quarter:
                continue
            cell = _quarter_cell(
                municipality=municipality,
                code=code,
                months=[months[i] for i in in_quarter],
                cells=[totals[i] for i in in_quarter],
                today=today,
            )
            starts.append(months[in_quarter[0]])
            points.append(SeriesPoint(_quarter_label(quarter + 1), cell))
    else:
        per = Per.MONTH
        starts = months
        points = [SeriesPoint(_month_label(m), c) for m, c in zip(months, totals, strict=True)]
    chart = line_chart(
        starts,
        [cell_number(p.cell) for p in points],
        top=100.0 if figure.kind == Kind.SHARE else None,
    )
    axis = tuple((label.x, point.label) for label, point in zip(chart.labels, points, strict=True))
    return FigureSeries(figure, year, per, tuple(points), chart, axis, table.threshold)


@dataclass(frozen=True)
class LatestValue:
    """The newest shown month total of a figure in a year: what a document may print."""

    month: date
    cell: object  # int | Share | Duration, never hidden
    text: str  # "78% (35 van 45)" as the tables show it


def figure_latest(*, municipality, code: str, year: int, today: date) -> LatestValue | None:
    """The figure's newest month of the year whose whole-municipality total is shown (the same
    cell the figure page and the plan's progress view show), or None when every month is hidden
    or the year has not started."""
    from .templatetags.insights import cell_text

    if code not in FIGURES or year > today.year:
        return None
    table = _year_table(municipality=municipality, code=code, year=year, today=today)
    # A table without any row has no month totals at all.
    for month, cell in reversed(list(zip(table.months, table.column_totals, strict=False))):
        if cell is not None:
            return LatestValue(month, cell, cell_text(cell))
    return None


def _month_label(month: date) -> str:
    from django.utils.formats import date_format

    return date_format(month, "M")


def _quarter_label(number: int) -> str:
    from django.utils.translation import gettext

    return gettext("K%(n)s") % {"n": number}


# Between municipalities -----------------------------------------------------------------------


def comparison_opted_in(municipality) -> bool:
    from .models import Comparison

    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    return Comparison.objects.filter(municipality_id=municipality_id, opted_in=True).exists()


@dataclass(frozen=True)
class CompareRow:
    name: str
    own: bool
    cells: tuple  # one per month, hidden ones None
    total: object


@dataclass(frozen=True)
class CompareView:
    """One figure of every municipality that is in, side by side: each row holds exactly the
    numbers that municipality's own figure page shows (its month totals and year total, with
    its hidden cells hidden). No sum over municipalities is shown, so putting the rows together
    gives nothing away that a row did not already show."""

    figure: Figure
    year: int
    months: tuple[date, ...]
    rows: tuple[CompareRow, ...]
    overview: tuple[tuple[Figure, tuple], ...]  # every figure's year total per municipality
    names: tuple[str, ...]
    threshold: int


def comparison(*, municipality, code: str, year: int, today: date) -> CompareView | None:
    """None when the municipality is not in: then it sees nothing of the others."""
    from stabiel.accounts.models import Municipality

    from .models import Comparison

    if not comparison_opted_in(municipality):
        return None
    own_id = municipality if isinstance(municipality, int) else municipality.pk
    ids = set(Comparison.objects.filter(opted_in=True).values_list("municipality_id", flat=True))
    places = sorted(
        Municipality.objects.filter(pk__in=ids).values_list("pk", "name"),
        key=lambda p: (p[0] != own_id, p[1]),
    )
    rows = []
    months: tuple[date, ...] = ()
    for pk, name in places:
        table = _year_table(municipality=pk, code=code, year=year, today=today)
        months = table.months
        rows.append(CompareRow(name, pk == own_id, table.column_totals, table.grand_total))
    totals = {pk: _year_totals(pk, year=year, today=today) for pk, _name in places}
    overview = tuple(
        (figure, tuple(totals[pk][figure_code] for pk, _name in places))
        for figure_code, figure in FIGURES.items()
    )
    return CompareView(
        FIGURES[code],
        year,
        months,
        tuple(rows),
        overview,
        tuple(name for _pk, name in places),
        _threshold(),
    )


def _threshold() -> int:
    from .outcomes import threshold

    return threshold()


def _year_totals(municipality_id: int, *, year: int, today: date) -> dict[str, object]:
    published = published_totals(municipality=municipality_id, year=year)
    if published is not None:
        return published
    return {
        s.figure.code: s.total
        for s in overview(municipality=municipality_id, year=year, today=today)
    }


# Story points and the resident's voice (issue 17, point 3) ----------------------------------------

STORIES_BESIDE_A_FIGURE = 5
EXPERIENCE_QUESTIONS = (
    ("helped", _("Voelde u zich geholpen?")),
    ("heard", _("Voelde u zich gehoord?")),
    ("knew_whom", _("Was het duidelijk wie u kon bellen?")),
)


def route_steps() -> list[tuple[int, str]]:
    """The eleven steps of the route (KPMG 2019), 0 to 10, as (number, "number. title")."""
    return [(step.number, f"{step.number}. {step.title}") for step in route().steps]


def rule_choices(*, municipality) -> list[tuple[str, str]]:
    return [
        (code, f"{title} ({code})")
        for code, title in Rule.objects.filter(municipality=municipality)
        .order_by("title")
        .values_list("code", "title")
    ]


def pillar_choices(*, municipality) -> list[tuple[int, str]]:
    return [
        (pillar.pk, pillar.display_name)
        for pillar in items_for(municipality=municipality, model=Pillar).order_by(
            "position", "name"
        )
    ]


@dataclass(frozen=True)
class StoryFilters:
    year: int | None = None
    pillar_id: int | None = None
    route_step: int | None = None
    rule_code: str = ""
    voice: str = ""
    kind: str = ""


def story_list(*, municipality, filters: StoryFilters) -> QuerySet[StoryPoint]:
    stories = StoryPoint.objects.filter(municipality=municipality).select_related("pillar")
    if filters.year:
        stories = stories.filter(month__year=filters.year)
    if filters.pillar_id:
        stories = stories.filter(pillar_id=filters.pillar_id)
    if filters.route_step is not None:
        stories = stories.filter(route_step=filters.route_step)
    if filters.rule_code:
        stories = stories.filter(rule_code=filters.rule_code)
    if filters.voice:
        stories = stories.filter(voice=filters.voice)
    if filters.kind:
        stories = stories.filter(kind=filters.kind)
    return stories.order_by("-month", "-pk")


@dataclass(frozen=True)
class StoriesBeside:
    """The stories that belong with one figure: those told about its route step, and for a
    figure per rule those tied to a rule. `link` is the query string of the full list."""

    stories: list[StoryPoint]
    more: int
    step: int | None
    per_rule: bool
    link: str


def stories_beside_figure(*, municipality, figure: Figure, year: int) -> StoriesBeside:
    step = int(figure.pillar_step) if figure.pillar_step.isdigit() else None
    per_rule = figure.extra == Breakdown.RULE
    match = Q(route_step=step) if step is not None else Q(pk__in=[])
    if per_rule:
        match |= ~Q(rule_code="")
    stories = StoryPoint.objects.filter(
        match, municipality=municipality, month__year=year
    ).select_related("pillar")
    found = list(stories.order_by("-month", "-pk")[: STORIES_BESIDE_A_FIGURE + 1])
    total = stories.count() if len(found) > STORIES_BESIDE_A_FIGURE else len(found)
    link = f"jaar={year}" + (f"&stap={step}" if step is not None and not per_rule else "")
    return StoriesBeside(
        with_rule_titles(found[:STORIES_BESIDE_A_FIGURE], municipality=municipality),
        total - min(total, STORIES_BESIDE_A_FIGURE),
        step,
        per_rule,
        link,
    )


def rule_titles(*, municipality) -> dict[str, str]:
    return dict(Rule.objects.filter(municipality=municipality).values_list("code", "title"))


def with_rule_titles(stories, *, municipality) -> list[StoryPoint]:
    """The stories with `rule_title` set: the rule's name as the screens show it."""
    stories = list(stories)
    titles = rule_titles(municipality=municipality) if any(s.rule_code for s in stories) else {}
    for story in stories:
        story.rule_title = titles.get(story.rule_code, story.rule_code)  # type: ignore[attr-defined]
    return stories


@dataclass(frozen=True)
class ExperienceTable:
    """One question: rows are the answers (yes, somewhat, no), columns the teams; suppressed."""

    field: str
    question: str
    answers: tuple[str, ...]
    teams: tuple[str, ...]
    table: Published

    @property
    def rows(self):
        return zip(self.answers, self.table.cells, self.table.row_totals, strict=True)


def experience_tables(*, municipality, year: int) -> tuple[int | None, list[ExperienceTable]]:
    """(how many answered, shown only when at least the threshold; the suppressed tables)."""
    answers = ExperienceAnswer.objects.filter(municipality=municipality, month__year=year)
    team_names = dict(
        Team.objects.filter(municipality=municipality).order_by("name").values_list("pk", "name")
    )
    found = sorted(set(answers.values_list("team_id", flat=True)))
    team_ids = [pk for pk in team_names if pk in found] + [
        pk for pk in found if pk not in team_names
    ]
    labels = tuple(team_names.get(pk, str(_("Team dat er niet meer is"))) for pk in team_ids)
    scale = [ExperienceScale.YES, ExperienceScale.SOMEWHAT, ExperienceScale.NO]
    limit = threshold()
    tables = []
    for field, question in EXPERIENCE_QUESTIONS:
        counted = Counter((row[field], row["team_id"]) for row in answers.values(field, "team_id"))
        counts = [[counted[(value, pk)] for pk in team_ids] for value in scale]
        tables.append(
            ExperienceTable(
                field,
                str(question),
                tuple(str(value.label) for value in scale),
                labels,
                publish(counts, threshold=limit),
            )
        )
    total = answers.count()
    return publish_single(total, threshold=limit), tables


def experience_invitation_open(*, case) -> ExperienceInvitation | None:
    return ExperienceInvitation.objects.filter(case=case, answered=False).first()


@dataclass(frozen=True)
class ExperienceMonths:
    """One question per month: rows are the answers (yes, somewhat, no), columns the months.

    The three questions are answered by the same households, so their month totals are the same
    numbers: the tables are suppressed together (`publish_linked`), and no table shows a month
    total another hides. The chart draws the share that answered "yes" in each month where both
    that count and the month's total are shown; it adds no number the table does not show."""

    field: str
    question: str
    answers: tuple[str, ...]
    months: tuple[date, ...]
    month_labels: tuple[str, ...]
    table: Published
    yes_shares: tuple[Share | None, ...]
    chart: LineChart
    axis: tuple[tuple[float, str], ...]

    @property
    def rows(self):
        return zip(self.answers, self.table.cells, self.table.row_totals, strict=True)


def _year_months(year: int, *, today: date) -> list[date]:
    _start, end = year_bounds(year, today=today)
    return [date(year, month, 1) for month in range(1, end.month + 1)]


def experience_months(*, municipality, year: int, today: date) -> list[ExperienceMonths]:
    """Per question the answers per month of the year, small numbers hidden (primary and
    secondary, as every insights table), with a line of the share "yes" per month."""
    months = _year_months(year, today=today)
    if not months:
        return []
    answers = ExperienceAnswer.objects.filter(
        municipality=municipality, month__gte=months[0], month__lte=months[-1]
    )
    scale = [ExperienceScale.YES, ExperienceScale.SOMEWHAT, ExperienceScale.NO]
    fields = [field for field, _question in EXPERIENCE_QUESTIONS]
    rows = list(answers.values("month", *fields))
    counts = {}
    for field in fields:
        counted = Counter((row[field], row["month"].replace(day=1)) for row in rows)
        counts[field] = [[counted[(value, month)] for month in months] for value in scale]
    published = publish_linked(counts, threshold=threshold())
    labels = tuple(_month_label(month) for month in months)
    result = []
    for field, question in EXPERIENCE_QUESTIONS:
        table = published[field]
        yes_row = table.cells[0]
        shares = tuple(
            Share(yes, total) if yes is not None and total else None
            for yes, total in zip(yes_row, table.column_totals, strict=True)
        )
        chart = line_chart(months, [cell_number(s) for s in shares], top=100.0)
        axis = tuple((label.x, text) for label, text in zip(chart.labels, labels, strict=True))
        result.append(
            ExperienceMonths(
                field,
                str(question),
                tuple(str(value.label) for value in scale),
                tuple(months),
                labels,
                table,
                shares,
                chart,
                axis,
            )
        )
    return result
