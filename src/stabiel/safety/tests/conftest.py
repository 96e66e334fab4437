"""The cases world (one team with a stacked household and its alert), plus a safety specialist
and an open case led by the worker."""

import pytest

from stabiel.accounts.roles import Role
from stabiel.cases import services as case_services
from stabiel.cases.tests.conftest import world  # noqa: F401 - the shared fixture


@pytest.fixture
def specialist(world, make_user):  # noqa: F811
    return make_user(Role.SAFETY_SPECIALIST, teams=[world.team])


@pytest.fixture
def case(world):  # noqa: F811
    return case_services.triage_record(
        actor=world.worker,
        alert=world.alert,
        urgency="soon",
        safety_concern=True,
        safety_note="Zorgen",
        outcome="visit",
        taken_by=world.worker,
    ).case
