"""The functional administrator's screens: a decision entered by hand, and per partner how its
files name our columns. Partner reporters share the import permission but not these screens."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from stabiel.accounts.models import PartnerOrganisation
from stabiel.accounts.policy import Permission, PermissionRequiredMixin
from stabiel.accounts.roles import Role

from . import manage_services
from .importing.specs import SPECS
from .manage_forms import ColumnMappingForm, DecisionForm, PartnerKeyForm, PartnerKeyRotateForm
from .manage_services import is_functional_admin
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


# API keys per partner organisation ----------------------------------------------------------


def _key_shown(request, *, key, token, rotated_from=None):
    """The one time the key is shown: rendered in the answer to the POST, never stored or put
    in a URL, and not kept by the browser's cache."""
    response = render(
        request,
        "signals/key_shown.html",
        {"key": key, "token": token, "rotated_from": rotated_from},
    )
    response["Cache-Control"] = "no-store"
    return response


class PartnerKeyListView(FunctionalAdminRequiredMixin, TemplateView):
    template_name = "signals/key_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["keys"] = manage_services.partner_key_list(actor=self.request.user)
        context["today"] = timezone.localdate()
        return context


class PartnerKeyCreateView(FunctionalAdminRequiredMixin, FormView):
    template_name = "signals/key_form.html"
    form_class = PartnerKeyForm

    def get_form_kwargs(self):
        partners = PartnerOrganisation.objects.filter(
            municipality=self.request.user.municipality
        ).order_by("name")
        return {**super().get_form_kwargs(), "partners": partners}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            key, token = manage_services.partner_key_create(
                actor=self.request.user,
                partner_id=int(data["partner"]),
                name=data["name"],
                expires_on=data["expires_on"],
            )
        except SignalInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        return _key_shown(self.request, key=key, token=token)


class PartnerKeyRotateView(FunctionalAdminRequiredMixin, FormView):
    template_name = "signals/key_rotate.html"
    form_class = PartnerKeyRotateForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and is_functional_admin(request.user):
            self.key = (
                manage_services.partner_key_list(actor=request.user)
                .filter(pk=kwargs["pk"], active=True, revoked_at__isnull=True)
                .first()
            )
            if self.key is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # A key with a successor is replaced once: the form would only be refused on sending.
        if self.key.replaced_by_id is not None:
            messages.info(
                request,
                _(
                    "Deze sleutel is al vervangen. Hij werkt nog tot de overlap voorbij is. "
                    "Wilt u nog een sleutel? Vervang dan de nieuwe sleutel."
                ),
            )
            return redirect("signals:key-list")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "key": self.key}

    def form_valid(self, form):
        try:
            new, token = manage_services.partner_key_rotate(
                actor=self.request.user,
                key_id=self.key.pk,
                overlap_days=form.cleaned_data["overlap_days"],
            )
        except SignalInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        self.key.refresh_from_db()
        return _key_shown(self.request, key=new, token=token, rotated_from=self.key)


class PartnerKeyRevokeView(FunctionalAdminRequiredMixin, View):
    """Revoking asks first (a page of its own, no JavaScript needed): the partner's system can
    report nothing with the key afterwards. Only a POST with the confirmation revokes."""

    http_method_names = ["get", "post"]
    CONFIRM = "ja"

    def get(self, request, pk):
        key = manage_services.partner_key_list(actor=request.user).filter(pk=pk).first()
        if key is None:
            raise Http404
        if key.revoked_at is not None or not key.active:
            messages.info(request, _("Deze sleutel is al ingetrokken."))
            return redirect("signals:key-list")
        return render(
            request,
            "signals/key_revoke.html",
            {"key": key, "confirm": self.CONFIRM, "today": timezone.localdate()},
        )

    def post(self, request, pk):
        if request.POST.get("bevestigd") != self.CONFIRM:
            return redirect("signals:key-revoke", pk=pk)
        try:
            key = manage_services.partner_key_revoke(actor=request.user, key_id=pk)
        except SignalInputError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("De sleutel '%(name)s' van %(partner)s werkt niet meer.")
                % {"name": key.name, "partner": key.partner.name},
            )
        return redirect("signals:key-list")
