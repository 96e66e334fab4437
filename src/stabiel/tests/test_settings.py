"""Production settings are safe, every environment variable is documented."""

import subprocess
import sys
from pathlib import Path

from stabiel.conf.env import DOCUMENTED

ROOT = Path(__file__).resolve().parents[3]


def test_every_environment_variable_is_in_configuration_docs():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [name for name in DOCUMENTED if f"`{name}`" not in text]
    assert not missing, f"document these in docs/configuration.md: {missing}"


def run_base_settings(env: dict) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='stabiel.conf.base';"
        "from django.conf import settings;"
        "print(settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, settings.DEBUG)"
    )
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src"), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_base_settings_refuse_to_start_without_secret_key():
    result = run_base_settings({"PSEUDONYM_KEY": "x"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_base_settings_default_to_secure_cookies_and_hsts():
    result = run_base_settings({"SECRET_KEY": "x", "PSEUDONYM_KEY": "y"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "False"]
