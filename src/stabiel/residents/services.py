"""Writes on households and persons: who lives where, with history kept."""

import codecs
import hashlib
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.models import Area, Municipality
from stabiel.accounts.policy import Permission, may
from stabiel.core.access import log_access
from stabiel.signals.importing.files import XLSX_MAGIC, ImportFileError

from . import events, identities, pseudonyms
from .access import households_searchable_by
from .models import (
    GroupingCorrection,
    Household,
    HouseholdAddress,
    Membership,
    Person,
    PersonContact,
    PersonIdentity,
    RegisterFeed,
    RegisterFeedChunk,
    RegisterFeedProgress,
)
from .register.applying import FeedRejected, feed_apply, feed_preview, stage_clear
from .register.reading import rows_read


class ResidentInputError(ValueError):
    """Input that cannot be stored; the message is plain Dutch and safe to show."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# Population (from the municipality's register) ---------------------------------------------


@transaction.atomic
def household_register(
    *,
    municipality: Municipality,
    street: str,
    house_number: str,
    postcode: str,
    city: str,
    area: Area | None = None,
) -> Household:
    pseudonym = pseudonyms.address_pseudonym(postcode, house_number)
    household, created = Household.objects.get_or_create(
        municipality=municipality,
        pseudonym=pseudonym,
        defaults={"label": pseudonyms.label_for(pseudonym, "HH"), "area": area},
    )
    if created:
        HouseholdAddress.objects.create(
            household=household,
            street=street,
            house_number=house_number,
            postcode=pseudonyms.normalise_postcode(postcode),
            city=city,
        )
    return household


@transaction.atomic
def person_register(
    *,
    municipality: Municipality,
    bsn: str,
    given_names: str,
    surname: str,
    birth_date: date,
    household: Household,
    since: date,
    surname_prefix: str = "",
) -> Person:
    try:
        bsn = identities.bsn_parse(bsn)
    except identities.IdentityError as error:
        raise ResidentInputError(str(error), field="bsn") from error
    pseudonym = pseudonyms.person_pseudonym(bsn)
    person, created = Person.objects.get_or_create(
        municipality=municipality,
        pseudonym=pseudonym,
        defaults={
            "label": pseudonyms.label_for(pseudonym, "P"),
            "birth_month": birth_date.replace(day=1),
        },
    )
    if created:
        PersonIdentity.objects.create(
            person=person,
            bsn=pseudonyms.normalise_bsn(bsn),
            given_names=given_names,
            surname_prefix=surname_prefix,
            surname=surname,
            birth_date=birth_date,
        )
    person_move(person=person, household=household, on=since)
    return person


@transaction.atomic
def person_move(*, person: Person, household: Household, on: date) -> Membership:
    """A person moves into a household (a new address, or joining another): history is kept."""
    if household.municipality_id != person.municipality_id:
        raise PermissionError("household of another municipality")
    current = (
        Membership.objects.select_for_update().filter(person=person, end_on__isnull=True).first()
    )
    if current and current.household_id == household.pk:
        return current
    if current:
        if on < current.start_on:
            raise ResidentInputError(
                _("Een verhuizing kan niet vóór de vorige verhuizing liggen."), field="on"
            )
        current.end_on = on
        current.save(update_fields=["end_on", "updated_at"])
    return Membership.objects.create(person=person, household=household, start_on=on)


@transaction.atomic
def person_leave(*, person: Person, on: date) -> None:
    """A member leaves (moves out of the municipality, dies): the membership ends, history stays."""
    Membership.objects.filter(person=person, end_on__isnull=True).update(
        end_on=on, updated_at=timezone.now()
    )


@transaction.atomic
def households_merge(*, absorbed: Household, into: Household, on: date) -> Household:
    """Two households become one: members move, signals and decisions stay where they were made
    (history), and the absorbed household points at the one it joined."""
    if absorbed.pk == into.pk or absorbed.municipality_id != into.municipality_id:
        raise ResidentInputError(_("Kies twee verschillende huishoudens van dezelfde gemeente."))
    for membership in Membership.objects.filter(
        household=absorbed, end_on__isnull=True
    ).select_related("person"):
        person_move(person=membership.person, household=into, on=on)
    absorbed.merged_into = into
    absorbed.merged_on = on
    absorbed.save(update_fields=["merged_into", "merged_on", "updated_at"])
    return into


# The register feed (BRP extract) -------------------------------------------------------------

MAX_FEED_BYTES = 200 * 1024 * 1024
CHUNK_BYTES = 1 << 20
FeedData = bytes | IO[bytes]  # the file's bytes, or an open file (read a megabyte at a time)


def _pieces(data: FeedData) -> Iterator[bytes]:
    """The file in pieces of CHUNK_BYTES, from its start."""
    if isinstance(data, bytes | bytearray | memoryview):
        view = memoryview(data)
        for start in range(0, len(view), CHUNK_BYTES):
            yield bytes(view[start : start + CHUNK_BYTES])
        return
    data.seek(0)
    while piece := data.read(CHUNK_BYTES):
        yield piece


def _feed_store(feed: RegisterFeed, data: FeedData) -> None:
    """Store the file in chunks with its digest; refused (ResidentInputError) when empty or too
    large. Call inside a transaction: a refused file leaves nothing behind."""
    digest, size, blank = hashlib.sha256(), 0, True
    for seq, piece in enumerate(_pieces(data)):
        size += len(piece)
        if size > MAX_FEED_BYTES:
            raise ResidentInputError(_("Het bestand is groter dan 200 MB."), field="file")
        digest.update(piece)
        blank = blank and not piece.strip()
        RegisterFeedChunk.objects.create(feed=feed, seq=seq, data=piece)
    if blank:
        raise ResidentInputError(_("Het bestand is leeg."), field="file")
    feed.digest = digest.hexdigest()
    feed.save(update_fields=["digest", "updated_at"])


def feed_chunks(feed: RegisterFeed) -> Iterator[bytes]:
    """The stored file, a chunk at a time (never all chunks at once)."""
    for chunk_id in (
        RegisterFeedChunk.objects.filter(feed=feed).order_by("seq").values_list("id", flat=True)
    ):
        yield bytes(
            RegisterFeedChunk.objects.filter(pk=chunk_id).values_list("data", flat=True).get()
        )


def _feed_drop_file(feed: RegisterFeed) -> None:
    """The extract and the preview's work on it are not kept once the feed is done with."""
    RegisterFeedChunk.objects.filter(feed=feed).delete()
    stage_clear(feed.pk)


