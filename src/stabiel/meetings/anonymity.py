"""Is a text fit for the anonymous case table? Pure functions, no database.

The case table sees a summary written for it: no BSN and no name of anyone in the household.
A BSN is nine digits that pass the eleven-test, also when written with dots or spaces; a name
is found whatever its capitals or accents, with or without its prefix ("van der").
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from stabiel.residents.pseudonyms import bsn_is_valid

# Nine digits, each optionally followed by one space, dot or dash, not glued to more digits.
_BSN_LIKE = re.compile(r"(?<![\d])(?:\d[ .\-]?){8}\d(?![\d])")
_WORDS = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class PersonName:
    given_names: str
    surname_prefix: str
    surname: str


def fold(text: str) -> str:
    """Lower case, accents removed, everything that is not a letter or digit becomes a space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORDS.findall(plain))


def contains_bsn(text: str) -> bool:
    return any(bsn_is_valid(re.sub(r"\D", "", m.group())) for m in _BSN_LIKE.finditer(text))


def _name_phrases(name: PersonName) -> list[str]:
    """The folded phrases that point at this person."""
    phrases = []
    surname = fold(name.surname)
    prefix = fold(name.surname_prefix)
    if surname:
        if prefix:
            phrases.append(f"{prefix} {surname}")
        phrases.append(surname)
        # A double surname (Jansen-de Vries) is also found by each part, with or without prefix.
        for part in name.surname.split("-"):
            folded = fold(part)
            if folded:
                phrases.extend([folded, folded.split()[-1]])
    phrases.extend(fold(given) for given in re.split(r"[\s-]+", name.given_names))
    # Very short words ('an', 'el') would refuse ordinary sentences; a name has 3 letters at least.
    return [p for p in dict.fromkeys(phrases) if len(p.replace(" ", "")) >= 3]


def names_in(text: str, names: Iterable[PersonName]) -> list[str]:
    """The names (as written in the register) that the text mentions."""
    haystack = f" {fold(text)} "
    found = []
    for name in names:
        for phrase in _name_phrases(name):
            if f" {phrase} " in haystack:
                found.append(" ".join(p for p in (name.surname_prefix, name.surname) if p))
                break
    return found


def problems(text: str, names: Iterable[PersonName], labels: Iterable[str] = ()) -> list[str]:
    """Dutch messages for what makes the text unfit for the case table; empty when it is fine."""
    messages = []
    if contains_bsn(text):
        messages.append(
            "Deze tekst bevat een BSN. Aan de casustafel komt geen BSN: haal het nummer weg."
        )
    if names_in(text, names):
        messages.append(
            "Deze tekst noemt iemand uit het huishouden bij naam. Aan de casustafel komen geen "
            "namen: schrijf bijvoorbeeld 'moeder', 'de oudste zoon' of 'de bewoner'."
        )
    folded = f" {fold(text)} "
    if any(f" {fold(label)} " in folded for label in labels if label):
        messages.append(
            "Deze tekst noemt het kenmerk van het huishouden of een bewoner. Laat dat weg: de "
            "casustafel ziet alleen de samenvatting."
        )
    return messages
