"""Writes on signals, decisions, partner API clients and import files."""

import contextlib
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any, NamedTuple

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.models import Municipality, PartnerOrganisation, User
from stabiel.catalogue.models import ItemSwitch, ProvisionType, RedFlagType, SignalType
from stabiel.catalogue.queries import signal_types_switched_off
from stabiel.core.access import log_access
from stabiel.residents import identities, pseudonyms
from stabiel.residents.access import PURPOSES, households_searchable_by
from stabiel.residents.models import Household, Person
from stabiel.residents.queries import resident_current

from . import events
from .models import (
    Channel,
    Decision,
    ImportBatch,
    ImportChunk,
    PartnerApiClient,
    Signal,
    UnmatchedSubject,
)


class SignalInputError(ValueError):
    """Input that cannot be stored; the message is plain Dutch and safe to show the sender."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ReferenceConflictError(SignalInputError):
    """The sender's reference is already used for other content (HTTP 409 in the API)."""


def content_hash(*parts: object) -> str:
    """What a signal or decision says, as a short hash: the same reference with other content is refused."""
    text = "\x1f".join(["" if p is None else str(p) for p in parts])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


# Signals --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalReceipt:
    signal: Signal
    created: bool


def signal_type_for(*, municipality: Municipality, code: str) -> SignalType:
    """The signal type this municipality can use under `code`, if its red flag may be a signal.

    What `catalogue.queries.items_for` selects, written out in SQL: this runs for every signal
    the partner API receives, and building the ORM query took longer than running it."""
    qn = connection.ops.quote_name
    ordering = [str(f) for f in SignalType._meta.ordering or []]
    types, flags, switches = (
        qn(model._meta.db_table) for model in (SignalType, RedFlagType, ItemSwitch)
    )
    found = list(
        SignalType.objects.raw(
            f"SELECT t.*, f.level AS flag_level, f.is_health_characteristic AS flag_health "  # noqa: S608 - names from the models
            f"FROM {types} t JOIN {flags} f ON f.id = t.red_flag_type_id "
            f"WHERE t.code = %s AND (t.municipality_id IS NULL OR t.municipality_id = %s) "
            f"AND NOT (t.municipality_id IS NULL AND EXISTS (SELECT 1 FROM {switches} s "
            f"WHERE s.municipality_id = %s AND s.kind = %s AND s.code = t.code AND NOT s.active)) "
            f"ORDER BY {', '.join('t.' + qn(f) for f in ordering)}, t.id LIMIT 1",
            [code, municipality.pk, municipality.pk, SignalType._meta.label_lower],
        )
    )
    signal_type = found[0] if found else None
    if (
        signal_type is None
        or not RedFlagType(
            # the two columns the query adds to each row
            level=getattr(signal_type, "flag_level"),  # noqa: B009
            is_health_characteristic=getattr(signal_type, "flag_health"),  # noqa: B009
        ).can_be_signal
    ):
        switched_off = (
            signal_types_switched_off(municipality=municipality).filter(code=code).first()
        )
        if switched_off is not None:
            raise SignalInputError(not_accepted(municipality, switched_off), field="signal_type")
        raise SignalInputError(f"Onbekende soort signaal: {code!r}.", field="signal_type")
    return signal_type


def not_accepted(municipality: Municipality, signal_type: SignalType) -> str:
    """Plain words for a type the municipality switched off: not 'unknown', but not taken."""
    return _(
        "De gemeente %(municipality)s neemt geen signalen aan over '%(type)s'. Deze soort "
        "signaal staat bij de gemeente uit."
    ) % {"municipality": municipality.name, "type": signal_type.display_name}


@dataclass(frozen=True)
class Subject:
    """Who a partner means, parsed: the household and person when Stabiel knows them."""

    household: Household | None
    person: Person | None
    bsn: str
    postcode: str
    house_number: str

    @property
    def known(self) -> bool:
        return self.household is not None


def subject_find(
    *, municipality: Municipality, bsn: str = "", postcode: str = "", house_number: str = ""
) -> Subject:
    """Parse the identifiers (one parser, one Dutch message each) and find the household and
    person they name. A resident Stabiel does not know — not in the register, moved away, or
    BSN and address that disagree — gives a Subject without household: such a signal is held,
    never refused, so the answer tells nobody who lives in the municipality."""
    try:
        bsn = identities.bsn_parse(bsn) if str(bsn).strip() else ""
        if str(postcode).strip() or str(house_number).strip():
            postcode = identities.postcode_parse(postcode)
            house_number = identities.house_number_parse(house_number)
        else:
            postcode = house_number = ""
    except identities.IdentityError as error:
        raise SignalInputError(str(error), field=error.field) from error
    if not bsn and not postcode:
        raise SignalInputError("Geef een BSN of een adres (postcode en huisnummer).", field="bsn")
    person = household = None
    unknown = Subject(None, None, bsn, postcode, house_number)
    if bsn:
        # Person and current household in one query.
        found = resident_current(
            municipality_id=municipality.pk, pseudonym=pseudonyms.person_pseudonym(bsn)
        )
        if found is None:
            return unknown
        person, household = found
    if postcode:
        at_address = Household.objects.filter(
            municipality=municipality,
            pseudonym=pseudonyms.address_pseudonym(postcode, house_number),
        ).first()
        if at_address is None or (household is not None and household.pk != at_address.pk):
            return unknown
        household = at_address
    return Subject(household, person, bsn, postcode, house_number)


