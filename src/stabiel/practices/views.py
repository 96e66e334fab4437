from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may, require

from . import queries, services
from .forms import AdoptForm, PracticeFilterForm


def measure_edit_url(measure) -> str:
    return reverse("plans:measure-edit", args=[measure.pk])


class PracticeListView(PermissionRequiredMixin, TemplateView):
    permission = Permission.PRACTICES_VIEW
    template_name = "practices/practice_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.request.user.municipality
        form = PracticeFilterForm(self.request.GET or None, municipality=municipality)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        context["filter_form"] = form
        context["practices"] = queries.practice_list(municipality=municipality, filters=filters)
        context["can_see_shared"] = may(self.request.user, Permission.PLANS_WORK)
        return context


class PracticeDetailView(PermissionRequiredMixin, TemplateView):
    permission = Permission.PRACTICES_VIEW
    template_name = "practices/practice_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.municipality_id:
            self.practice = queries.practice_get(
                municipality=request.user.municipality, slug=kwargs["slug"]
            )
        return super().dispatch(request, *args, **kwargs)

    def adopt_form(self, data=None):
        plans = queries.plans_to_adopt_into(actor=self.request.user)
        return AdoptForm(data, plans=plans)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["practice"] = self.practice
        context["can_adopt"] = may(user, Permission.PLANS_WORK)
        if context["can_adopt"]:
            context.setdefault("adopt_form", self.adopt_form())
            context["adopted"] = queries.measures_from_practice(actor=user, practice=self.practice)
        return context

    def post(self, request, *args, **kwargs):
        require(request.user, Permission.PLANS_WORK)
        chosen = request.POST.get("plan", "")
        plans = queries.plans_to_adopt_into(actor=request.user)
        if (
            chosen.isascii()
            and chosen.isdigit()
            and len(chosen) < 19
            and not plans.filter(pk=int(chosen)).exists()
        ):
            raise Http404  # another municipality's plan, or one that does not exist
        form = self.adopt_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(adopt_form=form), status=400)
        try:
            measure = services.practice_adopt(
                actor=request.user, practice=self.practice, **form.cleaned_data
            )
        except services.PracticeAdoptError as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(adopt_form=form), status=400)
        messages.success(
            request,
            _(
                "'%(title)s' staat nu als maatregel in %(plan)s. Vul hieronder de eigenaar, de "
                "periode en het budget in."
            )
            % {"title": measure.title, "plan": measure.plan},
        )
        return redirect(measure_edit_url(measure))
