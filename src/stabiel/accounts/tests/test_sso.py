"""Municipal single sign-on through a local fake OpenID Connect provider, the real flow."""

from urllib.parse import urlparse

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from stabiel.accounts.models import SecurityEvent, SsoRoleMapping, User
from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory, TeamFactory
from stabiel.accounts.tests.fake_oidc_provider import CLIENT_ID, FakeProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    fake = FakeProvider().start()
    yield fake
    fake.stop()


@pytest.fixture
def gemeente(db):
    return MunicipalityFactory(name="Utrecht", cbs_code="GM0344")


@pytest.fixture
def sso_on(settings, provider, gemeente):
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.OIDC_MUNICIPALITY_CODE = "GM0344"
    settings.OIDC_MUNICIPALITY_CLAIM = ""
    settings.TWO_FACTOR_REQUIRED = True  # SSO logins are not asked: the provider did it
    return settings


@pytest.fixture
def noord(gemeente):
    team = TeamFactory(municipality=gemeente, name="Wijkteam Noord")
    SsoRoleMapping.objects.create(
        municipality=gemeente, claim_value="wijkteam-noord", role=Role.ACCESS_WORKER, team=team
    )
    return team


def claims(**extra):
    return {
        "sub": "a1b2c3",
        "email": "fatima.elamrani@utrecht.example",
        "given_name": "Fatima",
        "family_name": "El Amrani",
        "roles": ["wijkteam-noord", "alle-medewerkers"],
        **extra,
    }


def to_provider(client, provider, query=""):
    start = client.get(reverse("accounts:sso-start") + query)
    assert start.status_code == 302
    assert start.url.startswith(f"{provider.base_url}/authorize?")
    answer = requests.get(start.url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = urlparse(answer.headers["Location"])
    assert back.path == reverse("accounts:sso-callback")
    return back


def callback(client, back):
    return client.get(f"{back.path}?{back.query}")


def login_page_text(client):
    return client.get(reverse("accounts:login")).content.decode()


def test_login_through_the_municipality_gives_the_mapped_role(client, provider, sso_on, noord):
    provider.claims = claims()

    response = callback(client, to_provider(client, provider))

    assert response.status_code == 302
    assert response.url == reverse("home:home")
    user = User.objects.get(sso_subject="a1b2c3")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.municipality.cbs_code == "GM0344"
    assert user.role_set == {Role.ACCESS_WORKER}
    assert list(user.teams.all()) == [noord]
    assert (user.first_name, user.last_name) == ("Fatima", "El Amrani")
    assert not user.has_usable_password()
    # Logged in, and not sent to the code page: the provider asked its own second factor.
    assert client.get(reverse("home:home")).status_code == 200
    assert client.get(reverse("alerts:alert-list")).status_code == 200
    assert provider.requests == ["/authorize", "/token", "/jwks", "/userinfo"]
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SSO_LOGIN, user=user).exists()


def test_the_next_page_is_kept_and_a_second_login_is_the_same_user(
    client, provider, sso_on, noord, gemeente
):
    provider.claims = claims()
    callback(client, to_provider(client, provider))
    client.logout()
    # At the provider the person moved from the team to policy work.
    SsoRoleMapping.objects.create(
        municipality=gemeente, claim_value="beleid", role=Role.POLICY_ADVISER
    )
    provider.claims = claims(roles="beleid")

    target = reverse("catalogue:overview")
    response = callback(client, to_provider(client, provider, f"?next={target}"))

    assert response.url == target
    assert User.objects.filter(sso_subject="a1b2c3").count() == 1
    assert User.objects.get(sso_subject="a1b2c3").role_set == {Role.POLICY_ADVISER}


def test_the_municipality_can_come_from_a_claim(client, provider, sso_on, noord):
    sso_on.OIDC_MUNICIPALITY_CODE = ""
    sso_on.OIDC_MUNICIPALITY_CLAIM = "gemeentecode"
    provider.claims = claims(gemeentecode="gm0344")

    assert callback(client, to_provider(client, provider)).url == reverse("home:home")
    assert User.objects.get(sso_subject="a1b2c3").municipality.cbs_code == "GM0344"


def test_a_municipality_unknown_to_stabiel_is_refused_in_dutch(client, provider, sso_on, noord):
    sso_on.OIDC_MUNICIPALITY_CODE = ""
    sso_on.OIDC_MUNICIPALITY_CLAIM = "gemeentecode"
    provider.claims = claims(gemeentecode="GM9999")

    response = callback(client, to_provider(client, provider))

    assert response.url == reverse("accounts:login")
    assert "Uw gemeente gebruikt Stabiel nog niet" in login_page_text(client)
    assert not User.objects.filter(sso_subject="a1b2c3").exists()