def locate(
    *, municipality: Municipality, bsn: str = "", postcode: str = "", house_number: str = ""
) -> tuple[Household, Person | None]:
    """The household (and person) for the municipality's own records (decisions), which need a
    known resident: an unknown one is refused, with the reason. Partners' signals use
    `subject_find`, which never tells them who lives in the municipality."""
    person = None
    household = None
    try:
        bsn = identities.bsn_parse(bsn) if bsn else ""
        if postcode or house_number:
            postcode = identities.postcode_parse(postcode)
            house_number = identities.house_number_parse(house_number)
    except identities.IdentityError as error:
        raise SignalInputError(str(error), field=error.field) from error
    if bsn:
        pseudonym = pseudonyms.person_pseudonym(bsn)
        # Person and current household in one query; the reason for a miss only when needed.
        found = resident_current(municipality_id=municipality.pk, pseudonym=pseudonym)
        if found is None:
            if not Person.objects.filter(municipality=municipality, pseudonym=pseudonym).exists():
                raise SignalInputError("Deze persoon is niet bekend in de gemeente.", field="bsn")
            raise SignalInputError("Deze persoon woont niet (meer) in de gemeente.", field="bsn")
        person, household = found
    if postcode:
        at_address = Household.objects.filter(
            municipality=municipality,
            pseudonym=pseudonyms.address_pseudonym(postcode, house_number),
        ).first()
        if at_address is None:
            raise SignalInputError("Op dit adres is geen huishouden bekend.", field="postcode")
        if household is not None and household.pk != at_address.pk:
            raise SignalInputError("Deze persoon woont niet op dit adres.", field="postcode")
        household = at_address
    if household is None:
        raise SignalInputError("Geef een BSN of een adres (postcode en huisnummer).", field="bsn")
    return household, person


def unmatched_digest(
    *, signal_type_id: int, bsn: str, postcode: str, house_number: str, observed_on: date, note: str
) -> str:
    """The content hash of a held signal: the identifiers as sent instead of the household, so
    sending it again answers the same whether or not it has been matched since."""
    return content_hash(
        signal_type_id,
        "unmatched",
        pseudonyms.person_pseudonym(bsn) if bsn else "",
        pseudonyms.address_pseudonym(postcode, house_number) if postcode else "",
        observed_on,
        note,
    )


@transaction.atomic
def signal_record(
    *,
    municipality: Municipality,
    partner: PartnerOrganisation,
    signal_type_code: str,
    observed_on: date,
    reference: str,
    bsn: str = "",
    postcode: str = "",
    house_number: str = "",
    note: str = "",
    channel: str = Channel.FORM,
    reported_by: User | None = None,
    today: date | None = None,
) -> SignalReceipt:
    """Store one signal. The same reference with the same content answers the first signal."""
    today = today or timezone.localdate()
    reference = reference.strip()
    if not reference:
        raise SignalInputError("Geef uw eigen kenmerk van dit signaal.", field="reference")
    if len(reference) > 64:
        raise SignalInputError("Het kenmerk is te lang (hoogstens 64 tekens).", field="reference")
    if observed_on > today:
        raise SignalInputError("De datum ligt in de toekomst.", field="observed_on")
    if len(note) > 500:
        raise SignalInputError("De uitleg is te lang (hoogstens 500 tekens).", field="note")
    signal_type = signal_type_for(municipality=municipality, code=signal_type_code)
    subject = subject_find(
        municipality=municipality, bsn=bsn, postcode=postcode, house_number=house_number
    )
    return signal_store(
        municipality=municipality,
        partner=partner,
        signal_type=signal_type,
        subject=subject,
        observed_on=observed_on,
        reference=reference,
        note=note.strip(),
        channel=channel,
        reported_by=reported_by,
        today=today,
    )


