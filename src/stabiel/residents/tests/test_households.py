from datetime import date

import pytest

from stabiel.residents.models import Household, Membership
from stabiel.residents.services import (
    ResidentInputError,
    household_register,
    households_merge,
    person_leave,
    person_move,
)
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db


def test_identifiers_live_only_in_the_identity_tables(municipality):
    pop = population(municipality, households=1)
    person = pop.persons[0]
    assert person.identity.bsn == "111222333"
    assert "111222333" not in person.pseudonym
    assert pop.households[0].address.postcode == "3700AB"


def test_registering_the_same_address_twice_gives_one_household(municipality):
    one = household_register(
        municipality=municipality, street="A", house_number="1", postcode="3701 ab", city="Z"
    )
    two = household_register(
        municipality=municipality, street="A", house_number="1", postcode="3701AB", city="Z"
    )
    assert one.pk == two.pk
    assert Household.objects.filter(municipality=municipality).count() == 1


def test_moving_house_keeps_history(municipality):
    pop = population(municipality, households=2)
    person = pop.persons[0]
    person_move(person=person, household=pop.households[1], on=date(2024, 5, 1))
    history = list(
        Membership.objects.filter(person=person)
        .order_by("start_on")
        .values_list("household_id", "end_on")
    )
    assert history == [(pop.households[0].pk, date(2024, 5, 1)), (pop.households[1].pk, None)]


def test_a_move_before_the_previous_one_is_refused(municipality):
    pop = population(municipality, households=2)
    with pytest.raises(ResidentInputError, match="vóór de vorige"):
        person_move(person=pop.persons[0], household=pop.households[1], on=date(2019, 1, 1))
    assert (
        Membership.objects.filter(person=pop.persons[0], end_on__isnull=True).get().household
        == pop.households[0]
    )


def test_member_leaving(municipality):
    pop = population(municipality, households=1)
    person_leave(person=pop.persons[0], on=date(2025, 1, 1))
    assert not Membership.objects.filter(person=pop.persons[0], end_on__isnull=True).exists()


def test_two_households_merge_with_history(municipality):
    pop = population(municipality, households=2)
    absorbed, into = pop.households
    households_merge(absorbed=absorbed, into=into, on=date(2025, 3, 1))
    absorbed.refresh_from_db()
    assert absorbed.merged_into == into
    assert Membership.objects.get(person=pop.persons[0], end_on__isnull=True).household == into
    assert Membership.objects.filter(
        person=pop.persons[0], household=absorbed, end_on=date(2025, 3, 1)
    ).exists()


def test_merging_a_household_with_itself_is_refused(municipality):
    pop = population(municipality, households=1)
    with pytest.raises(ResidentInputError):
        households_merge(absorbed=pop.households[0], into=pop.households[0], on=date(2025, 3, 1))
