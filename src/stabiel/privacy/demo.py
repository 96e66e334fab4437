"""Demo inspection requests, so the privacy officer's start page opens with work: one overdue,
one still in time. Written through the service, as the privacy officer would (the BSN search is
in the access log)."""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from stabiel.accounts.models import Municipality, User
from stabiel.accounts.roles import Role

from .models import InspectionRequest
from .services import inspection_request_register


def privacy_demo_load(municipality: Municipality) -> None:
    if InspectionRequest.objects.filter(municipality=municipality).exists():
        return
    officer = (
        User.objects.filter(
            municipality=municipality,
            is_active=True,
            role_grants__role=Role.PRIVACY_OFFICER,
        )
        .order_by("pk")
        .first()
    )
    if officer is None:
        return
    # Residents of households the demo already did something with: a case, an alert.
    membership = apps.get_model("residents.Membership")
    households = [
        *apps.get_model("cases.Case")
        .objects.filter(municipality=municipality)
        .order_by("pk")
        .values_list("household_id", flat=True)[:1],
        *apps.get_model("rules.Alert")
        .objects.filter(municipality=municipality)
        .order_by("pk")
        .values_list("household_id", flat=True)[:3],
    ]
    bsns: list[str] = []
    for household_id in households:
        found = (
            membership.objects.filter(
                household_id=household_id, end_on__isnull=True, person__identity__isnull=False
            )
            .select_related("person__identity")
            .order_by("pk")
            .first()
        )
        if found is not None and found.person.identity.bsn not in bsns:
            bsns.append(found.person.identity.bsn)
    today = timezone.localdate()
    plans = [
        (40, "Per brief. Wil de gegevens op papier, en weten wie er keek."),
        (9, "Aan de balie gevraagd; antwoord per e-mail."),
    ]
    for bsn, (days_ago, note) in zip(bsns, plans, strict=False):
        inspection_request_register(
            actor=officer, bsn=bsn, received_on=today - timedelta(days=days_ago), note=note
        )
