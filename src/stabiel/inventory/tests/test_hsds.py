"""The Open Referral (HSDS 3.0) API: every object it serves validates against the vendored
compiled schemas, paging follows the specification, bad parameters get a Dutch problem."""

import datetime
import uuid

import pytest
from django.urls import reverse

from stabiel.inventory.hsds import schemas, taxonomy
from stabiel.inventory.models import InventorySettings, Offering, Provider

from .factories import make_offering, make_provider

pytestmark = pytest.mark.django_db

PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def publish(municipality, on=True):
    InventorySettings.objects.update_or_create(
        municipality=municipality, defaults={"hsds_public": on}
    )


def url(name, municipality, **kwargs):
    return reverse(f"hsds:{name}", kwargs={"cbs_code": municipality.cbs_code, **kwargs})


def valid(name, document):
    found = schemas.problems(name, document)
    assert found == [], (name, found[:5])


def page_of(response):
    assert response.status_code == 200, response.content
    assert response["API-Version"] == "3.0.0"
    body = response.json()
    assert set(body) == PAGE_KEYS
    assert body["size"] == len(body["contents"])
    return body


@pytest.fixture
def inventory(adviser, shells, ptype, municipality):
    """Two providers, three offerings of today and one that stopped; published."""
    publish(municipality)
    care = make_provider(
        adviser,
        name="Zorg & Welzijn",
        phone="030 123 4567",
        email="info@zorg.example.org",
        website="https://zorg.example.org/",
        address="Voorbeeldstraat 1",
        postcode="3700 AA",
        city="Zeist",
        kvk_number="30123456",
    )
    plain = make_provider(adviser, name="Buurtmaatjes")
    made = [
        make_offering(adviser, provider=care, provision_type=ptype, shell=shells["informeel"]),
        make_offering(
            adviser,
            provider=care,
            provision_type=ptype,
            shell=shells["sociaal-domein"],
            name="Maatje plus",
            legal_frame="wmo",
            access_kind="maatwerk",
            funder="gemeente-wmo",
            decider="gemeente",
        ),
        make_offering(adviser, provider=plain, provision_type=ptype, shell=shells["informeel"]),
        make_offering(
            adviser,
            provider=plain,
            provision_type=ptype,
            shell=shells["informeel"],
            name="Gestopt",
            valid_to=datetime.date(2025, 6, 30),
        ),
    ]
    return {"care": care, "plain": plain, "offerings": made}


def test_every_served_object_validates_against_the_hsds_schemas(client, inventory, municipality):
    root = client.get(url("root", municipality))
    assert root.json()["version"] == "3.0"
    for full in ("false", "true"):
        body = page_of(client.get(url("service-list", municipality), {"full": full}))
        assert body["total_items"] == 3  # the stopped one is not published
        for item in body["contents"]:
            valid("service" if full == "true" else "service_list", item)
    body = page_of(client.get(url("service-list", municipality), {"minimal": "true"}))
    for item in body["contents"]:
        valid("service_list", item)
    for offering in inventory["offerings"][:3]:
        response = client.get(url("service-detail", municipality, id=offering.hsds_id))
        valid("service", response.json())
    full = client.get(url("service-detail", municipality, id=inventory["offerings"][1].hsds_id))
    codes = {a["taxonomy_term"]["code"] for a in full.json()["attributes"]}
    assert codes == {"sociale-contacten", "maatjesproject", "sociaal-domein", "wmo"}
    for full_flag in ("false", "true"):
        body = page_of(client.get(url("organization-list", municipality), {"full": full_flag}))
        assert body["total_items"] == 2
        for item in body["contents"]:
            valid("organization" if full_flag == "true" else "organization_list", item)
    for provider in (inventory["care"], inventory["plain"]):
        valid(
            "organization",
            client.get(url("organization-detail", municipality, id=provider.hsds_id)).json(),
        )
    for full_flag in ("false", "true"):
        body = page_of(
            client.get(url("service-at-location-list", municipality), {"full": full_flag})
        )
        assert body["total_items"] == 2  # only the provider with an address has a location
        for item in body["contents"]:
            valid(
                "service_at_location" if full_flag == "true" else "service_at_location_list", item
            )
            detail = client.get(url("service-at-location-detail", municipality, id=item["id"]))
            valid("service_at_location", detail.json())
    body = page_of(client.get(url("taxonomy-list", municipality)))
    assert body["total_items"] == 2
    for item in body["contents"]:
        valid("taxonomy", item)
        valid("taxonomy", client.get(url("taxonomy-detail", municipality, id=item["id"])).json())
    body = page_of(client.get(url("taxonomy-term-list", municipality), {"per_page": 200}))
    assert body["total_items"] > 20
    for item in body["contents"]:
        valid("taxonomy_term", item)
    some = body["contents"][5]
    valid(
        "taxonomy_term", client.get(url("taxonomy-term-detail", municipality, id=some["id"])).json()
    )


def test_the_schemas_catch_a_broken_object():
    """The validation the tests rely on fails when an object is wrong."""
    assert schemas.problems("service", {"id": "1", "name": "x"})
    assert schemas.problems("taxonomy_term", {"id": str(uuid.uuid4()), "name": "x"})


