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


def test_make_run_settings_have_debug_off():
    """`make run` (conf/dev.py) shows the product's own error pages, never Django's debug page."""
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='stabiel.conf.dev';"
        "from django.conf import settings; print(settings.DEBUG)"
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"]


def test_theme_fonts_are_served_by_the_product_itself():
    """The example tokens ask for Noto Sans and Noto Serif: every font file the font stylesheet
    names is one of our own static files, none comes from another host."""
    import re

    from django.contrib.staticfiles import finders

    css = (ROOT / "src" / "stabiel" / "static" / "css" / "fonts.css").read_text()
    urls = re.findall(r"url\(([^)]+)\)", css)
    families = set(re.findall(r"font-family: '([^']+)'", css))
    assert families == {"Noto Sans", "Noto Serif"}
    assert urls
    for url in urls:
        assert url.startswith("../vendor/"), url
        assert finders.find(url.removeprefix("../")), f"missing font file {url}"
    base = (ROOT / "src" / "stabiel" / "templates" / "base.html").read_text()
    assert "css/fonts.css" in base
    assert "fonts.googleapis" not in base
