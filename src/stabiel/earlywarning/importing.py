"""The early-warning file as one more kind of batch for the signals importer.

Nothing here reads or writes files itself: `signals.importing` reads CSV/XLSX (and, through
`ddas_json_rows`, the DDAS JSON), checks each row with `check_row`, stores all-or-nothing and
idempotently, and then calls `after_import` (matching.py) to form the reports.
"""

import json

from stabiel.residents import identities, pseudonyms
from stabiel.signals.importing import rows
from stabiel.signals.importing.files import ImportFileError
from stabiel.signals.importing.rows import RowError
from stabiel.signals.importing.specs import Context, Spec, observed_date
from stabiel.signals.services import content_hash

from . import parsing
from .ddas import SignalStatus
from .models import DebtSignal, StagedDebtSignal

KIND = "earlywarning"

COLUMNS = {
    "kenmerk": "kenmerk",
    "signaalpartner": "signaalpartner",
    "bedrag": "bedrag",
    "ontstaansdatum": "ontstaansdatum",
    "signaaldatum": "signaaldatum",
    "crisissignaal": "crisissignaal",
    "warme_overdracht": "warme_overdracht",
    "bsn": "bsn",
    "voorletters": "voorletters",
    "voorvoegsel": "voorvoegsel",
    "achternaam": "achternaam",
    "geboortedatum": "geboortedatum",
    "straatnaam": "straatnaam",
    "postcode": "postcode",
    "huisnummer": "huisnummer",
    "huisnummertoevoeging": "huisnummertoevoeging",
    "plaatsnaam": "plaatsnaam",
}
REQUIRED = ("kenmerk", "signaalpartner", "bedrag", "signaaldatum", "postcode", "huisnummer")

# Where each field sits in a DDAS JSON signal ("Vroegsignaal").
JSON_PATHS = {
    "kenmerk": ("ID",),
    "signaalpartner": ("signaalpartner", "type"),
    "bedrag": ("bedrag",),
    "ontstaansdatum": ("ontstaansdatum",),
    "signaaldatum": ("signaaldatum",),
    "crisissignaal": ("crisissignaal",),
    "warme_overdracht": ("warmeOverdracht",),
    "bsn": ("client", "Burgerservicenummer"),
    "voorletters": ("client", "Voorletters"),
    "voorvoegsel": ("client", "Voorvoegsel"),
    "achternaam": ("client", "Achternaam"),
    "geboortedatum": ("client", "Geboortedatum"),
    "straatnaam": ("client", "Straatnaam"),
    "postcode": ("client", "Postcode"),
    "huisnummer": ("client", "Huisnummer"),
    "huisnummertoevoeging": ("client", "Huisnummertoevoeging"),
    "plaatsnaam": ("client", "Plaatsnaam"),
}

NO_MATCH = "Geen huishouden op dit adres en het BSN is niet bekend in de gemeente."
OTHER_ADDRESS = "Deze persoon (BSN) woont volgens de gemeente op een ander adres."
LEFT = "Deze persoon (BSN) woont niet (meer) in de gemeente."


