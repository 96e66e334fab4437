import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from stabiel.accounts.roles import Role
from stabiel.cases.models import Case, CaseEvent, Contact, Goal, Triage
from stabiel.core.models import AccessLogEntry, ProcessingLogEntry
from stabiel.earlywarning.models import ContactAttempt, DebtSignal, Report
from stabiel.meetings.models import MeetingItem
from stabiel.privacy.models import RetentionPeriod
from stabiel.privacy.purge import privacy_purge
from stabiel.privacy.retention import DEFAULTS, RecordType, cutoff
from stabiel.residents.models import Household, HouseholdAddress, Membership, Person, PersonIdentity
from stabiel.rules.models import Alert, AlertEvidence
from stabiel.signals.models import Decision, ImportBatch, ImportChunk, ImportRejection, Signal
from stabiel.signals.tests.factories import population
from stabiel.supporters.models import SupporterMark

from .builders import Builder, moment

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def boundary(record_type: str) -> date:
    """The last start date that is removed today; the day after it is kept."""
    default = DEFAULTS[record_type]
    return cutoff(TODAY, default.amount, default.unit)


@pytest.fixture
def build(catalogue, municipality, make_user):
    pop = population(municipality, households=2)
    # Recorded long ago: only the rules under test keep them.
    Household.objects.filter(municipality=municipality).update(created_at=moment(date(2015, 1, 1)))
    Person.objects.filter(municipality=municipality).update(created_at=moment(date(2015, 1, 1)))
    return Builder(municipality, pop.households[0], pop.persons[0], make_user(Role.ACCESS_WORKER))


def _exists(row) -> bool:
    return type(row)._base_manager.filter(pk=row.pk).exists()


# record type -> (make a row starting on the given day, the rows that must be gone with it)
MAKERS = {
    RecordType.MEETING_ITEMS: lambda b, d: b.meeting_item(d),
    RecordType.CASES: lambda b, d: b.case(d),
    RecordType.ALERTS: lambda b, d: b.alert(d),
    RecordType.SIGNALS: lambda b, d: b.signal(d),
    RecordType.DECISIONS: lambda b, d: b.decision(d),
    RecordType.SUPPORTER_MARKS: lambda b, d: b.supporter_mark(d),
    RecordType.EW_CLOSED: lambda b, d: b.report(month=date(2015, 1, 1), outcome_on=d),
    RecordType.EW_NO_CONTACT: lambda b, d: b.report(month=d, reached=False),
    RecordType.IMPORT_FILES: lambda b, d: b.batch(d),
    RecordType.ACCESS_LOG: lambda b, d: b.access(d),
    RecordType.PROCESSING_LOG: lambda b, d: b.processing(d),
}


@pytest.mark.parametrize("record_type", list(MAKERS), ids=str)
def test_each_record_type_goes_on_the_boundary_day_and_not_a_day_before(
    build, municipality, record_type
):
    day = boundary(record_type)
    due, kept = MAKERS[record_type](build, day), MAKERS[record_type](build, day + timedelta(1))

    counts = privacy_purge(municipality=municipality, today=TODAY, record_types=[record_type])

    if record_type == RecordType.IMPORT_FILES:
        assert not ImportChunk.objects.filter(batch=due).exists()
        assert not ImportRejection.objects.filter(batch=due).exists()
        assert ImportBatch.objects.filter(pk=due.pk).exists()  # name, counts and hash stay
        assert ImportChunk.objects.filter(batch=kept).exists()
    else:
        assert not _exists(due)
        assert _exists(kept)
    assert [c.removed for c in counts] == [1]


def test_a_case_goes_with_its_diary_contacts_goals_and_triages(build, municipality):
    case = build.case(date(2015, 1, 1))
    alert = build.alert(None)
    Alert.objects.filter(pk=alert.pk).update(
        status="closed", closed_at=case.created_at, close_reason="x"
    )
    build.triage(alert, case)
    privacy_purge(municipality=municipality, today=TODAY, record_types=[RecordType.CASES])
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Goal.objects.filter(case_id=case.pk).exists()
    assert not Contact.objects.filter(case_id=case.pk).exists()
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()
    assert not Triage.objects.filter(case_id=case.pk).exists()


