import csv
from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may
from stabiel.core.access import log_access
from stabiel.residents.access import PURPOSES, households_visible_to
from stabiel.signals import services as signal_services
from stabiel.signals.models import ImportBatch

from . import queries, samples, services
from .ddas import PUBLICATION
from .forms import AttemptForm, DeliveryForm, OutcomeForm, SettingsForm, UploadForm
from .importing import KIND
from .matching import settings_for
from .models import Delivery

STATES = {
    "open": gettext_lazy("Open"),
    "unsure": gettext_lazy("Twijfel over huishouden"),
    "mine": gettext_lazy("Bij mij"),
    "closed": gettext_lazy("Afgesloten"),
    "all": gettext_lazy("Alle"),
}


def _month(text: str | None) -> date | None:
    try:
        year, month = (int(p) for p in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


class ReportListView(PermissionRequiredMixin, TemplateView):
    permission = Permission.DEBT_SIGNALS_WORK
    template_name = "earlywarning/report_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("toon", "open")
        state = state if state in STATES else "open"
        month = _month(self.request.GET.get("maand"))
        reports = queries.report_list(actor=self.request.user, month=month, state=state)
        context.update(
            page=Paginator(reports, 50).get_page(self.request.GET.get("pagina")),
            states=[(key, str(label)) for key, label in STATES.items()],
            state=state,
            month=month,
            months=queries.months_with_reports(actor=self.request.user),
            publication=PUBLICATION,
        )
        return context


class ReportDetailView(PermissionRequiredMixin, TemplateView):
    permission = Permission.DEBT_SIGNALS_WORK
    template_name = "earlywarning/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        view = queries.report_get(
            actor=self.request.user, pk=self.kwargs["pk"], purpose=PURPOSES["earlywarning"]
        )
        context.update(
            view=view,
            report=view.report,
            attempt_form=kwargs.get("attempt_form")
            or AttemptForm(initial={"on": timezone.localdate().strftime("%d-%m-%Y")}),
            outcome_form=kwargs.get("outcome_form") or OutcomeForm(),
            publication=PUBLICATION,
        )
        return context


class AttemptCreateView(ReportDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = AttemptForm(request.POST)
        if form.is_valid():
            try:
                services.attempt_record(actor=request.user, report_id=pk, **form.cleaned_data)
            except services.EarlyWarningInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("De contactpoging is vastgelegd."))
                return redirect("earlywarning:report-detail", pk=pk)
        return self.render_to_response(self.get_context_data(attempt_form=form), status=400)


class OutcomeSetView(ReportDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                services.outcome_set(actor=request.user, report_id=pk, **form.cleaned_data)
            except services.EarlyWarningInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Het eindresultaat is vastgelegd."))
                return redirect("earlywarning:report-detail", pk=pk)
        return self.render_to_response(self.get_context_data(outcome_form=form), status=400)


class MatchDecideView(PermissionRequiredMixin, View):
    permission = Permission.DEBT_SIGNALS_WORK
    http_method_names = ["post"]

    def post(self, request, pk):
        report_id = queries.signal_report_id(actor=request.user, signal_id=pk)
        decision = request.POST.get("besluit")
        if decision not in ("bevestig", "verwerp"):
            messages.error(request, _("Kies: hetzelfde huishouden, of niet."))
            return redirect("earlywarning:report-detail", pk=report_id)
        try:
            services.match_decide(actor=request.user, signal_id=pk, confirm=decision == "bevestig")
        except services.EarlyWarningInputError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Uw besluit over het huishouden is vastgelegd."))
        return redirect("earlywarning:report-detail", pk=report_id)


# Files ---------------------------------------------------------------------------------------


def _batches(actor):
    return ImportBatch.objects.filter(municipality=actor.municipality, kind=KIND).select_related(
        "partner", "uploaded_by"
    )


class BatchListView(PermissionRequiredMixin, TemplateView):
    permission = Permission.DEBT_FILES
    template_name = "earlywarning/batch_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(_batches(self.request.user).defer("message"), 25).get_page(
            self.request.GET.get("pagina")
        )
        return context