def signal_store(
    *,
    municipality: Municipality,
    partner: PartnerOrganisation,
    signal_type: SignalType,
    subject: Subject,
    observed_on: date,
    reference: str,
    note: str,
    channel: str,
    reported_by: User | None = None,
    today: date,
    batch_id: int | None = None,
) -> SignalReceipt:
    """One signal (form, API) through `signals_store`: a known resident's signal is announced to
    the rules; an unknown one is held with its identifiers. Trusted write: callers have checked
    the type, the dates and the reference."""
    household, person = subject.household, subject.person
    held_digest = unmatched_digest(
        signal_type_id=signal_type.pk,
        bsn=subject.bsn,
        postcode=subject.postcode,
        house_number=subject.house_number,
        observed_on=observed_on,
        note=note,
    )
    if household is not None:
        digest = content_hash(
            signal_type.pk, household.pk, person.pk if person else None, observed_on, note
        )
        held = None
    else:
        digest = held_digest
        held = (subject.bsn, subject.postcode, subject.house_number)
    row = SignalRow(
        partner_id=partner.pk,
        signal_type_id=signal_type.pk,
        household_id=household.pk if household else None,
        person_id=person.pk if person else None,
        observed_on=observed_on,
        received_on=today,
        reference=reference,
        note=note,
        content_hash=digest,
        held=held,
        # held before and matched since: the same content, sent again
        same_as=held_digest,
    )
    outcome = signals_store(
        municipality_id=municipality.pk,
        rows=[row],
        channel=channel,
        reported_by_id=reported_by.pk if reported_by else None,
        batch_id=batch_id,
        # A partner's answer must not tell whether the resident is known here: the rules for a
        # known one run in the background, not while the partner waits (issue 12, part 4).
        in_background=channel in (Channel.API, Channel.FORM),
    )
    if outcome.conflicts:
        raise ReferenceConflictError(
            "Dit kenmerk is al gebruikt voor een ander signaal. Gebruik een nieuw kenmerk.",
            field="reference",
        )
    signal_id = outcome.ids[(partner.pk, reference)]
    if not outcome.created:
        return SignalReceipt(Signal.objects.get(pk=signal_id), created=False)
    # What was stored, without reading it back (the partner API's hot path).
    signal = Signal(
        pk=signal_id,
        municipality=municipality,
        signal_type=signal_type,
        household=household,
        person=person,
        observed_on=observed_on,
        received_on=today,
        partner=partner,
        reported_by=reported_by,
        reference=reference,
        note=note,
        channel=channel,
        content_hash=digest,
        batch_id=batch_id,
        created_at=outcome.stored_at,
        updated_at=outcome.stored_at,
    )
    signal._state.adding = False
    signal._state.db = connection.alias
    return SignalReceipt(signal, created=True)


# The one way in: every Signal row --------------------------------------------------------------

# Same messages as the importer's checks of a staged file (`importing.staging`).
STORED_OTHER_CONTENT = (
    "Dit kenmerk is al gebruikt voor een ander signaal of een andere beschikking."
)
TWICE_OTHER_CONTENT = "Dit kenmerk staat in het bestand ook bij een andere regel met andere inhoud."
COPY_FROM = 1000  # rows in one call from which PostgreSQL gets them streamed with COPY
TOUCHED_LIMIT = 2000  # beyond this many households, one full rule run is cheaper
_IN_CHUNK = 500  # references per look-up on SQLite (bound parameters)


class SignalRow(NamedTuple):
    """One signal to store, checked by its caller: the type may be a signal here, the dates, the
    reference and the lengths are valid, and `content_hash` says what it is about."""

    partner_id: int
    signal_type_id: int
    household_id: int | None
    person_id: int | None
    observed_on: date
    received_on: date
    reference: str
    note: str
    content_hash: str
    # A resident Stabiel does not know (household_id None): BSN, postcode and house number as
    # parsed, kept in UnmatchedSubject so the signal can be matched later.
    held: tuple[str, str, str] | None = None
    line: int = 0  # the line in a file, for a refusal
    # Another content hash meaning the same content (a held signal matched since).
    same_as: str = ""


@dataclass
class StoreOutcome:
    created: int = 0
    # (partner, reference) -> id, for the new rows and for those stored before with the same
    # content; not filled for rows streamed with COPY, except the held ones.
    ids: dict[tuple[int, str], int] = field(default_factory=dict)
    conflicts: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    held: int = 0
    stored_at: datetime = field(default_factory=timezone.now)
    # Households of the new rows; None when more than `TOUCHED_LIMIT`.
    household_ids: list[int] | None = field(default_factory=list)


_SIGNAL_COLUMNS = (
    "municipality_id",
    "signal_type_id",
    "household_id",
    "person_id",
    "observed_on",
    "received_on",
    "partner_id",
    "reported_by_id",
    "reference",
    "note",
    "channel",
    "batch_id",
    "content_hash",
    "status",
    "withdrawn_reason",
    "created_at",
    "updated_at",
)
_HELD_COLUMNS = (
    "municipality_id",
    "signal_id",
    "bsn",
    "postcode",
    "house_number",
    "person_pseudonym",
    "address_pseudonym",
    "outcome",
    "discard_reason",
    "created_at",
    "updated_at",
)


