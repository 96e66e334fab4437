"""Demo inspection requests, so the privacy officer's start page opens with work: one overdue,
one still in time. Written through the service, as the privacy officer would (the BSN search is
in the access log)."""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from stabiel.accounts.models import Municipality, User
from stabiel.accounts.roles import Role
from stabiel.residents.demo import demo_resident_bsns

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
    bsns = demo_resident_bsns(household_ids=households)
    today = timezone.localdate()
    plans = [
        (40, "Per brief. Wil de gegevens op papier, en weten wie er keek."),
        (9, "Aan de balie gevraagd; antwoord per e-mail."),
    ]
    for bsn, (days_ago, note) in zip(bsns, plans, strict=False):
        inspection_request_register(
            actor=officer, bsn=bsn, received_on=today - timedelta(days=days_ago), note=note
        )
