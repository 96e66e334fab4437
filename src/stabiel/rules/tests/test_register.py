"""The public rule register: open to everyone, per municipality, with history and sources, and
the same as JSON within the limits of the Algoritmeregister publication standard 1.0."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory
from stabiel.rules import register
from stabiel.rules.models import Rule, RuleVersion
from stabiel.rules.seed import SEED_RULES
from stabiel.rules.services import rule_version_create, rules_seed
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
TODAY = date(2026, 6, 15)
REGISTER = reverse("rules:register")
JSON = reverse("rules:register-json")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def seeded(catalogue, municipality):
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    return municipality


def rule(municipality, code):
    return Rule.objects.get(municipality=municipality, code=code)


# Who sees which register -------------------------------------------------------------------


def test_anyone_sees_the_register_without_logging_in(client, seeded):
    response = client.get(REGISTER)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Regelregister van de gemeente {seeded.name}" in html
    for spec in SEED_RULES:
        assert str(spec["title"]) in html
    assert "Een mens beslist altijd." in html
    assert "geven geen scores" in html
    assert "Stop het stapelen" in html and "VNG (2022)" in html


def test_the_municipality_is_chosen_by_its_cbs_code(client, seeded):
    other = MunicipalityFactory(name="Andere gemeente")
    assert client.get(REGISTER, {"gemeente": seeded.cbs_code}).status_code == 200
    # Lower case works too.
    response = client.get(REGISTER, {"gemeente": seeded.cbs_code.lower()})
    assert f"gemeente {seeded.name}" in response.content.decode()
    response = client.get(REGISTER, {"gemeente": other.cbs_code})
    assert "Andere gemeente" in response.content.decode()
    assert "Deze gemeente gebruikt nu geen stapelingsregels." in response.content.decode()


@pytest.mark.parametrize("code", ["GM9999", "onzin", "<script>", "GM0355'--"])
def test_an_unknown_municipality_is_a_plain_404(client, seeded, code):
    response = client.get(REGISTER, {"gemeente": code})
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_with_several_municipalities_a_visitor_chooses(client, seeded):
    MunicipalityFactory(name="Andere gemeente")
    response = client.get(REGISTER)
    html = response.content.decode()
    assert response.status_code == 200
    assert seeded.name in html and "Andere gemeente" in html
    assert f"?gemeente={seeded.cbs_code}" in html


def test_a_logged_in_user_sees_their_own_municipality(client, make_user, seeded):
    MunicipalityFactory(name="Andere gemeente")
    client.force_login(make_user(Role.PRIVACY_OFFICER))
    response = client.get(REGISTER)
    assert f"Regelregister van de gemeente {seeded.name}" in response.content.decode()


def test_without_any_municipality_there_is_no_register(client, db):
    assert client.get(REGISTER).status_code == 404
    assert client.get(JSON).status_code == 404


def test_footer_links_to_the_register_on_every_page(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{REGISTER}"' in html


def test_privacy_officer_has_the_register_in_the_menu(client, make_user, seeded):
    client.force_login(make_user(Role.PRIVACY_OFFICER))
    html = client.get(reverse("home:home")).content.decode()
    assert re.search(r'utrecht-nav-list__link[^>]*href="/regels/register/"', html)


# What each rule says -----------------------------------------------------------------------


def test_each_setting_says_whether_it_comes_from_the_publication_or_is_local(client, seeded):
    html = client.get(REGISTER).content.decode()
    # Three decisions comes from the VNG publication, cited by chapter and section ...
    assert "paragraaf &#x27;Groene vlaggen&#x27;" in html or "paragraaf 'Groene vlaggen'" in html
    assert "uit de publicatie" in html
    # ... the 90 days of the red-flag rule and every due time are the municipality's own.
    assert "De publicaties geven deze waarde niet: de gemeente kiest die zelf." in html
    assert "De publicaties geven geen termijn: de gemeente kiest die zelf." in html
    assert html.count("lokale instelling") >= len(SEED_RULES)


def test_setting_origins_per_setting(seeded):
    data = register.register_build(municipality=seeded, today=TODAY)
    entry = next(e for e in data.rules if e.code == "korte-beschikkingen")
    origins = {s.name: s.from_publication for s in entry.shown.settings}
    # "Two or three short decisions" is in the seed; the number of days is not.
    assert origins == {"min_count": True, "max_days": False, "window_days": False}


def test_a_changed_seed_number_becomes_a_local_setting(seeded, admin_user):
    rule_version_create(
        actor=admin_user,
        rule=rule(seeded, "drie-beschikkingen"),
        params={"min_count": 4},
        action="home_visit",
        due_working_days=10,
        in_force_from=date(2026, 3, 1),
        purpose="",
        legal_basis="",
        change_note="Vier in plaats van drie.",
    )
    entry = next(
        e
        for e in register.register_build(municipality=seeded, today=TODAY).rules
        if e.code == "drie-beschikkingen"
    )
    assert entry.shown.number == 2
    setting = entry.shown.settings[0]
    assert not setting.from_publication
    assert "De publicatie noemt 3" in setting.origin
    assert entry.versions[1].settings[0].from_publication


def test_the_register_shows_the_history_of_versions(client, seeded, admin_user):
    rule_version_create(
        actor=admin_user,
        rule=rule(seeded, "rode-vlaggen-langsgaan"),
        params={"min_flags": 3, "window_days": 60},
        action="go_to_resident",
        due_working_days=5,
        in_force_from=date(2026, 3, 1),
        purpose="",
        legal_basis="",
        change_note="Minder meldingen, sneller erop af.",
    )
    html = client.get(REGISTER).content.decode()
    assert "Geschiedenis: 2 versies" in html
    assert "in de laatste 60 dagen signalen over 3 of meer" in html
    assert "in de laatste 90 dagen signalen over 2 of meer" in html
    assert "Minder meldingen, sneller erop af." in html
    assert "van 1 januari 2025 tot en met 28 februari 2026" in html
    assert "binnen 5 werkdagen" in html


def test_a_rule_that_ended_is_listed_as_no_longer_in_force(seeded):
    version = RuleVersion.objects.get(rule=rule(seeded, "overgang-naar-18"))
    RuleVersion.objects.filter(pk=version.pk).update(in_force_until=date(2026, 1, 31))
    data = register.register_build(municipality=seeded, today=TODAY)
    entry = next(e for e in data.rules if e.code == "overgang-naar-18")
    assert entry.status == "Buiten gebruik"
    assert entry in data.not_in_use and entry not in data.in_use
    record = register.algorithm_record(entry, register=data, website="https://x", url="https://y")
    assert (record["status"], record["end_date"]) == ("Buiten gebruik", "2026-01")


def test_a_rule_with_only_a_future_version_is_in_development(seeded):
    version = RuleVersion.objects.get(rule=rule(seeded, "overgang-naar-18"))
    RuleVersion.objects.filter(pk=version.pk).update(in_force_from=date(2026, 9, 1))
    entry = next(
        e
        for e in register.register_build(municipality=seeded, today=TODAY).rules
        if e.code == "overgang-naar-18"
    )
    assert entry.status == "In ontwikkeling"


def test_the_register_shows_no_households_or_people(client, seeded, admin_user):
    pop = population(seeded, households=1)
    rules_seed(municipality=seeded, in_force_from=date(2025, 1, 1))
    rule_version_create(
        actor=admin_user,
        rule=rule(seeded, "drie-beschikkingen"),
        params={"min_count": 4},
        action="home_visit",
        due_working_days=10,
        in_force_from=date(2026, 3, 1),
        purpose="",
        legal_basis="",
        change_note="Vier.",
    )
    html = client.get(REGISTER).content.decode() + client.get(JSON).content.decode()
    for text in (pop.households[0].label, pop.persons[0].label, "Bewoner", "Dorpsstraat"):
        assert text not in html
    assert admin_user.username not in html and admin_user.last_name not in html


# JSON (Algoritmeregister publicatiestandaard 1.0) -----------------------------------------


def test_json_has_the_fields_of_the_standard(client, seeded):
    response = client.get(JSON, {"gemeente": seeded.cbs_code})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["standard_version"] == "1.0"
    assert data["cbs_code"] == seeded.cbs_code
    assert "Een mens beslist altijd" in data["human_decides"]
    assert len(data["algorithms"]) == len(SEED_RULES)
    required = {
        "name",
        "organization",
        "description_short",
        "category",
        "status",
        "begin_date",
        "end_date",
        "publication_category",
        "goal",
        "proportionality",
        "human_intervention",
        "risks",
        "lawful_basis",
        "source_data",
        "methods_and_models",
        "lang",
        "standard_version",
        "versions",
    }
    for record in data["algorithms"]:
        assert required <= set(record)
        assert record["status"] == "In gebruik"
        assert record["begin_date"] == "2025-01"
        assert record["end_date"] is None
        assert record["lang"] == "nld"
        assert "Een mens beslist" in record["description_short"]
        assert record["versions"][0]["due_working_days_origin"] == "lokale instelling"


def assert_within_the_standard(data):
    for record in data["algorithms"]:
        for name, limit in register.LIMITS.items():
            value = record.get(name)
            assert value is None or len(value) <= limit, (record["source_id"], name, len(value))
        assert 1 <= len(record["category"]) <= register.CATEGORY_MAX_ITEMS
        assert set(record["category"]) <= set(register.CATEGORY_VALUES)
        assert record["status"] in register.STATUS_VALUES
        assert record["publication_category"] in register.PUBLICATION_CATEGORY_VALUES
        assert re.fullmatch(r"\d{4}-\d{2}", record["begin_date"])
        assert record["end_date"] is None or re.fullmatch(r"\d{4}-\d{2}", record["end_date"])


def test_every_field_respects_the_length_limits_of_the_standard(client, seeded):
    assert_within_the_standard(client.get(JSON).json())


def test_limits_hold_even_for_very_long_texts(client, seeded):
    long = "woord " * 2000  # 12,000 characters
    target = rule(seeded, "drie-beschikkingen")
    # the longest title the database holds (160) is still longer than the standard allows (100)
    Rule.objects.filter(pk=target.pk).update(title=("Een hele lange naam " * 8)[:160])
    RuleVersion.objects.filter(rule=target).update(purpose=long, legal_basis=long)
    data = client.get(JSON).json()
    assert_within_the_standard(data)
    record = next(r for r in data["algorithms"] if r["source_id"].endswith("drie-beschikkingen"))
    assert record["goal"].endswith("…") and record["lawful_basis"].endswith("…")
    assert record["name"].endswith("…")


def test_json_for_an_unknown_municipality_is_a_404(client, seeded):
    response = client.get(JSON, {"gemeente": "GM9999"})
    assert response.status_code == 404
    assert response.json() == {"fout": "Onbekende gemeente."}


def test_json_without_a_choice_among_several_municipalities_asks_for_one(client, seeded):
    MunicipalityFactory(name="Andere gemeente")
    response = client.get(JSON)
    assert response.status_code == 400
    assert {m["cbs_code"] for m in response.json()["gemeenten"]} >= {seeded.cbs_code}


def test_json_is_dutch_even_when_the_visitor_reads_english(client, seeded):
    client.cookies["django_language"] = "en"
    record = client.get(JSON, HTTP_ACCEPT_LANGUAGE="en").json()["algorithms"][0]
    assert "Een mens beslist altijd" in record["human_intervention"]


def test_json_shows_the_planned_version_in_the_history(client, seeded, admin_user):
    rule_version_create(
        actor=admin_user,
        rule=rule(seeded, "drie-beschikkingen"),
        params={"min_count": 4},
        action="home_visit",
        due_working_days=10,
        in_force_from=TODAY + timedelta(days=30),
        purpose="",
        legal_basis="",
        change_note="Vanaf volgende maand vier.",
    )
    record = next(
        r
        for r in client.get(JSON).json()["algorithms"]
        if r["source_id"].endswith("drie-beschikkingen")
    )
    assert [v["number"] for v in record["versions"]] == [2, 1]
    assert record["versions"][0]["state"] == "gaat nog in"
    setting = record["versions"][0]["settings"][0]
    explanation = setting.pop("explanation")
    assert setting == {
        "name": "min_count",
        "label": "Aantal lopende beschikkingen of vormen van ondersteuning",
        "value": 4,
        "origin": "lokale instelling",
    }
    # The publication's number, where it says so (chapter and section), and that this is local.
    assert explanation.startswith("De publicatie noemt 3 (VNG")
    assert "paragraaf 'Groene vlaggen'" in explanation
    assert explanation.endswith("Deze gemeente gebruikt een andere waarde, als lokale instelling.")
    # The description follows the version in force today.
    assert record["description_short"].startswith("Een huishouden krijgt 3 of meer")


# (text, limit, result); one comment per row.
@pytest.mark.parametrize(
    ("text", "limit", "result"),
    [
        # Short enough: unchanged.
        ("Een korte zin.", 100, "Een korte zin."),
        # Exactly the limit: unchanged.
        ("abcde", 5, "abcde"),
        # Too long: cut at a word, with an ellipsis, within the limit.
        ("een twee drie vier", 12, "een twee…"),
        # One long word: cut inside it.
        ("abcdefghij", 5, "abcd…"),
        # Spaces around are dropped first.
        ("  tekst  ", 5, "tekst"),
    ],
)
def test_fit(text, limit, result):
    assert register.fit(text, limit) == result
    assert len(register.fit(text, limit)) <= limit
