"""Regions per legal frame: the adviser keeps them on screen; coverage per frame follows them."""

import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory
from stabiel.inventory import services
from stabiel.inventory.models import FrameRegion
from stabiel.inventory.queries import region_municipalities

pytestmark = pytest.mark.django_db
URL = reverse("inventory:frame-regions")


def post_new(client, **data):
    return client.post(URL, data)


def test_adviser_adds_a_youth_region_and_coverage_follows_it(client, adviser, neighbour):
    outside = MunicipalityFactory(name="Verweg")
    client.force_login(adviser)
    response = post_new(client, name="Jeugdregio Oost", frame="jeugd", municipalities=[outside.pk])
    assert response.status_code == 302
    region = FrameRegion.objects.get()
    # the adviser's own municipality is always in it
    assert set(region.municipalities.all()) == {adviser.municipality, outside}
    ids = set(
        region_municipalities(municipality=adviser.municipality, frame="jeugd").values_list(
            "pk", flat=True
        )
    )
    assert ids == {adviser.municipality.pk, outside.pk}
    # the other frames still use the ordinary region (with the neighbour)
    wmo = region_municipalities(municipality=adviser.municipality, frame="wmo")
    assert neighbour in wmo and outside not in wmo
    page = client.get(URL).content.decode()
    assert "Jeugdregio Oost" in page and "Verweg" in page


def test_adviser_changes_and_leaves_a_region(client, adviser, neighbour):
    region = services.frame_region_save(
        actor=adviser, name="Wmo-regio", frame="wmo", municipalities=[neighbour]
    )
    client.force_login(adviser)
    edit = reverse("inventory:frame-region-edit", args=[region.pk])
    assert "Wmo-regio" in client.get(edit).content.decode()
    response = client.post(edit, {"name": "Wmo-regio Oost", "frame": "wmo", "municipalities": []})
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.name == "Wmo-regio Oost"
    assert list(region.municipalities.all()) == [adviser.municipality]
    client.post(edit, {"verlaten": "1"})
    assert not FrameRegion.objects.exists()  # nobody left in it


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # no name
        ({"name": "", "frame": "jeugd"}, "Geef de regio een naam"),
        # a frame that does not exist
        ({"name": "X", "frame": "ruimte"}, "Kies een kader uit de lijst."),
        # a municipality id that does not exist
        ({"name": "X", "frame": "jeugd", "municipalities": ["999999"]}, "Kies gemeenten uit"),
        # not a number at all
        ({"name": "X", "frame": "jeugd", "municipalities": ["abc"]}, "Kies gemeenten uit"),
        # a name that is too long
        ({"name": "x" * 161, "frame": "jeugd"}, "te lang"),
    ],
)
def test_bad_region_form_says_why_and_stores_nothing(client, adviser, data, message):
    client.force_login(adviser)
    response = post_new(client, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FrameRegion.objects.exists()


def test_a_municipality_belongs_to_one_region_per_frame(client, adviser, neighbour_adviser):
    services.frame_region_save(
        actor=neighbour_adviser, name="Jeugdregio Zuid", frame="jeugd", municipalities=[]
    )
    client.force_login(adviser)
    response = post_new(
        client,
        name="Jeugdregio Noord",
        frame="jeugd",
        municipalities=[neighbour_adviser.municipality.pk],
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Een gemeente hoort bij één regio per kader" in page
    assert "Jeugdregio Zuid" in page
    assert FrameRegion.objects.count() == 1
    # the same name twice for one frame
    response = post_new(client, name="Jeugdregio Zuid", frame="jeugd")
    assert "Er is al een regio met deze naam voor dit kader." in response.content.decode()
    assert FrameRegion.objects.count() == 1


def test_a_region_without_us_is_not_ours_to_edit(client, adviser, neighbour_adviser):
    region = services.frame_region_save(
        actor=neighbour_adviser, name="Zorgregio", frame="zorg", municipalities=[]
    )
    client.force_login(adviser)
    edit = reverse("inventory:frame-region-edit", args=[region.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"name": "Gekaapt", "frame": "zorg"}).status_code == 404
    assert client.post(edit, {"verlaten": "1"}).status_code == 404
    region.refresh_from_db()
    assert region.name == "Zorgregio"
    with pytest.raises(services.InventoryInputError, match="eigen gemeente"):
        services.frame_region_save(
            actor=adviser, frame_region=region, name="Gekaapt", frame="zorg", municipalities=[]
        )


def test_only_the_policy_adviser_edits_regions(client, make_user, catalogue):
    client.force_login(make_user(Role.ACCESS_WORKER))
    assert client.get(URL).status_code == 403
    assert post_new(client, name="X", frame="jeugd").status_code == 403
    assert not FrameRegion.objects.exists()
