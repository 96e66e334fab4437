"""What each kind of file holds: its columns, how a row is checked, and where it goes."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from stabiel.residents import identities
from stabiel.signals.models import Decision, ImportStagedDecision, ImportStagedSignal, Signal

from . import rows
from .rows import RowError


@dataclass
class Context:
    municipality_id: int
    partner_id: int | None
    today: date
    key: bytes
    signal_types: dict[str, int]  # code or lower-case name -> id
    households: dict[str, int]  # address pseudonym -> household id
    persons: dict[str, tuple[int, int | None]]  # bsn pseudonym -> (person id, current household id)
    # A monthly file has few distinct dates: parse each once (bounded below).
    dates: dict = field(default_factory=dict)
    # Signals about residents not (yet) known, by reference: (bsn, postcode, house number) as
    # parsed. Held after the batch is stored (pipeline), never refused.
    held: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # Types the municipality switched off, by code or lower-case name -> the refusal to show.
    switched_off: dict[str, str] = field(default_factory=dict)


def _household_and_person(raw: dict, ctx: Context) -> tuple[int, int | None]:
    # No per-file cache of results on purpose: entries made while reading would pin memory pages
    # that the rows around them freed, and the memory would grow with the file.
    return _resolve(
        (
            str(raw.get("bsn", "") or "").strip(),
            str(raw.get("postcode", "") or "").strip(),
            str(raw.get("huisnummer", "") or "").strip(),
        ),
        ctx,
    )


def observed_date(value, ctx: Context, label: str) -> date:
    found = ctx.dates.get(value) if isinstance(value, str) else None
    if found is None:
        try:
            found = rows.parse_date(value, today=ctx.today, label=label)
        except RowError as exc:
            found = str(exc)
        if isinstance(value, str):
            if len(ctx.dates) >= 10_000:
                ctx.dates.clear()
            ctx.dates[value] = found
    if isinstance(found, str):
        raise RowError(found)
    return found


class UnknownResidentError(RowError):
    """The row names nobody Stabiel knows: a decision row is refused with it, a signal is held."""


def _resolve(key: tuple[str, str, str], ctx: Context) -> tuple[int, int | None]:
    who = rows.subject_of(*key, key=ctx.key)
    person_id = household_id = None
    if who.person:
        found = ctx.persons.get(who.person)
        if found is None:
            raise UnknownResidentError("Deze persoon (BSN) is niet bekend in de gemeente.")
        person_id, household_id = found
        if household_id is None:
            raise UnknownResidentError("Deze persoon woont niet (meer) in de gemeente.")
    if who.address:
        at_address = ctx.households.get(who.address)
        if at_address is None:
            raise UnknownResidentError("Op dit adres is geen huishouden bekend.")
        if household_id is not None and household_id != at_address:
            raise UnknownResidentError("Deze persoon woont niet op dit adres.")
        household_id = at_address
    return household_id, person_id


@dataclass(frozen=True)
class Spec:
    kind: str
    columns: dict[str, str]  # our field -> default column header
    required: tuple[str, ...]
    staged_model: type
    target_model: type
    conflict_on_partner: bool
    # Optional hooks for kinds registered by other apps (earlywarning adds its own kind):
    # json_rows(data: bytes) -> rows like files.read_rows, for a JSON delivery;
    # after_import(batch=, touched=) -> household ids to announce, run after the batch is stored.
    json_rows: Callable | None = None
    after_import: Callable | None = None

    @property
    def staged_columns(self) -> list[str]:
        return [f.column for f in self.staged_model._meta.concrete_fields if f.column != "id"]


def _held_identifiers(raw: dict) -> tuple[str, str, str]:
    """BSN, postcode and house number through the one parser (already checked by _resolve)."""
    bsn = str(raw.get("bsn", "") or "").strip()
    postcode = str(raw.get("postcode", "") or "").strip()
    number = str(raw.get("huisnummer", "") or "").strip()
    return (
        identities.bsn_parse(bsn) if bsn else "",
        identities.postcode_parse(postcode) if postcode or number else "",
        identities.house_number_parse(number) if postcode or number else "",
    )


def check_signal_row(raw: dict, line: int, batch_id: int, ctx: Context) -> tuple:
    from stabiel.signals.services import content_hash, unmatched_digest

    kind = rows.text(raw.get("signaalsoort"), label="De soort signaal", max_length=80)
    signal_type_id = ctx.signal_types.get(kind.lower())
    if signal_type_id is None:
        if kind.lower() in ctx.switched_off:
            raise RowError(ctx.switched_off[kind.lower()])
        raise RowError(f"Onbekende soort signaal '{kind[:40]}'.")
    observed_on = observed_date(raw.get("datum", ""), ctx, "De datum")
    reference = rows.text(raw.get("kenmerk"), label="Het kenmerk", max_length=64)
    note = rows.text(
        raw.get("toelichting", ""),
        label="De uitleg (kolom toelichting)",
        max_length=500,
        required=False,
    )
    try:
        household_id, person_id = _household_and_person(raw, ctx)
    except UnknownResidentError:
        # Not refused: held as unmatched, the same as through the form or the API.
        bsn, postcode, number = _held_identifiers(raw)
        ctx.held.setdefault(reference, (bsn, postcode, number))
        household_id = person_id = None
        digest = unmatched_digest(
            signal_type_id=signal_type_id,
            bsn=bsn,
            postcode=postcode,
            house_number=number,
            observed_on=observed_on,
            note=note,
        )
    else:
        digest = content_hash(signal_type_id, household_id, person_id, observed_on, note)
    return (
        batch_id,
        line,
        signal_type_id,
        household_id,
        person_id,
        observed_on,
        reference,
        note,
        digest,
    )


LAWS = {
    "wmo": Decision.Law.WMO,
    "wmo 2015": Decision.Law.WMO,
    "jeugdwet": Decision.Law.YOUTH,
    "participatiewet": Decision.Law.PARTICIPATION,
    "beschikkingsvrij": Decision.Law.DECISION_FREE,
    "zonder beschikking": Decision.Law.DECISION_FREE,
    "geen": Decision.Law.DECISION_FREE,
}


def check_decision_row(raw: dict, line: int, batch_id: int, ctx: Context) -> tuple:
    from stabiel.signals.services import content_hash

    law_text = rows.text(raw.get("wet"), label="De wet", max_length=40).lower()
    law = LAWS.get(law_text)
    if law is None:
        raise RowError(
            f"Onbekende wet '{law_text[:30]}'. Kies Wmo, Jeugdwet, Participatiewet of zonder beschikking."
        )
    product = rows.text(raw.get("product"), label="Het product", max_length=120)
    need = rows.text(raw.get("hulpvraag"), label="De hulpvraag", max_length=120)
    start_on = rows.parse_date(raw.get("begindatum", ""), today=ctx.today, label="De begindatum")
    end_text = raw.get("einddatum", "")
    end_on = None
    if str(end_text).strip():
        end_on = rows.parse_date(end_text, today=date.max, label="De einddatum")
        if end_on < start_on:
            raise RowError("De einddatum ligt vóór de begindatum.")
    reference = rows.text(raw.get("kenmerk"), label="Het kenmerk", max_length=64)
    household_id, person_id = _household_and_person(raw, ctx)
    digest = content_hash(household_id, person_id, law, product, need, start_on, end_on)
    return (
        batch_id,
        line,
        household_id,
        person_id,
        law,
        product,
        need,
        start_on,
        end_on,
        reference,
        digest,
    )


SPECS = {
    "signals": (
        Spec(
            kind="signals",
            # Column names are a published file format (partners' exports, saved column
            # mappings): "toelichting" stays; the screens call the field "uitleg".
            columns={
                "signaalsoort": "signaalsoort",
                "bsn": "bsn",
                "postcode": "postcode",
                "huisnummer": "huisnummer",
                "datum": "datum",
                "kenmerk": "kenmerk",
                "toelichting": "toelichting",
            },
            required=("signaalsoort", "datum", "kenmerk"),
            staged_model=ImportStagedSignal,
            target_model=Signal,
            conflict_on_partner=True,
        ),
        check_signal_row,
    ),
    "decisions": (
        Spec(
            kind="decisions",
            columns={
                "bsn": "bsn",
                "postcode": "postcode",
                "huisnummer": "huisnummer",
                "wet": "wet",
                "product": "product",
                "hulpvraag": "hulpvraag",
                "begindatum": "begindatum",
                "einddatum": "einddatum",
                "kenmerk": "kenmerk",
            },
            required=("wet", "product", "hulpvraag", "begindatum", "kenmerk"),
            staged_model=ImportStagedDecision,
            target_model=Decision,
            conflict_on_partner=False,
        ),
        check_decision_row,
    ),
}


def pseudonym_key() -> bytes:
    return settings.PSEUDONYM_KEY.encode()
