"""Part 3 of issue 12: who and where, behind a purpose, through the one door."""

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.http import Http404
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory
from stabiel.cases.services import case_open
from stabiel.core.models import AccessLogEntry
from stabiel.residents import access
from stabiel.residents.models import PersonContact, PersonIdentity
from stabiel.residents.services import (
    ResidentInputError,
    household_register,
    person_contact_set,
    person_register,
)
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db


@dataclass
class Elsewhere:
    area: object
    households: list = field(default_factory=list)
    persons: list = field(default_factory=list)


@pytest.fixture
def world(municipality, make_user):
    pop = population(municipality, households=3)
    team = TeamFactory(municipality=municipality)
    team.areas.add(pop.area)
    elsewhere = Elsewhere(AreaFactory(municipality=municipality, neighbourhood=True))
    elsewhere.households.append(
        household_register(
            municipality=municipality,
            street="Verweg",
            house_number="9",
            postcode="3999ZZ",
            city="Zeist",
            area=elsewhere.area,
        )
    )  # not in the team's areas
    elsewhere.persons.append(
        person_register(
            municipality=municipality,
            bsn="100000083",
            given_names="Ver",
            surname="Weg",
            birth_date=date(1990, 1, 1),
            household=elsewhere.households[0],
            since=date(2020, 1, 1),
        )
    )
    # A second member with a surname prefix in the first household.
    person_register(
        municipality=municipality,
        bsn="100000071",
        given_names="Jan",
        surname_prefix="de",
        surname="Vries",
        birth_date=date(1975, 3, 4),
        household=pop.households[0],
        since=date(2021, 1, 1),
    )
    worker = make_user(Role.ACCESS_WORKER, teams=[team])
    return pop, elsewhere, team, worker


def search(actor, **terms):
    return access.households_search(
        actor=actor, purpose="Huisbezoek voorbereiden", terms=access.SearchTerms(**terms)
    )


def labels(result):
    return [h.label for h in result.households]


def test_search_by_each_term_finds_the_household(world):
    pop, _elsewhere, _team, worker = world
    first = pop.households[0].label
    assert labels(search(worker, surname="vries")) == [first]
    assert labels(search(worker, surname="De  Vries")) == [first]
    assert labels(search(worker, surname="Vries", birth_date=date(1975, 3, 4))) == [first]
    assert labels(search(worker, surname="Vries", birth_date=date(1975, 3, 5))) == []
    assert labels(search(worker, postcode="3700AB", house_number="1")) == [first]
    assert labels(search(worker, bsn="100000071")) == [first]
    assert labels(search(worker, label=first.lower())) == [first]
    # Both person terms must hold for the same member: Vries was not born in 1980.
    assert labels(search(worker, surname="Vries", birth_date=date(1980, 1, 1))) == []


def test_search_stays_within_the_teams_areas(world, municipality, make_user):
    _pop, elsewhere, _team, worker = world
    assert labels(search(worker, bsn=elsewhere.persons[0].identity.bsn)) == []
    other = make_user(Role.ACCESS_WORKER, teams=[TeamFactory(municipality=municipality)])
    assert labels(search(other, surname="Vries")) == []
    # A partner or policy adviser finds nothing at all.
    assert labels(search(make_user(Role.POLICY_ADVISER), surname="Vries")) == []


def test_case_lead_keeps_finding_the_household_of_their_case_after_it_left_the_area(
    world, municipality
):
    pop, elsewhere, team, worker = world
    household = pop.households[1]
    case_open(actor=worker, household=household, team=team, case_lead=worker)
    household.area = elsewhere.area  # moved to a street outside the team's areas
    household.save()
    assert labels(search(worker, bsn=pop.persons[1].identity.bsn)) == [household.label]
    assert labels(search(worker, bsn=elsewhere.persons[0].identity.bsn)) == []


def test_search_and_every_result_are_logged_without_the_terms(world):
    pop, _elsewhere, _team, worker = world
    search(worker, surname="Vries")
    rows = list(AccessLogEntry.objects.filter(user=worker).order_by("id"))
    assert rows[0].shown == "Zoeken op achternaam: 1 gevonden"
    assert rows[0].purpose == "Huisbezoek voorbereiden"
    assert "Vries" not in rows[0].shown
    assert rows[1].household_label == pop.households[0].label


