"""The main screens of every role at scale: p50/p95 per page, against the smallest request.

    eval "$(bin/pg-temp start)"
    .venv/bin/python benchmarks/signals_benchmark.py --rows 1000000 --households 100000
    .venv/bin/python benchmarks/screens_benchmark.py --cases 300 --requests 20
    bin/pg-temp stop "$PGTEMP_DIR"

Uses the database the signals benchmark leaves behind (1,000,000 signals, 100,000 households,
about 70,000 open alerts, all in one team's area). Adds what the screens need and the signals
benchmark does not make: one user per role in that team, and `--cases` open cases with a worker
(through the casework service, from open alerts). Then, for every role, every page of its menu
plus the first detail page of a list (an alert, a case) is asked `--requests` times by a
logged-in test client (the whole Django stack: middleware, session, the view, the template),
after two warm-up requests. The baseline, asked the same number of times in the same run, is
the health check `/gezond` (the whole stack and one database round trip) and the login page
(the smallest whole page: base template and a form, no data). Reports p50 and p95 per page as
milliseconds and as a ratio to the login page's p95, and the median Python CPU time and database
time per request: on a shared machine the wall times follow the other programs' load, the CPU
time of the benchmark's own process hardly does.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stabiel.conf.dev")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from stabiel.accounts.models import Municipality, PartnerOrganisation, RoleGrant, Team, User  # noqa: E402
from stabiel.accounts.roles import Role  # noqa: E402
from stabiel.home.menu import menu_for  # noqa: E402

BENCH_CBS = "GM9999"
GOAL_MS = 200.0


def users_per_role(municipality, team, partner) -> dict[str, User]:
    users = {}
    for role in Role:
        user, _ = User.objects.get_or_create(
            username=f"screens-{role.value}",
            defaults={
                "municipality": municipality,
                "partner_organisation": partner if role == Role.PARTNER_REPORTER else None,
            },
        )
        RoleGrant.objects.get_or_create(user=user, role=role.value)
        if role in (Role.ACCESS_WORKER, Role.TEAM_LEAD):
            user.teams.add(team)
        users[role.value] = user
    return users


def open_cases(municipality, team, worker, count: int) -> int:
    """Open cases from the oldest open alerts until `count` are open (the casework service)."""
    from stabiel.cases.models import Case
    from stabiel.cases.services import case_open
    from stabiel.rules.models import Alert

    have = Case.objects.filter(municipality=municipality, closed_on__isnull=True).count()
    if have >= count:
        return have
    taken = set(
        Case.objects.filter(municipality=municipality).values_list("household_id", flat=True)
    )
    for alert in (
        Alert.objects.filter(municipality=municipality, status="open")
        .select_related("household__area")
        .order_by("pk")
        .iterator()
    ):
        if alert.household_id in taken:
            continue
        case_open(
            actor=worker, household=alert.household, team=team, case_lead=worker, origin_alert=alert
        )
        taken.add(alert.household_id)
        have += 1
        if have >= count:
            break
    return have


def detail_pages(municipality) -> dict[str, list[str]]:
    """A detail page behind the lists: the newest alert and the newest case."""
    from stabiel.cases.models import Case
    from stabiel.rules.models import Alert

    alert = Alert.objects.filter(municipality=municipality, status="open").order_by("-pk").first()
    case = Case.objects.filter(municipality=municipality).order_by("-pk").first()
    pages = []
    if alert:
        pages.append(reverse("alerts:alert-detail", args=[alert.pk]))
    if case:
        pages.append(reverse("cases:case-detail", args=[case.pk]))
    return {Role.ACCESS_WORKER.value: pages, Role.TEAM_LEAD.value: pages}


class QueryClock:
    """Adds up the wall time of every database call, to tell database from Python time."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def timings(client: Client, path: str, requests: int) -> tuple[list[float], int, float, float]:
    """Sorted wall times (ms), the last status, and the median Python CPU time and database
    time per request (ms). CPU time counts only this process's own work, so it barely moves when
    other programs load the machine; wall time is what a user waits."""
    status = 0
    for _ in range(2):  # warm-up: first-use caches, compiled templates
        status = client.get(path).status_code
    samples, cpu, db = [], [], []
    for _ in range(requests):
        clock = QueryClock()
        with connection.execute_wrapper(clock):
            cpu_start, start = time.process_time(), time.perf_counter()
            status = client.get(path).status_code
            wall = time.perf_counter() - start
            cpu.append((time.process_time() - cpu_start) * 1000)
        samples.append(wall * 1000)
        db.append(clock.seconds * 1000)
    return sorted(samples), status, statistics.median(cpu), statistics.median(db)


