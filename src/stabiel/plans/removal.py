"""Removing parts of a plan with a confirmation, restoring them within a period, and the purge.

A removed part stays in the database with who removed it and when (``Removable``), hidden by the
models' default managers, and can be restored for ``PLANS_RESTORE_DAYS`` days. A removed
participant's answers and own questions go with them (hidden with the participant, restored with
them, deleted with them). The facilitator can also remove a single answer or own question, with a
reason (like a correction). Every removal and restoration is a row in the plan's history.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    SHORT_TEXT_MAX,
    Answer,
    Flag,
    Measure,
    MeasureUpdate,
    OwnQuestion,
    Participant,
    Plan,
    PlanEvent,
    WorkSession,
)
from .services import PlanInputError, _limited, event_record, measure_status_follow

# URL word -> model. The words are Dutch because they appear in the address bar.
KINDS = {
    "plan": Plan,
    "werksessie": WorkSession,
    "deelnemer": Participant,
    "vlag": Flag,
    "maatregel": Measure,
    "voortgang": MeasureUpdate,
    "antwoord": Answer,
    "eigen-vraag": OwnQuestion,
}
# What a participant wrote: removing it asks for a reason, as correcting it does.
WITH_REASON = ("antwoord", "eigen-vraag")
KIND_LABELS = {
    "plan": gettext_lazy("het plan"),
    "werksessie": gettext_lazy("de werksessie"),
    "deelnemer": gettext_lazy("de deelnemer"),
    "vlag": gettext_lazy("de vlag"),
    "maatregel": gettext_lazy("de maatregel"),
    "voortgang": gettext_lazy("het voortgangsbericht"),
    "antwoord": gettext_lazy("het antwoord"),
    "eigen-vraag": gettext_lazy("de eigen vraag"),
}


def restore_days() -> int:
    return int(getattr(settings, "PLANS_RESTORE_DAYS", 30))


def kind_of(obj) -> str:
    for kind, model in KINDS.items():
        if isinstance(obj, model):
            return kind
    raise ValueError(obj)


def plan_of(obj) -> Plan:
    if isinstance(obj, Plan):
        return obj
    if isinstance(obj, Participant):
        return obj.session.plan
    if isinstance(obj, (Answer, OwnQuestion)):
        return obj.participant.session.plan
    if isinstance(obj, MeasureUpdate):
        return obj.measure.plan
    return obj.plan


def label_of(obj) -> str:
    if isinstance(obj, Participant):
        return _("%(name)s (%(perspective)s), werksessie %(session)s") % {
            "name": obj.name,
            "perspective": obj.perspective.display_name,
            "session": obj.session.title,
        }
    if isinstance(obj, Answer):
        return _("Antwoord van %(name)s op vraag %(code)s") % {
            "name": obj.participant.name,
            "code": obj.question.code,
        }
    if isinstance(obj, OwnQuestion):
        return _("Eigen vraag van %(name)s bij werkblad %(n)s") % {
            "name": obj.participant.name,
            "n": obj.worksheet.number,
        }
    if isinstance(obj, MeasureUpdate):
        return _("Voortgang %(day)s van %(measure)s") % {
            "day": obj.written_on.strftime("%d-%m-%Y"),
            "measure": obj.measure.title,
        }
    return str(obj)


def part_get(*, actor, kind: str, pk: int, removed: bool = False):
    """A part of one of the actor's plans, live (or removed, with ``removed``); 404 otherwise.
    A part of a removed plan is not reachable on its own."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    obj = model.all_objects.filter(
        pk=pk, municipality=actor.municipality, removed_at__isnull=not removed
    ).first()
    if obj is None:
        raise Http404
    parent = plan_of(obj)
    if obj is not parent and parent.removed_at is not None:
        raise Http404
    if isinstance(obj, (Answer, OwnQuestion)) and (
        obj.participant.removed_at is not None or obj.participant.session.removed_at is not None
    ):
        # It went with its participant or session: restore that instead.
        raise Http404
    return obj


@transaction.atomic
def part_remove(*, actor, obj, reason: str = "") -> None:
    """Remove a plan, session, participant (with their answers), flag, measure, progress report,
    or a single answer or own question (with a reason, and its text kept in the history). It can
    be restored for ``PLANS_RESTORE_DAYS`` days."""
    model = type(obj)
    obj = model.all_objects.select_for_update().get(pk=obj.pk, municipality=actor.municipality)
    if obj.removed_at is not None:
        raise PlanInputError(_("Dit is al verwijderd."))
    before = ""
    if kind_of(obj) in WITH_REASON:
        reason = _limited(reason, SHORT_TEXT_MAX, _("De reden"))
        if not reason:
            raise PlanInputError(_("Schrijf op waarom u dit verwijdert."))
        before = obj.text
    else:
        reason = ""
    obj.removed_at, obj.removed_by = timezone.now(), actor
    obj.save(update_fields=["removed_at", "removed_by", "updated_at"])
    if isinstance(obj, MeasureUpdate):
        measure_status_follow(measure=obj.measure)
    event_record(
        actor=actor,
        plan=plan_of(obj),
        verb=PlanEvent.Verb.REMOVED,
        subject=obj,
        label=label_of(obj),
        reason=reason,
        before=before,
    )


def restorable_until(obj) -> datetime:
    return obj.removed_at + timedelta(days=restore_days())


