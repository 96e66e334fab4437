"""Faults: a job killed half-way (SIGKILL, as when a server dies) leaves no partial change, and
starting it again gives the same end state as a run that was never interrupted.

The job runs in a separate interpreter on the test database, and kills itself with SIGKILL at a
chosen point in the middle of its work (after its first writes, before its commit), so the
moment of the kill is the same every run. PostgreSQL only: the child needs the committed data of
this test, which SQLite's in-memory test database cannot share between processes.
"""

import io
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import PartnerOrganisationFactory, TeamFactory
from stabiel.privacy.purge import privacy_purge
from stabiel.privacy.tests.test_purge import TODAY as PURGE_DAY
from stabiel.privacy.tests.test_purge import _snapshot as purge_snapshot
from stabiel.privacy.tests.test_purge import _world as purge_world
from stabiel.privacy.tests.test_purge import build  # noqa: F401 - fixture
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert, AlertEvidence
from stabiel.rules.services import rules_seed
from stabiel.signals.importing.liveness import LOCK_SPACE, batches_interrupted_mark
from stabiel.signals.importing.pipeline import batch_process
from stabiel.signals.models import ImportBatch, Signal
from stabiel.signals.services import batch_create, batch_retry, decision_record
from stabiel.signals.tests.factories import population

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a second process needs PostgreSQL"
    ),
]

SRC = Path(__file__).resolve().parents[2]
RULE_DAY = date(2026, 6, 15)


def database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def run_child_killed(body: str) -> subprocess.CompletedProcess:
    """Runs `body` (Python, Django set up) in a child that kills itself where `body` says."""
    code = textwrap.dedent(
        """
        import os, signal, django
        django.setup()

        def die(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)
        """
    ) + textwrap.dedent(body)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "stabiel.conf.test",
        "DATABASE_URL": database_url(),
        "PYTHONPATH": str(SRC),
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )


def alert_state(municipality) -> set:
    return {
        (household_id, rule_code, tuple(sorted(filter(None, evidence))))
        for household_id, rule_code, evidence in (
            (a.household_id, a.rule.code, [e.signal_id or e.decision_id for e in a.evidence.all()])
            for a in Alert.objects.filter(municipality=municipality).prefetch_related("evidence")
        )
    }


@pytest.fixture
def stacked(catalogue, municipality):
    """Five households with three decisions each: the rules raise alerts for every one."""
    pop = population(municipality, households=5)
    TeamFactory(municipality=municipality).areas.add(pop.area)
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    for h, household in enumerate(pop.households):
        person = household.memberships.first().person
        for i, law in enumerate(["wmo", "participatiewet", "beschikkingsvrij"]):
            decision_record(
                municipality=municipality,
                household=household,
                person=person,
                law=law,
                product=f"P{i}",
                need=f"n{i}",
                start_on=date(2026, 1, 1),
                end_on=None,
                reference=f"R{h}-{i}",
            )
    return municipality


def test_a_rule_run_killed_half_way_stores_nothing_and_a_new_run_ends_as_an_unbroken_one(
    stacked,
):
    municipality = stacked
    # What an uninterrupted run ends with; then back to no alerts at all.
    rules_run(municipality_id=municipality.pk, today=RULE_DAY)
    expected = alert_state(municipality)
    assert len(expected) >= 5  # three decisions, and different needs asked for
    AlertEvidence.objects.all().delete()
    Alert.objects.all().delete()

    child = run_child_killed(
        f"""
        from stabiel.rules import engine
        original = engine._store
        def store_then_die(**kwargs):
            original(**kwargs)   # the first rules' alerts and evidence are written, not committed
            die()
        engine._store = store_then_die
        engine.rules_run(municipality_id={municipality.pk}, today=__import__("datetime").date(2026, 6, 15))
        """
    )

    assert child.returncode == -signal.SIGKILL, child.stderr
    assert not Alert.objects.exists()
    assert not AlertEvidence.objects.exists()
    rules_run(municipality_id=municipality.pk, today=RULE_DAY)
    assert alert_state(municipality) == expected


