"""API keys per partner organisation: made by the functional administrator in the product (shown
once, stored hashed, name, end date, last used), revoked, rotated with an overlap; and the
command for scripted set-up that prints only the key."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory, PartnerOrganisationFactory
from stabiel.signals.api.authentication import api_client_for_token
from stabiel.signals.manage_services import partner_key_rotate
from stabiel.signals.models import PartnerApiClient
from stabiel.signals.services import api_token_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(municipality):
    return PartnerOrganisationFactory(municipality=municipality, name="Woonstichting Het Dak")


@pytest.fixture
def admin(make_user, client):
    user = make_user(Role.FUNCTIONAL_ADMIN)
    client.force_login(user)
    return client, user


def create(client, **overrides):
    data = {"partner": "", "name": "Huurdersysteem", "expires_on": ""}
    data.update(overrides)
    return client.post(reverse("signals:key-create"), data)


def shown_token(response) -> str:
    content = response.content.decode()
    start = content.index('<code class="stabiel-key">') + len('<code class="stabiel-key">')
    return content[start : content.index("</code>", start)]


def test_administrator_makes_a_key_shown_once_and_stored_hashed(admin, partner):
    client, user = admin
    response = create(client, partner=partner.pk, expires_on="31-12-2099")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = shown_token(response)
    # The header to send is shown whole (its placeholder was read as an HTML tag).
    assert f"Authorization: Token {token}</code>" in response.content.decode()
    key = PartnerApiClient.objects.get()
    assert (key.partner, key.name, key.expires_on, key.created_by) == (
        partner,
        "Huurdersysteem",
        date(2099, 12, 31),
        user,
    )
    assert key.token_hash == api_token_hash(token) and token not in key.token_hash
    listing = client.get(reverse("signals:key-list")).content.decode()
    assert token not in listing
    assert key.token_hint in listing and "nog nooit" in listing
    # The command for scripts is shown whole (its placeholders were read as HTML tags).
    assert '--municipality &lt;CBS-code&gt; --partner "&lt;naam partner&gt;"' in listing
    assert api_client_for_token(token) == key


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"partner": ""}, "Kies de partner."),
        ({"partner": "999999"}, "Kies een partner uit de lijst."),
        ({"name": ""}, "Geef de sleutel een naam."),
        ({"name": "   "}, "Geef de sleutel een naam"),
        ({"expires_on": "31-02-2027"}, "Dit is geen datum"),
        ({"expires_on": "01-01-2000"}, "De einddatum ligt in het verleden."),
    ],
)
def test_bad_key_input_is_refused_with_a_message_and_nothing_stored(
    admin, partner, overrides, message
):
    client, _ = admin
    overrides.setdefault("partner", partner.pk)
    response = create(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PartnerApiClient.objects.exists()


def test_partner_of_another_municipality_cannot_get_a_key(admin):
    client, _ = admin
    foreign = PartnerOrganisationFactory(municipality=MunicipalityFactory(), name="Elders")
    response = create(client, partner=foreign.pk)
    assert "Kies een partner uit de lijst." in response.content.decode()
    assert not PartnerApiClient.objects.exists()


def test_revoked_key_stops_working_at_once(admin, partner):
    client, _ = admin
    token = shown_token(create(client, partner=partner.pk))
    key = PartnerApiClient.objects.get()
    url = reverse("signals:key-revoke", args=[key.pk])
    response = client.post(url, {"bevestigd": "ja"}, follow=True)
    assert "werkt niet meer" in response.content.decode()
    assert api_client_for_token(token) is None
    again = client.post(url, {"bevestigd": "ja"}, follow=True)
    assert "al ingetrokken" in again.content.decode()
    assert "al ingetrokken" in client.get(url, follow=True).content.decode()


def test_revoking_asks_first_on_a_page_of_its_own(admin, partner):
    """The list links to a confirmation page (a plain form, no JavaScript); a POST without the
    confirmation goes back to that page and leaves the key working."""
    client, _ = admin
    token = shown_token(create(client, partner=partner.pk))
    key = PartnerApiClient.objects.get()
    url = reverse("signals:key-revoke", args=[key.pk])
    listing = client.get(reverse("signals:key-list")).content.decode()
    assert f'href="{url}"' in listing
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Sleutel intrekken?" in content and "Woonstichting Het Dak" in content
    assert 'name="bevestigd" value="ja"' in content and "<script" not in content.split("<main")[-1]
    for data in ({}, {"bevestigd": ""}, {"bevestigd": "nee"}):
        response = client.post(url, data)
        assert response.status_code == 302 and response.url == url, data
        assert api_client_for_token(token) == key
    key.refresh_from_db()
    assert key.active and key.revoked_at is None


def test_revoke_page_of_another_municipality_or_unknown_key_is_404(admin, make_user):
    client, _ = admin
    other = PartnerOrganisationFactory(municipality=MunicipalityFactory(), name="Elders")
    from stabiel.signals.manage_services import partner_key_create

    theirs, token = partner_key_create(
        actor=make_user(Role.FUNCTIONAL_ADMIN, municipality=other.municipality),
        partner_id=other.pk,
        name="Hun systeem",
        expires_on=None,
    )
    assert client.get(reverse("signals:key-revoke", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("signals:key-revoke", args=[999999])).status_code == 404
    client.post(reverse("signals:key-revoke", args=[theirs.pk]), {"bevestigd": "ja"})
    assert api_client_for_token(token) == theirs


def test_rotation_keeps_the_old_key_working_for_the_overlap(admin, partner, time_machine):
    client, _ = admin
    old_token = shown_token(create(client, partner=partner.pk))
    old = PartnerApiClient.objects.get()
    response = client.post(reverse("signals:key-rotate", args=[old.pk]), {"overlap_days": "14"})
    new_token = shown_token(response)
    assert new_token != old_token
    old.refresh_from_db()
    today = timezone.localdate()
    assert old.expires_on == today + timedelta(days=14)
    assert api_client_for_token(old_token) == old
    assert api_client_for_token(new_token).name == old.name
    time_machine.move_to(timezone.now() + timedelta(days=15))
    assert api_client_for_token(old_token) is None
    assert api_client_for_token(new_token) is not None


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "Vul een aantal dagen in."), ("-1", "Kies 0 of meer dagen."), ("91", "hoogstens 90")],
)
def test_bad_overlap_is_refused_and_nothing_changes(admin, partner, value, message):
    client, _ = admin
    create(client, partner=partner.pk)
    key = PartnerApiClient.objects.get()
    response = client.post(reverse("signals:key-rotate", args=[key.pk]), {"overlap_days": value})
    assert message in response.content.decode()
    assert PartnerApiClient.objects.count() == 1
    key.refresh_from_db()
    assert key.expires_on is None and key.active


def test_rotation_service_checks_the_overlap_too(admin, partner):
    _, user = admin
    create(admin[0], partner=partner.pk)
    key = PartnerApiClient.objects.get()
    with pytest.raises(Exception, match="0 tot en met 90"):
        partner_key_rotate(actor=user, key_id=key.pk, overlap_days=365)


def test_a_replaced_key_is_not_offered_or_rotated_again(admin, partner):
    """Issue 13 walk: during the overlap the old key still offered "Vervangen"; a key with a
    successor is replaced only once (the list no longer offers it, the service refuses it)."""
    client, user = admin
    create(client, partner=partner.pk)
    old = PartnerApiClient.objects.get()
    rotate_url = reverse("signals:key-rotate", args=[old.pk])
    assert rotate_url in client.get(reverse("signals:key-list")).content.decode()
    client.post(rotate_url, {"overlap_days": "14"})
    old.refresh_from_db()
    new = PartnerApiClient.objects.exclude(pk=old.pk).get()
    assert old.replaced_by == new and old.active
    listing = client.get(reverse("signals:key-list")).content.decode()
    assert rotate_url not in listing
    assert reverse("signals:key-rotate", args=[new.pk]) in listing
    assert reverse("signals:key-revoke", args=[old.pk]) in listing  # it can still be revoked
    # Opening its form by hand leads back to the list with the reason, not to a form.
    response = client.get(rotate_url, follow=True)
    assert response.redirect_chain == [(reverse("signals:key-list"), 302)]
    assert "Deze sleutel is al vervangen." in response.content.decode()
    response = client.post(rotate_url, {"overlap_days": "14"})
    assert response.status_code == 200
    assert "Deze sleutel is al vervangen." in response.content.decode()
    with pytest.raises(Exception, match="al vervangen"):
        partner_key_rotate(actor=user, key_id=old.pk, overlap_days=7)
    assert PartnerApiClient.objects.count() == 2
    old.refresh_from_db()
    assert old.expires_on == timezone.localdate() + timedelta(days=14)


def test_only_the_administrator_manages_keys(client, make_user, partner):
    for role in (Role.PARTNER_REPORTER, Role.ACCESS_WORKER, Role.PRIVACY_OFFICER):
        client.force_login(make_user(role, partner_organisation="Iemand"))
        assert client.get(reverse("signals:key-list")).status_code == 403
        assert create(client, partner=partner.pk).status_code == 403
    assert not PartnerApiClient.objects.exists()


def test_command_prints_only_the_key(municipality, partner):
    out = io.StringIO()
    call_command(
        "partner_key_create",
        municipality=municipality.cbs_code,
        partner="woonstichting het dak",
        name="Script",
        stdout=out,
    )
    token = out.getvalue().strip()
    assert "\n" not in token and len(token) >= 40
    key = PartnerApiClient.objects.get()
    assert (key.partner, key.name) == (partner, "Script")
    assert api_client_for_token(token) == key


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"municipality": "GM9999", "partner": "Woonstichting Het Dak"}, "Geen gemeente"),
        ({"partner": "Onbekend"}, "Bekende partners: Woonstichting Het Dak"),
        ({"partner": "Woonstichting Het Dak", "name": "x" * 121}, "te lang"),
    ],
)
def test_command_refuses_bad_input(municipality, partner, kwargs, message):
    kwargs.setdefault("municipality", municipality.cbs_code)
    with pytest.raises(CommandError, match=message):
        call_command("partner_key_create", stdout=io.StringIO(), **kwargs)
    assert not PartnerApiClient.objects.exists()
