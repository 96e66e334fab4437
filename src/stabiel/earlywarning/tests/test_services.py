"""Outreach, end results, doubtful matches, settings: checks first, a Dutch message, no change."""

from datetime import date

import pytest

from stabiel.core.models import AccessLogEntry
from stabiel.earlywarning import services
from stabiel.earlywarning.ddas import ContactKind, Outcome, PartOfDay, SignalStatus
from stabiel.earlywarning.models import ContactAttempt, DebtSignal, Report
from stabiel.earlywarning.services import EarlyWarningInputError
from stabiel.signals.models import Signal

from .conftest import HEADER, row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    upload(world, (HEADER + row("E1", surname="Berg")).encode(), partner=world.energy)
    return Report.objects.get()


def attempt(world, report, **kwargs):
    values = {
        "kind": ContactKind.PHONE,
        "reached": False,
        "on": date(2026, 11, 10),
        "part_of_day": PartOfDay.MORNING,
        **kwargs,
    }
    return services.attempt_record(actor=world.worker, report_id=report.pk, **values)


def test_attempts_pick_up_the_report_and_are_logged(world, report):
    attempt(world, report, kind=ContactKind.LETTER)
    attempt(world, report, reached=True, on=date(2026, 11, 12))
    report.refresh_from_db()
    assert report.picked_up_on == date(2026, 11, 10)
    assert report.assigned_to == world.worker
    assert report.attempts.count() == 2
    assert AccessLogEntry.objects.filter(household_label=world.households[0].label).exists()


def test_outcome_is_set_once(world, report):
    attempt(world, report, reached=True)
    services.outcome_set(actor=world.worker, report_id=report.pk, outcome=Outcome.ADVICE)
    with pytest.raises(EarlyWarningInputError, match="heeft al een eindresultaat"):
        services.outcome_set(actor=world.worker, report_id=report.pk, outcome=Outcome.PAID)
    report.refresh_from_db()
    assert report.outcome == Outcome.ADVICE


def test_closed_report_takes_no_more_attempts(world, report):
    services.outcome_set(
        actor=world.worker, report_id=report.pk, outcome=Outcome.OTHER_REASON, reason="detentie"
    )
    with pytest.raises(EarlyWarningInputError, match="al afgesloten"):
        attempt(world, report)
    assert not ContactAttempt.objects.exists()
    # a not-picked-up result is also the signal's status in the delivery
    assert DebtSignal.objects.get().status == SignalStatus.OTHER_REASON


@pytest.mark.parametrize(
    ("outcome", "reason", "message"),
    [
        # 'other reason' needs the reason, kept by the municipality
        (Outcome.OTHER_REASON, "", "Schrijf de reden op"),
        # a result after contact needs a contact
        (Outcome.PAID, "", "alleen als er contact is geweest"),
        # 'definitively no contact' needs attempts first
        (Outcome.NO_CONTACT, "", "alleen na contactpogingen"),
        # not in the model's list
        ("Opgelost", "", "uit de lijst"),
    ],
)
def test_outcome_needs_what_it_says(world, report, outcome, reason, message):
    with pytest.raises(EarlyWarningInputError, match=message):
        services.outcome_set(
            actor=world.worker, report_id=report.pk, outcome=outcome, reason=reason
        )
    report.refresh_from_db()
    assert report.outcome == ""


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"on": date(2026, 12, 1)}, "in de toekomst"),
        ({"on": date(2025, 1, 1)}, "ruim vóór het signaal"),
        ({"kind": "Duif"}, "soort contact"),
        ({"part_of_day": "Nacht"}, "dagdeel uit de lijst"),
        # a call happens at a part of the day: it is asked
        ({"part_of_day": ""}, "bij bellen of een huisbezoek"),
        ({"kind": ContactKind.VISIT, "part_of_day": ""}, "bij bellen of een huisbezoek"),
    ],
)
def test_bad_attempt_is_refused(world, report, values, message):
    with pytest.raises(EarlyWarningInputError, match=message):
        attempt(world, report, **values)
    assert not ContactAttempt.objects.exists()


@pytest.mark.parametrize("kind", [ContactKind.LETTER, ContactKind.CARD, ContactKind.MAIL])
def test_letter_needs_no_part_of_day(world, report, kind):
    made = attempt(world, report, kind=kind, part_of_day="")
    assert made.part_of_day == ""
    assert ContactAttempt.objects.count() == 1


def test_other_municipality_cannot_reach_the_report(world, report, make_user, other_municipality):
    from stabiel.accounts.roles import Role

    stranger = make_user(Role.ACCESS_WORKER, municipality=other_municipality)
    with pytest.raises(EarlyWarningInputError, match="bestaat niet"):
        services.attempt_record(
            actor=stranger,
            report_id=report.pk,
            kind=ContactKind.PHONE,
            reached=False,
            on=date(2026, 11, 10),
            part_of_day=PartOfDay.MORNING,
        )


def test_doubt_is_settled_by_a_person(world):
    upload(world, (HEADER + row("C", postcode="3703EF", number="5", surname="Bakker")).encode(),
           partner=world.energy)  # fmt: skip
    signal = DebtSignal.objects.get()
    assert signal.match == DebtSignal.Match.UNSURE
    assert not Signal.objects.exists()
    services.match_decide(actor=world.worker, signal_id=signal.pk, confirm=True)
    signal.refresh_from_db()
    assert signal.match == DebtSignal.Match.CONFIRMED
    assert Signal.objects.get().household_id == world.households[4].pk
    with pytest.raises(EarlyWarningInputError, match="al besloten"):
        services.match_decide(actor=world.worker, signal_id=signal.pk, confirm=False)


def test_rejected_doubt_leaves_the_household(world):
    upload(world, (HEADER + row("C", postcode="3703EF", number="5", surname="Bakker")).encode(),
           partner=world.energy)  # fmt: skip
    signal = DebtSignal.objects.get()
    services.match_decide(actor=world.worker, signal_id=signal.pk, confirm=False)
    signal.refresh_from_db()
    assert (signal.match, signal.household_id) == (DebtSignal.Match.UNMATCHED, None)
    assert signal.report.household_id is None
    assert not Signal.objects.exists()


def test_open_case_takes_the_report(world):
    from stabiel.cases.models import Case

    Case.objects.create(
        municipality=world.municipality,
        household=world.households[0],
        team=world.worker.teams.first(),
        case_lead=world.lead,
        opened_on=date(2026, 10, 1),
    )
    upload(world, (HEADER + row("E1", surname="Berg")).encode(), partner=world.energy)
    report = Report.objects.get()
    assert report.open_case_id is not None
    assert report.assigned_to == world.lead
