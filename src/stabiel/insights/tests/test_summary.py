"""The kept monthly rows give exactly what a direct count of the execution rows gives."""

import random
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stabiel.cases.models import Contact
from stabiel.insights import summary
from stabiel.insights.models import OutcomeCount, OutcomeRefresh
from stabiel.insights.outcomes import FIGURES, Breakdown, figure_tables, live_figure_tables
from stabiel.insights.suppression import publish_duration, publish_duration_counts

from . import world as w

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 20)
RULES = ["rode-vlaggen-langsgaan", "drie-beschikkingen", "terugval-na-goed-geland"]


def _random_world(municipality, seed: int):
    """Months of alerts over three teams and rules, with cases, contacts and closings."""
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    place = w.world(municipality, teams=3)
    for _ in range(260):
        raised = date(2025, 11, 1) + timedelta(days=rng.randrange(0, 200))
        made = w.alert(
            place,
            team_index=rng.choice([0, 0, 1, 2]),
            raised_on=raised,
            rule=rng.choice(RULES),
            signal_days_before=rng.choice([None, 0, 1, 2, 3, 5, 8, 13]),
        )
        if rng.random() < 0.7:
            case = w.triage(place, made, days_after=rng.randrange(0, 6), visit=rng.random() < 0.7)
            if case is None:
                continue
            w.broad_look(place, case, domains=rng.choice([4, 5, 5]))
            if rng.random() < 0.6:
                w.plan(place, case)
            w.contact(
                place,
                case,
                kind=Contact.Kind.CHECK_IN,
                due_on=raised + timedelta(days=rng.randrange(10, 60)),
                done=rng.random() < 0.6,
            )
            if rng.random() < 0.5:
                w.close(
                    case,
                    on=raised + timedelta(days=rng.randrange(5, 40)),
                    well_landed=rng.random() < 0.7,
                )
    return place


def _same(kept, live):
    assert kept.keys() == live.keys()
    for breakdown, table in live.items():
        other = kept[breakdown]
        assert other.labels == table.labels, breakdown
        assert other.months == table.months
        assert other.cells == table.cells, (breakdown, table.figure.code)
        assert other.row_totals == table.row_totals
        assert other.column_totals == table.column_totals
        assert other.grand_total == table.grand_total


@pytest.mark.parametrize("seed", [1, 2])
def test_kept_rows_equal_the_direct_count(catalogue, municipality, seed, settings):
    settings.INSIGHTS_SMALL_NUMBER_THRESHOLD = 3  # small enough that many cells show
    place = _random_world(municipality, seed)
    w.refresh(municipality, today=TODAY)
    assert OutcomeCount.objects.filter(municipality=municipality).exists()
    scopes = [
        {"start": date(2025, 11, 1), "end": TODAY},
        {"start": date(2026, 1, 1), "end": date(2026, 3, 31)},
        {"start": date(2025, 11, 1), "end": TODAY, "team": place.teams[0]},
        {"start": date(2025, 11, 1), "end": TODAY, "area": place.districts[1]},
    ]
    shown = 0
    for scope in scopes:
        for code in FIGURES:
            args = {"municipality": municipality, "today": TODAY, **scope}
            live = live_figure_tables(code, **args)
            kept = figure_tables(code, **args)
            _same(kept, live)
            shown += sum(c is not None for t in live.values() for row in t.cells for c in row)
    assert shown > 50  # the comparison saw real numbers, not only hidden cells


def test_a_duration_breakdown_alone_equals_the_full_table(catalogue, municipality):
    _random_world(municipality, 3)
    w.refresh(municipality, today=TODAY)
    args = {"municipality": municipality, "start": date(2025, 11, 1), "end": TODAY}
    full = figure_tables("signal_to_alert", **args)
    for breakdown in (Breakdown.TEAM, Breakdown.DISTRICT, Breakdown.RULE):
        alone = figure_tables("signal_to_alert", breakdowns=[breakdown], **args)
        assert list(alone) == [breakdown]
        assert alone[breakdown] == full[breakdown]
    total = summary.summary_total("signal_to_alert", **args)
    assert total == full[Breakdown.TEAM].grand_total


def test_nothing_shows_before_the_first_refresh(catalogue, municipality):
    place = w.world(municipality)
    for _ in range(15):
        w.alert(place, raised_on=date(2026, 1, 5))
    args = {"municipality": municipality, "start": date(2026, 1, 1), "end": date(2026, 2, 28)}
    assert figure_tables("alerts_raised", **args)[Breakdown.TEAM].grand_total is None
    assert summary.last_refresh(municipality) is None
    w.refresh(municipality, today=TODAY)
    assert figure_tables("alerts_raised", **args)[Breakdown.TEAM].grand_total == 15
    kept = summary.last_refresh(municipality)
    assert kept.first_month == date(2026, 1, 1) and kept.last_month == date(2026, 6, 1)


