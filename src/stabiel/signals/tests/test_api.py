"""The partner API: token, signal in, status back, errors as problem details in plain Dutch."""

import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import PartnerOrganisationFactory
from stabiel.residents.services import household_register, person_register
from stabiel.signals.api.authentication import PartnerTokenAuthentication
from stabiel.signals.models import PartnerApiClient, Signal
from stabiel.signals.services import api_client_create, signal_record

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[4]
PROBLEM = "application/problem+json"
BSN = "111222333"  # registered in the population below
BSN_UNKNOWN = "123456782"  # passes the eleven-test, lives nowhere
BSN_BROKEN = "123456789"  # fails the eleven-test
LIST_URL = "/api/v1/signalen"
NOW = datetime(2025, 6, 16, 10, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
TODAY = NOW.date()


def days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


@pytest.fixture(autouse=True)
def frozen_time(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def population(municipality):
    household = household_register(
        municipality=municipality,
        street="Lindelaan",
        house_number="12",
        postcode="3701 AB",
        city="Zeist",
    )
    person_register(
        municipality=municipality,
        bsn=BSN,
        given_names="Anna",
        surname="Jansen",
        birth_date=date(1980, 5, 17),
        household=household,
        since=date(2020, 1, 1),
    )
    return household


@pytest.fixture
def partner(municipality):
    return PartnerOrganisationFactory(municipality=municipality, name="Woonstichting Het Dak")


@pytest.fixture
def token(partner):
    return api_client_create(partner=partner, name="Huurachterstanden")[1]


@pytest.fixture
def other_token(municipality):
    other = PartnerOrganisationFactory(municipality=municipality, name="Energie Noord")
    return api_client_create(partner=other, name="Afsluitingen")[1]


@pytest.fixture
def api(client, token, catalogue, population):
    """The test client, speaking as the partner system of `partner`."""

    def call(method: str, path: str = LIST_URL, body=None, *, as_token=token, **extra):
        if as_token is not None:
            extra["HTTP_AUTHORIZATION"] = f"Token {as_token}"
        if body is not None and "content_type" not in extra:
            extra["content_type"] = "application/json"
            body = json.dumps(body)
        return getattr(client, method)(
            path, **({"data": body} if body is not None else {}), **extra
        )

    return call


def signal_body(**overrides) -> dict:
    body = {
        "signaalsoort": "zorgpremieachterstand",
        "bsn": BSN,
        "datum_gezien": days_ago(3),
        "kenmerk": "ZV-2025-0001",
        "toelichting": "Drie maanden premie niet betaald.",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == "1.0.0"
    problem = response.json()
    assert problem["status"] == status
    assert problem["type"].endswith(f"/api/docs/#probleem-{slug}")
    assert problem["title"]
    assert problem["detail"]
    assert problem["instance"] == response.request["PATH_INFO"]
    return problem


# The happy path --------------------------------------------------------------------------------


def test_a_partner_reports_a_signal_and_reads_its_status(
    api, partner, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api("post", body=signal_body())

    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/json"
    assert response["API-Version"] == "1.0.0"
    signal = Signal.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/signalen/{signal.pk}"
    assert response.json() == {
        "id": signal.pk,
        "kenmerk": "ZV-2025-0001",
        "signaalsoort": "zorgpremieachterstand",
        "datum_gezien": days_ago(3),
        "ontvangen_op": "2025-06-16",
        "status": "ontvangen",
    }
    assert (signal.municipality, signal.partner, signal.channel) == (municipality, partner, "api")
    assert signal.person is not None
    assert signal.note == "Drie maanden premie niet betaald."
    assert len(callbacks) == 1  # the rules evaluate the household after commit

    read = api("get", response["Location"].removeprefix("http://testserver"))
    assert read.status_code == 200
    assert read.json() == response.json()
    assert "no-store" in read["Cache-Control"]


def test_a_signal_about_an_address(api, population):
    body = signal_body(signaalsoort="huurachterstand", bsn=None, postcode="3701ab", huisnummer="12")

    response = api("post", body=body)

    assert response.status_code == 201, response.content
    signal = Signal.objects.get()
    assert signal.household == population
    assert signal.person is None


def test_the_answer_says_nothing_about_household_person_bsn_or_address(api):
    body = signal_body(postcode="3701 AB", huisnummer="12")

    text = api("post", body=body).content.decode()

    signal = Signal.objects.get()
    for secret in (BSN, "3701", "Lindelaan", "Anna", "Jansen", '"12"', "Drie maanden"):
        assert secret not in text
    for label in (signal.household.label, signal.person.label):
        assert label not in text


def test_optional_fields_may_be_null(api):
    body = signal_body(postcode=None, toelichting=None) | {"postcode": None, "toelichting": None}

    response = api("post", body=body)

    assert response.status_code == 201, response.content
    assert Signal.objects.get().note == ""


# Idempotency on kenmerk ------------------------------------------------------------------------


def test_the_same_signal_twice_is_stored_once_and_answers_the_first(api):
    first = api("post", body=signal_body())
    again = api("post", body=signal_body())

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again["Content-Location"] == f"/api/v1/signalen/{first.json()['id']}"
    assert Signal.objects.count() == 1


def test_the_same_kenmerk_with_other_content_is_a_conflict(api):
    api("post", body=signal_body())

    response = api("post", body=signal_body(datum_gezien=days_ago(10)))

    problem = assert_problem(response, 409, "kenmerk-al-gebruikt")
    assert problem["detail"] == (
        "Dit kenmerk is al gebruikt voor een ander signaal. Gebruik een nieuw kenmerk."
    )
    signal = Signal.objects.get()
    assert signal.observed_on.isoformat() == days_ago(3)


def test_two_partners_may_use_the_same_kenmerk(api, other_token):
    api("post", body=signal_body())

    response = api("post", body=signal_body(datum_gezien=days_ago(9)), as_token=other_token)

    assert response.status_code == 201
    assert Signal.objects.count() == 2


# Bad input: the message, and nothing stored ----------------------------------------------------

BAD_INPUT = [
    # a signal type the catalogue does not know
    ({"signaalsoort": "bestaat-niet"}, "signaalsoort", "Onbekende soort signaal: 'bestaat-niet'."),
    # a BSN that fails the eleven-test
    (
        {"bsn": BSN_BROKEN},
        "bsn",
        "Dit BSN klopt niet. Een BSN heeft negen cijfers en haalt de elfproef.",
    ),
    # a BSN far too long to be one
    ({"bsn": "1234567890123"}, "bsn", "Dit BSN klopt niet: een BSN heeft negen cijfers."),
    # seen tomorrow
    ({"datum_gezien": "2025-06-17"}, "datum_gezien", "De datum ligt in de toekomst."),
    # not a date at all
    ({"datum_gezien": "gisteren"}, "datum_gezien", "Dit is geen geldige datum."),
    # a Dutch date order instead of ISO
    ({"datum_gezien": "14-03-2025"}, "datum_gezien", "Schrijf de datum als jjjj-mm-dd"),
    # a day that does not exist
    ({"datum_gezien": "2025-02-30"}, "datum_gezien", "Dit is geen geldige datum."),
    # a date with a time
    ({"datum_gezien": "2025-02-03T10:00:00"}, "datum_gezien", "Dit is geen geldige datum."),
    # no date
    ({"datum_gezien": None}, "datum_gezien", "Geef de datum waarop u dit zag"),
    # no kenmerk
    ({"kenmerk": None}, "kenmerk", "Geef uw eigen kenmerk van dit signaal."),
    # a kenmerk of spaces only
    ({"kenmerk": "   "}, "kenmerk", "Geef uw eigen kenmerk van dit signaal."),
    # a kenmerk longer than the 64 characters we keep
    ({"kenmerk": "K" * 65}, "kenmerk", "Het kenmerk is te lang (hoogstens 64 tekens)."),
    # a number where text belongs
    ({"kenmerk": ["a"]}, "kenmerk", "Schrijf het kenmerk als tekst."),
    # no signal type
    ({"signaalsoort": None}, "signaalsoort", "Geef de soort signaal (signaalsoort)"),
    # a note over 500 characters
    (
        {"toelichting": "x" * 501},
        "toelichting",
        "De uitleg (toelichting) is te lang (hoogstens 500 tekens).",
    ),
    # neither BSN nor address
    ({"bsn": None}, "bsn", "Geef een BSN of een adres (postcode en huisnummer)."),
    # a postcode without house number
    ({"bsn": None, "postcode": "3701AB"}, "huisnummer", "Geef bij de postcode ook het huisnummer."),
    # a house number without postcode
    ({"bsn": None, "huisnummer": "12"}, "postcode", "Geef bij het huisnummer ook de postcode."),
    # a postcode that is not one
    (
        {"bsn": None, "postcode": "ABCD12", "huisnummer": "12"},
        "postcode",
        "Deze postcode klopt niet.",
    ),
    # a field the API does not know (and should not receive)
    ({"naam": "Anna Jansen"}, "naam", "Dit veld kent de API niet."),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_plain_dutch_reason_and_nothing_is_stored(
    api, change, field, message
):
    body = signal_body() | change
    body = {key: value for key, value in body.items() if value is not None}

    response = api("post", body=body)

    problem = assert_problem(response, 400, "ongeldige-invoer")
    reasons = {param["name"]: param["reason"] for param in problem["invalid-params"]}
    assert message in reasons[field], reasons
    assert message in problem["detail"]
    assert Signal.objects.count() == 0


def test_a_type_the_municipality_switched_off_is_refused_as_not_accepted(api, municipality):
    from stabiel.catalogue.models import ItemSwitch

    ItemSwitch.objects.create(
        municipality=municipality, kind="catalogue.signaltype", code="zorgpremieachterstand"
    )
    response = api("post", body=signal_body())

    problem = assert_problem(response, 400, "ongeldige-invoer")
    reasons = {param["name"]: param["reason"] for param in problem["invalid-params"]}
    assert (
        f"De gemeente {municipality.name} neemt geen signalen aan over" in reasons["signaalsoort"]
    )
    assert "Deze soort signaal staat bij de gemeente uit." in reasons["signaalsoort"]
    assert "Onbekende" not in reasons["signaalsoort"]
    assert Signal.objects.count() == 0


def test_every_wrong_field_is_named_at_once(api):
    response = api("post", body={"bsn": BSN, "datum_gezien": "morgen", "onbekend": 1})

    problem = assert_problem(response, 400, "ongeldige-invoer")
    names = sorted(param["name"] for param in problem["invalid-params"])
    assert names == ["datum_gezien", "kenmerk", "onbekend", "signaalsoort"]
    assert problem["detail"] == "Een of meer velden kloppen niet. Zie invalid-params."
    assert Signal.objects.count() == 0


def test_a_body_that_is_not_an_object_is_refused(api):
    response = api("post", body=[signal_body()])

    problem = assert_problem(response, 400, "ongeldige-invoer")
    assert problem["detail"].startswith("Stuur één JSON-object met de velden van het signaal")
    assert "invalid-params" not in problem
    assert Signal.objects.count() == 0


def test_malformed_json_is_refused(api):
    response = api(
        "post", body='{"signaalsoort": "huurachterstand", ', content_type="application/json"
    )

    problem = assert_problem(response, 400, "ongeldige-json")
    assert problem["detail"].startswith("De inhoud van het verzoek is geen geldige JSON.")
    assert Signal.objects.count() == 0


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "application/xml"]
)
def test_a_body_that_is_not_json_is_refused(api, content_type):
    body = "signaalsoort=huurachterstand&kenmerk=X1"

    response = api("post", body=body, content_type=content_type)

    problem = assert_problem(response, 415, "geen-json")
    assert "Content-Type: application/json" in problem["detail"]
    assert Signal.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [("put", LIST_URL), ("patch", LIST_URL), ("delete", LIST_URL), ("post", "/api/v1/signalen/1")],
)
def test_a_wrong_method_is_refused(api, method, path):
    response = api(method, path, body=signal_body())

    problem = assert_problem(response, 405, "methode-niet-toegestaan")
    assert "De kop Allow noemt de methoden die wel kunnen" in problem["detail"]
    assert "GET" in response["Allow"]
    assert method.upper() not in response["Allow"]
    assert Signal.objects.count() == 0


def test_an_unknown_address_under_the_api_is_a_problem_not_a_page(api):
    for path in ("/api/v1/bestaat-niet", "/api/v1/signalen/", "/api/v2/signalen"):
        response = api("get", path)

        problem = assert_problem(response, 404, "niet-gevonden")
        assert "De adressen eindigen zonder schuine streep" in problem["detail"]


# Tokens ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        (None, "Stuur uw sleutel mee in de kop Authorization"),
        ("Token niet-de-goede-sleutel", "Deze sleutel is onbekend of niet meer geldig."),
        ("Bearer iets", "Stuur uw sleutel mee in de kop Authorization"),
        ("Token", "De kop Authorization klopt niet."),
        ("Token twee delen", "De kop Authorization klopt niet."),
    ],
)
def test_no_valid_token_is_refused(client, api, authorization, message):
    extra = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    body = json.dumps(signal_body())
    for response in (
        client.get(LIST_URL, **extra),
        client.get("/api/v1/signalen/1", **extra),
        client.post(LIST_URL, data=body, content_type="application/json", **extra),
    ):
        problem = assert_problem(response, 401, "geen-sleutel")
        assert message in problem["detail"]
        assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert Signal.objects.count() == 0


