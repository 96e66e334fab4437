"""Processing one uploaded file: read, check, stage, then all-or-nothing into the real table."""

import time
import uuid
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone, translation

from stabiel.catalogue.queries import signal_types_for, signal_types_switched_off
from stabiel.core.models import ProcessingLogEntry
from stabiel.residents.models import Household, Membership, Person
from stabiel.signals import events
from stabiel.signals.models import Channel, ColumnMapping, ImportBatch, ImportChunk, ImportRejection

from .files import ImportFileError, read_rows
from .liveness import worker_claim
from .rows import RowError
from .specs import SPECS, Context, pseudonym_key
from .writers import writer_for

FLUSH_ROWS = 20_000
MAX_REPORTED = 10_000  # rejections stored per batch; the count says how many there were
TOUCHED_LIMIT = 2_000  # beyond this many households, one full rule run is cheaper


def _chunks(batch: ImportBatch, counter: list[int]) -> Iterator[bytes]:
    """The stored pieces one query at a time: one piece in memory, and no server-side cursor
    that could outlive the transaction when reading stops early."""
    for chunk_id in (
        ImportChunk.objects.filter(batch=batch).order_by("seq").values_list("id", flat=True)
    ):
        data = bytes(ImportChunk.objects.filter(pk=chunk_id).values_list("data", flat=True).get())
        counter[0] += len(data)
        yield data


def build_context(batch: ImportBatch, today) -> Context:
    municipality = batch.municipality
    signal_types = {}
    for type_id, code, name, name_en in signal_types_for(municipality=municipality).values_list(
        "id", "code", "name", "name_en"
    ):
        for key in (code, name, name_en):
            if key:
                signal_types[key.strip().lower()] = type_id
    from stabiel.signals.services import not_accepted

    switched_off = {}
    with translation.override("nl"):  # a refused row is kept in Dutch, like the other errors
        for signal_type in signal_types_switched_off(municipality=municipality):
            refusal = not_accepted(municipality, signal_type)
            for key in (signal_type.code, signal_type.name, signal_type.name_en):
                if key:
                    switched_off[key.strip().lower()] = refusal
    current = dict(
        Membership.objects.filter(
            person__municipality=municipality, end_on__isnull=True
        ).values_list("person_id", "household_id")
    )
    persons = {
        p: (pid, current.get(pid))
        for p, pid in Person.objects.filter(municipality=municipality)
        .values_list("pseudonym", "id")
        .iterator(chunk_size=20_000)
    }
    households = dict(
        Household.objects.filter(municipality=municipality, merged_into__isnull=True)
        .values_list("pseudonym", "id")
        .iterator(chunk_size=20_000)
    )
    return Context(
        municipality_id=municipality.pk,
        partner_id=batch.partner_id,
        today=today,
        key=pseudonym_key(),
        signal_types=signal_types,
        switched_off=switched_off,
        households=households,
        persons=persons,
    )


def _mapped_header(header: list[str], mapping: dict[str, str], spec) -> dict[str, str]:
    """Our field -> their column, for the columns present. Missing required columns: ImportFileError."""
    present = {}
    for field, default in spec.columns.items():
        column = (mapping.get(field) or default).strip().lower()
        if column in header:
            present[field] = column
    missing = [
        spec.columns[f] if f not in mapping else mapping[f]
        for f in spec.required
        if f not in present
    ]
    if missing:
        raise ImportFileError(f"Deze kolommen ontbreken in de kopregel: {', '.join(missing)}.")
    if (
        spec.kind in ("signals", "decisions")
        and "bsn" not in present
        and not {"postcode", "huisnummer"} <= set(present)
    ):
        raise ImportFileError(
            "Het bestand heeft een kolom bsn nodig, of de kolommen postcode en huisnummer."
        )
    return present


class FinishingError(Exception):
    """The rows were stored, the step after them (a kind's `after_import`) failed."""


STORED_NOT_FINISHED = (
    "De regels zijn opgeslagen, maar de laatste stap lukte niet. Laat het bestand opnieuw "
    "verwerken: er komt niets dubbel in."
)


def batch_process(batch_id: int) -> ImportBatch:
    """The background task's body. Safe to call twice: a finished batch is left alone.

    The worker holds the batch's claim while it works (see `liveness`): if it dies, the claim
    goes with it, and `batches_interrupted_mark` can tell an abandoned batch from a busy one.
    """
    with worker_claim(batch_id) as claimed:
        if not claimed:  # another worker is processing it right now
            return ImportBatch.objects.get(pk=batch_id)
        return _process_claimed(batch_id)


def _process_claimed(batch_id: int) -> ImportBatch:
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update(skip_locked=True)
            .filter(pk=batch_id, status=ImportBatch.Status.QUEUED)
            .first()
        )
        if batch is None:
            return ImportBatch.objects.get(pk=batch_id)
        batch.status = ImportBatch.Status.RUNNING
        batch.started_at = timezone.now()
        batch.save(update_fields=["status", "started_at", "updated_at"])
    spec, check_row = SPECS[batch.kind]
    started = timezone.now()
    trace_id = uuid.uuid4()
    try:
        outcome = _run(batch, spec, check_row)
    except Exception as exc:
        _finish(
            batch,
            ImportBatch.Status.FAILED,
            message=STORED_NOT_FINISHED
            if isinstance(exc, FinishingError)
            else "Er ging iets mis bij het verwerken. Er is niets opgeslagen. "
            "U kunt het bestand opnieuw laten verwerken.",
        )
        _log(
            batch, trace_id, started, ProcessingLogEntry.Status.ERROR, {"error": type(exc).__name__}
        )
        raise
    _log(batch, trace_id, started, ProcessingLogEntry.Status.OK, outcome)
    return batch