def test_a_person_without_a_mapped_role_is_refused_in_dutch(client, provider, sso_on, noord):
    provider.claims = claims(roles=["alle-medewerkers"])

    response = callback(client, to_provider(client, provider))

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert "u hebt nog geen rol in Stabiel" in login_page_text(client)
    assert not User.objects.filter(sso_subject="a1b2c3").exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SSO_REFUSED)
    assert event.municipality.cbs_code == "GM0344"
    assert "alle-medewerkers" in event.detail


def test_a_role_of_another_municipality_does_not_count(client, provider, sso_on, noord):
    other = MunicipalityFactory(cbs_code="GM0363")
    SsoRoleMapping.objects.create(
        municipality=other, claim_value="privacy", role=Role.PRIVACY_OFFICER
    )
    provider.claims = claims(roles=["privacy"])

    callback(client, to_provider(client, provider))

    assert "_auth_user_id" not in client.session
    assert "nog geen rol" in login_page_text(client)


def test_a_wrong_state_is_refused_in_dutch_never_a_server_error(client, provider, sso_on, noord):
    provider.claims = claims()
    back = to_provider(client, provider)
    forged = back.query.replace("state=", "state=vervalst")

    response = client.get(f"{back.path}?{forged}")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "hoort niet bij deze inlogpoging" in login_page_text(client)
    assert not User.objects.filter(sso_subject="a1b2c3").exists()


def test_a_callback_without_a_started_login_is_refused(client, provider, sso_on, noord):
    response = client.get(reverse("accounts:sso-callback") + "?code=abc&state=xyz")
    assert response.status_code == 302
    assert "Inloggen via uw gemeente is niet gelukt" in login_page_text(client)


def test_the_provider_saying_no_is_refused_in_dutch(client, provider, sso_on, noord):
    back = to_provider(client, provider)
    state = dict(part.split("=") for part in back.query.split("&"))["state"]
    response = client.get(reverse("accounts:sso-callback") + f"?error=access_denied&state={state}")
    assert response.status_code == 302
    assert "Inloggen via uw gemeente is niet gelukt" in login_page_text(client)


def test_a_provider_that_is_down_gives_a_dutch_message(client, provider, sso_on, noord):
    provider.claims = claims()
    back = to_provider(client, provider)
    provider.stop()  # the provider goes down between the redirect and the token request

    response = callback(client, back)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "antwoordt nu niet goed" in login_page_text(client)


def test_a_token_signed_with_another_key_is_refused(client, provider, sso_on, noord):
    provider.claims = claims()
    back = to_provider(client, provider)
    # Someone else's key signs the id_token; the provider's JWKS still publishes its own.
    provider.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    response = callback(client, back)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "Inloggen via uw gemeente is niet gelukt" in login_page_text(client)
    assert not User.objects.filter(sso_subject="a1b2c3").exists()


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({"iss": "https://idp.other.example"}, "issuer"),
        ({"iss": None}, "issuer"),
        ({"aud": "another-application"}, "audience"),
        ({"aud": ["another-application", "x"]}, "audience"),
        ({"aud": None}, "audience"),
        ({"aud": ["stabiel-test", "another-application"]}, "authorized party"),
        ({"aud": ["stabiel-test", "x"], "azp": "another-application"}, "authorized party"),
        ({"iat": None}, "expiry"),
    ],
)
def test_a_token_meant_for_another_issuer_or_client_is_refused(
    client, provider, sso_on, noord, changes, problem
):
    """A token the provider signed for another application, or that another provider issued,
    does not let anyone in (OpenID Connect Core 3.1.3.7)."""
    provider.claims = claims()
    provider.id_token_changes = changes  # the test client is "stabiel-test"
    back = to_provider(client, provider)

    response = callback(client, back)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "Inloggen via uw gemeente is niet gelukt" in login_page_text(client)
    assert not User.objects.filter(sso_subject="a1b2c3").exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SSO_REFUSED)
    assert problem in event.detail


def test_a_token_for_this_client_among_others_with_azp_is_accepted(client, provider, sso_on, noord):
    provider.claims = claims()
    provider.id_token_changes = {"aud": [CLIENT_ID, "reporting"], "azp": CLIENT_ID}
    back = to_provider(client, provider)

    callback(client, back)

    assert User.objects.filter(sso_subject="a1b2c3").exists()