def test_refresh_again_gives_the_same_rows_and_later_ones_renew_recent_months(
    catalogue, municipality
):
    place = w.world(municipality)
    for month in (1, 2, 3):
        for _ in range(12):
            w.alert(place, raised_on=date(2024, month, 3))
    w.refresh(municipality, today=TODAY)
    first = set(OutcomeCount.objects.values_list("figure", "month", "team_id", "extra", "count"))
    w.refresh(municipality, today=TODAY)
    again = set(OutcomeCount.objects.values_list("figure", "month", "team_id", "extra", "count"))
    assert first == again
    # A later run renews from January of last year: older months keep their rows, even if the
    # execution rows behind them change (they are final by then).
    for _ in range(12):
        w.alert(place, raised_on=date(2024, 1, 4))
        w.alert(place, raised_on=date(2026, 5, 4))
    result = w.refresh(municipality, today=TODAY)
    assert result.first_month == date(2025, 1, 1)
    args = {"municipality": municipality, "today": TODAY}
    jan24 = {"start": date(2024, 1, 1), "end": date(2024, 1, 31)}
    may26 = {"start": date(2026, 5, 1), "end": date(2026, 5, 31)}
    assert figure_tables("alerts_raised", **args, **jan24)[Breakdown.TEAM].grand_total == 12
    assert figure_tables("alerts_raised", **args, **may26)[Breakdown.TEAM].grand_total == 12
    summary.refresh(municipality=municipality, today=TODAY, since=date(2024, 1, 1))
    assert figure_tables("alerts_raised", **args, **jan24)[Breakdown.TEAM].grand_total == 24


def test_a_neighbourhood_scope_is_refused(catalogue, municipality):
    place = w.world(municipality)
    with pytest.raises(ValueError):
        figure_tables(
            "alerts_raised",
            municipality=municipality,
            start=date(2026, 1, 1),
            end=date(2026, 1, 31),
            area=place.neighbourhoods[0],
        )


def test_median_from_counts_equals_median_from_days():
    rng = random.Random(7)  # noqa: S311 - test data, not security
    for _ in range(300):
        days = [rng.randrange(0, 40) for _ in range(rng.randrange(0, 30))]
        counts: dict[int, int] = {}
        for d in days:
            counts[d] = counts.get(d, 0) + 1
        for limit in (1, 5, 10):
            assert publish_duration_counts(counts, threshold=limit) == publish_duration(
                days, threshold=limit
            )
    with pytest.raises(ValueError):
        publish_duration_counts({3: -1}, threshold=1)


def test_command_refreshes_every_municipality(catalogue, municipality, other_municipality):
    place = w.world(municipality)
    for _ in range(11):
        w.alert(place, raised_on=date(2026, 1, 5))
    out = StringIO()
    call_command("insights_refresh", stdout=out)
    assert OutcomeRefresh.objects.count() == 2
    assert municipality.name in out.getvalue()
    call_command("insights_refresh", "--gemeente", municipality.cbs_code.lower(), stdout=out)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--gemeente", "GM0000"], "Onbekende gemeente"),
        (["--vanaf", "januari"], "Schrijf --vanaf als jaar-maand"),
        (["--vanaf", "2025-13"], "Schrijf --vanaf als jaar-maand"),
        (["--vanaf", "2999-01"], "in de toekomst"),
    ],
)
def test_command_bad_input_changes_nothing(catalogue, municipality, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("insights_refresh", *options, stdout=StringIO())
    assert not OutcomeRefresh.objects.exists()
    assert not OutcomeCount.objects.exists()


def test_published_tables_equal_the_tables_of_the_kept_rows(catalogue, municipality, settings):
    settings.INSIGHTS_SMALL_NUMBER_THRESHOLD = 3
    _random_world(municipality, 4)
    w.refresh(municipality, today=TODAY)
    totals = summary.published_totals(municipality=municipality, year=2026)
    assert totals is not None
    for year in (2025, 2026):
        start, end = summary.year_bounds(year, today=TODAY)
        for code in FIGURES:
            kept = figure_tables(code, municipality=municipality, start=start, end=end, today=TODAY)
            published = summary.published_tables(code, municipality=municipality, year=year)
            assert published == kept
            if year == 2026:
                assert totals[code] == kept[Breakdown.TEAM].grand_total
    assert summary.published_tables("alerts_raised", municipality=municipality, year=2020) is None
