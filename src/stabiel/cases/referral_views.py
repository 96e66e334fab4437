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
        search = referral_forms.OfferingSearchForm(
            data if ("woorden" in data or "levensgebied" in data) else None,
            municipality=case.municipality,
        )
        results, searched = [], False
        if search.is_bound and search.is_valid():
            searched = True
            domain = search.cleaned_data["levensgebied"]
            results = offering_search(
                municipality=case.municipality,
                words=search.cleaned_data["woorden"],
                life_domain_id=domain.pk if domain else None,
            )
        chosen = None
        chosen_id = forms_.pop("chosen_id", None) or data.get("aanbod", "")
        if str(chosen_id).isdigit():
            chosen = offering_summary(municipality=case.municipality, offering_id=int(chosen_id))
        if chosen is not None:
            forms_.setdefault(
                "referral_form",
                referral_forms.ReferralForm(
                    initial={"offering": chosen.id}, goals=case.goals.all()
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
