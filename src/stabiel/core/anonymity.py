"""Is a free text anonymous: no name, BSN, household code or address? Pure, no database.

Used wherever a text must not point at a resident and there is no household to check names
against: hard cases and stories on the policy side, and a team's free-budget ledger. A name is
recognised by how it is written: a title or word for a family followed by a capitalised word
("mevrouw Jansen", "familie De Vries"). The same rules as the case table for a BSN: nine digits
that pass the eleven-test, also with dots or spaces.
"""

import re

from django.utils.translation import gettext as _

_BSN_LIKE = re.compile(r"(?<![\d])(?:\d[ .\-]?){8}\d(?![\d])")
_HOUSEHOLD_CODE = re.compile(r"\bHH-?[0-9A-Z]{3,}\b", re.IGNORECASE)
_POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
_STREET = re.compile(
    r"\b[A-Z][\w'-]*(?:straat|laan|weg|plein|gracht|dijk|kade|singel|steeg|hof|pad|dreef|"
    r"park|plantsoen|markt|veld|erf|baan|allee|wal|boulevard|zijde)\s+\d+\s?[a-zA-Z]?\b"
)
_TITLE_NAME = re.compile(
    r"(?i:\b(?:mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|de heer|familie|fam\.?|gezin)\s+"
    r"(?:(?:van|de|der|den|het|ter|ten|te|'t)\s+)*)[A-Z][a-zà-ÿ]+",
)


def _eleven_test(digits: str) -> bool:
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def contains_bsn(text: str) -> bool:
    return any(_eleven_test(re.sub(r"\D", "", m.group())) for m in _BSN_LIKE.finditer(text))


def problems(text: str) -> list[str]:
    """Plain Dutch messages for what could identify a resident; empty when the text is fine."""
    found = []
    if contains_bsn(text):
        found.append(_("Deze tekst bevat een BSN. Haal het nummer weg: schrijf anoniem."))
    if _HOUSEHOLD_CODE.search(text):
        found.append(
            _("Deze tekst noemt een huishoudcode (HH-…). Haal de code weg: schrijf anoniem.")
        )
    if _POSTCODE.search(text) or _STREET.search(text):
        found.append(_("Deze tekst noemt een adres of postcode. Noem hooguit de wijk, geen adres."))
    if _TITLE_NAME.search(text):
        found.append(
            _(
                "Deze tekst noemt iemand bij naam. Schrijf bijvoorbeeld 'een moeder', 'de "
                "bewoner' of 'een jongen van 17'."
            )
        )
    return found