class FeedBusyError(ResidentInputError):
    """Another server is applying a feed for this municipality right now."""


def _rejected_summary(exc: FeedRejected | ImportFileError) -> dict[str, Any]:
    if isinstance(exc, ImportFileError):
        return {"message": str(exc), "rejections": [[1, str(exc)]], "rows": 0, "rejected": 1}
    return {
        "message": _(
            "Het bestand is niet ingelezen: los de afgekeurde regels op en lever het hele "
            "bestand opnieuw aan. Er is niets veranderd."
        ),
        "rejections": [list(r) for r in exc.rejections],
        "rows": exc.total,
        "rejected": exc.rejected,
    }


def _feed_data_check(data: FeedData) -> None:
    """What can be said about the file before it is stored: not a register extract (binary,
    wrong columns, unreadable JSON or Excel). Empty and too large are found while storing."""
    try:
        next(iter(rows_read(_pieces(data))), None)
    except ImportFileError as exc:
        raise ResidentInputError(str(exc), field="file") from exc


def _rows_in(feed: RegisterFeed) -> int | None:
    """How many persons a CSV file holds, for the progress bar (one per line after the header;
    a quoted line break may make it a few too many). Not known beforehand for JSON or Excel."""
    lines, last = 0, b""
    for number, chunk in enumerate(feed_chunks(feed)):
        if number == 0:
            head = chunk[:1024].lstrip(codecs.BOM_UTF8 + b" \t\r\n")
            if head[:1] in (b"{", b"[") or head.startswith(XLSX_MAGIC):
                return None
        lines += chunk.count(b"\n")
        last = chunk[-1:] or last
    lines += 0 if last in (b"\n", b"") else 1
    return max(lines - 1, 0)