def test_a_token_of_an_inactive_client_is_refused(api, token):
    PartnerApiClient.objects.update(active=False)

    response = api("post", body=signal_body())

    problem = assert_problem(response, 401, "geen-sleutel")
    assert "Deze sleutel is onbekend of niet meer geldig." in problem["detail"]
    assert Signal.objects.count() == 0


# Every role is in the URL matrix; here the two most tempting: the partner's own reporter and
# the administrator.
@pytest.mark.parametrize("role", [Role.PARTNER_REPORTER, Role.FUNCTIONAL_ADMIN])
def test_a_logged_in_user_is_no_partner_system(client, api, make_user, role):
    client.force_login(make_user(role, partner_organisation="Woonstichting Het Dak"))

    response = api("post", body=signal_body(), as_token=None)

    assert_problem(response, 401, "geen-sleutel")
    assert Signal.objects.count() == 0


def test_last_used_is_written_at_most_once_a_minute(api, time_machine):
    assert PartnerApiClient.objects.get().last_used_at is None

    api("get")
    assert PartnerApiClient.objects.get().last_used_at == NOW

    time_machine.move_to(NOW + timedelta(seconds=50), tick=False)
    api("get")
    assert PartnerApiClient.objects.get().last_used_at == NOW

    time_machine.move_to(NOW + timedelta(seconds=70), tick=False)
    api("get")
    assert PartnerApiClient.objects.get().last_used_at == NOW + timedelta(seconds=70)


