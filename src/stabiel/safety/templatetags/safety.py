"""The safety summary on top of the case screen: the running safety plan and the escalation."""

from django import template

from stabiel.safety import queries

register = template.Library()


@register.inclusion_tag("safety/_case_banner.html", takes_context=True)
def safety_banner(context, case):
    request = context.get("request")
    user = getattr(request, "user", None)
    readable = user is not None and queries.may_read_safety(actor=user, case=case)
    escalation = case.escalations.filter(ended_on__isnull=True).select_related("level").first()
    return {
        "case": case,
        "purpose": context.get("purpose", "plan"),
        "plan": queries.running_plan(case) if readable else None,
        "escalation": escalation,
    }


@register.filter
def euros(cents):
    """Whole cents as the interface writes an amount: 125050 -> "€ 1.250,50"."""
    from stabiel.safety.services import euros as write

    return write(int(cents or 0))
