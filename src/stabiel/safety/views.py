"""Safety screens. Thin: queries read, services write; every household shown goes through the door."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may
from stabiel.cases import queries as case_queries
from stabiel.cases.views import CaseView
from stabiel.core.access import log_access
from stabiel.inventory.lookup import offering_choices
from stabiel.residents.access import PURPOSES, access_household_by_id

from . import forms, queries, services
from .models import Consult, CoreDecision, ProgressSummary, Review


def safety_url(case, purpose: str = "plan") -> str:
    return f"{reverse('safety:case', args=[case.pk])}?purpose={purpose}"


def _open_through_door(request, case, purpose: str, shown: str, action: str = "view") -> None:
    """The household of the case, opened through the one door: logged with who, when and why."""
    access_household_by_id(
        actor=request.user,
        household_id=case.household_id,
        purpose=str(PURPOSES[purpose]),
        shown=shown,
        action=action,
    )


class SafetyCaseView(CaseView):
    """Safety and network of one case: meldcode route, members, safety plan, consults, core
    decisions, involved organisations with consent, and escalation."""

    template_name = "safety/case.html"
    shown = "Veiligheid en netwerk van casus"

    def log(self, action: str, shown: str | None = None):
        _open_through_door(
            self.request, self.case, self.purpose, shown or f"{self.shown} {self.case.pk}", action
        )

    def page_context(self, **forms_):
        case = self.case
        user = self.request.user
        readable = queries.may_read_safety(actor=user, case=case)
        parties = queries.parties_for(case)
        members = list(queries.case_members(case))
        forms_.setdefault(
            "step_form", forms.MeldcodeStepForm(initial={"happened_on": timezone.localdate()})
        )
        forms_.setdefault(
            "member_form",
            forms.MemberSafetyForm(members=members, initial={"seen_on": timezone.localdate()}),
        )
        forms_.setdefault("plan_form", forms.SafetyPlanForm())
        forms_.setdefault(
            "consult_form", forms.ConsultForm(advisers=queries.consult_advisers(case))
        )
        forms_.setdefault("decision_form", forms.CoreDecisionForm())
        forms_.setdefault(
            "party_form",
            forms.PartyForm(offerings=offering_choices(municipality=case.municipality)),
        )
        forms_.setdefault("worker_form", forms.CareWorkerForm(parties=parties))
        forms_.setdefault("consent_form", forms.ConsentForm(parties=parties))
        forms_.setdefault(
            "progress_form",
            forms.ProgressForm(parties=[p for p in parties if p.may_share_progress]),
        )
        forms_.setdefault("escalate_form", forms.EscalateForm())
        forms_.setdefault("deescalate_form", forms.DeescalateForm())
        forms_.setdefault("calamity_form", forms.CalamityForm())
        context = {
            **super().page_context(**forms_),
            "readable": readable,
            "parties": parties,
            "escalation": queries.escalation_state(case),
            "is_case_lead": user.pk in (case.case_lead_id, case.process_lead_id),
            "may_review": may(user, Permission.CASE_REVIEW),
            "calamity_reviews": queries.calamity_reviews_of(actor=user, case=case),
        }
        if readable:
            context.update(
                route=queries.meldcode_route(case),
                member_rows=queries.member_safety_now(case),
                plan=queries.running_plan(case),
                consults=list(case.consults.select_related("asked_by", "adviser")),
                decisions=list(case.core_decisions.select_related("proposed_by", "confirmed_by")),
                summaries=list(case.progress_summaries.select_related("party", "written_by")),
                advisers_exist=queries.consult_advisers(case).exists(),
                advice_form=forms.AdviceForm(),
            )
        return context


class SafetyActionView(PermissionRequiredMixin, View):
    """POST only. A bad form shows the page again with the message; nothing is stored."""

    permission = Permission.CASES_WORK
    http_method_names = ["post"]

    def post(self, request, pk, action, item=None):
        handler = getattr(self, f"do_{action.replace('-', '_')}", None)
        if handler is None:
            raise Http404
        case = case_queries.case_get(actor=request.user, pk=pk)
        purpose = request.POST.get("purpose")
        purpose = purpose if purpose in PURPOSES else "plan"
        self.case = case
        form_name, form, call = handler(case, item)
        if form.is_valid():
            try:
                result = call(form.cleaned_data)
            except services.SafetyInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                _open_through_door(
                    request, case, purpose, f"Veiligheid casus {case.pk}: {action}", "change"
                )
                messages.success(request, _("Opgeslagen."))
                if isinstance(result, Review):  # a calamity review: fill it in next
                    return redirect("safety:review", pk=result.pk)
                return redirect(safety_url(case, purpose))
        view = SafetyCaseView(request=request, kwargs={"pk": pk})
        view.case, view.purpose = case, purpose
        view.log("view", f"{view.shown} {case.pk} (met foutmelding)")
        return view.render_to_response(view.page_context(**{form_name: form}))

    # each handler: (form name in context, bound form, what to do with cleaned data)

    def do_step(self, case, item):
        form = forms.MeldcodeStepForm(self.request.POST)
        return (
            "step_form",
            form,
            lambda d: services.meldcode_step_record(actor=self.request.user, case=case, **d),
        )

    def do_member(self, case, item):
        form = forms.MemberSafetyForm(self.request.POST, members=list(queries.case_members(case)))
        return (
            "member_form",
            form,
            lambda d: services.member_safety_record(
                actor=self.request.user,
                case=case,
                person_id=d["person"],
                level=d["level"],
                seen_on=d["seen_on"],
                note=d["note"],
            ),
        )

    def do_plan(self, case, item):
        form = forms.SafetyPlanForm(self.request.POST)
        return (
            "plan_form",
            form,
            lambda d: services.safety_plan_make(actor=self.request.user, case=case, **d),
        )

    def do_plan_end(self, case, item):
        form = forms.ConfirmForm(self.request.POST)
        return (
            "plan_form_end",
            form,
            lambda d: services.safety_plan_end(actor=self.request.user, case=case),
        )

    def do_consult(self, case, item):
        form = forms.ConsultForm(self.request.POST, advisers=queries.consult_advisers(case))
        return (
            "consult_form",
            form,
            lambda d: services.consult_ask(
                actor=self.request.user, case=case, adviser=d["adviser"], question=d["question"]
            ),
        )

    def do_advise(self, case, item):
        consult = Consult.objects.filter(case=case, pk=item).first() if item else None
        if consult is None:
            raise Http404
        form = forms.AdviceForm(self.request.POST)
        return (
            "advice_form",
            form,
            lambda d: services.consult_advise(
                actor=self.request.user, consult=consult, advice=d["advice"]
            ),
        )

    def do_decision(self, case, item):
        form = forms.CoreDecisionForm(self.request.POST)
        return (
            "decision_form",
            form,
            lambda d: services.core_decision_propose(
                actor=self.request.user, case=case, kind=d["kind"], reasoning=d["reasoning"]
            ),
        )

    def do_confirm(self, case, item):
        decision = CoreDecision.objects.filter(case=case, pk=item).first() if item else None
        if decision is None:
            raise Http404
        form = forms.ConfirmForm(self.request.POST)
        return (
            "confirm_form",
            form,
            lambda d: services.core_decision_confirm(actor=self.request.user, decision=decision),
        )

    def do_party(self, case, item):
        form = forms.PartyForm(
            self.request.POST, offerings=offering_choices(municipality=case.municipality)
        )
        return (
            "party_form",
            form,
            lambda d: services.party_add(actor=self.request.user, case=case, **d),
        )

    def do_care_worker(self, case, item):
        form = forms.CareWorkerForm(self.request.POST, parties=queries.parties_for(case))
        return (
            "worker_form",
            form,
            lambda d: services.care_worker_change(
                actor=self.request.user,
                case=case,
                party_id=d["party"],
                care_worker=d["care_worker"],
                from_on=d["from_on"],
            ),
        )

    def do_consent(self, case, item):
        form = forms.ConsentForm(self.request.POST, parties=queries.parties_for(case))
        return (
            "consent_form",
            form,
            lambda d: services.consent_record(
                actor=self.request.user,
                case=case,
                party_id=d["party"],
                purpose=d["purpose"],
                given_by=d["given_by"],
                given_on=d["given_on"],
                ends_on=d["ends_on"],
            ),
        )

    def do_revoke(self, case, item):
        form = forms.ConfirmForm(self.request.POST)
        return (
            "revoke_form",
            form,
            lambda d: services.consent_revoke(actor=self.request.user, case=case, consent_id=item),
        )

    def do_progress(self, case, item):
        form = forms.ProgressForm(
            self.request.POST,
            parties=[p for p in queries.parties_for(case) if p.may_share_progress],
        )
        return (
            "progress_form",
            form,
            lambda d: services.progress_summary_write(
                actor=self.request.user, case=case, party_id=d["party"], text=d["text"]
            ),
        )

    def do_calamity(self, case, item):
        form = forms.CalamityForm(self.request.POST)
        return (
            "calamity_form",
            form,
            lambda d: services.calamity_review_add(
                actor=self.request.user, case=case, occasion=d["occasion"]
            ),
        )

    def do_escalate(self, case, item):
        form = forms.EscalateForm(self.request.POST)
        return (
            "escalate_form",
            form,
            lambda d: services.case_escalate(
                actor=self.request.user, case=case, reason=d["reason"]
            ),
        )

    def do_deescalate(self, case, item):
        form = forms.DeescalateForm(self.request.POST)
        return (
            "deescalate_form",
            form,
            lambda d: services.case_deescalate(actor=self.request.user, case=case, note=d["note"]),
        )


class ProgressPrintView(CaseView):
    """A progress summary for one party, to print. Only while its consent is still valid."""

    template_name = "safety/progress_print.html"
    shown = "Voortgang voor een partij (afdruk)"

    def get(self, request, *args, **kwargs):
        self.summary_pk = kwargs["item"]
        return super().get(request, *args, **kwargs)

    def log(self, action: str, shown: str | None = None):
        _open_through_door(
            self.request, self.case, self.purpose, shown or f"{self.shown} {self.case.pk}", "export"
        )

    def page_context(self, **forms_):
        if not queries.may_read_safety(actor=self.request.user, case=self.case):
            raise Http404
        summary = (
            ProgressSummary.objects.filter(case=self.case, pk=self.summary_pk)
            .select_related("party", "consent", "written_by")
            .first()
        )
        if summary is None:
            raise Http404
        valid = summary.consent.is_active_on(timezone.localdate())
        return {**super().page_context(**forms_), "summary": summary, "valid": valid}


class LadderView(PermissionRequiredMixin, TemplateView):
    """The municipality's escalation ladder with the agreed time at each rung (AVE)."""

    permission = Permission.SAFETY_SETTINGS
    template_name = "safety/ladder.html"

    def get_context_data(self, **kwargs):
        from .models import EscalationLevel

        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.setdefault("form", forms.LevelForm())
        context.setdefault(
            "size_form",
            forms.SampleSizeForm(
                initial={"review_sample_size": queries.review_sample_size(user.municipality)}
            ),
        )
        changes, window_days, rule_id = queries.worker_changes_setting(user.municipality_id)
        context["worker_changes"] = {"n": changes, "days": window_days, "rule_id": rule_id}
        context["levels"] = list(
            EscalationLevel.objects.filter(municipality=user.municipality).order_by("rank")
        )
        return context

    def post(self, request):
        if "size-review_sample_size" in request.POST:
            form = forms.SampleSizeForm(request.POST)
            name, call = "size_form", lambda d: services.settings_set(actor=request.user, **d)
        else:
            form = forms.LevelForm(request.POST)
            name, call = "form", lambda d: services.escalation_level_add(actor=request.user, **d)
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except services.SafetyInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Opgeslagen."))
                return redirect("safety:ladder")
        return self.render_to_response(self.get_context_data(**{name: form}))


