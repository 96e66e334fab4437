"""Early warning at scale: a national host's month of debt signals, read in and ready to work.

    eval "$(bin/pg-temp start)"
    .venv/bin/python benchmarks/earlywarning_benchmark.py --rows 60000 --households 100000
    bin/pg-temp stop "$PGTEMP_DIR"

Measured in one run, on one database (the population is made as in signals_benchmark.py):
  (a) raw COPY of the file into a bare table of text columns (the absolute limit),
  (b) the product: store the upload, then the importer (read, check, pseudonymise, match the
      household, deduplicate, all-or-nothing) and the early-warning hook (names compared with the
      register, threshold and repeat statuses, reports per address and month, routing to open
      cases, arrear signals for the stacking rules),
  (c) "ready to work": the first page of a worker's report list with its count.
The rule run that follows is queued as a background task and not part of (b).
"""

import argparse
import csv
import json
import os
import platform
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from django.db import connection  # noqa: E402
from signals_benchmark import TODAY, settle, setup_population  # noqa: E402

from stabiel.accounts.models import PartnerOrganisation, Team, User  # noqa: E402
from stabiel.accounts.roles import Role  # noqa: E402
from stabiel.accounts.services import user_save  # noqa: E402

KINDS = ["Energie", "Huur", "Water", "Zorg", "CAK Zorgverzekeringen", "Belastingdienst", "DUO"]
HEADER = [
    "kenmerk",
    "signaalpartner",
    "bedrag",
    "ontstaansdatum",
    "signaaldatum",
    "crisissignaal",
    "warme_overdracht",
    "bsn",
    "voorletters",
    "voorvoegsel",
    "achternaam",
    "geboortedatum",
    "straatnaam",
    "postcode",
    "huisnummer",
    "huisnummertoevoeging",
    "plaatsnaam",
]


def write_file(path: Path, rows: int, people) -> None:
    """A month of signals: most about known residents (spelled as partners spell them), some at
    one address from several creditors, a few unknown addresses and other names."""
    rng = random.Random(rows)
    month_start = TODAY.replace(day=1)
    days = max((TODAY - month_start).days, 1)
    # a fifth of the signals come from a second creditor at an address already in the file
    pool = [people[rng.randrange(len(people))] for _ in range(int(rows * 0.8))]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for index in range(rows):
            bsn, postcode, number = pool[index % len(pool)]
            signalled = month_start + timedelta(days=rng.randrange(days))
            surname = rng.choice(["Bench", "BENCH", "Bénch", "Bench-de Vries", "Bench"])
            if index % 50 == 0:
                surname = "Anders"  # another name at the address: a person checks
            if index % 40 == 0:
                postcode, number = "9999ZZ", str(index % 900 + 1)  # not a known address
            writer.writerow(
                [
                    f"VS-{index:08d}",
                    KINDS[rng.randrange(len(KINDS))],
                    f"{rng.randrange(40, 4000)},{rng.randrange(100):02d}",
                    f"{signalled - timedelta(days=60):%d-%m-%Y}",
                    f"{signalled:%d-%m-%Y}",
                    "ja" if index % 97 == 0 else "nee",
                    "nee",
                    bsn if index % 2 == 0 else "",
                    "B.",
                    "",
                    surname,
                    "01-01-1980",
                    "Benchstraat",
                    postcode,
                    number,
                    "",
                    "Bench",
                ]
            )


def phase_raw_copy(path: Path) -> float:
    columns = ", ".join(f"{name} text" for name in HEADER)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_ew_bare")
        cursor.execute(f"CREATE TABLE bench_ew_bare ({columns})")
    start = time.perf_counter()
    with (
        connection.cursor() as cursor,
        path.open("rb") as handle,
        cursor.cursor.copy(
            "COPY bench_ew_bare FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)"
        ) as copy,
    ):
        while data := handle.read(1 << 20):
            copy.write(data)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_ew_bare")
    return seconds


def reset(municipality) -> None:
    batches = "SELECT id FROM stabiel_signals_importbatch WHERE municipality_id = %s"
    tables = [
        ("earlywarning_contactattempt", "municipality_id = %s"),
        ("earlywarning_debtsignal", "municipality_id = %s"),
        ("earlywarning_report", "municipality_id = %s"),
        (
            "stabiel_signals_signal",
            "municipality_id = %s AND reference LIKE 'vroegsignaal-%%'",
        ),
        ("stabiel_signals_importrejection", f"batch_id IN ({batches} AND kind = 'earlywarning')"),
        ("stabiel_signals_importchunk", f"batch_id IN ({batches} AND kind = 'earlywarning')"),
        ("stabiel_signals_importbatch", "municipality_id = %s AND kind = 'earlywarning'"),
    ]
    with connection.cursor() as cursor:
        for table, where in tables:
            cursor.execute(f"DELETE FROM {table} WHERE {where}", [municipality.pk])


