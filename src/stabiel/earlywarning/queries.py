"""Reads for the early-warning screens, each starting from the actor's municipality."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from stabiel.accounts.policy import Permission, may
from stabiel.core.access import log_access
from stabiel.residents.access import households_visible_to
from stabiel.rules.whatif import suppress

from . import outreach
from .ddas import Outcome, PartnerType
from .feedback import partner_feedback
from .models import ContactAttempt, DebtSignal, Report


def reports_for(*, actor) -> QuerySet[Report]:
    """Reports a debt-help worker may work: households of their teams' areas, reports whose
    address is not (yet) a known household, and reports assigned to them."""
    if not may(actor, Permission.DEBT_SIGNALS_WORK):
        return Report.objects.none()
    visible = households_visible_to(actor).values("id")
    return Report.objects.filter(municipality=actor.municipality).filter(
        Q(household__in=visible) | Q(household__isnull=True) | Q(assigned_to=actor)
    )


def report_list(*, actor, month: date | None = None, state: str = "open") -> QuerySet[Report]:
    qs = reports_for(actor=actor).select_related("household", "assigned_to")
    if month is not None:
        qs = qs.filter(month=month)
    if state == "open":
        qs = qs.filter(outcome="")
    elif state == "closed":
        qs = qs.exclude(outcome="")
    elif state == "unsure":
        qs = qs.filter(signals__match=DebtSignal.Match.UNSURE).distinct()
    elif state == "mine":
        qs = qs.filter(assigned_to=actor)
    return qs.annotate(
        total_amount=Sum("signals__amount"),
        unsure=Exists(
            DebtSignal.objects.filter(report_id=OuterRef("key"), match=DebtSignal.Match.UNSURE)
        ),
        attempt_count=Count("attempts", distinct=True),
    ).order_by("-crisis", "-month", "pk")


def months_with_reports(*, actor) -> list[date]:
    return months_for(municipality=actor.municipality)


def months_for(*, municipality) -> list[date]:
    return list(
        Report.objects.filter(municipality=municipality)
        .values_list("month", flat=True)
        .distinct()
        .order_by("-month")[:24]
    )


def signal_report_id(*, actor, signal_id: int) -> int:
    """The report of a signal the actor may work on; 404 otherwise."""
    found = (
        DebtSignal.objects.filter(pk=signal_id, report__in=reports_for(actor=actor))
        .values_list("report__pk", flat=True)
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass
class ReportView:
    report: Report
    signals: list
    attempts: list
    next_step: object
    letter_route: list
    creditors: list


def report_get(*, actor, pk: int, purpose: str) -> ReportView:
    """One report with its signals (names and addresses): the opening is logged."""
    report = reports_for(actor=actor).select_related("household", "assigned_to").filter(pk=pk)
    report = report.first()
    if report is None:
        raise Http404
    log_access(
        actor=actor,
        household=report.household,
        action="view",
        shown=f"vroegsignalering melding {report.pk}: signalen met naam en adres",
        purpose=purpose,
    )
    signals = list(report.signals.select_related("partner").order_by("signalled_on", "pk"))
    attempts = list(report.attempts.select_related("by"))
    step = outreach.next_step(
        [outreach.Attempt(a.kind, a.reached, a.part_of_day) for a in attempts],
        closed=report.is_closed,
    )
    return ReportView(
        report=report,
        signals=signals,
        attempts=attempts,
        next_step=step,
        letter_route=letter_route(report),
        creditors=sorted({s.get_partner_type_display() for s in signals}),
    )


def letter_route(report: Report) -> list[tuple[str, str]]:
    """Members whose letters go to a supporter first (supporters app), for a letter attempt."""
    if report.household is None:
        return []
    try:
        from stabiel.supporters.queries import letter_route_for_household
    except ImportError:  # the supporters part is not installed (yet)
        return []
    return list(letter_route_for_household(report.household))


def feedback_for_partner(*, municipality, partner) -> list[dict]:
    """Per signal of one partner: only what the partner may hear (feedback.py)."""
    rows = []
    for signal in (
        DebtSignal.objects.filter(municipality=municipality, partner=partner)
        .select_related("report")
        .only(
            "external_id",
            "partner_type",
            "signalled_on",
            "status",
            "report__outcome",
            "report__picked_up_on",
        )
        .order_by("-signalled_on", "external_id")
    ):
        report = signal.report
        rows.append(
            {
                "external_id": signal.external_id,
                "partner_type": signal.partner_type,
                "signalled_on": signal.signalled_on,
                "feedback": partner_feedback(
                    signal_status=signal.status,
                    outcome=report.outcome if report else "",
                    picked_up=bool(report and report.picked_up_on),
                ),
            }
        )
    return rows


def partners_with_signals(*, municipality):
    from stabiel.accounts.models import PartnerOrganisation

    return PartnerOrganisation.objects.filter(
        municipality=municipality,
        pk__in=DebtSignal.objects.filter(municipality=municipality).values("partner_id"),
    ).order_by("name")


@dataclass
class Figures:
    month: date
    signals: object
    reports: object
    reached: object
    several_creditors: object
    by_partner: list
    by_outcome: list
    open_reports: object


def monthly_figures(*, municipality, month: date) -> Figures:
    """What a team lead needs per month; every count under the threshold is suppressed."""
    threshold = settings.SMALL_NUMBER_THRESHOLD
    signals = DebtSignal.objects.filter(municipality=municipality, month=month)
    reports = Report.objects.filter(municipality=municipality, month=month)
    reached = reports.filter(
        Exists(ContactAttempt.objects.filter(report=OuterRef("pk"), reached=True))
    ).count()
    by_partner = Counter(dict(signals.values_list("partner_type").annotate(n=Count("id"))))
    by_outcome = Counter(dict(reports.values_list("outcome").annotate(n=Count("id"))))
    return Figures(
        month=month,
        signals=suppress(signals.count(), threshold=threshold),
        reports=suppress(reports.count(), threshold=threshold),
        reached=suppress(reached, threshold=threshold),
        several_creditors=suppress(
            reports.filter(several_creditors=True).count(), threshold=threshold
        ),
        by_partner=[
            (label, suppress(by_partner.get(value, 0), threshold=threshold))
            for value, label in PartnerType.choices
        ],
        by_outcome=[
            (label, suppress(by_outcome.get(value, 0), threshold=threshold))
            for value, label in Outcome.choices
        ],
        open_reports=suppress(by_outcome.get("", 0), threshold=threshold),
    )