def test_without_a_configured_issuer_no_token_is_accepted(client, provider, sso_on, noord):
    sso_on.OIDC_OP_ISSUER = ""
    provider.claims = claims()
    back = to_provider(client, provider)

    callback(client, back)

    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(sso_subject="a1b2c3").exists()


def test_switched_off_there_is_no_button_and_no_way_in(client, settings):
    settings.OIDC_ENABLED = False
    assert "Inloggen via uw gemeente" not in login_page_text(client)
    assert client.get(reverse("accounts:sso-start")).status_code == 404
    assert client.get(reverse("accounts:sso-callback") + "?code=a&state=b").status_code == 404


def test_switched_on_the_login_page_shows_the_button(client, sso_on):
    assert "Inloggen via uw gemeente" in login_page_text(client)


def test_a_password_login_still_works_beside_single_sign_on(client, sso_on, make_user):
    user = make_user(Role.POLICY_ADVISER)
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": "Een-lang-wachtwoord-1"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


# The administrator's screen: which group gives which role.


def test_the_administrator_maps_a_group_to_a_role(admin_client, admin_user, team):
    url = reverse("accounts:sso-mapping-list")
    assert "Nog geen groepen vastgelegd" in admin_client.get(url).content.decode()

    response = admin_client.post(
        url, {"claim_value": " wijkteam-noord ", "role": Role.ACCESS_WORKER, "team": team.pk}
    )

    assert response.status_code == 302
    mapping = SsoRoleMapping.objects.get()
    assert (mapping.municipality, mapping.claim_value, mapping.role, mapping.team) == (
        admin_user.municipality,
        "wijkteam-noord",
        Role.ACCESS_WORKER,
        team,
    )
    page = admin_client.get(url).content.decode()
    assert "wijkteam-noord" in page and "Medewerker toegang" in page

    admin_client.post(reverse("accounts:sso-mapping-delete", kwargs={"pk": mapping.pk}))
    assert not SsoRoleMapping.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"claim_value": "", "role": Role.POLICY_ADVISER}, "Vul de groep in"),
        ({"claim_value": "x", "role": "koning"}, "geen beschikbare keuze"),
        ({"claim_value": "wijkteam", "role": Role.ACCESS_WORKER}, "horen bij een team"),
        ({"claim_value": "x", "role": Role.TEAM_LEAD, "team": 999999}, "bestaat niet in uw"),
    ],
)
def test_bad_input_on_the_mapping_screen_is_refused_in_dutch(admin_client, data, message):
    response = admin_client.post(reverse("accounts:sso-mapping-list"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SsoRoleMapping.objects.exists()


def test_the_same_group_and_role_twice_is_refused(admin_client, admin_user):
    SsoRoleMapping.objects.create(
        municipality=admin_user.municipality, claim_value="beleid", role=Role.POLICY_ADVISER
    )
    response = admin_client.post(
        reverse("accounts:sso-mapping-list"),
        {"claim_value": "beleid", "role": Role.POLICY_ADVISER},
    )
    assert "Deze groep geeft deze rol al" in response.content.decode()
    assert SsoRoleMapping.objects.count() == 1


def test_a_team_of_another_municipality_cannot_be_chosen_nor_its_mapping_removed(
    admin_client, other_municipality
):
    foreign_team = TeamFactory(municipality=other_municipality)
    foreign = SsoRoleMapping.objects.create(
        municipality=other_municipality, claim_value="x", role=Role.POLICY_ADVISER
    )
    response = admin_client.post(
        reverse("accounts:sso-mapping-list"),
        {"claim_value": "y", "role": Role.TEAM_LEAD, "team": foreign_team.pk},
    )
    assert "bestaat niet in uw gemeente" in response.content.decode()
    assert "x" not in [m.claim_value for m in response.context["mappings"]]
    assert (
        admin_client.post(
            reverse("accounts:sso-mapping-delete", kwargs={"pk": foreign.pk})
        ).status_code
        == 404
    )
    assert SsoRoleMapping.objects.count() == 1


def test_only_the_administrator_sees_the_mapping_screen(client, make_user, team):
    client.force_login(make_user(Role.TEAM_LEAD, teams=[team]))
    assert client.get(reverse("accounts:sso-mapping-list")).status_code == 403
