"""Measured beside scored: the figures of issue 16's steps, read through stabiel.insights only,
hidden when they rest on fewer than 10 cases."""

from datetime import date

import pytest
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