class BatchUploadView(PermissionRequiredMixin, FormView):
    permission = Permission.DEBT_FILES
    template_name = "earlywarning/batch_upload.html"
    form_class = UploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.request.user.municipality}

    def form_invalid(self, form):
        if getattr(self.request, "upload_too_large", False):
            from django.conf import settings

            form.errors.pop("file", None)
            form.add_error(
                "file",
                _("Dit bestand is te groot. Het mag hoogstens %(mb)s MB zijn.")
                % {"mb": settings.IMPORT_MAX_BYTES // 1_000_000},
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            receipt = signal_services.batch_create(
                municipality=self.request.user.municipality,
                kind=KIND,
                partner=form.cleaned_data["partner"],
                uploaded_by=self.request.user,
                filename=upload.name,
                stream=upload,
                size=upload.size,
            )
        except signal_services.SignalInputError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        if receipt.already_imported:
            messages.info(
                self.request,
                _("Dit bestand is al eerder aangeleverd. Er is niets opnieuw ingelezen."),
            )
        elif receipt.refused_before:
            messages.success(
                self.request,
                _(
                    "Dit bestand was eerder afgewezen. Het wordt nu opnieuw gelezen, met de "
                    "instellingen van vandaag."
                ),
            )
        else:
            messages.success(self.request, _("Het bestand is ontvangen en wordt nu verwerkt."))
        return redirect("earlywarning:batch-detail", pk=receipt.batch.pk)


class BatchDetailView(PermissionRequiredMixin, TemplateView):
    permission = Permission.DEBT_FILES
    template_name = "earlywarning/batch_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = get_object_or_404(_batches(self.request.user), pk=self.kwargs["pk"])
        context.update(batch=batch, rejections=batch.rejections.all()[:200])
        return context


SAMPLES = {
    "energie.csv": ("text/csv; charset=windows-1252", "energy"),
    "huur.json": ("application/json", "rent"),
}


class SampleFileView(PermissionRequiredMixin, View):
    permission = Permission.DEBT_FILES

    def get(self, request, name):
        if name not in SAMPLES:
            raise Http404
        content_type, which = SAMPLES[name]
        today = timezone.localdate()
        municipality = request.user.municipality
        # Addresses of the worker's own teams, so the sample's reports show up for them. The
        # administrator works for no team: their sample uses the whole municipality.
        ids = None
        if may(request.user, Permission.CASES_WORK):
            ids = households_visible_to(request.user).order_by("id").values_list("id", flat=True)
            ids = list(ids[:200])
        if which == "energy":
            data = samples.energy_csv(
                municipality=municipality, signalled_on=today, household_ids=ids
            )
        else:
            data = samples.rent_json(
                municipality=municipality, signalled_on=today, household_ids=ids
            )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="voorbeeld-{name}"'
        return response


# What a partner may hear ---------------------------------------------------------------------


class FeedbackView(PermissionRequiredMixin, TemplateView):
    """Per partner, what the municipality tells it (workers prepare the feedback)."""

    permission = Permission.DEBT_SIGNALS_WORK
    template_name = "earlywarning/feedback.html"

    def get(self, request, *args, **kwargs):
        municipality = request.user.municipality
        partners = queries.partners_with_signals(municipality=municipality)
        partner = None
        if request.GET.get("partner", "").isdigit():
            partner = partners.filter(pk=int(request.GET["partner"])).first()
            if partner is None:
                raise Http404
        rows = queries.feedback_for_partner(municipality=municipality, partner=partner)
        if partner is not None and request.GET.get("formaat") == "csv":
            return _feedback_csv(partner, rows)
        return self.render_to_response(
            self.get_context_data(partners=partners, partner=partner, rows=rows[:500])
        )


def _feedback_csv(partner, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="terugkoppeling-{partner.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["kenmerk", "signaaldatum", "terugkoppeling"])
    for row in rows:
        writer.writerow([row["external_id"], f"{row['signalled_on']:%d-%m-%Y}", row["feedback"]])
    return response


class OwnFeedbackView(PermissionRequiredMixin, TemplateView):
    """A partner reporter sees only what it may hear about its own signals."""

    permission = Permission.SIGNALS_REPORT
    template_name = "earlywarning/own_feedback.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = []
        if user.partner_organisation_id:
            rows = queries.feedback_for_partner(
                municipality=user.municipality, partner=user.partner_organisation
            )
        context["page"] = Paginator(rows, 50).get_page(self.request.GET.get("pagina"))
        return context


# Team lead: figures and the delivery ---------------------------------------------------------


class FiguresView(PermissionRequiredMixin, TemplateView):
    permission = Permission.DEBT_DELIVERY
    template_name = "earlywarning/figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.request.user.municipality
        month = _month(self.request.GET.get("maand")) or timezone.localdate().replace(day=1)
        context.update(
            figures=queries.monthly_figures(municipality=municipality, month=month),
            months=queries.months_for(municipality=municipality),
            may_settings=may(self.request.user, Permission.MUNICIPAL_SETTINGS),
            may_outcomes=may(self.request.user, Permission.INSIGHTS_VIEW),
            publication=PUBLICATION,
        )
        return context


class DeliveryListView(PermissionRequiredMixin, FormView):
    permission = Permission.DEBT_DELIVERY
    template_name = "earlywarning/delivery_list.html"
    form_class = DeliveryForm

    def get_initial(self):
        first = timezone.localdate().replace(day=1)
        previous_end = first - timedelta(days=1)
        return {
            "period_start": previous_end.replace(day=1).strftime("%d-%m-%Y"),
            "period_end": previous_end.strftime("%d-%m-%Y"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deliveries"] = Delivery.objects.filter(
            municipality=self.request.user.municipality
        ).defer("content")[:24]
        context["publication"] = PUBLICATION
        return context

    def form_valid(self, form):
        try:
            services.delivery_request(actor=self.request.user, **form.cleaned_data)
        except services.EarlyWarningInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, _("De levering wordt gemaakt. Ververs de pagina over een moment.")
        )
        return redirect("earlywarning:delivery-list")


class DeliveryDownloadView(PermissionRequiredMixin, View):
    permission = Permission.DEBT_DELIVERY

    def get(self, request, pk):
        delivery = get_object_or_404(
            Delivery.objects.filter(
                municipality=request.user.municipality, status=Delivery.Status.DONE
            ),
            pk=pk,
        )
        log_access(
            actor=request.user,
            action="export",
            shown=f"DDAS-levering vroegsignalering {delivery}",
            purpose="Levering aan het CBS (DDAS, Wet gemeentelijke schuldhulpverlening)",
        )
        response = HttpResponse(delivery.content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="ddas-vroegsignalering-{delivery.period_start:%Y%m%d}-'
            f'{delivery.period_end:%Y%m%d}.json"'
        )
        return response


class SettingsView(PermissionRequiredMixin, FormView):
    permission = Permission.MUNICIPAL_SETTINGS
    template_name = "earlywarning/settings.html"
    form_class = SettingsForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": settings_for(self.request.user.municipality_id),
        }

    def form_valid(self, form):
        services.settings_save(actor=self.request.user, values=form.cleaned_data)
        messages.success(self.request, _("De instellingen voor vroegsignalering zijn opgeslagen."))
        return redirect("earlywarning:settings")
