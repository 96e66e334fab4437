"""Downloads of a plan (PDF, Word, Markdown, JSON to share) and importing a shared plan.

Only the policy adviser (PLANS_WORK) of the plan's own municipality; another municipality's plan
answers 404. Plans are small, so the documents are made while the adviser waits.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin
from stabiel.core.forms import StabielForm

from . import exports, sharing
from .models import Plan


def _plan(request, pk) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("municipality"), pk=pk, municipality=request.user.municipality
    )


def _download(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


class ExportView(PermissionRequiredMixin, View):
    permission = Permission.PLANS_WORK
    http_method_names = ["get", "head"]
    kind = "pdf"

    def get(self, request, pk):
        plan = _plan(request, pk)
        if self.kind == "json":
            return _download(
                sharing.plan_share_json(plan=plan),
                content_type="application/json; charset=utf-8",
                filename=f"{exports.plan_export_data(plan=plan).filename_stem}.json",
            )
        data = exports.plan_export_data(plan=plan)
        stem = data.filename_stem
        if self.kind == "pdf":
            return _download(
                exports.render_pdf(data), content_type="application/pdf", filename=f"{stem}.pdf"
            )
        if self.kind == "docx":
            return _download(
                exports.render_docx(data),
                content_type=(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                ),
                filename=f"{stem}.docx",
            )
        return _download(
            exports.render_markdown(data).encode("utf-8"),
            content_type="text/markdown; charset=utf-8",
            filename=f"{stem}.md",
        )


class PlanImportForm(StabielForm):
    file = forms.FileField(
        label=gettext_lazy("Planbestand (.json)"),
        help_text=gettext_lazy(
            "Het bestand dat een andere gemeente maakte met 'Delen met een andere gemeente'."
        ),
        error_messages={
            "required": gettext_lazy("Kies een planbestand."),
            "empty": gettext_lazy("Dit bestand is leeg."),
            "invalid": gettext_lazy("Kies een planbestand."),
        },
    )
    year = forms.IntegerField(
        label=gettext_lazy("Voor welk jaar?"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("Leeg: het jaar uit het bestand."),
        error_messages={
            "invalid": gettext_lazy("Vul een jaartal in, bijvoorbeeld 2027."),
            "min_value": gettext_lazy("Vul een jaartal in tussen 2000 en 2100."),
            "max_value": gettext_lazy("Vul een jaartal in tussen 2000 en 2100."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > sharing.MAX_BYTES:
            raise forms.ValidationError(
                _("Dit bestand is te groot. Een planbestand is hoogstens %(mb)s MB.")
                % {"mb": sharing.MAX_BYTES // 1_000_000}
            )
        return upload


class PlanImportView(PermissionRequiredMixin, View):
    permission = Permission.PLANS_WORK
    http_method_names = ["get", "post", "head"]
    template_name = "plans/export/import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PlanImportForm()})

    def post(self, request):
        form = PlanImportForm(request.POST, request.FILES)
        if getattr(request, "upload_too_large", False):
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error(
                "file",
                _("Dit bestand is te groot. Een planbestand is hoogstens %(mb)s MB.")
                % {"mb": min(sharing.MAX_BYTES, settings.IMPORT_MAX_BYTES) // 1_000_000},
            )
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                plan = sharing.plan_import(
                    actor=request.user,
                    raw=upload.read(sharing.MAX_BYTES + 1),
                    year=form.cleaned_data["year"],
                )
            except sharing.PlanShareError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Het plan is ingelezen als startpunt: %(plan)s. Alle maatregelen staan "
                        "op 'gepland'. Pas eigenaren, budgetten en data aan voor uw gemeente."
                    )
                    % {"plan": plan},
                )
                return redirect("plans:plan-detail", pk=plan.pk)
        return render(request, self.template_name, {"form": form}, status=400)
