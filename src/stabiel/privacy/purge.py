"""The purge job: remove what is past its retention period, per municipality, in one transaction.

Order matters, and is the order of DEFAULTS: a record that another record still needs is kept.

- Nothing of a household with an open case is removed (its meeting items, alerts, signals,
  decisions and early-warning reports), and nothing of the open case itself.
- A closed case stays while a kept meeting item points at it; a closed alert stays while a kept
  case started from it or a kept triage led to a case. A case's triages go with the case.
- A signal or decision stays while it is evidence of a kept alert.
- Households and persons go last: when nobody lives there any more (the register of residents
  is what signals are matched against), nothing else is left of them, and the period since the
  last one left is over.
- Expired rows of the append-only logs leave through AppendOnlyQuerySet.expire_before only.

Every step deletes in chunks of primary keys (Django's collector checks protecting references
and follows cascades per chunk, so memory stays flat). The whole municipality is one transaction
under a PostgreSQL advisory lock, so two servers running the job at once take turns and the
second finds nothing left; SQLite has a single writer. A dry run does the same work and rolls
back, so its counts are exactly what a real run would remove.
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone, translation

from stabiel.accounts.models import Municipality
from stabiel.core.models import AccessLogEntry, ProcessingLogEntry

from . import queries
from .retention import DEFAULTS, RecordType

CHUNK = 1000
LOCK_NAMESPACE = 7302  # rules/engine.py uses 7301


@dataclass
class PurgeCount:
    record_type: str
    label: str
    period: str
    cutoff: date
    removed: int
    details: dict[str, int] = field(default_factory=dict)


# What a purge step adds to its count: the rows removed with the main ones, by kind.
Details = dict[str, int]


def _model(label: str) -> Any:
    """A model of another app, by label: privacy removes rows of many execution apps without
    importing them (Any: apps.get_model is typed as a bare Model, without its manager)."""
    return apps.get_model(label)


def _lock(municipality_id: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, municipality_id]
            )


def _end_of(day: date) -> datetime:
    """The first moment after `day` (local time): a moment is on or before `day` when below it."""
    return datetime.combine(
        day + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
    )


def _delete_in_chunks(
    qs: QuerySet[Model], *, before: Callable[[list[Any]], object] | None = None, key: str = "pk"
) -> int:
    """Delete the rows of `qs` a chunk of keys at a time; `before` clears what protects them."""
    total = 0
    while True:
        ids = list(qs.order_by().values_list(key, flat=True)[:CHUNK])
        if not ids:
            return total
        if before is not None:
            before(ids)
        qs.model._base_manager.filter(**{f"{key}__in": ids}).delete()
        total += len(ids)


class _Purge:
    def __init__(
        self, municipality_id: int, today: date, periods: dict[str, queries.Period]
    ) -> None:
        self.mid = municipality_id
        self.today = today
        self.periods = periods

    def cutoff(self, record_type: str) -> date:
        return self.periods[record_type].cutoff(self.today)

    def open_case_households(self) -> QuerySet[Model, dict[str, Any]]:
        households: QuerySet[Model, dict[str, Any]] = (
            _model("cases.Case")
            .objects.filter(municipality_id=self.mid, status="open")
            .values("household_id")
        )
        return households

    # --- one method per record type, in the order of DEFAULTS -------------------------------

    def meeting_items(self, cut: date) -> tuple[int, Details]:
        item = _model("meetings.MeetingItem")
        qs = item.objects.filter(
            municipality_id=self.mid, status="decided", decided_on__lte=cut
        ).filter(
            Q(followed_up_on__isnull=True) | Q(followed_up_on__lte=cut),
            Q(follow_up_on__isnull=True) | Q(follow_up_on__lte=cut),
        )
        qs = qs.exclude(household_id__in=self.open_case_households())
        return _delete_in_chunks(qs), {}

    def cases(self, cut: date) -> tuple[int, Details]:
        case, triage = _model("cases.Case"), _model("cases.Triage")
        item = _model("meetings.MeetingItem")
        qs = case.objects.filter(municipality_id=self.mid, status="closed", closed_on__lte=cut)
        qs = qs.exclude(Exists(item.objects.filter(case_id=OuterRef("pk"))))
        triages = 0

        def clear(ids: list[Any]) -> None:
            nonlocal triages
            found = triage.objects.filter(case_id__in=ids)
            triages += found.count()
            found.delete()

        removed = _delete_in_chunks(qs, before=clear)
        # The relapse watch after a well-landed close: past its end it only says a case existed.
        watches = _delete_in_chunks(
            _model("rules.RelapseWatch").objects.filter(municipality_id=self.mid, ends_on__lte=cut)
        )
        return removed, {"triages": triages, "terugvalperiodes": watches}

    def alerts(self, cut: date) -> tuple[int, Details]:
        alert, case, triage = _model("rules.Alert"), _model("cases.Case"), _model("cases.Triage")
        qs = alert.objects.filter(
            municipality_id=self.mid, status="closed", closed_at__lt=_end_of(cut)
        )
        qs = qs.exclude(household_id__in=self.open_case_households()).exclude(
            Q(Exists(case.objects.filter(origin_alert_id=OuterRef("pk"))))
            | Q(Exists(triage.objects.filter(alert_id=OuterRef("pk"), case__isnull=False)))
        )
        triages = 0

        def clear(ids: list[Any]) -> None:
            nonlocal triages
            found = triage.objects.filter(alert_id__in=ids)
            triages += found.count()
            found.delete()

        return _delete_in_chunks(qs, before=clear), {"triages": triages}

    def signals(self, cut: date) -> tuple[int, Details]:
        signal, evidence = _model("stabiel_signals.Signal"), _model("rules.AlertEvidence")
        qs = signal.objects.filter(municipality_id=self.mid, observed_on__lte=cut)
        qs = qs.exclude(household_id__in=self.open_case_households()).exclude(
            Exists(evidence.objects.filter(signal_id=OuterRef("pk")))
        )
        return _delete_in_chunks(qs), {}

    def decisions(self, cut: date) -> tuple[int, Details]:
        decision, evidence = _model("stabiel_signals.Decision"), _model("rules.AlertEvidence")
        qs = decision.objects.filter(
            municipality_id=self.mid, end_on__isnull=False, end_on__lte=cut
        )
        qs = qs.exclude(household_id__in=self.open_case_households()).exclude(
            Exists(evidence.objects.filter(decision_id=OuterRef("pk")))
        )
        return _delete_in_chunks(qs), {}

    def supporter_marks(self, cut: date) -> tuple[int, Details]:
        qs = _model("supporters.SupporterMark").objects.filter(municipality_id=self.mid)
        qs = qs.filter(
            Q(ended_on__isnull=False, ended_on__lte=cut) | Q(ended_on__isnull=True, end_on__lte=cut)
        )
        return _delete_in_chunks(qs), {}

    def _reports_delete(self, qs: QuerySet[Model]) -> tuple[int, int]:
        debt_signal = _model("earlywarning.DebtSignal")
        signals = 0

        def clear(ids: list[Any]) -> None:
            nonlocal signals
            keys = list(
                qs.model._default_manager.filter(pk__in=ids, key__isnull=False).values_list(
                    "key", flat=True
                )
            )
            found = debt_signal.objects.filter(report_id__in=keys)
            signals += found.count()
            found.delete()

        return _delete_in_chunks(qs, before=clear), signals

    def ew_closed(self, cut: date) -> tuple[int, Details]:
        report = _model("earlywarning.Report")
        qs = report.objects.filter(municipality_id=self.mid, outcome_at__lt=_end_of(cut))
        qs = qs.exclude(outcome="").exclude(household_id__in=self.open_case_households())
        removed, signals = self._reports_delete(qs)
        return removed, {"vroegsignalen": signals}

    def ew_no_contact(self, cut: date) -> tuple[int, Details]:
        report, attempt = _model("earlywarning.Report"), _model("earlywarning.ContactAttempt")
        debt_signal = _model("earlywarning.DebtSignal")
        qs = report.objects.filter(municipality_id=self.mid, outcome="", month__lte=cut)
        qs = qs.exclude(household_id__in=self.open_case_households()).exclude(
            Exists(attempt.objects.filter(report_id=OuterRef("pk"), reached=True))
        )
        removed, signals = self._reports_delete(qs)
        # Signals that never formed a report (no address found) go by their own month.
        loose = debt_signal.objects.filter(
            municipality_id=self.mid, report__isnull=True, month__lte=cut
        ).exclude(household_id__in=self.open_case_households())
        signals += _delete_in_chunks(loose)
        return removed, {"vroegsignalen": signals}

    def import_files(self, cut: date) -> tuple[int, Details]:
        batch = _model("stabiel_signals.ImportBatch")
        chunk = _model("stabiel_signals.ImportChunk")
        rejection = _model("stabiel_signals.ImportRejection")
        # The batch row stays (name, counts, hash: the same file twice still adds nothing);
        # the file itself and the rejected lines, which quote it, go.
        qs = batch.objects.filter(
            municipality_id=self.mid, finished_at__lt=_end_of(cut), status__in=FINISHED
        ).filter(
            Q(Exists(chunk.objects.filter(batch_id=OuterRef("pk"))))
            | Q(Exists(rejection.objects.filter(batch_id=OuterRef("pk"))))
        )
        removed = 0
        while ids := list(qs.order_by().values_list("pk", flat=True)[:CHUNK]):
            chunk.objects.filter(batch_id__in=ids).delete()
            rejection.objects.filter(batch_id__in=ids).delete()
            removed += len(ids)
        return removed, {}

    def households(self, cut: date) -> tuple[int, Details]:
        household = _model("residents.Household")
        person = _model("residents.Person")
        moment = _end_of(cut)
        # Imports stage rows that point at households and persons they just made.
        staged = [
            _model("stabiel_signals.ImportStagedSignal"),
            _model("stabiel_signals.ImportStagedDecision"),
            _model("earlywarning.StagedDebtSignal"),
        ]
        # The register of residents is what signals are matched against: a household or person
        # stays while someone lives there (or left after the cut-off day), whatever else is gone.
        still_there = _model("residents.Membership").objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gt=cut)
        )
        qs = household.objects.filter(municipality_id=self.mid, created_at__lt=moment)
        qs = qs.exclude(Exists(still_there.filter(household_id=OuterRef("pk"))))
        # _default_manager: each model's `objects` (no model here declares another one first).
        for model, column in queries.protecting_references(household):
            qs = qs.exclude(Exists(model._default_manager.filter(**{column: OuterRef("pk")})))
        qs = qs.exclude(Exists(household.objects.filter(merged_into_id=OuterRef("pk"))))
        for model in staged:
            qs = qs.exclude(Exists(model.objects.filter(household_id=OuterRef("pk"))))
        households = 0
        # A merged household goes first; the one it was merged into can follow in the next round.
        while removed := _delete_in_chunks(qs):
            households += removed
        # A person who left, with nothing about them left, goes with the old memberships.
        people = person.objects.filter(municipality_id=self.mid, created_at__lt=moment)
        people = people.exclude(Exists(still_there.filter(person_id=OuterRef("pk"))))
        for model, column in queries.protecting_references(person):
            people = people.exclude(
                Exists(model._default_manager.filter(**{column: OuterRef("pk")}))
            )
        for model in staged:
            people = people.exclude(Exists(model.objects.filter(person_id=OuterRef("pk"))))
        persons = _delete_in_chunks(people)
        return households, {"personen": persons}

    def access_log(self, cut: date) -> tuple[int, Details]:
        found = AccessLogEntry.objects.filter(municipality_id=self.mid)
        return found.expire_before("occurred_at", _end_of(cut)), {}

    def processing_log(self, cut: date) -> tuple[int, Details]:
        found = ProcessingLogEntry.objects.filter(municipality_id=self.mid)
        return found.expire_before("started_at", _end_of(cut)), {}


FINISHED = ("done", "rejected", "failed")


def privacy_purge(
    *,
    municipality: Municipality,
    today: date,
    dry_run: bool = False,
    record_types: Iterable[str] | None = None,
) -> list[PurgeCount]:
    """Remove what is past its period in one municipality; a dry run only counts."""
    periods = queries.retention_periods(municipality=municipality)
    wanted = set(record_types) if record_types is not None else set(DEFAULTS)
    purge = _Purge(municipality.pk, today, periods)
    counts: list[PurgeCount] = []
    trace_id = uuid.uuid4()
    with transaction.atomic():
        _lock(municipality.pk)
        timings = []
        for record_type in DEFAULTS:
            if record_type not in wanted:
                continue
            period = periods[record_type]
            cut = period.cutoff(today)
            started = timezone.now()
            removed, details = getattr(purge, str(record_type))(cut)
            timings.append((started, timezone.now()))
            with translation.override("nl"):
                counts.append(
                    PurgeCount(
                        record_type=str(record_type),
                        label=str(RecordType(record_type).label),
                        period=period.display,
                        cutoff=cut,
                        removed=removed,
                        details=details,
                    )
                )
        if dry_run:
            transaction.set_rollback(True)
            return counts
        for count, (started, ended) in zip(counts, timings, strict=True):
            ProcessingLogEntry.objects.create(
                municipality=municipality,
                trace_id=trace_id,
                operation="privacy-purge",
                processing_activity="bewaartermijnen-toepassen",
                data_subject=count.record_type,
                status=ProcessingLogEntry.Status.OK,
                started_at=started,
                ended_at=ended,
                details={
                    "removed": count.removed,
                    "period": count.period,
                    "removed_up_to": count.cutoff.isoformat(),
                    **count.details,
                },
            )
    return counts
