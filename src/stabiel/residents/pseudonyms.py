"""Keyed hashes that stand in for BSN and addresses everywhere outside the identity tables.

HMAC-SHA256 with a key from settings (never in the database): a partner file keyed by BSN or
address finds the right person or household, and a database dump alone cannot be reversed by
hashing every possible BSN.
"""

import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from django.conf import settings

from . import identities

_NON_ALNUM = re.compile(r"[^0-9a-z]")


@lru_cache(maxsize=8)
def _keyed(key: bytes) -> "hmac.HMAC":
    # Copying a keyed HMAC skips the key setup: a large import hashes hundreds of thousands of values.
    return hmac.new(key, digestmod=hashlib.sha256)


def _digest(kind: str, value: str, key: bytes | None = None) -> str:
    mac = _keyed(key if key is not None else settings.PSEUDONYM_KEY.encode()).copy()
    mac.update(f"{kind}:{value}".encode())
    return mac.hexdigest()


def normalise_bsn(bsn: str) -> str:
    if len(bsn) == 9 and bsn.isascii() and bsn.isdigit():
        return bsn
    return re.sub(r"[^0-9]", "", bsn).zfill(9)


def bsn_is_valid(bsn: str) -> bool:
    """Whether `identities.bsn_parse` accepts it (nine ASCII digits, the eleven-test)."""
    if len(bsn) == 9 and bsn.isascii() and bsn.isdigit():  # the importer's common case, fast
        return identities.eleven_test(bsn)
    try:
        identities.bsn_parse(bsn)
    except identities.IdentityError:
        return False
    return True


def normalise_postcode(postcode: str) -> str:
    return postcode.replace(" ", "").upper()


_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")


def postcode_is_valid(postcode: str) -> bool:
    return postcode.isascii() and bool(_POSTCODE.fullmatch(normalise_postcode(postcode)))


def normalise_house_number(number: str) -> str:
    """'12 a', '12-A', '12A' are one address; leading zeros and spaces do not matter."""
    text = str(number)
    if text.isdigit():
        return text.lstrip("0")
    text = unicodedata.normalize("NFKD", text).lower()
    return _NON_ALNUM.sub("", text).lstrip("0")


def person_pseudonym(bsn: str, key: bytes | None = None) -> str:
    return _digest("bsn", normalise_bsn(bsn), key)


def address_pseudonym(postcode: str, house_number: str, key: bytes | None = None) -> str:
    return _digest(
        "address", f"{normalise_postcode(postcode)}|{normalise_house_number(house_number)}", key
    )


def label_for(pseudonym: str, prefix: str) -> str:
    """A short label people can say aloud ('HH-4F2A9C'), derived from the pseudonym."""
    return f"{prefix}-{pseudonym[:6].upper()}"


def postal_pseudonym(bsn: str, key: bytes | None = None) -> str:
    """The household of one person at a postal address (briefadres): keyed on the person, so
    people who share that postal address are never one household."""
    return _digest("postal", normalise_bsn(bsn), key)


def no_fixed_address_pseudonym(bsn: str, key: bytes | None = None) -> str:
    return _digest("nofixed", normalise_bsn(bsn), key)


def current_key() -> bytes:
    return str(settings.PSEUDONYM_KEY).encode()
