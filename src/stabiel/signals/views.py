import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may
from stabiel.accounts.roles import Role
from stabiel.core.pagination import CappedPaginator

from . import queries, services
from .forms import OwnSignalSearchForm, SignalForm, SignalWithdrawForm, UploadForm
from .models import Channel
from .samples import sample_arrears_csv


class SignalReportView(PermissionRequiredMixin, FormView):
    permission = Permission.SIGNALS_REPORT
    template_name = "signals/signal_form.html"
    form_class = SignalForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.request.user.municipality}

    def form_valid(self, form):
        user = self.request.user
        data = form.cleaned_data
        try:
            receipt = services.signal_record(
                municipality=user.municipality,
                partner=user.partner_organisation,
                signal_type_code=data["signal_type"],
                observed_on=data["observed_on"],
                reference=data["reference"],
                bsn=data["bsn"],
                postcode=data["postcode"],
                house_number=data["house_number"],
                note=data["note"],
                channel=Channel.FORM,
                reported_by=user,
            )
        except services.SignalInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        if receipt.created:
            messages.success(
                self.request,
                _("Dank u. Het signaal is ontvangen. U ziet hieronder wanneer het is opgepakt."),
            )
        else:
            messages.info(
                self.request, _("Dit signaal had u al gemeld. Er is niets dubbel opgeslagen.")
            )
        return redirect("signals:own-list")


class OwnSignalListView(PermissionRequiredMixin, TemplateView):
    permission = Permission.SIGNALS_REPORT
    template_name = "signals/own_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = OwnSignalSearchForm(self.request.GET or None)
        reference = search.cleaned_data["kenmerk"].strip() if search.is_valid() else ""
        signals = queries.own_signals(actor=self.request.user, reference=reference)
        context["search"] = search
        context["reference"] = reference
        context["page"] = CappedPaginator(signals, 50).get_page(self.request.GET.get("pagina"))
        return context


class SignalWithdrawView(PermissionRequiredMixin, FormView):
    """A partner takes back its own signal, with the reason."""

    permission = Permission.SIGNALS_REPORT
    template_name = "signals/signal_withdraw.html"
    form_class = SignalWithdrawForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.signal = queries.own_signals(actor=request.user).filter(pk=kwargs["pk"]).first()
            if self.signal is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "signal": self.signal}

    def form_valid(self, form):
        try:
            signal = services.signal_withdraw_own(
                actor=self.request.user,
                signal_id=self.signal.pk,
                reason=form.cleaned_data["reason"],
            )
        except services.SignalInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Het signaal met kenmerk %(reference)s is ingetrokken. Het telt niet meer mee.")
            % {"reference": signal.reference},
        )
        return redirect("signals:own-list")


class BatchListView(PermissionRequiredMixin, TemplateView):
    permission = Permission.IMPORTS_MANAGE
    template_name = "signals/batch_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(queries.batches_for(actor=self.request.user), 25).get_page(
            self.request.GET.get("pagina")
        )
        context["may_early_warning"] = may(self.request.user, Permission.DEBT_FILES)
        return context


class BatchUploadView(PermissionRequiredMixin, FormView):
    permission = Permission.IMPORTS_MANAGE
    template_name = "signals/batch_upload.html"
    form_class = UploadForm

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

    def own_partner(self):
        user = self.request.user
        return None if user.has_role(Role.FUNCTIONAL_ADMIN) else user.partner_organisation

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "municipality": self.request.user.municipality,
            "own_partner": self.own_partner(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_early_warning"] = may(self.request.user, Permission.DEBT_FILES)
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            receipt = services.batch_create(
                municipality=self.request.user.municipality,
                kind=form.cleaned_data["kind"],
                partner=form.cleaned_data["partner_obj"],
                uploaded_by=self.request.user,
                filename=upload.name,
                stream=upload,
                size=upload.size,
            )
        except services.SignalInputError as exc:
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
        return redirect("signals:batch-detail", pk=receipt.batch.pk)


class BatchDetailView(PermissionRequiredMixin, TemplateView):
    permission = Permission.IMPORTS_MANAGE
    template_name = "signals/batch_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = queries.batch_get(actor=self.request.user, pk=self.kwargs["pk"])
        context["batch"] = batch
        context["rejections"] = batch.rejections.all()[:200]
        return context


class BatchRetryView(PermissionRequiredMixin, View):
    """A failed batch, processed again (POST only): nothing is added twice."""

    permission = Permission.IMPORTS_MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        batch = queries.batch_get(actor=request.user, pk=pk)
        try:
            services.batch_retry(batch=batch)
        except services.SignalInputError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Het bestand wordt opnieuw verwerkt."))
        return redirect("signals:batch-detail", pk=batch.pk)


class BatchStatusView(PermissionRequiredMixin, View):
    """Progress for the small script on the batch page (the page also refreshes without it)."""

    permission = Permission.IMPORTS_MANAGE

    def get(self, request, pk):
        batch = queries.batch_get(actor=request.user, pk=pk)
        return JsonResponse(
            {
                "status": batch.status,
                "status_label": batch.get_status_display(),
                "percent": batch.progress_percent,
                "rows": batch.processed_rows,
                "finished": batch.is_finished,
            }
        )


class BatchRejectionsCsvView(PermissionRequiredMixin, View):
    permission = Permission.IMPORTS_MANAGE

    def get(self, request, pk):
        batch = queries.batch_get(actor=request.user, pk=pk)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="afgekeurd-{batch.pk}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(["regel", "reden"])
        for line, reason in batch.rejections.values_list("line", "reason").iterator():
            writer.writerow([line, reason])
        return response


class SampleFileView(PermissionRequiredMixin, View):
    permission = Permission.IMPORTS_MANAGE

    def get(self, request):
        data = sample_arrears_csv(
            municipality=request.user.municipality,
            today=timezone.localdate(),
            # A partner's sample shows the format with made-up addresses, never the register.
            from_register=request.user.has_role(Role.FUNCTIONAL_ADMIN),
        )
        response = HttpResponse(data, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="voorbeeld-vroegsignalen.csv"'
        return response
