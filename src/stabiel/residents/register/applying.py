"""A register extract applied as a difference: arrivals, moves, departures, deaths and name
changes, each kept as a RegisterChange. Works in slices of rows so memory stays flat; the
caller holds the transaction. The preview computes the same difference without writing."""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.models import Area
from stabiel.signals.importing.rows import RowError

from .. import pseudonyms
from ..models import (
    GroupingCorrection,
    Household,
    HouseholdAddress,
    Membership,
    Person,
    PersonIdentity,
    RegisterChange,
    RegisterFeed,
    RegisterFeedRow,
)
from .reading import Row
from .records import RegisterRecord, record_check, row_digest

SLICE = 5_000
MAX_REPORTED = 10_000


class FeedRejected(Exception):  # noqa: N818 - a rejection, not a programming error
    """Rows were rejected: nothing may be stored (the caller's transaction is rolled back)."""

    def __init__(self, rejections: list[tuple[int, str]], total: int, rejected: int) -> None:
        super().__init__(f"{rejected} rows rejected")
        self.rejections = rejections
        self.total = total
        self.rejected = rejected


@dataclass
class FeedOutcome:
    total: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    households_created: int = 0

    def as_summary(self) -> dict[str, int]:
        return {"rows": self.total, "households_created": self.households_created, **self.counts}


def household_key(record: RegisterRecord, key: bytes) -> tuple[str, str]:
    """(pseudonym, address kind). A postal address is keyed on the person, never shared."""
    if record.postal:
        return pseudonyms.postal_pseudonym(record.bsn, key), Household.AddressKind.POSTAL
    return (
        pseudonyms.address_pseudonym(record.postcode, record.full_house_number, key),
        Household.AddressKind.HOME,
    )


# The difference, set-based ---------------------------------------------------------------------
#
# The file is read in slices of SLICE persons. For each slice the stored state of exactly those
# persons (identity, current membership, grouping corrections) and of their addresses is loaded
# with a handful of queries, compared in memory, and the outcome is a _Plan: rows to insert and
# rows to update. A preview only counts the plan; applying writes it with bulk inserts (COPY on
# PostgreSQL) and bulk updates, inside the caller's transaction. Memory holds one slice, the
# BSNs seen so far (to find a person twice) and the addresses new in this run.

Ref = int | str  # a stored id, or the pseudonym of a row this run creates
ARRIVAL = RegisterChange.Kind.ARRIVAL.value
MOVE = RegisterChange.Kind.MOVE.value
DEPARTURE = RegisterChange.Kind.DEPARTURE.value
DEATH = RegisterChange.Kind.DEATH.value
NAME = RegisterChange.Kind.NAME.value
LINKED = RegisterChange.Kind.LINKED.value


@dataclass(slots=True)
class _Stored:
    person_id: int
    identity_id: int | None
    names: tuple[str, str, str]
    died_on: dt.date | None
    in_register: bool
    row: str
    membership_id: int | None = None
    household_id: int | None = None
    start_on: dt.date | None = None


@dataclass
class _Plan:
    households: dict[str, tuple[str, RegisterRecord]] = field(default_factory=dict)
    people: list[tuple[str, RegisterRecord]] = field(default_factory=list)
    identities: list[tuple[Ref, RegisterRecord, bool]] = field(default_factory=list)
    identity_updates: list[tuple[int, RegisterRecord, dt.date | None]] = field(default_factory=list)
    ended: list[tuple[int, dt.date]] = field(default_factory=list)
    memberships: list[tuple[Ref, Ref, dt.date, dt.date | None]] = field(default_factory=list)
    changes: list[tuple[Ref, str, dt.date, Ref | None, Ref | None, str, str]] = field(
        default_factory=list
    )


@dataclass
class _Run:
    feed: RegisterFeed
    key: bytes
    today: dt.date
    areas: dict[str, int]
    write: bool
    outcome: FeedOutcome = field(default_factory=FeedOutcome)


def _table(model: type[models.Model]) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _select_in(sql: str, params: list[Any], values: list[Any]) -> list[tuple[Any, ...]]:
    """Rows of `sql`, whose last condition is completed as "IN values": one array parameter on
    PostgreSQL (a slice's five thousand values need not be parsed as placeholders), a list of
    placeholders elsewhere."""
    if not values:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{sql} = ANY(%s)", [*params, list(values)])
        else:
            marks = ", ".join(["%s"] * len(values))
            cursor.execute(f"{sql} IN ({marks})", [*params, *values])
        return list(cursor.fetchall())


