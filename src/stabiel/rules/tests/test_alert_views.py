"""The alert list and alert page: team access, purpose asked and logged, assign and close."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import TeamFactory
from stabiel.core.models import AccessLogEntry
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert
from stabiel.rules.services import rules_seed
from stabiel.signals.models import Signal
from stabiel.signals.services import decision_record
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(catalogue, municipality):
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
    return Alert.objects.get(rule__code="drie-beschikkingen"), team


@pytest.fixture
def worker(alert, make_user, client):
    _, team = alert
    user = make_user(Role.ACCESS_WORKER, teams=[team])
    client.force_login(user)
    return client, user


def test_list_shows_rule_sentence_evidence_and_due_date(alert, worker):
    client, _ = worker
    content = client.get(reverse("alerts:alert-list")).content.decode()
    record, _ = alert
    assert record.household.label in content
    assert "3 of meer vormen van ondersteuning" in content
    assert "P0" in content
    assert f"{record.due_on:%d-%m-%Y}" in content


def test_a_long_list_says_more_than_the_cap_instead_of_counting_every_alert(
    alert, worker, monkeypatch
):
    from stabiel.core import pagination

    client, _ = worker
    open_alerts = Alert.objects.filter(status="open").count()
    counted = f">{open_alerts} melding"
    assert counted in client.get(reverse("alerts:alert-list")).content.decode()

    monkeypatch.setattr(pagination, "LIST_COUNT_CAP", 1)
    content = client.get(reverse("alerts:alert-list")).content.decode()

    assert open_alerts > 1
    assert "Meer dan 1 meldingen. U ziet de eerste 1." in content
    assert counted not in content


def test_a_second_team_does_not_show_an_alert_twice(alert, worker):
    """The teams are a list of ids, not a join: no duplicates without DISTINCT."""
    client, user = worker
    record, team = alert
    other = TeamFactory(municipality=team.municipality)
    other.areas.add(record.household.area)
    user.teams.add(other)

    content = client.get(reverse("alerts:alert-list")).content.decode()

    assert content.count(reverse("alerts:alert-detail", args=[record.pk])) == 1
    assert f">{Alert.objects.filter(status='open').count()} melding" in content


def test_opening_an_alert_asks_why_and_logs_who_when_why(alert, worker):
    client, user = worker
    record, _ = alert
    url = reverse("alerts:alert-detail", args=[record.pk])
    response = client.get(url)
    assert "Waarom opent u" in response.content.decode()
    assert not AccessLogEntry.objects.filter(household_label=record.household.label).exists()
    response = client.get(url, {"purpose": "visit"})
    assert "het bewijs" in response.content.decode()
    entry = AccessLogEntry.objects.get(household_label=record.household.label)
    assert (entry.username, entry.role, entry.purpose) == (
        user.username,
        "access_worker",
        "Huisbezoek voorbereiden",
    )


def test_unknown_purpose_is_asked_again(alert, worker):
    client, _ = worker
    record, _ = alert
    response = client.get(
        reverse("alerts:alert-detail", args=[record.pk]), {"purpose": "nieuwsgierig"}
    )
    assert "Kies een reden uit de lijst" in response.content.decode()
    assert not AccessLogEntry.objects.exclude(household_label="").exists()


def test_worker_of_another_team_sees_nothing(alert, make_user, client, municipality):
    record, _ = alert
    other_team = TeamFactory(municipality=municipality)
    client.force_login(make_user(Role.ACCESS_WORKER, teams=[other_team]))
    assert record.household.label not in client.get(reverse("alerts:alert-list")).content.decode()
    assert (
        client.get(
            reverse("alerts:alert-detail", args=[record.pk]), {"purpose": "triage"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("alerts:alert-action", args=[record.pk, "afsluiten"]), {"reason": "x"}
        ).status_code
        == 404
    )
    record.refresh_from_db()
    assert record.status == "open"


def test_taking_an_alert_marks_the_partners_signal_picked_up(alert, worker, municipality):
    from stabiel.accounts.tests.factories import PartnerOrganisationFactory
    from stabiel.rules.models import AlertEvidence
    from stabiel.signals.services import signal_record

    client, user = worker
    record, _ = alert
    partner = PartnerOrganisationFactory(municipality=municipality)
    receipt = signal_record(
        municipality=municipality,
        partner=partner,
        signal_type_code="huurachterstand",
        observed_on=timezone.localdate(),
        reference="S-1",
        bsn="111222333",
    )
    AlertEvidence.objects.create(alert=record, signal=receipt.signal, added_on=timezone.localdate())
    response = client.post(
        reverse("alerts:alert-action", args=[record.pk, "toewijzen"]), {"purpose": "triage"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.assigned_to == user
    assert Signal.objects.get(reference="S-1").status == "picked_up"


def test_closing_without_reason_is_refused(alert, worker):
    client, _ = worker
    record, _ = alert
    response = client.post(
        reverse("alerts:alert-action", args=[record.pk, "afsluiten"]), {"reason": ""}
    )
    assert "Schrijf op waarom" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "open"
    response = client.post(
        reverse("alerts:alert-action", args=[record.pk, "afsluiten"]),
        {"reason": "Langs geweest, gaat goed"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.close_reason) == ("closed", "Langs geweest, gaat goed")


def test_team_lead_assigns_only_within_the_team(alert, make_user, client, municipality):
    record, team = alert
    lead = make_user(Role.TEAM_LEAD, teams=[team])
    outsider = make_user(Role.ACCESS_WORKER, teams=[TeamFactory(municipality=municipality)])
    client.force_login(lead)
    response = client.post(
        reverse("alerts:alert-action", args=[record.pk, "toewijzen"]), {"assignee": outsider.pk}
    )
    assert "hoort niet bij het team" in response.content.decode()
    record.refresh_from_db()
    assert record.assigned_to is None


def test_overdue_alerts_are_marked(alert, worker):
    client, _ = worker
    record, _ = alert
    Alert.objects.filter(pk=record.pk).update(due_on=date(2020, 1, 1))
    content = client.get(reverse("alerts:alert-list"), {"overdue": "on"}).content.decode()
    assert "te laat" in content and record.household.label in content


@pytest.mark.parametrize(
    "role",
    [Role.POLICY_ADVISER, Role.PARTNER_REPORTER, Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER],
)
def test_roles_without_casework_get_403(alert, client, make_user, role):
    record, _ = alert
    client.force_login(make_user(role, partner_organisation="P"))
    assert client.get(reverse("alerts:alert-list")).status_code == 403
    assert (
        client.get(
            reverse("alerts:alert-detail", args=[record.pk]), {"purpose": "triage"}
        ).status_code
        == 403
    )


def test_the_purpose_question_shows_no_household_before_the_purpose_is_given(alert, worker):
    client, _ = worker
    record, _ = alert
    page = client.get(reverse("alerts:alert-detail", args=[record.pk])).content.decode()
    assert "Open de melding" in page
    assert record.household.label not in page