def p95(samples: list[float]) -> float:
    return samples[min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", default="", help="measure only paths containing this text")
    parser.add_argument("--skip", default="", help="leave out paths containing this text")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit('Run against PostgreSQL: eval "$(bin/pg-temp start)" first.')
    settings.ALLOWED_HOSTS = ["*"]
    # Plain static URLs: measuring pages must not need a collectstatic manifest first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    municipality = Municipality.objects.get(cbs_code=BENCH_CBS)
    team = Team.objects.get(municipality=municipality, name="Benchteam")
    partner = PartnerOrganisation.objects.filter(municipality=municipality).first()
    users = users_per_role(municipality, team, partner)
    cases = open_cases(municipality, team, users[Role.ACCESS_WORKER.value], args.cases)
    from stabiel.rules.models import Alert
    from stabiel.signals.models import Signal

    scale = {
        "signals": Signal.objects.filter(municipality=municipality).count(),
        "open_alerts": Alert.objects.filter(municipality=municipality, status="open").count(),
        "open_cases": cases,
    }
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()}"
    )
    print(f"Scale: {scale}")
    details = detail_pages(municipality)

    anonymous = Client()
    baseline, *_ = timings(anonymous, "/gezond", args.requests)
    base95 = p95(baseline)
    print(f"Baseline /gezond: p50 {statistics.median(baseline):.1f} ms, p95 {base95:.1f} ms")
    # The smallest whole page (the base template, a form, no data): what any page costs here.
    page_base, _, page_cpu, _ = timings(anonymous, reverse("accounts:login"), args.requests)
    page95 = p95(page_base)
    print(
        f"Page baseline /accounts/login/: p50 {statistics.median(page_base):.1f} ms, "
        f"p95 {page95:.1f} ms, Python CPU {page_cpu:.1f} ms"
    )
    print()
    print(
        "| role | page | status | p50 ms | p95 ms | p95 / login page | Python CPU ms | "
        "database ms | under 200 ms? |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    slow = []
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        paths = [item["url"] for item in menu_for(user)] + details.get(role, [])
        for path in dict.fromkeys(paths):
            if (args.only and args.only not in path) or (args.skip and args.skip in path):
                continue
            samples, status, cpu_ms, db_ms = timings(client, path, args.requests)
            p50, p95_ms = statistics.median(samples), p95(samples)
            ok = p95_ms < GOAL_MS
            if not ok:
                slow.append((role, path, p95_ms))
            print(
                f"| {Role(role).label} | `{path}` | {status} | {p50:.1f} | {p95_ms:.1f} | "
                f"{p95_ms / page95:.1f} x | {cpu_ms:.1f} | {db_ms:.1f} | "
                f"{'yes' if ok else '**no**'} |",
                flush=True,
            )
    print()
    print(f"Measured {timezone.now():%Y-%m-%d %H:%M} UTC; command: {' '.join(sys.argv)}")
    if slow:
        print(f"{len(slow)} pages at or over {GOAL_MS:.0f} ms at p95:")
        for role, path, ms in slow:
            print(f"  {role} {path}: {ms:.0f} ms")
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
