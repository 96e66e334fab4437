"""The free budget as aggregates (issue 20, part 5): per purpose and quarter, small numbers and
the amounts beside them hidden; no expense, worker or resident on the page."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import TeamFactory
from stabiel.insights.free_budget import free_budget_figures
from stabiel.safety import services

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def ledger(municipality, make_user):
    team = TeamFactory(municipality=municipality, name="Wijkteam Noord")
    lead = make_user(Role.TEAM_LEAD, teams=[team])
    worker = make_user(Role.ACCESS_WORKER, teams=[team])
    budget = services.free_budget_set(
        actor=lead, team=team.pk, year=LAST_YEAR, amount_cents=5000_00, purposes="Erger voorkomen"
    )
    # 12 to enable help in the first quarter, 3 to lower stress in the third.
    for n in range(12):
        services.free_budget_spend(
            actor=worker,
            budget=budget.pk,
            spent_on=date(LAST_YEAR, 2, 1 + n),
            amount_cents=10_00,
            purpose="enable_help",
            what="Buskaart naar de behandeling",
        )
    for n in range(3):
        services.free_budget_spend(
            actor=worker,
            budget=budget.pk,
            spent_on=date(LAST_YEAR, 8, 1 + n),
            amount_cents=7_77,
            purpose="less_stress",
            what="Wasmachine gerepareerd",
        )
    return budget


def test_small_purposes_and_their_amounts_are_hidden(municipality, ledger):
    figures = free_budget_figures(municipality=municipality, year=LAST_YEAR)
    rows = {r.label: r for r in figures.rows}
    help_row = rows["Hulp of behandeling mogelijk maken"]
    stress_row = rows["Stress verminderen"]
    assert help_row.spends == 12 and help_row.amount_cents == 120_00
    assert help_row.quarters[0] == 12
    assert stress_row.spends is None and stress_row.amount_cents is None
    # The total would give away the hidden amount by subtraction: hidden too.
    assert figures.spent_cents is None
    assert figures.teams_with_budget == 1 and figures.budget_cents == 5000_00


def test_the_policy_adviser_sees_totals_never_an_expense(client, make_user, municipality, ledger):
    client.force_login(make_user(Role.POLICY_ADVISER))
    page = client.get(reverse("insights:safety"), {"jaar": LAST_YEAR}).content.decode()
    assert "Vrij budget van de toegang" in page
    assert "€ 120,00" in page
    assert "Buskaart" not in page and "Wasmachine" not in page and "7,77" not in page


def test_an_empty_year_shows_nothing_and_no_error(client, make_user, municipality):
    client.force_login(make_user(Role.TEAM_LEAD))
    response = client.get(reverse("insights:safety"), {"jaar": "twintig"})
    assert response.status_code == 200
