"""Outcome figure pages at scale: 1,000,000 signals and 100,000 households on PostgreSQL.

    eval "$(bin/pg-temp start)"
    .venv/bin/python benchmarks/insights_benchmark.py --signals 1000000 --households 100000
    bin/pg-temp stop "$PGTEMP_DIR"

Builds one municipality (ten districts, ten teams) with the households and signals made in the
database itself (generate_series), then about 3% of the signals as alerts over the past year with
their evidence, triages, cases, visits, check-ins, broad looks, plans and closings (bulk
inserts). Then every outcome page (the overview with all twelve figures, and each figure's page)
is requested as a logged-in policy adviser through Django's test client, three times each; the
slowest of the three is reported. The baseline, measured in the same run on the same database:
one grouped count over all signals of the year (signals per household and month), the cheapest
question that reads the whole signal table.
"""

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stabiel.conf.dev")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from stabiel.accounts.models import Area, Municipality, PartnerOrganisation, Team, User  # noqa: E402
from stabiel.accounts.roles import Role  # noqa: E402
from stabiel.cases.models import (  # noqa: E402
    Agreement,
    Case,
    Contact,
    DomainAssessment,
    Goal,
    Triage,
)
from stabiel.catalogue.models import LifeDomain, SignalType  # noqa: E402
from stabiel.insights.outcomes import FIGURES  # noqa: E402
from stabiel.residents.models import Household  # noqa: E402
from stabiel.rules.models import Alert, AlertEvidence, Rule  # noqa: E402
from stabiel.rules.services import rules_seed  # noqa: E402
from stabiel.signals.models import Signal  # noqa: E402

BENCH_CBS = "GM9998"
TODAY = timezone.localdate()
TEAMS = 10


def timed(label, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.2f} s", flush=True)
    return seconds, result


