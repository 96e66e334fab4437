"""Signed, expiring links that open one row without an account (work sessions, self-assessment).

A link carries the row's id and a random key stored on the row, signed with the site's secret,
a salt per use and a timestamp. Nothing else is stored: giving the row a new key ends every
older link. The caller turns the error kinds into its own plain Dutch message.
"""

import hmac
import secrets
from enum import StrEnum

from django.core import signing


class LinkProblem(StrEnum):
    EXPIRED = "expired"  # signed by us, but too old
    TAMPERED = "tampered"  # not signed by us: changed or incomplete
    REPLACED = "replaced"  # signed by us, but the row is gone or has a new key


class SignedLinkError(Exception):
    def __init__(self, problem: LinkProblem):
        super().__init__(problem.value)
        self.problem = problem


def new_link_key() -> str:
    return secrets.token_urlsafe(16)[:22]


def link_token(*, salt: str, pk: int, key: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(f"{pk}.{key}")


def link_open(*, salt: str, token: str, max_age_days: int, lookup):
    """The row ``lookup(pk)`` returns when the link is sound and its key matches; otherwise
    SignedLinkError with the problem."""
    try:
        value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age_days * 24 * 3600)
    except signing.SignatureExpired:
        raise SignedLinkError(LinkProblem.EXPIRED) from None
    except signing.BadSignature:
        raise SignedLinkError(LinkProblem.TAMPERED) from None
    pk, _sep, key = value.partition(".")
    row = lookup(int(pk)) if pk.isdigit() else None
    if row is None or not hmac.compare_digest(row.link_key, key):
        raise SignedLinkError(LinkProblem.REPLACED)
    return row
