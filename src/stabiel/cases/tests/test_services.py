"""Triage, case, plan, follow-up and closing: what is stored, and bad input that stores nothing."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from stabiel.cases import services
from stabiel.cases.models import (
    Agreement,
    Case,
    CaseEvent,
    Contact,
    DomainAssessment,
    Goal,
    Triage,
)
from stabiel.cases.queries import open_case_for_household
from stabiel.catalogue.models import LifeDomain, ProvisionType
from stabiel.rules.models import Alert, RelapseWatch

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def triage(world, **kwargs):
    values = {
        "actor": world.worker,
        "alert": world.alert,
        "urgency": "soon",
        "safety_concern": False,
        "safety_note": "",
        "outcome": "visit",
        "taken_by": world.worker,
    }
    values.update(kwargs)
    return services.triage_record(**values)


def open_case(world):
    return triage(world).case


def domain(code):
    return LifeDomain.objects.get(code=code, municipality__isnull=True)


def test_triage_visit_opens_case_plans_visit_by_rule_due_date_and_closes_alert(world):
    record = triage(world)
    world.alert.refresh_from_db()
    case = record.case
    assert case.case_lead == world.worker and case.origin_alert == world.alert
    assert case.team == world.team and case.status == Case.Status.OPEN
    visit = Contact.objects.get(case=case)
    assert (visit.kind, visit.due_on, visit.worker) == ("visit", world.alert.due_on, world.worker)
    assert world.alert.status == Alert.Status.CLOSED
    assert "huisbezoek" in world.alert.close_reason.lower()
    assert world.alert.assigned_to == world.worker
    assert record.decided_by == world.worker and record.created_at is not None
    assert CaseEvent.objects.filter(case=case, actor=world.worker, text__contains="Triage").exists()


def test_urgent_triage_plans_today(world):
    record = triage(world, urgency="today", safety_concern=True, safety_note="Dreigende ruzie")
    assert record.due_on == TODAY
    assert Contact.objects.get(case=record.case).due_on == TODAY


def test_second_alert_joins_the_open_case(world):
    case = open_case(world)
    other = Alert.objects.create(
        municipality=world.municipality,
        household=world.alert.household,
        rule=world.alert.rule,  # the first alert was closed by its triage
        rule_version=world.alert.rule_version,
        team=world.team,
        raised_on=TODAY,
        due_on=TODAY + timedelta(days=5),
    )
    record = triage(world, alert=other, outcome="call", taken_by=world.colleague)
    assert record.case == case
    assert Case.objects.filter(household=world.alert.household).count() == 1
    assert case.contacts.filter(kind="call", worker=world.colleague).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "no_action", "reason": " "}, "reason"),
        ({"outcome": "partner", "partner_name": "", "reason": "past beter"}, "partner_name"),
        ({"outcome": "partner", "partner_name": "Woningstichting", "reason": ""}, "reason"),
        ({"outcome": "visit", "taken_by": None}, "taken_by"),
        ({"urgency": "later"}, "urgency"),
        ({"outcome": "ignore"}, "outcome"),
        ({"safety_concern": True, "safety_note": ""}, "safety_note"),
    ],
)
def test_bad_triage_changes_nothing(world, kwargs, field):
    with pytest.raises(services.CaseInputError) as error:
        triage(world, **kwargs)
    assert error.value.field == field
    assert str(error.value)[0].isupper()
    world.alert.refresh_from_db()
    assert world.alert.status == Alert.Status.OPEN
    assert not Triage.objects.exists() and not Case.objects.exists()


def test_triage_by_someone_outside_the_team_is_refused(world):
    with pytest.raises(services.CaseInputError, match="hoort niet bij het team"):
        triage(world, taken_by=world.other_team_worker)
    with pytest.raises(services.CaseInputError, match="hoort niet bij het team"):
        triage(world, taken_by=world.other_municipality_worker)
    assert not Case.objects.exists()


def test_no_action_closes_alert_with_the_reason(world):
    triage(world, outcome="no_action", taken_by=None, reason="Hulp loopt al via de huisarts")
    world.alert.refresh_from_db()
    assert world.alert.status == Alert.Status.CLOSED
    assert "Hulp loopt al via de huisarts" in world.alert.close_reason
    assert not Case.objects.exists()


def test_partner_handover_is_written_down(world):
    record = triage(world, outcome="partner", partner_name="Woningstichting", reason="Huur")
    world.alert.refresh_from_db()
    assert record.partner_name == "Woningstichting"
    assert world.alert.close_reason.startswith("Overgedragen aan Woningstichting")


def test_one_open_case_per_household(world):
    case = open_case(world)
    with pytest.raises(services.CaseInputError, match="al een open casus"):
        services.case_open(
            actor=world.worker, household=case.household, team=world.team, case_lead=world.worker
        )
    # and the database itself refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            municipality=world.municipality,
            household=case.household,
            team=world.team,
            case_lead=world.worker,
            opened_on=TODAY,
        )


def test_open_case_for_household_interface(world):
    assert (
        open_case_for_household(
            municipality_id=world.municipality.pk, household_id=world.alert.household_id
        )
        is None
    )
    case = open_case(world)
    found = open_case_for_household(
        municipality_id=world.municipality.pk, household_id=world.alert.household_id
    )
    assert found == case and found.case_lead == world.worker


def test_leads(world):
    case = open_case(world)
    services.case_set_leads(
        actor=world.lead, case=case, case_lead=world.colleague, process_lead=world.other_team_worker
    )
    case.refresh_from_db()
    assert (case.case_lead, case.process_lead) == (world.colleague, world.other_team_worker)
    with pytest.raises(services.CaseInputError):
        services.case_set_leads(actor=world.lead, case=case, case_lead=world.other_team_worker)
    with pytest.raises(services.CaseInputError):
        services.case_set_leads(
            actor=world.lead,
            case=case,
            case_lead=world.worker,
            process_lead=world.other_municipality_worker,
        )


def test_assessment_history_keeps_every_row(world):
    case = open_case(world)
    services.assessment_record(
        actor=world.worker, case=case, life_domain=domain("wonen"), state="unstable"
    )
    services.assessment_record(
        actor=world.worker, case=case, life_domain=domain("wonen"), state="pressure", note="beter"
    )
    assert DomainAssessment.objects.filter(case=case).count() == 2
    from stabiel.cases.queries import current_assessments

    assert current_assessments(case)[domain("wonen").pk].state == "pressure"
    with pytest.raises(services.CaseInputError):
        services.assessment_record(
            actor=world.worker, case=case, life_domain=domain("wonen"), state="ok"
        )


def test_agreement_needs_owner_and_future_date(world):
    case = open_case(world)
    goal = services.goal_add(actor=world.worker, case=case, text="Rust in mijn hoofd")
    base = {
        "actor": world.worker,
        "case": case,
        "what": "Bellen met de verhuurder",
        "due_on": TODAY + timedelta(days=7),
        "goal": goal,
    }
    with pytest.raises(services.CaseInputError) as error:
        services.agreement_add(**base, owner="", owner_name="")
    assert error.value.field == "owner"
    with pytest.raises(services.CaseInputError) as error:
        services.agreement_add(**base, owner="partner", owner_name="  ")
    assert error.value.field == "owner_name"
    with pytest.raises(services.CaseInputError) as error:
        services.agreement_add(
            **{**base, "due_on": TODAY - timedelta(days=1)}, owner="household", owner_name="Mevrouw"
        )
    assert error.value.field == "due_on"
    assert not Agreement.objects.exists()
    made = services.agreement_add(**base, owner="worker", owner_name="")
    assert made.owner_name == world.worker.get_full_name()


def test_agreement_with_catalogue_item_of_another_municipality_is_refused(
    world, other_municipality
):
    case = open_case(world)
    foreign = ProvisionType.objects.create(
        municipality=other_municipality,
        code="eigen-ding",
        name="Eigen ding",
        life_domain=domain("wonen"),
    )
    with pytest.raises(services.CaseInputError) as error:
        services.agreement_add(
            actor=world.worker,
            case=case,
            what="x",
            owner="household",
            owner_name="Meneer",
            due_on=TODAY,
            provision_type=foreign,
        )
    assert error.value.field == "provision_type"
    assert not Agreement.objects.exists()


def test_goal_needs_text(world):
    case = open_case(world)
    with pytest.raises(services.CaseInputError):
        services.goal_add(actor=world.worker, case=case, text="   ")
    assert not Goal.objects.exists()


def test_check_ins_monthly_then_quarterly(world):
    case = open_case(world)
    first = date(TODAY.year + 1, 1, 31)
    made = services.check_ins_schedule(
        actor=world.worker,
        case=case,
        first_on=first,
        monthly=3,
        quarterly=2,
        worker=world.worker,
    )
    assert [c.due_on for c in made] == [
        date(first.year, 1, 31),
        date(first.year, 2, 28) if first.year % 4 else date(first.year, 2, 29),
        date(first.year, 3, 31),
        date(first.year, 6, 30),
        date(first.year, 9, 30),
    ]
    assert all(c.kind == "check_in" for c in made)


@pytest.mark.parametrize(
    ("first_on", "monthly", "quarterly", "field"),
    [
        (TODAY - timedelta(days=1), 1, 0, "first_on"),
        (None, 1, 0, "first_on"),
        (TODAY, 0, 0, "monthly"),
        (TODAY, 10, 10, "monthly"),
    ],
)
def test_bad_check_in_schedule_stores_nothing(world, first_on, monthly, quarterly, field):
    case = open_case(world)
    before = Contact.objects.count()
    with pytest.raises(services.CaseInputError) as error:
        services.check_ins_schedule(
            actor=world.worker,
            case=case,
            first_on=first_on,
            monthly=monthly,
            quarterly=quarterly,
            worker=world.worker,
        )
    assert error.value.field == field
    assert Contact.objects.count() == before


def test_contact_record_and_plan(world):
    case = open_case(world)
    planned = case.contacts.get()
    services.contact_record(
        actor=world.worker,
        case=case,
        kind="visit",
        done_on=TODAY,
        note="Kennisgemaakt",
        contact=planned,
    )
    planned.refresh_from_db()
    assert planned.status == "done" and planned.done_on == TODAY
    with pytest.raises(services.CaseInputError):  # twice
        services.contact_record(
            actor=world.worker, case=case, kind="visit", done_on=TODAY, note="x", contact=planned
        )
    with pytest.raises(services.CaseInputError):  # in the future
        services.contact_record(
            actor=world.worker, case=case, kind="call", done_on=TODAY + timedelta(days=1), note="x"
        )
    with pytest.raises(services.CaseInputError):  # planned in the past
        services.contact_plan(
            actor=world.worker,
            case=case,
            kind="visit",
            due_on=TODAY - timedelta(days=1),
            worker=world.worker,
        )


def test_close_needs_a_reason(world):
    case = open_case(world)
    with pytest.raises(services.CaseInputError) as error:
        services.case_close(actor=world.worker, case=case, reason="  ", well_landed=False)
    assert error.value.field == "reason"
    case.refresh_from_db()
    assert case.status == "open"


def test_close_well_landed_needs_the_checks(world):
    case = open_case(world)
    services.agreement_add(
        actor=world.worker,
        case=case,
        what="Formulier invullen",
        owner="household",
        owner_name="Mevrouw",
        due_on=TODAY,
    )
    services.assessment_record(
        actor=world.worker, case=case, life_domain=domain("wonen"), state="unstable"
    )
    close = {"actor": world.worker, "case": case, "reason": "Gaat goed", "well_landed": True}
    with pytest.raises(services.CaseInputError, match="afspraken"):
        services.case_close(**close, situation_stable=True)
    with pytest.raises(services.CaseInputError, match="stabiel"):
        services.case_close(**close, agreements_kept=True)
    with pytest.raises(services.CaseInputError, match="lopen nog afspraken"):
        services.case_close(**close, agreements_kept=True, situation_stable=True)
    Agreement.objects.update(status="kept")
    with pytest.raises(services.CaseInputError, match="Nog instabiel: Wonen"):
        services.case_close(**close, agreements_kept=True, situation_stable=True)
    services.assessment_record(
        actor=world.worker, case=case, life_domain=domain("wonen"), state="stable"
    )
    with pytest.raises(services.CaseInputError) as error:
        services.case_close(**close, agreements_kept=True, situation_stable=True, watch_months=0)
    assert error.value.field == "watch_months"
    case.refresh_from_db()
    assert case.status == "open" and not RelapseWatch.objects.exists()
    services.case_close(**close, agreements_kept=True, situation_stable=True, watch_months=6)
    case.refresh_from_db()
    assert case.status == "closed" and case.well_landed and case.closed_on == TODAY
    watch = RelapseWatch.objects.get(household=case.household)
    assert (watch.starts_on, watch.ends_on) == (TODAY, services.add_months(TODAY, 6))
    assert not case.contacts.filter(status="planned").exists()  # the planned visit lapsed
    with pytest.raises(services.CaseInputError, match="afgesloten"):
        services.goal_add(actor=world.worker, case=case, text="nog iets")


def test_close_for_another_reason_sets_no_watch(world):
    case = open_case(world)
    services.case_close(actor=world.worker, case=case, reason="Verhuisd", well_landed=False)
    case.refresh_from_db()
    assert case.status == "closed" and not case.well_landed
    assert not RelapseWatch.objects.exists()


def test_closed_case_needs_reason_in_the_database(world):
    case = open_case(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status="closed", closed_on=TODAY, closed_reason="")


def test_case_only_for_a_team_that_covers_the_household(world):
    from stabiel.accounts.models import Team

    other = Team.objects.get(name="Wijkteam Zuid")
    world.worker.teams.add(other)
    with pytest.raises(services.CaseInputError) as error:
        services.case_open(
            actor=world.worker,
            household=world.pop.households[1],
            team=other,
            case_lead=world.worker,
        )
    assert error.value.field == "team"
    assert not Case.objects.exists()
