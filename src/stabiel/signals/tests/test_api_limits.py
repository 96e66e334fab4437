"""Rate limit per partner key: 429 problem+json with Retry-After, other keys unaffected."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.settings import api_settings

from stabiel.accounts.tests.factories import PartnerOrganisationFactory
from stabiel.signals.api.throttling import PartnerKeyRateThrottle
from stabiel.signals.services import api_client_create

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/signalen"


@pytest.fixture
def limited(monkeypatch):
    """Three requests a minute per key, for these tests only."""
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "partner_key": "3/min"}
    monkeypatch.setattr(PartnerKeyRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()
    yield
    cache.clear()


def key_for(municipality, name):
    partner = PartnerOrganisationFactory(municipality=municipality, name=name)
    return api_client_create(partner=partner, name="Koppeling")[1]


def get(client, token):
    return client.get(LIST_URL, HTTP_AUTHORIZATION=f"Token {token}")


def test_a_key_over_its_limit_gets_429_problem_with_retry_after(client, municipality, limited):
    token = key_for(municipality, "Woonstichting Het Dak")
    assert [get(client, token).status_code for _ in range(3)] == [200, 200, 200]

    response = get(client, token)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["status"] == 429
    assert body["title"] == "Te veel verzoeken"


def test_the_limit_is_per_key(client, municipality, limited):
    busy = key_for(municipality, "Woonstichting Het Dak")
    quiet = key_for(municipality, "Energie Noord")
    for _ in range(4):
        get(client, busy)

    assert get(client, busy).status_code == 429
    assert get(client, quiet).status_code == 200


def test_requests_without_a_key_are_not_counted_but_refused(client, limited):
    statuses = {client.get(LIST_URL).status_code for _ in range(5)}
    assert statuses == {401}


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "stabiel_cache",
        }
    }
)
def test_counters_live_in_the_shared_database_cache(client, municipality, limited):
    """Every application server sees the same counters: they are rows in the database."""
    from django.db import connection

    token = key_for(municipality, "Woonstichting Het Dak")
    get(client, token)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM stabiel_cache")
        assert cursor.fetchone()[0] >= 1
