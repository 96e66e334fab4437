"""Screens of the provision inventory: thin, every write goes through services."""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may
from stabiel.insights.referrals import referral_counts

from . import queries, services
from .coverage import coverage_matrix, shade
from .exchange import export_csv, export_xlsx
from .forms import (
    CoverageForm,
    FrameRegionForm,
    GapToPlanForm,
    ImportCommitForm,
    ImportUploadForm,
    NormForm,
    OfferingEndForm,
    OfferingFilterForm,
    OfferingForm,
    ProviderForm,
    SettingsForm,
)

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
            referrals=referral_counts(offering_id=offering.pk, year=timezone.localdate().year),
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


class FrameRegionListView(PermissionRequiredMixin, TemplateView):
    """The regions per legal frame our municipality is part of, and a form for a new one."""

    permission = Permission.INVENTORY_EDIT
    template_name = "inventory/frame_regions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.request.user.municipality
        context.setdefault("form", FrameRegionForm(initial={"municipalities": [municipality]}))
        context.update(
            municipality=municipality,
            frame_regions=queries.frame_regions_for(municipality=municipality),
            can_edit=True,
        )
        return context

    def post(self, request, *args, **kwargs):
        form = FrameRegionForm(request.POST)
        if form.is_valid():
            try:
                services.frame_region_save(actor=request.user, **form.cleaned_data)
            except services.InventoryInputError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("De regio is opgeslagen."))
                return redirect("inventory:frame-regions")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class FrameRegionEditView(PermissionRequiredMixin, TemplateView):
    """Change a region of our municipality; or leave it (POST with 'verlaten')."""

    permission = Permission.INVENTORY_EDIT
    template_name = "inventory/frame_region_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.frame_region = None

    def load(self):
        self.frame_region = queries.frame_region_get_own(
            municipality=self.request.user.municipality, pk=self.kwargs["pk"]
        )
        return self.frame_region

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.frame_region or self.load()
        context.setdefault(
            "form",
            FrameRegionForm(
                initial={
                    "name": region.name,
                    "frame": region.frame,
                    "municipalities": list(region.municipalities.all()),
                }
            ),
        )
        context.update(frame_region=region, can_edit=True)
        return context

    def post(self, request, *args, **kwargs):
        region = self.load()
        if "verlaten" in request.POST:
            try:
                services.frame_region_leave(actor=request.user, frame_region=region)
            except services.InventoryInputError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Uw gemeente hoort niet meer bij deze regio."))
            return redirect("inventory:frame-regions")
        form = FrameRegionForm(request.POST)
        if form.is_valid():
            try:
                services.frame_region_save(
                    actor=request.user, frame_region=region, **form.cleaned_data
                )
            except services.InventoryInputError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("De regio is opgeslagen."))
                return redirect("inventory:frame-regions")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CoverageView(PermissionRequiredMixin, TemplateView):
    """Life domain x shell: how many offerings, drawn and as a table, each cell a link."""

    permission = Permission.INVENTORY_VIEW
    template_name = "inventory/coverage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        form = CoverageForm(self.request.GET or None)
        choice = form.cleaned_data if form.is_bound and form.is_valid() else {}
        scope = choice.get("scope") or "region"
        frame = choice.get("frame") or ""
        domains = list(queries.life_domains(actor=actor))
        shell_items = list(queries.shells(actor=actor))
        base = {"scope": "own" if scope == "own" else "", "frame": frame}

        def href(domain_id, shell_id):
            params = {k: v for k, v in base.items() if v}
            params.update(life_domain=domain_id, shell=shell_id)
            return f"{reverse('inventory:offering-list')}?{urlencode(params)}"

        matrix = coverage_matrix(
            rows=[(d.pk, d.display_name) for d in domains],
            cols=[(s.pk, s.display_name) for s in shell_items],
            counts=queries.coverage_counts(actor=actor, scope=scope, frame=frame),
            href=href,
        )
        top = max((c.count for c in matrix.cells), default=0)
        context.update(
            form=form,
            matrix=matrix,
            shaded=[(c, shade(c.count, top)) for c in matrix.cells],
            scope=scope,
            frame=frame,
            region=queries.region_municipalities(municipality=actor.municipality, frame=frame),
        )
        return context


GAP_KINDS = ("missing_region", "missing_here", "capacity", "wait")


class GapReportView(PermissionRequiredMixin, TemplateView):
    """Types missing in the municipality or region, thin capacity, long waits; as CSV too."""

    permission = Permission.INVENTORY_VIEW
    template_name = "inventory/gap_report.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("formaat") == "csv":
            return self.csv(queries.gap_report(actor=request.user))
        return super().get(request, *args, **kwargs)

    def csv(self, report) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="tekorten-sociale-kaart.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("soort tekort"), _("levensgebied"), _("soort voorziening"), _("uitleg")])
        labels = {
            "missing_region": _("ontbreekt in de regio"),
            "missing_here": _("ontbreekt in onze gemeente"),
            "capacity": _("te weinig plek"),
            "wait": _("lange wachttijd"),
        }
        for kind in GAP_KINDS:
            for gap in report[kind]:
                writer.writerow(
                    [labels[kind], gap.life_domain, gap.type_name, services.gap_evidence(gap)]
                )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        report = queries.gap_report(actor=actor)
        headings = {
            "missing_region": ("regio", _("Ontbreekt in de hele regio")),
            "missing_here": ("gemeente", _("Ontbreekt in onze gemeente")),
            "capacity": ("plek", _("Te weinig plek volgens onze norm")),
            "wait": ("wachten", _("Lange wachttijden")),
        }
        context.update(
            sections=[
                (
                    *headings[kind],
                    [(gap, services.gap_evidence(gap)) for gap in report[kind]],
                )
                for kind in GAP_KINDS
            ],
            counts={kind: len(report[kind]) for kind in GAP_KINDS},
            can_plan=may(actor, Permission.PLANS_WORK),
            can_edit=may(actor, Permission.INVENTORY_EDIT),
            plan_form=kwargs.get("plan_form") or GapToPlanForm(),
            failed_key=kwargs.get("failed_key"),
        )
        return context


