"""The safety services: checks first, and what the database itself refuses."""

import random
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.cases import services as case_services
from stabiel.safety import queries, services
from stabiel.safety.models import (
    Consent,
    CoreDecision,
    Escalation,
    MeldcodeStep,
    SafetyPlan,
)
from stabiel.safety.services import SafetyInputError

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_meldcode_route_with_a_report_records_the_date(world, case):
    for kind in ("signals", "consult", "conversation", "weigh"):
        services.meldcode_step_record(
            actor=world.worker,
            case=case,
            kind=kind,
            happened_on=TODAY,
            consulted="Collega" if kind == "consult" else "",
        )
    step = services.meldcode_step_record(
        actor=world.worker,
        case=case,
        kind="decide",
        happened_on=TODAY,
        decision="report",
        reported_on=TODAY,
    )
    route = queries.meldcode_route(case)
    assert route["reported"] == step
    assert all(done for _v, _l, done in route["kinds"])
    assert not CoreDecision.objects.exists()  # reporting needs no second person


def test_deciding_not_to_report_waits_for_a_second_person(world, case, specialist):
    services.meldcode_step_record(
        actor=world.worker,
        case=case,
        kind="decide",
        happened_on=TODAY,
        decision="help",
        note="Hulp is al betrokken.",
    )
    decision = CoreDecision.objects.get()
    assert decision.kind == "not_report" and not decision.is_confirmed
    with pytest.raises(SafetyInputError, match="tweede persoon"):
        services.core_decision_confirm(actor=world.worker, decision=decision)
    services.core_decision_confirm(actor=specialist, decision=decision)
    decision.refresh_from_db()
    assert decision.confirmed_by == specialist


def test_the_database_refuses_a_self_confirmed_decision(world, case):
    decision = services.core_decision_propose(
        actor=world.worker, case=case, kind="other", reasoning="x"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CoreDecision.objects.filter(pk=decision.pk).update(
            confirmed_by=world.worker, confirmed_at=timezone.now()
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "bestaat-niet"}, "Kies een stap"),  # unknown step
        ({"kind": "consult"}, "wie u heeft geraadpleegd"),  # consult without who
        ({"kind": "decide"}, "Kies het besluit"),  # decide without decision
        ({"kind": "decide", "decision": "report"}, "Veilig Thuis"),  # report without its date
        (
            {"kind": "decide", "decision": "help"},
            "waarom u niet meldt",
        ),  # not reporting without why
        ({"kind": "signals", "happened_on": TODAY + timedelta(days=1)}, "toekomst"),  # future
    ],
)
def test_meldcode_bad_input_stores_nothing(world, case, kwargs, message):
    kwargs = {"happened_on": TODAY, **kwargs}
    with pytest.raises(SafetyInputError, match=message):
        services.meldcode_step_record(actor=world.worker, case=case, **kwargs)
    assert not MeldcodeStep.objects.exists()


def test_safety_notes_only_for_the_case_workers_and_the_specialist(world, case, specialist):
    assert queries.may_read_safety(actor=world.worker, case=case)
    assert queries.may_read_safety(actor=specialist, case=case)
    assert not queries.may_read_safety(actor=world.colleague, case=case)
    assert not queries.may_read_safety(actor=world.lead, case=case)
    assert not queries.may_read_safety(actor=world.other_team_worker, case=case)
    with pytest.raises(SafetyInputError, match="veiligheidsspecialist"):
        services.meldcode_step_record(
            actor=world.colleague, case=case, kind="signals", happened_on=TODAY
        )


def test_a_new_safety_plan_ends_the_running_one(world, case):
    first = services.safety_plan_make(
        actor=world.worker,
        case=case,
        agreements="a",
        when_wrong="b",
        made_with="c",
        review_on=TODAY + timedelta(days=7),
    )
    second = services.safety_plan_make(
        actor=world.worker,
        case=case,
        agreements="d",
        when_wrong="e",
        made_with="f",
        review_on=TODAY + timedelta(days=7),
    )
    first.refresh_from_db()
    assert first.status == "ended" and first.ended_on == TODAY
    assert queries.running_plan(case) == second
    with pytest.raises(SafetyInputError, match="na vandaag"):
        services.safety_plan_make(
            actor=world.worker,
            case=case,
            agreements="a",
            when_wrong="b",
            made_with="c",
            review_on=TODAY,
        )
    assert SafetyPlan.objects.count() == 2


def test_consult_goes_to_a_specialist_of_the_team_who_answers_it(
    world, case, specialist, make_user
):
    outsider = make_user(Role.SAFETY_SPECIALIST)
    with pytest.raises(SafetyInputError, match="veiligheidsspecialist van dit team"):
        services.consult_ask(actor=world.worker, case=case, adviser=outsider, question="?")
    consult = services.consult_ask(
        actor=world.worker, case=case, adviser=specialist, question="Niet pluis"
    )
    with pytest.raises(SafetyInputError, match="Alleen wie om advies"):
        services.consult_advise(actor=world.worker, consult=consult, advice="x")
    services.consult_advise(
        actor=specialist, consult=consult, advice="Praat eerst met moeder alleen."
    )
    consult.refresh_from_db()
    assert consult.advised_on == TODAY


