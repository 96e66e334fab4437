"""Secure headers on every kind of answer, a CSP that the templates keep, no secret in a log."""

import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[1]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def templates():
    return sorted(PACKAGE.rglob("templates/**/*.html"))


def test_there_are_templates_to_check():
    assert len(templates()) > 50


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "inline script"),
        (INLINE_STYLE, "style attribute"),
        (INLINE_HANDLER, "event-handler attribute"),
    ],
)
def test_no_template_needs_what_the_csp_forbids(pattern, what):
    found = [
        f"{path.relative_to(PACKAGE)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in templates()
        for text in [path.read_text(encoding="utf-8")]
        for match in pattern.finditer(text)
    ]
    assert not found, f"{what} in templates (the CSP blocks it): {found}"


@pytest.mark.parametrize(
    "path",
    ["/", "/accounts/inloggen/", "/bestaat-niet/", "/api/v1/signalen", "/regels/register/"],
)
def test_every_answer_carries_the_secure_headers(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_http_only_and_same_site():
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE in {"Lax", "Strict"}


def test_no_password_or_token_reaches_the_log(client, municipality, caplog):
    """A failed login, a bad API key and an API error are logged without the secret itself."""
    from stabiel.accounts.tests.factories import PartnerOrganisationFactory
    from stabiel.signals.services import api_client_create

    partner = PartnerOrganisationFactory(municipality=municipality)
    token = api_client_create(partner=partner, name="Koppeling")[1]
    password = "Geheim-wachtwoord-dat-nergens-mag-staan"
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("accounts:login"), {"username": "iemand", "password": password})
        client.get("/api/v1/signalen", HTTP_AUTHORIZATION="Token niet-bestaande-sleutel-xyz")
        client.post(
            "/api/v1/signalen",
            data="{kapot",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (password, token, "niet-bestaande-sleutel-xyz", settings.SECRET_KEY):
        assert secret not in logged
