"""The actor's team and area ids are asked once per user object, and never read stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stabiel.accounts import scope
from stabiel.accounts.models import User
from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(municipality, make_user):
    district = AreaFactory(municipality=municipality)
    team = TeamFactory(municipality=municipality)
    team.areas.add(district)
    user = make_user(Role.ACCESS_WORKER, teams=[team])
    return User.objects.get(pk=user.pk), team, district


def test_asked_once_per_user_object(worker):
    user, team, district = worker
    with CaptureQueriesContext(connection) as first:
        assert scope.team_ids(user) == [team.pk]
        assert scope.area_ids(user) == [district.pk]
    with CaptureQueriesContext(connection) as again:
        for _ in range(3):
            assert scope.team_ids(user) == [team.pk]
            assert scope.area_ids(user) == [district.pk]
    assert len(first) == 2
    assert len(again) == 0
    # A new request loads a new user object, which asks again.
    with CaptureQueriesContext(connection) as fresh:
        scope.team_ids(User.objects.get(pk=user.pk))
    assert len(fresh) == 2  # the user and its teams


def test_a_new_membership_is_seen_at_once(worker, municipality):
    user, team, _ = worker
    scope.team_ids(user)
    other = TeamFactory(municipality=municipality)
    user.teams.add(other)
    assert sorted(scope.team_ids(user)) == sorted([team.pk, other.pk])
    user.teams.remove(team)
    assert scope.team_ids(user) == [other.pk]


def test_a_changed_team_area_or_neighbourhood_is_seen_at_once(worker, municipality):
    user, team, district = worker
    assert scope.area_ids(user) == [district.pk]
    # Through another object of the same team: the user's kept answer must still go stale.
    neighbourhood = AreaFactory(municipality=municipality, neighbourhood=True, parent=district)
    assert sorted(scope.area_ids(user)) == sorted([district.pk, neighbourhood.pk])
    type(team).objects.get(pk=team.pk).areas.clear()
    assert scope.area_ids(user) == []


def test_a_deleted_team_is_seen_at_once(worker):
    user, team, _ = worker
    assert scope.team_ids(user) == [team.pk]
    type(team).objects.filter(pk=team.pk).get().delete()
    assert scope.team_ids(user) == []
    assert scope.area_ids(user) == []