def _as_date(value: Any) -> dt.date | None:
    """A date column read with plain SQL (SQLite gives it as text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


Keyed = tuple[str, tuple[str, str], RegisterRecord]  # person pseudonym, household key, record


def _keyed(record: RegisterRecord, key: bytes) -> Keyed:
    return pseudonyms.person_pseudonym(record.bsn, key), household_key(record, key), record


def _plan_slice(run: _Run, keyed: list[Keyed]) -> tuple[_Plan, dict[str, int]]:
    """What this slice changes, read from the database, nothing written. Returns the plan and
    the ids of the stored households it refers to (by pseudonym). Households made by earlier
    slices of the same run are in the database already when applying; in a preview they are
    counted once at the end (feed_preview)."""
    municipality_id = run.feed.municipality_id
    plan = _Plan()
    addresses = {address for _p, (address, _k), _r in keyed}
    households: dict[str, int] = {}
    unknown = list(addresses)
    for pseudonym, pk, merged_into in _select_in(
        f"SELECT pseudonym, id, merged_into_id FROM {_table(Household)} "  # noqa: S608 - names from the models
        "WHERE municipality_id = %s AND pseudonym",
        [municipality_id],
        unknown,
    ):
        households[pseudonym] = merged_into or pk
    for _p, (address, kind), record in keyed:
        if address not in households:
            plan.households.setdefault(address, (kind, record))

    stored: dict[str, _Stored] = {
        pseudonym: _Stored(
            pk,
            identity_id,
            (given or "", prefix or "", surname or ""),
            _as_date(died),
            bool(in_register),
            row or "",
        )
        for pk, pseudonym, identity_id, given, prefix, surname, died, in_register, row in _select_in(
            "SELECT p.id, p.pseudonym, i.id, i.given_names, i.surname_prefix, i.surname, "  # noqa: S608 - names from the models
            f"i.died_on, i.in_register, i.register_row FROM {_table(Person)} p "
            f"LEFT JOIN {_table(PersonIdentity)} i ON i.person_id = p.id "
            "WHERE p.municipality_id = %s AND p.pseudonym",
            [municipality_id],
            [p for p, _a, _r in keyed],
        )
    }
    by_id = {s.person_id: s for s in stored.values()}
    corrections: dict[tuple[int, str], int] = {}
    if by_id:
        for person_id, pk, household_id, start_on in _select_in(
            f"SELECT person_id, id, household_id, start_on FROM {_table(Membership)} "  # noqa: S608 - names from the models
            "WHERE end_on IS NULL AND person_id",
            [],
            list(by_id),
        ):
            current = by_id[person_id]
            current.membership_id, current.household_id, current.start_on = (
                pk,
                household_id,
                _as_date(start_on),
            )
        for person_id, address, household_id in _select_in(
            "SELECT person_id, address_pseudonym, household_id "  # noqa: S608 - names from the models
            f"FROM {_table(GroupingCorrection)} WHERE person_id",
            [],
            list(by_id),
        ):
            corrections[(person_id, address)] = household_id

    counts = run.outcome.counts
    changes = plan.changes

    def change(
        person: Ref,
        kind: str,
        on: dt.date,
        household: Ref | None = None,
        from_household: Ref | None = None,
        before: str = "",
        after: str = "",
    ) -> None:
        changes.append((person, kind, on, household, from_household, before, after))
        counts[kind] += 1

    def household_ref(address: str) -> Ref:
        return households.get(address) or address

    for pseudonym, (address, _kind), record in keyed:
        found = stored.get(pseudonym)
        if found is None:  # an arrival, perhaps already gone again in the same extract
            plan.people.append((pseudonym, record))
            plan.identities.append((pseudonym, record, True))
            target = household_ref(address)
            end = record.died_on or record.left_on
            plan.memberships.append(
                (pseudonym, target, record.since, max(end, record.since) if end else None)
            )
            change(pseudonym, ARRIVAL, record.since, household=target)
            if record.died_on:
                change(pseudonym, DEATH, record.died_on, from_household=target)
            elif record.left_on:
                change(pseudonym, DEPARTURE, record.left_on, from_household=target)
            continue
        current = found
        person = current.person_id
        correction = corrections.get((person, address))
        target = correction if correction is not None else household_ref(address)
        if current.identity_id is None:  # a person stored without identity: give it one
            plan.identities.append((person, record, True))
            current.names = (record.given_names, record.surname_prefix, record.surname)
            current.in_register = True
        identity_changed = False
        died_on = current.died_on
        if not current.in_register:
            identity_changed = True
            change(person, LINKED, record.since, household=target)
        new_names = (record.given_names, record.surname_prefix, record.surname)
        if current.names != new_names:
            identity_changed = True
            old_name = " ".join(p for p in current.names if p)
            change(person, NAME, run.today, before=old_name[:300], after=record.name[:300])
        membership = current.membership_id
        if record.died_on and current.died_on is None:
            died_on = record.died_on
            identity_changed = True
            if membership is not None and current.start_on is not None:
                plan.ended.append((membership, max(record.died_on, current.start_on)))
            change(person, DEATH, record.died_on, from_household=current.household_id)
        elif record.died_on:
            pass  # death already known: nothing new
        elif record.left_on:
            if membership is not None and current.start_on is not None:
                plan.ended.append((membership, max(record.left_on, current.start_on)))
                change(person, DEPARTURE, record.left_on, from_household=current.household_id)
        elif membership is None:
            plan.memberships.append((person, target, record.since, None))
            change(person, ARRIVAL, record.since, household=target)
        elif current.household_id != target:
            on = max(record.since, current.start_on or record.since)
            plan.ended.append((membership, on))
            plan.memberships.append((person, target, on, None))
            change(person, MOVE, on, household=target, from_household=current.household_id)
        if (identity_changed or current.row != record.row) and current.identity_id is not None:
            plan.identity_updates.append((current.identity_id, record, died_on))
    return plan, households


def _write_slice(run: _Run, plan: _Plan, households: dict[str, int]) -> None:
    """Store a slice's plan: new households and persons first (their ids are needed), then
    identities, memberships and the history of changes."""
    municipality_id = run.feed.municipality_id
    now = timezone.now()
    made: dict[str, int] = {}  # households made by this slice: pseudonym -> id
    if plan.households:
        bulk_insert(
            Household,
            HOUSEHOLD_COLUMNS,
            [
                (
                    municipality_id,
                    pseudonym,
                    pseudonyms.label_for(pseudonym, "HH"),
                    str(kind),
                    run.areas.get(record.area_code),
                    now,
                    now,
                )
                for pseudonym, (kind, record) in plan.households.items()
            ],
        )
        ids = _ids_of(Household, municipality_id, list(plan.households))
        made.update(ids)
        bulk_insert(
            HouseholdAddress,
            [
                "household_id",
                "street",
                "house_number",
                "house_letter",
                "house_number_addition",
                "postcode",
                "city",
                "created_at",
                "updated_at",
            ],
            [
                (
                    ids[pseudonym],
                    r.street,
                    r.house_number,
                    r.house_letter,
                    r.house_number_addition,
                    r.postcode,
                    r.city,
                    now,
                    now,
                )
                for pseudonym, (_kind, r) in plan.households.items()
            ],
        )
    people: dict[str, int] = {}
    if plan.people:
        bulk_insert(
            Person,
            ["municipality_id", "pseudonym", "label", "birth_month", "created_at", "updated_at"],
            [
                (
                    municipality_id,
                    pseudonym,
                    pseudonyms.label_for(pseudonym, "P"),
                    record.birth_date.replace(day=1),
                    now,
                    now,
                )
                for pseudonym, record in plan.people
            ],
        )
        people = _ids_of(Person, municipality_id, [p for p, _r in plan.people])

    def person(ref: Ref) -> int:
        return ref if isinstance(ref, int) else people[ref]

    def household(ref: Ref | None) -> int | None:
        if ref is None or isinstance(ref, int):
            return ref
        found = households.get(ref) or made.get(ref)
        if found is None:
            raise LookupError(ref)
        return found

    if plan.identities:
        bulk_insert(
            PersonIdentity,
            [
                "person_id",
                "bsn",
                "given_names",
                "surname_prefix",
                "surname",
                "birth_date",
                "died_on",
                "in_register",
                "register_row",
                "register_content",
                "created_at",
                "updated_at",
            ],
            [
                (
                    person(ref),
                    r.bsn,
                    r.given_names,
                    r.surname_prefix,
                    r.surname,
                    r.birth_date,
                    r.died_on,
                    in_register,
                    r.row,
                    r.content_digest,
                    now,
                    now,
                )
                for ref, r, in_register in plan.identities
            ],
        )
    if plan.identity_updates:
        PersonIdentity.objects.bulk_update(
            [
                PersonIdentity(
                    pk=pk,
                    given_names=r.given_names,
                    surname_prefix=r.surname_prefix,
                    surname=r.surname,
                    died_on=died_on,
                    in_register=True,
                    register_row=r.row,
                    register_content=r.content_digest,
                    updated_at=now,
                )
                for pk, r, died_on in plan.identity_updates
            ],
            [
                "given_names",
                "surname_prefix",
                "surname",
                "died_on",
                "in_register",
                "register_row",
                "register_content",
                "updated_at",
            ],
            batch_size=BATCH,
        )
    if plan.ended:
        Membership.objects.bulk_update(
            [Membership(pk=pk, end_on=end_on, updated_at=now) for pk, end_on in plan.ended],
            ["end_on", "updated_at"],
            batch_size=BATCH,
        )
    if plan.memberships:
        bulk_insert(
            Membership,
            ["person_id", "household_id", "start_on", "end_on", "created_at", "updated_at"],
            [
                (person(p), household(h), start, end, now, now)
                for p, h, start, end in plan.memberships
            ],
        )
    if plan.changes:
        feed_id = run.feed.pk
        bulk_insert(
            RegisterChange,
            [
                "municipality_id",
                "feed_id",
                "person_id",
                "kind",
                "on",
                "household_id",
                "from_household_id",
                "before",
                "after",
                "created_at",
                "updated_at",
            ],
            [
                (
                    municipality_id,
                    feed_id,
                    person(p),
                    kind,
                    on,
                    household(h),
                    household(f),
                    before,
                    after,
                    now,
                    now,
                )
                for p, kind, on, h, f, before, after in plan.changes
            ],
        )


BATCH = 2000
HOUSEHOLD_COLUMNS = [
    "municipality_id",
    "pseudonym",
    "label",
    "address_kind",
    "area_id",
    "created_at",
    "updated_at",
]


def _ids_of(
    model: type[Household] | type[Person], municipality_id: int, made: list[str]
) -> dict[str, int]:
    """Pseudonym -> id of the rows just inserted, read back in one query."""
    return {
        pseudonym: pk
        for pseudonym, pk in _select_in(
            f"SELECT pseudonym, id FROM {_table(model)} "  # noqa: S608 - names from the models
            "WHERE municipality_id = %s AND pseudonym",
            [municipality_id],
            made,
        )
    }


def bulk_insert(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain rows: COPY on PostgreSQL (no model objects, no SQL text per row), otherwise
    bulk_create. The columns are the model's column names."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    fields = [c if c.endswith("_id") else model._meta.get_field(c).name for c in columns]
    model._default_manager.bulk_create(
        [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=BATCH
    )


def _known_rows(municipality_id: int, rows: list[str]) -> dict[str, tuple[str, str]]:
    """Of these row digests, those that made the stored register: digest -> (content digest,
    person pseudonym). One indexed query per slice; nothing of the whole register is held."""
    return {
        row: (content, person)
        for row, content, person in _select_in(
            "SELECT i.register_row, i.register_content, p.pseudonym "  # noqa: S608 - model names
            f"FROM {_table(PersonIdentity)} i JOIN {_table(Person)} p ON p.id = i.person_id "
            "WHERE p.municipality_id = %s AND i.register_row",
            [municipality_id],
            rows,
        )
    }


def _staged_firsts(feed_id: int, persons: list[str]) -> dict[str, tuple[int, str, str]]:
    """Persons of this slice already met in an earlier slice: pseudonym -> (line, row, content)."""
    return {
        person: (line, row, content)
        for person, line, row, content in _select_in(
            f"SELECT person, line, row, content FROM {_table(RegisterFeedRow)} "  # noqa: S608 - model name
            "WHERE feed_id = %s AND person",
            [feed_id],
            persons,
        )
    }


STAGE_COLUMNS = ["feed_id", "line", "person", "row", "content", "address", "state"]
UNCHANGED = RegisterFeedRow.State.UNCHANGED.value
APPLY = RegisterFeedRow.State.APPLY.value


def stage_clear(feed_id: int) -> None:
    """Drop what a preview kept of a feed (once applied, rejected or discarded)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_table(RegisterFeedRow)} WHERE feed_id = %s",  # noqa: S608 - model name
            [feed_id],
        )


