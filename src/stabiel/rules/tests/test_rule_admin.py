"""Rule management: who may, the list, a rule's page, and making a new version (and bad input)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import TeamFactory
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert, Rule, RuleVersion
from stabiel.rules.services import rule_version_create, rules_seed
from stabiel.signals.services import decision_record
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
TODAY = date(2026, 6, 15)
SEEDED_ON = date(2025, 1, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rules(catalogue, municipality):
    rules_seed(municipality=municipality, in_force_from=SEEDED_ON)
    return {rule.code: rule for rule in Rule.objects.filter(municipality=municipality)}


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


def urls(rule):
    return [
        reverse("rules:rule-list"),
        reverse("rules:rule-detail", args=[rule.pk]),
        reverse("rules:version-create", args=[rule.pk]),
    ]


# Who may -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r != Role.FUNCTIONAL_ADMIN])
def test_other_roles_get_403(client, make_user, rules, team, role):
    client.force_login(make_user(role, teams=[team], partner_organisation="Partner"))
    rule = rules["drie-beschikkingen"]
    for url in urls(rule):
        assert client.get(url).status_code == 403, url
    assert client.post(urls(rule)[2], {"stap": "opslaan"}).status_code == 403
    assert RuleVersion.objects.filter(rule=rule).count() == 1


def test_anonymous_is_sent_to_the_login_page(client, rules):
    for url in urls(rules["drie-beschikkingen"]):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_functional_administrator_may(admin, rules):
    for url in urls(rules["drie-beschikkingen"]):
        assert admin.get(url).status_code == 200, url


def test_a_rule_of_another_municipality_is_a_404(client, make_user, rules, other_municipality):
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN, municipality=other_municipality))
    rule = rules["drie-beschikkingen"]
    for url in urls(rule)[1:]:
        assert client.get(url).status_code == 404
    assert client.post(urls(rule)[2], valid_data()).status_code == 404
    assert RuleVersion.objects.filter(rule=rule).count() == 1


def test_menu_shows_rules_to_the_administrator_only(client, make_user, rules):
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    assert 'href="/regels/"' in client.get(reverse("home:home")).content.decode()
    client.force_login(make_user(Role.ACCESS_WORKER))
    assert 'href="/regels/"' not in client.get(reverse("home:home")).content.decode()


# Pages ---------------------------------------------------------------------------------------


def test_list_shows_every_rule_with_its_version_and_sentence(admin, rules):
    html = admin.get(reverse("rules:rule-list")).content.decode()
    for rule in rules.values():
        assert rule.title in html
    assert "Een huishouden krijgt 3 of meer vormen van ondersteuning tegelijk" in html
    assert "versie 1" in html


def test_rule_page_shows_all_versions(admin, rules, admin_user):
    rule = rules["rode-vlaggen-langsgaan"]
    rule_version_create(
        actor=admin_user,
        rule=rule,
        params={"min_flags": 3, "window_days": 120},
        action="home_visit",
        due_working_days=5,
        in_force_from=TODAY + timedelta(days=14),
        purpose="",
        legal_basis="",
        change_note="Te veel meldingen bij twee vlaggen.",
    )
    html = admin.get(reverse("rules:rule-detail", args=[rule.pk])).content.decode()
    assert "Versie 1" in html and "Versie 2" in html
    assert "gaat nog in" in html
    assert "Te veel meldingen bij twee vlaggen." in html
    assert "in de laatste 120 dagen signalen over 3 of meer" in html


def test_form_shows_the_settings_of_the_kind_with_their_labels(admin, rules):
    html = admin.get(
        reverse("rules:version-create", args=[rules["meerdere-schuldeisers"].pk])
    ).content.decode()
    for label in ("Soorten signalen", "Aantal schuldeisers", "Binnen een periode van dagen"):
        assert label in html
    assert 'name="param_signal_types"' in html and 'value="huurachterstand"' in html
    assert "Proberen" in html and "Opslaan" in html


# Making a new version ------------------------------------------------------------------------


def valid_data(**overrides):
    data = {
        "stap": "opslaan",
        "param_min_count": "4",
        "action": "home_visit",
        "due_working_days": "15",
        "in_force_from": (TODAY + timedelta(days=7)).isoformat(),
        "purpose": "Stapeling van hulp zien.",
        "legal_basis": "Wmo 2015, Jeugdwet en Participatiewet.",
        "change_note": "Drie was te vaak voor ons team.",
    }
    data.update(overrides)
    return data


def test_saving_makes_the_next_version_and_ends_the_current_one(admin, rules, admin_user):
    rule = rules["drie-beschikkingen"]
    response = admin.post(reverse("rules:version-create", args=[rule.pk]), valid_data())
    assert response.status_code == 302
    assert response.url == reverse("rules:rule-detail", args=[rule.pk])
    first, second = RuleVersion.objects.filter(rule=rule).order_by("number")
    assert second.number == 2
    assert second.params == {"min_count": 4}
    assert second.due_working_days == 15
    assert second.in_force_from == TODAY + timedelta(days=7)
    assert second.change_note == "Drie was te vaak voor ons team."
    assert second.created_by == admin_user
    assert first.in_force_until == TODAY + timedelta(days=6)
    page = admin.get(response.url).content.decode()
    assert "Versie 2 is opgeslagen." in page


def test_saving_signal_types_stores_the_chosen_codes(admin, rules):
    rule = rules["meerdere-schuldeisers"]
    data = valid_data(param_min_creditors="3", param_window_days="60")
    data.pop("param_min_count")
    data["param_signal_types"] = ["huurachterstand", "waterachterstand"]
    response = admin.post(reverse("rules:version-create", args=[rule.pk]), data)
    assert response.status_code == 302
    version = RuleVersion.objects.get(rule=rule, number=2)
    assert version.params == {
        "signal_types": ["huurachterstand", "waterachterstand"],
        "min_creditors": 3,
        "window_days": 60,
    }


# (field, bad value, the message at that field); one comment per row.
BAD_INPUT = [
    # Not a number.
    ("param_min_count", "vier", "Vul een heel getal in, zoals 3."),
    # Below the kind's minimum (2).
    ("param_min_count", "1", "Kies een getal van 2 tot en met 20."),
    # Above the kind's maximum (20).
    ("param_min_count", "21", "Kies een getal van 2 tot en met 20."),
    # Empty setting.
    ("param_min_count", "", "Vul een getal in."),
    # A due time of zero working days.
    ("due_working_days", "0", "Kies een getal van 1 tot en met 120."),
    # A due time that is not a number.
    ("due_working_days", "tien", "Vul een heel getal in, zoals 3."),
    # An action that does not exist.
    ("action", "arrest", "Kies een actie uit de lijst."),
    # The same day as the current version: not after it.
    (
        "in_force_from",
        SEEDED_ON.isoformat(),
        "Kies een datum na 1 januari 2025: vanaf die dag geldt de huidige versie al.",
    ),
    # After the current version but in the past: a version cannot work backwards.
    (
        "in_force_from",
        (TODAY - timedelta(days=1)).isoformat(),
        "Een nieuwe versie kan niet terugwerken. Kies vandaag of een latere datum.",
    ),
    # Not a date.
    ("in_force_from", "31-02-2026", "Vul een geldige datum in, zoals 2026-03-01."),
    # No date at all.
    ("in_force_from", "", "Vul de datum in waarop de nieuwe versie ingaat."),
    # No reason for the change.
    ("change_note", "", "Schrijf kort op waarom de regel verandert."),
    # Only spaces is no reason either.
    ("change_note", "   ", "Schrijf kort op waarom de regel verandert."),
    # A reason longer than the register keeps.
    ("change_note", "x" * 301, "Dit is te lang (hoogstens 300 tekens)."),
    # An empty purpose.
    ("purpose", "", "Schrijf op wat de regel wil bereiken."),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_bad_input_gives_a_dutch_message_at_the_field_and_stores_nothing(
    admin, rules, field, value, message
):
    rule = rules["drie-beschikkingen"]
    response = admin.post(
        reverse("rules:version-create", args=[rule.pk]), valid_data(**{field: value})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert RuleVersion.objects.filter(rule=rule).count() == 1
    assert RuleVersion.objects.get(rule=rule).in_force_until is None


def test_no_signal_type_chosen_is_refused(admin, rules):
    rule = rules["meerdere-schuldeisers"]
    data = valid_data(param_min_creditors="3", param_window_days="60")
    data.pop("param_min_count")
    response = admin.post(reverse("rules:version-create", args=[rule.pk]), data)
    assert response.context["form"].errors["param_signal_types"] == [
        "Kies minstens één soort signaal."
    ]
    assert RuleVersion.objects.filter(rule=rule).count() == 1


def test_a_new_version_must_start_after_a_planned_one(admin, rules, admin_user):
    rule = rules["drie-beschikkingen"]
    rule_version_create(
        actor=admin_user,
        rule=rule,
        params={"min_count": 4},
        action="home_visit",
        due_working_days=10,
        in_force_from=TODAY + timedelta(days=30),
        purpose="",
        legal_basis="",
        change_note="Gepland.",
    )
    response = admin.post(
        reverse("rules:version-create", args=[rule.pk]),
        valid_data(in_force_from=(TODAY + timedelta(days=10)).isoformat()),
    )
    assert response.status_code == 200
    assert "in_force_from" in response.context["form"].errors
    assert RuleVersion.objects.filter(rule=rule).count() == 2


def test_old_alerts_keep_their_version(admin, rules, municipality):
    rule = rules["drie-beschikkingen"]
    pop = population(municipality, households=2)
    TeamFactory(municipality=municipality).areas.add(pop.area)
    for index in range(3):
        decision_record(
            municipality=municipality,
            household=pop.households[0],
            person=pop.persons[0],
            law="wmo",
            product=f"product {index}",
            need=f"need {index}",
            start_on=date(2026, 1, 1),
            end_on=None,
            reference=f"OUD-{index}",
        )
    rules_run(municipality_id=municipality.pk, today=TODAY)
    old = Alert.objects.get(rule=rule)
    assert old.rule_version.number == 1

    starts = TODAY + timedelta(days=7)
    response = admin.post(
        reverse("rules:version-create", args=[rule.pk]),
        valid_data(param_min_count="2", in_force_from=starts.isoformat()),
    )
    assert response.status_code == 302
    # Once version 2 is in force, a household with two decisions is raised under version 2 ...
    for index in range(2):
        decision_record(
            municipality=municipality,
            household=pop.households[1],
            person=pop.persons[1],
            law="wmo",
            product=f"product {index}",
            need=f"need {index}",
            start_on=date(2026, 1, 1),
            end_on=None,
            reference=f"NIEUW-{index}",
        )
    rules_run(municipality_id=municipality.pk, today=starts)
    new = Alert.objects.get(rule=rule, household=pop.households[1])
    assert new.rule_version.number == 2
    # ... while the alert raised before keeps version 1.
    old.refresh_from_db()
    assert old.rule_version.number == 1
    assert Alert.objects.filter(rule=rule).count() == 2


def test_a_refusal_by_the_service_is_shown_and_nothing_is_stored(admin, rules, monkeypatch):
    # Another administrator saved a version a moment earlier: the service's own check refuses.
    from stabiel.rules import services

    def refuse(**kwargs):
        raise services.RuleInputError("De nieuwe versie moet later ingaan dan de huidige versie.")

    monkeypatch.setattr(services, "rule_version_create", refuse)
    rule = rules["drie-beschikkingen"]
    response = admin.post(reverse("rules:version-create", args=[rule.pk]), valid_data())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "De nieuwe versie moet later ingaan dan de huidige versie."
    ]
    assert "De nieuwe versie moet later ingaan dan de huidige versie." in response.content.decode()
    assert RuleVersion.objects.filter(rule=rule).count() == 1


def test_the_form_starts_from_the_current_version(admin, rules):
    rule = rules["rode-vlaggen-langsgaan"]
    form = admin.get(reverse("rules:version-create", args=[rule.pk])).context["form"]
    assert form["param_min_flags"].initial == 2
    assert form["param_window_days"].initial == 90
    assert form["action"].initial == "go_to_resident"
    assert form["due_working_days"].initial == 10
