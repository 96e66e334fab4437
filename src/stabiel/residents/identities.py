"""One parser for who and where a resident is: BSN, postcode and house number.

Used by the partner form, the API, the file importer, early warning and the privacy officer's
search, so a value means the same everywhere and is refused with the same Dutch message. Only
ASCII digits count as digits: "²" or an Arabic-Indic digit passes `str.isdigit()` but is not
part of a BSN or postcode.
"""

import re

from django.utils.translation import gettext_lazy as _

BSN_INVALID = _("Dit BSN klopt niet. Een BSN heeft negen cijfers en haalt de elfproef.")
POSTCODE_INVALID = _(
    "Deze postcode klopt niet. Gebruik vier cijfers en twee letters, zoals 3701 AB."
)
HOUSE_NUMBER_MISSING = _("Het huisnummer ontbreekt.")
HOUSE_NUMBER_INVALID = _("Dit huisnummer klopt niet. Begin met het nummer, zoals 12, 12A of 12-2.")

PHONE_INVALID = _(
    "Dit telefoonnummer klopt niet. Schrijf bijvoorbeeld 06 12345678 of +31 30 1234567."
)

_BSN_SEPARATORS = re.compile(r"[ .\-]")
_ASCII_DIGITS = re.compile(r"[0-9]+")
_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
# A number of one to five digits, then at most a letter and an addition (BAG: huisletter,
# huisnummertoevoeging), written in the usual ways: 12, 12A, 12 a, 12-2, 12 bis, 12A-3. An
# addition that starts with a digit needs a space or dash, or 12 and 3 would read as 123.
_HOUSE_NUMBER = re.compile(
    r"[1-9][0-9]{0,4}[A-Za-z]?(?:[ \-]?[A-Za-z]{1,4}|[ \-][A-Za-z0-9]{1,4})?"
)


class IdentityError(ValueError):
    """A BSN, postcode or house number that cannot be right; the message is plain Dutch."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def eleven_test(digits: str) -> bool:
    """The eleven-test (elfproef) on nine ASCII digits: weighted sum divisible by 11."""
    if len(digits) != 9 or not _ASCII_DIGITS.fullmatch(digits) or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def bsn_parse(value: object) -> str:
    """Nine ASCII digits that pass the eleven-test. Spaces, dots and dashes between the digits
    are allowed (1234.56.782), and an old eight-digit number gets its leading zero back."""
    text = _BSN_SEPARATORS.sub("", str(value).strip())
    if not _ASCII_DIGITS.fullmatch(text) or len(text) not in (8, 9):
        raise IdentityError(str(BSN_INVALID), field="bsn")
    digits = text.zfill(9)
    if not eleven_test(digits):
        raise IdentityError(str(BSN_INVALID), field="bsn")
    return digits


def postcode_parse(value: object) -> str:
    """Four digits (not starting with 0) and two letters, as '3701AB'."""
    text = str(value).replace(" ", "").upper()
    if not text.isascii() or not _POSTCODE.fullmatch(text):
        raise IdentityError(str(POSTCODE_INVALID), field="postcode")
    return text


def house_number_parse(value: object) -> str:
    """The house number as written (trimmed), if it starts with a number and is plausible."""
    text = " ".join(str(value).split())
    if not text:
        raise IdentityError(str(HOUSE_NUMBER_MISSING), field="house_number")
    if not text.isascii() or not _HOUSE_NUMBER.fullmatch(text):
        raise IdentityError(str(HOUSE_NUMBER_INVALID), field="house_number")
    return text


_PHONE_SEPARATORS = re.compile(r"[ \-.()/]")
# Dutch: ten digits from 0 (030 1234567, 06 12345678); abroad: + and 8 to 15 digits (E.164).
_PHONE = re.compile(r"0[1-9][0-9]{8}|\+[1-9][0-9]{7,14}")


def phone_parse(value: object) -> str:
    """A phone number as digits (with a leading + for an international one); +31 6… becomes
    06…, so one number is stored one way."""
    text = _PHONE_SEPARATORS.sub("", str(value).strip())
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("+31") and len(text) == 12:
        text = "0" + text[3:]
    if not text.isascii() or not _PHONE.fullmatch(text):
        raise IdentityError(str(PHONE_INVALID), field="phone")
    return text
