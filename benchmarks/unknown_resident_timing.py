"""Does the partner API's answer tell who lives in the municipality? Same answer, same timing.

    eval "$(bin/pg-temp start)"
    .venv/bin/python benchmarks/unknown_resident_timing.py --households 2000 --requests 400
    bin/pg-temp stop "$PGTEMP_DIR"

Sends signals by the API (in process, Django's test client, like the signals benchmark's API
figure), alternating in a shuffled order between residents Stabiel knows (a BSN of the register)
and residents it does not (a valid BSN that is nobody's), and compares: the status codes, the
answer's fields (all but `id` and `kenmerk`), and the time per request — median, 95th percentile
and the difference of the medians with a bootstrap interval. Each request is new (a fresh
kenmerk), as a partner's would be. A known resident's rules run with the answer when the
household is evaluated inline; that is part of what is measured.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# What is measured is the answer, not the rate limit: 800 requests in a minute would hit it.
os.environ.setdefault("API_RATE_LIMIT", "1000000/min")

import signals_benchmark as bench

from stabiel.accounts.models import PartnerOrganisation

UNKNOWN_BSNS = 10_000


def unknown_bsns(known: set[str], count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < count:
        bsn = bench.generated_bsn(rng)
        if bsn not in known:
            found.append(bsn)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=400, help="per kind (known, unknown)")
    parser.add_argument("--warmup", type=int, default=30)
    args = parser.parse_args()

    from rest_framework.test import APIClient

    from stabiel.signals.services import api_client_create

    municipality, people = bench.setup_population(args.households, cbs_code="GM9997")
    partner, _ = PartnerOrganisation.objects.get_or_create(
        municipality=municipality, name="Timing partner", defaults={"kind": "energy"}
    )
    _, token = api_client_create(partner=partner, name="timing")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    known = [bsn for bsn, _pc, _nr in people]
    unknown = unknown_bsns(set(known), args.requests + args.warmup)
    rng = random.Random(5)
    plan = ["known"] * args.requests + ["unknown"] * args.requests
    rng.shuffle(plan)
    plan = ["known", "unknown"] * (args.warmup // 2) + plan
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    answers: dict[str, set] = {"known": set(), "unknown": set()}
    observed = (bench.TODAY - timedelta(days=1)).isoformat()
    for index, kind in enumerate(plan):
        bsn = rng.choice(known) if kind == "known" else unknown[index % len(unknown)]
        body = {
            "signaalsoort": "huurachterstand",
            "bsn": bsn,
            "datum_gezien": observed,
            "kenmerk": f"T-{time.time_ns()}-{index}",
        }
        start = time.perf_counter()
        response = client.post("/api/v1/signalen", body, format="json", HTTP_HOST="127.0.0.1")
        elapsed = (time.perf_counter() - start) * 1000
        shape = json.dumps(
            {k: v for k, v in response.json().items() if k not in ("id", "kenmerk")},
            sort_keys=True,
        )
        answers[kind].add((response.status_code, shape, tuple(sorted(response.headers))))
        if index >= args.warmup // 2 * 2:
            timings[kind].append(elapsed)
    results: dict = {"households": args.households, "requests_per_kind": args.requests}
    for kind, values in timings.items():
        values.sort()
        results[kind] = {
            "median_ms": round(statistics.median(values), 2),
            "p95_ms": round(values[int(0.95 * len(values)) - 1], 2),
            "mean_ms": round(statistics.fmean(values), 2),
        }
    diffs = []
    boot = random.Random(9)
    for _ in range(2000):
        a = [boot.choice(timings["known"]) for _ in timings["known"]]
        b = [boot.choice(timings["unknown"]) for _ in timings["unknown"]]
        diffs.append(statistics.median(a) - statistics.median(b))
    diffs.sort()
    results["median_known_minus_unknown_ms"] = round(
        results["known"]["median_ms"] - results["unknown"]["median_ms"], 2
    )
    results["difference_95_interval_ms"] = [round(diffs[50], 2), round(diffs[1949], 2)]
    results["same_answers"] = answers["known"] == answers["unknown"] and len(answers["known"]) == 1
    results["answers_seen"] = {k: len(v) for k, v in answers.items()}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