class ReviewListView(PermissionRequiredMixin, TemplateView):
    """The team lead's yearly sample of closed cases and calamity reviews."""

    permission = Permission.CASE_REVIEW
    template_name = "safety/review_list.html"

    def year(self) -> int:
        try:
            year = int(self.request.GET.get("jaar", ""))
        except ValueError:
            year = timezone.localdate().year
        return year if 2000 <= year <= 2100 else timezone.localdate().year

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = kwargs.get("year") or self.year()
        reviews = queries.reviews_for(actor=self.request.user, year=year)
        if reviews:  # an empty list shows nobody: no log row (issue 13)
            log_access(
                actor=self.request.user,
                action="view",
                shown=f"Casusreview {year}: lijst met kenmerken van huishoudens",
                purpose="Casusreview (leren van casussen)",
            )
        context.update(
            year=year,
            reviews=reviews,
            has_sample=any(r.kind == Review.Kind.SAMPLE for r in reviews),
            size=queries.review_sample_size(self.request.user.municipality),
            done=sum(1 for r in reviews if r.reviewed_on),
        )
        return context

    def post(self, request):
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = 0
        if not 2000 <= year <= timezone.localdate().year:
            messages.error(request, _("Kies een geldig jaar, niet later dan dit jaar."))
            return redirect("safety:reviews")
        try:
            drawn = services.review_sample_draw(actor=request.user, year=year)
        except services.SafetyInputError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "De steekproef is getrokken: %(n)s casus.",
                    "De steekproef is getrokken: %(n)s casussen.",
                    len(drawn),
                )
                % {"n": len(drawn)},
            )
        return redirect(f"{reverse('safety:reviews')}?jaar={year}")


