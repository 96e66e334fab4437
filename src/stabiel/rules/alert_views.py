"""The team's alert list and one alert with its evidence. Opening an alert asks why and logs it."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, signed_in_user
from stabiel.accounts.roles import Role
from stabiel.core.access import log_access
from stabiel.core.pagination import CappedPaginator
from stabiel.residents.access import PURPOSES

from . import alert_queries, services
from .alert_forms import AlertFilterForm, AssignForm, CloseForm, PurposeForm
from .explain import sentence
from .models import Alert, Rule


class AlertListView(PermissionRequiredMixin, TemplateView):
    permission = Permission.CASES_WORK
    template_name = "rules/alert_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = signed_in_user(self.request)
        today = timezone.localdate()
        form = AlertFilterForm(
            self.request.GET or None,
            rules=Rule.objects.filter(municipality=user.municipality).order_by("title"),
        )
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        alerts = alert_queries.alert_list(
            actor=user,
            today=today,
            rule=filters.get("rule"),
            assigned=filters.get("assigned", ""),
            status=filters.get("status") or "open",
            overdue=filters.get("overdue", False),
            sort=filters.get("sort") or "due",
        )
        page = CappedPaginator(alerts, 50).get_page(self.request.GET.get("pagina"))
        summaries = alert_queries.evidence_summaries([a.pk for a in page])
        for alert in page:
            alert.sentence = sentence(alert.rule_version)
            alert.evidence_lines = summaries.get(alert.pk, [])
            alert.is_overdue = alert.status == Alert.Status.OPEN and alert.due_on < today
        if page.object_list:  # an empty list shows nobody: no log row (issue 13)
            log_access(
                actor=user,
                action="view",
                shown=f"Meldingenlijst, pagina {page.number}",
                purpose="Werkvoorraad bekijken",
            )
        context.update(filter_form=form, page=page, today=today)
        return context


class AlertDetailView(PermissionRequiredMixin, TemplateView):
    permission = Permission.CASES_WORK
    template_name = "rules/alert_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        alert = alert_queries.alert_detail(actor=signed_in_user(request), pk=kwargs["pk"])
        purpose_form = PurposeForm(request.GET if "purpose" in request.GET else None)
        if not purpose_form.is_bound or not purpose_form.is_valid():
            return self.render_to_response(
                {"alert": alert, "purpose_form": purpose_form, "needs_purpose": True}
            )
        purpose = purpose_form.cleaned_data["purpose"]
        log_access(
            actor=signed_in_user(request),
            household=alert.household,
            action="view",
            shown=f"Melding {alert.pk} met bewijs ({alert.rule.title})",
            purpose=PURPOSES[purpose],
        )
        return self.render_to_response(self.detail_context(alert, purpose))

    def detail_context(self, alert: Alert, purpose: str, **extra: Any) -> dict[str, Any]:
        user = signed_in_user(self.request)
        members = alert_queries.team_members(alert)
        return {
            "alert": alert,
            "purpose": purpose,
            "sentence": sentence(alert.rule_version),
            "evidence": list(alert.evidence.all()),
            "is_overdue": alert.status == Alert.Status.OPEN and alert.due_on < timezone.localdate(),
            "can_assign_others": user.has_role(Role.TEAM_LEAD),
            "assign_form": extra.get("assign_form")
            or AssignForm(members=members, initial={"assignee": alert.assigned_to_id}),
            "close_form": extra.get("close_form") or CloseForm(),
        }


class AlertActionView(PermissionRequiredMixin, View):
    """Assign or close. POST only; a bad form shows the alert again with the message."""

    permission = Permission.CASES_WORK
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        user = signed_in_user(request)
        alert = alert_queries.alert_detail(actor=user, pk=pk)
        chosen = request.POST.get("purpose", "")
        purpose = chosen if chosen in PURPOSES else "triage"
        detail = AlertDetailView(request=request, kwargs={"pk": pk})
        if action == "toewijzen":
            members = alert_queries.team_members(alert)
            if user.has_role(Role.TEAM_LEAD):
                form = AssignForm(request.POST, members=members)
            else:  # an access worker can only take the alert on themselves
                form = AssignForm({"assignee": user.pk}, members=members)
            if form.is_valid():
                services.alert_assign(
                    actor=user, alert=alert, assignee=form.cleaned_data["assignee"]
                )
                messages.success(request, _("De melding is toegewezen."))
                return redirect(f"{alert_url(alert)}?purpose={purpose}")
            return detail.render_to_response(
                detail.detail_context(alert, purpose, assign_form=form)
            )
        if action == "afsluiten":
            close_form = CloseForm(request.POST)
            if close_form.is_valid():
                try:
                    services.alert_close(
                        actor=user, alert=alert, reason=close_form.cleaned_data["reason"]
                    )
                except services.RuleInputError as exc:
                    close_form.add_error("reason", str(exc))
                else:
                    messages.success(request, _("De melding is afgesloten."))
                    return redirect("alerts:alert-list")
            return detail.render_to_response(
                detail.detail_context(alert, purpose, close_form=close_form)
            )
        from django.http import Http404

        raise Http404


def alert_url(alert: Alert) -> str:
    from django.urls import reverse

    return reverse("alerts:alert-detail", args=[alert.pk])
