from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from stabiel.accounts.policy import Permission, may
from stabiel.accounts.roles import Role

from .models import ImportBatch, Signal


def own_signals(*, actor, reference: str = "") -> QuerySet[Signal]:
    """What a partner reporter may see: the signals their organisation sent, and only status.
    `reference`: the partner's own reference, or its beginning."""
    if actor.partner_organisation_id is None:
        return Signal.objects.none()
    qs = Signal.objects.filter(municipality=actor.municipality, partner=actor.partner_organisation)
    if reference:
        qs = qs.filter(reference__istartswith=reference)
    return (
        qs.select_related("signal_type")
        .only(
            "id",
            "reference",
            "observed_on",
            "received_on",
            "status",
            "withdrawn_on",
            "channel",
            "signal_type__name",
            "signal_type__name_en",
        )
        .order_by("-received_on", "-id")
    )


def batches_for(*, actor) -> QuerySet[ImportBatch]:
    qs = ImportBatch.objects.filter(municipality=actor.municipality).select_related(
        "partner", "uploaded_by"
    )
    if not actor.has_role(Role.FUNCTIONAL_ADMIN):
        qs = qs.filter(partner=actor.partner_organisation)
    return qs.defer("message")


def batch_get(*, actor, pk: int) -> ImportBatch:
    if not may(actor, Permission.IMPORTS_MANAGE):
        raise PermissionError
    return get_object_or_404(batches_for(actor=actor), pk=pk)
