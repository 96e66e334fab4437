from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may

from . import queries, services
from .forms import ItemFilterForm, item_form_class
from .kinds import KINDS, KINDS_BY_SLUG, item_facts
from .models import Publication


class KindMixin:
    def dispatch(self, request, *args, **kwargs):
        self.kind = KINDS_BY_SLUG.get(kwargs["kind"])
        if self.kind is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def municipality(self):
        return self.request.user.municipality

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        context["can_edit"] = (
            may(self.request.user, Permission.CATALOGUE_EDIT) and self.kind.extendable
        )
        return context


class CatalogueOverviewView(PermissionRequiredMixin, TemplateView):
    permission = Permission.CATALOGUE_VIEW
    template_name = "catalogue/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.request.user.municipality
        context["kinds"] = [
            {
                "kind": kind,
                "count": queries.items_for(municipality=municipality, model=kind.model).count(),
            }
            for kind in KINDS
        ]
        context["drawing"] = queries.pillar_flag_counts(municipality=municipality)
        context["publications"] = Publication.objects.all()
        return context


class ItemListView(PermissionRequiredMixin, KindMixin, TemplateView):
    permission = Permission.CATALOGUE_VIEW
    template_name = "catalogue/item_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ItemFilterForm(
            self.request.GET or None, kind=self.kind, municipality=self.municipality
        )
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        context["filter_form"] = form
        context["items"] = queries.item_list(
            municipality=self.municipality, kind=self.kind, filters=filters
        )
        return context


class ItemDetailView(PermissionRequiredMixin, KindMixin, TemplateView):
    permission = Permission.CATALOGUE_VIEW
    template_name = "catalogue/item_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = queries.item_get(
            municipality=self.municipality, kind=self.kind, pk=self.kwargs["pk"]
        )
        context["item"] = item
        context["active"] = queries.item_is_active(municipality=self.municipality, item=item)
        context["facts"] = item_facts(item)
        return context


class ItemFormView(PermissionRequiredMixin, KindMixin, FormView):
    permission = Permission.CATALOGUE_EDIT
    template_name = "catalogue/item_form.html"
    item = None

    def dispatch(self, request, *args, **kwargs):
        kind = KINDS_BY_SLUG.get(kwargs["kind"])
        if kind is None or not kind.extendable:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return item_form_class(self.kind)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality"] = self.municipality
        kwargs["instance"] = self.item
        return kwargs

    def form_valid(self, form):
        item = services.item_save_local(
            municipality=self.municipality,
            model=self.kind.model,
            item=self.item,
            values={name: form.cleaned_data[name] for name in self.kind.form_fields},
        )
        messages.success(self.request, _("Opgeslagen."))
        return redirect("catalogue:item-detail", kind=self.kind.slug, pk=item.pk)


class ItemCreateView(ItemFormView):
    pass


class ItemUpdateView(ItemFormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.municipality_id:
            kind = KINDS_BY_SLUG.get(kwargs["kind"])
            if kind is not None:
                # Only the municipality's own items; national items are switched, never edited.
                self.item = kind.model.objects.filter(
                    municipality=request.user.municipality, pk=kwargs["pk"]
                ).first()
                if self.item is None:
                    raise Http404
        return super().dispatch(request, *args, **kwargs)


class ItemSwitchView(PermissionRequiredMixin, KindMixin, View):
    permission = Permission.CATALOGUE_EDIT
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not self.kind.extendable:
            raise Http404
        item = queries.item_get(municipality=self.municipality, kind=self.kind, pk=kwargs["pk"])
        if not item.is_national:
            raise Http404
        active = request.POST.get("active") == "1"
        services.item_switch_set(municipality=self.municipality, item=item, active=active)
        if active:
            messages.success(
                request, _("%(name)s is weer in gebruik.") % {"name": item.display_name}
            )
        else:
            messages.success(
                request, _("%(name)s staat nu uit voor uw gemeente.") % {"name": item.display_name}
            )
        return redirect("catalogue:item-detail", kind=self.kind.slug, pk=item.pk)