@transaction.atomic
def part_restore(*, actor, obj) -> None:
    model = type(obj)
    obj = model.all_objects.select_for_update().get(pk=obj.pk, municipality=actor.municipality)
    if obj.removed_at is None:
        raise PlanInputError(_("Dit is niet verwijderd."))
    if restorable_until(obj) < timezone.now():
        raise PlanInputError(
            _("Dit is langer dan %(days)s dagen geleden verwijderd en kan niet meer terug.")
            % {"days": restore_days()}
        )
    if (
        isinstance(obj, Plan)
        and Plan.objects.filter(municipality=obj.municipality, year=obj.year).exists()
    ):
        raise PlanInputError(
            _(
                "Er is al een ander preventieplan voor %(year)s. Verwijder dat eerst, of laat "
                "dit plan weg."
            )
            % {"year": obj.year}
        )
    if (
        isinstance(obj, Answer)
        and Answer.objects.filter(
            participant_id=obj.participant_id, question_id=obj.question_id
        ).exists()
    ):
        raise PlanInputError(
            _(
                "De deelnemer heeft deze vraag opnieuw beantwoord. Het nieuwe antwoord blijft "
                "staan; dit antwoord kan niet terug."
            )
        )
    if (
        isinstance(obj, OwnQuestion)
        and OwnQuestion.objects.filter(
            participant_id=obj.participant_id, worksheet_id=obj.worksheet_id
        ).exists()
    ):
        raise PlanInputError(
            _(
                "De deelnemer heeft bij dit werkblad een nieuwe eigen vraag gesteld. Die blijft "
                "staan; deze eigen vraag kan niet terug."
            )
        )
    obj.removed_at, obj.removed_by = None, None
    obj.save(update_fields=["removed_at", "removed_by", "updated_at"])
    if isinstance(obj, MeasureUpdate):
        measure_status_follow(measure=obj.measure)
    event_record(
        actor=actor,
        plan=plan_of(obj),
        verb=PlanEvent.Verb.RESTORED,
        subject=obj,
        label=label_of(obj),
    )


@dataclass(frozen=True)
class RemovedPart:
    kind: str
    kind_label: str
    obj: object
    label: str
    removed_at: datetime
    removed_by: str
    until: datetime
    restorable: bool


def _row(obj, now) -> RemovedPart:
    kind = kind_of(obj)
    until = restorable_until(obj)
    by = obj.removed_by
    return RemovedPart(
        kind=kind,
        kind_label=str(KIND_LABELS[kind]),
        obj=obj,
        label=label_of(obj),
        removed_at=obj.removed_at,
        removed_by=(by.get_full_name() or by.username) if by else "",
        until=until,
        restorable=until >= now,
    )


def removed_parts(*, plan: Plan) -> list[RemovedPart]:
    """The removed parts of one (live) plan, newest first."""
    now = timezone.now()
    m = plan.municipality_id
    found: list = [
        *WorkSession.all_objects.filter(municipality_id=m, plan=plan, removed_at__isnull=False),
        *Participant.all_objects.filter(
            municipality_id=m, session__plan=plan, removed_at__isnull=False
        ).select_related("session", "perspective"),
        *Flag.all_objects.filter(municipality_id=m, plan=plan, removed_at__isnull=False),
        *Measure.all_objects.filter(municipality_id=m, plan=plan, removed_at__isnull=False),
        *MeasureUpdate.all_objects.filter(
            municipality_id=m, measure__plan=plan, removed_at__isnull=False
        ).select_related("measure"),
        # Single answers the facilitator removed; those that went with their participant or
        # session come back with it and are not listed on their own.
        *Answer.all_objects.filter(
            municipality_id=m,
            participant__session__plan=plan,
            removed_at__isnull=False,
            participant__removed_at__isnull=True,
            participant__session__removed_at__isnull=True,
        ).select_related("participant", "question"),
        *OwnQuestion.all_objects.filter(
            municipality_id=m,
            participant__session__plan=plan,
            removed_at__isnull=False,
            participant__removed_at__isnull=True,
            participant__session__removed_at__isnull=True,
        ).select_related("participant", "worksheet"),
    ]
    rows = [_row(obj, now) for obj in found]
    return sorted(rows, key=lambda r: r.removed_at, reverse=True)


def removed_plans(*, actor) -> list[RemovedPart]:
    now = timezone.now()
    plans = Plan.all_objects.filter(
        municipality=actor.municipality, removed_at__isnull=False
    ).order_by("-removed_at")
    return [_row(p, now) for p in plans]


def purge_removed(*, now: datetime | None = None) -> dict[str, int]:
    """Delete every part removed longer than PLANS_RESTORE_DAYS ago (a participant with their
    answers). Safe to run twice and from two servers: it only deletes what is past the period."""
    cutoff = (now or timezone.now()) - timedelta(days=restore_days())
    counts = {}
    # Children before parents, so the counts say what the purge itself chose.
    kinds = ("antwoord", "eigen-vraag", "voortgang", "maatregel", "vlag", "deelnemer")
    for kind in (*kinds, "werksessie", "plan"):
        model = KINDS[kind]
        with transaction.atomic():
            counts[kind] = (
                model.all_objects.filter(removed_at__lt=cutoff)
                .delete()[1]
                .get(model._meta.label, 0)
            )
    return counts
