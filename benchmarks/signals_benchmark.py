"""Signals at scale: import, rule run and API against PostgreSQL, as ratios to raw baselines.

    eval "$(bin/pg-temp start)"
    .venv/bin/python benchmarks/signals_benchmark.py --rows 1000000 --households 100000
    bin/pg-temp stop "$PGTEMP_DIR"

Measured in one run, on one database:
  (a) raw COPY of the file's rows into a bare table of text columns (the absolute limit),
  (b) COPY of the already-validated rows into the product's signal table with all its indexes
      and constraints (the limit for a deduplicated, queryable store),
  (c) the product's import (read, check, pseudonymise, match, deduplicate, all-or-nothing),
  the grouped count (distinct signal types per household in 90 days, having >= 3), a full rule
  run, and new signals by the API with the rules for their household.
The product import runs in a child process so its peak memory (RSS) is its own; the API is
measured in another child, a process that holds nothing of the benchmark, like a web server.
With DATABASE_URL pointing at SQLite the same script measures the SQLite import.
"""

import argparse
import csv
import io
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stabiel.conf.dev")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from stabiel.accounts.models import Area, Municipality, PartnerOrganisation, Team, User  # noqa: E402
from stabiel.catalogue.models import SignalType  # noqa: E402
from stabiel.residents import pseudonyms  # noqa: E402
from stabiel.residents.demo import generated_bsn  # noqa: E402
from stabiel.residents.models import (  # noqa: E402
    Household,
    HouseholdAddress,
    Membership,
    Person,
    PersonIdentity,
)

BENCH_CBS = "GM9999"
TODAY = timezone.localdate()


def timed(label, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.2f} s", flush=True)
    return seconds, result


# setup ---------------------------------------------------------------------------------------


def setup_population(
    households: int, cbs_code: str = BENCH_CBS, seed: int = 7
) -> tuple[Municipality, list[tuple[str, str, str]]]:
    """Municipality with `households` addresses and about 1.8 persons each. Returns (bsn, postcode, nr)."""
    call_command("migrate", verbosity=0)
    call_command("catalogue_load", verbosity=0, stdout=io.StringIO())
    municipality, _ = Municipality.objects.get_or_create(
        cbs_code=cbs_code, defaults={"name": f"Benchmark {cbs_code}"}
    )
    area, _ = Area.objects.get_or_create(
        municipality=municipality,
        cbs_code=f"BU{cbs_code[2:]}0001",
        defaults={"name": "Bench", "kind": "neighbourhood"},
    )
    team, _ = Team.objects.get_or_create(municipality=municipality, name="Benchteam")
    team.areas.add(area)
    rng = random.Random(seed)
    people = []
    if not Household.objects.filter(municipality=municipality).exists():
        batch_h, batch_a, batch_p, batch_i, links = [], [], [], [], []
        seen = set()
        for i in range(households):
            postcode = f"{1000 + i // 400:04d}{'ABCDEFGHJKLMNPRSTVWX'[i // 20 % 20]}{'ABCDEFGHJKLMNPRSTVWX'[i % 20]}"
            number = str(i % 997 + 1)
            pseud = pseudonyms.address_pseudonym(postcode, number)
            household = Household(
                municipality=municipality,
                pseudonym=pseud,
                label=pseudonyms.label_for(pseud, "HH"),
                area=area,
            )
            batch_h.append(household)
            batch_a.append(
                HouseholdAddress(
                    street="Benchstraat", house_number=number, postcode=postcode, city="Bench"
                )
            )
            for _ in range(rng.choice([1, 2, 2, 3])):
                bsn = generated_bsn(rng)
                while bsn in seen:
                    bsn = generated_bsn(rng)
                seen.add(bsn)
                pp = pseudonyms.person_pseudonym(bsn)
                batch_p.append(
                    Person(
                        municipality=municipality,
                        pseudonym=pp,
                        label=pseudonyms.label_for(pp, "P"),
                        birth_month=date(1980, 1, 1),
                    )
                )
                batch_i.append(
                    PersonIdentity(
                        bsn=bsn, given_names="B", surname="Bench", birth_date=date(1980, 1, 1)
                    )
                )
                links.append(len(batch_h) - 1)
        Household.objects.bulk_create(batch_h, batch_size=5000)
        for household, address in zip(batch_h, batch_a, strict=True):
            address.household = household
        HouseholdAddress.objects.bulk_create(batch_a, batch_size=5000)
        Person.objects.bulk_create(batch_p, batch_size=5000)
        for person, identity in zip(batch_p, batch_i, strict=True):
            identity.person = person
        PersonIdentity.objects.bulk_create(batch_i, batch_size=5000)
        Membership.objects.bulk_create(
            [
                Membership(person=p, household=batch_h[h], start_on=date(2020, 1, 1))
                for p, h in zip(batch_p, links, strict=True)
            ],
            batch_size=5000,
        )
    existing = Household.objects.filter(municipality=municipality).count()
    if existing != households:
        sys.exit(
            f"The benchmark database has {existing} households, not {households}: use a fresh database."
        )
    for bsn, postcode, number in PersonIdentity.objects.filter(
        person__municipality=municipality
    ).values_list(
        "bsn",
        "person__memberships__household__address__postcode",
        "person__memberships__household__address__house_number",
    ):
        people.append((bsn, postcode, number))
    from stabiel.rules.services import rules_seed

    rules_seed(municipality=municipality, in_force_from=date(2020, 1, 1))
    return municipality, people


