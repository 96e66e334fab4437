"""Measured beside scored: the figures of issue 16's steps, read through stabiel.insights only,
hidden when they rest on fewer than 10 cases."""

import datetime
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.assessment import measured
from stabiel.insights.outcomes import FIGURES
from stabiel.insights.suppression import Duration, Share

from .factories import invite, score_all, start_round


def test_every_step_of_the_issue_has_an_insights_figure():
    steps = {step for steps, _function, _code in measured.MEASURED_STEPS for step in steps}
    assert steps == {1, 2, 4, 5, 6, 7, 8, 9, 10}
    assert all(code in FIGURES for _steps, _function, code in measured.MEASURED_STEPS)


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (date(2027, 3, 15), date(2026, 3, 1), date(2027, 2, 28)),  # twelve whole months before
        (date(2027, 1, 1), date(2026, 1, 1), date(2026, 12, 31)),  # across the year end
    ],
)
def test_period_is_the_last_twelve_whole_months(today, start, end):
    assert measured.twelve_months(today) == (start, end)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Duration(count=14, median_days=3.0), "mediaan 3 dagen (bij 14)"),  # a median of days
        (Duration(count=12, median_days=2.5), "mediaan 2,5 dagen (bij 12)"),  # decimal comma
        (Share(part=27, whole=42), "64% (27 van 42)"),  # a share, rounded
    ],
)
def test_figures_in_words(value, words):
    assert measured.describe(value) == words


@pytest.mark.django_db
def test_without_execution_data_every_figure_is_hidden(municipality):
    figures = measured.measured_for(municipality=municipality, today=date(2027, 3, 15))
    assert len(figures) == 7
    assert all(f.hidden and f.value.startswith("verborgen") for f in figures)


@pytest.mark.django_db
def test_results_page_shows_figures_beside_the_score(client, make_user, catalogue, monkeypatch):
    adviser = make_user(Role.POLICY_ADVISER)
    the_round = start_round(adviser)
    score_all(invite(adviser, the_round), {"brede-blik": 4}, default=3)

    def fake(code, **kwargs):
        return {"broad_look_done": Share(part=30, whole=40)}.get(code)

    monkeypatch.setattr(measured, "figure_value", fake)
    client.force_login(adviser)
    html = client.get(reverse("assessment:round-results", args=[the_round.pk])).content.decode()
    assert "Gemeten naast gescoord" in html
    assert "75% (30 van 40)" in html
    assert "Handelen met een brede blik: 4,0" in html
    assert html.count("verborgen: te weinig om te tonen") == 6


# With real execution rows: the figures come from the database through stabiel.insights, no
# stand-in for the figure function. The rows are made by the insights app's own test helpers.

MARCH_2026 = datetime.datetime(2026, 3, 15, 12, tzinfo=datetime.UTC)  # period: 03-2025 .. 02-2026


def _cases(place, count: int, *, complete: int, raised_on=date(2026, 1, 10)):
    """``count`` alerts triaged into a case two days later, the signal three days before the
    alert; ``complete`` of them with the broad look on all core domains and a plan."""
    from stabiel.insights.tests import world as w

    for index in range(count):
        made = w.alert(place, raised_on=raised_on)
        case = w.triage(place, made, days_after=2)
        if index < complete:
            w.broad_look(place, case)
            w.plan(place, case)
        else:
            w.broad_look(place, case, domains=4)  # one core domain missing


@pytest.mark.django_db
def test_real_rows_give_real_figures_on_the_results_page(client, make_user, catalogue):
    from stabiel.insights.tests import world as w

    adviser = make_user(Role.POLICY_ADVISER)
    place = w.world(adviser.municipality)
    _cases(place, 24, complete=12)
    # outside the twelve months: not counted
    _cases(place, 5, complete=5, raised_on=date(2024, 6, 1))
    with time_machine.travel(MARCH_2026):
        w.refresh(adviser.municipality)
        figures = {f.code: f for f in measured.measured_for(municipality=adviser.municipality)}
        assert figures["signal_to_alert"].value == "mediaan 3 dagen (bij 24)"
        assert figures["alert_to_triage"].value == "mediaan 2 dagen (bij 24)"
        assert figures["broad_look_done"].value == "50% (12 van 24)"
        assert figures["plan_with_case_lead"].value == "50% (12 van 24)"
        # nothing behind these yet: hidden, not zero
        for code in ("early_warning_contacted", "check_ins_kept", "relapse_within_year"):
            assert figures[code].hidden and figures[code].value.startswith("verborgen")

        the_round = start_round(adviser)
        score_all(invite(adviser, the_round), {"brede-blik": 2}, default=3)
        client.force_login(adviser)
        url = reverse("assessment:round-results", args=[the_round.pk])
        html = client.get(url).content.decode()
    assert "Gemeten naast gescoord" in html
    for words in ("mediaan 3 dagen (bij 24)", "mediaan 2 dagen (bij 24)", "50% (12 van 24)"):
        assert words in html
    assert html.count("50% (12 van 24)") == 2
    assert "Handelen met een brede blik: 2,0" in html
    assert html.count("verborgen: te weinig om te tonen") == 3


@pytest.mark.django_db
def test_real_rows_under_ten_stay_hidden(municipality, catalogue, other_municipality):
    from stabiel.insights.tests import world as w

    place = w.world(municipality)
    _cases(place, 9, complete=9)  # nine cases: every figure rests on fewer than ten
    # 12 of 15 with the broad look: the three without are a small number, so hidden too
    other = w.world(other_municipality)
    _cases(other, 15, complete=12)
    with time_machine.travel(MARCH_2026):
        w.refresh(municipality)
        w.refresh(other_municipality)
        mine = measured.measured_for(municipality=municipality)
        theirs = {f.code: f for f in measured.measured_for(municipality=other_municipality)}
    assert all(f.hidden and f.value == "verborgen: te weinig om te tonen" for f in mine)
    assert theirs["broad_look_done"].hidden
    assert theirs["plan_with_case_lead"].hidden
    # the medians rest on 15 cases each and show; the other municipality's nine do not count
    assert theirs["alert_to_triage"].value == "mediaan 2 dagen (bij 15)"
