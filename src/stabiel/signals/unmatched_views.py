"""The queue of signals about residents Stabiel did not know: match them to a household (through
the household search) or lay them aside with a reason. For access workers and team leads."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin
from stabiel.core.access import log_access
from stabiel.residents.access import PURPOSES
from stabiel.residents.picking import pick_prepare

from . import services
from .forms import UnmatchedDiscardForm, UnmatchedMatchForm
from .models import UnmatchedSubject


def _waiting(actor):
    return (
        UnmatchedSubject.objects.filter(
            municipality_id=actor.municipality_id, outcome=UnmatchedSubject.Outcome.WAITING
        )
        .select_related("signal__signal_type", "signal__partner")
        .order_by("signal__received_on", "signal_id")
    )


class UnmatchedListView(PermissionRequiredMixin, View):
    permission = Permission.CASES_WORK

    def get(self, request):
        held = list(_waiting(request.user)[:500])
        if held:
            log_access(
                actor=request.user,
                action="view",
                shown=f"Lijst signalen zonder bekend huishouden ({len(held)})",
                purpose=str(PURPOSES["unmatched"]),
            )
        return TemplateResponse(request, "signals/unmatched_list.html", {"held": held})


class UnmatchedDetailView(PermissionRequiredMixin, View):
    permission = Permission.CASES_WORK

    def held(self, pk):
        found = _waiting(self.request.user).filter(signal_id=pk).first()
        if found is None:
            raise Http404
        return found

    def render(self, held, match_form=None, discard_form=None):
        if match_form is None:
            match_form = UnmatchedMatchForm()
            pick_prepare(match_form, "household", self.request)
        else:
            pick_prepare(match_form, "household", self.request)
        log_access(
            actor=self.request.user,
            action="view",
            shown=f"signaal {held.signal_id} zonder bekend huishouden: BSN en adres",
            purpose=str(PURPOSES["unmatched"]),
        )
        return TemplateResponse(
            self.request,
            "signals/unmatched_detail.html",
            {
                "held": held,
                "match_form": match_form,
                "discard_form": discard_form or UnmatchedDiscardForm(),
            },
        )

    def get(self, request, pk):
        return self.render(self.held(pk))

    def post(self, request, pk):
        held = self.held(pk)
        if request.POST.get("action") == "discard":
            form = UnmatchedDiscardForm(request.POST)
            if form.is_valid():
                try:
                    services.unmatched_discard(
                        actor=request.user, signal_id=pk, reason=form.cleaned_data["reason"]
                    )
                except services.SignalInputError as exc:
                    form.add_error("reason" if exc.field == "reason" else None, str(exc))
                else:
                    messages.success(request, _("Het signaal is terzijde gelegd."))
                    return redirect("signals:unmatched-list")
            return self.render(held, discard_form=form)
        form = UnmatchedMatchForm(request.POST)
        if form.is_valid():
            try:
                services.unmatched_match(
                    actor=request.user, signal_id=pk, household_label=form.cleaned_data["household"]
                )
            except services.SignalInputError as exc:
                form.add_error("household" if exc.field == "household" else None, str(exc))
            else:
                messages.success(request, _("Het signaal is gekoppeld aan het huishouden."))
                return redirect("signals:unmatched-list")
        return self.render(held, match_form=form)
