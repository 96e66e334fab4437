import pytest

from stabiel.accounts.roles import Role
from stabiel.plans.seed import worksheets_load


@pytest.fixture
def worksheets(catalogue):
    """The five worksheets: loaded by a migration, reloaded after a test that flushed them."""
    worksheets_load()


@pytest.fixture
def adviser(make_user, worksheets):
    return make_user(Role.POLICY_ADVISER)


@pytest.fixture
def adviser_client(client, adviser):
    client.force_login(adviser)
    return client