def write_file(path: Path, rows: int, people, prefix: str) -> None:
    rng = random.Random(rows)
    codes = list(
        SignalType.objects.filter(municipality__isnull=True).values_list("code", flat=True)
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            ["signaalsoort", "bsn", "postcode", "huisnummer", "datum", "kenmerk", "toelichting"]
        )
        for index in range(rows):
            bsn, postcode, number = people[rng.randrange(len(people))]
            observed = TODAY - timedelta(days=rng.randrange(365))
            use_bsn = index % 2 == 0
            writer.writerow(
                [
                    codes[rng.randrange(len(codes))],
                    bsn if use_bsn else "",
                    "" if use_bsn else postcode,
                    "" if use_bsn else number,
                    f"{observed:%d-%m-%Y}",
                    f"{prefix}-{index:08d}",
                    "",
                ]
            )


# phases --------------------------------------------------------------------------------------


def phase_raw_copy(path: Path) -> float:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare")
        cursor.execute(
            "CREATE TABLE bench_bare (signaalsoort text, bsn text, postcode text, huisnummer text, datum text, kenmerk text, toelichting text)"
        )
    start = time.perf_counter()
    with (
        connection.cursor() as cursor,
        path.open("rb") as handle,
        cursor.cursor.copy(
            "COPY bench_bare FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)"
        ) as copy,
    ):
        while data := handle.read(1 << 20):
            copy.write(data)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_bare")
    return seconds


def validated_rows(path: Path, municipality, partner) -> Path:
    """The same rows as the product would store them, as CSV for COPY (prepared, not timed)."""
    from stabiel.signals.importing.pipeline import build_context
    from stabiel.signals.importing.specs import check_signal_row
    from stabiel.signals.models import ImportBatch

    batch = ImportBatch(municipality=municipality, partner=partner, kind="signals")
    ctx = build_context(batch, TODAY)
    out = path.with_suffix(".validated.csv")
    now = timezone.now().isoformat()
    with (
        path.open(encoding="utf-8") as source,
        out.open("w", encoding="utf-8", newline="") as target,
    ):
        reader = csv.DictReader(source, delimiter=";")
        writer = csv.writer(target)
        for line, raw in enumerate(reader, start=2):
            row = check_signal_row(raw, line, 0, ctx)
            _b, _l, type_id, household_id, person_id, observed, reference, note, digest = row
            writer.writerow(
                [
                    municipality.pk,
                    type_id,
                    household_id,
                    person_id or "\\N",
                    observed.isoformat(),
                    TODAY.isoformat(),
                    partner.pk,
                    "\\N",
                    f"V{reference}",
                    note,
                    "file",
                    "\\N",
                    digest,
                    "received",
                    now,
                    now,
                ]
            )
    return out