def test_search_without_purpose_or_terms_is_refused(world):
    _pop, _elsewhere, _team, worker = world
    with pytest.raises(ValueError):
        access.households_search(actor=worker, purpose=" ", terms=access.SearchTerms(surname="X"))
    with pytest.raises(ValueError):
        access.households_search(actor=worker, purpose="Doel", terms=access.SearchTerms())
    assert not AccessLogEntry.objects.exists()


def test_identity_shows_names_address_and_contact_and_is_logged(world):
    pop, elsewhere, _team, worker = world
    household = pop.households[0]
    person_contact_set(
        actor=worker,
        household_id=household.pk,
        person_id=pop.persons[0].pk,
        phone="+31 6 1234 5678",
        email="test@example.org",
        purpose="Huisbezoek voorbereiden",
    )
    identity = access.household_identity_get(
        actor=worker, household_id=household.pk, purpose="Huisbezoek voorbereiden"
    )
    assert identity.address_line == "Dorpsstraat 1, 3700 AB Zeist"
    assert [m.full_name for m in identity.members] == ["Jan de Vries", "Test Bewoner 0"]
    assert identity.members[1].phone == "0612345678"
    assert identity.members[1].email == "test@example.org"
    assert AccessLogEntry.objects.filter(
        household_label=household.label, action="view", purpose="Huisbezoek voorbereiden"
    ).exists()
    with pytest.raises(Http404):
        access.household_identity_get(
            actor=worker, household_id=elsewhere.households[0].pk, purpose="Doel"
        )
    with pytest.raises(ValueError):
        access.household_identity_get(actor=worker, household_id=household.pk, purpose="")


@pytest.mark.parametrize(
    ("phone", "email", "field"),
    [
        ("12345", "", "phone"),  # too short
        ("06 1234 567٨", "", "phone"),  # an Arabic-Indic digit is not a digit here
        ("", "geen-adres", "email"),
    ],
)
def test_bad_contact_details_are_refused_and_nothing_is_stored(world, phone, email, field):
    pop, _elsewhere, _team, worker = world
    with pytest.raises(ResidentInputError) as error:
        person_contact_set(
            actor=worker,
            household_id=pop.households[0].pk,
            person_id=pop.persons[0].pk,
            phone=phone,
            email=email,
            purpose="Huisbezoek voorbereiden",
        )
    assert error.value.field == field
    assert "klopt niet" in str(error.value)
    assert not PersonContact.objects.exists()
    assert not AccessLogEntry.objects.exists()


def test_contact_of_a_person_outside_the_household_is_refused(world):
    pop, _elsewhere, _team, worker = world
    with pytest.raises(Http404):
        person_contact_set(
            actor=worker,
            household_id=pop.households[0].pk,
            person_id=pop.persons[1].pk,
            phone="0612345678",
            email="",
            purpose="Huisbezoek voorbereiden",
        )
    assert not PersonContact.objects.exists()


# Screens ------------------------------------------------------------------------------------


def test_household_page_asks_a_purpose_first_and_none_is_chosen(client, world):
    pop, _elsewhere, _team, worker = world
    client.force_login(worker)
    url = reverse("residents:household-detail", args=[pop.households[0].pk])
    page = client.get(url).content.decode()
    assert "Waarom bekijkt u wie hier woont?" in page
    assert "checked" not in page
    assert "Dorpsstraat" not in page and "Vries" not in page
    assert not AccessLogEntry.objects.exists()
    page = client.get(url, {"purpose": "visit"}).content.decode()
    assert "Jan de Vries" in page and "Dorpsstraat 1, 3700 AB Zeist" in page
    assert "04-03-1975" in page
    entry = AccessLogEntry.objects.get()
    assert entry.purpose == "Huisbezoek voorbereiden"


def test_household_page_with_a_made_up_purpose_shows_nothing(client, world):
    pop, _elsewhere, _team, worker = world
    client.force_login(worker)
    url = reverse("residents:household-detail", args=[pop.households[0].pk])
    page = client.get(url, {"purpose": "nieuwsgierig"}).content.decode()
    assert "Kies een reden uit de lijst." in page
    assert "Vries" not in page
    assert not AccessLogEntry.objects.exists()


