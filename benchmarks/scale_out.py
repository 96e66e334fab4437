"""Several application servers on one PostgreSQL: throughput, latency and exactly-once signals.

    eval "$(bin/pg-temp start)"
    .venv/bin/python benchmarks/scale_out.py --households 20000 --requests 3000
    bin/pg-temp stop "$PGTEMP_DIR"

Starts nginx (Debian's package; installed when missing and run as root) in front of first one
and then two gunicorn application servers (production settings, `stabiel.conf.base`) on the
same PostgreSQL. A separate load process sends partner signals by the API over loopback, with a
fixed number of requests and a time limit, a share of them sent twice with the same reference
(a partner retrying). Afterwards it checks, for each round:
  - every accepted signal is stored exactly once (one row per reference, none missing),
  - a request sent twice is stored once,
  - the alerts the API raised equal those of a full rule run afterwards (the run adds nothing).
Reports throughput with one and two servers, p50/p95/p99 latency and errors as JSON and as a
Markdown table for docs/performance.md. Only loopback addresses are used.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER_SETTINGS = "stabiel.conf.base"
SIGNAL_TYPES = ("huurachterstand", "energieachterstand", "zorgpremieachterstand")


# The load process: no Django, only sockets -------------------------------------------------------


def load_child(port: int, token: str, plan_path: str, concurrency: int, limit_s: float) -> None:
    """Sends the planned requests to 127.0.0.1:port with `concurrency` threads. Prints JSON."""
    plan = json.loads(Path(plan_path).read_text())
    deadline = time.monotonic() + limit_s
    local = threading.local()

    def connection() -> http.client.HTTPConnection:
        if getattr(local, "conn", None) is None:
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        return local.conn

    def send(body: dict) -> tuple[int, float, str]:
        if time.monotonic() > deadline:
            return (0, 0.0, "skipped: time limit")
        payload = json.dumps(body)
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        start = time.perf_counter()
        try:
            conn = connection()
            conn.request("POST", "/api/v1/signalen", body=payload, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                local.conn = None
        except (OSError, http.client.HTTPException) as exc:
            local.conn = None
            return (-1, (time.perf_counter() - start) * 1000, type(exc).__name__)
        return (status, (time.perf_counter() - start) * 1000, body["kenmerk"])

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(send, plan))
    elapsed = time.perf_counter() - started
    print(json.dumps({"elapsed_s": elapsed, "results": results}))


# The measuring process -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer in {seconds} s")


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx-light"], check=True)  # noqa: S607
        return "/usr/sbin/nginx"
    raise SystemExit("nginx is needed: apt-get install nginx-light")


def start_nginx(workdir: Path, port: int, upstream_ports: list[int]) -> subprocess.Popen:
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=3 fail_timeout=5s;" for p in upstream_ports
    )
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    upstream stabiel {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://stabiel;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host 127.0.0.1;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout http_503;
        }}
    }}
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603 - Debian's nginx with our own file
        [nginx_binary(), "-c", str(conf), "-p", str(workdir), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wait_for(f"http://127.0.0.1:{port}/gezond")
    return process


def server_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS,
            "SECRET_KEY": "benchmark-secret-key",
            # The population was pseudonymised with the development key (stabiel.conf.dev).
            "PSEUDONYM_KEY": "dev-only-pseudonym-key",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "false",
            "DATABASE_URL": database_url,
            "API_RATE_LIMIT": "1000000/min",  # the limit is not what is measured here
            "PROXY_COUNT": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    return env


def start_servers(count: int, workers: int, database_url: str) -> tuple[list, list[int]]:
    processes, ports = [], []
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    for _ in range(count):
        port = free_port()
        processes.append(
            subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn
                [
                    gunicorn,
                    "stabiel.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--chdir",
                    str(ROOT / "src"),
                    "--log-level",
                    "warning",
                ],
                env=server_env(database_url),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
        ports.append(port)
    for port in ports:
        wait_for(f"http://127.0.0.1:{port}/gezond")
    return processes, ports


def start_worker(database_url: str) -> subprocess.Popen:
    """One task worker, as in deploy/compose.yaml: the partner API hands the rule run for a known
    resident to a background task, so the alerts exist only once the worker has run them."""
    return subprocess.Popen(  # noqa: S603 - our own virtualenv's manage.py
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--interval", "0.2"],
        env=server_env(database_url),
        # not a pipe: the worker logs every task, and a full pipe nobody reads stops it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def queue_drain(limit_s: float) -> tuple[float, int, int]:
    """Wait until no task is waiting or running: (seconds waited, tasks left, tasks failed)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    began = time.perf_counter()
    waiting = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    left = waiting.count()
    while left and time.perf_counter() - began < limit_s:
        time.sleep(0.2)
        left = waiting.count()
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()
    return round(time.perf_counter() - began, 2), left, failed


def stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# CPU accounting from /proc: where the two cores went in a round ------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def process_table() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds of the process and of its children it has reaped)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        # After the name: state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based.
        ticks = sum(int(value) for value in fields[11:15])
        table[int(entry.name)] = (int(fields[1]), ticks / TICKS)
    return table


def tree_cpu_seconds(roots: list[int], table: dict[int, tuple[int, float]]) -> float:
    """CPU of the processes under these roots, ended children included (a parent's cutime holds
    the children it reaped, such as PostgreSQL backends of closed connections)."""
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    seen, stack, total = set(), list(roots), 0.0
    while stack:
        pid = stack.pop()
        if pid in seen or pid not in table:
            continue
        seen.add(pid)
        total += table[pid][1]
        stack.extend(children.get(pid, []))
    return total


def machine_cpu() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine since boot, from the first line of /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def postmaster_pid() -> int:
    data = Path(os.environ.get("PGTEMP_DIR", "")) / "data" / "postmaster.pid"
    try:
        return int(data.read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return 0


class CpuMeter:
    """CPU seconds used by the servers, PostgreSQL, nginx and the load process during a round,
    and how busy the whole machine was (other programs included)."""

    def __init__(self, servers: list[int], nginx: int, worker: int):
        self.roots = {
            "servers": servers,
            "postgresql": [postmaster_pid()],
            "nginx": [nginx],
            "worker": [worker],
        }
        self.start = self.read()

    def read(self) -> dict:
        table = process_table()
        times = os.times()
        values = {name: tree_cpu_seconds(pids, table) for name, pids in self.roots.items()}
        values["load"] = times.children_user + times.children_system
        values["machine"] = machine_cpu()
        return values

    def used(self) -> dict:
        end = self.read()
        used = {
            name: round(end[name] - self.start[name], 2)
            for name in ("servers", "postgresql", "nginx", "worker", "load")
        }
        busy = end["machine"][0] - self.start["machine"][0]
        total = end["machine"][1] - self.start["machine"][1]
        used["machine_busy_share"] = round(busy / total, 3) if total else 0.0
        return used


def make_plan(people, round_name: str, requests: int, duplicates: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    today = date.today()  # noqa: DTZ011 - the servers' local date, only for observed dates
    plan = []
    for index in range(requests):
        bsn = people[rng.randrange(len(people))][0]
        plan.append(
            {
                "signaalsoort": SIGNAL_TYPES[index % len(SIGNAL_TYPES)],
                "bsn": bsn,
                "datum_gezien": (today - timedelta(days=rng.randrange(1, 60))).isoformat(),
                "kenmerk": f"{round_name}-{index}",
            }
        )
    # A partner that did not hear back sends the same request again, at some later moment.
    for original in rng.sample(plan[: requests // 2], duplicates):
        plan.insert(rng.randrange(plan.index(original) + 1, len(plan) + 1), dict(original))
    return plan


def run_load(
    port: int, token: str, plan: list[dict], concurrency: int, limit_s: float, workdir: Path
) -> dict:
    plan_path = workdir / "plan.json"
    plan_path.write_text(json.dumps(plan))
    done = subprocess.run(  # noqa: S603 - this script, as the load process
        [
            sys.executable,
            __file__,
            "--load-child",
            str(port),
            token,
            str(plan_path),
            str(concurrency),
            str(limit_s),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=limit_s + 120,
    )
    if done.returncode:
        raise SystemExit(f"load process failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))]


def summarise(load: dict) -> dict:
    results = load["results"]
    ok = [ms for status, ms, _ in results if status in (200, 201)]
    errors = [(status, note) for status, _, note in results if status not in (200, 201, 0)]
    skipped = sum(1 for status, _, _ in results if status == 0)
    latencies = sorted(ok)
    return {
        "sent": len(results) - skipped,
        "skipped_by_time_limit": skipped,
        "accepted": len(ok),
        "errors": len(errors),
        "error_examples": errors[:5],
        "elapsed_s": round(load["elapsed_s"], 2),
        "throughput_rps": round(len(ok) / load["elapsed_s"], 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=3_000)
    parser.add_argument("--duplicates", type=int, default=150)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per server")
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds per round")
    parser.add_argument("--load-child", nargs=5)
    args = parser.parse_args()
    if args.load_child:
        port, token, plan_path, concurrency, limit_s = args.load_child
        load_child(int(port), token, plan_path, int(concurrency), float(limit_s))
        return

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit('Run against PostgreSQL: eval "$(bin/pg-temp start)" first.')

    # Django only in the measuring process (the load process above stays free of it).
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import signals_benchmark as base
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from stabiel.accounts.models import PartnerKind, PartnerOrganisation
    from stabiel.rules.engine import rules_run
    from stabiel.rules.models import Alert, AlertEvidence
    from stabiel.signals.models import Signal
    from stabiel.signals.services import api_client_create

    municipality, people = base.setup_population(args.households)
    partner, _ = PartnerOrganisation.objects.get_or_create(
        municipality=municipality,
        name="Schaal-test woningcorporatie",
        defaults={"kind": PartnerKind.HOUSING},
    )
    _, token = api_client_create(partner=partner, name=f"scale-out-{time.time_ns()}")
    connection.close()  # the servers and the load get the machine to themselves

    workdir = Path(tempfile.mkdtemp(prefix="stabiel-scale-"))
    rounds = {}
    for servers in (1, 2):
        round_name = f"SCALE{time.time_ns()}-{servers}"
        plan = make_plan(people, round_name, args.requests, args.duplicates, seed=servers)
        processes, ports = start_servers(servers, args.workers, database_url)
        nginx_port = free_port()
        nginx = start_nginx(workdir, nginx_port, ports)
        worker = start_worker(database_url)
        meter = CpuMeter([p.pid for p in processes], nginx.pid, worker.pid)
        try:
            load = run_load(nginx_port, token, plan, args.concurrency, args.time_limit, workdir)
            # The rule runs the API queued: wait for the worker before counting its CPU.
            drain_s, tasks_left, tasks_failed = queue_drain(args.time_limit)
            connection.close()
            cpu = meter.used()  # before the stop: a stopped server's CPU is no longer in /proc
        finally:
            stop([nginx, worker, *processes])
        summary = summarise(load)
        accepted = max(summary["accepted"], 1)
        summary["cpu_ms_per_request"] = {
            name: round(cpu[name] * 1000 / accepted, 1)
            for name in ("servers", "postgresql", "nginx", "worker", "load")
        }
        summary["rules_queue"] = {
            "drained_after_load_s": drain_s,
            "tasks_left": tasks_left,
            "tasks_failed": tasks_failed,
        }
        summary["machine_busy_share"] = cpu["machine_busy_share"]
        sent_refs = {ref for status, _, ref in load["results"] if status in (200, 201)}
        stored = Signal.objects.filter(partner=partner, reference__startswith=round_name + "-")
        doubles = stored.values("reference").annotate(n=Count("id")).filter(n__gt=1).count()
        stored_refs = set(stored.values_list("reference", flat=True))
        summary.update(
            {
                "servers": servers,
                "unique_references_accepted": len(sent_refs),
                "stored": len(stored_refs),
                "stored_twice": doubles,
                "accepted_but_missing": len(sent_refs - stored_refs),
                "stored_but_never_accepted": len(stored_refs - sent_refs),
            }
        )
        rounds[servers] = summary
        print(json.dumps(summary), flush=True)

    # The API's own rule evaluation against a full run: the full run must add nothing.
    def snapshot():
        alerts = set(
            Alert.objects.filter(municipality=municipality, status="open").values_list(
                "household_id", "rule_id"
            )
        )
        evidence = set(
            AlertEvidence.objects.filter(alert__municipality=municipality).values_list(
                "alert__household_id", "alert__rule_id", "signal_id"
            )
        )
        return alerts, evidence

    before_alerts, before_evidence = snapshot()
    result = rules_run(municipality_id=municipality.pk, today=timezone.localdate())
    after_alerts, after_evidence = snapshot()
    alerts_check = {
        "open_alerts_after_api": len(before_alerts),
        "full_run_new_alerts": len(after_alerts - before_alerts),
        "full_run_new_evidence": len(after_evidence - before_evidence),
        "full_run_reported_raised": result.total_raised,
    }
    print(json.dumps(alerts_check), flush=True)

    one, two = rounds[1], rounds[2]
    ratio = two["throughput_rps"] / one["throughput_rps"] if one["throughput_rps"] else 0
    print()
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"Load average (1, 5, 15 min) at the end: {os.getloadavg()}")
    print(f"Command: DATABASE_URL=… {' '.join(sys.argv)}")
    print()
    print(
        "| servers | sent | accepted | errors | throughput (req/s) | p50 ms | p95 ms | p99 ms | stored once | stored twice | missing |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for servers, row in rounds.items():
        print(
            f"| {servers} | {row['sent']} | {row['accepted']} | {row['errors']} | {row['throughput_rps']} | "
            f"{row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['stored']} | "
            f"{row['stored_twice']} | {row['accepted_but_missing']} |"
        )
    print()
    print(f"Two servers / one server throughput: {ratio:.2f} x")
    print()
    print(
        "| servers | CPU ms per accepted request: servers | PostgreSQL | nginx | task worker "
        "| load process | total | machine busy (all programs) | share of the cores this benchmark got |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for servers, row in rounds.items():
        cpu = row["cpu_ms_per_request"]
        total = sum(cpu.values())
        # over the whole round: the load, then the worker finishing the queued rule runs
        seconds = row["elapsed_s"] + row["rules_queue"]["drained_after_load_s"]
        got = row["accepted"] * total / (1000 * seconds * (os.cpu_count() or 1)) if seconds else 0
        print(
            f"| {servers} | {cpu['servers']} | {cpu['postgresql']} | {cpu['nginx']} | "
            f"{cpu['worker']} | {cpu['load']} | {round(total, 1)} | "
            f"{row['machine_busy_share']:.0%} | {got:.0%} |"
        )
    print()
    print(
        "| servers | rule runs queued by the API: done this many seconds after the last request "
        "| tasks still waiting | tasks failed |"
    )
    print("| --- | --- | --- | --- |")
    for servers, row in rounds.items():
        queue = row["rules_queue"]
        print(
            f"| {servers} | {queue['drained_after_load_s']} | {queue['tasks_left']} | "
            f"{queue['tasks_failed']} |"
        )
    # What two cores allow at best: every request costs `total` CPU ms somewhere on the
    # machine, so the machine serves at most cores * 1000 / total requests per second, however
    # many servers there are. One single-worker server handles one request at a time and waits
    # while PostgreSQL works on it: at most 1000 / (servers-ms + PostgreSQL-ms) per second.
    cpu_one = rounds[1]["cpu_ms_per_request"]
    total_one = sum(cpu_one.values())
    if total_one and cpu_one["servers"]:
        cores = os.cpu_count() or 1
        machine_bound = cores * 1000 / total_one
        one_server_bound = 1000 / (cpu_one["servers"] + cpu_one["postgresql"])
        ceiling = min(machine_bound, 2 * one_server_bound) / min(machine_bound, one_server_bound)
        print(
            f"Ceiling on this machine from the CPU cost of one request: at most "
            f"{machine_bound:.0f} req/s for all {cores} cores together, {one_server_bound:.0f} req/s "
            f"for one single-worker server; two servers can give at most {ceiling:.2f} x one "
            f"server, and less when other programs use the cores."
        )
    print(
        f"Full rule run after the load: {alerts_check['full_run_new_alerts']} new alerts, "
        f"{alerts_check['full_run_new_evidence']} new evidence rows (0 and 0 means the API path "
        f"raised exactly what a full run raises)."
    )
    shutil.rmtree(workdir, ignore_errors=True)
    failed = any(
        r["stored_twice"] or r["accepted_but_missing"] or r["errors"] for r in rounds.values()
    )
    failed = failed or any(
        r["rules_queue"]["tasks_left"] or r["rules_queue"]["tasks_failed"] for r in rounds.values()
    )
    failed = failed or alerts_check["full_run_new_alerts"] or alerts_check["full_run_new_evidence"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