def test_the_token_identifies_the_client_not_a_user(api, token, partner):
    request = APIRequestFactory().get(LIST_URL, HTTP_AUTHORIZATION=f"Token {token}")

    user, client = PartnerTokenAuthentication().authenticate(Request(request))

    assert not user.is_authenticated
    assert isinstance(client, PartnerApiClient)
    assert client.partner == partner


def test_an_unexpected_error_is_a_problem_too(api, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr("stabiel.signals.api.views.signal_record", broken)

    response = api("post", body=signal_body())

    problem = assert_problem(response, 500, "serverfout")
    assert "Stuur dezelfde melding later opnieuw" in problem["detail"]
    assert "kapot" not in response.content.decode()


# Reading back: only your own -------------------------------------------------------------------


def test_another_partner_cannot_read_my_signal(api, other_token):
    mine = api("post", body=signal_body()).json()

    theirs = api("get", f"/api/v1/signalen/{mine['id']}", as_token=other_token)
    missing = api("get", f"/api/v1/signalen/{mine['id'] + 1000}", as_token=other_token)

    problem = assert_problem(theirs, 404, "niet-gevonden")
    assert problem["detail"] == "Er is geen signaal met dit nummer van uw organisatie."
    assert {**problem, "instance": ""} == {**missing.json(), "instance": ""}
    listed = api("get", LIST_URL, as_token=other_token).json()
    assert listed["aantal"] == 0
    by_reference = api("get", f"{LIST_URL}?kenmerk=ZV-2025-0001", as_token=other_token).json()
    assert by_reference["resultaten"] == []


def test_a_partner_in_another_municipality_sees_neither_signals_nor_population(
    api, other_municipality
):
    mine = api("post", body=signal_body()).json()
    elsewhere = PartnerOrganisationFactory(municipality=other_municipality, name="Woonstichting")
    elsewhere_token = api_client_create(partner=elsewhere, name="Koppeling")[1]

    read = api("get", f"/api/v1/signalen/{mine['id']}", as_token=elsewhere_token)
    report = api("post", body=signal_body(kenmerk="X-2"), as_token=elsewhere_token)

    assert_problem(read, 404, "niet-gevonden")
    # Our resident is unknown over there: held, with the same answer as for a known one.
    assert report.status_code == 201
    assert set(report.json()) == set(mine)
    assert Signal.objects.count() == 2
    assert Signal.objects.get(reference="X-2").household is None


def test_the_list_is_paginated_and_filters_on_kenmerk(api):
    for n in range(3):
        api("post", body=signal_body(kenmerk=f"K-{n}"))

    page = api("get", f"{LIST_URL}?paginaGrootte=2").json()
    found = api("get", f"{LIST_URL}?kenmerk=K-1").json()
    beyond = api("get", f"{LIST_URL}?pagina=9")

    assert page["aantal"] == 3
    assert [s["kenmerk"] for s in page["resultaten"]] == ["K-2", "K-1"]
    assert "pagina=2" in page["volgende"]
    assert page["vorige"] is None
    assert [s["kenmerk"] for s in found["resultaten"]] == ["K-1"]
    problem = assert_problem(beyond, 404, "niet-gevonden")
    assert problem["detail"] == "Deze pagina bestaat niet."


def test_the_status_shows_when_the_signal_was_picked_up(api):
    created = api("post", body=signal_body()).json()
    Signal.objects.update(status=Signal.Status.PICKED_UP)

    assert api("get", f"/api/v1/signalen/{created['id']}").json()["status"] == "opgepakt"


def test_signals_from_other_channels_of_the_same_partner_are_readable(api, municipality, partner):
    receipt = signal_record(
        municipality=municipality,
        partner=partner,
        signal_type_code="huurachterstand",
        observed_on=TODAY,
        reference="FORM-1",
        postcode="3701AB",
        house_number="12",
    )

    response = api("get", f"/api/v1/signalen/{receipt.signal.pk}")

    assert response.status_code == 200
    assert response.json()["kenmerk"] == "FORM-1"


def test_one_new_signal_takes_a_bounded_number_of_queries(api, django_assert_max_num_queries):
    api("get")  # last_used_at written once, not measured
    # About ten today (token, type, person, household, reference, insert, savepoints): the bound
    # catches a query per row creeping in, not a single extra lookup.
    with django_assert_max_num_queries(15):
        response = api("post", body=signal_body())
    assert response.status_code == 201


# Schema and documentation ----------------------------------------------------------------------


def test_the_schema_documents_token_auth_and_problem_responses(client):
    response = client.get(reverse("api:openapi-json"))

    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"]["partnerToken"]["name"] == "Authorization"
    # NLGov API Design Rules: the major version in the server URL, paths relative to it.
    assert schema["servers"][0]["url"].endswith("/api/v1")
    assert {"name", "email", "url"} <= set(schema["info"]["contact"])
    post = schema["paths"]["/signalen"]["post"]
    assert post["security"] == [{"partnerToken": []}]
    for status in ("400", "401", "409", "415"):
        assert PROBLEM in post["responses"][status]["content"], status
    assert "Location" in post["responses"]["201"]["headers"]
    assert client.get(reverse("api:schema")).status_code == 200


def test_the_docs_page_lists_the_endpoints_without_external_scripts(client):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("POST /api/v1/signalen", "GET /api/v1/signalen/{id}", "datum_gezien"):
        assert text in html
    assert 'id="probleem-ongeldige-invoer"' in html
    assert "<script" not in html


def test_the_committed_openapi_file_is_up_to_date():
    generated = io.StringIO()
    with translation.override(settings.LANGUAGE_CODE):  # as manage.py runs it
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=generated)

    committed = (ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8")
    assert generated.getvalue() == committed, (
        "docs/openapi.yaml is stale: run "
        "`.venv/bin/python manage.py spectacular --file docs/openapi.yaml --validate`"
    )


# One parser for identities (issue 12, part 5) ------------------------------------------------


def test_a_bsn_with_a_superscript_digit_is_a_clear_400(api):
    response = api("post", body=signal_body(bsn="23578967\u00b2"))
    problem = assert_problem(response, 400, "ongeldige-invoer")
    assert "negen cijfers" in json.dumps(problem, ensure_ascii=False)
    assert not Signal.objects.exists()


def test_a_body_nested_100000_levels_deep_is_a_clear_400(api):
    body = "[" * 100_000 + "]" * 100_000
    response = api("post", body=body, content_type="application/json")
    assert_problem(response, 400, "ongeldige-json")
    assert not Signal.objects.exists()


def test_a_resident_stabiel_does_not_know_gets_exactly_the_same_answer(api):
    from stabiel.signals.models import UnmatchedSubject

    known = api("post", body=signal_body(kenmerk="K-1"))
    unknown = api("post", body=signal_body(kenmerk="K-2", bsn=BSN_UNKNOWN))
    address = api(
        "post", body=signal_body(kenmerk="K-3", bsn=None, postcode="9999 ZZ", huisnummer="1")
    )
    for response in (unknown, address):
        assert response.status_code == known.status_code == 201
        body, reference = response.json(), known.json()
        assert set(body) == set(reference)
        assert body["status"] == reference["status"] == "ontvangen"
        assert {k: v for k, v in body.items() if k not in ("id", "kenmerk")} == {
            k: v for k, v in reference.items() if k not in ("id", "kenmerk")
        }
        assert sorted(response.headers) == sorted(known.headers)
    held = UnmatchedSubject.objects.get(signal__reference="K-2")
    assert held.bsn == BSN_UNKNOWN and held.signal.household is None
    # Reading it back and sending it again answer as for any signal.
    read = api("get", f"/api/v1/signalen/{unknown.json()['id']}")
    assert read.status_code == 200 and read.json()["status"] == "ontvangen"
    again = api("post", body=signal_body(kenmerk="K-2", bsn=BSN_UNKNOWN))
    assert again.status_code == 200
    assert UnmatchedSubject.objects.count() == 2
