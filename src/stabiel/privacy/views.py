from django.core.paginator import Paginator
from django.views.generic import TemplateView

from stabiel.accounts.policy import Permission, PermissionRequiredMixin

from . import queries
from .forms import AccessLogFilterForm


class AccessLogView(PermissionRequiredMixin, TemplateView):
    """Who looked at which household, when, in which role, and why: one screen for the privacy officer."""

    permission = Permission.ACCESS_LOG_READ
    template_name = "privacy/access_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AccessLogFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        entries = queries.access_log(
            municipality=self.request.user.municipality,
            household=filters.get("household", ""),
            username=filters.get("username", ""),
            since=filters.get("since"),
            until=filters.get("until"),
        )
        context.update(
            form=form, page=Paginator(entries, 100).get_page(self.request.GET.get("pagina"))
        )
        return context


class ProcessingLogView(PermissionRequiredMixin, TemplateView):
    permission = Permission.ACCESS_LOG_READ
    template_name = "privacy/processing_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = queries.processing_log(municipality=self.request.user.municipality)
        context["page"] = Paginator(entries, 100).get_page(self.request.GET.get("pagina"))
        return context