class FeedProgress:
    """Rows read so far by the background work on one feed, where the status page sees them.

    The work runs in one transaction; on PostgreSQL the count is written through a database
    connection of its own, so it is visible at once. On SQLite (one writer at a time, for
    development and tests) it is written through the same connection and shows at the end."""

    def __init__(self, *, feed_id: int, stage: str, total: int | None) -> None:
        self.feed_id, self.stage, self.total = feed_id, stage, total
        self._side: Any = None
        if connection.vendor == "postgresql":
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        self(0)

    def __call__(self, rows: int) -> None:
        if self._side is None:
            RegisterFeedProgress.objects.update_or_create(
                feed_id=self.feed_id,
                defaults={"stage": self.stage, "rows_done": rows, "rows_total": self.total},
            )
            return
        with self._side.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {RegisterFeedProgress._meta.db_table} "  # noqa: S608 - model name
                "(feed_id, stage, rows_done, rows_total, updated_at) "
                "VALUES (%s, %s, %s, %s, now()) ON CONFLICT (feed_id) DO UPDATE SET "
                "stage = EXCLUDED.stage, rows_done = EXCLUDED.rows_done, "
                "rows_total = EXCLUDED.rows_total, updated_at = EXCLUDED.updated_at",
                [self.feed_id, self.stage, rows, self.total],
            )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def _feed_preview_run(feed: RegisterFeed) -> None:
    """Work out what the feed would change, without writing any of it. A rejected file is
    kept with its reasons (not its data) so the page can show them."""
    progress = FeedProgress(
        feed_id=feed.pk, stage=RegisterFeedProgress.Stage.PREVIEW, total=_rows_in(feed)
    )
    try:
        with transaction.atomic():
            outcome = feed_preview(feed=feed, rows=rows_read(feed_chunks(feed)), progress=progress)
    except (FeedRejected, ImportFileError) as exc:
        feed.status = RegisterFeed.Status.REJECTED
        feed.summary = _rejected_summary(exc)
        _feed_drop_file(feed)
    else:
        feed.status = RegisterFeed.Status.PREVIEW
        feed.summary = outcome.as_summary()
    finally:
        progress.close()
    feed.save(update_fields=["status", "summary", "updated_at"])


def register_feed_receive(
    *, municipality: Municipality, name: str, data: FeedData, uploaded_by: Any = None
) -> RegisterFeed:
    """Store an extract and work out what it would change (the preview), in this process;
    nothing else changes. For the scheduled feed and the demo; the screen uses
    register_feed_upload, which does the same in the background. `data` may be an open file:
    it is then read and stored a megabyte at a time."""
    with transaction.atomic():
        feed = RegisterFeed.objects.create(
            municipality=municipality, name=name[:200], digest="", uploaded_by=uploaded_by
        )
        _feed_store(feed, data)
    _feed_preview_run(feed)
    return feed


def _require_feed_admin(actor: Any) -> None:
    if not may(actor, Permission.REGISTER_FEED):
        raise PermissionDenied


def register_feed_upload(*, actor: Any, name: str, data: FeedData) -> RegisterFeed:
    """The administrator's upload: the file is checked as a whole (a bad file is refused with
    a plain message and nothing is stored), then stored and previewed in the background."""
    from .tasks import register_feed_preview_task

    _require_feed_admin(actor)
    _feed_data_check(data)
    with transaction.atomic():
        feed = RegisterFeed.objects.create(
            municipality=actor.municipality,
            name=name[:200],
            digest="",
            uploaded_by=actor,
            status=RegisterFeed.Status.RECEIVED,
        )
        _feed_store(feed, data)
        feed_id = feed.pk
        transaction.on_commit(lambda: register_feed_preview_task.enqueue(feed_id))
    return feed


def register_feed_preview(*, feed_id: int) -> RegisterFeed | None:
    """The background task's body: the preview of a received feed. Safe to run twice."""
    with transaction.atomic():
        feed = (
            RegisterFeed.objects.select_for_update(skip_locked=True)
            .filter(pk=feed_id, status=RegisterFeed.Status.RECEIVED)
            .first()
        )
        if feed is None:
            return None
        try:
            with transaction.atomic():
                _feed_preview_run(feed)
        except Exception:
            feed.status = RegisterFeed.Status.REJECTED
            _feed_drop_file(feed)
            feed.summary = {
                "message": _(
                    "Het bestand kon niet worden bekeken. Er is niets veranderd. Lever het "
                    "opnieuw aan; lukt het weer niet, neem dan contact op met de leverancier."
                ),
                "rejections": [],
            }
            feed.save(update_fields=["status", "summary", "updated_at"])
            raise
    return feed


def _feed_for_admin(actor: Any, feed_id: int, *statuses: str) -> RegisterFeed:
    feed = (
        RegisterFeed.objects.select_for_update()
        .filter(municipality_id=actor.municipality_id, pk=feed_id)
        .first()
    )
    if feed is None:
        raise Http404
    if feed.status not in statuses:
        raise ResidentInputError(
            _("Deze levering is %(status)s: dat kan nu niet meer.")
            % {"status": feed.get_status_display()}
        )
    return feed


