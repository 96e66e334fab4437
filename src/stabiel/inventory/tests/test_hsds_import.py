"""Import of an HSDS feed: all or nothing, idempotent, every rejected service with its reason."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.inventory import services
from stabiel.inventory.models import Offering, Provider

from .test_hsds import inventory, publish  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(client, inventory, municipality):  # noqa: F811
    """The demo of another directory: this municipality's own HSDS API, fully nested."""
    response = client.get(
        reverse("hsds:service-list", kwargs={"cbs_code": municipality.cbs_code}), {"full": "true"}
    )
    return response.json()


@pytest.fixture
def elsewhere(make_user, other_municipality, catalogue):
    return make_user(Role.POLICY_ADVISER, municipality=other_municipality)


def load(actor, document) -> object:
    content = json.dumps(document).encode()
    draft, _preview = services.import_preview(actor=actor, content=content, filename="feed.json")
    return services.import_commit(actor=actor, draft_id=draft.pk)


def test_a_feed_maps_onto_providers_and_offerings_and_twice_changes_nothing(feed, elsewhere):
    preview = load(elsewhere, feed)
    assert (preview.new_providers, preview.new_offerings) == (2, 3)
    mine = Offering.objects.filter(municipality=elsewhere.municipality)
    assert mine.count() == 3
    plus = mine.get(name="Maatje plus")
    assert (plus.shell.code, plus.legal_frame, plus.provision_type.code) == (
        "sociaal-domein",
        "wmo",
        "maatjesproject",
    )
    assert plus.waiting_days == 14
    assert plus.funder == "gemeente-wmo"
    assert plus.provider.kvk_number == "30123456"
    assert plus.provider.city == "Zeist"
    fields = [f.name for f in Offering._meta.concrete_fields if f.name != "updated_at"]
    before = list(mine.order_by("pk").values(*fields))
    again = load(elsewhere, feed)
    assert (again.new_offerings, again.changed_offerings, again.unchanged_offerings) == (0, 0, 3)
    assert list(mine.order_by("pk").values(*fields)) == before


def test_a_changed_name_updates_the_same_offering(feed, elsewhere):
    load(elsewhere, feed)
    feed["contents"][0]["name"] = "Nieuwe naam"
    preview = load(elsewhere, feed)
    assert (preview.new_offerings, preview.changed_offerings) == (0, 1)
    assert Offering.objects.filter(municipality=elsewhere.municipality).count() == 3


def reject(actor, content: bytes) -> services.ImportRejectedError:
    before = (Provider.objects.count(), Offering.objects.count())
    with pytest.raises(services.ImportRejectedError) as caught:
        services.import_preview(actor=actor, content=content, filename="feed.json")
    assert (Provider.objects.count(), Offering.objects.count()) == before
    return caught.value


def reasons(error) -> str:
    return " | ".join(reason for _n, reason in error.preview.errors)


def test_a_feed_that_is_not_json_or_not_utf8_is_refused(elsewhere, catalogue):
    assert "geen geldige JSON" in str(reject(elsewhere, b'{"contents": [}'))
    assert "niet in UTF-8" in str(reject(elsewhere, '[{"name": "Café"}]'.encode("latin-1")))
    assert "geen diensten" in str(reject(elsewhere, b'{"total_items": 0}'))


def test_one_bad_service_stops_the_whole_feed_with_its_reason(feed, elsewhere):
    feed["contents"][1].pop("status")
    feed["contents"][2]["url"] = "geen adres"
    feed["contents"][0]["attributes"] = []
    error = reject(elsewhere, json.dumps(feed).encode())
    assert "Er is niets ingelezen: 3 regel(s)" in str(error)
    text = reasons(error)
    assert "dienst 2" in text and "het veld 'status' ontbreekt" in text
    assert "dienst 3" in text and "url: is geen geldige uri" in text
    assert "dienst 1" in text and "geen bekende soort voorziening" in text
    assert not Offering.objects.filter(municipality=elsewhere.municipality).exists()


def test_inactive_service_and_bad_kvk_are_refused(feed, elsewhere):
    feed["contents"][0]["status"] = "defunct"
    org = feed["contents"][1]["organization"]
    org.setdefault("organization_identifiers", []).append(
        {
            "id": "7d1b3b3e-0000-4000-8000-000000000001",
            "identifier_scheme": "NL-KVK",
            "identifier_type": "KvK",
            "identifier": "123",
        }
    )
    text = reasons(reject(elsewhere, json.dumps(feed).encode()))
    assert "alleen actief aanbod" in text
    assert "acht cijfers" in text


def test_the_exchange_screen_takes_an_hsds_file(client, feed, elsewhere):
    client.force_login(elsewhere)
    upload = ("feed.json", json.dumps(feed).encode())
    response = client.post(reverse("inventory:exchange"), {"file": SimpleUploadedFile(*upload)})
    assert response.status_code == 200
    assert "nieuw aanbod: 3" in response.content.decode()
    assert not Offering.objects.filter(municipality=elsewhere.municipality).exists()
    bad = SimpleUploadedFile("feed.json", b"[1, 2]")
    response = client.post(reverse("inventory:exchange"), {"file": bad})
    assert response.status_code == 400
    assert "is geen object" in response.content.decode()
