"""Where checked rows go. Two strategies behind one interface, chosen by database:

- PostgreSQL (DirectWriter): one transaction; each piece of rows is checked against what is
  stored (one indexed lookup per piece) and streamed with COPY straight into the real table,
  so PostgreSQL stores while Python reads the next piece. Progress goes through a second
  connection, so the browser sees it while the transaction is still open.
- SQLite (StagingWriter): pieces go to a scratch table, committed one by one so the progress is
  visible (SQLite has a single writer), and move into the real table in one statement at the end.

Both are all-or-nothing: a rejected row means nothing of the batch is stored.
"""

import contextlib
import queue
import threading
from datetime import date

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from stabiel.signals.models import Signal

from . import staging
from .specs import Spec
from .staging import DUPLICATE_OTHER_CONTENT, TWICE_OTHER_CONTENT


class Writer:
    def __init__(
        self,
        spec: Spec,
        *,
        batch_id: int,
        municipality_id: int,
        partner_id,
        extra: dict,
        touched_limit: int,
        held: dict[str, tuple[str, str, str]] | None = None,
    ):
        self.spec = spec
        self.held = held if held is not None else {}
        self.batch_id = batch_id
        self.municipality_id = municipality_id
        self.partner_id = partner_id
        self.extra = extra
        self.touched_limit = touched_limit
        self.conflicts: list[tuple[int, str]] = []
        self.created = 0

    def progress(self, *, rows: int, bytes_read: int) -> None:
        from stabiel.signals.models import ImportBatch

        # updated_at is the sign of life on SQLite (see liveness)
        ImportBatch.objects.filter(pk=self.batch_id).update(
            processed_rows=rows, processed_bytes=bytes_read, updated_at=timezone.now()
        )


class StagingWriter(Writer):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        staging.discard(self.spec, self.batch_id)
        return False

    def add(self, rows: list[tuple]) -> None:
        staging.write(self.spec, rows)

    def finish(self, *, limit: int) -> list[tuple[int, str]]:
        return staging.conflicts(
            self.spec,
            batch_id=self.batch_id,
            municipality_id=self.municipality_id,
            partner_id=self.partner_id,
            limit=limit,
        )

    def complete(self) -> tuple[int, list[int] | None]:
        if self.spec.target_model is Signal:
            return self._complete_signals()
        with transaction.atomic():
            created = staging.move(
                self.spec,
                batch_id=self.batch_id,
                municipality_id=self.municipality_id,
                partner_id=self.partner_id,
                extra=self.extra,
            )
            touched = staging.touched_households(
                self.spec, batch_id=self.batch_id, limit=self.touched_limit
            )
        return created, touched

    def abandon(self) -> None:
        pass

    def _complete_signals(self) -> tuple[int, list[int] | None]:
        """Signals enter through the one service: the checked rows, in pieces, in one
        transaction (the conflicts were found in the scratch table before)."""
        columns = [c for c in self.spec.staged_columns if c != "batch_id"]
        touched: set[int] | None = set()
        created = 0
        with transaction.atomic(), connection.cursor() as reader:
            reader.execute(
                f"SELECT {', '.join(columns)} FROM {staging.stage_table(self.spec)} "  # noqa: S608 - names from the model
                "WHERE batch_id = %s ORDER BY line",
                [self.batch_id],
            )
            while piece := reader.fetchmany(5000):
                outcome = store_signal_rows(self, connection, [(self.batch_id, *r) for r in piece])
                created += outcome.created
                touched = _more_touched(touched, outcome.household_ids, self.touched_limit)
        return created, None if touched is None else sorted(touched)