def phase_product(path: Path, municipality, partner, user) -> dict:
    from stabiel.signals.importing.pipeline import batch_process
    from stabiel.signals.services import batch_create

    start = time.perf_counter()
    with path.open("rb") as handle:
        receipt = batch_create(
            municipality=municipality,
            kind="earlywarning",
            partner=partner,
            uploaded_by=user,
            filename=path.name,
            stream=handle,
            size=path.stat().st_size,
        )
    stored = time.perf_counter() - start
    start = time.perf_counter()
    batch = batch_process(receipt.batch.pk)
    processed = time.perf_counter() - start
    return {
        "store_s": round(stored, 2),
        "process_s": round(processed, 2),
        "status": batch.status,
        "message": batch.message,
        "created": batch.created_count,
        "rejected": batch.rejected_count,
    }


def phase_ready(worker) -> tuple[float, dict]:
    from stabiel.earlywarning.models import DebtSignal, Report
    from stabiel.earlywarning.queries import report_list

    start = time.perf_counter()
    qs = report_list(actor=worker, state="open")
    count = qs.count()
    first_page = list(qs[:50])
    seconds = time.perf_counter() - start
    municipality = worker.municipality
    signals = DebtSignal.objects.filter(municipality=municipality)
    return seconds, {
        "reports": Report.objects.filter(municipality=municipality).count(),
        "open_reports_in_list": count,
        "first_page": len(first_page),
        "several_creditors": Report.objects.filter(
            municipality=municipality, several_creditors=True
        ).count(),
        "unsure": signals.filter(match="unsure").count(),
        "unmatched": signals.filter(match="unmatched").count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--workdir", default="/tmp/stabiel-bench")  # noqa: S108 - scratch files
    args = parser.parse_args()
    vendor = connection.vendor
    print(
        f"Stabiel early-warning benchmark on {vendor}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        flush=True,
    )
    start = time.perf_counter()
    municipality, people = setup_population(args.households)
    print(f"  population ready: {time.perf_counter() - start:.1f} s", flush=True)
    partner, _ = PartnerOrganisation.objects.get_or_create(
        municipality=municipality, name="Signaalportaal", defaults={"kind": "other"}
    )
    team = Team.objects.get(municipality=municipality, name="Benchteam")
    worker = user_save(
        municipality=municipality,
        user=User.objects.filter(username="bench-ew").first(),
        username="bench-ew",
        first_name="Bench",
        last_name="Worker",
        email="bench-ew@example.org",
        roles=[Role.ACCESS_WORKER],
        teams=[team],
    )
    reset(municipality)
    # What autovacuum does after the deletes above; done now so that it does not run inside
    # the timed steps (the figures then vary by seconds between runs on a two-core machine).
    settle(
        "earlywarning_debtsignal",
        "earlywarning_report",
        "stabiel_signals_signal",
        "stabiel_signals_importchunk",
        "stabiel_signals_importbatch",
    )
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"vroegsignalen-{args.rows}.csv"
    write_file(path, args.rows, people)
    results = {"rows": args.rows, "households": args.households, "database": vendor}
    if vendor == "postgresql":
        results["raw_copy_s"] = round(phase_raw_copy(path), 2)
        print(f"  (a) raw COPY: {results['raw_copy_s']} s", flush=True)
    results.update(phase_product(path, municipality, partner, worker))
    print(f"  (b) store upload: {results['store_s']} s, import and match: {results['process_s']} s")
    ready_s, shape = phase_ready(worker)
    results["ready_s"] = round(ready_s, 2)
    results.update(shape)
    results["total_s"] = round(results["store_s"] + results["process_s"] + ready_s, 2)
    print(f"  (c) first page of the report list: {results['ready_s']} s")
    if "raw_copy_s" in results:
        results["ratio_to_raw_copy"] = round(results["total_s"] / results["raw_copy_s"], 1)
    print(json.dumps(results, indent=2))
    reset(municipality)


if __name__ == "__main__":
    main()
