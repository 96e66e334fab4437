"""The seeded rules say what the publications say, and cite chapter and section, never a line
number (issue 13). Existing municipalities get the same texts by a data migration."""

import importlib
import re
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from stabiel.rules import register
from stabiel.rules.models import Rule, RuleVersion
from stabiel.rules.seed import SEED_RULES
from stabiel.rules.services import rules_seed

pytestmark = pytest.mark.django_db

LINE_REFERENCE = re.compile(r"\b\d{3}:L\d+")
TODAY = date(2026, 6, 15)
MIGRATION = importlib.import_module("stabiel.rules.migrations.0008_seeded_rules_cite_sections")
CARE_WORKERS = importlib.import_module("stabiel.rules.migrations.0009_care_worker_change_evidence")


@pytest.fixture
def seeded(catalogue, municipality):
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    return municipality


def entry(municipality, code):
    data = register.register_build(municipality=municipality, today=TODAY)
    return next(e for e in data.rules if e.code == code)


def test_no_line_reference_is_shown_or_stored(client, seeded):
    stored = RuleVersion.objects.values_list("source_ref", "purpose", "legal_basis")
    assert not [row for row in stored if LINE_REFERENCE.search(" ".join(row))]
    query = f"?gemeente={seeded.cbs_code}"
    for url in (reverse("rules:register"), reverse("rules:register-json")):
        text = client.get(url + query).content.decode()
        assert not LINE_REFERENCE.search(text), LINE_REFERENCE.search(text)
    assert "Alternatieve route" in client.get(reverse("rules:register") + query).content.decode()


def test_red_flags_one_or_more_in_the_publication_a_higher_number_is_local(seeded):
    shown = entry(seeded, "rode-vlaggen-langsgaan").shown
    flags = next(s for s in shown.settings if s.name == "min_flags")
    assert flags.raw == 2 and not flags.from_publication
    assert "De publicatie noemt 1" in flags.origin
    assert "lokale instelling" in flags.origin
    assert "een of meer rode vlaggen" in shown.purpose
    assert shown.action == "go_to_resident"


def test_same_decision_for_years_asks_to_consider_a_longer_decision(seeded):
    rule = entry(seeded, "jarenlang-dezelfde-beschikking")
    assert rule.shown.action == "consider_longer"
    assert "stress" in rule.shown.purpose
    assert rule.title == "Jarenlang dezelfde beschikking herhalen"


@pytest.mark.parametrize(
    "code", ["meerdere-schuldeisers", "terugval-na-goed-geland", "overgang-naar-18"]
)
def test_rules_built_on_a_red_flag_are_labelled_as_the_products_own(seeded, code):
    assert entry(seeded, code).shown.source.startswith("Eigen regel van Stabiel")


def test_rules_the_publication_gives_cite_it_directly(seeded):
    source = entry(seeded, "drie-beschikkingen").shown.source
    assert source.startswith("VNG") and "Stop het stapelen" in source
    assert "paragraaf 'Groene vlaggen'" in source


def test_the_migration_texts_are_the_seed_texts():
    with translation.override("nl"):
        seeds = {spec["code"]: spec for spec in SEED_RULES}
        room = RuleVersion._meta.get_field("source_ref").max_length
        for code, (_old, new) in MIGRATION.SOURCE_REFS.items():
            assert seeds[code]["source_ref"] == new, code
            assert len(new) <= room, code  # SQLite would not notice; PostgreSQL refuses
        for code, (_old, new) in MIGRATION.PURPOSES.items():
            assert str(seeds[code]["purpose"]) == new, code
        for code, (_old, new) in MIGRATION.TITLES.items():
            assert str(seeds[code]["title"]) == new, code
        for code in MIGRATION.PRODUCT_RULES:
            assert seeds[code].get("basis") == "product", code
        # The rule added later by its own migration, with its texts frozen there.
        later = seeds[CARE_WORKERS.CODE]
        assert (str(later["title"]), str(later["purpose"]), str(later["legal_basis"])) == (
            CARE_WORKERS.TITLE,
            CARE_WORKERS.PURPOSE,
            CARE_WORKERS.LEGAL,
        )
        assert later["source_ref"] == CARE_WORKERS.SOURCE_REF
    assert set(MIGRATION.SOURCE_REFS) | {CARE_WORKERS.CODE} == set(seeds)


def test_the_migration_updates_old_seed_texts_and_leaves_own_texts_alone(seeded):
    old_rule = Rule.objects.get(municipality=seeded, code="jarenlang-dezelfde-beschikking")
    old_rule.title = MIGRATION.TITLES[old_rule.code][0]
    old_rule.save()
    version = old_rule.versions.get()
    RuleVersion.objects.filter(pk=version.pk).update(
        source_ref=MIGRATION.SOURCE_REFS[old_rule.code][0],
        purpose=MIGRATION.PURPOSES[old_rule.code][0],
        action="review",
    )
    own = Rule.objects.get(municipality=seeded, code="rode-vlaggen-langsgaan").versions.get()
    RuleVersion.objects.filter(pk=own.pk).update(
        purpose="Onze eigen uitleg.", source_ref=MIGRATION.SOURCE_REFS[own.rule.code][0]
    )
    RuleVersion.objects.filter(rule__code="meerdere-schuldeisers").update(basis="publication")

    MIGRATION.forward(apps, None)

    version.refresh_from_db()
    old_rule.refresh_from_db()
    assert old_rule.title == "Jarenlang dezelfde beschikking herhalen"
    assert version.action == "consider_longer"
    assert "stress" in version.purpose
    assert not LINE_REFERENCE.search(version.source_ref)
    own.refresh_from_db()
    assert own.purpose == "Onze eigen uitleg."  # a municipality's own text stays
    assert "Alternatieve route" in own.source_ref
    assert set(
        RuleVersion.objects.filter(rule__code="meerdere-schuldeisers").values_list(
            "basis", flat=True
        )
    ) == {"product"}
