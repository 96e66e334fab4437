"""The window rules evaluated together (windows.py) and the fingerprints that let a full run
skip households whose evidence did not change. Both must give exactly what the rules one by
one would give."""

from datetime import date, timedelta

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stabiel.accounts.tests.factories import PartnerOrganisationFactory, TeamFactory
from stabiel.rules.engine import rules_run, versions_in_force
from stabiel.rules.kinds import KINDS
from stabiel.rules.models import Alert, AlertEvidence
from stabiel.rules.services import alert_close, rules_seed
from stabiel.rules.windows import changed_matches, is_window_rule, window_sql
from stabiel.signals.models import Signal
from stabiel.signals.services import signal_record
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)
CODES = ("huurachterstand", "energieachterstand", "zorgpremieachterstand", "schoolverzuim")
ALERTS = connection.ops.quote_name(Alert._meta.db_table)


@pytest.fixture
def world(catalogue, municipality, admin_user):
    pop = population(municipality, households=3)
    team = TeamFactory(municipality=municipality)
    team.areas.add(pop.area)
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    partners = [PartnerOrganisationFactory(municipality=municipality) for _ in range(2)]
    return pop, partners


def window_versions(municipality, today=TODAY):
    return [
        v
        for v in versions_in_force(municipality_id=municipality.pk, today=today)
        if is_window_rule(v)
    ]


def add_signal(municipality, pop, partners, *, household, code, days_ago, ref, today=TODAY):
    signal_record(
        municipality=municipality,
        partner=partners[ref % 2],
        signal_type_code=CODES[code],
        observed_on=today - timedelta(days=days_ago),
        reference=f"W-{ref}-{household}-{code}-{days_ago}",
        postcode=pop.addresses[household][0],
        house_number=pop.addresses[household][1],
        today=today,
    )


def one_by_one(municipality, versions, household_ids=None):
    found = set()
    for version in versions:
        kind = KINDS[version.kind]
        for item in kind.evidence(
            municipality_id=municipality.pk,
            p=kind.clean_params(version.params),
            today=TODAY,
            household_ids=household_ids,
        ):
            found.add((version.rule_id, item.household_id, item.signal_id))
    return found


def together(municipality, versions, household_ids=None):
    sql, params = window_sql(
        versions=versions, municipality_id=municipality.pk, today=TODAY, household_ids=household_ids
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    assert len(rows) == len(set(rows)), "a signal counted twice for one rule"
    return set(rows)


def clear(municipality):
    Alert.objects.filter(municipality=municipality).delete()  # evidence cascades
    Signal.objects.filter(municipality=municipality).delete()


EVENTS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=2),  # household
        st.integers(min_value=0, max_value=3),  # signal type
        st.integers(min_value=0, max_value=200),  # days ago
    ),
    min_size=1,
    max_size=16,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=EVENTS)
def test_all_window_rules_in_one_pass_find_what_each_rule_finds_alone(world, municipality, events):
    pop, partners = world
    clear(municipality)
    for ref, (household, code, days_ago) in enumerate(events):
        add_signal(
            municipality, pop, partners, household=household, code=code, days_ago=days_ago, ref=ref
        )
    versions = window_versions(municipality)
    assert len(versions) == 3
    assert together(municipality, versions) == one_by_one(municipality, versions)
    some = [pop.households[0].pk, pop.households[2].pk]
    assert together(municipality, versions, some) == one_by_one(municipality, versions, some)


def test_a_second_full_run_finds_no_household_whose_evidence_changed(world, municipality):
    pop, partners = world
    for ref, code in enumerate((0, 1, 3)):
        add_signal(municipality, pop, partners, household=0, code=code, days_ago=10, ref=ref)
    first = rules_run(municipality_id=municipality.pk, today=TODAY)
    assert first.total_raised >= 1
    stored = Alert.objects.filter(municipality=municipality)
    assert all(a.evidence_fingerprint for a in stored if is_window_rule(a.rule_version))
    versions = window_versions(municipality)
    args = dict(versions=versions, municipality_id=municipality.pk, today=TODAY)
    assert changed_matches(**args, alert_table=ALERTS) == []


def test_new_evidence_that_no_event_announced_still_reaches_the_open_alert(world, municipality):
    pop, partners = world
    for ref, code in enumerate((0, 3)):
        add_signal(municipality, pop, partners, household=1, code=code, days_ago=5, ref=ref)
    rules_run(municipality_id=municipality.pk, today=TODAY)
    alert = Alert.objects.get(municipality=municipality, rule__code="rode-vlaggen-langsgaan")
    before = set(alert.evidence.values_list("signal_id", flat=True))
    # Stored behind the engine's back (no event, no incremental run): only a full run sees it.
    signal = Signal.objects.filter(household=pop.households[1]).first()
    signal.pk, signal.reference, signal.observed_on = None, "late-arrival", TODAY - timedelta(1)
    signal.save()
    result = rules_run(municipality_id=municipality.pk, today=TODAY)
    assert result.extended["rode-vlaggen-langsgaan"] == 1
    after = set(alert.evidence.values_list("signal_id", flat=True))
    assert after == before | {signal.pk}
    alert.refresh_from_db()
    versions = window_versions(municipality)
    args = dict(versions=versions, municipality_id=municipality.pk, today=TODAY)
    assert changed_matches(**args, alert_table=ALERTS) == []


