"""Publishing a plan's flags and measures to the other municipalities on this installation, and
browsing and adopting theirs (see stabiel.plans.publishing). Thin views."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stabiel.catalogue.models import Action, Pillar
from stabiel.core.forms import StabielForm

from . import publishing, queries
from .models import Plan
from .services import PlanInputError
from .views import AdviserPostView, AdviserReadView


class SharedFilterForm(StabielForm):
    pillar = forms.ModelChoiceField(
        label=gettext_lazy("Pijler"),
        required=False,
        queryset=Pillar.objects.filter(municipality__isnull=True, is_core=False),
        empty_label=gettext_lazy("Alle"),
    )
    action = forms.ModelChoiceField(
        label=gettext_lazy("Actie"),
        required=False,
        queryset=Action.objects.filter(municipality__isnull=True).order_by("number"),
        empty_label=gettext_lazy("Alle"),
    )


class AdoptSharedForm(StabielForm):
    plan = forms.ModelChoiceField(
        label=gettext_lazy("In welk preventieplan?"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Kies een preventieplan."),
            "invalid_choice": gettext_lazy("Kies een preventieplan van uw gemeente uit de lijst."),
        },
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = open_plans(actor)


def open_plans(actor):
    return Plan.objects.filter(municipality=actor.municipality).exclude(status=Plan.Status.CLOSED)


class PlanPublishView(AdviserPostView):
    def post(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        publish = request.POST.get("publiceren") == "ja"
        publishing.plan_publish(actor=request.user, plan=plan, publish=publish)
        if publish:
            messages.success(
                request,
                _(
                    "De vlaggen en maatregelen van dit plan zijn nu te zien voor de andere "
                    "gemeenten op deze installatie. Antwoorden en deelnemers niet."
                ),
            )
        else:
            messages.success(request, _("Dit plan is niet meer gedeeld met andere gemeenten."))
        return redirect("plans:plan-detail", pk=plan.pk)


class SharedListView(AdviserReadView):
    """Flags and measures that other municipalities published, by pillar and action."""

    def get(self, request):
        form = SharedFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        pillar, action = filters.get("pillar"), filters.get("action")
        return render(
            request,
            "plans/shared_list.html",
            {
                "filter_form": form,
                "measures": publishing.published_measures(
                    actor=request.user, pillar=pillar, action=action
                ),
                "flags": publishing.published_flags(
                    actor=request.user, pillar=pillar, action=action
                ),
                "adopt_form": AdoptSharedForm(actor=request.user),
                "has_plan": open_plans(request.user).exists(),
            },
        )


class SharedAdoptView(AdviserPostView):
    def post(self, request, pk):
        measure = publishing.published_measure_get(actor=request.user, pk=pk)
        form = AdoptSharedForm(request.POST, actor=request.user)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect("plans:shared-list")
        try:
            adopted = publishing.measure_adopt_published(
                actor=request.user, measure=measure, plan=form.cleaned_data["plan"]
            )
        except PlanInputError as exc:
            messages.error(request, str(exc))
            return redirect("plans:shared-list")
        messages.success(
            request,
            _(
                "'%(title)s' van %(source)s staat nu als maatregel in %(plan)s, niet gestart. Vul "
                "hieronder de eigenaar, de periode en het budget in."
            )
            % {"title": adopted.title, "source": adopted.source, "plan": adopted.plan},
        )
        return redirect("plans:measure-edit", pk=adopted.pk)
