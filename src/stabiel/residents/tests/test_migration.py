"""The move of households and persons from stabiel_signals to residents (issue 12) keeps every
table, row and key: checked on a database filled by the demo, back to before the move and
forward again (runs on SQLite and PostgreSQL like every test)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from stabiel.residents.models import Household, HouseholdAddress, Membership, Person
from stabiel.signals.models import Signal

MOVED = ["household", "householdaddress", "person", "personidentity", "membership"]
# The last migration of each app before the move; the move's own migrations come after these.
BEFORE_MOVE = [
    ("stabiel_signals", "0006_signal_withdrawn_on"),
    ("rules", "0002_alert_evidence_fingerprint"),
    ("cases", "0002_caseevent_goal_agreement_triage_contact_and_more"),
    ("meetings", "0001_initial"),
    ("supporters", "0001_initial"),
    ("earlywarning", "0005_report_key_one_index"),
    ("privacy", "0002_alter_retentionperiod_record_type"),
    ("residents", None),
]


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for model in MOVED:
            cursor.execute(f"SELECT COUNT(*) FROM stabiel_signals_{model}")  # noqa: S608 - constants
            counts[model] = cursor.fetchone()[0]
    return counts


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_tables_rows_and_keys_both_ways(catalogue):
    # As `make demo` fills it (the command, not an import: residents knows no policy app).
    call_command("demo_load", stdout=io.StringIO())
    before = _counts()
    assert before["household"] > 10 and before["membership"] > 10
    signals = Signal.objects.count()
    assert signals > 0
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    try:
        old = _migrate(BEFORE_MOVE)
        assert _counts() == before
        # The old state reads the same rows through the old models, keys included.
        old_household = old.get_model("stabiel_signals", "Household")
        old_signal = old.get_model("stabiel_signals", "Signal")
        first = old_signal.objects.order_by("pk").first()
        assert old_household.objects.filter(pk=first.household_id).exists()
        # A household registered before the move must be there after it.
        municipality = old_household.objects.first().municipality_id
        added = old_household.objects.create(
            municipality_id=municipality, pseudonym="x" * 64, label="HH-MOVED"
        )
        old.get_model("stabiel_signals", "HouseholdAddress").objects.create(
            household=added, street="Oudestraat", house_number="1", postcode="3701AB", city="Zeist"
        )
    finally:
        _migrate(latest)

    after = _counts()
    assert after == {
        **before,
        "household": before["household"] + 1,
        "householdaddress": before["householdaddress"] + 1,
    }
    moved = Household.objects.get(label="HH-MOVED")
    assert HouseholdAddress.objects.get(household=moved).street == "Oudestraat"
    assert Signal.objects.count() == signals
    signal = Signal.objects.select_related("household").order_by("pk").first()
    assert signal.household.memberships.exists()
    assert Person.objects.count() == before["person"]
    assert Membership.objects.filter(household=signal.household).exists()
    from django.contrib.contenttypes.models import ContentType

    assert set(
        ContentType.objects.filter(app_label="residents").values_list("model", flat=True)
    ) >= {"household", "person"}
    assert not ContentType.objects.filter(app_label="stabiel_signals", model__in=MOVED).exists()
