"""Each role's start page opens with that role's next work (issue 13)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import TeamFactory
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert
from stabiel.rules.services import rules_seed
from stabiel.signals.services import decision_record
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db


def first_heading_after_welcome(content: str) -> str:
    """The first h2 on the page: what the role sees first under the welcome."""
    start = content.index("<h2")
    return content[start : content.index("</h2>", start)]


@pytest.fixture
def team_with_alert(catalogue, municipality):
    pop = population(municipality, households=2)
    team = TeamFactory(municipality=municipality)
    team.areas.add(pop.area)
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    for i, law in enumerate(["wmo", "participatiewet", "beschikkingsvrij"]):
        decision_record(
            municipality=municipality,
            household=pop.households[0],
            person=pop.persons[0],
            law=law,
            product=f"P{i}",
            need=f"n{i}",
            start_on=date(2026, 1, 1),
            end_on=None,
            reference=f"R{i}",
        )
    rules_run(municipality_id=municipality.pk, today=timezone.localdate())
    return team


def test_team_lead_starts_with_the_unassigned_alerts(client, make_user, team_with_alert):
    lead = make_user(Role.TEAM_LEAD, teams=[team_with_alert])
    open_unassigned = Alert.objects.filter(
        status=Alert.Status.OPEN, assigned_to__isnull=True
    ).count()
    assert open_unassigned >= 1
    client.force_login(lead)
    content = client.get(reverse("home:home")).content.decode()
    assert "Nog niet verdeeld" in first_heading_after_welcome(content)
    assert f"{open_unassigned} open melding" in content
    assert f"{reverse('cases:workload')}" in content


def test_past_the_cap_the_team_lead_reads_more_than(
    client, make_user, team_with_alert, monkeypatch
):
    from stabiel.core import pagination

    lead = make_user(Role.TEAM_LEAD, teams=[team_with_alert])
    open_unassigned = Alert.objects.filter(
        status=Alert.Status.OPEN, assigned_to__isnull=True
    ).count()
    monkeypatch.setattr(pagination, "LIST_COUNT_CAP", open_unassigned - 1)
    client.force_login(lead)

    content = client.get(reverse("home:home")).content.decode()

    assert f"Meer dan {open_unassigned - 1} open meldingen in uw team" in content
    assert f"{open_unassigned} open melding" not in content


def test_team_lead_of_another_team_counts_nothing(client, make_user, team_with_alert, municipality):
    lead = make_user(Role.TEAM_LEAD, teams=[TeamFactory(municipality=municipality)])
    client.force_login(lead)
    assert "0 open meldingen in uw team" in client.get(reverse("home:home")).content.decode()


def test_partner_starts_with_the_report_button(client, make_user):
    client.force_login(make_user(Role.PARTNER_REPORTER, partner_organisation="Woonstichting"))
    content = client.get(reverse("home:home")).content.decode()
    assert "Een zorg over een inwoner?" in first_heading_after_welcome(content)
    assert reverse("signals:report") in content
    assert "Uw organisatie heeft nog niets gemeld." in content


def test_privacy_officer_starts_with_residents_requests(client, make_user):
    client.force_login(make_user(Role.PRIVACY_OFFICER))
    content = client.get(reverse("home:home")).content.decode()
    assert "Open inzageverzoeken" in first_heading_after_welcome(content)
    assert "Er zijn geen open inzageverzoeken." in content
    assert reverse("privacy:request-create") in content
    assert reverse("privacy:inspection") in content


def test_policy_adviser_sees_no_work_of_other_roles(client, make_user):
    client.force_login(make_user(Role.POLICY_ADVISER))
    content = client.get(reverse("home:home")).content.decode()
    assert "Preventieplan" in first_heading_after_welcome(content)
    assert "Nog niet verdeeld" not in content
    assert reverse("signals:report") not in content
