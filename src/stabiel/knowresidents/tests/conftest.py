import copy

import pytest

from stabiel.accounts.models import Area
from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory
from stabiel.knowresidents import cbs


@pytest.fixture
def zeist(db):
    """A municipality with the CBS code and areas of the shipped recording."""
    municipality = MunicipalityFactory(name="Zeist", cbs_code="GM0355")
    for code, name in [
        ("WK035501", "Zeist-Centrum"),
        ("WK035502", "Zeist-West"),
        ("WK035503", "Den Dolder"),
        ("WK035504", "Austerlitz"),
    ]:
        Area.objects.create(municipality=municipality, cbs_code=code, name=name, kind="district")
    Area.objects.create(
        municipality=municipality, cbs_code="BU03550101", name="Centrum", kind="neighbourhood"
    )
    return municipality


@pytest.fixture
def adviser(zeist, make_user):
    return make_user(Role.POLICY_ADVISER, municipality=zeist)


@pytest.fixture
def recording():
    return copy.deepcopy(cbs.load_file(cbs.sample_path(2024)))