def check_row(raw: dict, line: int, batch_id: int, ctx: Context) -> tuple:
    external_id = rows.text(raw.get("kenmerk"), label="Het kenmerk", max_length=64)
    kind = parsing.partner_type(raw.get("signaalpartner"))
    euros = parsing.amount(raw.get("bedrag"))
    signalled_on = observed_date(raw.get("signaaldatum", ""), ctx, "De signaaldatum")
    arose_on = None
    if str(raw.get("ontstaansdatum", "") or "").strip():
        arose_on = observed_date(raw.get("ontstaansdatum"), ctx, "De ontstaansdatum")
        if arose_on > signalled_on:
            raise RowError("De ontstaansdatum ligt na de signaaldatum.")
    crisis = parsing.yes_no(raw.get("crisissignaal", ""), label="Crisissignaal")
    warm = parsing.yes_no(raw.get("warme_overdracht", ""), label="Warme overdracht")
    birth_date = None
    if str(raw.get("geboortedatum", "") or "").strip():
        birth_date = observed_date(raw.get("geboortedatum"), ctx, "De geboortedatum")
    bsn = str(raw.get("bsn", "") or "").strip()
    try:
        bsn = identities.bsn_parse(bsn) if bsn else ""
        postcode = identities.postcode_parse(str(raw.get("postcode", "") or "").strip())
    except identities.IdentityError as error:
        raise RowError(str(error)) from error
    number = rows.text(raw.get("huisnummer"), label="Het huisnummer", max_length=16)
    suffix = rows.text(
        raw.get("huisnummertoevoeging", ""), label="De toevoeging", max_length=16, required=False
    )
    try:
        number = identities.house_number_parse(number)
    except identities.IdentityError as error:
        raise RowError(str(error)) from error
    initials = rows.text(
        raw.get("voorletters", ""), label="De voorletters", max_length=20, required=False
    )
    prefix = rows.text(
        raw.get("voorvoegsel", ""), label="Het voorvoegsel", max_length=20, required=False
    )
    surname = rows.text(
        raw.get("achternaam", ""), label="De achternaam", max_length=120, required=False
    )
    street = rows.text(raw.get("straatnaam", ""), label="De straat", max_length=120, required=False)
    city = rows.text(raw.get("plaatsnaam", ""), label="De plaats", max_length=80, required=False)

    address_key = pseudonyms.address_pseudonym(postcode, f"{number}{suffix}", ctx.key)
    at_address = ctx.households.get(address_key)
    person_id = person_home = None
    if bsn:
        found = ctx.persons.get(pseudonyms.person_pseudonym(bsn, ctx.key))
        if found is not None:
            person_id, person_home = found
    match, note, household_id = DebtSignal.Match.MATCHED, "", at_address
    if person_id is not None and person_home is None:
        match, note = DebtSignal.Match.UNSURE, LEFT
    elif person_id is not None and person_home != at_address:
        match, note, household_id = (
            DebtSignal.Match.UNSURE,
            OTHER_ADDRESS,
            at_address or person_home,
        )
    elif at_address is None:
        match, note = DebtSignal.Match.UNMATCHED, NO_MATCH
    digest = content_hash(
        kind, euros, arose_on, signalled_on, crisis, warm, bsn, initials, prefix, surname,
        birth_date, postcode, number, suffix,
    )  # fmt: skip
    return (
        batch_id,
        line,
        ctx.partner_id,
        f"{ctx.partner_id or 0}:{external_id}",
        external_id,
        digest,
        kind,
        euros,
        arose_on,
        signalled_on,
        crisis,
        warm,
        bsn,
        initials,
        prefix,
        surname,
        birth_date,
        street,
        postcode,
        number,
        suffix,
        city,
        address_key,
        signalled_on.replace(day=1),
        household_id,
        person_id,
        match,
        note,
        SignalStatus.NOT_YET.value,
        f"{ctx.municipality_id}:{signalled_on:%Y%m}:{address_key[:32]}",
    )


def _dig(item: dict, path: tuple[str, ...]):
    value = item
    for key in path:
        if not isinstance(value, dict):
            return ""
        value = value.get(key)
    return "" if value is None else value


def ddas_json_rows(data: bytes):
    """The signals of a DDAS JSON file as rows: the whole exchange model, a 'levering', or a
    list of signals. The 'regel' of a signal is its number in the file."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportFileError(
            "Dit JSON-bestand kan niet worden gelezen. Controleer of het geldige JSON is in UTF-8."
        ) from exc
    if isinstance(document, dict) and "leveringen" in document:
        deliveries = document.get("leveringen") or []
        items = [
            s for d in deliveries if isinstance(d, dict) for s in (d.get("vroegsignalen") or [])
        ]
    elif isinstance(document, dict) and "vroegsignalen" in document:
        items = document.get("vroegsignalen") or []
    elif isinstance(document, list):
        items = document
    else:
        raise ImportFileError(
            "Dit JSON-bestand heeft niet de vorm van het Model Vroegsignalering "
            "(er staan geen vroegsignalen in)."
        )
    header = list(COLUMNS.values())
    yield 0, header, None
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield index, None, "Dit vroegsignaal is geen object met velden."
            continue
        yield index, [_dig(item, JSON_PATHS[field]) for field in COLUMNS], None


def spec() -> Spec:
    from .matching import after_import

    return Spec(
        kind=KIND,
        columns=COLUMNS,
        required=REQUIRED,
        staged_model=StagedDebtSignal,
        target_model=DebtSignal,
        # The reference already holds the partner: "partner id:their id".
        conflict_on_partner=False,
        json_rows=ddas_json_rows,
        after_import=after_import,
    )
