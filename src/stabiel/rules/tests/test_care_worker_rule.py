"""The rule "many changes of care worker": raised by a full run and by the event after a change,
with the dated changes as evidence, explained on the alert, and listed in the register."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory
from stabiel.residents.services import household_register
from stabiel.rules import register
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert, AlertEvidence
from stabiel.rules.services import rules_seed
from stabiel.safety.models import CareWorkerChange, InvolvedParty

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)
CODE = "veel-wisselingen-hulpverlener"


@pytest.fixture
def place(catalogue, municipality, make_user):
    area = AreaFactory(municipality=municipality, neighbourhood=True)
    team = TeamFactory(municipality=municipality)
    team.areas.add(area)
    household = household_register(
        municipality=municipality,
        street="Laan",
        house_number="1",
        postcode="3701AB",
        city="Zeist",
        area=area,
    )
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    worker = make_user(Role.ACCESS_WORKER, teams=[team])
    party = InvolvedParty.objects.create(
        municipality=municipality,
        household=household,
        organisation="Jeugdhulp Heuvelrug",
        role="Ambulante hulp",
        since=date(2024, 1, 1),
        recorded_by=worker,
    )
    return household, party, worker


def change(party, worker, on, who):
    return CareWorkerChange.objects.create(
        municipality=party.municipality,
        party=party,
        care_worker=who,
        from_on=on,
        recorded_by=worker,
    )


def test_full_run_raises_one_alert_with_the_changes_and_new_changes_join_it(
    place, municipality, client
):
    household, party, worker = place
    change(party, worker, date(2024, 1, 1), "Sanne")  # the first worker: no change
    made = [
        change(party, worker, TODAY - timedelta(days=days), name)
        for days, name in ((200, "Joost"), (100, "Fatima"), (10, "Ruben"))
    ]
    result = rules_run(municipality_id=municipality.pk, today=TODAY)
    assert result.raised[CODE] == 1
    alert = Alert.objects.get(rule__code=CODE)
    assert alert.household == household and alert.team is not None
    assert sorted(AlertEvidence.objects.values_list("care_worker_change_id", flat=True)) == sorted(
        c.pk for c in made
    )
    # The same evidence does not raise or add again.
    again = rules_run(municipality_id=municipality.pk, today=TODAY)
    assert again.raised[CODE] == 0 and again.extended[CODE] == 0
    # A fourth change joins the open alert.
    change(party, worker, TODAY, "Ilse")
    later = rules_run(
        municipality_id=municipality.pk,
        today=TODAY,
        household_ids=[household.pk],
        changed=frozenset({"care_workers"}),
    )
    assert later.extended[CODE] == 1 and alert.evidence.count() == 4
    # A new signal does not evaluate this rule at all.
    only_signals = rules_run(
        municipality_id=municipality.pk,
        today=TODAY,
        household_ids=[household.pk],
        changed=frozenset({"signals"}),
    )
    assert CODE not in only_signals.raised
    # Explained on the alert: the sentence and each dated change with its organisation.
    client.force_login(worker)
    page = client.get(
        reverse("alerts:alert-detail", args=[alert.pk]), {"purpose": "triage"}
    ).content.decode()
    assert "3 keer of vaker een nieuwe hulpverlener" in page
    assert "Ruben" in page and "Jeugdhulp Heuvelrug" in page and TODAY.strftime("%d-%m-%Y") in page


def test_the_register_lists_the_rule_with_its_local_settings(place, municipality):
    data = register.register_build(municipality=municipality, today=TODAY)
    entry = next(e for e in data.rules if e.code == CODE)
    assert entry.shown.source.startswith("Eigen regel van Stabiel")
    assert "veel wisselingen van hulpverleners" in entry.shown.source
    settings = {s.name: s for s in entry.shown.settings}
    assert not settings["min_changes"].from_publication
    assert "de gemeente kiest die zelf" in settings["min_changes"].origin
