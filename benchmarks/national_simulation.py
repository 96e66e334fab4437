"""A national host at reduced size: many municipalities on one PostgreSQL, and the nightly run.

    eval "$(bin/pg-temp start)"
    .venv/bin/python benchmarks/national_simulation.py --small 4 --large 4
    bin/pg-temp stop "$PGTEMP_DIR"

Builds `--small` municipalities of 2,500 households with 25,000 signals each and `--large` of
10,000 households with 100,000 signals (with `--factor`, both sizes grow), all in one database,
as a national host would hold them. Signals are the product's checked rows (the import's own
row check), stored with COPY: what is measured here is not the import but what comes after.
For every municipality it measures the grouped count (the baseline: one pass over the
municipality's signals of the last 90 days), the first full rule run and the nightly run (the
same run again, nothing new), and an alert list page. From the two sizes it fits
`time = a + b x signals` per municipality and extrapolates the nightly run of 342 municipalities
holding 10,000,000 signals together: a sum over municipalities of (a + b x s) is
342 x a + b x 10,000,000, whatever the spread of sizes. `docs/scaling.md` holds the figures.
"""

import argparse
import csv
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import signals_benchmark as base
from django.db import connection
from django.test import Client

from stabiel.accounts.models import PartnerOrganisation, RoleGrant, Team, User
from stabiel.accounts.roles import Role
from stabiel.rules.engine import rules_run

NATIONAL_MUNICIPALITIES = 342
NATIONAL_SIGNALS = 10_000_000
COLUMNS = (
    "municipality_id, signal_type_id, household_id, person_id, observed_on, received_on, "
    "partner_id, reported_by_id, reference, note, channel, batch_id, content_hash, status, "
    "created_at, updated_at"
)


def store_signals(municipality, people, rows: int, work: Path) -> None:
    from stabiel.signals.models import Signal

    if Signal.objects.filter(municipality=municipality).exists():
        return
    partner, _ = PartnerOrganisation.objects.get_or_create(
        municipality=municipality, name="Simulatie partner", defaults={"kind": "energy"}
    )
    path = work / f"{municipality.cbs_code}-{rows}.csv"
    base.write_file(path, rows, people, prefix=municipality.cbs_code)
    checked = base.validated_rows(path, municipality, partner)
    with (
        connection.cursor() as cursor,
        checked.open("rb") as handle,
        cursor.cursor.copy(
            f"COPY stabiel_signals_signal ({COLUMNS}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        ) as copy,
    ):
        while data := handle.read(1 << 20):
            copy.write(data)
    path.unlink()
    checked.unlink()


def worker_for(municipality) -> User:
    team = Team.objects.get(municipality=municipality, name="Benchteam")
    user, _ = User.objects.get_or_create(
        username=f"sim-{municipality.cbs_code}", defaults={"municipality": municipality}
    )
    RoleGrant.objects.get_or_create(user=user, role=Role.ACCESS_WORKER.value)
    user.teams.add(team)
    return user


def alert_list_ms(user, requests: int = 10) -> float:
    """p95 of the access worker's alert list (the largest list of a municipality)."""
    client = Client()
    client.force_login(user)
    for _ in range(2):
        client.get("/meldingen/")
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get("/meldingen/")
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares a + b x x."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    b = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx if sxx else 0.0
    return mean_y - b * mean_x, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=4)
    parser.add_argument("--large", type=int, default=4)
    parser.add_argument("--factor", type=float, default=1.0)
    parser.add_argument("--workdir", default="/tmp/stabiel-national")  # noqa: S108 - scratch
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit('Run against PostgreSQL: eval "$(bin/pg-temp start)" first.')
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    # Plain static URLs: measuring pages must not need a collectstatic manifest first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    sizes = [(int(2_500 * args.factor), int(25_000 * args.factor))] * args.small + [
        (int(10_000 * args.factor), int(100_000 * args.factor))
    ] * args.large
    municipalities = []
    for index, (households, signals) in enumerate(sizes):
        code = f"GM98{index:02d}"
        _, (municipality, people) = base.timed(
            f"{code}: population of {households}",
            base.setup_population,
            households,
            cbs_code=code,
            seed=100 + index,
        )
        base.timed(f"{code}: {signals} signals", store_signals, municipality, people, signals, work)
        municipalities.append((municipality, households, signals))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE stabiel_signals_signal, stabiel_signals_household")

    rows = []
    for municipality, households, signals in municipalities:
        count_s = min(base.grouped_count(municipality)[0] for _ in range(3))
        first_s, first = base.timed(
            f"{municipality.cbs_code}: first full run",
            rules_run,
            municipality_id=municipality.pk,
            today=base.TODAY,
        )
        nightly_s, _ = base.timed(
            f"{municipality.cbs_code}: nightly run",
            rules_run,
            municipality_id=municipality.pk,
            today=base.TODAY,
        )
        rows.append(
            {
                "municipality": municipality.cbs_code,
                "households": households,
                "signals": signals,
                "alerts": first.total_raised,
                "grouped_count_s": round(count_s, 3),
                "first_run_s": round(first_s, 2),
                "nightly_run_s": round(nightly_s, 3),
                "nightly_over_count": round(nightly_s / count_s, 2) if count_s else None,
                "alert_list_p95_ms": round(alert_list_ms(worker_for(municipality)), 1),
            }
        )
        print(json.dumps(rows[-1]), flush=True)

    a_night, b_night = fit([(r["signals"], r["nightly_run_s"]) for r in rows])
    a_first, b_first = fit([(r["signals"], r["first_run_s"]) for r in rows])
    national_nightly = NATIONAL_MUNICIPALITIES * a_night + b_night * NATIONAL_SIGNALS
    national_first = NATIONAL_MUNICIPALITIES * a_first + b_first * NATIONAL_SIGNALS
    print()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()}"
    )
    print(f"Command: {' '.join(sys.argv)}")
    print()
    print(
        "| municipality | households | signals | alerts | grouped count s | first run s | "
        "nightly run s | nightly / count | alert list p95 ms |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['municipality']} | {r['households']} | {r['signals']} | {r['alerts']} | "
            f"{r['grouped_count_s']} | {r['first_run_s']} | {r['nightly_run_s']} | "
            f"{r['nightly_over_count']} | {r['alert_list_p95_ms']} |"
        )
    print()
    print(
        f"Nightly run per municipality: {a_night:.3f} s + {b_night * 1e6:.3f} s per million signals"
    )
    print(
        f"First run per municipality: {a_first:.3f} s + {b_first * 1e6:.3f} s per million signals"
    )
    print(
        f"Extrapolated, {NATIONAL_MUNICIPALITIES} municipalities with {NATIONAL_SIGNALS:,} signals, "
        f"one after the other on one server: nightly {national_nightly / 60:.1f} min, "
        f"first run {national_first / 60:.1f} min"
    )
    with (work / "national.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