def test_a_purge_killed_half_way_removes_nothing_and_a_new_run_ends_as_an_unbroken_one(
    build,  # noqa: F811 - the purge tests' fixture
    municipality,
):
    purge_world(build)
    before = purge_snapshot()
    with transaction.atomic():
        privacy_purge(municipality=municipality, today=PURGE_DAY)
        expected = purge_snapshot()
        transaction.set_rollback(True)
    assert expected != before

    child = run_child_killed(
        f"""
        from stabiel.accounts.models import Municipality
        from stabiel.privacy import purge
        original = purge._delete_in_chunks
        calls = []
        def delete_then_die(*args, **kwargs):
            result = original(*args, **kwargs)
            calls.append(1)
            if len(calls) == 2:   # two record types removed, the others not yet
                die()
            return result
        purge._delete_in_chunks = delete_then_die
        purge.privacy_purge(
            municipality=Municipality.objects.get(pk={municipality.pk}),
            today=__import__("datetime").date(2026, 6, 15),
        )
        """
    )

    assert child.returncode == -signal.SIGKILL, child.stderr
    assert purge_snapshot() == before
    privacy_purge(municipality=municipality, today=PURGE_DAY)
    assert purge_snapshot() == expected


@pytest.fixture
def large_import(catalogue, municipality, make_user, monkeypatch):
    """A committed, queued batch of 60,000 signal rows (three pieces of 20,000), not yet taken."""
    from stabiel.signals import tasks

    pop = population(municipality, households=4)
    partner = PartnerOrganisationFactory(municipality=municipality, name="Corporatie")
    user = make_user(Role.FUNCTIONAL_ADMIN)
    day = f"{timezone.localdate() - timedelta(days=3):%d-%m-%Y}"
    lines = ["signaalsoort;postcode;huisnummer;datum;kenmerk"]
    for i in range(ROWS):
        postcode, number = pop.addresses[i % len(pop.addresses)]
        lines.append(f"huurachterstand;{postcode};{number};{day};K-{i}")
    data = ("\n".join(lines) + "\n").encode()
    # the worker is the child below, not this process
    monkeypatch.setattr(tasks, "import_batch_process", SimpleNamespace(enqueue=lambda pk: None))
    receipt = batch_create(
        municipality=municipality,
        kind="signals",
        partner=partner,
        uploaded_by=user,
        filename="groot.csv",
        stream=io.BytesIO(data),
        size=len(data),
    )
    return receipt.batch


ROWS = 60_000


def test_a_worker_killed_mid_import_leaves_nothing_and_the_batch_is_processed_again_once(
    large_import,
):
    batch = large_import

    child = run_child_killed(
        f"""
        from stabiel.signals.importing import pipeline, writers
        original = writers.DirectWriter.add
        calls = []
        def add_then_die(self, rows):
            original(self, rows)
            calls.append(len(rows))
            if len(calls) == 2:   # 40,000 rows streamed into the table, not committed
                die()
        writers.DirectWriter.add = add_then_die
        pipeline.batch_process({batch.pk})
        """
    )

    assert child.returncode == -signal.SIGKILL, child.stderr
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.RUNNING  # what the dead worker left
    assert not Signal.objects.filter(batch=batch).exists()  # no partial batch visible
    assert not Signal.objects.exists()

    assert batches_interrupted_mark() == [batch.pk]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.INTERRUPTED
    assert batch.can_retry

    batch_retry(batch=batch)
    batch = batch_process(batch.pk)

    assert batch.status == ImportBatch.Status.DONE
    assert batch.created_count == ROWS
    assert Signal.objects.count() == ROWS
    assert Signal.objects.values("reference").distinct().count() == ROWS
    assert batches_interrupted_mark() == []


def test_a_batch_whose_worker_is_alive_is_not_marked(large_import):
    """Another connection (a live worker on another server) holds the batch's claim."""
    batch = large_import
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    worker = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with worker.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_SPACE, batch.pk])
        assert batches_interrupted_mark() == []
        assert batch_process(batch.pk).status == ImportBatch.Status.RUNNING  # left alone
    finally:
        worker.close()
    assert batches_interrupted_mark() == [batch.pk]
