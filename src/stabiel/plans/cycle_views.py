"""The year's cycle: start next year's plan from this one, and the progress view over the year
per measure and per pillar. Thin: parse input, call one service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.catalogue.queries import pillars_for

from . import cycle, queries
from .services import PlanInputError
from .views import AdviserReadView, AdviserView


class PlanNextYearView(AdviserView):
    """Asks first (GET), then makes next year's plan (POST)."""

    def get(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        return render(
            request,
            "plans/plan_next_year.html",
            {
                "plan": plan,
                "next_year": plan.year + 1,
                "flags": plan.flags.count(),
                "measures": plan.measures.count(),
            },
        )

    def post(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        try:
            new = cycle.plan_start_next_year(actor=request.user, plan=plan)
        except PlanInputError as exc:
            messages.error(request, str(exc))
            return redirect("plans:plan-detail", pk=plan.pk)
        messages.success(
            request,
            _(
                "Het plan voor %(year)s is gemaakt met de vlaggen en maatregelen van %(old)s, en "
                "hun voortgang. Werksessies en antwoorden zijn niet meegenomen."
            )
            % {"year": new.year, "old": plan.year},
        )
        return redirect("plans:plan-detail", pk=new.pk)


class FlagSearchView(AdviserReadView):
    """Search the plan's flags by text, or open one pillar of the drawn model."""

    def get(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        text = request.GET.get("zoek", "")[:200]
        pillars, _core = pillars_for(municipality=plan.municipality)
        by_code = {p.code: p for p in pillars}
        code = request.GET.get("pijler", "")
        pillar = by_code.get(code)
        flags = queries.flag_search(plan=plan, text=text, pillar_code=pillar.code if pillar else "")
        return render(
            request,
            "plans/flag_search.html",
            {
                "plan": plan,
                "text": text,
                "pillar": pillar,
                "unknown_pillar": bool(code) and pillar is None,
                "pillars": pillars,
                "flags": flags,
            },
        )


class PlanProgressView(AdviserReadView):
    """Progress over the year: per pillar how the measures are doing, per measure its reports."""

    def get(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        today = timezone.localdate()
        rows = queries.plan_measures(plan=plan, today=today)
        groups = queries.progress_by_pillar(plan=plan, rows=rows)
        per = request.GET.get("per")
        per = per if per in dict(queries.PER_CHOICES) else queries.Per.MONTH
        series = queries.measure_series(plan=plan, rows=rows, per=per, today=today)
        return render(
            request,
            "plans/plan_progress.html",
            {
                "plan": plan,
                "rows": [(row, series.get(row.measure.pk)) for row in rows],
                "has_series": bool(series),
                "per": per,
                "per_choices": queries.PER_CHOICES,
                "groups": groups,
                "states": list(queries.STATE_LABELS.items()),
            },
        )
