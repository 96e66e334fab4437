"""Triage, case, plan, follow-up and closing: what is stored, and bad input that stores nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from stabiel.cases import services
from stabiel.cases.models import (
    Agreement,
    Case,
    CaseEvent,
    CaseSettings,
    Contact,
    DomainAssessment,
    Goal,
    Triage,
)
from stabiel.cases.queries import open_case_for_household
from stabiel.cases.tests.landing import make_ready_to_land
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
        ({"outcome": "own_strength", "reason": ""}, "reason"),
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


def test_solved_with_own_strength_closes_alert_without_a_case(world):
    record = triage(
        world, outcome="own_strength", taken_by=None, reason="Buurvrouw helpt met de post"
    )
    world.alert.refresh_from_db()
    assert record.case is None and not Case.objects.exists()
    assert world.alert.status == Alert.Status.CLOSED
    assert "eigen kracht" in world.alert.close_reason
    assert "Buurvrouw helpt met de post" in world.alert.close_reason


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
        times=1,
        per="month",
        periods=3,
        then_times=1,
        then_per="quarter",
        then_periods=2,
        worker=world.worker,
    )
    feb = date(first.year, 2, 28) if first.year % 4 else date(first.year, 2, 29)
    assert [c.due_on for c in made] == [
        date(first.year, 1, 31),
        feb,
        date(first.year, 3, 31),
        date(first.year, 4, 30),  # the quarterly step starts three months after the first
        date(first.year, 7, 30),
    ]
    assert all(c.kind == "check_in" for c in made)


Y = TODAY.year + 1


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        # "3 keer per maand": three in the month, spread over it (31 days: day 0, 10, 20)
        ([(3, "month", 1)], [date(Y, 1, 1), date(Y, 1, 11), date(Y, 1, 21)]),
        # "3 keer per maand, 2 maanden lang": three in January, three in February
        (
            [(3, "month", 2)],
            [
                *(date(Y, 1, 1), date(Y, 1, 11), date(Y, 1, 21), date(Y, 2, 1), date(Y, 2, 10)),
                date(Y, 2, 19) if Y % 4 else date(Y, 2, 20),
            ],
        ),
        # once a week for three weeks
        ([(1, "week", 3)], [date(Y, 1, 1), date(Y, 1, 8), date(Y, 1, 15)]),
        # the second step starts where the first ends
        (
            [(1, "month", 2), (1, "quarter", 2)],
            [date(Y, 1, 1), date(Y, 2, 1), date(Y, 3, 1), date(Y, 6, 1)],
        ),
        # a step of 0 times or 0 periods plans nothing
        ([(1, "month", 1), (0, "quarter", 4)], [date(Y, 1, 1)]),
    ],
)
def test_check_in_dates(steps, expected):
    assert services.check_in_dates(first_on=date(Y, 1, 1), steps=steps) == expected


def test_three_times_a_month_schedules_three_that_month(world):
    case = open_case(world)
    made = services.check_ins_schedule(
        actor=world.worker, case=case, first_on=TODAY, times=3, per="month", periods=1,
        worker=world.worker,
    )  # fmt: skip
    assert len(made) == 3
    assert all(c.due_on < services.add_months(TODAY, 1) for c in made)
    assert "3 contacten gepland" in case.events.first().text


@pytest.mark.parametrize(
    ("first_on", "times", "per", "periods", "field"),
    [
        (TODAY - timedelta(days=1), 1, "month", 1, "first_on"),  # in the past
        (None, 1, "month", 1, "first_on"),  # no date
        (TODAY, 0, "month", 1, "times"),  # nothing to plan
        (TODAY, 1, "month", 0, "periods"),  # for no time at all
        (TODAY, 1, "fortnight", 1, "per"),  # not in the list
        (TODAY, 5, "week", 5, "times"),  # 25: too many at once
    ],
)
def test_bad_check_in_schedule_stores_nothing(world, first_on, times, per, periods, field):
    case = open_case(world)
    before = Contact.objects.count()
    with pytest.raises(services.CaseInputError) as error:
        services.check_ins_schedule(
            actor=world.worker,
            case=case,
            first_on=first_on,
            times=times,
            per=per,
            periods=periods,
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


@pytest.mark.parametrize("reason", ["Verhuisd naar Utrecht", "Verhuisd naar Utrecht."])
def test_close_reason_is_one_sentence_in_the_diary(world, reason):
    """A reason that ends with a full stop does not get a second one ("Utrecht..")."""
    case = open_case(world)
    services.case_close(actor=world.worker, case=case, reason=reason, well_landed=False)
    texts = list(case.events.values_list("text", flat=True))
    assert "Afgesloten: Verhuisd naar Utrecht." in texts
    assert not any(".." in text for text in texts)


def test_close_well_landed_is_checked_by_the_service(world):
    """Ticking the boxes is not enough: a case without broad look, goal or contact is refused."""
    case = open_case(world)
    close = {
        "actor": world.worker,
        "case": case,
        "reason": "Gaat goed",
        "well_landed": True,
        "agreements_kept": True,
        "situation_stable": True,
    }
    with pytest.raises(services.CaseInputError) as error:
        services.case_close(**close)
    message = str(error.value)
    assert "brede blik is nog niet gedaan" in message
    assert "nog geen doel" in message
    assert "nog geen contact" in message
    case.refresh_from_db()
    assert case.status == "open" and not RelapseWatch.objects.exists()
    assert case.contacts.filter(status="planned").count() == 1  # nothing lapsed


def test_close_well_landed_needs_the_checks(world):
    case = open_case(world)
    make_ready_to_land(world, case)
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
    services.contact_plan(
        actor=world.worker, case=case, kind="visit", due_on=TODAY, worker=world.worker
    )
    close = {"actor": world.worker, "case": case, "reason": "Gaat goed", "well_landed": True}
    with pytest.raises(services.CaseInputError, match="lopen nog afspraken"):
        services.case_close(**close, agreements_kept=True, situation_stable=True)
    Agreement.objects.update(status="kept")
    with pytest.raises(services.CaseInputError, match="Nog instabiel: Wonen"):
        services.case_close(**close, agreements_kept=True, situation_stable=True)
    services.assessment_record(
        actor=world.worker, case=case, life_domain=domain("wonen"), state="stable"
    )
    with pytest.raises(services.CaseInputError, match="afspraken zijn nagekomen"):
        services.case_close(**close, situation_stable=True)
    with pytest.raises(services.CaseInputError, match="huishouden stabiel is"):
        services.case_close(**close, agreements_kept=True)
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
    assert case.pilot_light_until is None
    with pytest.raises(services.CaseInputError, match="afgesloten"):
        services.goal_add(actor=world.worker, case=case, text="nog iets")


def test_local_settings_switch_checks_off(world):
    case = open_case(world)
    with pytest.raises(PermissionDenied):
        services.case_settings_save(
            actor=world.worker,
            require_broad_look=False,
            require_goal=False,
            require_agreements_settled=False,
            require_contact=False,
        )
    assert not CaseSettings.objects.exists()
    services.case_settings_save(
        actor=world.lead,
        require_broad_look=False,
        require_goal=False,
        require_agreements_settled=True,
        require_contact=False,
    )
    services.case_close(
        actor=world.worker,
        case=case,
        reason="Gaat goed",
        well_landed=True,
        agreements_kept=True,
        situation_stable=True,
    )
    case.refresh_from_db()
    assert case.well_landed


def test_pilot_light_goes_on_after_closing_with_its_own_end(world):
    case = open_case(world)
    make_ready_to_land(world, case)
    made = services.check_ins_schedule(
        actor=world.worker, case=case, first_on=TODAY, times=1, per="month", periods=3,
        worker=world.worker,
    )  # fmt: skip
    services.contact_plan(
        actor=world.worker, case=case, kind="visit", due_on=TODAY, worker=world.worker
    )
    services.case_close(
        actor=world.worker,
        case=case,
        reason="Goed geland",
        well_landed=True,
        agreements_kept=True,
        situation_stable=True,
    )
    case.refresh_from_db()
    assert case.pilot_light_until == made[-1].due_on
    assert case.contacts.filter(kind="check_in", status="planned").count() == 3
    assert case.contacts.get(kind="visit", status="cancelled")  # the other visit lapsed
    # a check-in is still written down; anything else is refused
    services.contact_record(
        actor=world.worker, case=case, kind="check_in", done_on=TODAY, note="Gaat goed",
        still_stable=True, contact=made[0],
    )  # fmt: skip
    with pytest.raises(services.CaseInputError, match="Alleen de geplande waakvlamcontacten"):
        services.contact_record(
            actor=world.worker, case=case, kind="call", done_on=TODAY, note="Gebeld"
        )
    with pytest.raises(services.CaseInputError, match="afgesloten"):
        services.goal_add(actor=world.worker, case=case, text="nog iets")
    assert case.contacts.filter(status="done", kind="call").count() == 0


def test_reopen_with_reason(world):
    case = open_case(world)
    make_ready_to_land(world, case)
    services.case_close(
        actor=world.worker, case=case, reason="Goed geland", well_landed=True,
        agreements_kept=True, situation_stable=True,
    )  # fmt: skip
    with pytest.raises(services.CaseInputError) as error:
        services.case_reopen(actor=world.worker, case=case, reason="   ")
    assert error.value.field == "reason"
    with pytest.raises(services.CaseInputError):
        services.case_reopen(actor=world.worker, case=case, reason="x" * 301)
    case.refresh_from_db()
    assert case.status == "closed"
    services.case_reopen(actor=world.worker, case=case, reason="Nieuwe schuld bij de energie")
    case.refresh_from_db()
    assert case.status == "open" and case.closed_on is None and not case.well_landed
    event = case.events.first()
    assert "weer geopend: Nieuwe schuld" in event.text and "Goed geland" in event.text
    # the relapse watch ends: the household is in a case again
    assert RelapseWatch.objects.get(household=case.household).ends_on == TODAY
    with pytest.raises(services.CaseInputError, match="al open"):
        services.case_reopen(actor=world.worker, case=case, reason="nog eens")


def test_reopen_refused_when_the_household_has_another_open_case(world):
    case = open_case(world)
    services.case_close(actor=world.worker, case=case, reason="Verhuisd", well_landed=False)
    second = services.case_open(
        actor=world.worker, household=case.household, team=world.team, case_lead=world.worker
    )
    with pytest.raises(services.CaseInputError, match="andere open casus"):
        services.case_reopen(actor=world.worker, case=case, reason="terug")
    case.refresh_from_db()
    assert case.status == "closed" and second.status == "open"


def test_household_agreement_needs_no_name(world):
    case = open_case(world)
    agreement = services.agreement_add(
        actor=world.worker, case=case, what="Post openen", owner="household", owner_name="",
        due_on=TODAY,
    )  # fmt: skip
    assert agreement.owner_name == "Het huishouden"
    with pytest.raises(services.CaseInputError) as error:
        services.agreement_add(
            actor=world.worker, case=case, what="Bellen", owner="partner", owner_name="",
            due_on=TODAY,
        )  # fmt: skip
    assert error.value.field == "owner_name"
    assert Agreement.objects.count() == 1


def test_process_lead_from_another_team_sees_the_case(world):
    from stabiel.cases.queries import case_get, case_list

    case = open_case(world)
    outsider = world.other_team_worker
    with pytest.raises(Http404):
        case_get(actor=outsider, pk=case.pk)
    services.case_set_leads(
        actor=world.worker, case=case, case_lead=world.worker, process_lead=outsider
    )
    assert case_get(actor=outsider, pk=case.pk) == case
    assert list(case_list(actor=outsider, mine=True)) == [case]
    # another municipality's worker can never be process lead
    with pytest.raises(services.CaseInputError):
        services.case_set_leads(
            actor=world.worker,
            case=case,
            case_lead=world.worker,
            process_lead=world.other_municipality_worker,
        )


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
