"""The engine: one open alert per household per rule, exact evidence, versions kept, no re-raise."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stabiel.accounts.tests.factories import PartnerOrganisationFactory, TeamFactory
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert, AlertEvidence, Rule
from stabiel.rules.services import RuleInputError, alert_close, rule_version_create, rules_seed
from stabiel.rules.working_days import add_working_days
from stabiel.signals.models import Decision, Signal
from stabiel.signals.services import decision_record
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)  # a Friday


@pytest.fixture
def world(catalogue, municipality, admin_user):
    pop = population(municipality, households=3)
    team = TeamFactory(municipality=municipality)
    team.areas.add(pop.area)
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    return pop, team


def support(pop, index, n, *, start=date(2026, 1, 1), prefix="B"):
    for i in range(n):
        decision_record(
            municipality=pop.households[index].municipality,
            household=pop.households[index],
            person=pop.persons[index],
            law=["wmo", "participatiewet", "beschikkingsvrij", "jeugdwet"][i % 4],
            product=f"Product {prefix}{i}",
            need=f"need {prefix}{i}",
            start_on=start,
            end_on=None,
            reference=f"{prefix}-{index}-{i}",
        )


def run(municipality, **kwargs):
    return rules_run(municipality_id=municipality.pk, today=TODAY, **kwargs)


def test_three_kinds_of_support_raise_one_alert_with_exact_evidence_routed_to_the_team(
    world, municipality
):
    pop, team = world
    support(pop, 0, 3)
    support(pop, 1, 2)  # two is not enough
    result = run(municipality)
    alert = Alert.objects.get(rule__code="drie-beschikkingen")
    assert result.raised["drie-beschikkingen"] == 1
    assert alert.household == pop.households[0]
    assert alert.team == team
    assert alert.rule_version.number == 1
    evidence = set(
        AlertEvidence.objects.filter(alert=alert).values_list("decision__reference", flat=True)
    )
    assert evidence == {"B-0-0", "B-0-1", "B-0-2"}
    assert alert.due_on == add_working_days(TODAY, 10)


def test_running_twice_changes_nothing(world, municipality):
    pop, _ = world
    support(pop, 0, 3)
    run(municipality)
    before = (Alert.objects.count(), AlertEvidence.objects.count())
    result = run(municipality)
    assert result.total_raised == 0
    assert (Alert.objects.count(), AlertEvidence.objects.count()) == before


def test_new_evidence_joins_the_open_alert(world, municipality):
    pop, _ = world
    support(pop, 0, 3)
    run(municipality)
    support(pop, 0, 1, prefix="C")
    result = run(municipality, household_ids=[pop.households[0].pk])
    assert Alert.objects.filter(rule__code="drie-beschikkingen").count() == 1
    assert result.extended["drie-beschikkingen"] == 1
    assert AlertEvidence.objects.filter(alert__rule__code="drie-beschikkingen").count() == 4


def test_a_closed_alert_is_not_raised_again_by_the_same_evidence_but_by_new(
    world, municipality, admin_user
):
    pop, _ = world
    support(pop, 0, 3)
    run(municipality)
    alert = Alert.objects.get(rule__code="drie-beschikkingen")
    alert_close(actor=admin_user, alert=alert, reason="Huisbezoek gedaan, plan staat")
    run(municipality)
    assert Alert.objects.filter(rule__code="drie-beschikkingen", status="open").count() == 0
    support(pop, 0, 1, prefix="N")
    run(municipality)
    assert Alert.objects.filter(rule__code="drie-beschikkingen", status="open").count() == 1


def test_closing_needs_a_reason(world, municipality, admin_user):
    pop, _ = world
    support(pop, 0, 3)
    run(municipality)
    alert = Alert.objects.get(rule__code="drie-beschikkingen")
    with pytest.raises(RuleInputError, match="waarom"):
        alert_close(actor=admin_user, alert=alert, reason="  ")
    alert.refresh_from_db()
    assert alert.status == "open"


def test_incremental_run_only_touches_the_given_households(world, municipality):
    pop, _ = world
    support(pop, 0, 3)
    support(pop, 1, 3, prefix="D")
    run(municipality, household_ids=[pop.households[1].pk])
    assert set(Alert.objects.values_list("household_id", flat=True)) == {pop.households[1].pk}


def test_a_changed_rule_makes_a_new_version_and_old_alerts_keep_theirs(
    world, municipality, admin_user
):
    pop, _ = world
    support(pop, 0, 3)
    run(municipality)
    rule = Rule.objects.get(code="drie-beschikkingen")
    version = rule_version_create(
        actor=admin_user,
        rule=rule,
        params={"min_count": 2},
        action="home_visit",
        due_working_days=5,
        in_force_from=TODAY - timedelta(days=1),
        purpose="",
        legal_basis="",
        change_note="Eerder langsgaan",
    )
    assert version.number == 2
    support(pop, 1, 2, prefix="E")
    rules_run(municipality_id=municipality.pk, today=TODAY)
    first = Alert.objects.get(household=pop.households[0], rule=rule)
    second = Alert.objects.get(household=pop.households[1], rule=rule)
    assert first.rule_version.number == 1
    assert second.rule_version.number == 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"min_count": "veel"}, "heel getal"),
        ({"min_count": 1}, "van 2 tot en met 20"),
        ({"min_count": 99}, "van 2 tot en met 20"),
    ],
)
def test_bad_rule_settings_are_refused_and_nothing_changes(world, admin_user, params, message):
    rule = Rule.objects.get(code="drie-beschikkingen")
    with pytest.raises(RuleInputError, match=message):
        rule_version_create(
            actor=admin_user,
            rule=rule,
            params=params,
            action="home_visit",
            due_working_days=5,
            in_force_from=TODAY,
            purpose="",
            legal_basis="",
            change_note="x",
        )
    assert rule.versions.count() == 1


def test_signal_to_alert_through_the_event(world, municipality):
    """A new signal triggers the rules for its household after commit (no full run needed)."""
    from django.test import TestCase

    from stabiel.signals.services import signal_record

    pop, _ = world
    partner_housing = PartnerOrganisationFactory(municipality=municipality, name="Corporatie")
    partner_energy = PartnerOrganisationFactory(
        municipality=municipality, name="Energie", kind="energy"
    )
    pc, nr = pop.addresses[2]
    with TestCase.captureOnCommitCallbacks(execute=True):
        signal_record(
            municipality=municipality,
            partner=partner_housing,
            signal_type_code="huurachterstand",
            observed_on=timezone.localdate() - timedelta(days=5),
            reference="H-1",
            postcode=pc,
            house_number=nr,
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        signal_record(
            municipality=municipality,
            partner=partner_energy,
            signal_type_code="energieachterstand",
            observed_on=timezone.localdate() - timedelta(days=4),
            reference="E-1",
            postcode=pc,
            house_number=nr,
        )
    alert = Alert.objects.get(rule__code="meerdere-schuldeisers")
    assert alert.household == pop.households[2]
    assert set(alert.evidence.values_list("signal__reference", flat=True)) == {"H-1", "E-1"}


def test_health_characteristics_never_reach_a_household(catalogue):
    from stabiel.catalogue.models import SignalType

    assert not SignalType.objects.filter(red_flag_type__is_health_characteristic=True).exists()
    assert Decision.objects.count() == 0


# Incremental runs (one household, after each new signal or decision) must store exactly what a
# full run would: afterwards a full run finds nothing to raise and nothing to add.
SIGNAL_CODES = ("huurachterstand", "energieachterstand", "zorgpremieachterstand", "schoolverzuim")


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    events=st.lists(
        st.tuples(
            st.sampled_from(["signal", "decision"]),
            st.integers(min_value=0, max_value=2),  # household
            st.integers(min_value=0, max_value=3),  # signal type or need
            st.integers(min_value=0, max_value=200),  # days ago
        ),
        min_size=1,
        max_size=14,
    )
)
def test_incremental_runs_store_what_a_full_run_would(world, municipality, events):
    from stabiel.signals.services import signal_record

    pop, _team = world
    # Hypothesis runs every example in the same test database: start each from nothing.
    Alert.objects.filter(municipality=municipality).delete()  # AlertEvidence cascades
    Signal.objects.filter(municipality=municipality).delete()
    Decision.objects.filter(municipality=municipality).delete()
    partners = [PartnerOrganisationFactory(municipality=municipality) for _ in range(2)]
    for index, (what, household, code, days_ago) in enumerate(events):
        day = TODAY - timedelta(days=days_ago)
        if what == "signal":
            signal_record(
                municipality=municipality,
                partner=partners[index % 2],
                signal_type_code=SIGNAL_CODES[code],
                observed_on=day,
                reference=f"P-{len(events)}-{index}-{days_ago}",
                postcode=pop.addresses[household][0],
                house_number=pop.addresses[household][1],
                today=TODAY,
            )
        else:
            decision_record(
                municipality=municipality,
                household=pop.households[household],
                person=pop.persons[household],
                law="wmo",
                product=f"Product {code}",
                need=f"need {code}",
                start_on=day,
                end_on=day + timedelta(days=60),
                reference=f"D-{len(events)}-{index}-{days_ago}",
            )
        run(
            municipality,
            household_ids=[pop.households[household].pk],
            changed=frozenset({"signals" if what == "signal" else "decisions"}),
        )
    evidence_before = AlertEvidence.objects.filter(alert__municipality=municipality).count()
    full = run(municipality)
    assert full.total_raised == 0
    assert sum(full.extended.values()) == 0
    assert AlertEvidence.objects.filter(alert__municipality=municipality).count() == evidence_before