def test_parties_worker_history_consent_and_progress(world, case):
    party = services.party_add(
        actor=world.worker,
        case=case,
        organisation="Jeugdhulp",
        role="Ambulant",
        since=TODAY - timedelta(days=30),
        care_worker="Sanne",
    )
    other = services.party_add(
        actor=world.worker, case=case, organisation="School", role="IB", since=TODAY
    )
    services.care_worker_change(
        actor=world.worker, case=case, party_id=party.pk, care_worker="Joost", from_on=TODAY
    )
    assert [w.care_worker for w in party.worker_changes.all()] == ["Sanne", "Joost"]
    with pytest.raises(SafetyInputError, match="geen geldige toestemming"):
        services.progress_summary_write(
            actor=world.worker, case=case, party_id=party.pk, text="Gaat goed"
        )
    consent = services.consent_record(
        actor=world.worker,
        case=case,
        party_id=party.pk,
        purpose="progress",
        given_by="Moeder",
        given_on=TODAY,
        ends_on=TODAY + timedelta(days=90),
    )
    summary = services.progress_summary_write(
        actor=world.worker, case=case, party_id=party.pk, text="Gaat goed"
    )
    assert summary.consent == consent
    # consent for one party says nothing about another
    with pytest.raises(SafetyInputError, match="geen geldige toestemming"):
        services.progress_summary_write(actor=world.worker, case=case, party_id=other.pk, text="x")
    services.consent_revoke(actor=world.worker, case=case, consent_id=consent.pk)
    with pytest.raises(SafetyInputError, match="geen geldige toestemming"):
        services.progress_summary_write(
            actor=world.worker, case=case, party_id=party.pk, text="Nog eens"
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_on": TODAY - timedelta(days=2)}, "einddatum ligt voor"),  # ends before given
        (
            {"given_on": TODAY - timedelta(days=10), "ends_on": TODAY - timedelta(days=1)},
            "al verlopen",
        ),  # expired
        ({"purpose": "alles"}, "Kies een waarde"),  # unknown purpose
        ({"given_by": "  "}, "wie de toestemming gaf"),  # nobody gave it
    ],
)
def test_consent_bad_input_stores_nothing(world, case, change, message):
    party = services.party_add(
        actor=world.worker, case=case, organisation="School", role="IB", since=TODAY
    )
    kwargs = {
        "purpose": "progress",
        "given_by": "Moeder",
        "given_on": TODAY,
        "ends_on": TODAY,
        **change,
    }
    with pytest.raises(SafetyInputError, match=message):
        services.consent_record(actor=world.worker, case=case, party_id=party.pk, **kwargs)
    assert not Consent.objects.exists()


def test_escalate_one_rung_at_a_time_and_settle(world, case, make_user):
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    with pytest.raises(SafetyInputError, match="nog geen escalatieladder"):
        services.case_escalate(actor=world.worker, case=case, reason="Vast")
    services.escalation_level_add(actor=admin, name="Teamleider", agreed_days=5)
    services.escalation_level_add(actor=admin, name="Management", agreed_days=10)
    with pytest.raises(SafetyInputError, match="functioneel beheerder"):
        services.escalation_level_add(actor=world.worker, name="Wethouder", agreed_days=10)
    first = services.case_escalate(actor=world.worker, case=case, reason="Aanbieder reageert niet")
    second = services.case_escalate(actor=world.worker, case=case, reason="Nog steeds niet")
    first.refresh_from_db()
    assert first.ended_on == TODAY and second.level.name == "Management"
    with pytest.raises(SafetyInputError, match="hoogste trede"):
        services.case_escalate(actor=world.worker, case=case, reason="x")
    services.case_deescalate(actor=world.worker, case=case, note="Plek gevonden")
    assert not Escalation.objects.filter(ended_on__isnull=True).exists()
    with pytest.raises(SafetyInputError, match="niet opgeschaald"):
        services.case_deescalate(actor=world.worker, case=case, note="x")


def _closed_cases(world, n):
    cases = []
    for household in world.pop.households[:n]:
        case_ = case_services.case_open(
            actor=world.worker, household=household, team=world.team, case_lead=world.worker
        )
        case_services.case_close(actor=world.worker, case=case_, reason="Klaar", well_landed=False)
        cases.append(case_)
    return cases


def test_review_sample_is_drawn_once_with_the_local_size(world, make_user):
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    _closed_cases(world, 3)
    services.settings_set(actor=admin, review_sample_size=2)
    with pytest.raises(SafetyInputError, match="teamleider"):
        services.review_sample_draw(actor=world.worker, year=TODAY.year)
    drawn = services.review_sample_draw(actor=world.lead, year=TODAY.year, rng=random.Random(1))  # noqa: S311 - a repeatable draw in a test
    assert len(drawn) == 2
    with pytest.raises(SafetyInputError, match="al getrokken"):
        services.review_sample_draw(actor=world.lead, year=TODAY.year)
    with pytest.raises(SafetyInputError, match="500"):
        services.settings_set(actor=admin, review_sample_size=0)
