import datetime

import pytest

from stabiel.accounts.roles import Role
from stabiel.inventory import queries
from stabiel.inventory.models import FrameRegion, Offering, Provider
from stabiel.inventory.services import InventoryInputError, offering_end, provider_save

from .factories import make_offering, make_provider

pytestmark = pytest.mark.django_db


def test_adviser_adds_a_provider_and_an_offering(adviser, ptype, shells):
    provider = make_provider(adviser, kvk_number="30123456", email="info@example.org")
    offering = make_offering(
        adviser, provider=provider, provision_type=ptype, shell=shells["informeel"]
    )
    assert offering.municipality == adviser.municipality
    assert offering.display_name == ptype.name
    assert list(queries.offering_list(actor=adviser, filters={})) == [offering]


@pytest.mark.parametrize(
    ("shell", "overrides", "field"),
    [
        # informal help runs through no law
        ("informeel", {"legal_frame": "wmo"}, "legal_frame"),
        # social domain needs Wmo, Jeugdwet or Participatiewet
        ("sociaal-domein", {"legal_frame": "zvw", "access_kind": "algemeen"}, "legal_frame"),
        # social domain: general provision or custom must be chosen
        ("sociaal-domein", {"legal_frame": "wmo"}, "access_kind"),
        # other legal frames: no Wmo
        ("overige-kaders", {"legal_frame": "wmo"}, "legal_frame"),
        # capacity without a unit
        ("informeel", {"capacity": 5, "capacity_unit": ""}, "capacity_unit"),
        # a unit without capacity
        ("informeel", {"capacity": None, "capacity_unit": "per-dag"}, "capacity"),
        # period the wrong way round
        (
            "informeel",
            {"valid_from": datetime.date(2025, 5, 1), "valid_to": datetime.date(2025, 1, 1)},
            "valid_to",
        ),
    ],
)
def test_offering_that_cannot_be_is_refused(adviser, ptype, shells, shell, overrides, field):
    provider = make_provider(adviser)
    with pytest.raises(InventoryInputError) as exc:
        make_offering(
            adviser, provider=provider, provision_type=ptype, shell=shells[shell], **overrides
        )
    assert field in exc.value.errors
    assert exc.value.errors[field]
    assert not Offering.objects.exists()


def test_provider_name_twice_is_refused(adviser):
    make_provider(adviser, name="Buurthuis")
    with pytest.raises(InventoryInputError) as exc:
        make_provider(adviser, name="buurthuis")
    assert "al een aanbieder" in exc.value.errors["name"]
    assert Provider.objects.count() == 1


def test_bad_kvk_number_is_refused(adviser):
    with pytest.raises(InventoryInputError) as exc:
        make_provider(adviser, kvk_number="12ab")
    assert "acht cijfers" in exc.value.errors["kvk_number"]
    assert not Provider.objects.exists()


def test_access_worker_may_not_write(make_user, catalogue):
    worker = make_user(Role.ACCESS_WORKER)
    with pytest.raises(InventoryInputError):
        provider_save(actor=worker, name="X")
    assert not Provider.objects.exists()


def test_region_sees_everything_but_edits_only_its_own(
    adviser, neighbour_adviser, ptype, shells, make_user, other_municipality
):
    mine = make_provider(adviser, name="Van ons")
    theirs = make_provider(neighbour_adviser, name="Van de buren")
    make_offering(adviser, provider=mine, provision_type=ptype, shell=shells["informeel"])
    make_offering(
        neighbour_adviser, provider=theirs, provision_type=ptype, shell=shells["informeel"]
    )
    assert queries.offering_list(actor=adviser, filters={}).count() == 2
    assert queries.offering_list(actor=adviser, filters={"scope": "own"}).count() == 1
    # another region sees nothing
    outsider = make_user(Role.POLICY_ADVISER, municipality=other_municipality)
    assert queries.offering_list(actor=outsider, filters={}).count() == 0
    with pytest.raises(InventoryInputError):
        make_offering(adviser, provider=theirs, provision_type=ptype, shell=shells["informeel"])
    with pytest.raises(Provider.DoesNotExist):
        provider_save(actor=adviser, provider=theirs, name="Overgenomen")


def test_frame_region_differs_from_the_region(adviser, neighbour_adviser, ptype, shells):
    mine = make_provider(adviser, name="Jeugd ons")
    theirs = make_provider(neighbour_adviser, name="Jeugd buren")
    for actor, provider in ((adviser, mine), (neighbour_adviser, theirs)):
        make_offering(
            actor,
            provider=provider,
            provision_type=ptype,
            shell=shells["sociaal-domein"],
            legal_frame="jeugdwet",
            access_kind="algemeen",
        )
    assert queries.offering_list(actor=adviser, filters={"frame": "jeugd"}).count() == 2
    youth = FrameRegion.objects.create(frame="jeugd", name="Jeugdregio")
    youth.municipalities.set([adviser.municipality])
    assert queries.offering_list(actor=adviser, filters={"frame": "jeugd"}).count() == 1
    assert queries.offering_list(actor=adviser, filters={"frame": "wmo"}).count() == 0


def test_ended_offering_stays_in_history(adviser, ptype, shells):
    provider = make_provider(adviser)
    offering = make_offering(
        adviser, provider=provider, provision_type=ptype, shell=shells["informeel"]
    )
    offering_end(actor=adviser, offering=offering, valid_to=datetime.date(2025, 6, 30))
    assert queries.offering_list(actor=adviser, filters={}).count() == 0
    assert queries.offering_list(actor=adviser, filters={"history": True}).count() == 1
    with pytest.raises(InventoryInputError):
        offering_end(actor=adviser, offering=offering, valid_to=datetime.date(2024, 1, 1))


def test_search_finds_aliases(adviser, ptype, shells):
    provider = make_provider(adviser, name="Vrijwilligers")
    make_offering(adviser, provider=provider, provision_type=ptype, shell=shells["informeel"])
    alias = ptype.alias_list[0]
    assert queries.offering_list(actor=adviser, filters={"q": alias}).count() == 1
    assert queries.offering_list(actor=adviser, filters={"q": "zwembad"}).count() == 0
