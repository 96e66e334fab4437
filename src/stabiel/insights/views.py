"""Outcome figures for the policy adviser and the team lead: aggregates only, small ones hidden."""

import csv

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may, signed_in_user
from stabiel.cases.queries import case_get
from stabiel.core.pagination import CappedPaginator
from stabiel.residents.access import access_household_by_id

from . import queries, services
from .forms import (
    CompareForm,
    CompareSettingForm,
    ExperienceForm,
    PeriodForm,
    StoryFilterForm,
    StoryForm,
)
from .free_budget import free_budget_figures
from .meeting_themes import theme_counts
from .outcomes import EARLY_WARNING_FIGURES, FIGURES, threshold
from .safety_figures import safety_figures
from .summary import last_refresh
from .templatetags.insights import cell_text
from .turning_18 import turning_18_figures


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
            beside=queries.stories_beside_figure(
                municipality=self.request.user.municipality, figure=view.figure, year=view.year
            ),
            may_tell=may(self.request.user, Permission.CASES_WORK),
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
            budget=free_budget_figures(municipality=self.request.user.municipality, year=year),
            turning_18=turning_18_figures(municipality=self.request.user.municipality, year=year),
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


# Story points and the resident's voice (issue 17, point 3) ----------------------------------------


class StoryReaderMixin(AccessMixin):
    """Stories are read by those who see the figures (policy adviser, team lead) and by the team
    members who tell them. They name no one, so a policy screen may show them."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not (
            may(request.user, Permission.INSIGHTS_VIEW) or may(request.user, Permission.CASES_WORK)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _story_choices(municipality):
    return {
        "pillars": queries.pillar_choices(municipality=municipality),
        "steps": queries.route_steps(),
        "rules": queries.rule_choices(municipality=municipality),
    }


class StoryListView(StoryReaderMixin, TemplateView):
    template_name = "insights/stories.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.request.user.municipality
        choices = _story_choices(municipality)
        form = StoryFilterForm(self.request.GET, today=timezone.localdate(), **choices)
        filters, problems = form.filters()
        page = CappedPaginator(
            queries.story_list(municipality=municipality, filters=filters), 25
        ).get_page(self.request.GET.get("pagina"))
        context.update(
            form=form,
            messages_filters=problems,
            page=page,
            stories=queries.with_rule_titles(page.object_list, municipality=municipality),
            may_tell=may(self.request.user, Permission.CASES_WORK),
            may_remove=may(self.request.user, Permission.TEAM_LEAD),
        )
        return context


class StoryTellView(PermissionRequiredMixin, FormView):
    permission = Permission.CASES_WORK
    template_name = "insights/story_form.html"
    form_class = StoryForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **_story_choices(self.request.user.municipality)}

    def get_initial(self):
        initial = super().get_initial()
        for key, field in (("stap", "route_step"), ("regel", "rule_code"), ("pijler", "pillar")):
            if self.request.GET.get(key):
                initial[field] = self.request.GET[key]
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.story_tell(
                actor=signed_in_user(self.request),
                text=data["text"],
                kind=data["kind"],
                for_resident=data["for_resident"],
                pillar_id=data["pillar"],
                route_step=data["route_step"],
                rule_code=data["rule_code"],
            )
        except services.InsightsInputError as exc:
            form.add_error(exc.field, str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, _("Dank u wel. Uw verhaal staat bij de cijfers."))
        return redirect("insights:stories")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StoryRemoveView(PermissionRequiredMixin, View):
    permission = Permission.TEAM_LEAD
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.story_remove(actor=signed_in_user(request), pk=pk)
        except services.InsightsInputError as exc:
            if exc.status == 404:
                raise Http404 from exc
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Het verhaal is weggehaald."))
        return redirect("insights:stories")


class ExperienceFiguresView(PermissionRequiredMixin, TemplateView):
    """What households said after their case closed: counts per team, small ones hidden."""

    permission = Permission.INSIGHTS_VIEW
    template_name = "insights/experience.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form, year, _breakdown, problems = _period(self.request)
        total, tables = queries.experience_tables(
            municipality=self.request.user.municipality, year=year
        )
        context.update(
            form=form,
            year=year,
            messages_period=problems,
            years=range(today.year, 2014, -1),
            threshold=threshold(),
            total=total,
            tables=tables,
            months=queries.experience_months(
                municipality=self.request.user.municipality, year=year, today=today
            ),
        )
        return context


EXPERIENCE_PURPOSE = "Ervaringsvragen na afsluiten van de casus"


class ExperienceInviteView(PermissionRequiredMixin, TemplateView):
    """The case lead makes the single-use link for a closed case and copies or prints it."""

    permission = Permission.CASES_WORK
    template_name = "insights/experience_invite.html"

    def _case(self, request, pk):
        case = case_get(actor=request.user, pk=pk)
        access_household_by_id(
            actor=request.user,
            household_id=case.household_id,
            purpose=EXPERIENCE_PURPOSE,
            shown=f"Uitnodiging ervaringsvragen casus {case.pk}",
        )
        return case

    def _page(self, request, case, *, link=None, expires_on=None, error=None, status=200):
        context = self.get_context_data(
            case=case,
            may_invite=services.may_invite(request.user, case),
            open_invitation=queries.experience_invitation_open(case=case),
            link=link,
            expires_on=expires_on,
            error=error,
        )
        return self.render_to_response(context, status=status)

    def get(self, request, pk):
        return self._page(request, self._case(request, pk))

    def post(self, request, pk):
        case = self._case(request, pk)
        try:
            invitation = services.experience_invite(actor=signed_in_user(request), case=case)
        except services.InsightsInputError as exc:
            return self._page(request, case, error=str(exc), status=exc.status)
        link = request.build_absolute_uri(
            reverse("insights:experience-answer", kwargs={"token": invitation.token})
        )
        return self._page(request, case, link=link, expires_on=invitation.expires_on)


class ExperienceAnswerView(View):
    """Public: the link is the household's only key. No account, no JavaScript needed."""

    http_method_names = ["get", "post", "head"]

    def _invalid(self, request, exc):
        return render(
            request,
            "insights/experience_invalid.html",
            {"message": str(exc), "answered": exc.reason == "answered"},
            status=exc.status if exc.status in (404, 410) else 400,
        )

    def _page(self, request, form, status=200):
        return render(request, "insights/experience_answer.html", {"form": form}, status=status)

    def get(self, request, token):
        try:
            services.experience_invitation_check(token=token)
        except services.InsightsInputError as exc:
            return self._invalid(request, exc)
        return self._page(request, ExperienceForm())

    def post(self, request, token):
        try:
            services.experience_invitation_check(token=token)
        except services.InsightsInputError as exc:
            return self._invalid(request, exc)
        form = ExperienceForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        data = form.cleaned_data
        try:
            services.experience_answer(
                token=token,
                helped=data["helped"],
                heard=data["heard"],
                knew_whom=data["knew_whom"],
                text=data["text"],
            )
        except services.InsightsInputError as exc:
            if exc.field is None:
                return self._invalid(request, exc)
            form.add_error(exc.field, str(exc))
            return self._page(request, form, status=400)
        return render(request, "insights/experience_thanks.html")


class MeetingThemesView(PermissionRequiredMixin, TemplateView):
    """Recurring themes of the case meetings and custom solutions (issue 20): counts per pillar
    and life domain for a year or a quarter, small ones hidden; never a case or a name."""

    permission = Permission.INSIGHTS_VIEW
    template_name = "insights/meeting_themes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        raw_year = self.request.GET.get("jaar", "")
        raw_quarter = self.request.GET.get("kwartaal", "")
        year = int(raw_year) if raw_year.isascii() and raw_year.isdigit() else today.year
        year = year if 2015 <= year <= today.year else today.year
        quarter = int(raw_quarter) if raw_quarter in ("1", "2", "3", "4") else None
        context.update(
            year=year,
            quarter=quarter,
            years=range(today.year, 2014, -1),
            themes=theme_counts(
                municipality=self.request.user.municipality, year=year, quarter=quarter
            ),
        )
        return context