def signals_store(
    *,
    municipality_id: int,
    rows: Sequence[SignalRow],
    channel: str,
    batch_id: int | None = None,
    reported_by_id: int | None = None,
    db: BaseDatabaseWrapper | None = None,
    announce: bool = True,
    in_background: bool = False,
    touched_limit: int = TOUCHED_LIMIT,
) -> StoreOutcome:
    """The one place Signal rows are created — form, API, partner files, early-warning arrears
    and the demo — one row or a whole piece of a file at once.

    Idempotent per (partner, reference): a reference stored before with the same content is
    answered with the stored signal and not added again; with other content it is a conflict,
    (line, reason), and nothing is added for it (the caller refuses: the API with 409, a file as
    a whole). Rows for a resident Stabiel does not know are stored without household and held
    with their identifiers (UnmatchedSubject), in the same transaction. New rows of known
    households are announced to the rules after commit (`announce`; only on Django's own
    connection), `in_background` through a task: a partner's answer then costs the same
    whether or not Stabiel knows the resident (the rules run for known ones only). All or nothing: in one transaction on `db` (by default Django's connection;
    a caller with a connection of its own, such as the importer's writer thread, holds the
    transaction itself). Trusted write: callers have checked the rows (see `SignalRow`)."""
    db = db or connection
    outcome = StoreOutcome()
    first: dict[tuple[int, str], SignalRow] = {}
    for row in rows:
        key = (row.partner_id, row.reference)
        seen = first.get(key)
        if seen is None:
            first[key] = row
        elif seen.content_hash != row.content_hash:
            outcome.conflicts.append((row.line, TWICE_OTHER_CONTENT))
    if not first:
        return outcome
    own = db is connection
    # savepoint=False: inside a caller's transaction this is part of it (one less round trip)
    with transaction.atomic(savepoint=False) if own else contextlib.nullcontext():
        fresh = _store(db, municipality_id, first, outcome, channel, batch_id, reported_by_id)
    fresh_households = {row.household_id for row in fresh if row.household_id is not None}
    outcome.household_ids = (
        None if len(fresh_households) > touched_limit else sorted(fresh_households)
    )
    if announce and own and fresh_households:
        touched = outcome.household_ids
        if in_background:
            from .tasks import households_touched_announce

            transaction.on_commit(
                lambda: households_touched_announce.enqueue(municipality_id, touched, "signals")
            )
        else:
            # robust: the signals are stored either way; a failing rule run is logged, not shown
            transaction.on_commit(
                lambda: households_touched(
                    municipality_id=municipality_id, household_ids=touched, changed="signals"
                ),
                robust=True,
            )
    return outcome


def _store(
    db: BaseDatabaseWrapper,
    municipality_id: int,
    first: dict[tuple[int, str], SignalRow],
    outcome: StoreOutcome,
    channel: str,
    batch_id: int | None,
    reported_by_id: int | None,
) -> list[SignalRow]:
    """Insert the rows not stored yet, compare the others, hold the unknown; the new rows."""
    now = outcome.stored_at
    fixed = (municipality_id, channel, batch_id, reported_by_id, now)
    if db.vendor == "postgresql" and len(first) >= COPY_FROM:
        stored = _stored(db, municipality_id, list(first))
        fresh = [row for key, row in first.items() if key not in stored]
        _copy(db, fresh, fixed)
        new_held = [(row.partner_id, row.reference) for row in fresh if row.held is not None]
        if new_held:  # their ids, for UnmatchedSubject
            for key, (signal_id, _digest) in _stored(db, municipality_id, new_held).items():
                outcome.ids[key] = signal_id
    else:
        inserted = _insert(db, list(first.values()), fixed)
        outcome.ids.update(inserted)
        fresh = [row for key, row in first.items() if key in inserted]
        missing = [key for key in first if key not in inserted]
        stored = _stored(db, municipality_id, missing) if missing else {}
    outcome.created = len(fresh)
    for key, (signal_id, digest) in stored.items():
        row = first[key]
        if digest == row.content_hash or (row.same_as and digest == row.same_as):
            outcome.ids[key] = signal_id
        else:
            outcome.conflicts.append((row.line, STORED_OTHER_CONTENT))
    held = [row for row in fresh if row.held is not None]
    if held:
        _hold(db, municipality_id, held, outcome, now)
        outcome.held = len(held)
    return fresh


