"""Screens of the self-assessment of the basic functions: thin, one selector or service each."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may

from . import exports, queries, services, summary
from .drawing import route_layout
from .forms import (
    DONT_KNOW,
    RespondentForm,
    RoundForm,
    StatementAddForm,
    StatementEditForm,
    ToPlanForm,
    parse_answers,
)
from .links import LinkError, respondent_from_token, respondent_token
from .measured import measured_for
from .models import Scale
from .route import SOURCE, route
from .services import AssessmentInputError


class ReaderView(PermissionRequiredMixin, View):
    permission = Permission.ASSESSMENT_READ
    http_method_names = ["get", "head"]


class RouteView(ReaderView):
    """The route drawn as one picture, the five functions and KPMG's five insights."""

    def get(self, request):
        the_route = route()
        return render(
            request,
            "assessment/route.html",
            {
                "route": the_route,
                "drawing": route_layout(the_route),
                "source": SOURCE,
                "publication": queries.publication(),
                "can_run": may(request.user, Permission.ASSESSMENT_RUN),
            },
        )


class FunctionDetailView(ReaderView):
    def get(self, request, code):
        context = queries.function_page(municipality=request.user.municipality, code=code)
        return render(request, "assessment/function_detail.html", {**context, "source": SOURCE})


class StepDetailView(ReaderView):
    def get(self, request, number):
        context = queries.step_page(municipality=request.user.municipality, number=number)
        return render(request, "assessment/step_detail.html", {**context, "source": SOURCE})


# Statements ------------------------------------------------------------------------------------


class AdviserView(PermissionRequiredMixin, View):
    permission = Permission.ASSESSMENT_RUN
    http_method_names = ["get", "post", "head"]


class AdviserPostView(AdviserView):
    http_method_names = ["post"]


def _service(form, call):
    """Run a service; a refusal becomes the form's message. Returns the result or None."""
    try:
        return call()
    except AssessmentInputError as exc:
        form.add_error(None, str(exc))
        return None


class StatementListView(AdviserView):
    def _page(self, request, form, status=200):
        services.statements_ensure(municipality=request.user.municipality)
        return render(
            request,
            "assessment/statement_list.html",
            {"groups": queries.statements_by_function(actor=request.user), "form": form},
            status=status,
        )

    def get(self, request):
        return self._page(request, StatementAddForm())

    def post(self, request):
        form = StatementAddForm(request.POST)
        if form.is_valid() and _service(
            form, lambda: services.statement_add(actor=request.user, **form.cleaned_data)
        ):
            messages.success(request, _("Uw stelling is toegevoegd. Nieuwe rondes nemen haar op."))
            return redirect("assessment:statement-list")
        return self._page(request, form, status=400)


class StatementEditView(AdviserView):
    def _page(self, request, statement, form, status=200):
        return render(
            request,
            "assessment/statement_form.html",
            {"statement": statement, "form": form},
            status=status,
        )

    def get(self, request, pk):
        statement = queries.statement_get(actor=request.user, pk=pk)
        form = StatementEditForm(initial={"text": statement.text, "active": statement.active})
        return self._page(request, statement, form)

    def post(self, request, pk):
        statement = queries.statement_get(actor=request.user, pk=pk)
        form = StatementEditForm(request.POST)
        if form.is_valid() and _service(
            form,
            lambda: services.statement_update(
                actor=request.user, statement=statement, **form.cleaned_data
            ),
        ):
            messages.success(request, _("De stelling is opgeslagen."))
            return redirect("assessment:statement-list")
        return self._page(request, statement, form, status=400)


# Rounds ----------------------------------------------------------------------------------------


def respondent_link(request, respondent) -> str:
    return request.build_absolute_uri(
        reverse("assessment:answer", kwargs={"token": respondent_token(respondent)})
    )


class RoundListView(AdviserView):
    def _page(self, request, form, status=200):
        return render(
            request,
            "assessment/round_list.html",
            {"rounds": queries.round_list(actor=request.user), "form": form},
            status=status,
        )

    def get(self, request):
        return self._page(request, RoundForm())

    def post(self, request):
        form = RoundForm(request.POST)
        the_round = form.is_valid() and _service(
            form, lambda: services.round_start(actor=request.user, **form.cleaned_data)
        )
        if the_round:
            messages.success(request, _("De ronde is gestart. Nodig nu de deelnemers uit."))
            return redirect("assessment:round-detail", pk=the_round.pk)
        return self._page(request, form, status=400)


