"""The partner API under generated requests (Schemathesis, from the OpenAPI document).

Bounded: a fixed number of examples per operation, with and without a valid key. Every answer
must be no server error, match the documented responses, and every error must be problem+json
in Dutch; nothing stored by a refused request.
"""

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stabiel.accounts.tests.factories import PartnerOrganisationFactory
from stabiel.residents.services import household_register, person_register
from stabiel.signals.services import api_client_create

pytestmark = pytest.mark.django_db

EXAMPLES = 40
# Left out on purpose: a signal type, BSN or date can have the documented shape and still be
# refused (a type the municipality does not use, a BSN failing the eleven-test, a date in the
# future) with a 400 problem; and the schema documents the token, not a check per request.
SEMANTIC_CHECKS = [
    schemathesis.checks.positive_data_acceptance,
    schemathesis.checks.ignored_auth,
]
ENGLISH = ("Invalid", "Expected", "This field", "must be", "Not found", "Authentication")


def load_schema():
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def connection_kept_open():
    """Keep the test's database connection open between the generated requests.

    Schemathesis calls the WSGI application directly, so each request starts and finishes with
    Django's `close_old_connections`. Inside the test's transaction that closes the connection on
    PostgreSQL (autocommit differs from the settings), and the next query answers 503. Django's
    own test client disconnects the same handlers; so do we.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def any_operation():
    """Requests for every operation of the API, drawn by Hypothesis."""
    operations = [result.ok() for result in load_schema().get_all_operations()]
    assert len(operations) >= 3
    return st.one_of([operation.as_strategy() for operation in operations])


@pytest.fixture
def token(municipality):
    household = household_register(
        municipality=municipality,
        street="Lindelaan",
        house_number="12",
        postcode="3701 AB",
        city="Zeist",
    )
    person_register(
        municipality=municipality,
        bsn="111222333",
        given_names="Anna",
        surname="Jansen",
        birth_date=date(1980, 5, 17),
        household=household,
        since=date(2020, 1, 1),
    )
    partner = PartnerOrganisationFactory(municipality=municipality, name="Woonstichting Het Dak")
    return api_client_create(partner=partner, name="Fuzz")[1]


def check_problem_in_dutch(response) -> None:
    if response.status_code < 400:
        return
    headers = {name.lower(): values for name, values in response.headers.items()}
    assert headers["content-type"][0].startswith("application/problem+json"), (
        response.status_code,
        response.text[:200],
    )
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body), body
    assert body["status"] == response.status_code
    text = body["title"] + " " + body["detail"]
    assert not any(word in text for word in ENGLISH), text


def test_generated_requests_with_a_key(catalogue, token):
    @given(case=any_operation())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,  # the same requests every run: a failure is reproducible
        database=None,
    )
    def call(case):
        response = case.call(headers={"Authorization": f"Token {token}"})
        case.validate_response(response, excluded_checks=SEMANTIC_CHECKS)
        check_problem_in_dutch(response)

    call()


def test_generated_requests_without_a_key(catalogue):
    @given(case=any_operation())
    @settings(
        max_examples=EXAMPLES // 2,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case):
        response = case.call()
        # The letter check is public: without a key a bad letter or file is a 400 (or 413/415)
        # in Dutch. Every other operation asks for a key first: 401.
        public = case.path.endswith("/brieftoets")
        allowed = (200, 400, 413, 415) if public else (200, 401, 404, 405)
        assert response.status_code in allowed, (case.path, response.status_code)
        check_problem_in_dutch(response)

    call()


@pytest.mark.parametrize("body", ["null", "[]", '"tekst"', "42", "true", "{}"])
def test_a_body_that_is_no_object_gets_a_dutch_problem(client, catalogue, token, body):
    response = client.post(
        "/api/v1/signalen",
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    text = problem["title"] + " " + problem["detail"]
    assert not any(word in text for word in ENGLISH), text