def _values(row: SignalRow, fixed: tuple[Any, ...]) -> tuple[Any, ...]:
    municipality_id, channel, batch_id, reported_by_id, now = fixed
    return (
        municipality_id,
        row.signal_type_id,
        row.household_id,
        row.person_id,
        row.observed_on,
        row.received_on,
        row.partner_id,
        reported_by_id,
        row.reference,
        row.note,
        channel,
        batch_id,
        row.content_hash,
        Signal.Status.RECEIVED.value,
        "",
        now,
        now,
    )


def _adapted(db: BaseDatabaseWrapper, values: tuple[Any, ...]) -> list[Any]:
    """Dates and times as the database driver wants them (SQLite stores text)."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, datetime):
            out.append(db.ops.adapt_datetimefield_value(value))
        elif isinstance(value, date):
            out.append(db.ops.adapt_datefield_value(value))
        else:
            out.append(value)
    return out


def _insert(
    db: BaseDatabaseWrapper, rows: list[SignalRow], fixed: tuple[Any, ...]
) -> dict[tuple[int, str], int]:
    """`INSERT … ON CONFLICT DO NOTHING RETURNING` (PostgreSQL and SQLite): a reference stored a
    moment ago by a parallel request is skipped, not an error. (partner, reference) -> new id."""
    qn = db.ops.quote_name
    table = qn(Signal._meta.db_table)
    columns = ", ".join(qn(c) for c in _SIGNAL_COLUMNS)
    marks = "(" + ", ".join(["%s"] * len(_SIGNAL_COLUMNS)) + ")"
    inserted: dict[tuple[int, str], int] = {}
    per_statement = 50 if db.vendor == "sqlite" else 500  # SQLite: at most 999 parameters
    with db.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            part = rows[start : start + per_statement]
            params: list[Any] = []
            for row in part:
                params += _adapted(db, _values(row, fixed))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * len(part))} "  # noqa: S608 - names from the model
                "ON CONFLICT (municipality_id, partner_id, reference) DO NOTHING "
                "RETURNING id, partner_id, reference",
                params,
            )
            for signal_id, partner_id, reference in cursor.fetchall():
                inserted[(partner_id, reference)] = signal_id
    return inserted


def _copy(db: BaseDatabaseWrapper, rows: list[SignalRow], fixed: tuple[Any, ...]) -> None:
    """PostgreSQL: stream new rows with COPY (the importer's pieces, early warning's arrears)."""
    if not rows:
        return
    sql = f"COPY {Signal._meta.db_table} ({', '.join(_SIGNAL_COLUMNS)}) FROM STDIN"
    with db.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(_values(row, fixed))


def _stored(
    db: BaseDatabaseWrapper, municipality_id: int, keys: list[tuple[int, str]]
) -> dict[tuple[int, str], tuple[int, str]]:
    """(partner, reference) -> (id, content hash) of the given references already stored."""
    by_partner: dict[int, list[str]] = {}
    for partner_id, reference in keys:
        by_partner.setdefault(partner_id, []).append(reference)
    table = db.ops.quote_name(Signal._meta.db_table)
    found: dict[tuple[int, str], tuple[int, str]] = {}
    with db.cursor() as cursor:
        for partner_id, references in by_partner.items():
            if db.vendor == "postgresql":
                parts = [references]
            else:
                parts = [
                    references[i : i + _IN_CHUNK] for i in range(0, len(references), _IN_CHUNK)
                ]
            for part in parts:
                where = (
                    "reference = ANY(%s)"
                    if db.vendor == "postgresql"
                    else f"reference IN ({', '.join(['%s'] * len(part))})"
                )
                params = [part] if db.vendor == "postgresql" else list(part)
                cursor.execute(
                    f"SELECT id, reference, content_hash FROM {table} "  # noqa: S608 - names from the model
                    f"WHERE municipality_id = %s AND partner_id = %s AND {where}",
                    [municipality_id, partner_id, *params],
                )
                for signal_id, reference, digest in cursor.fetchall():
                    found[(partner_id, reference)] = (signal_id, digest)
    return found


def _hold(
    db: BaseDatabaseWrapper,
    municipality_id: int,
    rows: list[SignalRow],
    outcome: StoreOutcome,
    now: datetime,
) -> None:
    """Keep the identifiers of new signals about residents Stabiel does not know."""
    values = []
    for row in rows:
        assert row.held is not None  # noqa: S101 - the caller passes held rows only
        bsn, postcode, number = row.held
        values.append(
            _adapted(
                db,
                (
                    municipality_id,
                    outcome.ids[(row.partner_id, row.reference)],
                    bsn,
                    postcode,
                    number,
                    pseudonyms.person_pseudonym(bsn) if bsn else "",
                    pseudonyms.address_pseudonym(postcode, number) if postcode else "",
                    UnmatchedSubject.Outcome.WAITING.value,
                    "",
                    now,
                    now,
                ),
            )
        )
    qn = db.ops.quote_name
    with db.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {qn(UnmatchedSubject._meta.db_table)} "  # noqa: S608 - names from the model
            f"({', '.join(qn(c) for c in _HELD_COLUMNS)}) "
            f"VALUES ({', '.join(['%s'] * len(_HELD_COLUMNS))})",
            values,
        )


# Signals about residents Stabiel does not know (yet) ------------------------------------------

DISCARD_REASON_MAX = 300


def _unmatched_resolve(
    held: UnmatchedSubject,
    *,
    household: Household,
    person: Person | None,
    actor: User | None,
) -> None:
    """Point the held signal at the household, clear the identifiers it came with, and let the
    rules look at the household (from now on the signal counts)."""
    Signal.objects.filter(pk=held.signal_id).update(
        household=household, person=person, updated_at=timezone.now()
    )
    held.outcome = UnmatchedSubject.Outcome.MATCHED
    held.bsn = held.postcode = held.house_number = ""
    held.resolved_at = timezone.now()
    held.resolved_by = actor
    held.save()
    municipality_id, household_id = held.municipality_id, household.pk
    transaction.on_commit(
        lambda: households_touched(
            municipality_id=municipality_id, household_ids=[household_id], changed="signals"
        ),
        robust=True,
    )


def _waiting(*, actor: User, signal_id: int) -> UnmatchedSubject:
    from stabiel.accounts.policy import Permission, require

    require(actor, Permission.CASES_WORK)
    if actor.municipality_id is None:
        raise SignalInputError(_("Dit signaal is al gekoppeld of terzijde gelegd."))
    held = (
        UnmatchedSubject.objects.select_for_update()
        .filter(
            municipality_id=actor.municipality_id,
            signal_id=signal_id,
            outcome=UnmatchedSubject.Outcome.WAITING,
        )
        .first()
    )
    if held is None:
        raise SignalInputError(_("Dit signaal is al gekoppeld of terzijde gelegd."))
    return held


@transaction.atomic
def unmatched_match(*, actor: User, signal_id: int, household_label: str) -> Signal:
    """An access worker matches a held signal to a household they may see. The person is the
    member with the BSN the partner sent, if they live there."""
    held = _waiting(actor=actor, signal_id=signal_id)
    household = (
        households_searchable_by(actor)
        .filter(label=household_label.strip().upper(), merged_into__isnull=True)
        .first()
    )
    if household is None:
        raise SignalInputError(
            _("Geen huishouden met dit kenmerk in het gebied van uw teams."), field="household"
        )
    person = None
    if held.person_pseudonym:
        person = Person.objects.filter(
            municipality_id=held.municipality_id,
            pseudonym=held.person_pseudonym,
            memberships__household=household,
            memberships__end_on__isnull=True,
        ).first()
    _unmatched_resolve(held, household=household, person=person, actor=actor)
    log_access(
        actor=actor,
        household=household,
        action="change",
        shown=f"signaal {signal_id} gekoppeld aan het huishouden",
        purpose=str(PURPOSES["unmatched"]),
    )
    return Signal.objects.get(pk=signal_id)


@transaction.atomic
def unmatched_discard(*, actor: User, signal_id: int, reason: str) -> UnmatchedSubject:
    """Lay a held signal aside with the reason (no such resident, not ours). It keeps counting
    for nothing, its identifiers are cleared, and retention removes it like any signal."""
    reason = (reason or "").strip()
    if not reason:
        raise SignalInputError(_("Schrijf op waarom u het signaal terzijde legt."), field="reason")
    if len(reason) > DISCARD_REASON_MAX:
        raise SignalInputError(
            _("Schrijf de reden in hoogstens %(max)d tekens.") % {"max": DISCARD_REASON_MAX},
            field="reason",
        )
    held = _waiting(actor=actor, signal_id=signal_id)
    held.outcome = UnmatchedSubject.Outcome.DISCARDED
    held.discard_reason = reason
    held.bsn = held.postcode = held.house_number = ""
    held.person_pseudonym = held.address_pseudonym = ""
    held.resolved_at = timezone.now()
    held.resolved_by = actor
    held.save()
    log_access(
        actor=actor,
        action="change",
        shown=f"signaal {signal_id} zonder bekend huishouden terzijde gelegd",
        purpose=str(PURPOSES["unmatched"]),
    )
    return held


@transaction.atomic
def unmatched_match_known(*, municipality_id: int) -> int:
    """After a register feed: match every held signal whose BSN now names a resident (and whose
    address, if sent, is where they live), or whose address now names a household. Safe to run
    twice. Returns how many were matched."""
    matched = 0
    waiting = UnmatchedSubject.objects.select_for_update(skip_locked=True).filter(
        municipality_id=municipality_id, outcome=UnmatchedSubject.Outcome.WAITING
    )
    for held in waiting:
        person: Person | None = None
        household: Household | None = None
        if held.person_pseudonym:
            found = resident_current(
                municipality_id=municipality_id, pseudonym=held.person_pseudonym
            )
            if found is None:
                continue
            person, household = found
            if held.address_pseudonym and household.pseudonym != held.address_pseudonym:
                continue
        else:
            household = Household.objects.filter(
                municipality_id=municipality_id,
                pseudonym=held.address_pseudonym,
                merged_into__isnull=True,
            ).first()
        if household is None:
            continue
        _unmatched_resolve(held, household=household, person=person, actor=None)
        matched += 1
    return matched


@transaction.atomic
def decision_record(
    *,
    municipality: Municipality,
    household: Household,
    person: Person | None,
    law: str,
    product: str,
    need: str,
    start_on: date,
    end_on: date | None,
    reference: str,
    provision_type: ProvisionType | None = None,
) -> Decision:
    if end_on is not None and end_on < start_on:
        raise SignalInputError("De einddatum ligt vóór de begindatum.", field="end_on")
    if law not in Decision.Law.values:
        raise SignalInputError("Kies een wet, of 'zonder beschikking'.", field="law")
    digest = content_hash(
        household.pk, person.pk if person else None, law, product, need, start_on, end_on
    )
    existing = Decision.objects.filter(municipality=municipality, reference=reference).first()
    if existing is not None:
        if existing.content_hash != digest:
            raise SignalInputError(
                "Dit kenmerk is al gebruikt voor een andere beschikking.", field="reference"
            )
        return existing
    decision = Decision.objects.create(
        municipality=municipality,
        household=household,
        person=person,
        law=law,
        product=product,
        need=need,
        start_on=start_on,
        end_on=end_on,
        reference=reference,
        provision_type=provision_type,
        content_hash=digest,
    )
    transaction.on_commit(
        lambda: households_touched(
            municipality_id=municipality.pk, household_ids=[household.pk], changed="decisions"
        )
    )
    return decision


def households_touched(
    *, municipality_id: int, household_ids: list[int] | None, changed: str | None = None
) -> None:
    """Announce new facts ("signals" or "decisions") or a signal taken back ("withdrawn")
    about households; the rules and cases apps react."""
    events.households_touched.send(
        sender=Household,
        municipality_id=municipality_id,
        household_ids=household_ids,
        changed=changed,
    )


def api_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_client_create(
    *,
    partner: PartnerOrganisation,
    name: str,
    expires_on: date | None = None,
    created_by: User | None = None,
) -> tuple[PartnerApiClient, str]:
    """A new API client for a partner. The token is shown once and only its hash is stored.
    Trusted write: the administrator's screen and the command check their input first."""
    token = secrets.token_urlsafe(32)
    client = PartnerApiClient.objects.create(
        municipality_id=partner.municipality_id,
        partner=partner,
        name=name,
        token_hash=api_token_hash(token),
        token_hint=token[:6],
        expires_on=expires_on,
        created_by=created_by,
    )
    return client, token