def test_closed_alert_with_the_same_evidence_is_skipped_and_not_raised_again(
    world, municipality, admin_user
):
    pop, partners = world
    for ref, code in enumerate((0, 3)):
        add_signal(municipality, pop, partners, household=2, code=code, days_ago=5, ref=ref)
    rules_run(municipality_id=municipality.pk, today=TODAY)
    alert = Alert.objects.get(municipality=municipality, rule__code="rode-vlaggen-langsgaan")
    alert_close(alert=alert, actor=admin_user, reason="Huisbezoek gedaan, het gaat goed.")
    versions = window_versions(municipality)
    args = dict(versions=versions, municipality_id=municipality.pk, today=TODAY)
    assert changed_matches(**args, alert_table=ALERTS) == []
    assert rules_run(municipality_id=municipality.pk, today=TODAY).total_raised == 0
    add_signal(municipality, pop, partners, household=2, code=1, days_ago=1, ref=9)
    Alert.objects.filter(pk=alert.pk).update(evidence_fingerprint="")  # no shortcut at all
    raised = rules_run(municipality_id=municipality.pk, today=TODAY)
    assert raised.raised["rode-vlaggen-langsgaan"] == 1


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.lists(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=2),
                st.integers(min_value=0, max_value=3),
                st.integers(min_value=0, max_value=120),
            ),
            max_size=4,
        ),
        min_size=1,
        max_size=5,
    ),
    step=st.integers(min_value=1, max_value=40),
)
def test_full_runs_day_after_day_skip_nothing_a_run_without_shortcuts_would_store(
    world, municipality, days, step
):
    """Signals arrive unannounced, days pass and evidence leaves its window; whatever the full
    runs skipped, a run without the shortcut finds nothing more to store."""
    pop, partners = world
    clear(municipality)
    ref = 0
    for number, arrivals in enumerate(days):
        today = TODAY + timedelta(days=number * step)
        for household, code, days_ago in arrivals:
            ref += 1
            signal = Signal(
                municipality=municipality,
                signal_type_id=_type_id(municipality, CODES[code]),
                household=pop.households[household],
                partner=partners[ref % 2],
                observed_on=today - timedelta(days=days_ago),
                received_on=today,
                reference=f"D-{ref}",
                content_hash=f"h{ref}",
            )
            signal.save()
        rules_run(municipality_id=municipality.pk, today=today)
    evidence = AlertEvidence.objects.filter(alert__municipality=municipality).count()
    # A run for named households never uses fingerprints: it looks at every signal again.
    everyone = [household.pk for household in pop.households]
    again = rules_run(municipality_id=municipality.pk, today=today, household_ids=everyone)
    assert again.total_raised == 0
    assert sum(again.extended.values()) == 0
    assert AlertEvidence.objects.filter(alert__municipality=municipality).count() == evidence


def _type_id(municipality, code):
    from stabiel.catalogue.models import SignalType

    return SignalType.objects.get(code=code).pk


def test_a_withdrawn_signal_counts_for_no_rule(world, municipality, make_user):
    """A resident's correction request withdraws a signal (privacy app): from then on neither
    the rules one by one nor the window rules together count it."""
    from stabiel.accounts.roles import Role
    from stabiel.privacy.services import signal_contest

    pop, partners = world
    for ref, code in enumerate((0, 3)):
        add_signal(municipality, pop, partners, household=0, code=code, days_ago=5, ref=ref)
    versions = window_versions(municipality)
    assert together(municipality, versions)  # two red flags: the red-flag rule matches
    signal = Signal.objects.get(household=pop.households[0], signal_type__code=CODES[3])
    signal.person = pop.persons[0]
    signal.save(update_fields=["person"])
    officer = make_user(Role.PRIVACY_OFFICER)
    signal_contest(
        actor=officer,
        person_id=pop.persons[0].pk,
        signal_id=signal.pk,
        kind="withdrawn",
        reason="De school heeft het signaal ingetrokken.",
    )
    signal.refresh_from_db()
    assert signal.withdrawn_on is not None
    assert together(municipality, versions) == one_by_one(municipality, versions) == set()
    assert rules_run(municipality_id=municipality.pk, today=TODAY).total_raised == 0