def _preview_holds(feed: RegisterFeed) -> bool:
    """Whether the preview's work on this feed may be reused: it was kept, and every row it
    found unchanged still matches what is stored for that person (no other feed changed them
    since, no person was removed). Otherwise applying works everything out again."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {_table(RegisterFeedRow)} WHERE feed_id = %s",  # noqa: S608 - model name
            [feed.pk],
        )
        staged = cursor.fetchone()
        if not staged or not staged[0]:
            return False
        # A plain join (each staged row matches at most one identity: the digest holds the BSN),
        # counted and compared: planned as a hash join, where NOT EXISTS was not always.
        cursor.execute(
            f"SELECT count(*) FROM {_table(RegisterFeedRow)} s "  # noqa: S608 - model names
            f"JOIN {_table(PersonIdentity)} i ON i.register_row = s.row "
            f"JOIN {_table(Person)} p ON p.id = i.person_id AND p.pseudonym = s.person "
            "WHERE s.feed_id = %s AND s.state = %s AND p.municipality_id = %s",
            [feed.pk, UNCHANGED, feed.municipality_id],
        )
        matching = cursor.fetchone()
        cursor.execute(
            f"SELECT count(*) FROM {_table(RegisterFeedRow)} "  # noqa: S608 - model name
            "WHERE feed_id = %s AND state = %s",
            [feed.pk, UNCHANGED],
        )
        unchanged = cursor.fetchone()
    return bool(unchanged and matching) and unchanged[0] == matching[0]


def _lines_to_apply(feed_id: int, first: int, last: int) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT line FROM {_table(RegisterFeedRow)} "  # noqa: S608 - model name
            "WHERE feed_id = %s AND state = %s AND line BETWEEN %s AND %s",
            [feed_id, APPLY, first, last],
        )
        return {line for (line,) in cursor.fetchall()}


class _Rejections:
    def __init__(self) -> None:
        self.reported: list[tuple[int, str]] = []
        self.count = 0

    def add(self, line: int, problem: str) -> None:
        self.count += 1
        if len(self.reported) < MAX_REPORTED:
            self.reported.append((line, problem[:300]))


def _classify(run: _Run, chunk: list[Row], rejections: _Rejections, cbs_code: str) -> list[Keyed]:
    """Check one slice of rows and keep the outcome for the apply (RegisterFeedRow): a row as
    applied before (same digest) is unchanged and not checked again; any other row is checked.
    A person met before in this file is skipped when the data are the same and rejected when
    they differ. Returns the rows to work out."""
    feed_id = run.feed.pk
    digests = {
        line: row_digest(raw, cbs_code) for line, raw, problem in chunk if problem is None and raw
    }
    known = _known_rows(run.feed.municipality_id, list(set(digests.values())))
    # (line, person, row, content, Keyed or None)
    entries: list[tuple[int, str, str, str, Keyed | None]] = []
    for line, raw, problem in chunk:
        if problem is not None or raw is None:
            rejections.add(line, problem or "")
            continue
        row = digests[line]
        found = known.get(row)
        if found is not None:
            entries.append((line, found[1], row, found[0], None))
            continue
        try:
            record = record_check(raw, line=line, cbs_code=cbs_code, today=run.today, row=row)
        except RowError as exc:
            rejections.add(line, str(exc))
            continue
        checked = _keyed(record, run.key)
        entries.append((line, checked[0], row, record.content_digest, checked))
    earlier = _staged_firsts(feed_id, list({e[1] for e in entries}))
    firsts: dict[str, tuple[int, str, str]] = {}
    staged: list[tuple[Any, ...]] = []
    work: list[Keyed] = []
    for line, person, row, content, keyed in entries:
        first = earlier.get(person) or firsts.get(person)
        if first is not None:
            if first[1] != row and first[2] != content:
                rejections.add(
                    line,
                    _("Deze persoon (BSN) staat ook op regel %(line)s, met andere gegevens.")
                    % {"line": first[0]},
                )
            continue  # the same person again with the same data: once is enough
        firsts[person] = (line, row, content)
        address = keyed[1][0] if keyed is not None else ""
        staged.append((feed_id, line, person, row, content, address, APPLY if keyed else UNCHANGED))
        if keyed is not None:
            work.append(keyed)
    bulk_insert(RegisterFeedRow, STAGE_COLUMNS, staged)
    return work


def _run(
    *,
    feed: RegisterFeed,
    rows: Iterable[Row],
    write: bool,
    today: dt.date | None,
    progress: Callable[[int], None] | None,
) -> FeedOutcome:
    """One pass over the file in slices of SLICE rows; memory holds one slice.

    A preview checks every row, keeps its outcome per row (RegisterFeedRow) and counts what
    would change. Applying a feed whose preview still holds reads only the rows the preview
    marked to apply; otherwise it does the preview's work again first, slice by slice."""
    municipality = feed.municipality
    today = today or timezone.localdate()
    run = _Run(
        feed=feed,
        key=pseudonyms.current_key(),
        today=today,
        areas=dict(Area.objects.filter(municipality=municipality).values_list("cbs_code", "id")),
        write=write,
    )
    outcome = run.outcome
    rejections = _Rejections()
    reuse = write and _preview_holds(feed)
    if not reuse:
        stage_clear(feed.pk)
    rows = iter(rows)
    while True:
        chunk = list(islice(rows, SLICE))
        if not chunk:
            break
        outcome.total += len(chunk)
        if reuse:
            wanted = _lines_to_apply(feed.pk, chunk[0][0], chunk[-1][0])
            work = []
            for line, raw, problem in chunk:
                if line not in wanted:
                    continue
                try:
                    if problem is not None or raw is None:
                        raise RowError(problem or "")
                    record = record_check(
                        raw,
                        line=line,
                        cbs_code=municipality.cbs_code,
                        today=today,
                        row=row_digest(raw, municipality.cbs_code),
                    )
                except RowError as exc:  # the file is as previewed: cannot happen, but safe
                    rejections.add(line, str(exc))
                    continue
                work.append(_keyed(record, run.key))
        else:
            work = _classify(run, chunk, rejections, municipality.cbs_code)
        if not rejections.count:  # after a rejection: keep reading to report every row
            plan, households = _plan_slice(run, work)
            outcome.households_created += len(plan.households)
            if write:
                _write_slice(run, plan, households)
        if progress is not None:
            progress(outcome.total)
    if rejections.count or outcome.total == 0:
        stage_clear(feed.pk)
        if outcome.total == 0:
            rejections.reported, rejections.count = [(2, _("Het bestand heeft geen personen."))], 1
        raise FeedRejected(sorted(rejections.reported), outcome.total, rejections.count)
    if write:
        stage_clear(feed.pk)
    else:
        outcome.households_created = _new_households_counted(feed)
    return outcome


def _new_households_counted(feed: RegisterFeed) -> int:
    """Households the feed would make: the distinct addresses of its rows to apply that are not
    a stored household yet (one address in several slices counts once)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(DISTINCT s.address) FROM {_table(RegisterFeedRow)} s "  # noqa: S608 - model names
            "WHERE s.feed_id = %s AND s.state = %s AND s.address <> '' AND NOT EXISTS "
            f"(SELECT 1 FROM {_table(Household)} h "
            "WHERE h.municipality_id = %s AND h.pseudonym = s.address)",
            [feed.pk, APPLY, feed.municipality_id],
        )
        found = cursor.fetchone()
    return int(found[0]) if found else 0


def feed_apply(
    *,
    feed: RegisterFeed,
    rows: Iterable[Row],
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> FeedOutcome:
    """Apply every row or raise FeedRejected. Call inside transaction.atomic()."""
    return _run(feed=feed, rows=rows, write=True, today=today, progress=progress)


def feed_preview(
    *,
    feed: RegisterFeed,
    rows: Iterable[Row],
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> FeedOutcome:
    """What applying would change, counted without writing anything; or FeedRejected."""
    return _run(feed=feed, rows=rows, write=False, today=today, progress=progress)
