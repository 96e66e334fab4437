"""The one door to personal data: every read of a household or person goes through here.

It looks inside the actor's municipality, checks role and team, answers the same 404 for "does
not exist" and "not yours", and writes the access-log row (NEN 7513, `stabiel.core.access`) in
the same transaction.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from stabiel.accounts.models import Area
from stabiel.accounts.policy import Permission, may
from stabiel.core.access import log_access

from .models import Household, Person


def team_area_filter(actor: Any, prefix: str = "") -> Q:
    """Rows whose household lies in an area (or a neighbourhood of a district) of the actor's teams."""
    area_ids = list(
        Area.objects.filter(Q(teams__members=actor) | Q(parent__teams__members=actor)).values_list(
            "id", flat=True
        )
    )
    return Q(**{f"{prefix}area_id__in": area_ids})


def households_visible_to(actor: Any) -> QuerySet[Household]:
    """Households the actor may see. For lists and counts; opening one still goes through access_."""
    if not may(actor, Permission.CASES_WORK):
        return Household.objects.none()
    return Household.objects.filter(team_area_filter(actor), municipality=actor.municipality)


def access_household_by_id(
    *, actor: Any, household_id: int, purpose: str, shown: str, action: str = "view"
) -> Household:
    if not purpose.strip():
        raise ValueError("a purpose is required to open a household")
    household = households_visible_to(actor).filter(pk=household_id).first()
    if household is None:
        raise Http404
    log_access(actor=actor, household=household, action=action, shown=shown, purpose=purpose)
    return household


def access_person_by_id(
    *, actor: Any, person_id: int, purpose: str, shown: str, action: str = "view"
) -> Person:
    if not purpose.strip():
        raise ValueError("a purpose is required to open a person")
    visible = households_visible_to(actor)
    person = Person.objects.filter(
        municipality=actor.municipality,
        pk=person_id,
        memberships__end_on__isnull=True,
        memberships__household__in=visible,
    ).first()
    if person is None:
        raise Http404
    log_access(actor=actor, person=person, action=action, shown=shown, purpose=purpose)
    return person


# Why someone opens a household. Asked every time; stored in the access log (NEN 7513 'doel').
PURPOSES = {
    "triage": _("Melding beoordelen"),
    "visit": _("Huisbezoek voorbereiden"),
    "plan": _("Plan met het huishouden maken of bijwerken"),
    "followup": _("Opvolging en nazorg"),
    "meeting": _("Casusoverleg voorbereiden"),
    "inspection": _("Inzageverzoek van de inwoner"),
    "rectification": _("Correctieverzoek van de inwoner"),
    "letters": _("Post via een ondersteuner regelen"),
    "earlywarning": _("Vroegsignaal over een betalingsachterstand oppakken"),
}
