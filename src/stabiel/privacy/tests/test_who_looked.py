"""The privacy officer's one screen: who looked at this household or person, and why (issue 13),
and refused attempts kept in the log."""

import pytest
from django.http import Http404
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import TeamFactory
from stabiel.core.models import AccessLogEntry
from stabiel.residents.access import access_household_by_id, access_person_by_id
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db

URL = reverse("privacy:who-looked")


@pytest.fixture
def world(municipality, make_user, team):
    pop = population(municipality, households=2)
    team.areas.add(pop.area)
    worker = make_user(
        Role.ACCESS_WORKER, teams=[team], username="tara", first_name="Tara", last_name="Jansen"
    )
    outsider = make_user(
        Role.ACCESS_WORKER,
        teams=[TeamFactory(municipality=municipality)],
        username="otto",
        first_name="Otto",
        last_name="Buiten",
    )
    household = pop.households[0]
    for _ in range(3):
        access_household_by_id(
            actor=worker, household_id=household.pk, purpose="Huisbezoek voorbereiden", shown="x"
        )
    access_household_by_id(
        actor=worker, household_id=household.pk, purpose="Opvolging en nazorg", shown="y"
    )
    # A worker of another team asks for the household: refused, and kept.
    with pytest.raises(Http404):
        access_household_by_id(
            actor=outsider, household_id=household.pk, purpose="Melding beoordelen", shown="z"
        )
    # Another household: not on this household's screen.
    access_household_by_id(
        actor=worker, household_id=pop.households[1].pk, purpose="Melding beoordelen", shown="q"
    )
    return pop, worker, outsider


@pytest.fixture
def officer(client, make_user):
    user = make_user(Role.PRIVACY_OFFICER, username="pim")
    client.force_login(user)
    return user


def test_one_screen_groups_per_user_role_and_purpose_refused_first(client, officer, world):
    pop = world[0]
    label = pop.households[0].label
    response = client.get(URL, {"kenmerk": label.lower()})  # any case
    assert response.status_code == 200
    summary = response.context["summary"]
    rows = [(r.username, r.role, r.action, r.purpose, r.count) for r in summary]
    assert rows[0] == ("otto", "access_worker", "refused", "Melding beoordelen", 1)
    assert ("tara", "access_worker", "view", "Huisbezoek voorbereiden", 3) in rows
    assert ("tara", "access_worker", "view", "Opvolging en nazorg", 1) in rows
    assert len(rows) == 3  # the other household's opening is not here
    assert response.context["refused"] == 1
    body = response.content.decode()
    assert "Tara Jansen" in body and "Otto Buiten" in body  # people by name
    assert "1 poging om deze gegevens te openen is geweigerd." in body
    assert len(response.context["page"].object_list) == 5  # the detail rows below


def test_a_person_includes_their_household_while_they_lived_there(client, officer, world):
    pop, worker, _outsider = world
    person = pop.persons[0]
    access_person_by_id(
        actor=worker, person_id=person.pk, purpose="Huisbezoek voorbereiden", shown="p"
    )
    response = client.get(URL, {"kenmerk": person.label})
    rows = {(r.username, r.action, r.purpose): r.count for r in response.context["summary"]}
    assert rows[("tara", "view", "Huisbezoek voorbereiden")] == 4  # 3 household + 1 person
    assert rows[("otto", "refused", "Melding beoordelen")] == 1


def test_reached_from_the_inspection_request(client, officer, world):
    pop = world[0]
    person = pop.persons[0]
    response = client.get(reverse("privacy:inspection-person", args=[person.pk]))
    assert f"{URL}?kenmerk={person.label}" in response.content.decode()


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "Vul het kenmerk in van een huishouden of persoon."),
        ("1234", "Dit is geen kenmerk."),
        ("HH-<script>", "Dit is geen kenmerk."),
        ("HH-" + "A" * 40, "Dit is geen kenmerk."),
    ],
)
def test_bad_input_gives_a_dutch_message_and_stores_nothing(client, officer, world, value, message):
    before = AccessLogEntry.objects.count()
    response = client.get(URL, {"kenmerk": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "summary" not in response.context
    assert AccessLogEntry.objects.count() == before


def test_unknown_label_shows_that_nobody_looked(client, officer, world):
    response = client.get(URL, {"kenmerk": "HH-000000"})
    assert "Niemand heeft deze gegevens geopend" in response.content.decode()


@pytest.mark.parametrize("role", [Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN])
def test_only_the_privacy_officer_reads_it(client, make_user, team, role, world):
    client.force_login(make_user(role, teams=[team]))
    assert client.get(URL, {"kenmerk": world[0].households[0].label}).status_code == 403


def test_an_attempt_from_another_municipality_is_kept_in_both_logs(
    municipality, other_municipality, make_user, world
):
    pop = world[0]
    stranger = make_user(
        Role.ACCESS_WORKER,
        municipality=other_municipality,
        teams=[TeamFactory(municipality=other_municipality)],
        username="vreemd",
    )
    with pytest.raises(Http404):
        access_household_by_id(
            actor=stranger,
            household_id=pop.households[0].pk,
            purpose="Melding beoordelen",
            shown="Huishouden",
        )
    theirs = AccessLogEntry.objects.get(municipality=municipality, username="vreemd")
    assert theirs.action == "refused" and theirs.household_label == pop.households[0].label
    own = AccessLogEntry.objects.get(municipality=other_municipality, username="vreemd")
    assert own.action == "refused" and own.household_label == ""  # no label of another town


def test_a_missing_id_writes_nothing(make_user, team, world):
    worker = world[1]
    before = AccessLogEntry.objects.count()
    with pytest.raises(Http404):
        access_household_by_id(actor=worker, household_id=999999, purpose="x", shown="x")
    assert AccessLogEntry.objects.count() == before


def test_the_household_page_of_another_team_is_refused_and_shown(client, officer, world):
    """Issue 13: the household page itself keeps the refused attempt, not only the door."""
    pop, _worker, outsider = world
    household = pop.households[1]
    client.force_login(outsider)
    url = reverse("residents:household-detail", args=[household.pk])
    assert client.get(url, {"purpose": "visit"}).status_code == 404
    entry = AccessLogEntry.objects.get(action="refused", household_label=household.label)
    assert (entry.username, entry.purpose) == ("otto", "Huisbezoek voorbereiden")
    client.force_login(officer)
    response = client.get(URL, {"kenmerk": household.label})
    assert response.context["refused"] == 1


def test_the_safety_specialist_is_logged_in_that_role(make_user, team):
    specialist = make_user(Role.SAFETY_SPECIALIST, teams=[team])
    assert specialist.access_log_role() == "safety_specialist"