def setup(households: int, signals: int):
    call_command("migrate", verbosity=0)
    call_command("catalogue_load", verbosity=0, stdout=io.StringIO())
    municipality, made = Municipality.objects.get_or_create(
        cbs_code=BENCH_CBS, defaults={"name": "Inzicht-benchmark"}
    )
    if not made:
        sys.exit("The benchmark municipality exists already: use a fresh database.")
    rules_seed(municipality=municipality, in_force_from=date(2020, 1, 1))
    neighbourhoods = []
    for i in range(TEAMS):
        district = Area.objects.create(
            municipality=municipality, name=f"Wijk {i}", kind="district", cbs_code=f"WK9998{i:02d}"
        )
        neighbourhoods.append(
            Area.objects.create(
                municipality=municipality,
                name=f"Buurt {i}",
                kind="neighbourhood",
                cbs_code=f"BU9998{i:02d}01",
                parent=district,
            )
        )
        Team.objects.create(municipality=municipality, name=f"Team {i}").areas.add(district)
    partner = PartnerOrganisation.objects.create(
        municipality=municipality, name="Bench partner", kind="energy"
    )
    signal_type = SignalType.objects.filter(municipality__isnull=True).first()
    areas = [a.pk for a in neighbourhoods]
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {Household._meta.db_table}
                (municipality_id, pseudonym, label, area_id, created_at, updated_at)
                SELECT %s, 'ib' || n, 'HH-B' || n,
                       (%s::bigint[])[1 + n %% {TEAMS}], %s, %s
                FROM generate_series(1, %s) AS n""",
            [municipality.pk, areas, now, now, households],
        )
        cursor.execute(
            f"SELECT min(id) FROM {Household._meta.db_table} WHERE municipality_id = %s",
            [municipality.pk],
        )
        first = cursor.fetchone()[0]
        cursor.execute(
            f"""INSERT INTO {Signal._meta.db_table}
                (municipality_id, signal_type_id, household_id, observed_on, received_on,
                 partner_id, reference, note, channel, content_hash, status, created_at,
                 updated_at)
                SELECT %s, %s, %s + (n::bigint * 7919) %% %s, %s::date - (n %% 365),
                       %s::date - (n %% 365), %s, 'IB' || n, '', 'file', md5(n::text)::varchar(32),
                       'received', %s, %s
                FROM generate_series(1, %s) AS n""",
            [
                municipality.pk,
                signal_type.pk,
                first,
                households,
                TODAY,
                TODAY,
                partner.pk,
                now,
                now,
                signals,
            ],
        )
        cursor.execute(f"ANALYZE {Household._meta.db_table}")
        cursor.execute(f"ANALYZE {Signal._meta.db_table}")
    return municipality


def casework(municipality, share: int) -> dict:
    """Alerts for one signal in `share`, and the casework after them, in bulk."""
    rng = random.Random(17)
    rules = list(Rule.objects.filter(municipality=municipality).prefetch_related("versions"))
    teams = {
        area_id: team_id
        for team_id, area_id in Team.areas.through.objects.filter(
            team__municipality=municipality
        ).values_list("team_id", "area__children")
    }
    worker = User.objects.create(username="bench-worker", municipality=municipality)
    core = list(LifeDomain.objects.filter(weight="core", municipality__isnull=True))
    picked = list(
        Signal.objects.filter(municipality=municipality, id__gt=0)
        .annotate(slot=F("id") % share)
        .filter(slot=0)
        .values_list("id", "household_id", "household__area_id", "received_on")
    )
    alerts = []
    for signal_id, household_id, area_id, received in picked:
        rule = rng.choice(rules)
        raised = min(received + timedelta(days=rng.randint(0, 6)), TODAY)
        alerts.append(
            Alert(
                municipality=municipality,
                household_id=household_id,
                rule=rule,
                rule_version=rule.versions.all()[0],
                team_id=teams.get(area_id),
                status="closed",
                close_reason="Triage",
                raised_on=raised,
                due_on=raised + timedelta(days=10),
                evidence_fingerprint=str(signal_id),
            )
        )
    Alert.objects.bulk_create(alerts, batch_size=5000)
    AlertEvidence.objects.bulk_create(
        [
            AlertEvidence(alert=a, signal_id=int(a.evidence_fingerprint), added_on=a.raised_on)
            for a in alerts
        ],
        batch_size=5000,
    )
    triages, cases = [], []
    for alert in alerts:
        if rng.random() < 0.8:
            on = alert.raised_on + timedelta(days=rng.randint(0, 8))
            visit = rng.random() < 0.6
            case = None
            if visit:
                case = Case(
                    municipality=municipality,
                    household_id=alert.household_id,
                    team_id=alert.team_id
                    or Team.objects.filter(municipality=municipality).first().pk,
                    case_lead=worker,
                    opened_on=on,
                    origin_alert=alert,
                    status="closed",
                    closed_on=on + timedelta(days=rng.randint(30, 200)),
                    closed_reason="Klaar",
                    well_landed=rng.random() < 0.7,
                )
                cases.append(case)
            triages.append((alert, on, visit, case))
    Case.objects.bulk_create(cases, batch_size=5000)
    made_triages = Triage.objects.bulk_create(
        [
            Triage(
                municipality=municipality,
                alert=alert,
                urgency="soon",
                outcome="visit" if visit else "no_action",
                reason="" if visit else "Er is al hulp",
                due_on=on,
                decided_by=worker,
                case=case,
            )
            for alert, on, visit, case in triages
        ],
        batch_size=5000,
    )
    for triage, (_alert, on, _visit, _case) in zip(made_triages, triages, strict=True):
        triage.created_at = timezone.make_aware(datetime.combine(on, dtime(12)))
    Triage.objects.bulk_update(made_triages, ["created_at"], batch_size=5000)
    contacts, assessments, goals = [], [], []
    for case in cases:
        if rng.random() < 0.7:
            contacts.append(
                Contact(
                    municipality=municipality,
                    case=case,
                    kind="visit",
                    worker=worker,
                    due_on=case.opened_on + timedelta(days=3),
                    status="done",
                    done_on=case.opened_on + timedelta(days=3),
                )
            )
        for k in (1, 2):
            done = rng.random() < 0.75
            due = case.opened_on + timedelta(days=30 * k)
            contacts.append(
                Contact(
                    municipality=municipality,
                    case=case,
                    kind="check_in",
                    worker=worker,
                    due_on=due,
                    status="done" if done else "planned",
                    done_on=due if done else None,
                )
            )
        if rng.random() < 0.7:
            assessments += [
                DomainAssessment(
                    municipality=municipality,
                    case=case,
                    life_domain=domain,
                    state="stable",
                    assessed_by=worker,
                    assessed_on=case.opened_on,
                )
                for domain in core
            ]
        if rng.random() < 0.6:
            goals.append(Goal(municipality=municipality, case=case, text="Rust"))
    Contact.objects.bulk_create(contacts, batch_size=5000)
    DomainAssessment.objects.bulk_create(assessments, batch_size=5000)
    Goal.objects.bulk_create(goals, batch_size=5000)
    Agreement.objects.bulk_create(
        [
            Agreement(
                municipality=municipality,
                case=g.case,
                goal=g,
                what="Bellen",
                owner="worker",
                owner_name="Medewerker",
                due_on=g.case.opened_on,
            )
            for g in goals
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        for model in (Alert, AlertEvidence, Triage, Case, Contact, DomainAssessment, Goal):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return {
        "alerts": len(alerts),
        "triages": len(made_triages),
        "cases": len(cases),
        "contacts": len(contacts),
    }


def baseline(municipality) -> float:
    """One grouped count over the year's signals: per household and month."""
    sql = f"""SELECT household_id, date_trunc('month', received_on), count(*)
              FROM {Signal._meta.db_table}
              WHERE municipality_id = %s AND received_on >= %s
              GROUP BY 1, 2"""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [municipality.pk, TODAY - timedelta(days=365)])
        cursor.fetchall()
    return time.perf_counter() - start


def pages(municipality) -> dict[str, float]:
    user = User.objects.create(username="bench-beleid", municipality=municipality)
    user.role_grants.create(role=Role.POLICY_ADVISER)
    client = Client()
    client.force_login(user)
    urls = {"overview": reverse("insights:outcomes")}
    for code in FIGURES:
        urls[code] = reverse("insights:outcome-figure", args=[code])
    slowest = {}
    for name, url in urls.items():
        times = []
        for _ in range(3):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
        slowest[name] = max(times)
        print(f"  {name}: slowest of 3 {max(times):.3f} s", flush=True)
    return slowest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--alert-share", type=int, default=33, help="one alert per N signals")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark is for PostgreSQL (set DATABASE_URL).")
    print(
        f"Stabiel insights benchmark on {connection.vendor}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    _, municipality = timed("households and signals", setup, args.households, args.signals)
    _, counts = timed("casework", casework, municipality, args.alert_share)
    base = [baseline(municipality) for _ in range(3)]
    slowest = pages(municipality)
    worst = max(slowest.values())
    results = {
        "signals": args.signals,
        "households": args.households,
        **counts,
        "baseline_grouped_count_s": round(statistics.median(base), 3),
        "slowest_page": max(slowest, key=slowest.get),
        "slowest_page_s": round(worst, 3),
        "overview_s": round(slowest["overview"], 3),
        "ratio_slowest_page_to_baseline": round(worst / statistics.median(base), 2),
        "pages_s": {k: round(v, 3) for k, v in slowest.items()},
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