class ReviewView(PermissionRequiredMixin, TemplateView):
    """One review: the checklist, the finding, and sharing it with policy in one step."""

    permission = Permission.CASE_REVIEW
    template_name = "safety/review.html"

    def load(self) -> Review:
        review = queries.review_get(actor=self.request.user, pk=self.kwargs["pk"])
        if review is None:
            raise Http404
        return review

    def context(self, review, **forms_):
        forms_.setdefault("form", forms.ReviewForm())
        forms_.setdefault("share_form", forms.ShareForm())
        case = review.case
        return {
            "review": review,
            "case": case,
            "escalations": list(case.escalations.select_related("level")),
            "steps": list(case.meldcode_steps.all()),
            "plans": case.safety_plans.count(),
            **forms_,
        }

    def get(self, request, *args, **kwargs):
        review = self.load()
        log_access(
            actor=request.user,
            household=review.case.household,
            action="view",
            shown=f"Casusreview {review.pk} van casus {review.case_id}",
            purpose="Casusreview (leren van casussen)",
        )
        return self.render_to_response(self.context(review))

    def post(self, request, *args, **kwargs):
        review = self.load()
        if "share-shared_as" in request.POST or "share-title" in request.POST:
            form = forms.ShareForm(request.POST)
            name = "share_form"
            call = lambda d: services.review_finding_share(actor=request.user, review=review, **d)  # noqa: E731
        else:
            form = forms.ReviewForm(request.POST)
            name = "form"
            call = lambda d: services.review_record(  # noqa: E731
                actor=request.user,
                review=review,
                safety_in_view=d["safety_in_view"] == "yes",
                household_involved=d["household_involved"] == "yes",
                landed=d["landed"] == "yes",
                finding=d["finding"],
            )
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except services.SafetyInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Opgeslagen."))
                return redirect("safety:review", pk=review.pk)
        log_access(
            actor=request.user,
            household=review.case.household,
            action="view",
            shown=f"Casusreview {review.pk} (met foutmelding)",
            purpose="Casusreview (leren van casussen)",
        )
        return self.render_to_response(self.context(review, **{name: form}))


