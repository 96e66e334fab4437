"""Login: after repeated failures the pair (user name, address) is locked for a while, logged."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import override_settings
from django.urls import reverse

from stabiel.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Een-lang-wachtwoord-1"


@pytest.fixture
def user():
    account = UserFactory(username="tara")
    return account


def attempt(client, password, username="tara", address="192.0.2.10"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_three_wrong_passwords_lock_the_login_even_for_the_right_one(client, user):
    for _ in range(2):
        response = attempt(client, "fout")
        assert response.status_code == 200
        assert "klopt niet" in response.content.decode()

    locked = attempt(client, "fout")
    assert locked.status_code == 429
    assert "Inloggen is even niet mogelijk" in locked.content.decode()
    # The right password does not open a locked login.
    assert attempt(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="tara").get().failures_since_start >= 3
    assert AccessFailureLog.objects.filter(username="tara").count() >= 3


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_another_address_is_not_locked_out(client, user):
    for _ in range(3):
        attempt(client, "fout", address="192.0.2.10")

    response = attempt(client, PASSWORD, address="198.51.100.7")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_successful_login_resets_the_count(client, user):
    attempt(client, "fout")
    attempt(client, "fout")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()

    assert attempt(client, "fout").status_code == 200
    assert attempt(client, "fout").status_code == 200
