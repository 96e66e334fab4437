"""The team's free budget: set by the team lead, spent by workers without forms or names,
evaluated after the year. Every bad input gets a Dutch message and stores nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import TeamFactory
from stabiel.safety import services
from stabiel.safety.forms import EuroField
from stabiel.safety.models import FreeBudget, FreeBudgetSpend

pytestmark = pytest.mark.django_db
URL = reverse("safety:free-budget")
TODAY = timezone.localdate()
THIS_YEAR = TODAY.year


@pytest.fixture
def team(municipality):
    return TeamFactory(municipality=municipality, name="Wijkteam Noord")


@pytest.fixture
def lead(make_user, team):
    return make_user(Role.TEAM_LEAD, teams=[team])


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.ACCESS_WORKER, teams=[team])


@pytest.fixture
def budget(lead, team):
    return services.free_budget_set(
        actor=lead, team=team.pk, year=THIS_YEAR, amount_cents=100_00, purposes="Erger voorkomen"
    )


def spend(actor, budget, **kwargs):
    data = {
        "budget": budget.pk,
        "spent_on": TODAY,
        "amount_cents": 25_00,
        "purpose": "enable_help",
        "what": "OV-kaart naar de behandeling",
    }
    data.update(kwargs)
    return services.free_budget_spend(actor=actor, **data)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("25", 2500),
        ("12,50", 1250),
        ("€ 1.250,50", 125050),
        ("2.500", 250000),
        ("7.5", 750),
        ("12.50", 1250),
        ("0,01", 1),
    ],
)
def test_amounts_are_read_as_people_write_them(text, cents):
    assert EuroField().clean(text) == cents


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("twintig", "Vul een bedrag in euro in"),
        ("-5", "Vul een bedrag in euro in"),
        ("12,505", "Vul een bedrag in euro in"),
        ("0", "meer dan 0 euro"),
        ("9999999999", "Vul een bedrag in euro in"),
    ],
)
def test_a_wrong_amount_gets_a_plain_message(text, message):
    from django import forms

    with pytest.raises(forms.ValidationError) as error:
        EuroField().clean(text)
    assert message in str(error.value)


def test_a_worker_spends_and_the_ledger_adds_up(budget, worker, client):
    spend(worker, budget)
    spend(worker, budget, amount_cents=30_00, purpose="less_stress", what="Boodschappen")
    client.force_login(worker)
    body = client.get(URL).content.decode()
    assert "€ 100,00" in body and "€ 55,00" in body and "€ 45,00" in body
    assert "OV-kaart naar de behandeling" in body and "Stress verminderen" in body
    # A worker sees no form to set or evaluate the budget.
    assert "budget-amount_cents" not in body and "evaluation-text" not in body


def test_spending_more_than_is_left_is_refused(budget, worker):
    spend(worker, budget, amount_cents=90_00)
    with pytest.raises(services.SafetyInputError, match="nog € 10,00 over"):
        spend(worker, budget, amount_cents=10_01)
    assert FreeBudgetSpend.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"what": "Fiets voor mevrouw Jansen"}, "noemt iemand bij naam"),
        ({"what": "Reiskosten, BSN 111222333"}, "BSN"),
        ({"what": "Boodschappen voor HH-00012"}, "huishoudcode"),
        ({"what": "Slot voor Dorpsstraat 12"}, "adres"),
        ({"what": "   "}, "Vul wat er gekocht of betaald is in"),
        ({"spent_on": TODAY + timedelta(days=1)}, "toekomst"),
        ({"spent_on": date(THIS_YEAR - 1, 12, 31)}, f"Kies een datum in {THIS_YEAR}"),
        ({"purpose": "cadeau"}, "Kies een waarde uit de lijst"),
    ],
)
def test_bad_spends_are_refused_and_nothing_is_stored(budget, worker, change, message):
    with pytest.raises(services.SafetyInputError, match=message):
        spend(worker, budget, **change)
    assert not FreeBudgetSpend.objects.exists()


def test_another_teams_budget_cannot_be_spent(budget, make_user, municipality):
    outsider = make_user(Role.ACCESS_WORKER, teams=[TeamFactory(municipality=municipality)])
    with pytest.raises(services.SafetyInputError, match="hoort niet bij uw team"):
        spend(outsider, budget)
    other_municipality_worker = make_user(Role.ACCESS_WORKER)
    with pytest.raises(services.SafetyInputError, match="hoort niet bij uw team"):
        spend(other_municipality_worker, budget)
    assert not FreeBudgetSpend.objects.exists()


def test_only_the_team_lead_of_the_team_sets_the_budget(team, worker, make_user, municipality):
    with pytest.raises(services.SafetyInputError, match="Alleen de teamleider"):
        services.free_budget_set(
            actor=worker, team=team.pk, year=THIS_YEAR, amount_cents=100, purposes="x"
        )
    other_lead = make_user(Role.TEAM_LEAD, teams=[TeamFactory(municipality=municipality)])
    with pytest.raises(services.SafetyInputError, match="eigen team"):
        services.free_budget_set(
            actor=other_lead, team=team.pk, year=THIS_YEAR, amount_cents=100, purposes="x"
        )
    assert not FreeBudget.objects.exists()


def test_the_budget_cannot_drop_below_what_was_spent(budget, lead, worker, team):
    spend(worker, budget, amount_cents=60_00)
    with pytest.raises(services.SafetyInputError, match="al € 60,00 uitgegeven"):
        services.free_budget_set(
            actor=lead, team=team.pk, year=THIS_YEAR, amount_cents=50_00, purposes="x"
        )
    budget.refresh_from_db()
    assert budget.amount_cents == 100_00 and budget.purposes == "Erger voorkomen"
    services.free_budget_set(
        actor=lead, team=team.pk, year=THIS_YEAR, amount_cents=200_00, purposes="Meer"
    )
    budget.refresh_from_db()
    assert budget.amount_cents == 200_00 and FreeBudget.objects.count() == 1


def test_evaluation_only_after_the_year_and_without_names(budget, lead, team):
    with pytest.raises(services.SafetyInputError, match=f"1 januari {THIS_YEAR + 1}"):
        services.free_budget_evaluate(actor=lead, budget=budget.pk, text="Goed besteed.")
    last = services.free_budget_set(
        actor=lead, team=team.pk, year=THIS_YEAR - 1, amount_cents=50_00, purposes="Erger voorkomen"
    )
    with pytest.raises(services.SafetyInputError, match="bij naam"):
        services.free_budget_evaluate(actor=lead, budget=last.pk, text="Goed voor familie Jansen.")
    last.refresh_from_db()
    assert last.evaluation == "" and last.evaluated_on is None
    services.free_budget_evaluate(actor=lead, budget=last.pk, text="Weinig gebruikt; vaker doen.")
    last.refresh_from_db()
    assert last.evaluated_on == TODAY and last.evaluated_by == lead


def test_the_team_lead_sets_spends_and_evaluates_on_screen(lead, team, client):
    client.force_login(lead)
    # Bad input on the screen: a message, nothing stored.
    response = client.post(
        f"{URL}?jaar={THIS_YEAR}",
        {
            "budget-team": team.pk,
            "budget-year": THIS_YEAR,
            "budget-amount_cents": "veel",
            "budget-purposes": "Erger voorkomen",
        },
    )
    assert response.status_code == 200
    assert "Vul een bedrag in euro in" in response.content.decode()
    assert not FreeBudget.objects.exists()
    response = client.post(
        f"{URL}?jaar={THIS_YEAR}",
        {
            "budget-team": team.pk,
            "budget-year": THIS_YEAR,
            "budget-amount_cents": "2.500",
            "budget-purposes": "Erger voorkomen",
        },
    )
    assert response.status_code == 302
    budget = FreeBudget.objects.get()
    assert budget.amount_cents == 250000 and budget.team == team
    # The lead can spend too (a team lead is part of the team).
    response = client.post(
        f"{URL}?jaar={THIS_YEAR}",
        {
            "spend-budget": budget.pk,
            "spend-spent_on": TODAY.strftime("%d-%m-%Y"),
            "spend-amount_cents": "3000",
            "spend-purpose": "prevent_worse",
            "spend-what": "Huur van een week",
        },
    )
    assert "nog € 2.500,00 over" in response.content.decode()
    assert not FreeBudgetSpend.objects.exists()
    response = client.post(
        f"{URL}?jaar={THIS_YEAR}",
        {
            "spend-budget": budget.pk,
            "spend-spent_on": TODAY.strftime("%d-%m-%Y"),
            "spend-amount_cents": "30",
            "spend-purpose": "prevent_worse",
            "spend-what": "Huur van een week",
        },
    )
    assert response.status_code == 302
    assert "€ 2.470,00" in client.get(URL).content.decode()
    # This year's budget cannot be evaluated yet: the form is not even offered.
    assert "evaluation-text" not in client.get(URL).content.decode()
    last = services.free_budget_set(
        actor=lead, team=team.pk, year=THIS_YEAR - 1, amount_cents=100, purposes="Erger voorkomen"
    )
    response = client.post(
        f"{URL}?jaar={THIS_YEAR - 1}",
        {"evaluation-budget": last.pk, "evaluation-text": "Weinig gebruikt."},
    )
    assert response.status_code == 302
    body = client.get(f"{URL}?jaar={THIS_YEAR - 1}").content.decode()
    assert "Weinig gebruikt." in body and "Vastgelegd op" in body


@pytest.mark.parametrize("role", [Role.POLICY_ADVISER, Role.PARTNER_REPORTER, Role.PRIVACY_OFFICER])
def test_roles_without_a_team_budget_are_refused(make_user, client, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403


def test_the_demo_has_a_budget_with_spends_and_last_years_evaluation(municipality, lead, worker):
    from stabiel.safety.demo import free_budget_demo_load

    lead.username, worker.username = "teamleider", "toegang"
    lead.save()
    worker.save()
    team = lead.teams.get()
    team.name = "Wijkteam Zeist-Oost"
    team.save()
    assert free_budget_demo_load(municipality) is True
    assert free_budget_demo_load(municipality) is False  # idempotent
    assert FreeBudget.objects.filter(team=team).count() == 2
    assert FreeBudget.objects.get(year=THIS_YEAR - 1).evaluation
    assert FreeBudgetSpend.objects.count() == 30