def test_search_screen_finds_and_offers_to_pick(client, world):
    pop, _elsewhere, _team, worker = world
    client.force_login(worker)
    response = client.get(
        reverse("residents:search"),
        {"surname": "Vries", "postcode": "3700 ab", "purpose": "plan", "terug": "/casussen/nieuw/"},
    )
    page = response.content.decode()
    assert "1 huishouden gevonden." in page
    assert "Jan de Vries, 04-03-1975" in page
    assert f"/casussen/nieuw/?huishouden={pop.households[0].label}" in page


def test_search_screen_refuses_an_outside_return_address(client, world):
    _pop, _elsewhere, _team, worker = world
    client.force_login(worker)
    page = client.get(
        reverse("residents:search"),
        {"surname": "Vries", "purpose": "plan", "terug": "https://evil.example/"},
    ).content.decode()
    assert 'value="https://evil.example/"' not in page
    assert "Kies HH-" not in page


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"surname": "Vr%"}, "Zoeken met tekens als * of % kan niet"),
        ({"surname": "Vr*"}, "Zoeken met tekens als * of % kan niet"),
        ({"surname": "x' OR 1=1 --"}, "Gebruik alleen letters"),
        ({"surname": "a" * 5000}, "Een achternaam heeft hoogstens 120 tekens."),
        ({"bsn": "23578967²"}, "Dit BSN klopt niet"),
        ({"postcode": "1234"}, "Deze postcode klopt niet"),
        ({"house_number": "12"}, "Vul bij een huisnummer ook de postcode in."),
        ({"label": "HH-%"}, "Een kenmerk ziet eruit als HH-4F2A9C."),
        ({"birth_date": "31-02-1980"}, "Dit is geen datum"),
        ({}, "Vul minstens één zoekterm in"),
    ],
)
def test_bad_search_terms_get_a_dutch_message_and_nothing_is_logged(client, world, terms, message):
    _pop, _elsewhere, _team, worker = world
    client.force_login(worker)
    response = client.get(reverse("residents:search"), {"purpose": "visit", **terms})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AccessLogEntry.objects.exists()


def test_search_without_purpose_is_refused(client, world):
    _pop, _elsewhere, _team, worker = world
    client.force_login(worker)
    page = client.get(reverse("residents:search"), {"surname": "Vries"}).content.decode()
    assert "Kies waarom u dit opent." in page
    assert not AccessLogEntry.objects.exists()


def test_contact_screen_stores_phone_and_rejects_bad_input(client, world):
    pop, _elsewhere, _team, worker = world
    client.force_login(worker)
    household, person = pop.households[0], pop.persons[0]
    url = reverse("residents:contact-edit", args=[household.pk, person.pk])
    response = client.post(url, {"purpose": "visit", "phone": "abc", "email": ""})
    assert "Dit telefoonnummer klopt niet" in response.content.decode()
    assert not PersonContact.objects.exists()
    response = client.post(url, {"purpose": "visit", "phone": "030 123 4567", "email": ""})
    assert response.status_code == 302
    assert PersonContact.objects.get(person=person).phone == "0301234567"
    # Without a purpose nothing is shown or stored: back to the purpose question.
    response = client.post(url, {"phone": "0612345678"})
    assert response.status_code == 302
    assert PersonContact.objects.get(person=person).phone == "0301234567"


def test_the_feed_never_overwrites_contact_details(world):
    pop, _elsewhere, _team, worker = world
    person = pop.persons[0]
    person_contact_set(
        actor=worker,
        household_id=pop.households[0].pk,
        person_id=person.pk,
        phone="0612345678",
        email="",
        purpose="Huisbezoek voorbereiden",
    )
    # The register's identity changes (a name change by the feed) in its own table.
    PersonIdentity.objects.filter(person=person).update(surname="Anders")
    assert PersonContact.objects.get(person=person).phone == "0612345678"


def test_case_open_picks_the_household_through_the_search(client, world):
    pop, _elsewhere, _team, worker = world
    client.force_login(worker)
    url = reverse("cases:case-open")
    page = client.get(url).content.decode()
    assert f"{reverse('residents:search')}?terug=%2Fcasussen%2Fnieuw%2F" in page
    assert "readonly" in page
    page = client.get(url, {"huishouden": pop.households[0].label}).content.decode()
    assert f'value="{pop.households[0].label}"' in page
