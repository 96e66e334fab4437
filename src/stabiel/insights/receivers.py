"""The aggregate door also carries a case review's finding, without names, to the prevention plan
(issue 20). The safety app announces the event; it never imports plans, and plans never import it."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from stabiel.catalogue.models import Pillar
from stabiel.plans import queries as plan_queries
from stabiel.plans import services as plan_services
from stabiel.safety.events import review_finding_shared

# Findings of case reviews are about how the system works together: the continuity pillar, where
# VNG's Stop het stapelen (2022) lists the red flags in working with other organisations.
FINDING_PILLAR = "continuiteit"


def _plan_for(actor, year: int):
    plans = list(plan_queries.plan_list(actor=actor))
    return next((p for p in plans if p.year == year), None) or (plans[0] if plans else None)


@receiver(review_finding_shared, dispatch_uid="insights.review_finding_to_plan")
def review_finding_to_plan(sender, *, municipality, actor, year, kind, title, text, **kwargs):
    plan = _plan_for(actor, year)
    if plan is None or plan.municipality_id != municipality.pk:
        return None
    source = _("Casusreview %(year)s") % {"year": year}
    if kind == "flag":
        pillar = Pillar.objects.filter(code=FINDING_PILLAR).first()
        plan_services.flag_create(
            actor=actor,
            plan=plan,
            colour="red",
            title=title,
            description=text,
            pillar=pillar,
            source=source,
        )
        return _("rode vlag in %(plan)s") % {"plan": plan.title}
    plan_services.measure_create(
        actor=actor,
        plan=plan,
        title=title,
        description=text,
        owner=actor.get_full_name() or actor.username,
        impact=2,
        effort=2,
        source=source,
    )
    return _("maatregel in %(plan)s") % {"plan": plan.title}
