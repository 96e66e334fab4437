"""Signed, expiring invitation links for work-session participants (no account needed).

The mechanism is :mod:`stabiel.core.signed_links` (also used by the self-assessment rounds): the
link carries the participant id and a random key. A new key (``participant_link_renew``) ends
every older link.
"""

from django.utils.translation import gettext as _

from stabiel.core.signed_links import LinkProblem, SignedLinkError, link_open, link_token

from .models import Participant
from .services import invitation_days

SALT = "stabiel.plans.invitation"


class InvitationError(Exception):
    """The link cannot be used; the message is plain Dutch for the participant."""

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


def invitation_token(participant: Participant) -> str:
    return link_token(salt=SALT, pk=participant.pk, key=participant.link_key)


def participant_from_token(token: str) -> Participant:
    """The participant this link belongs to, or InvitationError with the reason."""
    try:
        return link_open(
            salt=SALT,
            token=token,
            max_age_days=invitation_days(),
            lookup=lambda pk: (
                Participant.objects.select_related("session", "session__plan", "perspective")
                .filter(pk=pk)
                .first()
            ),
        )
    except SignedLinkError as exc:
        if exc.problem == LinkProblem.EXPIRED:
            raise InvitationError(
                _(
                    "Deze uitnodiging is verlopen. Vraag de beleidsadviseur die u uitnodigde om "
                    "een nieuwe link."
                ),
                status=410,
            ) from None
        if exc.problem == LinkProblem.TAMPERED:
            raise InvitationError(
                _(
                    "Deze link klopt niet. Controleer of u de hele link uit de uitnodiging hebt "
                    "gebruikt."
                ),
                status=400,
            ) from None
        raise InvitationError(
            _(
                "Deze link werkt niet meer. Misschien is er een nieuwe link gestuurd. Vraag de "
                "beleidsadviseur die u uitnodigde."
            ),
            status=410,
        ) from None
