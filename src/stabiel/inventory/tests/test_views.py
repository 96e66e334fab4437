import io

import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.inventory.models import Offering, Provider

from .factories import make_offering, make_provider

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.POLICY_ADVISER, 200),
        (Role.ACCESS_WORKER, 200),
        (Role.TEAM_LEAD, 200),
        (Role.FUNCTIONAL_ADMIN, 200),
        (Role.PARTNER_REPORTER, 403),
        (Role.SESSION_PARTICIPANT, 403),
        (Role.PRIVACY_OFFICER, 403),
    ],
)
def test_who_sees_the_inventory(client, make_user, catalogue, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse("inventory:offering-list")).status_code == status
    assert client.get(reverse("inventory:provider-list")).status_code == status


def test_only_the_adviser_edits(client, make_user, catalogue):
    client.force_login(make_user(Role.ACCESS_WORKER))
    assert client.get(reverse("inventory:provider-create")).status_code == 403
    response = client.post(reverse("inventory:provider-create"), {"name": "X"})
    assert response.status_code == 403
    assert not Provider.objects.exists()


def test_adviser_adds_provider_and_offering_by_form(client, adviser, ptype, shells):
    client.force_login(adviser)
    response = client.post(reverse("inventory:provider-create"), {"name": "Buddy Zeist"})
    provider = Provider.objects.get()
    assert response.status_code == 302
    url = reverse("inventory:offering-create", args=[provider.pk])
    assert client.get(url).status_code == 200
    data = {
        "provision_type": ptype.pk,
        "shell": shells["sociaal-domein"].pk,
        "legal_frame": "wmo",
        "access_kind": "algemeen",
        "group_welcome": "ja",
        "group_uses": "ja",
        "capacity": "12",
        "capacity_unit": "tegelijk",
        "waiting_days": "10",
        "funder": "gemeente-wmo",
        "decider": "vrij",
        "valid_from": "2025-01-01",
        "served_municipalities": [adviser.municipality.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 302, text(response)
    offering = Offering.objects.get()
    assert offering.capacity == 12
    detail = client.get(reverse("inventory:offering-detail", args=[offering.pk]))
    assert "12 personen tegelijk" in text(detail)
    assert "Aanbod wijzigen" in text(detail)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"capacity": "12,5"}, "Vul een heel getal in"),
        ({"capacity": "veel"}, "Vul een heel getal in"),
        # a shell that does not exist
        ({"shell": "999999"}, "Kies een schil uit de lijst."),
        # a provision type that does not exist
        ({"provision_type": "999999"}, "Kies een soort voorziening uit de lijst."),
        ({"legal_frame": "zvw"}, "Kies de Wmo, de Jeugdwet of de Participatiewet"),
        ({"valid_from": "1-1-25x"}, "Vul een datum in"),
    ],
)
def test_bad_offering_input_gets_a_message(client, adviser, ptype, shells, changes, message):
    client.force_login(adviser)
    provider = make_provider(adviser)
    data = {
        "provision_type": ptype.pk,
        "shell": shells["sociaal-domein"].pk,
        "legal_frame": "wmo",
        "access_kind": "algemeen",
        "group_welcome": "ja",
        "group_uses": "ja",
        "funder": "gemeente-wmo",
        "decider": "vrij",
        "valid_from": "2025-01-01",
        **changes,
    }
    response = client.post(reverse("inventory:offering-create", args=[provider.pk]), data)
    assert response.status_code == 400
    assert message in text(response)
    assert not Offering.objects.exists()


def test_neighbours_offering_is_shown_but_not_editable(
    client, adviser, neighbour_adviser, ptype, shells
):
    theirs = make_provider(neighbour_adviser, name="Buren")
    offering = make_offering(
        neighbour_adviser, provider=theirs, provision_type=ptype, shell=shells["informeel"]
    )
    client.force_login(adviser)
    response = client.get(reverse("inventory:offering-detail", args=[offering.pk]))
    assert response.status_code == 200
    assert "Aanbod wijzigen" not in text(response)
    assert client.get(reverse("inventory:offering-edit", args=[offering.pk])).status_code == 404
    response = client.post(
        reverse("inventory:offering-end", args=[offering.pk]), {"valid_to": "2025-12-31"}
    )
    assert response.status_code == 404
    offering.refresh_from_db()
    assert offering.valid_to is None


def test_worker_searches_by_words_and_sees_referral_contact(
    client, make_user, adviser, ptype, shells
):
    provider = make_provider(adviser, name="Vrijwilligers")
    make_offering(
        adviser,
        provider=provider,
        provision_type=ptype,
        shell=shells["informeel"],
        referral_contact="Bel 030 123 4567",
        waiting_days=21,
    )
    client.force_login(make_user(Role.ACCESS_WORKER))
    response = client.get(reverse("inventory:offering-list"), {"q": "buddyproject"})
    assert "Bel 030 123 4567" in text(response)
    assert "21 dagen" in text(response)
    response = client.get(reverse("inventory:offering-list"), {"q": "zwembad"})
    assert "Geen aanbod gevonden" in text(response)


def test_settings_bad_input(client, adviser):
    client.force_login(adviser)
    response = client.post(reverse("inventory:settings"), {"long_wait_days": "-3"})
    assert response.status_code == 400
    assert "tussen 1 en 3650" in text(response)


def test_demo_loads_twice_without_change(catalogue):
    # The command, not an import: the demo loader knows every app, a policy app knows none.
    from django.core.management import call_command

    call_command("demo_load", stdout=io.StringIO())
    count = Offering.objects.count()
    assert count >= 25
    call_command("demo_load", stdout=io.StringIO())
    assert Offering.objects.count() == count


def test_the_offering_list_stacks_on_a_narrow_screen(client, adviser, shells, ptype):
    """Each cell names its column, so the rows can become blocks at 390 px (stabiel.css)."""
    provider = make_provider(adviser)
    make_offering(adviser, provider=provider, provision_type=ptype, shell=shells["informeel"])
    client.force_login(adviser)
    page = text(client.get(reverse("inventory:offering-list")))
    assert "stabiel-table--stack" in page
    assert 'data-label="Wachttijd"' in page and 'data-label="Doorverwijzen"' in page


def test_bad_change_to_an_existing_offering_changes_nothing(client, adviser, ptype, shells):
    """Unknown type or shell, or a capacity that is not a whole number, on the edit form: the
    message, and the offering stays exactly as it was."""
    client.force_login(adviser)
    offering = make_offering(
        adviser, provider=make_provider(adviser), provision_type=ptype, shell=shells["informeel"]
    )
    fields = [f.name for f in Offering._meta.concrete_fields]
    before = Offering.objects.filter(pk=offering.pk).values(*fields).get()
    url = reverse("inventory:offering-edit", args=[offering.pk])
    data = {
        "provision_type": ptype.pk,
        "shell": shells["informeel"].pk,
        "group_welcome": "ja",
        "group_uses": "ja",
        "capacity": "30",
        "capacity_unit": "tegelijk",
        "funder": "fonds",
        "decider": "aanbieder",
        "valid_from": "2025-01-01",
    }
    for changes, message in [
        ({"provision_type": "999999"}, "Kies een soort voorziening uit de lijst."),
        ({"shell": "999999"}, "Kies een schil uit de lijst."),
        ({"capacity": "30,5"}, "Vul een heel getal in"),
    ]:
        response = client.post(url, {**data, **changes})
        assert response.status_code == 400, changes
        assert message in text(response)
        assert Offering.objects.filter(pk=offering.pk).values(*fields).get() == before
