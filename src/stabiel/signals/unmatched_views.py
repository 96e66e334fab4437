"""The queue of signals about residents Stabiel did not know: match them to a household (through
the household search) or lay them aside with a reason. For access workers and team leads."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin
from stabiel.residents.picking import pick_prepare

from . import queries, services
from .forms import UnmatchedDiscardForm, UnmatchedMatchForm


class UnmatchedListView(PermissionRequiredMixin, View):
    permission = Permission.CASES_WORK

    def get(self, request):
        held = queries.unmatched_list(actor=request.user)
        return TemplateResponse(request, "signals/unmatched_list.html", {"held": held})


class UnmatchedDetailView(PermissionRequiredMixin, View):
    permission = Permission.CASES_WORK

    def render(self, pk, match_form=None, discard_form=None):
        held = queries.unmatched_get(actor=self.request.user, signal_id=pk)
        match_form = match_form or UnmatchedMatchForm()
        pick_prepare(match_form, "household", self.request)
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
        return self.render(pk)

    def post(self, request, pk):
        queries.unmatched_get(actor=request.user, signal_id=pk, shown=False)  # or 404
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
            return self.render(pk, discard_form=form)
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
        return self.render(pk, match_form=form)
