"""Execution data in bulk for outcome tests: rows made directly, many at a time.

Outcome figures need at least ten of a thing before anything shows, so the usual one-by-one
services would make slow tests. Every row here is one the services could have made.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from stabiel.accounts.models import Area
from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import (
    AreaFactory,
    PartnerOrganisationFactory,
    TeamFactory,
    UserFactory,
)
from stabiel.cases.models import Agreement, Case, Contact, DomainAssessment, Goal, Triage
from stabiel.catalogue.models import LifeDomain, SignalType
from stabiel.residents.models import Household
from stabiel.rules.models import Alert, AlertEvidence, Rule
from stabiel.rules.services import rules_seed
from stabiel.signals.models import Signal

_counter = itertools.count(1)


@dataclass
class World:
    municipality: object
    teams: list
    districts: list
    neighbourhoods: list
    worker: object
    rules: dict
    partner: object
    signal_type: object
    households: list = field(default_factory=list)


def world(municipality, *, teams: int = 2) -> World:
    rules_seed(municipality=municipality, in_force_from=date(2020, 1, 1))
    made_teams, districts, neighbourhoods = [], [], []
    for index in range(teams):
        district = AreaFactory(municipality=municipality, name=f"Wijk {index}")
        neighbourhood = AreaFactory(
            municipality=municipality, neighbourhood=True, parent=district, name=f"Buurt {index}"
        )
        team = TeamFactory(municipality=municipality, name=f"Team {index}")
        team.areas.add(district)
        made_teams.append(team)
        districts.append(district)
        neighbourhoods.append(neighbourhood)
    worker = UserFactory(municipality=municipality, roles=[Role.ACCESS_WORKER], teams=made_teams)
    return World(
        municipality=municipality,
        teams=made_teams,
        districts=districts,
        neighbourhoods=neighbourhoods,
        worker=worker,
        rules={rule.code: rule for rule in Rule.objects.filter(municipality=municipality)},
        partner=PartnerOrganisationFactory(municipality=municipality, name="Woonstichting"),
        signal_type=SignalType.objects.filter(municipality__isnull=True).first(),
    )


def household(w: World, area: Area) -> Household:
    n = next(_counter)
    made = Household.objects.create(
        municipality=w.municipality, pseudonym=f"p{n:08d}", label=f"HH-T{n:05d}", area=area
    )
    w.households.append(made)
    return made


def alert(
    w: World,
    *,
    team_index: int = 0,
    raised_on: date,
    rule: str = "rode-vlaggen-langsgaan",
    signal_days_before: int | None = 3,
    house: Household | None = None,
) -> Alert:
    house = house or household(w, w.neighbourhoods[team_index])
    rule_obj = w.rules[rule]
    made = Alert.objects.create(
        municipality=w.municipality,
        household=house,
        rule=rule_obj,
        rule_version=rule_obj.versions.first(),
        team=w.teams[team_index],
        raised_on=raised_on,
        due_on=raised_on + timedelta(days=10),
    )
    if signal_days_before is not None:
        n = next(_counter)
        received = raised_on - timedelta(days=signal_days_before)
        signal = Signal.objects.create(
            municipality=w.municipality,
            signal_type=w.signal_type,
            household=house,
            observed_on=received,
            received_on=received,
            partner=w.partner,
            reference=f"ref-{n}",
            channel="form",
            content_hash=f"{n:032d}",
        )
        AlertEvidence.objects.create(alert=made, signal=signal, added_on=raised_on)
    return made


def triage(w: World, made: Alert, *, days_after: int, visit: bool = True) -> Case | None:
    on = made.raised_on + timedelta(days=days_after)
    case = None
    if visit:
        case = Case.objects.create(
            municipality=w.municipality,
            household=made.household,
            team=made.team,
            case_lead=w.worker,
            opened_on=on,
            origin_alert=made,
        )
    made_triage = Triage.objects.create(
        municipality=w.municipality,
        alert=made,
        urgency=Triage.Urgency.SOON,
        outcome=Triage.Outcome.VISIT if visit else Triage.Outcome.NO_ACTION,
        reason="" if visit else "Er is al hulp",
        due_on=on,
        decided_by=w.worker,
        case=case,
    )
    moment = timezone.make_aware(datetime.combine(on, time(12)))
    Triage.objects.filter(pk=made_triage.pk).update(created_at=moment)
    made.status = Alert.Status.CLOSED
    made.close_reason = "Triage"
    made.save(update_fields=["status", "close_reason"])
    return case


def contact(w: World, case: Case, *, kind: str, due_on: date, done: bool) -> Contact:
    return Contact.objects.create(
        municipality=w.municipality,
        case=case,
        kind=kind,
        worker=w.worker,
        due_on=due_on,
        status=Contact.Status.DONE if done else Contact.Status.PLANNED,
        done_on=due_on if done else None,
    )


def broad_look(w: World, case: Case, *, domains: int = 5) -> None:
    core = LifeDomain.objects.filter(weight=LifeDomain.Weight.CORE, municipality__isnull=True)
    for domain in core[:domains]:
        DomainAssessment.objects.create(
            municipality=w.municipality,
            case=case,
            life_domain=domain,
            state=DomainAssessment.State.STABLE,
            assessed_by=w.worker,
            assessed_on=case.opened_on,
        )


def plan(w: World, case: Case) -> None:
    goal = Goal.objects.create(municipality=w.municipality, case=case, text="Rust in de financien")
    Agreement.objects.create(
        municipality=w.municipality,
        case=case,
        goal=goal,
        what="Budgetcoach bellen",
        owner=Agreement.Owner.WORKER,
        owner_name="De medewerker",
        due_on=case.opened_on + timedelta(days=14),
    )


def close(case: Case, *, on: date, well_landed: bool) -> None:
    case.status = Case.Status.CLOSED
    case.closed_on = on
    case.closed_reason = "Klaar"
    case.well_landed = well_landed
    case.save()


def refresh(municipality, *, today: date | None = None):
    """Work out the monthly rows the pages read (what the nightly `insights_refresh` does)."""
    from stabiel.insights.summary import refresh as summary_refresh

    return summary_refresh(municipality=municipality, today=today)
