"""Screens of the self-assessment of the basic functions: thin, one selector or service each."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may

from . import queries, services
from .drawing import route_layout
from .forms import (
    DONT_KNOW,
    RespondentForm,
    RoundForm,
    StatementAddForm,
    StatementEditForm,
    parse_answers,
)
from .links import LinkError, respondent_from_token, respondent_token
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
