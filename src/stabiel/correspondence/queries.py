"""Reads for letters and phone-first marks, always inside the households the actor may open:
their teams' areas and the households of open cases they lead (`households_searchable_by`)."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from stabiel.accounts import scope
from stabiel.residents.access import households_searchable_by

from .models import Letter, PhoneCall, PhoneFirstMark, TurningEighteenList

# A call counts for letters made within this many days after it.
CALL_VALID_DAYS = 14


def letters_for_household(*, actor, household) -> QuerySet[Letter]:
    return Letter.objects.filter(
        municipality=actor.municipality,
        household=household,
        household__in=households_searchable_by(actor),
    ).select_related("template_version__template", "made_by", "person", "supporter_mark")


def letter_get(*, actor, pk: int) -> Letter | None:
    return (
        Letter.objects.filter(
            municipality=actor.municipality, household__in=households_searchable_by(actor), pk=pk
        )
        .select_related(
            "household", "person", "case", "alert", "template_version__template", "made_by"
        )
        .first()
    )


def phone_first_active(household, day: date) -> QuerySet[PhoneFirstMark]:
    return PhoneFirstMark.objects.filter(
        municipality_id=household.municipality_id,
        household=household,
        ended_on__isnull=True,
        start_on__lte=day,
        end_on__gte=day,
    ).select_related("person", "created_by")


def phone_first_get(*, actor, pk: int) -> PhoneFirstMark | None:
    return (
        PhoneFirstMark.objects.filter(
            municipality=actor.municipality, household__in=households_searchable_by(actor), pk=pk
        )
        .select_related("household")
        .first()
    )


def calls_for_household(household) -> QuerySet[PhoneCall]:
    return PhoneCall.objects.filter(
        municipality_id=household.municipality_id, household=household
    ).select_related("worker")


def call_needed(household, day: date) -> bool:
    """True when a phone-first mark runs and no call was written down in the last two weeks."""
    if not phone_first_active(household, day).exists():
        return False
    since = day - timedelta(days=CALL_VALID_DAYS)
    return not calls_for_household(household).filter(called_on__gte=since).exists()


# Young people who turn 18 ----------------------------------------------------------------------


def turning_18_lists_for(*, actor) -> QuerySet[TurningEighteenList]:
    """Lists drawn by the actor or by a member of one of their teams (who, when, period, count;
    no names). Opening one shows only the young people in the opener's own team areas."""
    return (
        TurningEighteenList.objects.filter(
            Q(drawn_by=actor) | Q(drawn_by__teams__in=scope.team_ids(actor)),
            municipality=actor.municipality,
        )
        .select_related("drawn_by")
        .distinct()
    )


def turning_18_list_get(*, actor, pk: int) -> TurningEighteenList | None:
    return turning_18_lists_for(actor=actor).filter(pk=pk).first()


def turning_18_invitations(*, municipality_id: int, person_ids: Iterable[int]) -> dict[int, Letter]:
    """The invitation letter each of these persons already has for turning 18, by person id."""
    letters = Letter.objects.filter(
        municipality_id=municipality_id,
        person_id__in=list(person_ids),
        turning_18_on__isnull=False,
    ).select_related("made_by")
    return {letter.person_id: letter for letter in letters}
