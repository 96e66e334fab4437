from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from stabiel.accounts.policy import Permission, may
from stabiel.accounts.roles import Role

from .models import ImportBatch, Signal, UnmatchedSubject


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


# Signals about residents Stabiel does not know (yet) ------------------------------------------

UNMATCHED_SHOWN = 500  # the queue shows the oldest this many


def _unmatched_waiting(*, actor) -> QuerySet[UnmatchedSubject]:
    from stabiel.accounts.policy import require

    require(actor, Permission.CASES_WORK)
    if actor.municipality_id is None:
        return UnmatchedSubject.objects.none()
    return (
        UnmatchedSubject.objects.filter(
            municipality_id=actor.municipality_id, outcome=UnmatchedSubject.Outcome.WAITING
        )
        .select_related("signal__signal_type", "signal__partner")
        .order_by("signal__received_on", "signal_id")
    )


def unmatched_list(*, actor) -> list[UnmatchedSubject]:
    """The queue: held signals waiting for a household, oldest first. They show BSNs and
    addresses, so looking is logged (with the queue's purpose) like opening a household."""
    from stabiel.core.access import log_access
    from stabiel.residents.access import PURPOSES

    held = list(_unmatched_waiting(actor=actor)[:UNMATCHED_SHOWN])
    if held:
        log_access(
            actor=actor,
            action="view",
            shown=f"Lijst signalen zonder bekend huishouden ({len(held)})",
            purpose=str(PURPOSES["unmatched"]),
        )
    return held


def unmatched_get(*, actor, signal_id: int, shown: bool = True) -> UnmatchedSubject:
    """One held signal still waiting, in the actor's municipality; 404 otherwise (the same for
    "does not exist", "not yours" and "already matched"). Logged when it will be `shown`."""
    from stabiel.core.access import log_access
    from stabiel.residents.access import PURPOSES

    found = _unmatched_waiting(actor=actor).filter(signal_id=signal_id).first()
    if found is None:
        raise Http404
    if not shown:
        return found
    log_access(
        actor=actor,
        action="view",
        shown=f"signaal {found.signal_id} zonder bekend huishouden: BSN en adres",
        purpose=str(PURPOSES["unmatched"]),
    )
    return found
