from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypedDict

from django.db.models import PROTECT, Count, ForeignObjectRel, Max, Min, Model, Q, QuerySet
from django.utils import timezone

from stabiel.accounts.models import Municipality, User
from stabiel.core.models import AccessLogEntry, ProcessingLogEntry

from .inspection import looked_at
from .models import Correction, InspectionRequest, RetentionPeriod
from .retention import DEFAULTS, LOCAL, RecordType, Unit, cutoff


def access_log(
    *,
    municipality: Municipality,
    household: str = "",
    username: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AccessLogEntry]:
    qs = AccessLogEntry.objects.filter(municipality=municipality).order_by("-occurred_at", "-id")
    if household:
        term = household.strip().upper()
        qs = qs.filter(Q(household_label=term) | Q(person_label=term))
    if username:
        qs = qs.filter(username__iexact=username.strip())
    zone = timezone.get_current_timezone()
    if since:
        qs = qs.filter(occurred_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        qs = qs.filter(
            occurred_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        )
    return qs


@dataclass(frozen=True)
class LookedSummary:
    """Who looked at one household or person, and why: one row per user, role, purpose and
    action, with the count and the first and last time (issue 13)."""

    user_name: str
    username: str
    role: str
    action: str
    purpose: str
    count: int
    first: datetime
    last: datetime


def who_looked(
    *, municipality: Municipality, label: str
) -> tuple[list[LookedSummary], QuerySet[AccessLogEntry]]:
    """The summary rows (refused attempts first, then most often) and the detail rows."""
    entries = AccessLogEntry.objects.filter(municipality=municipality).filter(
        looked_at(municipality=municipality, label=label)
    )
    grouped = (
        entries.values("user_id", "username", "role", "action", "purpose")
        .annotate(count=Count("id"), first=Min("occurred_at"), last=Max("occurred_at"))
        .order_by()
    )
    rows = list(grouped)
    names = {
        user.pk: user.get_full_name()
        for user in User.objects.filter(pk__in={row["user_id"] for row in rows})
    }
    summary = [
        LookedSummary(
            user_name=names.get(row["user_id"]) or row["username"],
            username=row["username"],
            role=row["role"],
            action=row["action"],
            purpose=row["purpose"],
            count=row["count"],
            first=row["first"],
            last=row["last"],
        )
        for row in rows
    ]
    summary.sort(key=lambda r: (r.action != AccessLogEntry.Action.REFUSED, -r.count, r.username))
    detail = entries.select_related("user").order_by("-occurred_at", "-id")
    return summary, detail


def processing_log(*, municipality: Municipality) -> QuerySet[ProcessingLogEntry]:
    return ProcessingLogEntry.objects.filter(municipality=municipality).order_by(
        "-started_at", "-id"
    )


@dataclass(frozen=True)
class Period:
    """The retention period in force for one record type: the stored choice or the default."""

    record_type: str
    label: str
    amount: int
    unit: str
    start: str
    source: str
    min_days: int
    stored: bool

    @property
    def display(self) -> str:
        return f"{self.amount} {Unit(self.unit).label}"

    def cutoff(self, today: date) -> date:
        return cutoff(today, self.amount, self.unit)


def retention_periods(*, municipality: Municipality) -> dict[str, Period]:
    """Every record type with its period, in purge order; defaults where nothing was saved."""
    stored = {
        row.record_type: row for row in RetentionPeriod.objects.filter(municipality=municipality)
    }
    periods = {}
    for record_type, default in DEFAULTS.items():
        row = stored.get(record_type)
        periods[str(record_type)] = Period(
            record_type=str(record_type),
            label=str(RecordType(record_type).label),
            amount=row.amount if row else default.amount,
            unit=row.unit if row else str(default.unit),
            start=str(default.start),
            source=row.source if row else str(default.source or LOCAL),
            min_days=default.min_days,
            stored=row is not None,
        )
    return periods


def protecting_references(model: type[Model]) -> list[tuple[type[Model], str]]:
    """(model, column) of every other table whose rows keep a `model` row from being deleted."""
    return [
        (rel.related_model, rel.field.attname)
        for rel in model._meta.get_fields(include_hidden=True)
        if isinstance(rel, ForeignObjectRel)
        and rel.auto_created
        and not rel.concrete
        and rel.on_delete is PROTECT
        and rel.related_model is not model
    ]


class WithdrawnRow(TypedDict):
    signal_id: int


def withdrawn_signal_ids(*, municipality_id: int) -> QuerySet[Correction, WithdrawnRow]:
    """Ids of signals the privacy officer marked as withdrawn (AVG art. 16): for the rules,
    which should stop counting them (not wired yet: rules/ belongs to the rule engine)."""
    return Correction.objects.filter(
        municipality_id=municipality_id, kind=Correction.Kind.WITHDRAWN
    ).values("signal_id")


def last_purge(*, municipality: Municipality) -> dict[str, ProcessingLogEntry]:
    """The processing-log entries of the latest purge run, by record type (empty: none yet)."""
    runs = ProcessingLogEntry.objects.filter(municipality=municipality, operation="privacy-purge")
    latest = runs.order_by("-started_at", "-id").first()
    if latest is None:
        return {}
    return {entry.data_subject: entry for entry in runs.filter(trace_id=latest.trace_id)}


@dataclass(frozen=True)
class RequestRow:
    """One inspection request in a list: the person by their pseudonymous label only (the
    name is shown on the request's own page, opened through the logged door)."""

    request: InspectionRequest
    overdue: bool
    days_left: int


def inspection_requests_open(*, municipality: Municipality, today: date) -> list[RequestRow]:
    """The open inspection requests, the oldest deadline (so the overdue ones) first."""
    rows = (
        InspectionRequest.objects.filter(
            municipality=municipality, status=InspectionRequest.Status.OPEN
        )
        .select_related("person")
        .order_by("deadline_on", "received_on", "id")
    )
    return [
        RequestRow(request=r, overdue=r.deadline_on < today, days_left=(r.deadline_on - today).days)
        for r in rows
    ]


def inspection_requests_handled(
    *, municipality: Municipality, limit: int = 20
) -> QuerySet[InspectionRequest]:
    """The most recently handled inspection requests."""
    return (
        InspectionRequest.objects.filter(
            municipality=municipality, status=InspectionRequest.Status.HANDLED
        )
        .select_related("person", "handled_by")
        .order_by("-handled_on", "-id")[:limit]
    )


def inspection_request_get(*, municipality: Municipality, pk: int) -> InspectionRequest | None:
    """One request of this municipality (None for another's: the view answers 404)."""
    return (
        InspectionRequest.objects.filter(municipality=municipality, pk=pk)
        .select_related("person", "registered_by", "handled_by")
        .first()
    )
