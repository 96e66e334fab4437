"""Reading the values of one early-warning row, and comparing names. Pure: no database.

Tested with tables of inputs (tests/test_parsing.py), one comment per row.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from stabiel.signals.importing.rows import RowError

from .ddas import PartnerType

# What partners and portals write for the DDAS partner types (lower case, without accents).
PARTNER_ALIASES: dict[str, str] = {
    **{p.value.lower(): p.value for p in PartnerType},
    "energy": PartnerType.ENERGY,
    "energierekening": PartnerType.ENERGY,
    "gas en licht": PartnerType.ENERGY,
    "huur": PartnerType.RENT,
    "verhuurder": PartnerType.RENT,
    "woningcorporatie": PartnerType.RENT,
    "huurachterstand": PartnerType.RENT,
    "drinkwater": PartnerType.WATER,
    "waterbedrijf": PartnerType.WATER,
    "zorgverzekeraar": PartnerType.HEALTH,
    "zorgverzekering": PartnerType.HEALTH,
    "zorgpremie": PartnerType.HEALTH,
    "eigen risico": PartnerType.HEALTH,
    "cak": PartnerType.CAK_INSURANCE,
    "cak zorgverzekering": PartnerType.CAK_INSURANCE,
    "cak wanbetalers": PartnerType.CAK_INSURANCE,
    "cak eigen bijdrage wmo": PartnerType.CAK_CONTRIBUTION,
    "cak eigen bijdrage wlz": PartnerType.CAK_CONTRIBUTION,
    "hypotheekverstrekker": PartnerType.MORTGAGE,
    "belasting": PartnerType.TAX,
    "toeslagen": PartnerType.BENEFITS,
    "overig": PartnerType.OTHER,
    "anders": PartnerType.OTHER,
}

_DUTCH_AMOUNT = re.compile(r"^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d{1,2}$")
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
MAX_AMOUNT = 10_000_000

TRUE = {"ja", "j", "true", "waar", "1", "yes", "y", "x"}
FALSE = {"nee", "n", "false", "onwaar", "0", "no", ""}


def partner_type(value) -> str:
    text = str(value if value is not None else "").strip()
    if not text:
        raise RowError("De soort signaalpartner ontbreekt.")
    found = PARTNER_ALIASES.get(text.lower())
    if found is None:
        found = PARTNER_ALIASES.get(_plain(text).replace("  ", " "))
    if found is None:
        known = ", ".join(p.value for p in PartnerType)
        raise RowError(f"Onbekende soort signaalpartner '{text[:40]}'. Kies uit: {known}.")
    return str(found)


def amount(value) -> int:
    """Euros as whole euros (the DDAS model counts whole euros). '1.250,50', '450', '€ 75,-'."""
    if isinstance(value, bool):
        raise RowError("Het bedrag is geen bedrag.")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    else:
        text = str(value if value is not None else "").strip()
        shown = text[:20]
        text = text.replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "")
        if text.endswith(",-"):
            text = text[:-2]
        if not text:
            raise RowError("Het bedrag ontbreekt.")
        if text.startswith("-"):
            raise RowError(f"Het bedrag '{shown}' is negatief. Een achterstand is meer dan 0 euro.")
        if _DUTCH_AMOUNT.match(text):
            number = Decimal(text.replace(".", "").replace(",", "."))
        elif _DOT_THOUSANDS.match(text):
            number = Decimal(text.replace(".", ""))
        elif _DOT_DECIMAL.match(text):
            number = Decimal(text)
        else:
            raise RowError(
                f"Het bedrag '{shown}' is geen bedrag. Schrijf het in euro's, "
                "bijvoorbeeld 1250 of 1.250,50."
            )
    whole = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if whole <= 0:
        raise RowError("Het bedrag moet meer dan 0 euro zijn.")
    if whole > MAX_AMOUNT:
        raise RowError("Het bedrag is onwaarschijnlijk hoog. Controleer de kolom bedrag.")
    return whole


def yes_no(value, *, label: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        text = str(int(value)) if value in (0, 1) else str(value)
    else:
        text = str(value if value is not None else "").strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise RowError(f"{label} '{text[:10]}' is geen ja of nee.")


# Name comparison ---------------------------------------------------------------------------

PREFIXES = {
    "van",
    "der",
    "den",
    "de",
    "het",
    "'t",
    "t",
    "ter",
    "ten",
    "te",
    "in",
    "op",
    "aan",
    "la",
    "le",
    "du",
    "da",
    "di",
    "del",
    "von",
    "vd",
    "v/d",
}


def _plain(text: str) -> str:
    """Lower case without accents: 'Çelik' and 'celik', 'Müller' and 'muller' are one."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower().strip()


@lru_cache(maxsize=65_536)
def name_parts(prefix: str, surname: str) -> frozenset[str]:
    """The name parts that matter: without prefixes ('van der'), split at hyphens (maiden
    names: 'Jansen-de Vries' has the parts 'jansen' and 'vries')."""
    words = re.split(r"[\s\-]+", _plain(f"{prefix} {surname}"))
    return frozenset({re.sub(r"[^a-z]", "", w) for w in words if w and w not in PREFIXES} - {""})


@lru_cache(maxsize=4_096)
def first_letter(text: str) -> str:
    return re.sub(r"[^a-z]", "", _plain(text))[:1]


def parts_fit(mine: frozenset, first: str, theirs: frozenset, their_first: str) -> bool:
    """At least one name part in common, and no different first initial."""
    if not mine or not theirs or mine.isdisjoint(theirs):
        return False
    return not (first and their_first and first != their_first)


def names_fit(
    *,
    prefix: str,
    surname: str,
    initials: str,
    candidate_prefix: str,
    candidate_surname: str,
    candidate_given: str,
) -> bool:
    """True when the names are the same person's spelling; False when in doubt."""
    return parts_fit(
        name_parts(prefix, surname),
        first_letter(initials),
        name_parts(candidate_prefix, candidate_surname),
        first_letter(candidate_given),
    )
