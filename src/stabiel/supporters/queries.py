"""Reads of supporter marks. Every list starts from the households the actor's teams may see."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from stabiel.residents.access import households_visible_to

from .models import SupporterMark


def reminder_days() -> int:
    """How many days before the end a mark shows up as 'ending soon' (local setting, 30)."""
    return int(getattr(settings, "SUPPORTER_MARK_REMINDER_DAYS", 30))


def marks_visible_to(actor) -> QuerySet:
    return (
        SupporterMark.objects.filter(
            municipality=actor.municipality,
            household__in=households_visible_to(actor),
        )
        .select_related("household", "person")
        .order_by("end_on", "id")
    )


def active_on(qs: QuerySet, day: date) -> QuerySet:
    return qs.filter(ended_on__isnull=True, start_on__lte=day, end_on__gte=day)


def mark_list(*, actor, show: str = "active") -> QuerySet:
    """'active': running today or starting later; 'ended': ended early or past the end date."""
    today = timezone.localdate()
    qs = marks_visible_to(actor)
    if show == "ended":
        return qs.exclude(ended_on__isnull=True, end_on__gte=today).order_by("-end_on", "-id")
    return qs.filter(ended_on__isnull=True, end_on__gte=today)


def mark_get(*, actor, pk: int) -> SupporterMark | None:
    return marks_visible_to(actor).filter(pk=pk).first()


def ending_soon_for(user) -> list[SupporterMark]:
    """Running marks in the user's teams' households that end within the reminder period.

    Computed when read, so there is no reminder job to schedule or to run twice.
    """
    today = timezone.localdate()
    until = today + timedelta(days=reminder_days())
    return list(active_on(marks_visible_to(user), today).filter(end_on__lte=until))


def letter_route_for_household(household) -> list[tuple[str, str]]:
    """(member label, supporter) for each member whose letters go to a supporter first today.

    For the places where a letter is prepared; the caller opened the household through the door.
    """
    today = timezone.localdate()
    marks = active_on(
        SupporterMark.objects.filter(
            municipality_id=household.municipality_id, household=household
        ),
        today,
    ).select_related("person")
    return [(mark.person.label, mark.supporter_display) for mark in marks.order_by("person__label")]


def export_rows(*, actor) -> list[SupporterMark]:
    """Marks running today (or starting later) for the letter system, with the identity loaded."""
    return list(mark_list(actor=actor, show="active").select_related("person__identity"))
