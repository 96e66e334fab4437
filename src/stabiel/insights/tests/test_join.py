"""Issue 17, points 4 and 5: a plan's red flags and measures read outcome figures, and
municipalities that opt in see each other's figures, always with small numbers hidden."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory
from stabiel.catalogue.models import SignalType
from stabiel.insights import queries
from stabiel.insights.models import Comparison
from stabiel.insights.outcomes import FIGURES, Kind
from stabiel.insights.summary import red_flag_alerts
from stabiel.insights.suppression import Share

from . import world as w
from .test_views import _busy

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 15)
COUNT = re.compile(r'<data value="(\d+)" class="stabiel-count">')


@pytest.fixture
def busy(catalogue, municipality):
    with time_machine.travel(datetime(2026, 11, 15, 12, tzinfo=UTC), tick=False):
        yield _busy(municipality)


def _flag_types():
    """Two signal types of the catalogue with different red-flag types."""
    found = {}
    for signal_type in SignalType.objects.filter(
        municipality__isnull=True, red_flag_type__isnull=False
    ):
        found.setdefault(signal_type.red_flag_type_id, signal_type)
    first, second = list(found.values())[:2]
    return first, second


# A plan's red flag: alerts per red-flag type ----------------------------------------------------


def test_red_flag_alerts_counts_alerts_per_flag_type_and_hides_small_ones(catalogue, municipality):
    place = w.world(municipality)
    many, few = _flag_types()
    place.signal_type = many
    for day in range(12):
        w.alert(place, raised_on=date(2026, 2, 1 + day))
    place.signal_type = few
    for day in range(3):
        w.alert(place, raised_on=date(2026, 3, 1 + day))
    w.alert(place, raised_on=date(2025, 3, 1))  # another year
    w.refresh(municipality, today=TODAY)
    counts = red_flag_alerts(
        municipality=municipality,
        year=2026,
        red_flag_types=[many.red_flag_type_id, few.red_flag_type_id, 999999],
    )
    assert counts == {many.red_flag_type_id: 12, few.red_flag_type_id: None, 999999: None}
    assert red_flag_alerts(municipality=municipality, year=2026, red_flag_types=[]) == {}
    # another municipality reads nothing of these
    other = MunicipalityFactory()
    assert red_flag_alerts(
        municipality=other, year=2026, red_flag_types=[many.red_flag_type_id]
    ) == {many.red_flag_type_id: None}


# A measure's indicator: a figure over the year ------------------------------------------------


@pytest.mark.parametrize("code", list(FIGURES))
def test_series_per_month_is_the_figure_pages_month_totals(busy, code):
    series = queries.figure_series(
        municipality=busy.municipality, code=code, year=2026, per="maand", today=TODAY
    )
    page = queries.figure_view(
        municipality=busy.municipality,
        code=code,
        breakdown=queries.Breakdown.TEAM,
        year=2026,
        today=TODAY,
    )
    assert [p.cell for p in series.points] == list(page.table.column_totals)
    assert len(series.axis) == len(series.points) == 11


@pytest.mark.parametrize("code", list(FIGURES))
def test_a_quarter_shows_only_when_all_its_months_show(busy, code):
    months = queries.figure_series(
        municipality=busy.municipality, code=code, year=2026, per="maand", today=TODAY
    ).points
    quarters = queries.figure_series(
        municipality=busy.municipality, code=code, year=2026, per="kwartaal", today=TODAY
    ).points
    assert [q.label for q in quarters] == ["K1", "K2", "K3", "K4"]
    for number, quarter in enumerate(quarters):
        cells = [m.cell for m in months[number * 3 : number * 3 + 3]]
        if any(c is None for c in cells):
            assert quarter.cell is None  # else the hidden month is the quarter minus the others
        elif FIGURES[code].kind == Kind.COUNT:
            assert quarter.cell == sum(cells)
        elif FIGURES[code].kind == Kind.SHARE:
            assert quarter.cell == Share(sum(c.part for c in cells), sum(c.whole for c in cells))
        else:
            assert quarter.cell.count == sum(c.count for c in cells)
    if code == "alerts_raised":
        assert quarters[0].cell == 17 + 12 + 32
        assert quarters[1].cell is None  # April had 2


# Between municipalities ---------------------------------------------------------------------


def _page(client, **query):
    url = reverse("insights:compare")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_not_opted_in_sees_nothing_of_others(client, make_user, busy):
    other = MunicipalityFactory(name="Zeewolde-Oost")
    Comparison.objects.create(municipality=other, opted_in=True)
    client.force_login(make_user(Role.POLICY_ADVISER))
    text = _page(client, jaar=2026)
    assert "doet niet mee" in text
    assert "Zeewolde-Oost" not in text
    assert not COUNT.findall(text)


def test_opted_in_sees_only_others_that_opted_in_and_no_small_number(client, make_user, busy):
    inside = MunicipalityFactory(name="Zeewolde-Oost")
    outside = MunicipalityFactory(name="Dalfsen-Noord")
    w.refresh(inside, today=TODAY)
    Comparison.objects.create(municipality=busy.municipality, opted_in=True)
    Comparison.objects.create(municipality=inside, opted_in=True)
    Comparison.objects.create(municipality=outside, opted_in=False)
    client.force_login(make_user(Role.TEAM_LEAD))
    shown_any = False
    for code in FIGURES:
        text = _page(client, cijfer=code, jaar=2026)
        assert "Zeewolde-Oost" in text
        assert busy.municipality.name in text
        assert "Dalfsen-Noord" not in text
        counts = [int(n) for n in COUNT.findall(text)]
        assert all(n >= 10 for n in counts), (code, counts)
        shown_any = shown_any or bool(counts)
        for house in busy.households:
            assert house.label not in text
    assert shown_any
    # the other municipality's row: nothing there, so every cell hidden
    view = queries.comparison(
        municipality=busy.municipality, code="alerts_raised", year=2026, today=TODAY
    )
    assert view.rows[0].name == busy.municipality.name
    other_row = view.rows[1]
    assert all(c is None for c in other_row.cells) and other_row.total is None


def test_unknown_figure_code_on_the_comparison_gets_a_message(client, make_user, busy):
    Comparison.objects.create(municipality=busy.municipality, opted_in=True)
    client.force_login(make_user(Role.POLICY_ADVISER))
    text = _page(client, cijfer="bestaat-niet", jaar="abc")
    assert "Dat cijfer kennen we niet" in text
    assert "Vul een jaar in als getal" in text


@pytest.mark.parametrize("role", [Role.FUNCTIONAL_ADMIN, Role.POLICY_ADVISER])
def test_admin_or_adviser_opts_in_and_out(client, make_user, municipality, role):
    user = make_user(role)
    client.force_login(user)
    url = reverse("insights:compare-setting")
    assert client.get(url).status_code == 200
    response = client.post(url, {"meedoen": "ja"})
    assert response.status_code == 302
    choice = Comparison.objects.get(municipality=municipality)
    assert choice.opted_in and choice.changed_by == user
    client.post(url, {"meedoen": "nee"})
    assert not Comparison.objects.get(municipality=municipality).opted_in


@pytest.mark.parametrize(("value", "message"), [("misschien", "Kies ja of nee."), ("", "Kies of")])
def test_bad_choice_is_refused_and_nothing_stored(client, make_user, municipality, value, message):
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    response = client.post(reverse("insights:compare-setting"), {"meedoen": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comparison.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.TEAM_LEAD, Role.ACCESS_WORKER, Role.PRIVACY_OFFICER, Role.PARTNER_REPORTER]
)
def test_other_roles_may_not_opt_in(client, make_user, municipality, role):
    client.force_login(make_user(role, partner_organisation="Partner"))
    url = reverse("insights:compare-setting")
    assert client.get(url).status_code == 403
    assert client.post(url, {"meedoen": "ja"}).status_code == 403
    assert not Comparison.objects.exists()


def test_functional_admin_may_set_but_not_read_the_comparison(client, make_user, municipality):
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    assert client.get(reverse("insights:compare")).status_code == 403


def test_overview_shows_the_early_warning_figures_apart(client, make_user, busy):
    client.force_login(make_user(Role.POLICY_ADVISER))
    text = client.get(reverse("insights:outcomes") + "?jaar=2026").content.decode()
    assert 'id="vroegsignalering"' in text
    for code in (
        "early_warning_signals",
        "early_warning_reports",
        "early_warning_several_creditors",
    ):
        assert reverse("insights:outcome-figure", args=[code]) in text
