"""The seven roles of DOMAIN.md and the safety specialist (issue 20). A user holds one or more."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    POLICY_ADVISER = "policy_adviser", _("Beleidsadviseur")
    SESSION_PARTICIPANT = "session_participant", _("Deelnemer werksessie")
    ACCESS_WORKER = "access_worker", _("Medewerker toegang")
    PARTNER_REPORTER = "partner_reporter", _("Melder (partner)")
    TEAM_LEAD = "team_lead", _("Teamleider")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")
    # Issue 20: the team's specialist on domestic violence and child abuse (aandachtsfunctionaris).
    SAFETY_SPECIALIST = "safety_specialist", _("Veiligheidsspecialist")


def role_label(value: str) -> str:
    """The Dutch name of a stored role value; an unknown value is shown as it is."""
    return str(Role(value).label) if value in Role.values else value
