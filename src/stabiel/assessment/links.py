"""Signed links for respondents of a round (the work sessions' mechanism, core.signed_links)."""

from django.utils.translation import gettext as _

from stabiel.core.signed_links import LinkProblem, SignedLinkError, link_open, link_token

from .models import Respondent
from .services import invitation_days

SALT = "stabiel.assessment.respondent"


class LinkError(Exception):
    """The link cannot be used; the message is plain Dutch for the respondent."""

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


def respondent_token(respondent: Respondent) -> str:
    return link_token(salt=SALT, pk=respondent.pk, key=respondent.link_key)


def respondent_from_token(token: str) -> Respondent:
    try:
        return link_open(
            salt=SALT,
            token=token,
            max_age_days=invitation_days(),
            lookup=lambda pk: Respondent.objects.select_related("round").filter(pk=pk).first(),
        )
    except SignedLinkError as exc:
        if exc.problem == LinkProblem.EXPIRED:
            message, status = (
                _(
                    "Deze link is verlopen. Vraag de beleidsadviseur die u uitnodigde om een nieuwe."
                ),
                410,
            )
        elif exc.problem == LinkProblem.TAMPERED:
            message, status = (
                _(
                    "Deze link klopt niet. Controleer of u de hele link uit de uitnodiging hebt "
                    "gebruikt. Er is niets veranderd."
                ),
                400,
            )
        else:
            message, status = (
                _(
                    "Deze link werkt niet meer. Misschien is er een nieuwe link gestuurd. Vraag "
                    "de beleidsadviseur die u uitnodigde."
                ),
                410,
            )
        raise LinkError(message, status=status) from None