class RoundDetailView(AdviserView):
    """The round with its respondents and their links; the form adds a respondent."""

    def _page(self, request, the_round, form, status=200):
        respondents = [
            {"respondent": r, "link": respondent_link(request, r)}
            for r in queries.respondents_of(the_round=the_round)
        ]
        return render(
            request,
            "assessment/round_detail.html",
            {
                "round": the_round,
                "respondents": respondents,
                "form": form,
                "statement_count": the_round.statements.count(),
            },
            status=status,
        )

    def get(self, request, pk):
        the_round = queries.round_get(actor=request.user, pk=pk)
        return self._page(request, the_round, RespondentForm())

    def post(self, request, pk):
        the_round = queries.round_get(actor=request.user, pk=pk)
        form = RespondentForm(request.POST)
        respondent = form.is_valid() and _service(
            form,
            lambda: services.respondent_invite(
                actor=request.user,
                the_round=the_round,
                link_for=lambda r: respondent_link(request, r),
                **form.cleaned_data,
            ),
        )
        if respondent:
            if respondent.email:
                text = _("%(name)s is toegevoegd en krijgt de uitnodiging per e-mail.")
            else:
                text = _("%(name)s is toegevoegd. Kopieer de link en stuur die zelf door.")
            messages.success(request, text % {"name": respondent.name})
            return redirect("assessment:round-detail", pk=the_round.pk)
        return self._page(request, the_round, form, status=400)


class RoundCloseView(AdviserPostView):
    def post(self, request, pk):
        the_round = queries.round_get(actor=request.user, pk=pk)
        try:
            services.round_close(actor=request.user, the_round=the_round)
        except AssessmentInputError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("De ronde is gesloten. Antwoorden kunnen niet meer veranderen.")
            )
        return redirect("assessment:round-detail", pk=the_round.pk)


class RespondentRenewView(AdviserPostView):
    """A fresh link (mailed again when there is an address); older links stop working."""

    def post(self, request, pk):
        respondent = queries.respondent_get(actor=request.user, pk=pk)
        respondent = services.respondent_link_renew(actor=request.user, respondent=respondent)
        if respondent.email:
            services.respondent_send_invitation(
                respondent=respondent, link=respondent_link(request, respondent)
            )
            messages.success(
                request, _("Er is een nieuwe link gestuurd. De oude link werkt niet meer.")
            )
        else:
            messages.success(
                request, _("Er is een nieuwe link gemaakt. De oude link werkt niet meer.")
            )
        return redirect("assessment:round-detail", pk=respondent.round_id)


class RespondentAnswerView(View):
    """Public: the signed link is the respondent's only key. Shows only their own answers."""

    http_method_names = ["get", "post", "head"]

    def _invalid(self, request, message: str, status: int):
        return render(
            request, "assessment/answer_invalid.html", {"message": message}, status=status
        )

    def _page(self, request, respondent, error="", status=200, posted=None):
        return render(
            request,
            "assessment/answer.html",
            {
                "respondent": respondent,
                "round": respondent.round,
                "groups": queries.answer_sheet(respondent=respondent, posted=posted),
                "scale": [(str(value), label) for value, label in Scale.choices],
                "dont_know": DONT_KNOW,
                "error": error,
                "posted": posted,
            },
            status=status,
        )

    def get(self, request, token):
        try:
            respondent = respondent_from_token(token)
        except LinkError as exc:
            return self._invalid(request, str(exc), exc.status)
        return self._page(request, respondent)

    def post(self, request, token):
        try:
            respondent = respondent_from_token(token)
        except LinkError as exc:
            return self._invalid(request, str(exc), exc.status)
        # The page carries the respondent it was opened for; a post for someone else changes nothing.
        if request.POST.get("deelnemer") != str(respondent.pk):
            return self._invalid(
                request, _("U kunt alleen uw eigen antwoorden opslaan. Er is niets veranderd."), 403
            )
        if not respondent.round.is_open:
            return self._invalid(
                request,
                _("Deze ronde is gesloten. Uw antwoorden zijn niet veranderd."),
                409,
            )
        ids = list(respondent.round.statements.values_list("pk", flat=True))
        try:
            answers = parse_answers(request.POST, ids)
            services.responses_save(respondent=respondent, answers=answers)
        except AssessmentInputError as exc:
            return self._page(request, respondent, error=str(exc), status=400, posted=request.POST)
        messages.success(
            request,
            _(
                "Uw antwoorden zijn opgeslagen. Zolang de ronde open is, kunt u ze met dezelfde link veranderen."
            ),
        )
        return redirect("assessment:answer", token=token)


