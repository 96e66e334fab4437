"""Outcome figures for the policy adviser and the team lead: aggregates only, small ones hidden."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may

from . import queries, services
from .forms import CompareForm, CompareSettingForm, PeriodForm
from .outcomes import EARLY_WARNING_FIGURES, FIGURES, threshold
from .safety_figures import safety_figures
from .summary import last_refresh
from .templatetags.insights import cell_text


def _period(request):
    form = PeriodForm(request.GET, today=timezone.localdate())
    return form, *form.period()


class OutcomeOverviewView(PermissionRequiredMixin, TemplateView):
    permission = Permission.INSIGHTS_VIEW
    template_name = "insights/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form, year, _breakdown, messages = _period(self.request)
        context.update(
            form=form,
            year=year,
            messages_period=messages,
            years=range(today.year, 2014, -1),
            threshold=threshold(),
            refreshed=last_refresh(self.request.user.municipality),
        )
        summaries = queries.overview(
            municipality=self.request.user.municipality, year=year, today=today
        )
        context.update(
            summaries=[s for s in summaries if s.figure.code not in EARLY_WARNING_FIGURES],
            early_warning=[s for s in summaries if s.figure.code in EARLY_WARNING_FIGURES],
            compare_in=queries.comparison_opted_in(self.request.user.municipality),
        )
        return context


class OutcomeFigureView(PermissionRequiredMixin, TemplateView):
    permission = Permission.INSIGHTS_VIEW
    template_name = "insights/figure.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = self.kwargs["code"]
        if code not in FIGURES:
            raise Http404
        today = timezone.localdate()
        form, year, breakdown, messages = _period(self.request)
        view = queries.figure_view(
            municipality=self.request.user.municipality,
            code=code,
            breakdown=breakdown,
            year=year,
            today=today,
        )
        context.update(
            form=form,
            messages_period=messages,
            years=range(today.year, 2014, -1),
            view=view,
            refreshed=last_refresh(self.request.user.municipality),
            rows=zip(view.table.labels, view.table.cells, view.table.row_totals, strict=True),
        )
        return context


class OutcomeFigureCsvView(PermissionRequiredMixin, View):
    """The suppressed table as CSV: the same cells as the page, hidden ones as 'x'."""

    permission = Permission.INSIGHTS_VIEW

    def get(self, request, code):
        if code not in FIGURES:
            raise Http404
        today = timezone.localdate()
        _form, year, breakdown, _messages = _period(request)
        view = queries.figure_view(
            municipality=request.user.municipality,
            code=code,
            breakdown=breakdown,
            year=year,
            today=today,
        )
        table = view.table
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="stabiel-{code}-{table.breakdown.value}-{year}.csv"'
        )
        response.write("\ufeff")  # Excel reads UTF-8 with a BOM
        writer = csv.writer(response, delimiter=";")
        writer.writerow(["", *[m.strftime("%Y-%m") for m in table.months], str(_total_label())])
        for label, cells, total in zip(table.labels, table.cells, table.row_totals, strict=True):
            writer.writerow([label, *[cell_text(c) for c in cells], cell_text(total)])
        writer.writerow(
            [
                str(_total_label()),
                *[cell_text(c) for c in table.column_totals],
                cell_text(table.grand_total),
            ]
        )
        return response


def _total_label():
    return _("Totaal")


class SafetyFiguresView(PermissionRequiredMixin, TemplateView):
    """Escalation and case review as aggregates only (issue 20): never a case or a name."""

    permission = Permission.INSIGHTS_VIEW
    template_name = "insights/safety.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("jaar", today.year))
        except ValueError:
            year = today.year
        year = year if 2015 <= year <= today.year else today.year
        context.update(
            year=year,
            years=range(today.year, 2014, -1),
            figures=safety_figures(municipality=self.request.user.municipality, year=year),
        )
        return context


class CompareView(PermissionRequiredMixin, TemplateView):
    """Our figures beside those of the other municipalities on this installation that are in
    (issue 17, point 4). A municipality that is not in sees only how to join."""

    permission = Permission.INSIGHTS_VIEW
    template_name = "insights/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form = CompareForm(self.request.GET, today=today)
        code, year, problems = form.choice()
        context.update(
            form=form,
            code=code,
            year=year,
            messages_period=problems,
            years=range(today.year, 2014, -1),
            figures=queries.figure_choices(),
            threshold=threshold(),
            may_set=may(self.request.user, Permission.INSIGHTS_COMPARE_SET),
            view=queries.comparison(
                municipality=self.request.user.municipality, code=code, year=year, today=today
            ),
        )
        return context


class CompareSettingView(PermissionRequiredMixin, View):
    """The functional administrator or policy adviser puts the municipality in or out."""

    permission = Permission.INSIGHTS_COMPARE_SET

    def _page(self, request, form, status=200):
        return render(
            request,
            "insights/compare_setting.html",
            {
                "form": form,
                "opted_in": queries.comparison_opted_in(request.user.municipality),
                "may_view": may(request.user, Permission.INSIGHTS_VIEW),
            },
            status=status,
        )

    def get(self, request):
        opted_in = queries.comparison_opted_in(request.user.municipality)
        return self._page(
            request, CompareSettingForm(initial={"meedoen": "ja" if opted_in else "nee"})
        )

    def post(self, request):
        form = CompareSettingForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        opted_in = form.cleaned_data["meedoen"] == "ja"
        services.comparison_set(actor=request.user, opted_in=opted_in)
        if opted_in:
            messages.success(request, _("Uw gemeente doet mee met vergelijken."))
        else:
            messages.success(
                request, _("Uw gemeente doet niet meer mee. U ziet de andere gemeenten niet meer.")
            )
        return redirect("insights:compare-setting")
