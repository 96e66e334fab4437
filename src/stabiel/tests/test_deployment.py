"""The production package: a non-root image with runtime dependencies only, and a compose file
with the application servers, the worker, the load balancer and PostgreSQL 15."""

import ast
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "src" / "stabiel"
DEV_ONLY = {"pytest", "factory", "faker", "hypothesis", "time_machine", "selenium", "ruff"}


def requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-r")):
            names.add(re.split(r"[=<>\[]", line)[0].lower())
    return names


def containerfile_lines() -> list[str]:
    text = (ROOT / "Containerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def final_stage(lines: list[str]) -> list[str]:
    starts = [i for i, line in enumerate(lines) if line.startswith("FROM ")]
    return lines[starts[-1] :]


def test_runtime_and_development_requirements_are_apart():
    runtime = requirement_names(ROOT / "requirements.txt")
    dev = requirement_names(ROOT / "requirements-dev.txt")
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert {"django", "gunicorn", "psycopg", "weasyprint", "whitenoise"} <= runtime
    assert {"pytest", "ruff", "selenium", "hypothesis"} <= dev
    assert not runtime & {"pytest", "pytest-django", "ruff", "selenium", "hypothesis", "faker"}


def test_no_application_module_imports_a_development_package():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        parts = set(path.relative_to(PACKAGE).parts)
        if "tests" in parts or path.name in {"conftest.py", "factories.py"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [
                f"{path.relative_to(PACKAGE)}: {n}" for n in names if n.split(".")[0] in DEV_ONLY
            ]
    assert not offenders


def test_the_image_installs_runtime_requirements_only_and_runs_without_root():
    lines = containerfile_lines()
    text = "\n".join(lines)
    assert "requirements-dev" not in text
    assert "pip install -r requirements.txt" in text
    last = final_stage(lines)
    users = [line.split()[1] for line in last if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    assert any(line.startswith("HEALTHCHECK") and "/gezond" in line for line in last)
    assert any(line.startswith("CMD") and "gunicorn" in line for line in last)
    # Static files and compiled messages are made at build time, not at start.
    assert "collectstatic" in text and "compilemessages" in text
    # The final stage copies no node_modules and no tests' tooling.
    assert not any("node_modules" in line for line in last if line.startswith("COPY"))


def test_the_compose_file_runs_two_servers_a_worker_a_balancer_and_postgresql_15():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"db", "migrate", "app1", "app2", "worker", "lb"} <= set(services)
    assert services["db"]["image"].split(":")[-1].startswith("15")
    assert "db_worker" in services["worker"]["command"]
    assert services["app1"]["image"] == services["app2"]["image"] == services["worker"]["image"]
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "server app1:8000" in nginx and "server app2:8000" in nginx
    assert "X-Forwarded-For" in nginx


def test_deployment_docs_are_linked_from_the_readme():
    assert "docs/deployment.md" in (ROOT / "README.md").read_text(encoding="utf-8")