def _run(batch: ImportBatch, spec, check_row) -> dict:
    today = timezone.localdate()
    ctx = build_context(batch, today)
    mapping = {}
    if batch.partner_id:
        found = ColumnMapping.objects.filter(partner_id=batch.partner_id, kind=batch.kind).first()
        mapping = found.columns if found else {}
    head = bytes(
        ImportChunk.objects.filter(batch=batch, seq=0).values_list("data", flat=True).first() or b""
    )
    now = timezone.now()
    extra = {
        "municipality_id": ctx.municipality_id,
        "batch_id": batch.pk,
        "created_at": now,
        "updated_at": now,
    }
    if spec.kind == "signals":
        extra.update(
            partner_id=ctx.partner_id, received_on=today, channel=Channel.FILE, status="received"
        )
    writer = writer_for(
        spec,
        batch_id=batch.pk,
        municipality_id=ctx.municipality_id,
        partner_id=ctx.partner_id,
        extra=extra,
        touched_limit=TOUCHED_LIMIT,
        held=ctx.held,
    )
    counter = [0]
    rejections: list[tuple[int, str]] = []
    rejected = total = 0
    problem_file = None
    with writer:
        try:
            rows = read_rows(head, _chunks(batch, counter), json_rows=spec.json_rows)
            _, header, _ = next(rows, (0, [], None))
            present = _mapped_header(header, mapping, spec)
            positions = [(field, header.index(column)) for field, column in present.items()]
            buffer: list[tuple] = []
            last_progress = time.monotonic()
            for line, values, problem in rows:
                total += 1
                if problem is None:
                    try:
                        buffer.append(
                            check_row({f: values[i] for f, i in positions}, line, batch.pk, ctx)
                        )
                    except RowError as exc:
                        problem = str(exc)
                if problem is not None:
                    rejected += 1
                    if len(rejections) < MAX_REPORTED:
                        rejections.append((line, problem[:300]))
                if len(buffer) >= FLUSH_ROWS:
                    writer.add(buffer)
                    buffer = []
                    if time.monotonic() - last_progress > 0.5:
                        writer.progress(rows=total, bytes_read=counter[0])
                        last_progress = time.monotonic()
            writer.add(buffer)
        except ImportFileError as exc:
            problem_file = str(exc)
        if problem_file is None:
            conflicts = writer.finish(limit=MAX_REPORTED)
            rejected += len(conflicts)
            rejections = sorted(rejections + conflicts)[:MAX_REPORTED]
        if problem_file or rejected or total == 0:
            writer.abandon()
        else:
            created, touched = writer.complete()
    if problem_file is not None:
        ImportRejection.objects.create(batch=batch, line=1, reason=problem_file[:300])
        _finish(
            batch,
            ImportBatch.Status.REJECTED,
            message=problem_file,
            total=total,
            rejected=max(rejected, 1),
        )
        return {"rejected": "file"}
    if rejected or total == 0:
        if total == 0:
            rejections, rejected = [(2, "Het bestand heeft geen regels onder de kopregel.")], 1
        ImportRejection.objects.bulk_create(
            [ImportRejection(batch=batch, line=line, reason=reason) for line, reason in rejections],
            batch_size=5000,
        )
        _finish(
            batch,
            ImportBatch.Status.REJECTED,
            total=total,
            rejected=rejected,
            message=REJECTED_MESSAGE,
        )
        return {"rows": total, "rejected": rejected}
    if spec.after_import is not None:  # e.g. early warning: group into reports (own transaction)
        try:
            touched = spec.after_import(batch=batch, touched=touched)
        except Exception as exc:
            # The rows are stored; processing the batch again adds none of them twice and
            # runs this step again.
            raise FinishingError from exc
    _finish(
        batch,
        ImportBatch.Status.DONE,
        total=total,
        created=created,
        duplicates=total - created,
        message="Het bestand is ingelezen.",
    )
    events.households_touched.send(
        sender=ImportBatch,
        municipality_id=ctx.municipality_id,
        household_ids=touched,
        changed=spec.kind,
    )
    return {"rows": total, "created": created, "duplicates": total - created}


REJECTED_MESSAGE = "Het bestand is niet ingelezen: los de afgekeurde regels op en lever het hele bestand opnieuw aan."


def _finish(batch, status, *, message="", total=None, created=0, duplicates=0, rejected=0):
    batch.status = status
    batch.message = message
    batch.finished_at = timezone.now()
    if total is not None:
        batch.total_rows = batch.processed_rows = total
    batch.processed_bytes = batch.size
    batch.created_count, batch.duplicate_count, batch.rejected_count = created, duplicates, rejected
    batch.save()


def _log(batch, trace_id, started, status, details):
    ProcessingLogEntry.objects.create(
        municipality_id=batch.municipality_id,
        trace_id=trace_id,
        operation=f"import-{batch.kind}",
        processing_activity="signalen-en-beschikkingen-ontvangen",
        data_subject=f"batch-{batch.pk}",
        status=status,
        started_at=started,
        ended_at=timezone.now(),
        details=details,
    )
