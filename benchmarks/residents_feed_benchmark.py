"""The population feed at scale: a register extract of a 100,000-inhabitant municipality, first
as a first load, then again a month later with 1 % of the persons changed.

    eval "$(bin/pg-temp start)"
    .venv/bin/python benchmarks/residents_feed_benchmark.py --households 45000
    bin/pg-temp stop "$PGTEMP_DIR"

Measured in one run, on one database, for each of the two files:
  (a) raw COPY of the file into a bare table of text columns (the absolute limit),
  (b) the product as the administrator's screen and `residents_import` run it: store the file
      and work out the preview (the difference against the stored register, nothing written),
      then apply it for real, all or nothing, with every change kept as history.
Each feed is applied in a child process so its peak memory (RSS) is its own.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stabiel.conf.dev")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from stabiel.accounts.models import Municipality  # noqa: E402
from stabiel.residents.models import Person, RegisterChange, RegisterFeed  # noqa: E402
from stabiel.residents.register.sample import (  # noqa: E402
    HEADER,
    as_csv,
    changed_rows,
    sample_rows,
)
from stabiel.residents.services import register_feed_apply, register_feed_receive  # noqa: E402

CBS_CODE = "GM9355"  # a municipality of its own, so a demo database is left alone
TABLES = [  # child tables first
    ("residents_registerchange", "municipality_id = %s"),
    (
        "stabiel_signals_membership",
        "person_id IN (SELECT id FROM stabiel_signals_person WHERE municipality_id = %s)",
    ),
    (
        "stabiel_signals_personidentity",
        "person_id IN (SELECT id FROM stabiel_signals_person WHERE municipality_id = %s)",
    ),
    ("residents_groupingcorrection", "municipality_id = %s"),
    (
        "residents_registerfeedrow",
        "feed_id IN (SELECT id FROM residents_registerfeed WHERE municipality_id = %s)",
    ),
    (
        "residents_registerfeedchunk",
        "feed_id IN (SELECT id FROM residents_registerfeed WHERE municipality_id = %s)",
    ),
    (
        "residents_registerfeedprogress",
        "feed_id IN (SELECT id FROM residents_registerfeed WHERE municipality_id = %s)",
    ),
    ("residents_registerfeed", "municipality_id = %s"),
    ("stabiel_signals_person", "municipality_id = %s"),
    (
        "stabiel_signals_householdaddress",
        "household_id IN (SELECT id FROM stabiel_signals_household WHERE municipality_id = %s)",
    ),
    ("stabiel_signals_household", "municipality_id = %s"),
]


def municipality_get() -> Municipality:
    municipality, _created = Municipality.objects.get_or_create(
        cbs_code=CBS_CODE, defaults={"name": "Benchgemeente"}
    )
    return municipality


def reset(municipality: Municipality) -> None:
    with connection.cursor() as cursor:
        for table, where in TABLES:
            cursor.execute(f"DELETE FROM {table} WHERE {where}", [municipality.pk])


def settle() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table, _where in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")


def raw_copy(path: Path) -> float:
    columns = ", ".join(f"{name} text" for name in HEADER)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_feed_bare")
        cursor.execute(f"CREATE TABLE bench_feed_bare ({columns})")
    start = time.perf_counter()
    with (
        connection.cursor() as cursor,
        path.open("rb") as handle,
        cursor.cursor.copy(
            "COPY bench_feed_bare FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)"
        ) as copy,
    ):
        while data := handle.read(1 << 20):
            copy.write(data)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_feed_bare")
    return seconds


def peak_rss_mb() -> int:
    """This process's own peak resident memory (VmHWM). Not ru_maxrss: on Linux that keeps the
    peak of the forked copy of the parent from before exec, and the parent holds every row it
    wrote to the files, so it grew with the size of the extract whatever the child did."""
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def backend_cpu_s() -> float:
    """CPU seconds used so far by this connection's PostgreSQL server process (same machine):
    with the script's own CPU time, the work done whatever else runs on the machine."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def apply_child(path: Path) -> None:
    """In the child: preview and apply one file; print the figures as JSON."""
    municipality = municipality_get()
    server_before = backend_cpu_s()
    start = time.perf_counter()
    with path.open("rb") as handle:  # stored a megabyte at a time, as residents_import does
        feed = register_feed_receive(municipality=municipality, name=path.name, data=handle)
    preview_s = time.perf_counter() - start
    if feed.status != RegisterFeed.Status.PREVIEW:
        raise SystemExit(f"preview failed: {feed.summary}")
    start = time.perf_counter()
    feed = register_feed_apply(municipality=municipality, feed_id=feed.pk)
    apply_s = time.perf_counter() - start
    if feed.status != RegisterFeed.Status.APPLIED:
        raise SystemExit(f"apply failed: {feed.summary}")
    print(
        json.dumps(
            {
                "preview_s": round(preview_s, 2),
                "apply_s": round(apply_s, 2),
                "total_s": round(preview_s + apply_s, 2),
                "peak_rss_mb": peak_rss_mb(),
                "cpu_s": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 2),
                "db_cpu_s": round(backend_cpu_s() - server_before, 2),
                "summary": feed.summary,
            }
        )
    )


def product(path: Path) -> dict:
    out = subprocess.run(  # noqa: S603 - this script itself, with a path it made
        [sys.executable, __file__, "--child", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=45_000)
    parser.add_argument("--share", type=float, default=0.01)
    parser.add_argument("--workdir", default="/tmp/stabiel-feed-bench")  # noqa: S108 - made-up data
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        apply_child(Path(args.child))
        return
    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    print(
        f"Stabiel register-feed benchmark on {vendor}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        flush=True,
    )
    municipality = municipality_get()
    reset(municipality)
    settle()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    rows = [
        {**row, "gemeentecode": CBS_CODE[2:]} for row in sample_rows(args.households, seed=9355)
    ]
    first = workdir / f"brp-{args.households}.csv"
    first.write_text(as_csv(rows), encoding="utf-8")
    repeat = workdir / f"brp-{args.households}-changed.csv"
    # The arrivals changed_rows adds carry the demo's code: this municipality's code for all.
    changed = [
        {**row, "gemeentecode": CBS_CODE[2:]} for row in changed_rows(rows, share=args.share)
    ]
    repeat.write_text(as_csv(changed), encoding="utf-8")
    results: dict = {"persons": len(rows), "households": args.households, "database": vendor}
    for label, path in (("first", first), ("repeat", repeat)):
        if vendor == "postgresql":
            results[f"{label}_raw_copy_s"] = round(raw_copy(path), 3)
        figures = product(path)
        results[f"{label}_summary"] = figures.pop("summary")
        results.update({f"{label}_{key}": value for key, value in figures.items()})
        if vendor == "postgresql":
            results[f"{label}_ratio_to_raw_copy"] = round(
                figures["total_s"] / results[f"{label}_raw_copy_s"], 1
            )
        print(f"  {label}: {figures}", flush=True)
        settle()
    results["persons_stored"] = Person.objects.filter(municipality=municipality).count()
    results["changes_stored"] = RegisterChange.objects.filter(municipality=municipality).count()
    print(json.dumps(results, indent=2))
    reset(municipality)


if __name__ == "__main__":
    main()
