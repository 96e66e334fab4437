"""The team lead's workload screen (issue 13): open work per worker with overdue first, the
alerts nobody has with their count, several given at once; and the cost figures to read."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.cases.tests.conftest import stack_decisions
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert

pytestmark = pytest.mark.django_db

URL = reverse("cases:workload")


@pytest.fixture
def alerts(world):
    """Three open alerts of the team: the world's one and two more households stacked."""
    for index in (1, 2):
        stack_decisions(
            world.municipality, world.pop.households[index], world.pop.persons[index], f"W{index}"
        )
    rules_run(municipality_id=world.municipality.pk, today=timezone.localdate())
    found = list(Alert.objects.filter(team=world.team, status="open").order_by("id"))
    assert len(found) >= 3
    return found


def _names(world):
    for user, (first, last) in (
        (world.worker, ("Wim", "de Werker")),
        (world.colleague, ("Carla", "Collega")),
        (world.lead, ("Lotte", "Leider")),
    ):
        user.first_name, user.last_name = first, last
        user.save()


def test_per_worker_by_name_overdue_first(client, world, alerts):
    _names(world)
    late = alerts[0]
    Alert.objects.filter(pk=late.pk).update(
        assigned_to=world.colleague, due_on=timezone.localdate() - timedelta(days=3)
    )
    Alert.objects.filter(pk=alerts[1].pk).update(assigned_to=world.worker)
    client.force_login(world.lead)
    response = client.get(URL)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0].name == "Carla Collega" and rows[0].alerts_overdue == 1
    by_name = {r.name: r for r in rows}
    assert by_name["Wim de Werker"].alerts_open == 1
    assert by_name["Wim de Werker"].alerts_overdue == 0
    assert "Lotte Leider" in by_name
    body = response.content.decode()
    assert "Carla Collega" in body and world.colleague.username not in body
    # The unassigned alerts with their count.
    unassigned = Alert.objects.filter(team=world.team, status="open", assigned_to__isnull=True)
    assert response.context["unassigned_count"] == unassigned.count()
    assert {a.pk for a in response.context["unassigned"]} == set(
        unassigned.values_list("pk", flat=True)
    )


def test_several_alerts_given_at_once(client, world, alerts):
    _names(world)
    client.force_login(world.lead)
    chosen = [alerts[0].pk, alerts[1].pk]
    response = client.post(URL, {"alerts": chosen, "assignee": world.worker.pk})
    assert response.status_code == 302
    assigned = Alert.objects.filter(pk__in=chosen).values_list("assigned_to", flat=True)
    assert set(assigned) == {world.worker.pk}
    assert Alert.objects.get(pk=alerts[2].pk).assigned_to is None
    page = client.get(response.url).content.decode()
    assert "2 meldingen gegeven aan Wim de Werker." in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"assignee": "WORKER"}, "Kies minstens één melding."),
        ({"alerts": ["FIRST"]}, "Kies de medewerker die de meldingen krijgt."),
        ({"alerts": ["FIRST"], "assignee": "OTHER"}, "Kies een medewerker uit de lijst."),
        ({"alerts": ["abc"], "assignee": "WORKER"}, "al verdeeld of niet van uw team"),
        ({"alerts": ["999999"], "assignee": "WORKER"}, "al verdeeld of niet van uw team"),
        ({"alerts": ["FIRST", "TAKEN"], "assignee": "WORKER"}, "al verdeeld of niet van uw team"),
    ],
)
def test_bad_input_gives_a_dutch_message_and_changes_nothing(client, world, alerts, data, message):
    Alert.objects.filter(pk=alerts[2].pk).update(assigned_to=world.colleague)
    values = {
        "WORKER": str(world.worker.pk),
        "OTHER": str(world.other_team_worker.pk),
        "FIRST": str(alerts[0].pk),
        "TAKEN": str(alerts[2].pk),
    }
    post = {
        key: [values.get(v, v) for v in value] if isinstance(value, list) else values[value]
        for key, value in data.items()
    }
    before = list(Alert.objects.order_by("id").values_list("id", "assigned_to"))
    client.force_login(world.lead)
    response = client.post(URL, post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Alert.objects.order_by("id").values_list("id", "assigned_to")) == before


@pytest.mark.parametrize("who", ["worker", "other_municipality_worker"])
def test_only_the_team_lead(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403


def test_a_lead_sees_no_other_team(client, world, alerts, make_user):
    from stabiel.accounts.tests.factories import TeamFactory

    other_lead = make_user(Role.TEAM_LEAD, teams=[TeamFactory(municipality=world.municipality)])
    client.force_login(other_lead)
    response = client.get(URL)
    assert response.context["unassigned_count"] == 0
    assert world.worker.username not in {r.user.username for r in response.context["rows"]}
    before = list(Alert.objects.order_by("id").values_list("id", "assigned_to"))
    response = client.post(URL, {"alerts": [alerts[0].pk], "assignee": other_lead.pk})
    assert response.status_code == 400
    assert list(Alert.objects.order_by("id").values_list("id", "assigned_to")) == before


def test_the_team_lead_reads_the_cost_figures_but_cannot_change_them(client, world, make_user):
    client.force_login(world.lead)
    url = reverse("meetings:cost-figures")
    response = client.get(url)
    assert response.status_code == 200
    assert "Kosten van niet-helpen" in response.content.decode()
    assert response.context["form"] is None
    assert client.post(url, {}).status_code == 403
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    assert client.get(url).context["form"] is not None