def test_paging_as_the_specification_says(client, inventory, municipality):
    first = page_of(client.get(url("service-list", municipality), {"per_page": 2}))
    assert (first["total_items"], first["total_pages"], first["size"]) == (3, 2, 2)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    second = page_of(client.get(url("service-list", municipality), {"per_page": 2, "page": 2}))
    assert second["size"] == 1 and second["last_page"]
    ids = {s["id"] for s in first["contents"]} | {s["id"] for s in second["contents"]}
    assert len(ids) == 3
    beyond = page_of(client.get(url("service-list", municipality), {"page": 9}))
    assert beyond["contents"] == [] and not beyond["empty"]


def test_taxonomy_terms_filter_and_nest(client, inventory, municipality):
    terms = {(t.kind, t.code): t for t in taxonomy.terms(municipality=municipality)}
    wmo = terms[("legalframe", "wmo")]
    body = page_of(client.get(url("service-list", municipality), {"taxonomy_term_id": wmo.id}))
    assert [s["name"] for s in body["contents"]] == ["Maatje plus"]
    domain = terms[("provisiontype", "maatjesproject")].parent_id
    body = page_of(client.get(url("service-list", municipality), {"taxonomy_term_id": domain}))
    assert body["total_items"] == 3
    body = page_of(
        client.get(url("service-list", municipality), {"taxonomy_term_id": str(uuid.uuid4())})
    )
    assert body["empty"]
    top = page_of(client.get(url("taxonomy-term-list", municipality), {"top_only": "true"}))
    kinds = {(t["taxonomy"], "parent_id" in t) for t in top["contents"]}
    assert kinds == {("stabiel-voorzieningen", False), ("stabiel-schillen", False)}
    body = page_of(client.get(url("service-list", municipality), {"search": "plus"}))
    assert body["total_items"] == 1
    org = inventory["plain"].hsds_id
    body = page_of(client.get(url("service-list", municipality), {"organization_id": org}))
    assert body["total_items"] == 1


def test_a_region_neighbour_is_published_only_when_it_publishes_too(
    client, inventory, municipality, neighbour, neighbour_adviser, shells, ptype
):
    other = make_provider(neighbour_adviser, name="Buren")
    make_offering(
        neighbour_adviser, provider=other, provision_type=ptype, shell=shells["informeel"]
    )
    assert page_of(client.get(url("service-list", municipality)))["total_items"] == 3
    publish(neighbour)
    assert page_of(client.get(url("service-list", municipality)))["total_items"] == 4


def test_not_published_or_unknown_is_a_dutch_404(client, inventory, municipality):
    publish(municipality, on=False)
    for name in ("root", "service-list", "taxonomy-list"):
        response = client.get(url(name, municipality))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert "publiceert haar sociale kaart niet" in response.json()["detail"]
    publish(municipality)
    assert client.get("/hsds/GM9999/services").status_code == 404
    for name in ("service-detail", "organization-detail", "taxonomy-term-detail"):
        for wrong in ("geen-uuid", str(uuid.uuid4())):
            response = client.get(url(name, municipality, id=wrong))
            assert response.status_code == 404, (name, wrong)
            assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("name", "params", "parameter", "reason"),
    [
        ("service-list", {"page": "een"}, "page", "heel getal"),
        ("service-list", {"page": "0"}, "page", "heel getal"),
        ("service-list", {"per_page": "500"}, "per_page", "tot en met 200"),
        ("service-list", {"full": "ja"}, "full", "true of false"),
        ("service-list", {"taxonomy_term_id": "wonen"}, "taxonomy_term_id", "geen geldig id"),
        ("service-list", {"modified_after": "gisteren"}, "modified_after", "datum en tijd"),
        ("service-list", {"format": "ndjson"}, "format", "alleen json"),
        ("organization-list", {"full_service": "1"}, "full_service", "true of false"),
        ("taxonomy-term-list", {"parent_id": "x"}, "parent_id", "geen geldig id"),
        ("service-at-location-list", {"search": "x" * 201}, "search", "200 tekens"),
    ],
)
def test_bad_parameters_get_a_dutch_problem_and_change_nothing(
    client, inventory, municipality, name, params, parameter, reason
):
    before = (Offering.objects.count(), Provider.objects.count())
    response = client.get(url(name, municipality), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["invalid-params"][0]["name"] == parameter
    assert reason in body["invalid-params"][0]["reason"]
    assert (Offering.objects.count(), Provider.objects.count()) == before


def test_read_only(client, inventory, municipality):
    response = client.post(url("service-list", municipality), {"name": "x"})
    assert response.status_code == 405
    assert Offering.objects.count() == 4


def test_the_openapi_document_names_the_municipality(client, inventory, municipality):
    body = client.get(url("openapi", municipality)).json()
    assert municipality.name in body["info"]["title"]
    assert body["servers"][0]["url"].endswith(f"/hsds/{municipality.cbs_code}")
    assert "/services" in body["paths"]
