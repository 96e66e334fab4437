import pytest

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory

from .factories import household_with


@pytest.fixture
def world(municipality, other_municipality, team, make_user):
    """Two teams in one municipality, each with a household, and one in another municipality."""
    own_area = AreaFactory(municipality=municipality, neighbourhood=True)
    team.areas.add(own_area)
    household, persons = household_with(
        municipality, area=own_area, people=[("Jan", "van der", "Berg"), ("Éva", "", "Öztürk")]
    )
    other_team = TeamFactory(municipality=municipality)
    other_area = AreaFactory(municipality=municipality, neighbourhood=True)
    other_team.areas.add(other_area)
    other_household, other_persons = household_with(
        municipality, area=other_area, people=[("Kees", "", "Smit")]
    )
    foreign_household, foreign_persons = household_with(
        other_municipality, people=[("Anna", "de", "Vries")]
    )
    return {
        "team": team,
        "other_team": other_team,
        "household": household,
        "persons": persons,
        "other_household": other_household,
        "other_persons": other_persons,
        "foreign_household": foreign_household,
        "foreign_persons": foreign_persons,
        "worker": make_user(Role.ACCESS_WORKER, teams=[team]),
        "lead": make_user(Role.TEAM_LEAD, teams=[team]),
        "outsider": make_user(Role.ACCESS_WORKER, teams=[other_team]),
    }
