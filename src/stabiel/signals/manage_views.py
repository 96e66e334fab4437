"""The functional administrator's screens: a decision entered by hand, and per partner how its
files name our columns. Partner reporters share the import permission but not these screens."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from stabiel.accounts.policy import Permission, PermissionRequiredMixin
from stabiel.accounts.roles import Role

from . import manage_services
from .importing.specs import SPECS
from .manage_forms import ColumnMappingForm, DecisionForm
from .models import ImportBatch
from .services import SignalInputError


class FunctionalAdminRequiredMixin(PermissionRequiredMixin):
    permission = Permission.IMPORTS_MANAGE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_role(Role.FUNCTIONAL_ADMIN):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DecisionCreateView(FunctionalAdminRequiredMixin, FormView):
    template_name = "signals/decision_form.html"
    form_class = DecisionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.request.user.municipality}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            receipt = manage_services.decision_enter(
                actor=self.request.user,
                bsn=data["bsn"],
                law=data["law"],
                product=data["product"],
                need=data["need"],
                provision_type=data["provision_type"],
                start_on=data["start_on"],
                end_on=data["end_on"],
                reference=data["reference"],
            )
        except SignalInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        # Only the pseudonymous household label: the administrator needs no name to check this.
        label = receipt.decision.household.label
        if receipt.created:
            messages.success(
                self.request,
                _(
                    "De beschikking met kenmerk %(reference)s is vastgelegd bij huishouden "
                    "%(label)s. De regels kijken opnieuw naar dit huishouden."
                )
                % {"reference": receipt.decision.reference, "label": label},
            )
        else:
            messages.info(
                self.request,
                _(
                    "De beschikking met kenmerk %(reference)s was al vastgelegd bij huishouden "
                    "%(label)s. Er is niets dubbel opgeslagen."
                )
                % {"reference": receipt.decision.reference, "label": label},
            )
        return redirect("signals:batch-list")


class ColumnMappingListView(FunctionalAdminRequiredMixin, TemplateView):
    template_name = "signals/mapping_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = manage_services.mapping_overview(actor=self.request.user)
        return context


class ColumnMappingUpdateView(FunctionalAdminRequiredMixin, FormView):
    template_name = "signals/mapping_form.html"
    form_class = ColumnMappingForm

    def _load(self):
        # Called from get and post, so access is checked first: 403 before any 404.
        kind = self.kwargs["kind"]
        if kind not in SPECS or kind not in ImportBatch.Kind.values:
            raise Http404
        self.spec = SPECS[kind][0]
        self.partner = manage_services.partner_get(actor=self.request.user, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self._load()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._load()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return manage_services.mapping_get(partner=self.partner, kind=self.spec.kind)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "spec": self.spec}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partner"] = self.partner
        context["kind_label"] = ImportBatch.Kind(self.spec.kind).label
        return context

    def form_valid(self, form):
        try:
            manage_services.column_mapping_save(
                actor=self.request.user,
                partner=self.partner,
                kind=self.spec.kind,
                columns=form.columns,
            )
        except SignalInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("De kolomkoppen van %(partner)s voor %(kind)s zijn opgeslagen.")
            % {
                "partner": self.partner.name,
                "kind": str(ImportBatch.Kind(self.spec.kind).label).lower(),
            },
        )
        return redirect("signals:mapping-list")
