"""Outcome figures computed from execution rows: right numbers, small ones hidden."""

from datetime import date, timedelta

import pytest

from stabiel.cases.models import Contact
from stabiel.insights import outcomes
from stabiel.insights.outcomes import FIGURES, Breakdown, figure_tables
from stabiel.insights.suppression import Duration, Share
from stabiel.rules.models import Alert

from . import world as w

pytestmark = pytest.mark.django_db

JAN, FEB = date(2026, 1, 10), date(2026, 2, 10)
PERIOD = {"start": date(2026, 1, 1), "end": date(2026, 2, 28)}


@pytest.fixture
def place(catalogue, municipality):
    return w.world(municipality)


def test_signal_to_alert_median_and_small_numbers(place, municipality):
    for days in range(12):  # team 0, January: 0..11 days -> median 5.5
        w.alert(place, raised_on=JAN, signal_days_before=days)
    for _ in range(4):  # team 1, January: only four
        w.alert(place, team_index=1, raised_on=JAN, signal_days_before=30)
    w.refresh(municipality)
    tables = figure_tables("signal_to_alert", municipality=municipality, **PERIOD)
    team = tables[Breakdown.TEAM]
    assert team.cells[0][0] == Duration(12, 5.5)
    assert team.cells[1][0] is None  # four alerts: hidden
    assert team.column_totals[0] == Duration(16, 7.5)
    assert team.cells[0][1] is None  # no alerts in February
    assert outcomes.signal_to_alert_days(municipality=municipality, **PERIOD) == Duration(16, 7.5)
    # Narrowed to team 1: too few to show.
    assert (
        outcomes.signal_to_alert_days(municipality=municipality, team=place.teams[1], **PERIOD)
        is None
    )


def test_alerts_raised_suppresses_with_totals(place, municipality):
    for _ in range(15):
        w.alert(place, raised_on=JAN)
    for _ in range(12):
        w.alert(place, raised_on=FEB)
    for _ in range(3):
        w.alert(place, team_index=1, raised_on=FEB)
    w.refresh(municipality)
    tables = figure_tables("alerts_raised", municipality=municipality, **PERIOD)
    team = tables[Breakdown.TEAM]
    # Team 1 had 0 in January and 3 in February: hidden, and so is enough around them that the
    # totals do not give them back.
    assert team.cells[1] == (None, None)
    assert team.row_totals[1] is None
    grid = [list(r) for r in team.cells]
    assert all(v is None or v >= 10 for row in grid for v in row)
    assert team.grand_total == 30
    assert outcomes.alerts_raised(municipality=municipality, **PERIOD) == 30
    # The same months in every breakdown.
    district = tables[Breakdown.DISTRICT]
    assert district.column_totals == team.column_totals
    rules = dict(outcomes.alerts_per_rule(municipality=municipality, **PERIOD))
    assert 30 in rules.values()


def test_shares_of_cases(place, municipality):
    for index in range(24):
        made = w.alert(place, raised_on=JAN)
        case = w.triage(place, made, days_after=2)
        if index < 12:
            w.broad_look(place, case)
            w.plan(place, case)
            w.contact(
                place, case, kind=Contact.Kind.VISIT, due_on=JAN + timedelta(days=4), done=True
            )
        else:
            w.broad_look(place, case, domains=4)  # one core domain missing
    w.refresh(municipality)
    scope = {"municipality": municipality, **PERIOD}
    assert outcomes.broad_look_done(**scope) == Share(12, 24)
    assert outcomes.plan_with_case_lead(**scope) == Share(12, 24)
    assert outcomes.stacked_households_visited(**scope) == Share(12, 24)
    assert outcomes.alert_to_triage_days(**scope) == Duration(24, 2.0)
    assert outcomes.alert_to_first_contact_days(**scope) == Duration(12, 4.0)


def test_share_hidden_when_the_rest_is_small(place, municipality):
    for index in range(15):
        made = w.alert(place, raised_on=JAN)
        case = w.triage(place, made, days_after=1)
        if index < 12:
            w.broad_look(place, case)
    w.refresh(municipality)
    # 12 of 15: the three without are a small number, so the share is hidden.
    assert outcomes.broad_look_done(municipality=municipality, **PERIOD) is None


def test_check_ins_well_landed_and_relapse(place, municipality):
    closed_on = date(2026, 1, 20)
    for index in range(22):
        made = w.alert(place, raised_on=JAN)
        case = w.triage(place, made, days_after=1)
        w.contact(place, case, kind=Contact.Kind.CHECK_IN, due_on=FEB, done=index < 11)
        w.close(case, on=closed_on, well_landed=index < 20 or False)
        if index < 10:
            # the relapse rule raised an alert within the year for ten of them
            w.alert(
                place,
                raised_on=closed_on + timedelta(days=40),
                rule="terugval-na-goed-geland",
                house=case.household,
            )
    w.refresh(municipality, today=date(2026, 3, 1))
    scope = {"municipality": municipality, "today": date(2026, 3, 1), **PERIOD}
    tables = figure_tables("check_ins_kept", **scope)
    assert tables[Breakdown.TEAM].grand_total == Share(11, 22)
    # 20 of 22 closed well landed: the two others are a small number.
    assert outcomes.closed_well_landed(municipality=municipality, **PERIOD) is None
    relapse = figure_tables("relapse_within_year", **scope)[Breakdown.TEAM].grand_total
    assert relapse == Share(10, 20)


def test_other_municipality_counts_nothing(place, municipality, other_municipality):
    for _ in range(12):
        w.alert(place, raised_on=JAN)
    w.refresh(municipality)
    w.refresh(other_municipality)
    assert outcomes.alerts_raised(municipality=other_municipality, **PERIOD) is None
    assert Alert.objects.count() == 12


def test_every_figure_answers_for_an_empty_municipality(catalogue, municipality):
    for code in FIGURES:
        tables = figure_tables(code, municipality=municipality, **PERIOD)
        for table in tables.values():
            assert table.grand_total is None
            assert len(table.months) == 2


def test_period_must_not_end_before_it_starts(municipality):
    with pytest.raises(ValueError):
        outcomes.alerts_raised(municipality=municipality, start=FEB, end=JAN)


def test_triage_solved_with_own_strength_is_a_share_hidden_under_ten(place, municipality):
    from stabiel.cases.models import Triage

    for index in range(24):  # team 0, January: 10 of 24 solved with own strength
        made = w.alert(place, raised_on=JAN)
        w.triage(place, made, days_after=1, visit=index >= 10)
        if index < 10:
            Triage.objects.filter(alert=made).update(outcome=Triage.Outcome.OWN_STRENGTH)
    for _ in range(3):  # team 1: three triages only
        made = w.alert(place, team_index=1, raised_on=JAN)
        w.triage(place, made, days_after=1, visit=False)
    w.refresh(municipality)
    team = figure_tables("triage_own_strength", municipality=municipality, **PERIOD)[Breakdown.TEAM]
    assert team.cells[1][0] is None  # three triages: hidden
    total = outcomes.triage_own_strength(municipality=municipality, **PERIOD)
    assert isinstance(total, Share) and (total.part, total.whole) == (10, 27)
    assert (
        outcomes.triage_own_strength(municipality=municipality, team=place.teams[1], **PERIOD)
        is None
    )