def test_nothing_of_an_open_case_goes(build, municipality):
    old = date(2015, 1, 1)
    signal = build.signal(old)
    decision = build.decision(old)
    alert = build.alert(old)
    item = build.meeting_item(old)
    report = build.report(month=old, outcome_on=old)
    open_case = build.case(None, origin_alert=alert)
    privacy_purge(municipality=municipality, today=TODAY)
    for row in (signal, decision, alert, item, report, open_case, build.household):
        assert _exists(row), row
    assert Goal.objects.filter(case=open_case).exists()


def test_evidence_of_a_kept_alert_stays_and_goes_with_it(build, municipality):
    old = date(2015, 1, 1)
    signal, decision = build.signal(old), build.decision(old)
    alert = build.alert(TODAY - timedelta(days=10), evidence=[signal, decision])
    privacy_purge(municipality=municipality, today=TODAY)
    assert _exists(signal) and _exists(decision) and _exists(alert)

    # Two years later the alert is past its period: alert, evidence, signal and decision go.
    later = TODAY + timedelta(days=800)
    privacy_purge(municipality=municipality, today=later)
    assert not _exists(alert) and not _exists(signal) and not _exists(decision)
    assert not AlertEvidence.objects.exists()


def test_alert_behind_a_kept_closed_case_stays_until_the_case_goes(build, municipality):
    alert = build.alert(date(2015, 1, 1))
    case = build.case(TODAY - timedelta(days=30), origin_alert=alert)
    privacy_purge(municipality=municipality, today=TODAY)
    assert _exists(alert) and _exists(case)
    privacy_purge(municipality=municipality, today=TODAY + timedelta(days=3 * 366))
    assert not _exists(case) and not _exists(alert)


def test_a_case_stays_while_a_kept_meeting_item_names_it(build, municipality):
    case = build.case(date(2015, 1, 1))
    item = build.meeting_item(TODAY - timedelta(days=30), case=case)
    privacy_purge(municipality=municipality, today=TODAY)
    assert _exists(case) and _exists(item)


def test_early_warning_report_goes_with_its_debt_signals_and_attempts(build, municipality):
    report = build.report(month=date(2015, 1, 1), outcome_on=date(2015, 3, 1), reached=True)
    privacy_purge(municipality=municipality, today=TODAY)
    assert not Report.objects.filter(pk=report.pk).exists()
    assert not DebtSignal.objects.filter(report_id=report.key).exists()
    assert not ContactAttempt.objects.exists()


def test_report_with_contact_but_no_outcome_stays(build, municipality):
    report = build.report(month=date(2015, 1, 1), reached=True)
    privacy_purge(municipality=municipality, today=TODAY)
    assert _exists(report)


def test_departed_residents_and_empty_households_go_last_with_identities(build, municipality):
    household, person = build.household, build.person
    signal = build.signal(date(2015, 1, 1), person=person)
    left_on = date(2026, 1, 31)
    Membership.objects.filter(household=household).update(end_on=left_on)
    recorded = moment(date(2015, 1, 1))
    Household.objects.filter(pk=household.pk).update(created_at=recorded)
    Person.objects.filter(pk=person.pk).update(created_at=recorded)

    # Within 90 days after the last resident left, household and person stay.
    privacy_purge(municipality=municipality, today=left_on + timedelta(days=89))
    assert not _exists(signal)  # the old signal itself was past its period
    assert _exists(household) and _exists(person)

    privacy_purge(municipality=municipality, today=left_on + timedelta(days=90))
    assert not _exists(household) and not _exists(person)
    assert not PersonIdentity.objects.filter(person_id=person.pk).exists()
    assert not HouseholdAddress.objects.filter(household_id=household.pk).exists()


def test_residents_who_still_live_here_stay_even_with_nothing_else(build, municipality):
    privacy_purge(municipality=municipality, today=TODAY + timedelta(days=4000))
    assert Household.objects.filter(municipality=municipality).count() == 2
    assert Person.objects.filter(municipality=municipality).count() == 2


def test_a_departed_person_with_data_left_stays(build, municipality):
    build.supporter_mark(TODAY)
    Membership.objects.filter(person=build.person).update(end_on=date(2026, 1, 31))
    privacy_purge(municipality=municipality, today=TODAY + timedelta(days=100))
    assert _exists(build.person) and _exists(build.household)


def test_a_household_with_data_stays(build, municipality):
    build.signal(TODAY)
    Membership.objects.filter(household=build.household).update(end_on=date(2026, 1, 31))
    privacy_purge(municipality=municipality, today=TODAY + timedelta(days=400))
    assert _exists(build.household)


