"""Fixtures shared by every app's tests."""

import io

import pytest
from django.core.management import call_command

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import (
    MunicipalityFactory,
    PartnerOrganisationFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the national catalogue once per test database; every test starts with it."""
    with django_db_blocker.unblock():
        call_command("catalogue_load", verbosity=0, stdout=io.StringIO())
        call_command("practices_load", verbosity=0, stdout=io.StringIO())


@pytest.fixture(autouse=True)
def dutch_first():
    """Every test starts in Dutch: a request in English (the language switch, an English
    browser) leaves its language active in the thread, and later tests would read English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def catalogue(db):
    """The national catalogue. Loaded once per session; reloaded after a test that flushed it."""
    from stabiel.catalogue.models import Pillar

    if not Pillar.objects.exists():
        call_command("catalogue_load", verbosity=0, stdout=io.StringIO())
        call_command("practices_load", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def team(municipality):
    return TeamFactory(municipality=municipality)


@pytest.fixture
def make_user(municipality):
    def make(role: Role, *, municipality=municipality, teams=(), **kwargs):
        if isinstance(kwargs.get("partner_organisation"), str):
            kwargs["partner_organisation"] = PartnerOrganisationFactory(
                municipality=municipality, name=kwargs["partner_organisation"]
            )
        return UserFactory(municipality=municipality, roles=[role], teams=list(teams), **kwargs)

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.FUNCTIONAL_ADMIN)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
