"""Find an offering from within the case and refer the household to it (warme overdracht).

Thin: the inventory is read through its read-only door (`stabiel.inventory.lookup`), writes go
through `referral_services`, every view of the case is logged like the other case pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from stabiel.core.access import log_access
from stabiel.inventory.lookup import offering_search, offering_summary
from stabiel.residents.access import PURPOSES

from . import queries, referral_forms, referral_services
from .services import CaseInputError
from .views import CaseView, case_url
from .workflow import referral_next_states


def small_id(value) -> int | None:
    """An id from a link (`?aanbod=`, `?doel=`), or None. ASCII digits only: '²' passes
    str.isdigit but not int(), and a number past the database's integers names nothing."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


def offering_search_for(case, data):
    """The search of the sociale kaart from a case: (form, results, searched)."""
    search = referral_forms.OfferingSearchForm(
        data if ("woorden" in data or "levensgebied" in data) else None,
        municipality=case.municipality,
    )
    if not (search.is_bound and search.is_valid()):
        return search, [], False
    domain = search.cleaned_data["levensgebied"]
    results = offering_search(
        municipality=case.municipality,
        words=search.cleaned_data["woorden"],
        life_domain_id=domain.pk if domain else None,
    )
    return search, results, True


class ReferralView(CaseView):
    """GET: search the region's offerings, choose one, see this case's referrals.
    POST: send a referral, or (with an item) record the provider's answer or the start."""

    template_name = "cases/referrals.html"
    shown = "Doorverwijzen: aanbod zoeken en doorverwijzingen"
    http_method_names = ["get", "post"]

    def title(self) -> str:
        return _("Doorverwijzen")

    def page_context(self, **forms_):
        case = self.case
        data = self.request.GET
        search, results, searched = offering_search_for(case, data)
        chosen = None
        chosen_id = small_id(forms_.pop("chosen_id", None) or data.get("aanbod", ""))
        if chosen_id:
            chosen = offering_summary(municipality=case.municipality, offering_id=chosen_id)
        if chosen is not None:
            # From a goal that names this offering the goal comes along (`?doel=`).
            goal_id = small_id(data.get("doel"))
            goal = case.goals.filter(pk=goal_id).first() if goal_id else None
            forms_.setdefault(
                "referral_form",
                referral_forms.ReferralForm(
                    initial={"offering": chosen.id, "goal": goal.pk if goal else None},
                    goals=case.goals.all(),
                ),
            )
        referrals = list(case.referrals.select_related("goal", "sent_by"))
        status_forms = forms_.pop("status_forms", {})
        for referral in referrals:
            referral.next_states = referral_next_states(referral.status)
            referral.status_form = status_forms.get(referral.pk) or (
                referral_forms.ReferralStatusForm(prefix=f"r{referral.pk}")
                if referral.next_states
                else None
            )
        return {
            **super().page_context(**forms_),
            "search_form": search,
            "results": results,
            "searched": searched,
            "chosen": chosen,
            "referrals": referrals,
        }

    def post(self, request, pk, item=None):
        self.case = queries.case_get(actor=request.user, pk=pk)
        purpose = request.POST.get("purpose")
        self.purpose = purpose if purpose in PURPOSES else "plan"
        if item is None:
            form = referral_forms.ReferralForm(request.POST, goals=self.case.goals.all())
            context_forms = {"referral_form": form, "chosen_id": request.POST.get("offering")}
            call = lambda d: referral_services.referral_send(  # noqa: E731
                actor=request.user,
                case=self.case,
                offering_id=d["offering"],
                goal=d["goal"],
                consent=d["consent"],
                handover_note=d["handover_note"],
            )
        else:
            referral = self.case.referrals.filter(pk=item).first()
            if referral is None:
                raise Http404
            form = referral_forms.ReferralStatusForm(request.POST, prefix=f"r{referral.pk}")
            context_forms = {"status_forms": {referral.pk: form}}
            call = lambda d: referral_services.referral_set_status(  # noqa: E731
                actor=request.user,
                referral=referral,
                status=d["status"],
                on=d["on"],
                reason=d["reason"],
            )
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except CaseInputError as exc:
                visible = {f.name for f in form.visible_fields()}
                form.add_error(exc.field if exc.field in visible else None, str(exc))
            else:
                log_access(
                    actor=request.user,
                    household=self.case.household,
                    action="change",
                    shown=f"Casus {self.case.pk}: doorverwijzing",
                    purpose=PURPOSES[self.purpose],
                )
                messages.success(request, _("Opgeslagen."))
                return redirect(case_url(self.case, "referrals", self.purpose))
        self.log("view", f"{self.shown} {self.case.pk} (met foutmelding)")
        return self.render_to_response(self.page_context(**context_forms))


class GoalOfferingView(CaseView):
    """GET: search the region's offerings for one goal of the plan. POST: the goal names the
    chosen offering, or (with `weghalen`) no longer names one. Not a referral: nothing is sent."""

    template_name = "cases/goal_offering.html"
    shown = "Plan: aanbod bij een doel kiezen"
    http_method_names = ["get", "post"]

    def title(self) -> str:
        return _("Aanbod bij een doel")

    def load_goal(self):
        goal = self.case.goals.select_related("life_domain").filter(pk=self.kwargs["item"]).first()
        if goal is None:
            raise Http404
        return goal

    def get(self, request, *args, **kwargs):
        self.case = queries.case_get(actor=request.user, pk=kwargs["pk"])
        self.goal = self.load_goal()  # a goal of another case is a 404 before anything is logged
        return super().get(request, *args, **kwargs)

    def page_context(self, **forms_):
        case = self.case
        self.goal = self.load_goal()
        data = self.request.GET
        if "woorden" not in data and "levensgebied" not in data and self.goal.life_domain_id:
            # Start from the goal's life domain; the worker can widen the search.
            data = {"levensgebied": str(self.goal.life_domain_id), "woorden": ""}
        search, results, searched = offering_search_for(case, data)
        current = (
            offering_summary(municipality=case.municipality, offering_id=self.goal.offering_id)
            if self.goal.offering_id
            else None
        )
        return {
            **super().page_context(**forms_),
            "goal": self.goal,
            "current": current,
            "search_form": search,
            "results": results,
            "searched": searched,
        }

    def post(self, request, pk, item):
        self.case = queries.case_get(actor=request.user, pk=pk)
        self.goal = self.load_goal()
        purpose = request.POST.get("purpose")
        self.purpose = purpose if purpose in PURPOSES else "plan"
        form = referral_forms.GoalOfferingForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["weghalen"]:
                    referral_services.goal_offering_clear(
                        actor=request.user, case=self.case, goal=self.goal
                    )
                else:
                    referral_services.goal_offering_name(
                        actor=request.user,
                        case=self.case,
                        goal=self.goal,
                        offering_id=form.cleaned_data["offering"],
                    )
            except CaseInputError as exc:
                form.add_error(None, str(exc))
            else:
                log_access(
                    actor=request.user,
                    household=self.case.household,
                    action="change",
                    shown=f"Casus {self.case.pk}: aanbod bij een doel",
                    purpose=PURPOSES[self.purpose],
                )
                messages.success(request, _("Opgeslagen."))
                return redirect(case_url(self.case, "plan", self.purpose) + f"#goal-{self.goal.pk}")
        self.log("view", f"{self.shown} {self.case.pk} (met foutmelding)")
        return self.render_to_response(self.page_context(goal_offering_form=form))