# Status a partner sees -------------------------------------------------------------------------

WITHDRAW_REASON_MAX = 500


def signals_mark_picked_up(
    *,
    municipality_id: int,
    signal_ids: Iterable[int] | QuerySet[Any, Any] | None = None,
    household_ids: Iterable[int] | None = None,
    households: QuerySet[Any, Any] | None = None,
) -> int:
    """Received signals become "opgepakt": an access worker took an alert with them, or they
    arrived for a household with an open case. A withdrawn signal stays withdrawn."""
    qs = Signal.objects.filter(municipality_id=municipality_id, status=Signal.Status.RECEIVED)
    if signal_ids is not None:
        qs = qs.filter(pk__in=signal_ids)
    if household_ids is not None:
        qs = qs.filter(household_id__in=household_ids)
    if households is not None:  # a subquery of household ids
        qs = qs.filter(household_id__in=households)
    return qs.update(status=Signal.Status.PICKED_UP)


@transaction.atomic
def signal_withdraw_own(
    *, actor: User, signal_id: int, reason: str, today: date | None = None
) -> Signal:
    """A partner takes back a signal its organisation sent, with the reason. From then on it
    counts for no rule; the rules look at the household again after commit."""
    from stabiel.accounts.policy import Permission, require

    require(actor, Permission.SIGNALS_REPORT)
    reason = (reason or "").strip()
    if actor.municipality_id is None or actor.partner_organisation_id is None:
        raise SignalInputError(_("Dit signaal bestaat niet of is niet van uw organisatie."))
    signal = (
        Signal.objects.select_for_update()
        .filter(
            pk=signal_id,
            municipality_id=actor.municipality_id,
            partner_id=actor.partner_organisation_id,
        )
        .first()
    )
    if signal is None or actor.partner_organisation_id is None:
        raise SignalInputError(_("Dit signaal bestaat niet of is niet van uw organisatie."))
    if signal.status == Signal.Status.WITHDRAWN:
        raise SignalInputError(_("Dit signaal is al ingetrokken."))
    if not reason:
        raise SignalInputError(_("Schrijf op waarom u het signaal intrekt."), field="reason")
    if len(reason) > WITHDRAW_REASON_MAX:
        raise SignalInputError(
            _("Schrijf de reden in hoogstens %(max)d tekens.") % {"max": WITHDRAW_REASON_MAX},
            field="reason",
        )
    signal.status = Signal.Status.WITHDRAWN
    signal.withdrawn_on = today or timezone.localdate()
    signal.withdrawn_reason = reason
    signal.save(update_fields=["status", "withdrawn_on", "withdrawn_reason", "updated_at"])
    municipality_id, household_id = signal.municipality_id, signal.household_id
    if household_id is None:  # held, not matched: it counted for no rule
        return signal
    transaction.on_commit(
        lambda: households_touched(
            municipality_id=municipality_id, household_ids=[household_id], changed="withdrawn"
        ),
        robust=True,
    )
    return signal


