"""Writing checked rows to the scratch table and moving them in one statement (set-based SQL).

PostgreSQL gets COPY (streamed, so the database works while Python reads the next rows);
SQLite gets executemany. The SQL of the checks and the final step is the same for both.
"""

from django.db import connection

from .specs import Spec

DUPLICATE_OTHER_CONTENT = (
    "Dit kenmerk is al gebruikt voor een ander signaal of een andere beschikking."
)
TWICE_OTHER_CONTENT = "Dit kenmerk staat in het bestand ook bij een andere regel met andere inhoud."


def stage_table(spec: Spec) -> str:
    """The scratch table. On SQLite a TEMP copy of it: rows never touch the main database file
    (and its single write lock) until the final move."""
    table = spec.staged_model._meta.db_table
    if connection.vendor != "sqlite":
        return table
    with connection.cursor() as cursor:
        # the table name comes from the model, never from input
        create = f"CREATE TEMP TABLE IF NOT EXISTS temp_{table} AS SELECT * FROM {table} WHERE 0"  # noqa: S608
        cursor.execute(create)
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS temp.temp_{table}_ref ON temp_{table} (batch_id, reference)"
        )
    return f"temp_{table}"


def write(spec: Spec, rows: list[tuple]) -> None:
    if not rows:
        return
    table = stage_table(spec)
    columns = spec.staged_columns
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            adapt = connection.ops.adapt_datefield_value
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608 - names from the model
                [tuple(adapt(v) if hasattr(v, "isoformat") else v for v in row) for row in rows],
            )


def discard(spec: Spec, batch_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {stage_table(spec)} WHERE batch_id = %s", [batch_id])  # noqa: S608


def _target_match(spec: Spec) -> str:
    partner = " AND t.partner_id = %(partner)s" if spec.conflict_on_partner else ""
    return f"t.municipality_id = %(municipality)s{partner} AND t.reference = s.reference"


def conflicts(
    spec: Spec, *, batch_id: int, municipality_id: int, partner_id: int | None, limit: int
) -> list[tuple[int, str]]:
    """Rows whose reference is already used for other content, in the database or in the file."""
    stage = stage_table(spec)
    target = spec.target_model._meta.db_table
    params = {
        "batch": batch_id,
        "municipality": municipality_id,
        "partner": partner_id,
        "limit": limit,
    }
    found: list[tuple[int, str]] = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT s.line FROM {stage} s JOIN {target} t ON {_target_match(spec)}
                WHERE s.batch_id = %(batch)s AND t.content_hash <> s.content_hash
                ORDER BY s.line LIMIT %(limit)s""",  # noqa: S608 - table names from the models
            params,
        )
        found += [(line, DUPLICATE_OTHER_CONTENT) for (line,) in cursor.fetchall()]
        # A later row with the same reference as an earlier row but other content.
        cursor.execute(
            f"""SELECT s.line FROM {stage} s WHERE s.batch_id = %(batch)s AND s.content_hash <> (
                    SELECT x.content_hash FROM {stage} x WHERE x.batch_id = s.batch_id
                    AND x.reference = s.reference ORDER BY x.line LIMIT 1)
                ORDER BY s.line LIMIT %(limit)s""",  # noqa: S608
            params,
        )
        found += [(line, TWICE_OTHER_CONTENT) for (line,) in cursor.fetchall()]
    return sorted(found)[:limit]


def move(
    spec: Spec, *, batch_id: int, municipality_id: int, partner_id: int | None, extra: dict
) -> int:
    """Insert the first row of each new reference into the real table. Returns rows inserted.
    Not for signals: they enter through `signals.services.signals_store` (see writers)."""
    from stabiel.signals.models import Signal

    if spec.target_model is Signal:
        raise ValueError("signals enter through signals.services.signals_store")
    stage = stage_table(spec)
    target = spec.target_model._meta.db_table
    moved = [c for c in spec.staged_columns if c not in ("batch_id", "line")]
    fixed = list(extra)
    select_fixed = ", ".join(f"%({name})s" for name in fixed)
    params = {
        "batch": batch_id,
        "municipality": municipality_id,
        "partner": partner_id,
        **{name: _adapt(value) for name, value in extra.items()},
    }
    sql = f"""
        INSERT INTO {target} ({", ".join(moved + fixed)})
        SELECT {", ".join("s." + c for c in moved)}, {select_fixed}
        FROM (
            SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.reference ORDER BY x.line) AS rn
            FROM {stage} x WHERE x.batch_id = %(batch)s
        ) s
        WHERE s.rn = 1 AND NOT EXISTS (SELECT 1 FROM {target} t WHERE {_target_match(spec)})
    """  # noqa: S608 - table and column names from the models
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def touched_households(spec: Spec, *, batch_id: int, limit: int) -> list[int] | None:
    """Households in the batch, or None when there are so many that a full rule run is cheaper."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT household_id FROM {stage_table(spec)} WHERE batch_id = %s"  # noqa: S608
            " AND household_id IS NOT NULL LIMIT %s",
            [batch_id, limit + 1],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return None if len(ids) > limit else ids


def _adapt(value):
    from datetime import date, datetime

    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value
