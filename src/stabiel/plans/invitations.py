"""Signed, expiring invitation links for work-session participants (no account needed).

The link carries the participant id and a random key, signed with the site's secret and a
timestamp. Nothing else is stored: a new key (``participant_link_renew``) ends every older link.
"""

import hmac

from django.core import signing
from django.utils.translation import gettext as _

from .models import Participant
from .services import invitation_days

SALT = "stabiel.plans.invitation"


class InvitationError(Exception):
    """The link cannot be used; the message is plain Dutch for the participant."""

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


def invitation_token(participant: Participant) -> str:
    return signing.TimestampSigner(salt=SALT).sign(f"{participant.pk}.{participant.link_key}")


def participant_from_token(token: str) -> Participant:
    """The participant this link belongs to, or InvitationError with the reason."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=invitation_days() * 24 * 3600)
    except signing.SignatureExpired:
        raise InvitationError(
            _(
                "Deze uitnodiging is verlopen. Vraag de beleidsadviseur die u uitnodigde om "
                "een nieuwe link."
            ),
            status=410,
        ) from None
    except signing.BadSignature:
        raise InvitationError(
            _(
                "Deze link klopt niet. Controleer of u de hele link uit de uitnodiging hebt "
                "gebruikt."
            ),
            status=400,
        ) from None
    pk, _sep, key = value.partition(".")
    participant = (
        Participant.objects.select_related("session", "session__plan", "perspective")
        .filter(pk=int(pk) if pk.isdigit() else 0)
        .first()
    )
    if participant is None or not hmac.compare_digest(participant.link_key, key):
        raise InvitationError(
            _(
                "Deze link werkt niet meer. Misschien is er een nieuwe link gestuurd. Vraag de "
                "beleidsadviseur die u uitnodigde."
            ),
            status=410,
        )
    return participant
