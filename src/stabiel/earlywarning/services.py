"""Every write of the early-warning part: outreach, end results, matching doubts, settings,
and the DDAS delivery. Checks first (with a Dutch message), then writes, in one transaction."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from stabiel.accounts.policy import Permission, may
from stabiel.core.access import log_access
from stabiel.residents.access import PURPOSES
from stabiel.signals import events

from . import matching
from .ddas import ContactKind, Outcome, PartOfDay, SignalStatus
from .models import ContactAttempt, DebtSignal, Delivery, EarlyWarningSettings, Report

# Contact that happens at a moment of the day: the part of the day is asked only for these.
TIMED_KINDS = frozenset({ContactKind.PHONE, ContactKind.VISIT})


class EarlyWarningInputError(ValueError):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# Outcomes that say the worker spoke with the resident.
AFTER_CONTACT = frozenset(
    {
        Outcome.NO_REPLY,
        Outcome.NO_HELP_NEEDED,
        Outcome.PAID,
        Outcome.ADVICE,
        Outcome.FOLLOW_UP_FINANCIAL,
        Outcome.FOLLOW_UP_OTHER,
    }
)
SIGNAL_STATUSES = frozenset(SignalStatus.values)


def _require(actor, permission: Permission) -> None:
    if not may(actor, permission):
        raise PermissionError(permission)


def _locked_report(*, actor, report_id: int) -> Report:
    from .queries import reports_for

    report = reports_for(actor=actor).select_for_update(of=("self",)).filter(pk=report_id).first()
    if report is None:
        raise EarlyWarningInputError("Deze melding bestaat niet (meer).")
    return report


@transaction.atomic
def attempt_record(
    *,
    actor,
    report_id: int,
    kind: str,
    reached: bool,
    on: date,
    part_of_day: str,
    note: str = "",
) -> ContactAttempt:
    _require(actor, Permission.DEBT_SIGNALS_WORK)
    report = _locked_report(actor=actor, report_id=report_id)
    if report.is_closed:
        raise EarlyWarningInputError(
            "Deze melding is al afgesloten. Er is geen contactpoging opgeslagen."
        )
    if kind not in ContactKind.values:
        raise EarlyWarningInputError("Kies een soort contact uit de lijst.", field="kind")
    part_of_day = part_of_day or ""
    if kind in TIMED_KINDS and not part_of_day:
        raise EarlyWarningInputError(
            "Kies een dagdeel: bij bellen of een huisbezoek is dat nodig.", field="part_of_day"
        )
    if part_of_day and part_of_day not in PartOfDay.values:
        raise EarlyWarningInputError("Kies een dagdeel uit de lijst.", field="part_of_day")
    if on > timezone.localdate():
        raise EarlyWarningInputError("Deze datum ligt in de toekomst.", field="on")
    if on < report.period_start - timedelta(days=31):
        raise EarlyWarningInputError(
            "Deze datum ligt ruim vóór het signaal. Controleer de datum.", field="on"
        )
    attempt = ContactAttempt.objects.create(
        municipality=report.municipality,
        report=report,
        kind=kind,
        reached=reached,
        on=on,
        part_of_day=part_of_day,
        note=note.strip()[:300],
        by=actor,
    )
    if report.picked_up_on is None or report.picked_up_on > on:
        report.picked_up_on = on
    if report.assigned_to_id is None:
        report.assigned_to = actor
    report.save(update_fields=["picked_up_on", "assigned_to", "updated_at"])
    _log(actor, report, "change", "contactpoging vastgelegd")
    return attempt


@transaction.atomic
def outcome_set(*, actor, report_id: int, outcome: str, reason: str = "") -> Report:
    """The end result, once. A second time is refused: a result is part of the delivery."""
    _require(actor, Permission.DEBT_SIGNALS_WORK)
    report = _locked_report(actor=actor, report_id=report_id)
    if report.is_closed:
        raise EarlyWarningInputError(
            f"Deze melding heeft al een eindresultaat ({report.get_outcome_display()}). "
            "Er is niets gewijzigd.",
            field="outcome",
        )
    if outcome not in Outcome.values:
        raise EarlyWarningInputError("Kies een eindresultaat uit de lijst.", field="outcome")
    reason = reason.strip()
    if outcome == Outcome.OTHER_REASON and not reason:
        raise EarlyWarningInputError(
            "Schrijf de reden op. Alleen de gemeente ziet die; de schuldeiser niet.",
            field="reason",
        )
    attempts = list(report.attempts.values_list("reached", flat=True))
    if outcome in AFTER_CONTACT and not any(attempts):
        raise EarlyWarningInputError(
            "Dit eindresultaat past alleen als er contact is geweest. Leg eerst de contactpoging "
            "vast waarbij u de inwoner sprak.",
            field="outcome",
        )
    if outcome == Outcome.NO_CONTACT and (not attempts or any(attempts)):
        raise EarlyWarningInputError(
            "'Definitief geen contact' past alleen na contactpogingen zonder contact.",
            field="outcome",
        )
    report.outcome = outcome
    report.outcome_reason = reason[:300] if outcome == Outcome.OTHER_REASON else ""
    report.outcome_at = timezone.now()
    report.outcome_by = actor
    if report.assigned_to_id is None:
        report.assigned_to = actor
    report.save()
    if outcome in SIGNAL_STATUSES:
        report.signals.filter(status=SignalStatus.NOT_YET).update(status=outcome)
    _log(actor, report, "change", "eindresultaat vastgelegd")
    return report


@transaction.atomic
def match_decide(*, actor, signal_id: int, confirm: bool) -> DebtSignal:
    """A person settles a doubtful match: the same household, or not."""
    _require(actor, Permission.DEBT_SIGNALS_WORK)
    from .queries import reports_for

    signal = (
        DebtSignal.objects.select_for_update()
        .filter(pk=signal_id, report__in=reports_for(actor=actor))
        .first()
    )
    if signal is None:
        raise EarlyWarningInputError("Dit signaal bestaat niet (meer).")
    if signal.match != DebtSignal.Match.UNSURE:
        raise EarlyWarningInputError("Over dit signaal is al besloten. Er is niets gewijzigd.")
    if confirm and signal.household_id is None:
        raise EarlyWarningInputError("Er is geen huishouden om te bevestigen.")
    signal.match = DebtSignal.Match.CONFIRMED if confirm else DebtSignal.Match.UNMATCHED
    signal.match_note = ""
    if not confirm:
        signal.household = None
        signal.person = None
    signal.save(update_fields=["match", "match_note", "household", "person", "updated_at"])
    report = signal.report
    if not confirm and report is not None and report.household_id is not None:
        still = report.signals.filter(household_id=report.household_id).exists()
        if not still:
            report.household = None
            report.save(update_fields=["household", "updated_at"])
    if confirm:
        created = matching.stacking_signal_for(signal, today=timezone.localdate())
        if created is not None:
            household_ids = [signal.household_id]
            transaction.on_commit(
                lambda: events.households_touched.send(
                    sender=DebtSignal,
                    municipality_id=signal.municipality_id,
                    household_ids=household_ids,
                    changed="signals",
                )
            )
    if report is not None:
        _log(actor, report, "change", "koppeling aan huishouden beoordeeld")
    return signal


@transaction.atomic
def settings_save(*, actor, values: dict) -> EarlyWarningSettings:
    _require(actor, Permission.MUNICIPAL_SETTINGS)
    found, _ = EarlyWarningSettings.objects.select_for_update().get_or_create(
        municipality=actor.municipality
    )
    for name, value in values.items():
        setattr(found, name, value)
    found.full_clean()
    found.save()
    return found


@transaction.atomic
def delivery_request(*, actor, period_start: date, period_end: date) -> Delivery:
    _require(actor, Permission.DEBT_DELIVERY)
    if period_end < period_start:
        raise EarlyWarningInputError("De einddatum ligt vóór de begindatum.", field="period_end")
    if period_end > timezone.localdate():
        raise EarlyWarningInputError("De einddatum ligt in de toekomst.", field="period_end")
    if (period_end - period_start).days > 366:
        raise EarlyWarningInputError(
            "Een levering gaat over hoogstens een jaar.", field="period_start"
        )
    delivery = Delivery.objects.create(
        municipality=actor.municipality,
        period_start=period_start,
        period_end=period_end,
        requested_by=actor,
    )
    from .tasks import delivery_build_task

    transaction.on_commit(lambda: delivery_build_task.enqueue(delivery.pk))
    return delivery


def delivery_build(delivery_id: int) -> Delivery:
    """The background task's body: safe to run twice (a finished delivery is left alone)."""
    import json

    from .delivery import ddas_document

    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery_id, status=Delivery.Status.QUEUED)
            .select_related("municipality")
            .first()
        )
        if delivery is None:
            return Delivery.objects.get(pk=delivery_id)
        document, signals, reports = ddas_document(
            municipality=delivery.municipality,
            start=delivery.period_start,
            end=delivery.period_end,
            config=matching.settings_for(delivery.municipality_id),
            now=timezone.now(),
        )
        delivery.content = json.dumps(document, ensure_ascii=False, indent=1)
        delivery.signal_count, delivery.report_count = signals, reports
        delivery.status = Delivery.Status.DONE
        delivery.finished_at = timezone.now()
        delivery.save()
    return delivery


def _log(actor, report: Report, action: str, shown: str) -> None:
    log_access(
        actor=actor,
        household=report.household,
        action=action,
        shown=f"vroegsignalering melding {report.pk}: {shown}",
        purpose=str(PURPOSES["earlywarning"]),
    )