class DirectWriter(Writer):
    """PostgreSQL: each piece is checked against what is stored and streamed with COPY into the
    real table, in one transaction.

    Threaded (the background task): a worker thread with its own connection stores piece k while
    the main thread reads and checks piece k + 1, so Python and PostgreSQL work at the same time.
    Inside an open transaction (tests, a caller's atomic block) it works in that transaction.
    """

    def __init__(self, spec: Spec, **kwargs):
        super().__init__(spec, **kwargs)
        target = spec.target_model._meta.db_table
        self._columns = [c for c in spec.staged_columns if c not in ("batch_id", "line")]
        self._copy_sql = f"COPY {target} ({', '.join(self._columns + list(self.extra))}) FROM STDIN"
        self._fixed = tuple(self.extra.values())
        partner = " AND partner_id = %s" if spec.conflict_on_partner else ""
        self._lookup_sql = (
            f"SELECT reference, content_hash FROM {target} "  # noqa: S608 - names from the model
            f"WHERE municipality_id = %s{partner} AND reference = ANY(%s)"
        )
        self._touched: set[int] | None = set()
        self._commit = False
        self._threaded = not connection.in_atomic_block
        self._error: BaseException | None = None

    def __enter__(self):
        if self._threaded:
            self._queue: queue.Queue = queue.Queue(maxsize=2)
            self._thread = threading.Thread(target=self._work, name="import-writer", daemon=True)
            self._thread.start()
        else:
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        if not self._threaded:
            if not self._commit or exc_type is not None:
                transaction.set_rollback(True)
            return self._atomic.__exit__(exc_type, exc, tb)
        if self._thread.is_alive():
            self._queue.put(("end", self._commit and exc_type is None))
            self._thread.join()
        if self._error is not None and exc_type is None:
            raise self._error
        return False

    # the worker thread ----------------------------------------------------------------------
    def _work(self) -> None:
        wrapper = connections[DEFAULT_DB_ALIAS]
        db = wrapper.__class__(dict(wrapper.settings_dict), alias="import-writer")
        try:
            db.ensure_connection()
            db.set_autocommit(False)
            with db.cursor() as cursor:
                # Foreign keys are checked as each piece is stored, here in this thread, while
                # the main thread reads the next piece; deferred, every check would wait for
                # the commit and run there alone. The checks are the same.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            while True:
                kind, payload = self._queue.get()
                if kind == "rows":
                    self._store(db, payload)
                elif kind == "sync":
                    payload.set()
                else:  # end
                    db.commit() if payload else db.rollback()
                    return
        except BaseException as exc:  # handed to the main thread, which raises it
            self._error = exc
            with contextlib.suppress(Exception):
                db.rollback()
            self._drain()
        finally:
            db.close()

    def _drain(self) -> None:
        """After a failure keep answering, so the main thread never waits on a full queue."""
        while True:
            kind, payload = self._queue.get()
            if kind == "sync":
                payload.set()
            elif kind == "end":
                return

    # the interface ----------------------------------------------------------------------------
    def add(self, rows: list[tuple]) -> None:
        if not rows:
            return
        if self._threaded:
            self._queue.put(("rows", rows))
        else:
            self._store(connection, rows)

    def finish(self, *, limit: int) -> list[tuple[int, str]]:
        if self._threaded:
            stored = threading.Event()
            self._queue.put(("sync", stored))
            stored.wait()
            if self._error is not None:
                raise self._error
        return sorted(self.conflicts)[:limit]

    def complete(self) -> tuple[int, list[int] | None]:
        self._commit = True
        if self._threaded:
            self._queue.put(("end", True))
            self._thread.join()
            if self._error is not None:
                raise self._error
        return self.created, None if self._touched is None else sorted(self._touched)

    def abandon(self) -> None:
        self._commit = False

    def _store(self, db, rows: list[tuple]) -> None:
        if self.spec.target_model is Signal:
            outcome = store_signal_rows(self, db, rows)
            self.conflicts += outcome.conflicts
            self.created += outcome.created
            if self._touched is not None:
                self._touched = _more_touched(
                    self._touched, outcome.household_ids, self.touched_limit
                )
            return
        reference_at = self._columns.index("reference") + 2
        hash_at = self._columns.index("content_hash") + 2
        household_at = self._columns.index("household_id") + 2
        first: dict[str, tuple] = {}
        for row in rows:
            seen = first.get(row[reference_at])
            if seen is None:
                first[row[reference_at]] = row
            elif seen[hash_at] != row[hash_at]:
                self.conflicts.append((row[1], TWICE_OTHER_CONTENT))
        params = [self.municipality_id]
        if self.spec.conflict_on_partner:
            params.append(self.partner_id)
        with db.cursor() as cursor:
            cursor.execute(self._lookup_sql, [*params, list(first)])
            stored = dict(cursor.fetchall())
            fresh = []
            for reference, row in first.items():
                known = stored.get(reference)
                if known is None:
                    fresh.append(row)
                elif known != row[hash_at]:
                    self.conflicts.append((row[1], DUPLICATE_OTHER_CONTENT))
            with cursor.cursor.copy(self._copy_sql) as copy:
                for row in fresh:
                    copy.write_row(row[2:] + self._fixed)
        self.created += len(fresh)
        if self._touched is not None:
            self._touched.update(
                row[household_at] for row in fresh if row[household_at] is not None
            )
            if len(self._touched) > self.touched_limit:
                self._touched = None


def store_signal_rows(writer: Writer, db, rows: list[tuple]):
    """A piece of a file's checked signal rows (the scratch table's columns, see
    `specs.check_signal_row`) through `signals.services.signals_store`."""
    from stabiel.signals.services import SignalRow, signals_store

    received_on = writer.extra["received_on"]
    if isinstance(received_on, str):
        received_on = date.fromisoformat(received_on)
    held = writer.held
    signal_rows = [
        SignalRow(
            writer.partner_id,
            type_id,
            household_id,
            person_id,
            date.fromisoformat(observed_on) if isinstance(observed_on, str) else observed_on,
            received_on,
            reference,
            note,
            digest,
            held.get(reference) if household_id is None else None,
            line,
        )
        for (
            _batch,
            line,
            type_id,
            household_id,
            person_id,
            observed_on,
            reference,
            note,
            digest,
        ) in rows
    ]
    return signals_store(
        municipality_id=writer.municipality_id,
        rows=signal_rows,
        channel=writer.extra["channel"],
        batch_id=writer.batch_id,
        db=db,
        announce=False,
        touched_limit=writer.touched_limit,
    )


def _more_touched(touched: set[int] | None, more: list[int] | None, limit: int) -> set[int] | None:
    if touched is None or more is None:
        return None
    touched.update(more)
    return None if len(touched) > limit else touched


def writer_for(spec: Spec, **kwargs) -> Writer:
    cls = DirectWriter if connection.vendor == "postgresql" else StagingWriter
    return cls(spec, **kwargs)
