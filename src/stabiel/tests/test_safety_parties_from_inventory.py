"""An involved organisation chosen from the provision inventory, or typed (issue 20, part 2).
The inventory is read only through `stabiel.inventory.lookup`; bad input stores nothing."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.cases.tests import conftest as cases_fixtures
from stabiel.catalogue.models import ProvisionType, Shell
from stabiel.inventory import services as inventory_services
from stabiel.inventory.tests.conftest import offering_fields
from stabiel.safety import services
from stabiel.safety.models import InvolvedParty
from stabiel.safety.services import SafetyInputError
from stabiel.safety.tests import conftest as safety_fixtures

pytestmark = pytest.mark.django_db
world = cases_fixtures.world  # the shared fixtures of the case and safety tests
case = safety_fixtures.case
TODAY = timezone.localdate()


@pytest.fixture
def offering(world, make_user):
    adviser = make_user(Role.POLICY_ADVISER, municipality=world.municipality)
    return inventory_services.offering_save(
        actor=adviser,
        provider=inventory_services.provider_save(actor=adviser, name="Jeugdhulp Midden"),
        provision_type=ProvisionType.objects.get(municipality__isnull=True, code="maatjesproject"),
        shell=Shell.objects.get(municipality__isnull=True, code="informeel"),
        **offering_fields(name="Ambulante gezinsbegeleiding", referral_contact="030 123 4567"),
    )


def _post(client, case, data):
    return client.post(
        reverse("safety:case-action", args=[case.pk, "party"]), {"purpose": "plan", **data}
    )


def test_the_choice_list_offers_the_regions_offerings(world, case, offering, client):
    client.force_login(world.worker)
    body = client.get(reverse("safety:case", args=[case.pk]) + "?purpose=plan").content.decode()
    assert "Jeugdhulp Midden: Ambulante gezinsbegeleiding" in body


def test_chosen_from_the_inventory_copies_provider_offering_and_contact(
    world, case, offering, client
):
    client.force_login(world.worker)
    response = _post(
        client,
        case,
        {"party-offering": str(offering.pk), "party-since": TODAY.strftime("%d-%m-%Y")},
    )
    assert response.status_code == 302
    party = InvolvedParty.objects.get()
    assert party.organisation == "Jeugdhulp Midden"
    assert party.offering_id == offering.pk
    assert party.offering_name == "Ambulante gezinsbegeleiding"
    assert party.role == "Ambulante gezinsbegeleiding" and party.contact == "030 123 4567"
    body = client.get(reverse("safety:case", args=[case.pk]) + "?purpose=plan").content.decode()
    assert "uit de inventarisatie: Ambulante gezinsbegeleiding" in body


def test_typed_still_works(world, case):
    party = services.party_add(
        actor=world.worker, case=case, organisation="Basisschool", role="IB", since=TODAY
    )
    assert party.offering_id is None and party.offering_name == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"party-offering": "abc"}, "Kies een waarde uit de lijst"),
        ({"party-offering": "999999"}, "Kies een waarde uit de lijst"),
        (
            {"party-organisation": "", "party-role": "IB"},
            "Kies de organisatie uit de inventarisatie",
        ),
        ({"party-organisation": "School", "party-role": ""}, "Vul de rol in"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_stores_nothing(
    world, case, offering, client, data, message
):
    client.force_login(world.worker)
    response = _post(client, case, {"party-since": TODAY.strftime("%d-%m-%Y"), **data})
    assert response.status_code == 200  # the page again, with the message
    assert message in response.content.decode()
    assert not InvolvedParty.objects.exists()


def test_a_stopped_or_unknown_offering_is_refused_by_the_service(world, case, offering):
    offering.valid_to = date(2025, 6, 1)
    offering.save()
    with pytest.raises(SafetyInputError, match="niet in de inventarisatie"):
        services.party_add(
            actor=world.worker,
            case=case,
            organisation="",
            role="",
            since=TODAY,
            offering=offering.pk,
        )
    assert not InvolvedParty.objects.exists()