def phase_copy_into_signal_table(path: Path) -> float:
    columns = "municipality_id, signal_type_id, household_id, person_id, observed_on, received_on, partner_id, reported_by_id, reference, note, channel, batch_id, content_hash, status, created_at, updated_at"
    start = time.perf_counter()
    with (
        connection.cursor() as cursor,
        path.open("rb") as handle,
        cursor.cursor.copy(
            f"COPY stabiel_signals_signal ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        ) as copy,
    ):
        while data := handle.read(1 << 20):
            copy.write(data)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM stabiel_signals_signal WHERE reference LIKE 'V%%'")
    return seconds


def reset(municipality) -> None:
    """Remove earlier runs' signals, alerts and batches (raw SQL: millions of rows)."""
    tables = [
        (
            "rules_alertevidence",
            "alert_id IN (SELECT id FROM rules_alert WHERE municipality_id = %s)",
        ),
        ("rules_alert", "municipality_id = %s"),
        ("stabiel_signals_signal", "municipality_id = %s"),
        (
            "stabiel_signals_importrejection",
            "batch_id IN (SELECT id FROM stabiel_signals_importbatch WHERE municipality_id = %s)",
        ),
        (
            "stabiel_signals_importchunk",
            "batch_id IN (SELECT id FROM stabiel_signals_importbatch WHERE municipality_id = %s)",
        ),
        ("stabiel_signals_importbatch", "municipality_id = %s"),
    ]
    with connection.cursor() as cursor:
        for table, where in tables:
            cursor.execute(f"DELETE FROM {table} WHERE {where}", [municipality.pk])


def peak_rss_mb() -> float:
    """This process's own peak memory. Not getrusage's ru_maxrss: Linux carries that figure over
    from the parent across fork and exec, so a child of a large parent would report the
    parent's size (this is how 714 and 770 MB once showed up for a 260 MB import)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def product_import_child(path: str, municipality_id: int, partner_id: int, user_id: int) -> None:
    """Runs in a child process: store the upload, process it, print timings and peak RSS as JSON."""
    from stabiel.signals.importing.pipeline import batch_process
    from stabiel.signals.services import batch_create

    municipality = Municipality.objects.get(pk=municipality_id)
    partner = PartnerOrganisation.objects.get(pk=partner_id)
    user = User.objects.get(pk=user_id)
    size = os.path.getsize(path)
    start = time.perf_counter()
    with open(path, "rb") as handle:
        receipt = batch_create(
            municipality=municipality,
            kind="signals",
            partner=partner,
            uploaded_by=user,
            filename=Path(path).name,
            stream=handle,
            size=size,
        )
    stored = time.perf_counter() - start
    start = time.perf_counter()
    if receipt.already_imported:
        print(
            json.dumps(
                {
                    "store_s": stored,
                    "process_s": 0,
                    "status": "already imported",
                    "created": 0,
                    "duplicates": 0,
                    "rejected": 0,
                    "max_rss_mb": peak_rss_mb(),
                }
            )
        )
        return
    batch = batch_process(receipt.batch.pk)
    processed = time.perf_counter() - start
    print(
        json.dumps(
            {
                "store_s": stored,
                "process_s": processed,
                "status": batch.status,
                "created": batch.created_count,
                "duplicates": batch.duplicate_count,
                "rejected": batch.rejected_count,
                "max_rss_mb": peak_rss_mb(),
            }
        )
    )


def run_child(path: Path, municipality, partner, user) -> dict:
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            __file__,
            "--child",
            str(path),
            str(municipality.pk),
            str(partner.pk),
            str(user.pk),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ,
    )
    if done.returncode:
        sys.exit(f"product import failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def grouped_count(municipality) -> tuple[float, int]:
    sql = """SELECT household_id FROM stabiel_signals_signal
             WHERE municipality_id = %s AND observed_on > %s
             GROUP BY household_id HAVING COUNT(DISTINCT signal_type_id) >= 3"""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [municipality.pk, TODAY - timedelta(days=90)])
        found = len(cursor.fetchall())
    return time.perf_counter() - start, found


def api_latency_child(municipality_id: int, partner_id: int, requests: int) -> None:
    """Runs in a child process, as an application server would: a process that holds none of
    the benchmark's own data (the population list, the files). Prints the figures as JSON."""
    municipality = Municipality.objects.get(pk=municipality_id)
    partner = PartnerOrganisation.objects.get(pk=partner_id)
    with connection.cursor() as cursor:
        # 2,000 residents picked at random, with their current address.
        cursor.execute(
            """SELECT i.bsn, a.postcode, a.house_number
               FROM stabiel_signals_personidentity i
               JOIN stabiel_signals_person p ON p.id = i.person_id
               JOIN stabiel_signals_membership m ON m.person_id = p.id AND m.end_on IS NULL
               JOIN stabiel_signals_householdaddress a ON a.household_id = m.household_id
               WHERE p.municipality_id = %s ORDER BY random() LIMIT 2000""",
            [municipality_id],
        )
        people = cursor.fetchall()
    print(json.dumps(api_latency(municipality, partner, people, requests)))


def run_api_child(municipality, partner, requests: int) -> dict:
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            __file__,
            "--api-child",
            str(municipality.pk),
            str(partner.pk),
            str(requests),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ,
    )
    if done.returncode:
        sys.exit(f"API measurement failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def api_latency(municipality, partner, people, requests: int) -> dict:
    from rest_framework.test import APIClient

    from stabiel.signals.services import api_client_create

    _, token = api_client_create(partner=partner, name="benchmark")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    rng = random.Random(3)
    timings = []
    for index in range(requests):
        bsn, _, _ = people[rng.randrange(len(people))]
        body = {
            "signaalsoort": "huurachterstand",
            "bsn": bsn,
            "datum_gezien": (TODAY - timedelta(days=1)).isoformat(),
            "kenmerk": f"API-{time.time_ns()}-{index}",
        }
        start = time.perf_counter()
        response = client.post("/api/v1/signalen", body, format="json", HTTP_HOST="127.0.0.1")
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 201:
            raise SystemExit(f"API answered {response.status_code}: {response.content[:300]}")
    timings.sort()
    return {
        "requests": requests,
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[int(0.95 * len(timings)) - 1],
        "max_ms": timings[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--api-requests", type=int, default=200)
    parser.add_argument("--workdir", default="/tmp/stabiel-bench")  # noqa: S108 - scratch files
    parser.add_argument("--child", nargs=4)
    parser.add_argument("--api-child", nargs=3, type=int)
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="reuse the signals a previous run left in the database: rules and API only",
    )
    args = parser.parse_args()
    if args.child:
        product_import_child(args.child[0], *(int(x) for x in args.child[1:]))
        return
    if args.api_child:
        api_latency_child(*args.api_child)
        return
    vendor = connection.vendor
    print(
        f"Stabiel signals benchmark on {vendor}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    _, (municipality, people) = timed("population", setup_population, args.households)
    partner, _ = PartnerOrganisation.objects.get_or_create(
        municipality=municipality, name="Bench partner", defaults={"kind": "energy"}
    )
    user, _ = User.objects.get_or_create(username="bench", defaults={"municipality": municipality})
    path = work / f"signals-{args.rows}.csv"
    if not path.exists():
        timed("write file", write_file, path, args.rows, people, prefix=f"B{args.rows}")
    results = {
        "rows": args.rows,
        "households": args.households,
        "file_mb": round(path.stat().st_size / 1e6, 1),
    }
    if not args.rules_only:
        import_phases(args, path, municipality, partner, user, results)
    if vendor == "postgresql":
        rule_and_api_phases(args, municipality, partner, people, results)
    print(json.dumps(results, indent=2))


def import_phases(args, path, municipality, partner, user, results) -> None:
    vendor = connection.vendor
    reset(municipality)
    if vendor == "postgresql":
        results["a_raw_copy_s"], _ = timed("(a) raw COPY into a bare table", phase_raw_copy, path)
        _, validated = timed(
            "prepare validated rows (not part of any figure)",
            validated_rows,
            path,
            municipality,
            partner,
        )
        results["b_copy_signal_table_s"], _ = timed(
            "(b) COPY validated rows into the signal table", phase_copy_into_signal_table, validated
        )
    child = run_child(path, municipality, partner, user)
    print(
        f"  (c) product import: store {child['store_s']:.2f} s + process {child['process_s']:.2f} s, {child['created']} new, peak RSS {child['max_rss_mb']:.0f} MB"
    )
    results["c_store_s"], results["c_process_s"] = child["store_s"], child["process_s"]
    results["c_status"], results["c_created"], results["c_max_rss_mb"] = (
        child["status"],
        child["created"],
        round(child["max_rss_mb"]),
    )
    again = run_child(path.with_name(path.name), municipality, partner, user)
    results["same_file_again_created"] = again["created"]
    if vendor == "postgresql":
        results["c_over_b_rows_per_s"] = round(
            results["b_copy_signal_table_s"] / child["process_s"], 3
        )
        results["c_over_a_rows_per_s"] = round(results["a_raw_copy_s"] / child["process_s"], 3)


def settle(*tables: str) -> None:
    """Do now what autovacuum does shortly after a bulk insert (visibility map, hint bits,
    statistics), so that its work in the background does not land in the next figures."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")


def rule_and_api_phases(args, municipality, partner, people, results) -> None:
    settle("stabiel_signals_signal", "stabiel_signals_household", "stabiel_signals_person")
    grouped = [grouped_count(municipality)[0] for _ in range(3)]
    results["grouped_count_s"] = min(grouped)
    print(f"  grouped count: {results['grouped_count_s']:.2f} s")
    from stabiel.rules.engine import rules_run

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM rules_alertevidence WHERE alert_id IN (SELECT id FROM rules_alert WHERE municipality_id = %s)",
            [municipality.pk],
        )
        cursor.execute("DELETE FROM rules_alert WHERE municipality_id = %s", [municipality.pk])
        # A database without alerts, as before a first run (not one full of dead rows whose
        # statistics still count the deleted alerts).
        cursor.execute("VACUUM ANALYZE rules_alert, rules_alertevidence")
    results["full_rule_run_first_s"], first = timed(
        "full rule run (raises every alert)",
        rules_run,
        municipality_id=municipality.pk,
        today=TODAY,
    )
    results["alerts_raised"] = first.total_raised
    settle("rules_alert", "rules_alertevidence")
    results["full_rule_run_steady_s"], _ = timed(
        "full rule run again (nothing new)",
        rules_run,
        municipality_id=municipality.pk,
        today=TODAY,
    )
    results["rule_run_over_grouped_count"] = round(
        results["full_rule_run_steady_s"] / results["grouped_count_s"], 2
    )
    results["api"] = run_api_child(municipality, partner, args.api_requests)
    print(f"  API: p50 {results['api']['p50_ms']:.1f} ms, p95 {results['api']['p95_ms']:.1f} ms")


if __name__ == "__main__":
    main()
