"""A database that is briefly gone (restart, fail-over): 503 with Retry-After, never a 500 page."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from stabiel.accounts.tests.factories import PartnerOrganisationFactory
from stabiel.signals.models import Signal
from stabiel.signals.services import api_client_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("the database system is shutting down"),  # PostgreSQL restarting
        InterfaceError("connection already closed"),  # a kept connection that died
    ],
)
def test_the_api_answers_503_problem_with_retry_after(browser, municipality, error):
    partner = PartnerOrganisationFactory(municipality=municipality)
    token = api_client_create(partner=partner, name="Koppeling")[1]
    with mock.patch("stabiel.signals.api.authentication.api_client_for_token", side_effect=error):
        response = browser.post(
            "/api/v1/signalen",
            data={"signaalsoort": "huurachterstand", "kenmerk": "X-1"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["status"] == 503
    assert body["title"] == "Even niet bereikbaar"
    assert "hetzelfde kenmerk" in body["detail"]
    assert not Signal.objects.exists()


def test_a_page_answers_503_in_dutch_without_the_menu(browser):
    with mock.patch(
        "django.contrib.auth.views.LoginView.get",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = browser.get("/accounts/inloggen/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Stabiel is even niet bereikbaar" in html
    assert "Uitloggen" not in html


def test_other_errors_stay_500(browser):
    with mock.patch("django.contrib.auth.views.LoginView.get", side_effect=ValueError("bug")):
        response = browser.get("/accounts/inloggen/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    # the product's own Dutch page, not Django's debug page with the traceback
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Er ging iets mis</h1>' in html
    assert "Probeer het later nog een keer." in html
    assert "Traceback" not in html and "bug" not in html


def test_the_health_check_says_ok_while_the_database_answers(client):
    response = client.get("/gezond")

    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_the_health_check_says_503_when_the_database_is_gone(client):
    with mock.patch("stabiel.core.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/gezond")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
