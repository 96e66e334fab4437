import pytest
from django.utils import timezone

from stabiel.cases.models import Case
from stabiel.supporters.tests.conftest import world  # noqa: F401 - shared fixture


@pytest.fixture
def stuck_case(world):  # noqa: F811
    return Case.objects.create(
        municipality=world["household"].municipality,
        household=world["household"],
        team=world["team"],
        case_lead=world["worker"],
        opened_on=timezone.localdate(),
    )
