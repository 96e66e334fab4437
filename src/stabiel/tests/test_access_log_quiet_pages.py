"""Page views that show no personal data (home, menus, empty lists) add no access-log row; a
household view does (issue 13: the privacy officer's log holds what was seen, not every click)."""

import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory
from stabiel.core.models import AccessLogEntry
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db

# The start page and what the main menu leads to, for a team with nothing to do yet.
QUIET = {
    Role.ACCESS_WORKER: ["home:home", "alerts:alert-list", "cases:case-list", "residents:search"],
    Role.TEAM_LEAD: ["home:home", "alerts:alert-list", "cases:case-list", "cases:workload"],
    Role.SAFETY_SPECIALIST: ["home:home", "safety:consults"],
    Role.PRIVACY_OFFICER: ["home:home", "privacy:inspection"],
    Role.FUNCTIONAL_ADMIN: ["home:home", "signals:batch-list", "earlywarning:batch-list"],
    Role.PARTNER_REPORTER: ["home:home", "signals:report", "signals:own-list"],
}


@pytest.fixture
def world(catalogue, municipality, team):
    area = AreaFactory(municipality=municipality, neighbourhood=True)
    team.areas.add(area)
    return population(municipality, households=2, area=area)


@pytest.mark.parametrize("role", list(QUIET))
def test_home_and_menu_pages_add_no_log_row(client, make_user, team, world, role):
    client.force_login(make_user(role, teams=[team], partner_organisation="Partner"))
    for name in QUIET[role]:
        response = client.get(reverse(name))
        assert response.status_code == 200, (name, response.status_code)
        assert not AccessLogEntry.objects.exists(), (name, AccessLogEntry.objects.first())


def test_a_household_view_adds_a_row(client, make_user, team, world):
    worker = make_user(Role.ACCESS_WORKER, teams=[team])
    client.force_login(worker)
    client.get(reverse("home:home"))
    client.get(reverse("alerts:alert-list"))
    assert AccessLogEntry.objects.count() == 0
    household = world.households[0]
    url = reverse("residents:household-detail", args=[household.pk])
    assert client.get(url, {"purpose": "visit"}).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.household_label == household.label and entry.user_id == worker.pk
    assert entry.action == "view"
