"""Faults: a job killed half-way (SIGKILL, as when a server dies) leaves no partial change, and
starting it again gives the same end state as a run that was never interrupted.

The job runs in a separate interpreter on the test database, and kills itself with SIGKILL at a
chosen point in the middle of its work (after its first writes, before its commit), so the
moment of the kill is the same every run. PostgreSQL only: the child needs the committed data of
this test, which SQLite's in-memory test database cannot share between processes.
"""

import concurrent.futures
import contextlib
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
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
from stabiel.signals.services import (
    batch_create,
    batch_retry,
    decision_record,
)
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
        with worker.cursor() as cursor:  # the worker ends: its lock goes (at once, not when
            # PostgreSQL notices the closed connection, which under load takes a moment)
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_SPACE, batch.pk])
    finally:
        worker.close()
    assert batches_interrupted_mark() == [batch.pk]


# A database restart under API load ---------------------------------------------------------
# Its own throwaway cluster: taking the suite's cluster down would fail the tests that the other
# xdist worker runs at that moment.

ROOT = SRC.parent
RESTART_SIGNALS = 240

SETUP = """
import io, json, django
django.setup()
from datetime import date
from django.core.management import call_command
from django.test import Client
from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import (
    MunicipalityFactory, PartnerOrganisationFactory, UserFactory,
)
from stabiel.residents.services import household_register, person_register
from stabiel.signals.services import api_client_create

from stabiel.catalogue.models import Pillar
if not Pillar.objects.exists():
    call_command("catalogue_load", verbosity=0, stdout=io.StringIO())
municipality = MunicipalityFactory()
household = household_register(
    municipality=municipality, street="Lindelaan", house_number="12", postcode="3701 AB",
    city="Zeist",
)
person_register(
    municipality=municipality, bsn="111222333", given_names="Anna", surname="Jansen",
    birth_date=date(1980, 5, 17), household=household, since=date(2020, 1, 1),
)
partner = PartnerOrganisationFactory(municipality=municipality, name="Corporatie")
browser = Client()
browser.force_login(UserFactory(municipality=municipality, roles=[Role.ACCESS_WORKER]))
print(json.dumps({
    "token": api_client_create(partner=partner, name="Herstart")[1],
    "session": browser.cookies["sessionid"].value,
}))
"""

COUNT = """
import json, django
django.setup()
from django.db.models import Count
from stabiel.signals.models import Signal
stored = Signal.objects.filter(reference__startswith="HERSTART-")
print(json.dumps({
    "stored": stored.count(),
    "references": stored.values("reference").distinct().count(),
}))
"""


def pg_temp(*args: str) -> str:
    return subprocess.run(  # noqa: S603 - our own script
        [str(ROOT / "bin" / "pg-temp"), *args],
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    ).stdout


def on_cluster(url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "stabiel.conf.test",
        "DATABASE_URL": url,
        "API_RATE_LIMIT": "1000000/min",
        "PYTHONPATH": str(SRC),
    }


def run_on_cluster(url: str, code: str) -> dict:
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=on_cluster(url),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def own_cluster():
    exported = dict(pair.split("=", 1) for pair in pg_temp("start").removeprefix("export ").split())
    try:
        # The suite's migrated schema, copied: much faster than migrating a new database.
        dump = subprocess.Popen(  # noqa: S603 - PostgreSQL's own tools
            [f"{exported['PGTEMP_BIN']}/pg_dump", "--no-owner", "--no-privileges", database_url()],
            stdout=subprocess.PIPE,
        )
        subprocess.run(  # noqa: S603
            [
                f"{exported['PGTEMP_BIN']}/psql",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                exported["DATABASE_URL"],
            ],
            stdin=dump.stdout,
            check=True,
            capture_output=True,
            timeout=300,
        )
        assert dump.wait(timeout=60) == 0
        yield exported["PGTEMP_DIR"], exported["DATABASE_URL"]
    finally:
        pg_temp("stop", exported["PGTEMP_DIR"])


def start_server(url: str) -> tuple[subprocess.Popen, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "stabiel.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--chdir",
            str(SRC),
        ],
        env=on_cluster(url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if request(port, "GET", "/gezond")[0] == 200:
                return server, port
        time.sleep(0.3)
    server.kill()
    raise AssertionError("the server did not start")


def request(
    port: int, method: str, path: str, body: dict | None = None, token: str = "", cookie: str = ""
):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        if cookie:
            headers["Cookie"] = cookie
        conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_a_database_restart_under_api_load_costs_retries_not_signals(own_cluster):
    """Partners keep sending while PostgreSQL goes down and comes back. While it is down every
    answer is 503 with Retry-After (problem+json for the API, the short page for people), never a
    500; a partner that retries with the same reference ends with every signal stored once."""
    cluster, url = own_cluster
    made = run_on_cluster(url, SETUP)
    token, session = made["token"], f"sessionid={made['session']}"
    seen_day = (timezone.localdate() - timedelta(days=3)).isoformat()
    server, port = start_server(url)
    statuses: list[int] = []
    unavailable: list[tuple[dict, bytes]] = []
    lock = threading.Lock()

    def send_until_accepted(index: int) -> None:
        body = {
            "signaalsoort": "huurachterstand",
            "bsn": "111222333",
            "datum_gezien": seen_day,
            "kenmerk": f"HERSTART-{index}",
        }
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                status, headers, content = request(port, "POST", "/api/v1/signalen", body, token)
            except (OSError, http.client.HTTPException):
                status, headers, content = -1, {}, b""
            with lock:
                statuses.append(status)
                if status == 503:
                    unavailable.append((headers, content))
            if status in (200, 201):
                return
            time.sleep(0.2)  # a partner waits (Retry-After says 5 s; the test is impatient)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            first = [pool.submit(send_until_accepted, i) for i in range(RESTART_SIGNALS // 2)]
            concurrent.futures.wait(first[:20])
            pg_temp("down", cluster)
            rest = [
                pool.submit(send_until_accepted, i)
                for i in range(RESTART_SIGNALS // 2, RESTART_SIGNALS)
            ]
            page = request(port, "GET", "/", cookie=session)  # the session is in the database
            health = request(port, "GET", "/gezond")
            time.sleep(2)
            pg_temp("up", cluster)
            for future in first + rest:
                future.result()
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert 500 not in statuses
    assert unavailable, "no request met the database while it was down"
    for headers, content in unavailable:
        assert headers["Retry-After"] == "5"
        assert headers["Content-Type"] == "application/problem+json"
        assert json.loads(content)["title"] == "Even niet bereikbaar"
    assert page[0] == 503
    assert page[1]["Retry-After"] == "5"
    assert "even niet bereikbaar" in page[2].decode().lower()
    assert health[0] == 503
    assert run_on_cluster(url, COUNT) == {"stored": RESTART_SIGNALS, "references": RESTART_SIGNALS}