# Imports ----------------------------------------------------------------------------------

CHUNK_BYTES = 8 * 1024 * 1024


@transaction.atomic
def batch_retry(*, batch: ImportBatch) -> ImportBatch:
    """Queue a failed or interrupted batch again. Safe: the import is idempotent, so rows that
    were stored the first time are recognised and nothing is added twice."""
    from .tasks import import_batch_process

    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.can_retry:
        raise SignalInputError(
            "Alleen een bestand dat mislukt of onderbroken is, kan opnieuw verwerkt worden."
        )
    batch.status = ImportBatch.Status.QUEUED
    batch.message = ""
    batch.started_at = batch.finished_at = None
    batch.processed_rows = batch.processed_bytes = 0
    batch.save()
    transaction.on_commit(lambda: import_batch_process.enqueue(batch.pk))
    return batch


@dataclass(frozen=True)
class BatchReceipt:
    batch: ImportBatch
    already_imported: bool
    # The same file was refused before and is now read again (with today's settings).
    refused_before: bool = False


def batch_create(
    *,
    municipality: Municipality,
    kind: str,
    partner: PartnerOrganisation | None,
    uploaded_by: User,
    filename: str,
    stream: IO[bytes],
    size: int,
) -> BatchReceipt:
    """Store an uploaded file in pieces and queue it. The same file twice is not queued again."""
    from django.conf import settings

    from .tasks import import_batch_process

    if size > settings.IMPORT_MAX_BYTES:
        raise SignalInputError(
            f"Dit bestand is te groot ({size // 1_000_000} MB). Het mag hoogstens {settings.IMPORT_MAX_BYTES // 1_000_000} MB zijn.",
            field="file",
        )
    if size == 0:
        raise SignalInputError("Het bestand is leeg.", field="file")
    if kind not in ImportBatch.Kind.values:
        raise SignalInputError("Kies wat voor bestand het is.", field="kind")
    if partner is not None and partner.municipality_id != municipality.pk:
        raise PermissionError("partner of another municipality")
    digest = hashlib.sha256()
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            municipality=municipality,
            kind=kind,
            partner=partner,
            uploaded_by=uploaded_by,
            filename=filename[:255],
            sha256=f"pending-{secrets.token_hex(8)}",
            size=size,
        )
        seq = 0
        while piece := stream.read(CHUNK_BYTES):
            digest.update(piece)
            ImportChunk.objects.create(batch=batch, seq=seq, data=piece)
            seq += 1
        same_file = ImportBatch.objects.filter(
            municipality=municipality, kind=kind, partner=partner, sha256=digest.hexdigest()
        )
        # Idempotent for every file that was accepted or is still being read. A refused file
        # stored nothing: delivered again (after the municipality fixed a setting), it is read
        # again with today's settings; the refused batch stays in the list as it was.
        earlier = same_file.exclude(status=ImportBatch.Status.REJECTED).first()
        if earlier is not None:
            transaction.set_rollback(True)
            return BatchReceipt(earlier, already_imported=True)
        refused_before = same_file.filter(status=ImportBatch.Status.REJECTED).exists()
        batch.sha256 = digest.hexdigest()
        batch.save(update_fields=["sha256", "updated_at"])
        transaction.on_commit(lambda: import_batch_process.enqueue(batch.pk))
    return BatchReceipt(batch, already_imported=False, refused_before=refused_before)