class ConsultInboxView(PermissionRequiredMixin, TemplateView):
    """The safety specialist's open consults ("niet pluis" questions from the team)."""

    permission = Permission.SAFETY_SPECIALIST
    template_name = "safety/consults.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consults = list(
            Consult.objects.filter(
                municipality=self.request.user.municipality, adviser=self.request.user
            )
            .select_related("case__household", "asked_by")
            .order_by("advised_on", "-asked_on")[:200]
        )
        if consults:  # an empty list shows nobody: no log row (issue 13)
            log_access(
                actor=self.request.user,
                action="view",
                shown="Consulten veiligheid: lijst met kenmerken van huishoudens",
                purpose="Consult geven",
            )
        context["consults"] = consults
        context["may"] = may
        return context


class FreeBudgetView(PermissionRequiredMixin, TemplateView):
    """The team's free budget: what there is, what was spent on what, and the yearly look back."""

    permission = Permission.FREE_BUDGET
    template_name = "safety/free_budget.html"

    def year(self) -> int:
        this_year = timezone.localdate().year
        try:
            year = int(self.request.GET.get("jaar", ""))
        except ValueError:
            return this_year
        return year if this_year - 10 <= year <= this_year + 1 else this_year

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year = kwargs.get("year") or self.year()
        teams = queries.free_budgets(actor=user, year=year)
        budgets = [t.budget for t in teams if t.budget is not None]
        lead = may(user, Permission.TEAM_LEAD)
        this_year = timezone.localdate().year
        context.update(
            year=year,
            teams=teams,
            lead=lead,
            years=[this_year + 1, this_year, this_year - 1, this_year - 2],
            can_evaluate=lead and year < this_year,
        )
        if lead:
            initial = {"year": year}
            current = next((t.budget for t in teams if t.budget is not None), None)
            if current is not None:  # changing the budget starts from what it is
                initial.update(
                    team=current.team_id,
                    amount_cents=services.euros(current.amount_cents).removeprefix("€ "),
                    purposes=current.purposes,
                )
            context.setdefault(
                "set_form", forms.FreeBudgetForm(teams=[t.team for t in teams], initial=initial)
            )
            if year < this_year and budgets:
                context.setdefault(
                    "evaluation_form", forms.FreeBudgetEvaluationForm(budgets=budgets)
                )
        if budgets and year <= this_year:
            context.setdefault(
                "spend_form",
                forms.FreeBudgetSpendForm(
                    budgets=budgets,
                    initial={"spent_on": min(timezone.localdate(), date(year, 12, 31))},
                ),
            )
        return context

    def post(self, request):
        user = request.user
        year = self.year()
        budgets = [t.budget for t in queries.free_budgets(actor=user, year=year) if t.budget]
        if "budget-team" in request.POST:
            form = forms.FreeBudgetForm(
                request.POST, teams=[t.team for t in queries.free_budgets(actor=user, year=year)]
            )
            name, call = "set_form", services.free_budget_set
        elif "evaluation-budget" in request.POST:
            form = forms.FreeBudgetEvaluationForm(request.POST, budgets=budgets)
            name, call = "evaluation_form", services.free_budget_evaluate
        else:
            form = forms.FreeBudgetSpendForm(request.POST, budgets=budgets)
            name, call = "spend_form", services.free_budget_spend
        if form.is_valid():
            try:
                done = call(actor=user, **form.cleaned_data)
            except services.SafetyInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Opgeslagen."))
                target_year = getattr(done, "year", None) or getattr(done.budget, "year", year)
                return redirect(f"{reverse('safety:free-budget')}?jaar={target_year}")
        return self.render_to_response(self.get_context_data(year=year, **{name: form}))
