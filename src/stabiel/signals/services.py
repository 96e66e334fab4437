"""Writes on signals, decisions, partner API clients and import files."""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.models import Municipality, PartnerOrganisation, User
from stabiel.catalogue.models import ItemSwitch, ProvisionType, RedFlagType, SignalType
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
        raise SignalInputError(f"Onbekende soort signaal: {code!r}.", field="signal_type")
    return signal_type


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
        raise SignalInputError("De toelichting is te lang (hoogstens 500 tekens).", field="note")
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
    """The one place a single Signal row is created (form, API, early warning): a known
    resident's signal is announced to the rules; an unknown one is held with its identifiers.
    Trusted write: callers have checked the type, the dates and the reference."""
    household, person = subject.household, subject.person
    if household is not None:
        digest = content_hash(
            signal_type.pk, household.pk, person.pk if person else None, observed_on, note
        )
        held_digest = ""
    else:
        digest = held_digest = unmatched_digest(
            signal_type_id=signal_type.pk,
            bsn=subject.bsn,
            postcode=subject.postcode,
            house_number=subject.house_number,
            observed_on=observed_on,
            note=note,
        )
    signal = Signal(
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
    )
    if not _insert_unless_known(signal):
        # The reference was used before (perhaps a moment ago by a parallel request).
        existing = Signal.objects.get(
            municipality=municipality, partner=partner, reference=reference
        )
        if existing.content_hash != digest and not (
            # held before and matched since: the same content, sent again
            held_digest == "" and _held_digest_of(existing, subject) == existing.content_hash
        ):
            raise ReferenceConflictError(
                "Dit kenmerk is al gebruikt voor een ander signaal. Gebruik een nieuw kenmerk.",
                field="reference",
            )
        return SignalReceipt(existing, created=False)
    if household is None:
        UnmatchedSubject.objects.create(
            municipality=municipality,
            signal=signal,
            bsn=subject.bsn,
            postcode=subject.postcode,
            house_number=subject.house_number,
            person_pseudonym=pseudonyms.person_pseudonym(subject.bsn) if subject.bsn else "",
            address_pseudonym=pseudonyms.address_pseudonym(subject.postcode, subject.house_number)
            if subject.postcode
            else "",
        )
        return SignalReceipt(signal, created=True)
    household_id = household.pk
    # robust: the signal is stored either way; a failing rule run is logged, not shown to the sender
    transaction.on_commit(
        lambda: households_touched(
            municipality_id=municipality.pk, household_ids=[household_id], changed="signals"
        ),
        robust=True,
    )
    return SignalReceipt(signal, created=True)


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
def unmatched_hold(
    *, municipality_id: int, partner_id: int | None, held: dict[str, tuple[str, str, str]]
) -> int:
    """Keep the identifiers of a file's signals about unknown residents (reference -> BSN,
    postcode, house number), for those stored without household and not held yet. Idempotent."""
    made = 0
    references = list(held)
    for start in range(0, len(references), 5000):
        part = references[start : start + 5000]
        signals = Signal.objects.filter(
            municipality_id=municipality_id,
            partner_id=partner_id,
            reference__in=part,
            household__isnull=True,
            unmatched__isnull=True,
        ).values_list("id", "reference")
        rows = []
        for signal_id, reference in signals:
            bsn, postcode, number = held[reference]
            rows.append(
                UnmatchedSubject(
                    municipality_id=municipality_id,
                    signal_id=signal_id,
                    bsn=bsn,
                    postcode=postcode,
                    house_number=number,
                    person_pseudonym=pseudonyms.person_pseudonym(bsn) if bsn else "",
                    address_pseudonym=pseudonyms.address_pseudonym(postcode, number)
                    if postcode
                    else "",
                )
            )
        UnmatchedSubject.objects.bulk_create(rows, batch_size=2000)
        made += len(rows)
    return made


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


def _held_digest_of(existing: Signal, subject: Subject) -> str:
    return unmatched_digest(
        signal_type_id=existing.signal_type_id,
        bsn=subject.bsn,
        postcode=subject.postcode,
        house_number=subject.house_number,
        observed_on=existing.observed_on,
        note=existing.note,
    )


def _insert_unless_known(signal: Signal) -> bool:
    """Insert the signal unless its reference is already stored; True when it was inserted.

    One statement (`INSERT … ON CONFLICT DO NOTHING RETURNING id`, on PostgreSQL and SQLite)
    instead of a look-up, a savepoint and an insert: the partner API's hot path."""
    qn = connection.ops.quote_name
    fields = [f for f in Signal._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(signal, add=True), connection) for f in fields]
    sql = (
        f"INSERT INTO {qn(Signal._meta.db_table)} "  # noqa: S608 - names from the model
        f"({', '.join(qn(str(f.column)) for f in fields)}) VALUES ({', '.join(['%s'] * len(fields))}) "
        "ON CONFLICT (municipality_id, partner_id, reference) DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    signal.pk = row[0]
    signal._state.adding = False
    signal._state.db = connection.alias
    return True


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
        earlier = ImportBatch.objects.filter(
            municipality=municipality, kind=kind, partner=partner, sha256=digest.hexdigest()
        ).first()
        if earlier is not None:
            transaction.set_rollback(True)
            return BatchReceipt(earlier, already_imported=True)
        batch.sha256 = digest.hexdigest()
        batch.save(update_fields=["sha256", "updated_at"])
        transaction.on_commit(lambda: import_batch_process.enqueue(batch.pk))
    return BatchReceipt(batch, already_imported=False)
