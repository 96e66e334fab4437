import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.core.access import log_access
from stabiel.core.models import AccessLogEntry
from stabiel.residents.access import access_household_by_id
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db


def test_privacy_officer_sees_who_looked_when_and_why(client, make_user, municipality, team):
    pop = population(municipality, households=1)
    team.areas.add(pop.area)
    worker = make_user(Role.ACCESS_WORKER, teams=[team], username="tara")
    access_household_by_id(
        actor=worker,
        household_id=pop.households[0].pk,
        purpose="Huisbezoek voorbereiden",
        shown="Brede blik",
    )
    client.force_login(make_user(Role.PRIVACY_OFFICER))
    content = client.get(
        reverse("privacy:access-log"), {"household": pop.households[0].label.lower()}
    ).content.decode()
    assert "tara" in content and "Huisbezoek voorbereiden" in content and "Brede blik" in content


def test_door_refuses_other_teams_and_requires_a_purpose(make_user, municipality, team):
    from django.http import Http404

    pop = population(municipality, households=1)
    stranger = make_user(Role.ACCESS_WORKER, teams=[team])  # team does not cover the area
    with pytest.raises(Http404):
        access_household_by_id(
            actor=stranger, household_id=pop.households[0].pk, purpose="x", shown="y"
        )
    # The refused attempt is kept (issue 13): nothing shown, but the privacy officer sees it.
    refused = AccessLogEntry.objects.get()
    assert refused.action == "refused" and refused.household_label == pop.households[0].label
    team.areas.add(pop.area)
    with pytest.raises(ValueError, match="purpose"):
        access_household_by_id(
            actor=stranger, household_id=pop.households[0].pk, purpose=" ", shown="y"
        )
    assert AccessLogEntry.objects.count() == 1  # no purpose: nothing opened, nothing logged


def test_log_is_append_only(make_user):
    entry = log_access(actor=make_user(Role.ACCESS_WORKER), action="view", shown="x", purpose="y")
    entry.purpose = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.parametrize(
    "query",
    [
        {"since": "31-02-2026"},
        {"since": "02-02-2026", "until": "01-01-2026"},
        {"household": "x" * 50},
    ],
)
def test_bad_filters_give_a_message(client, make_user, query):
    client.force_login(make_user(Role.PRIVACY_OFFICER))
    response = client.get(reverse("privacy:access-log"), query)
    assert response.status_code == 200
    assert "Controleer de zoekvelden" in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN, Role.POLICY_ADVISER]
)
def test_only_the_privacy_officer_reads_the_log(client, make_user, team, role):
    client.force_login(make_user(role, teams=[team]))
    assert client.get(reverse("privacy:access-log")).status_code == 403
    assert client.get(reverse("privacy:processing-log")).status_code == 403
