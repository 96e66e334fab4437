"""Between municipalities on one installation (a region or a national host): a municipality
publishes its plan's flags and measures, the others browse them by pillar and action and adopt
a measure in one step, with the publishing municipality named as its source.

Published are the flags' and measures' own texts, never the work sessions, participants or
answers (a flag's supporting answers stay home). This is the one deliberate read across
municipalities in the workbench; everything else starts from the actor's municipality.
"""

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Flag, Measure, Plan, PlanEvent
from .services import PlanInputError, event_record, measure_create

ADOPT_OWNER = "Nog te bepalen"


@transaction.atomic
def plan_publish(*, actor, plan: Plan, publish: bool) -> Plan:
    """Show (or stop showing) this plan's flags and measures to the other municipalities."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk, municipality=actor.municipality)
    if publish == (plan.published_at is not None):
        return plan
    plan.published_at = timezone.now() if publish else None
    plan.save(update_fields=["published_at", "updated_at"])
    event_record(
        actor=actor,
        plan=plan,
        verb=PlanEvent.Verb.PUBLISHED if publish else PlanEvent.Verb.CHANGED,
        subject=plan,
        label=plan.title if publish else _("Publicatie gestopt: %(plan)s") % {"plan": plan.title},
    )
    return plan


def _published(model, *, actor):
    return (
        model.objects.filter(plan__published_at__isnull=False, plan__removed_at__isnull=True)
        .exclude(municipality=actor.municipality)
        .select_related("plan", "municipality")
    )


def _place_filter(prefix: str, *, pillar, action) -> Q:
    """Flags of a pillar (or of an action: its pillar, or the action itself for 1 and 5)."""
    query = Q()
    if pillar is not None:
        query &= Q(**{f"{prefix}pillar": pillar})
    if action is not None:
        if action.pillar_id:
            query &= Q(**{f"{prefix}pillar_id": action.pillar_id})
        else:
            query &= Q(**{f"{prefix}action": action})
    return query


def published_measures(*, actor, pillar=None, action=None):
    measures = _published(Measure, actor=actor).prefetch_related("flags__pillar", "flags__action")
    if pillar is not None or action is not None:
        measures = measures.filter(
            _place_filter("flags__", pillar=pillar, action=action)
        ).distinct()
    return measures.order_by("municipality__name", "-plan__year", "title")


def published_flags(*, actor, pillar=None, action=None):
    flags = _published(Flag, actor=actor).select_related("pillar", "action")
    if pillar is not None or action is not None:
        flags = flags.filter(_place_filter("", pillar=pillar, action=action))
    return flags.order_by("municipality__name", "-plan__year", "colour", "title")


def published_measure_get(*, actor, pk: int) -> Measure:
    measure = _published(Measure, actor=actor).filter(pk=pk).first()
    if measure is None:
        raise Http404
    return measure


def source_of(measure: Measure) -> str:
    return _("Gemeente %(name)s, %(plan)s") % {
        "name": measure.municipality.name,
        "plan": measure.plan.title,
    }


@transaction.atomic
def measure_adopt_published(*, actor, measure: Measure, plan: Plan) -> Measure:
    """One step: a copy of another municipality's published measure in the actor's own plan,
    not started, with the publishing municipality as its source. The owner is asked next."""
    if measure.municipality_id == actor.municipality_id:
        raise PlanInputError(_("Dit is een maatregel van uw eigen gemeente."))
    fresh = Measure.objects.filter(
        pk=measure.pk, plan__published_at__isnull=False, plan__removed_at__isnull=True
    ).first()
    if fresh is None:
        raise PlanInputError(_("Deze maatregel is niet meer gedeeld."))
    if plan.municipality_id != actor.municipality_id:
        raise PlanInputError(_("Dit plan hoort niet bij uw gemeente."))
    if plan.status == Plan.Status.CLOSED:
        raise PlanInputError(_("Dit plan is afgesloten. Kies een ander plan."))
    source = source_of(fresh)
    description = "\n\n".join(
        part
        for part in (
            fresh.description,
            _("Overgenomen van %(source)s.") % {"source": source},
        )
        if part
    )
    return measure_create(
        actor=actor,
        plan=plan,
        title=fresh.title,
        description=description,
        owner=_(ADOPT_OWNER),
        indicator=fresh.indicator,
        outcome_figure=fresh.outcome_figure,
        impact=fresh.impact,
        effort=fresh.effort,
        practice=fresh.practice,
        source=source,
        adopted_from=fresh,
    )