class GapToPlanView(PermissionRequiredMixin, TemplateView):
    permission = Permission.PLANS_WORK
    http_method_names = ["post"]
    template_name = GapReportView.template_name

    def post(self, request, *args, **kwargs):
        form = GapToPlanForm(request.POST)
        if form.is_valid():
            gap = queries.gap_get(actor=request.user, key=form.cleaned_data["key"])
            try:
                made = services.gap_to_plan(
                    actor=request.user,
                    gap=gap,
                    as_what=form.cleaned_data["as_what"],
                    pillar=form.cleaned_data["pillar"],
                )
            except services.InventoryInputError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("'%(title)s' staat nu in het preventieplan van %(year)s.")
                    % {"title": made.title, "year": made.plan.year},
                )
                if hasattr(made, "impact"):
                    return redirect("plans:measure-detail", pk=made.pk)
                return redirect("plans:plan-detail", pk=made.plan_id)
        view = GapReportView(request=request, kwargs={})
        context = view.get_context_data(plan_form=form, failed_key=request.POST.get("key"))
        return view.render_to_response(context, status=400)


class NormListView(PermissionRequiredMixin, TemplateView):
    """The adviser's norm per provision type: places needed and the longest acceptable wait."""

    permission = Permission.INVENTORY_VIEW
    template_name = "inventory/norm_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        context.update(
            norms=sorted(
                queries.norms_for(municipality=actor.municipality).values(),
                key=lambda n: n.provision_type.name,
            ),
            can_edit=may(actor, Permission.INVENTORY_EDIT),
            settings=queries.settings_for(municipality=actor.municipality),
        )
        context.setdefault("form", NormForm(actor=actor))
        return context

    def post(self, request, *args, **kwargs):
        if not may(request.user, Permission.INVENTORY_EDIT):
            return HttpResponse(status=403)
        form = NormForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                services.norm_save(actor=request.user, **form.cleaned_data)
            except services.InventoryInputError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("De norm is opgeslagen."))
                return redirect("inventory:norm-list")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ExchangeView(PermissionRequiredMixin, TemplateView):
    """Export the municipality's inventory, or upload a file and see what it would change."""

    permission = Permission.INVENTORY_EDIT
    template_name = "inventory/exchange.html"

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("formaat")
        if kind == "csv":
            response = HttpResponse(export_csv(actor=request.user), content_type="text/csv")
            response["Content-Disposition"] = 'attachment; filename="sociale-kaart.csv"'
            return response
        if kind == "xlsx":
            response = HttpResponse(
                export_xlsx(actor=request.user),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = 'attachment; filename="sociale-kaart.xlsx"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportUploadForm())
        context["can_edit"] = True
        return context

    def post(self, request, *args, **kwargs):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            draft, preview = services.import_preview(
                actor=request.user, content=upload.read(), filename=upload.name
            )
        except services.ImportRejectedError as exc:
            context = self.get_context_data(form=form, rejected=str(exc), preview=exc.preview)
            return self.render_to_response(context, status=400)
        context = self.get_context_data(
            form=form, preview=preview, draft=draft, commit_form=ImportCommitForm()
        )
        return self.render_to_response(context)


class ImportCommitView(PermissionRequiredMixin, TemplateView):
    permission = Permission.INVENTORY_EDIT
    http_method_names = ["post"]
    template_name = ExchangeView.template_name

    def post(self, request, *args, **kwargs):
        form = ImportCommitForm(request.POST)
        try:
            if not form.is_valid():
                raise services.ImportRejectedError(_("Kies het bestand opnieuw."))
            preview = services.import_commit(
                actor=request.user, draft_id=form.cleaned_data["draft"]
            )
        except services.ImportRejectedError as exc:
            context = {
                "form": ImportUploadForm(),
                "rejected": str(exc),
                "preview": exc.preview,
                "can_edit": True,
            }
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            _(
                "Ingelezen: %(np)s nieuwe en %(cp)s gewijzigde aanbieders, %(no)s nieuw en "
                "%(co)s gewijzigd aanbod, %(uo)s aanbod ongewijzigd."
            )
            % {
                "np": preview.new_providers,
                "cp": preview.changed_providers,
                "no": preview.new_offerings,
                "co": preview.changed_offerings,
                "uo": preview.unchanged_offerings,
            },
        )
        return redirect("inventory:offering-list")
