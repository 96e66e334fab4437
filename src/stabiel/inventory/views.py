"""Screens of the provision inventory: thin, every write goes through services."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may

from . import queries, services
from .forms import OfferingEndForm, OfferingFilterForm, OfferingForm, ProviderForm, SettingsForm

PAGE_SIZE = 50


def add_errors(form, exc: services.InventoryInputError) -> None:
    for field, message in exc.errors.items():
        form.add_error(field if field in form.fields else None, message)


class OfferingListView(PermissionRequiredMixin, TemplateView):
    """The region's offerings valid today, searchable by life domain, need, area and words."""

    permission = Permission.INVENTORY_VIEW
    template_name = "inventory/offering_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        form = OfferingFilterForm(self.request.GET or None, actor=actor)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        offerings = queries.offering_list(actor=actor, filters=filters)
        page = Paginator(offerings, PAGE_SIZE).get_page(self.request.GET.get("pagina"))
        context.update(
            filter_form=form,
            page=page,
            offerings=page.object_list,
            count=page.paginator.count,
            can_edit=may(actor, Permission.INVENTORY_EDIT),
            region=queries.region_municipalities(municipality=actor.municipality),
        )
        return context


class OfferingDetailView(PermissionRequiredMixin, TemplateView):
    permission = Permission.INVENTORY_VIEW
    template_name = "inventory/offering_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        offering = queries.offering_get(actor=actor, pk=kwargs["pk"])
        context.update(
            offering=offering,
            can_edit=may(actor, Permission.INVENTORY_EDIT)
            and offering.municipality_id == actor.municipality_id,
            end_form=kwargs.get("end_form") or OfferingEndForm(),
            today=timezone.localdate(),
        )
        return context


class ProviderListView(PermissionRequiredMixin, TemplateView):
    permission = Permission.INVENTORY_VIEW
    template_name = "inventory/provider_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        q = self.request.GET.get("q", "")[:100]
        providers = queries.provider_list(actor=actor, q=q)
        page = Paginator(providers, PAGE_SIZE).get_page(self.request.GET.get("pagina"))
        context.update(
            q=q,
            page=page,
            providers=page.object_list,
            can_edit=may(actor, Permission.INVENTORY_EDIT),
        )
        return context


class ProviderDetailView(PermissionRequiredMixin, TemplateView):
    permission = Permission.INVENTORY_VIEW
    template_name = "inventory/provider_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        provider = queries.provider_get(actor=actor, pk=kwargs["pk"])
        context.update(
            provider=provider,
            offerings=provider.offerings.select_related(
                "provision_type__life_domain", "shell"
            ).order_by("-valid_from"),
            today=timezone.localdate(),
            can_edit=may(actor, Permission.INVENTORY_EDIT)
            and provider.municipality_id == actor.municipality_id,
        )
        return context


class ProviderFormView(PermissionRequiredMixin, TemplateView):
    """New provider, or (with pk) change one of the municipality's own providers."""

    permission = Permission.INVENTORY_EDIT
    template_name = "inventory/provider_form.html"

    def provider(self):
        pk = self.kwargs.get("pk")
        return queries.provider_get_own(actor=self.request.user, pk=pk) if pk else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = self.provider()
        context["provider"] = provider
        context.setdefault("form", ProviderForm(instance=provider))
        return context

    def post(self, request, *args, **kwargs):
        provider = self.provider()
        form = ProviderForm(request.POST, instance=provider)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.PROVIDER_FIELDS}
            try:
                provider = services.provider_save(actor=request.user, provider=provider, **data)
            except services.InventoryInputError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("De aanbieder is opgeslagen."))
                return redirect("inventory:provider-detail", pk=provider.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class OfferingFormView(PermissionRequiredMixin, TemplateView):
    """New offering of one of our providers (provider pk), or change one (offering pk)."""

    permission = Permission.INVENTORY_EDIT
    template_name = "inventory/offering_form.html"

    def objects(self):
        actor = self.request.user
        if "offering_pk" in self.kwargs:
            offering = queries.offering_get_own(actor=actor, pk=self.kwargs["offering_pk"])
            return offering.provider, offering
        return queries.provider_get_own(actor=actor, pk=self.kwargs["pk"]), None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider, offering = self.objects()
        context.update(provider=provider, offering=offering)
        context.setdefault("form", OfferingForm(instance=offering, actor=self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        provider, offering = self.objects()
        form = OfferingForm(request.POST, instance=offering, actor=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                offering = services.offering_save(
                    actor=request.user,
                    provider=provider,
                    offering=offering,
                    provision_type=data.pop("provision_type"),
                    shell=data.pop("shell"),
                    served_municipalities=data.pop("served_municipalities"),
                    served_areas=data.pop("served_areas"),
                    **data,
                )
            except services.InventoryInputError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Het aanbod is opgeslagen."))
                return redirect("inventory:offering-detail", pk=offering.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class OfferingEndView(PermissionRequiredMixin, TemplateView):
    permission = Permission.INVENTORY_EDIT
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        offering = queries.offering_get_own(actor=request.user, pk=kwargs["pk"])
        form = OfferingEndForm(request.POST)
        if form.is_valid():
            try:
                services.offering_end(
                    actor=request.user, offering=offering, valid_to=form.cleaned_data["valid_to"]
                )
            except services.InventoryInputError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Het aanbod stopt op de gekozen dag."))
                return redirect("inventory:offering-detail", pk=offering.pk)
        view = OfferingDetailView(request=request, kwargs=kwargs)
        view.template_name = OfferingDetailView.template_name
        return view.render_to_response(
            view.get_context_data(end_form=form, pk=kwargs["pk"]), status=400
        )


class SettingsView(PermissionRequiredMixin, TemplateView):
    permission = Permission.INVENTORY_EDIT
    template_name = "inventory/settings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.request.user.municipality
        found = queries.settings_for(municipality=municipality)
        context.setdefault(
            "form",
            SettingsForm(
                initial={"hsds_public": found.hsds_public, "long_wait_days": found.long_wait_days}
            ),
        )
        context["municipality"] = municipality
        context["frame_regions"] = queries.frame_regions_for(municipality=municipality)
        return context

    def post(self, request, *args, **kwargs):
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.settings_save(actor=request.user, **form.cleaned_data)
            except services.InventoryInputError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("De instellingen zijn opgeslagen."))
                return redirect("inventory:settings")
        return self.render_to_response(self.get_context_data(form=form), status=400)
