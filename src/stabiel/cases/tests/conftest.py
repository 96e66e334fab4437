"""A small world: one team with a stacked household and its alert, a second team, a second
municipality. Every case test starts from here."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert
from stabiel.rules.services import rules_seed
from stabiel.signals.services import decision_record
from stabiel.signals.tests.factories import population


@dataclass
class World:
    municipality: object
    team: object
    pop: object
    alert: Alert
    worker: object
    colleague: object
    lead: object
    other_team_worker: object
    other_municipality_worker: object


def stack_decisions(municipality, household, person, prefix="R"):
    for i, law in enumerate(["wmo", "participatiewet", "beschikkingsvrij"]):
        decision_record(
            municipality=municipality,
            household=household,
            person=person,
            law=law,
            product=f"Product {i}",
            need=f"vraag {i}",
            start_on=date(2026, 1, 1),
            end_on=None,
            reference=f"{prefix}{i}",
        )


@pytest.fixture
def world(catalogue, municipality, other_municipality, make_user):
    pop = population(municipality, households=3)
    team = TeamFactory(municipality=municipality, name="Wijkteam Noord")
    team.areas.add(pop.area)
    other_team = TeamFactory(municipality=municipality, name="Wijkteam Zuid")
    other_team.areas.add(AreaFactory(municipality=municipality, neighbourhood=True))
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    stack_decisions(municipality, pop.households[0], pop.persons[0])
    rules_run(municipality_id=municipality.pk, today=timezone.localdate())
    alert = Alert.objects.get(rule__code="drie-beschikkingen", household=pop.households[0])
    other_team_for_other = TeamFactory(municipality=other_municipality)
    return World(
        municipality=municipality,
        team=team,
        pop=pop,
        alert=alert,
        worker=make_user(Role.ACCESS_WORKER, teams=[team], email="w@example.org"),
        colleague=make_user(Role.ACCESS_WORKER, teams=[team]),
        lead=make_user(Role.TEAM_LEAD, teams=[team]),
        other_team_worker=make_user(Role.ACCESS_WORKER, teams=[other_team]),
        other_municipality_worker=make_user(
            Role.ACCESS_WORKER, municipality=other_municipality, teams=[other_team_for_other]
        ),
    )