@transaction.atomic
def register_feed_confirm(*, actor: Any, feed_id: int) -> RegisterFeed:
    """The administrator saw the preview and confirms: the feed is applied in the background.
    A feed that failed may be confirmed again (nothing of it was stored)."""
    from .tasks import register_feed_apply_task

    _require_feed_admin(actor)
    feed = _feed_for_admin(actor, feed_id, RegisterFeed.Status.PREVIEW, RegisterFeed.Status.FAILED)
    feed.status = RegisterFeed.Status.QUEUED
    feed.confirmed_by = actor
    feed.save(update_fields=["status", "confirmed_by", "updated_at"])
    transaction.on_commit(lambda: register_feed_apply_task.enqueue(feed_id))
    return feed


@transaction.atomic
def register_feed_discard(*, actor: Any, feed_id: int) -> RegisterFeed:
    """Not this one after all: the file is dropped, nothing of it is applied."""
    _require_feed_admin(actor)
    feed = _feed_for_admin(actor, feed_id, RegisterFeed.Status.PREVIEW, RegisterFeed.Status.FAILED)
    feed.status = RegisterFeed.Status.DISCARDED
    _feed_drop_file(feed)
    feed.save(update_fields=["status", "updated_at"])
    return feed


def register_feed_apply_queued(*, feed_id: int) -> RegisterFeed | None:
    """The background task's body: apply a confirmed feed. Another feed of the municipality
    being applied elsewhere makes this one wait (the task is queued again by the caller)."""
    feed = RegisterFeed.objects.filter(pk=feed_id).select_related("municipality").first()
    if feed is None or feed.status != RegisterFeed.Status.QUEUED:
        return feed
    try:
        return register_feed_apply(municipality=feed.municipality, feed_id=feed_id)
    except FeedBusyError:
        raise
    except Exception:
        RegisterFeed.objects.filter(pk=feed_id, status=RegisterFeed.Status.QUEUED).update(
            status=RegisterFeed.Status.FAILED,
            summary={
                "message": _(
                    "Er ging iets mis bij het verwerken. Er is niets veranderd. U kunt de "
                    "levering opnieuw bevestigen."
                )
            },
            updated_at=timezone.now(),
        )
        raise