# Results ---------------------------------------------------------------------------------------


def _to_plan_forms(request, results, weak, plans, bound=None):
    """A form per weak function and per disputed statement; ``bound`` replaces the one posted."""
    default_owner = request.user.get_full_name() or request.user.username
    forms_by_key = {}
    for row in weak:
        code = row["function"].code
        key = f"functie-{code}"
        forms_by_key[key] = ToPlanForm(
            plans=plans,
            prefix=key,
            initial={
                "kind": "measure",
                "title": _("Versterken: %(name)s") % {"name": row["function"].name},
                "place": ":".join(services.FUNCTION_PLACE[code]),
                "owner": default_owner,
                "function_code": code,
            },
        )
    for row in results.disputed[:5]:
        statement = row["statement"]
        key = f"stelling-{statement.pk}"
        forms_by_key[key] = ToPlanForm(
            plans=plans,
            prefix=key,
            initial={
                "kind": "flag",
                "title": _("Geen gedeeld beeld: %(text)s") % {"text": statement.text[:150]},
                "place": ":".join(services.FUNCTION_PLACE[statement.function_code]),
                "owner": default_owner,
                "statement": statement.pk,
            },
        )
    if bound is not None:
        forms_by_key[bound.prefix] = bound
    return forms_by_key


class RoundResultsView(AdviserView):
    http_method_names = ["get", "post", "head"]

    def _page(self, request, the_round, bound=None, status=200):
        results = summary.round_results(the_round)
        weak = queries.weak_functions(results=results, municipality=request.user.municipality)
        plans = queries.open_plans(actor=request.user)
        forms_by_key = _to_plan_forms(request, results, weak, plans, bound)
        for row in weak:
            row["form"] = forms_by_key[f"functie-{row['function'].code}"]
        disputed = [
            {**row, "form": forms_by_key.get(f"stelling-{row['statement'].pk}")}
            for row in results.disputed
        ]
        return render(
            request,
            "assessment/round_results.html",
            {
                "round": the_round,
                "results": results,
                "weak": weak,
                "disputed": disputed,
                "has_plans": plans.exists(),
                "measured": measured_for(municipality=request.user.municipality),
            },
            status=status,
        )

    def get(self, request, pk):
        return self._page(request, queries.round_get(actor=request.user, pk=pk))

    def post(self, request, pk):
        """One step into the plan: the posted form's prefix says which weak spot it is."""
        the_round = queries.round_get(actor=request.user, pk=pk)
        prefix = request.POST.get("bron", "")
        if not (prefix.startswith("functie-") or prefix.startswith("stelling-")):
            messages.error(request, _("Er is niets gekozen om in het plan te zetten."))
            return redirect("assessment:round-results", pk=the_round.pk)
        form = ToPlanForm(request.POST, plans=queries.open_plans(actor=request.user), prefix=prefix)
        if form.is_valid():
            data = form.cleaned_data
            created = _service(
                form,
                lambda: services.weak_spot_to_plan(
                    actor=request.user,
                    the_round=the_round,
                    plan=data["plan"],
                    kind=data["kind"],
                    title=data["title"],
                    place=data["place"],
                    owner=data["owner"],
                    function_code=data["function_code"],
                    statement=queries.round_statement_get(
                        the_round=the_round, pk=data["statement"]
                    ),
                ),
            )
            if created:
                if data["kind"] == services.FLAG:
                    text = _("De rode vlag '%(title)s' staat in %(plan)s, met deze ronde als bron.")
                else:
                    text = _("De maatregel '%(title)s' staat in %(plan)s, met deze ronde als bron.")
                messages.success(request, text % {"title": created.title, "plan": data["plan"]})
                return redirect("assessment:round-results", pk=the_round.pk)
        return self._page(request, the_round, bound=form, status=400)


class RoundExportView(AdviserView):
    http_method_names = ["get", "head"]
    kind = "csv"

    def get(self, request, pk):
        the_round = queries.round_get(actor=request.user, pk=pk)
        results = summary.round_results(the_round)
        if not results.has_scores:
            messages.error(
                request, _("Deze ronde heeft nog geen scores. Er is nog niets te downloaden.")
            )
            return redirect("assessment:round-results", pk=the_round.pk)
        name = f"zelfevaluatie-{slugify(the_round.title) or the_round.pk}"
        if self.kind == "csv":
            response = HttpResponse(
                exports.results_csv(results), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        weak = queries.weak_functions(results=results, municipality=request.user.municipality)
        response = HttpResponse(
            exports.results_pdf(results, weak=weak), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
