"""The HSDS services list for a region of 2,000 offerings, on PostgreSQL (issue 15: < 200 ms).

    eval "$(bin/pg-temp start)"
    .venv/bin/python benchmarks/hsds_benchmark.py --offerings 2000
    bin/pg-temp stop "$PGTEMP_DIR"

Builds a region of four municipalities that all publish their inventory, with 200 providers and
the given number of offerings spread over them (bulk inserts, every provision type and shell of
the catalogue). Then requests `/hsds/<code>/services` anonymously through Django's test client:
the first, a middle and the last page at the default 50 per page, the largest page (200), and a
page of fully nested services; each seven times, median and slowest reported. Baseline, in the
same run on the same database: the cheapest read of one page of the same rows (one `count` and
one `LIMIT 50` select of the offering table with its provider, by raw SQL), without rendering.
Every served page is checked against the HSDS schema once.
"""

import argparse
import io
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stabiel.conf.dev")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from stabiel.accounts.models import Municipality, Region  # noqa: E402
from stabiel.catalogue.models import ProvisionType, Shell  # noqa: E402
from stabiel.inventory.hsds import schemas  # noqa: E402
from stabiel.inventory.models import InventorySettings, Offering, Provider  # noqa: E402

CODES = ["GM9990", "GM9991", "GM9992", "GM9993"]
PROVIDERS = 200
RUNS = 7
FRAMES = {
    "informeel": ("", ""),
    "sociaal-domein": ("wmo", "algemeen"),
    "overige-kaders": ("zvw", ""),
}


def build(offerings: int) -> Municipality:
    call_command("migrate", verbosity=0)
    call_command("catalogue_load", verbosity=0, stdout=io.StringIO())
    Offering.objects.filter(municipality__cbs_code__in=CODES).delete()
    Provider.objects.filter(municipality__cbs_code__in=CODES).delete()
    region, _ = Region.objects.get_or_create(name="Benchmarkregio HSDS")
    municipalities = []
    for code in CODES:
        municipality, _ = Municipality.objects.get_or_create(
            cbs_code=code, defaults={"name": f"Benchmark {code}", "region": region}
        )
        InventorySettings.objects.update_or_create(
            municipality=municipality, defaults={"hsds_public": True}
        )
        municipalities.append(municipality)
    providers = Provider.objects.bulk_create(
        Provider(
            municipality=municipalities[i % len(municipalities)],
            name=f"Aanbieder {i:03d}",
            phone="030 000 0000",
            email=f"info{i}@example.org",
            website=f"https://aanbieder{i}.example.org/",
            address=f"Voorbeeldstraat {i}" if i % 2 else "",
            postcode="3700 AA",
            city="Zeist",
        )
        for i in range(PROVIDERS)
    )
    types = list(ProvisionType.objects.filter(municipality__isnull=True))
    shells = list(Shell.objects.filter(municipality__isnull=True))
    rows = []
    for i in range(offerings):
        provider = providers[i % PROVIDERS]
        shell = shells[i % len(shells)]
        frame, access = FRAMES.get(shell.code, ("", ""))
        rows.append(
            Offering(
                municipality_id=provider.municipality_id,
                provider=provider,
                provision_type=types[i % len(types)],
                shell=shell,
                name=f"Aanbod {i:05d}",
                description="Een beschrijving van het aanbod in een paar zinnen.",
                legal_frame=frame,
                access_kind=access,
                target_group="Volwassenen",
                capacity=20,
                capacity_unit="tegelijk",
                waiting_days=i % 60,
                funder="gemeente-wmo",
                decider="gemeente",
                referral_contact="030 000 0000",
                valid_from=date(2025, 1, 1),
            )
        )
    Offering.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return municipalities[0]


def baseline(municipality_ids: list[int], offset: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM inventory_offering WHERE municipality_id = ANY(%s)",
            [municipality_ids],
        )
        cursor.fetchone()
        cursor.execute(
            "SELECT o.*, p.* FROM inventory_offering o JOIN inventory_provider p "
            "ON p.id = o.provider_id WHERE o.municipality_id = ANY(%s) "
            "ORDER BY p.name, o.id LIMIT 50 OFFSET %s",
            [municipality_ids, offset],
        )
        cursor.fetchall()


def measure(label: str, func) -> tuple[float, float]:
    func()  # warm
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    median, slowest = statistics.median(times), max(times)
    print(f"  {label}: median {median:.1f} ms, slowest {slowest:.1f} ms", flush=True)
    return median, slowest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offerings", type=int, default=2000)
    args = parser.parse_args()
    print(
        f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {connection.vendor} "
        f"{getattr(connection, 'pg_version', '')}, load {os.getloadavg()}",
        flush=True,
    )
    start = time.perf_counter()
    municipality = build(args.offerings)
    print(f"  built {args.offerings} offerings in {time.perf_counter() - start:.1f} s")
    ids = list(Municipality.objects.filter(cbs_code__in=CODES).values_list("pk", flat=True))
    client = Client(HTTP_HOST="127.0.0.1")
    base = f"/hsds/{municipality.cbs_code}/services"
    pages = -(-args.offerings // 50)

    def get(query: str, schema: str = "service_list"):
        def call():
            response = client.get(f"{base}?{query}")
            if response.status_code != 200:
                raise SystemExit(f"{query}: {response.status_code}")
            return response

        body = call().json()
        if body["total_items"] != args.offerings:
            raise SystemExit(f"{query}: {body['total_items']} items")
        problems = [p for item in body["contents"] for p in schemas.problems(schema, item)]
        if problems:
            raise SystemExit(f"{query}: not valid HSDS: {problems[:3]}")
        return call

    results = {}
    results["baseline"] = measure(
        "baseline: count + one page of 50 by raw SQL", lambda: baseline(ids, 1000)
    )
    for label, query, schema in [
        ("page 1 of 50", "page=1", "service_list"),
        ("middle page of 50", f"page={pages // 2}", "service_list"),
        ("last page of 50", f"page={pages}", "service_list"),
        ("page of 200", "per_page=200&page=3", "service_list"),
        ("page of 50 fully nested", f"full=true&page={pages // 2}", "service"),
    ]:
        results[label] = measure(f"GET services?{query} ({label})", get(query, schema))
    base_median = results["baseline"][0]
    print("ratios (median / baseline median):")
    for label, (median, slowest) in results.items():
        if label != "baseline":
            verdict = "under 200 ms" if slowest < 200 else "OVER 200 ms"
            print(f"  {label}: x{median / base_median:.1f}; slowest {slowest:.1f} ms, {verdict}")


if __name__ == "__main__":
    main()