def _lock_municipality_feed(municipality_id: int) -> bool:
    """One feed per municipality at a time, across servers (PostgreSQL advisory lock, released at
    the end of the transaction). SQLite has one writer at a time anyway."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(hashtext('stabiel.residents.feed'), %s)",
            [municipality_id],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


@transaction.atomic
def register_feed_apply(*, municipality: Municipality, feed_id: int) -> RegisterFeed:
    """Apply a previewed extract, all or nothing. Safe to call twice and from two servers: a
    feed that is applied (or being applied elsewhere) is left alone."""
    if not _lock_municipality_feed(municipality.pk):
        raise FeedBusyError(
            _("Er wordt al een levering van de basisregistratie verwerkt. Probeer het zo opnieuw.")
        )
    feed = (
        RegisterFeed.objects.select_for_update(skip_locked=True)
        .filter(municipality=municipality, pk=feed_id)
        .first()
    )
    if feed is None:
        raise FeedBusyError(_("Deze levering wordt al verwerkt of bestaat niet."))
    if feed.status not in (RegisterFeed.Status.PREVIEW, RegisterFeed.Status.QUEUED):
        return feed
    progress = FeedProgress(
        feed_id=feed.pk, stage=RegisterFeedProgress.Stage.APPLY, total=_rows_in(feed)
    )
    try:
        with transaction.atomic():
            outcome = feed_apply(feed=feed, rows=rows_read(feed_chunks(feed)), progress=progress)
    except (FeedRejected, ImportFileError) as exc:
        # The register changed since the preview in a way that makes a row invalid.
        feed.status = RegisterFeed.Status.REJECTED
        feed.summary = _rejected_summary(exc)
    else:
        feed.status = RegisterFeed.Status.APPLIED
        feed.summary = outcome.as_summary()
        feed.applied_at = timezone.now()
        municipality_id, applied_id = municipality.pk, feed.pk
        # Signals held about residents Stabiel did not know yet are matched (signals app); case
        # leads hear what changed for their households (cases app).
        transaction.on_commit(
            lambda: events.register_applied.send(
                sender=RegisterFeed, municipality_id=municipality_id, feed_id=applied_id
            ),
            robust=True,
        )
    finally:
        progress.close()
    _feed_drop_file(feed)  # the extract itself is not kept once applied: its changes are
    feed.save(update_fields=["status", "summary", "applied_at", "updated_at"])
    return feed


@transaction.atomic
def household_grouping_correct(
    *, actor: Any, person: Person, household: Household, on: date
) -> GroupingCorrection:
    """A worker puts a person in another household at the same address (the BRP knows no
    households). The correction is kept for this address, so the next feed follows it."""
    if person.municipality_id != household.municipality_id or (
        actor is not None and actor.municipality_id != person.municipality_id
    ):
        raise ResidentInputError(_("Kies een huishouden van dezelfde gemeente."))
    identity_address = (
        Membership.objects.filter(person=person, end_on__isnull=True)
        .values_list("household__pseudonym", flat=True)
        .first()
    )
    if identity_address is None:
        raise ResidentInputError(_("Deze persoon woont nu niet in de gemeente."))
    correction, _created = GroupingCorrection.objects.update_or_create(
        person=person,
        address_pseudonym=identity_address,
        defaults={
            "municipality": person.municipality,
            "household": household,
            "made_by": actor,
        },
    )
    person_move(person=person, household=household, on=on)
    return correction


@transaction.atomic
def resident_without_address_add(
    *,
    municipality: Municipality,
    bsn: str,
    given_names: str,
    surname: str,
    birth_date: date,
    since: date,
    surname_prefix: str = "",
    area: Area | None = None,
) -> Person:
    """A resident not (or no longer) in the register: homeless, on a holiday park. A household of
    their own, so they can have a case; the register feed links them when it brings them in."""
    try:
        bsn = identities.bsn_parse(bsn)
    except identities.IdentityError as error:
        raise ResidentInputError(str(error), field="bsn") from error
    if not given_names.strip() or not surname.strip():
        raise ResidentInputError(_("Vul de voornamen en de achternaam in."), field="surname")
    if birth_date > timezone.localdate():
        raise ResidentInputError(_("De geboortedatum ligt in de toekomst."), field="birth_date")
    pseudonym = pseudonyms.person_pseudonym(bsn)
    if Person.objects.filter(municipality=municipality, pseudonym=pseudonym).exists():
        raise ResidentInputError(_("Deze persoon is al bekend in Stabiel."), field="bsn")
    household_ps = pseudonyms.no_fixed_address_pseudonym(bsn)
    household = Household.objects.create(
        municipality=municipality,
        pseudonym=household_ps,
        label=pseudonyms.label_for(household_ps, "HH"),
        address_kind=Household.AddressKind.NONE,
        area=area,
    )
    person = Person.objects.create(
        municipality=municipality,
        pseudonym=pseudonym,
        label=pseudonyms.label_for(pseudonym, "P"),
        birth_month=birth_date.replace(day=1),
    )
    PersonIdentity.objects.create(
        person=person,
        bsn=bsn,
        given_names=given_names.strip(),
        surname_prefix=surname_prefix.strip(),
        surname=surname.strip(),
        birth_date=birth_date,
        in_register=False,
    )
    Membership.objects.create(person=person, household=household, start_on=since)
    return person


# What the resident tells the worker -------------------------------------------------------------


@transaction.atomic
def person_contact_set(
    *, actor: Any, household_id: int, person_id: int, phone: str, email: str, purpose: str
) -> PersonContact | None:
    """Phone and e-mail a resident gave, for a current member of a household the actor may open.
    Both empty removes them. Logged as a change, with the purpose the worker gave."""
    if not str(purpose).strip():
        raise ValueError("a purpose is required to change contact details")
    if phone.strip():
        try:
            phone = identities.phone_parse(phone)
        except identities.IdentityError as error:
            raise ResidentInputError(str(error), field="phone") from error
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ResidentInputError(
                _("Dit e-mailadres klopt niet. Schrijf bijvoorbeeld naam@voorbeeld.nl."),
                field="email",
            ) from error
    household = households_searchable_by(actor).filter(pk=household_id).first()
    person = (
        Person.objects.select_for_update()
        .filter(
            pk=person_id,
            municipality=actor.municipality,
            memberships__household_id=household_id,
            memberships__end_on__isnull=True,
        )
        .first()
    )
    if household is None or person is None:
        raise Http404
    contact: PersonContact | None
    if not phone and not email:
        PersonContact.objects.filter(person=person).delete()
        contact = None
    else:
        contact, _created = PersonContact.objects.update_or_create(
            person=person, defaults={"phone": phone, "email": email, "added_by": actor}
        )
    log_access(
        actor=actor,
        household=household,
        person=person,
        action="change",
        shown="telefoon en e-mail",
        purpose=purpose,
    )
    return contact
