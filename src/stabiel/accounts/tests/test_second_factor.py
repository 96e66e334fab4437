"""The second factor (TOTP) after a local password, for roles that see personal data."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from stabiel.accounts.models import SecurityEvent
from stabiel.accounts.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_on")]

PASSWORD = "Een-lang-wachtwoord-1"


@pytest.fixture
def second_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def login(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def code_for(key_hex: str, *, offset: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key_hex), step=30, digits=6)
    totp.drift = offset
    return f"{totp.token():06d}"


def setup_key(client) -> str:
    return client.session["stabiel_otp_setup_key"]


@pytest.fixture
def worker(make_user, team):
    return make_user(Role.ACCESS_WORKER, teams=[team])


def test_a_worker_without_device_is_led_to_set_one_up_and_sees_nothing_else(client, worker):
    response = login(client, worker)
    assert response.status_code == 302
    home = client.get(reverse("home:home"))
    assert home.status_code == 302
    assert home.url.startswith(reverse("accounts:otp-setup"))
    # Any other page too: the alert list, the catalogue, the user's own password page.
    for name in ("alerts:alert-list", "catalogue:overview", "accounts:password-change"):
        assert client.get(reverse(name)).url.startswith(reverse("accounts:otp-setup")), name

    page = client.get(home.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Tweede stap instellen" in html
    assert "<svg" in html and '<title id="qr-title">' in html
    key_text = re.search(r'<code class="stabiel-otp-key">([A-Z2-7 ]+)</code>', html).group(1)
    assert len(key_text.replace(" ", "")) == 32  # 20 bytes in base32
    assert "<script" not in html


def test_wrong_code_at_setup_is_refused_in_dutch_and_nothing_is_stored(client, worker):
    login(client, worker)
    client.get(reverse("accounts:otp-setup"))
    key = setup_key(client)
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:otp-setup"), {"code": wrong})

    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.exists()
    assert not SecurityEvent.objects.exists()
    assert client.get(reverse("home:home")).status_code == 302

    for bad in ("", "12ab56", "1234567"):
        response = client.post(reverse("accounts:otp-setup"), {"code": bad})
        assert response.status_code == 200
        assert "Vul de code uit de app in" in response.content.decode() or (
            "6 cijfers" in response.content.decode()
        )
    assert not TOTPDevice.objects.exists()


def test_right_code_at_setup_stores_the_device_and_lets_the_worker_in(client, worker):
    login(client, worker, next_url=reverse("alerts:alert-list"))
    client.get(reverse("accounts:otp-setup"))
    key = setup_key(client)

    response = client.post(
        reverse("accounts:otp-setup"),
        {"code": code_for(key), "next": reverse("alerts:alert-list")},
    )

    assert response.status_code == 302
    assert response.url == reverse("alerts:alert-list")
    device = TOTPDevice.objects.get(user=worker)
    assert device.confirmed and device.key == key
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.SECOND_FACTOR_CONFIRMED, user=worker
    ).exists()
    assert client.get(reverse("home:home")).status_code == 200


def test_a_worker_with_a_device_enters_a_code_after_the_password(client, worker):
    device = TOTPDevice.objects.create(user=worker, name="Stabiel", confirmed=True)
    login(client, worker)

    home = client.get(reverse("home:home"))
    assert home.url.startswith(reverse("accounts:otp-verify"))
    assert client.get(reverse("accounts:otp-setup")).url.startswith(reverse("accounts:otp-verify"))

    wrong = f"{(int(code_for(device.key)) + 500_000) % 1_000_000:06d}"
    refused = client.post(reverse("accounts:otp-verify"), {"code": wrong})
    assert refused.status_code == 200
    assert "Deze code klopt niet" in refused.content.decode()
    assert client.get(reverse("home:home")).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # the failure above slows the next try down; not what is tested here
    accepted = client.post(reverse("accounts:otp-verify"), {"code": code_for(device.key)})
    assert accepted.status_code == 302
    assert client.get(reverse("home:home")).status_code == 200


def test_repeated_wrong_codes_are_slowed_down(client, worker):
    device = TOTPDevice.objects.create(user=worker, name="Stabiel", confirmed=True)
    login(client, worker)
    wrong = f"{(int(code_for(device.key)) + 500_000) % 1_000_000:06d}"
    client.post(reverse("accounts:otp-verify"), {"code": wrong})

    # Right away after a failure even the right code waits: django-otp's throttle.
    response = client.post(reverse("accounts:otp-verify"), {"code": code_for(device.key)})

    assert "te vaak een verkeerde code" in response.content.decode()
    assert client.get(reverse("home:home")).status_code == 302


def test_a_policy_adviser_sees_no_personal_data_and_is_not_asked(client, make_user):
    adviser = make_user(Role.POLICY_ADVISER)
    login(client, adviser)
    assert client.get(reverse("home:home")).status_code == 200
    # The code pages send the adviser on.
    assert client.get(reverse("accounts:otp-setup")).status_code == 302
    assert not TOTPDevice.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.TEAM_LEAD, Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN, Role.PARTNER_REPORTER]
)
def test_every_role_that_sees_personal_data_is_asked(client, make_user, team, role):
    user = make_user(role, teams=[team], partner_organisation="Partner")
    login(client, user)
    assert client.get(reverse("home:home")).url.startswith(reverse("accounts:otp-setup"))


def test_logout_and_language_switch_stay_open_and_the_menu_is_hidden(client, worker):
    login(client, worker)
    page = client.get(reverse("accounts:otp-setup"))
    assert reverse("alerts:alert-list") not in page.content.decode()
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302
    client.cookies.pop("django_language", None)
    logged_out = client.post(reverse("accounts:logout"))
    assert logged_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_switched_off_nobody_is_asked(client, worker, settings):
    settings.TWO_FACTOR_REQUIRED = False
    login(client, worker)
    assert client.get(reverse("home:home")).status_code == 200


def test_the_login_page_says_when_the_second_factor_is_off(client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert "de tweede stap (een code uit een app op uw telefoon) staat uit" in (
        client.get(reverse("accounts:login")).content.decode()
    )
    settings.TWO_FACTOR_REQUIRED = True
    assert "staat uit" not in client.get(reverse("accounts:login")).content.decode()


def test_the_administrator_resets_a_lost_device_and_it_is_logged(client, worker, admin_user):
    TOTPDevice.objects.create(user=worker, name="Stabiel", confirmed=True)
    TOTPDevice.objects.create(user=admin_user, name="Stabiel", confirmed=True)
    client.force_login(admin_user)
    session = client.session
    # The administrator passed their own second factor.
    from django_otp import DEVICE_ID_SESSION_KEY

    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=admin_user).persistent_id
    session.save()
    page = client.get(reverse("accounts:user-update", kwargs={"pk": worker.pk}))
    assert "Tweede stap terugzetten" in page.content.decode()

    response = client.post(reverse("accounts:user-otp-reset", kwargs={"pk": worker.pk}))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=worker).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SECOND_FACTOR_RESET)
    assert (event.user, event.actor) == (worker, admin_user)
    assert "teruggezet" in client.get(response.url).content.decode()


def test_reset_is_for_the_administrator_of_the_same_municipality_only(
    client, worker, make_user, other_municipality
):
    TOTPDevice.objects.create(user=worker, name="Stabiel", confirmed=True)
    url = reverse("accounts:user-otp-reset", kwargs={"pk": worker.pk})
    client.force_login(make_user(Role.TEAM_LEAD, teams=list(worker.teams.all())))
    assert client.post(url).status_code in (302, 403)
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN, municipality=other_municipality))
    assert client.post(url).status_code in (302, 404)
    assert TOTPDevice.objects.filter(user=worker).exists()
    assert not SecurityEvent.objects.exists()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_lockout_still_guards_the_password_step(client, worker):
    for _ in range(3):
        client.post(
            reverse("accounts:login"),
            {"username": worker.username, "password": "fout"},
            REMOTE_ADDR="192.0.2.10",
        )
    locked = client.post(
        reverse("accounts:login"),
        {"username": worker.username, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
    )
    assert locked.status_code == 429
    assert AccessAttempt.objects.filter(username=worker.username).exists()
    ok = client.post(
        reverse("accounts:login"),
        {"username": worker.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert ok.status_code == 302
    assert client.get(reverse("home:home")).url.startswith(reverse("accounts:otp-setup"))
