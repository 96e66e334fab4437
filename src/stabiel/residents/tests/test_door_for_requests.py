"""The door for residents' own requests (privacy officer) and the pseudonymous area reads that
replaced direct reads in rules and privacy (issue 12: one door out)."""

import pytest
from django.core.exceptions import PermissionDenied

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory
from stabiel.core.models import AccessLogEntry
from stabiel.residents import pseudonyms
from stabiel.residents.access import access_person_for_request, person_memberships
from stabiel.residents.queries import household_areas, household_areas_of_municipality
from stabiel.signals.tests.factories import BSNS, population

pytestmark = pytest.mark.django_db


@pytest.fixture
def pop(municipality):
    return population(municipality, households=2)


def test_the_privacy_officer_opens_a_person_by_bsn_pseudonym_and_it_is_logged(pop, make_user):
    officer = make_user(Role.PRIVACY_OFFICER)
    person = access_person_for_request(
        actor=officer,
        pseudonym=pseudonyms.person_pseudonym(BSNS[0]),
        purpose="Inzageverzoek van de inwoner",
        shown="Gezocht op BSN",
    )
    assert person == pop.persons[0]
    entry = AccessLogEntry.objects.get()
    assert entry.person_label == person.label and entry.purpose == "Inzageverzoek van de inwoner"
    assert [m.household for m in person_memberships(person=person)] == [pop.households[0]]


def test_nobody_found_is_none_and_not_logged(pop, make_user):
    officer = make_user(Role.PRIVACY_OFFICER)
    assert (
        access_person_for_request(
            actor=officer, pseudonym="x" * 64, purpose="Inzage", shown="Gezocht"
        )
        is None
    )
    other = make_user(Role.PRIVACY_OFFICER, municipality=MunicipalityFactory())
    assert (
        access_person_for_request(
            actor=other, person_id=pop.persons[0].pk, purpose="Inzage", shown="Geopend"
        )
        is None
    )
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    ("role", "kwargs", "error"),
    [
        (Role.ACCESS_WORKER, {"purpose": "Inzage"}, PermissionDenied),  # not a privacy role
        (Role.PRIVACY_OFFICER, {"purpose": "  "}, ValueError),  # no purpose
    ],
)
def test_only_the_privacy_role_with_a_purpose(pop, make_user, role, kwargs, error):
    actor = make_user(role)
    with pytest.raises(error):
        access_person_for_request(actor=actor, person_id=pop.persons[0].pk, shown="x", **kwargs)
    assert not AccessLogEntry.objects.exists()


def test_areas_of_households_are_ids_only(pop, municipality):
    ids = [h.pk for h in pop.households]
    assert household_areas(household_ids=ids) == {pk: pop.area.pk for pk in ids}
    assert household_areas(household_ids=[]) == {}
    assert sorted(household_areas_of_municipality(municipality_id=municipality.pk)) == sorted(
        (pk, pop.area.pk) for pk in ids
    )
