import datetime

import pytest

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory, RegionFactory
from stabiel.catalogue.models import ProvisionType, Shell


@pytest.fixture
def region(db):
    return RegionFactory()


@pytest.fixture
def municipality(region):
    return MunicipalityFactory(region=region)


@pytest.fixture
def neighbour(region):
    return MunicipalityFactory(region=region)


@pytest.fixture
def adviser(make_user, catalogue):
    return make_user(Role.POLICY_ADVISER)


@pytest.fixture
def neighbour_adviser(make_user, neighbour, catalogue):
    return make_user(Role.POLICY_ADVISER, municipality=neighbour)


@pytest.fixture
def shells(catalogue):
    return {s.code: s for s in Shell.objects.filter(municipality__isnull=True)}


@pytest.fixture
def ptype(catalogue):
    return ProvisionType.objects.get(municipality__isnull=True, code="maatjesproject")


def offering_fields(**overrides) -> dict:
    fields = {
        "name": "",
        "description": "",
        "legal_frame": "",
        "access_kind": "",
        "target_group": "Volwassenen",
        "group_welcome": "ja",
        "group_uses": "onbekend",
        "capacity": 20,
        "capacity_unit": "tegelijk",
        "used_last_year": 18,
        "waiting_days": 14,
        "approach": "",
        "own_contribution": "",
        "contracted": False,
        "pgb_possible": False,
        "funder": "fonds",
        "decider": "aanbieder",
        "innovative": False,
        "referral_contact": "030 000 0000",
        "valid_from": datetime.date(2025, 1, 1),
        "valid_to": None,
    }
    fields.update(overrides)
    return fields