def _world(build):
    old = date(2015, 1, 1)
    build.signal(old)
    build.decision(old)
    build.alert(old)
    build.case(old)
    build.meeting_item(old)
    build.supporter_mark(old)
    build.report(month=old, outcome_on=old)
    build.report(month=old)
    build.batch(old)
    build.access(old)
    build.processing(old)


def _snapshot():
    models = [
        Signal,
        Decision,
        Alert,
        Case,
        MeetingItem,
        SupporterMark,
        Report,
        DebtSignal,
        ImportChunk,
        AccessLogEntry,
        ProcessingLogEntry,
        Household,
        Person,
    ]
    return {m.__name__: m._base_manager.count() for m in models}


def test_dry_run_counts_and_changes_nothing(build, municipality):
    _world(build)
    before = _snapshot()
    counts = privacy_purge(municipality=municipality, today=TODAY, dry_run=True)
    assert _snapshot() == before
    removed = {c.record_type: c.removed for c in counts}
    assert removed[RecordType.SIGNALS] == 1
    assert removed[RecordType.EW_NO_CONTACT] == 1
    assert removed[RecordType.ACCESS_LOG] == 1
    assert not ProcessingLogEntry.objects.filter(operation="privacy-purge").exists()


def test_second_run_removes_nothing_more_and_each_run_is_logged(build, municipality):
    _world(build)
    first = privacy_purge(municipality=municipality, today=TODAY)
    assert sum(c.removed for c in first) >= 11
    after_first = _snapshot()
    second = privacy_purge(municipality=municipality, today=TODAY)
    assert all(c.removed == 0 for c in second), [(c.record_type, c.removed) for c in second]
    after_second = _snapshot()
    after_second["ProcessingLogEntry"] -= len(DEFAULTS)  # the second run's own entries
    assert after_second == after_first
    logged = ProcessingLogEntry.objects.filter(operation="privacy-purge")
    assert logged.count() == 2 * len(DEFAULTS)
    entry = logged.get(data_subject=RecordType.SIGNALS, details__removed=1)
    assert entry.details["period"] == "24 maanden"


def test_other_municipality_is_untouched(build, municipality, other_municipality, make_user):
    _world(build)
    privacy_purge(municipality=other_municipality, today=TODAY)
    assert Signal.objects.filter(municipality=municipality).count() == 1


def test_a_saved_period_is_used(build, municipality):
    signal = build.signal(TODAY - timedelta(days=40))
    RetentionPeriod.objects.create(
        municipality=municipality, record_type=RecordType.SIGNALS, amount=30, unit="days"
    )
    privacy_purge(municipality=municipality, today=TODAY, record_types=[RecordType.SIGNALS])
    assert not _exists(signal)


def test_the_log_tables_refuse_bulk_changes():
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        ProcessingLogEntry.objects.all().update(operation="x")


def test_command_dry_run_prints_counts_per_record_type(build, municipality):
    _world(build)
    out = io.StringIO()
    call_command("privacy_purge", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "zou weghalen" in text
    assert "Toegangslog: 1" in text
    assert Signal.objects.count() == 1


def test_command_runs_and_refuses_an_unknown_municipality(build, municipality):
    from django.core.management.base import CommandError

    _world(build)
    call_command("privacy_purge", "--gemeente", municipality.cbs_code, stdout=io.StringIO())
    assert not Signal.objects.exists()
    with pytest.raises(CommandError, match="Onbekende gemeente"):
        call_command("privacy_purge", "--gemeente", "GM9999", stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory lock is PostgreSQL only")
def test_purge_takes_the_advisory_lock(build, municipality):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        privacy_purge(municipality=municipality, today=TODAY, record_types=[RecordType.SIGNALS])
    assert any("pg_advisory_xact_lock" in q["sql"] for q in queries.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections need PostgreSQL")
def test_two_servers_at_once_remove_everything_once(transactional_db, build, municipality):
    import threading

    from django.db import connections

    _world(build)
    results, errors = [], []

    def run():
        try:
            results.append(privacy_purge(municipality=municipality, today=TODAY))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    totals = sorted(sum(c.removed for c in counts) for counts in results)
    assert totals[0] == 0 and totals[1] >= 11
    assert not Signal.objects.exists()
