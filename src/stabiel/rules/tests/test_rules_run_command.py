"""`manage.py rules_run`: the scheduled full run of every rule (nightly, from cron on one or every
server). It is what raises alerts that wait for time to pass rather than for a new signal, such
as "many changes of care worker" once a change's day has come."""

import io
import threading
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from stabiel.accounts.tests.factories import TeamFactory, UserFactory
from stabiel.core.models import ProcessingLogEntry
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert, AlertEvidence
from stabiel.rules.services import rules_seed
from stabiel.safety.models import CareWorkerChange, InvolvedParty
from stabiel.signals.services import decision_record
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db
CARE_WORKERS = "veel-wisselingen-hulpverlener"


def _care_worker_changes(municipality, household, days_ago):
    """An involved organisation with a first care worker and then one change per entry."""
    worker = UserFactory(municipality=municipality)
    party = InvolvedParty.objects.create(
        municipality=municipality,
        household=household,
        organisation="Jeugdhulp Heuvelrug",
        role="Ambulante hulp",
        since=date(2024, 1, 1),
        recorded_by=worker,
    )
    today = timezone.localdate()
    for i, days in enumerate([400, *days_ago]):
        CareWorkerChange.objects.create(
            municipality=municipality,
            party=party,
            care_worker=f"Hulpverlener {i}",
            from_on=today - timedelta(days=days),
            recorded_by=worker,
        )


def _world(municipality):
    pop = population(municipality, households=1)
    TeamFactory(municipality=municipality).areas.add(pop.area)
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    _care_worker_changes(municipality, pop.households[0], days_ago=[200, 100, 10])
    return pop


def test_full_run_raises_alerts_logs_and_is_safe_to_repeat(catalogue, municipality):
    pop = _world(municipality)
    for i, law in enumerate(["wmo", "participatiewet", "beschikkingsvrij"]):
        decision_record(
            municipality=municipality,
            household=pop.households[0],
            person=pop.persons[0],
            law=law,
            product=f"P{i}",
            need=f"n{i}",
            start_on=date(2026, 1, 1),
            end_on=None,
            reference=f"R{i}",
        )
    out = io.StringIO()
    call_command("rules_run", gemeente=municipality.cbs_code.lower(), stdout=out)
    call_command("rules_run", stdout=out)  # a second server starting the same job adds nothing
    assert Alert.objects.filter(rule__code="drie-beschikkingen").count() == 1
    assert ProcessingLogEntry.objects.filter(operation="rules-full-run").count() == 2
    # The full run includes the rule about care-worker changes, with the three changes as evidence.
    alert = Alert.objects.get(rule__code=CARE_WORKERS)
    assert alert.household == pop.households[0]
    assert AlertEvidence.objects.filter(alert=alert).count() == 3


def test_a_change_dated_ahead_counts_once_its_day_has_come(catalogue, municipality):
    """Why the rule needs the scheduled run: a change recorded ahead of its day raises nothing
    when it is recorded; the first full run on or after that day raises the alert."""
    pop = population(municipality, households=1)
    TeamFactory(municipality=municipality).areas.add(pop.area)
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    _care_worker_changes(municipality, pop.households[0], days_ago=[200, 100, -5])
    today = timezone.localdate()
    assert rules_run(municipality_id=municipality.pk, today=today).raised[CARE_WORKERS] == 0
    later = rules_run(municipality_id=municipality.pk, today=today + timedelta(days=5))
    assert later.raised[CARE_WORKERS] == 1
    assert Alert.objects.get(rule__code=CARE_WORKERS).evidence.count() == 3


def test_unknown_municipality_gives_a_message(db):
    with pytest.raises(CommandError, match="Onbekende gemeente"):
        call_command("rules_run", gemeente="GM0000", stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections need PostgreSQL")
def test_two_servers_starting_the_run_at_once_raise_every_alert_once(
    transactional_db, catalogue, municipality
):
    pop = _world(municipality)
    for i, law in enumerate(["wmo", "participatiewet", "beschikkingsvrij"]):
        decision_record(
            municipality=municipality,
            household=pop.households[0],
            person=pop.persons[0],
            law=law,
            product=f"P{i}",
            need=f"n{i}",
            start_on=date(2026, 1, 1),
            end_on=None,
            reference=f"R{i}",
        )
    # Recording the decisions already ran the rules about decisions (the event after commit).
    before = set(Alert.objects.values_list("rule__code", flat=True))
    assert CARE_WORKERS not in before
    start = threading.Barrier(2)
    outputs, errors = [], []

    def server():
        out = io.StringIO()
        try:
            start.wait(timeout=30)
            call_command("rules_run", stdout=out)
            outputs.append(out.getvalue())
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=server) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(outputs) == 2
    for code, evidence in ((CARE_WORKERS, 3), ("drie-beschikkingen", 3)):
        alerts = Alert.objects.filter(rule__code=code)
        assert alerts.count() == 1, code
        assert AlertEvidence.objects.filter(alert__in=alerts).count() == evidence, code
    # One server raised what was new, the other found nothing left to raise.
    raised = sorted(int(o.rsplit(": ", 1)[1].split()[0]) for o in outputs)
    assert raised == [0, Alert.objects.count() - len(before)]
    assert raised[1] >= 1
    assert ProcessingLogEntry.objects.filter(operation="rules-full-run").count() == 2
