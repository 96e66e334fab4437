"""The functional administrator's screens for the register feed: upload, preview, confirm and
follow the background work. Counts and rejected lines only: no resident is shown here."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin

from . import queries, services
from .forms import RegisterFeedUploadForm
from .models import RegisterChange, RegisterFeed
from .register.files import SAMPLES

# The preview's counts, in the order the page lists them, with what they mean.
CHANGE_ROWS = (
    (RegisterChange.Kind.ARRIVAL, "nieuw"),
    (RegisterChange.Kind.MOVE, "verhuisd"),
    (RegisterChange.Kind.NAME, "gewijzigd"),
    (RegisterChange.Kind.DEPARTURE, "beeindigd"),
    (RegisterChange.Kind.DEATH, "beeindigd"),
    (RegisterChange.Kind.LINKED, "gewijzigd"),
)
REJECTIONS_SHOWN = 200
STEPS = (
    (RegisterFeed.Status.RECEIVED, gettext_lazy("Bestand bekijken")),
    (RegisterFeed.Status.PREVIEW, gettext_lazy("Wijzigingen controleren en bevestigen")),
    (RegisterFeed.Status.QUEUED, gettext_lazy("Verwerken")),
    (RegisterFeed.Status.APPLIED, gettext_lazy("Klaar")),
)


def feed_changes(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"kind": kind, "label": kind.label, "count": int(summary.get(kind.value, 0))}
        for kind, _group in CHANGE_ROWS
    ]


class RegisterFeedListView(PermissionRequiredMixin, View):
    """The deliveries so far and the form for a new one."""

    permission = Permission.REGISTER_FEED

    def render(self, request: HttpRequest, form: RegisterFeedUploadForm) -> HttpResponse:
        page = Paginator(queries.register_feeds_for(actor=request.user), 25).get_page(
            request.GET.get("pagina")
        )
        return TemplateResponse(request, "residents/feed_list.html", {"form": form, "page": page})

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, RegisterFeedUploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RegisterFeedUploadForm(request.POST, request.FILES)
        valid = form.is_valid()
        if getattr(request, "upload_too_large", False):
            form.errors.pop("file", None)
            form.add_error(
                "file",
                _("Dit bestand is te groot. Het mag hoogstens %(mb)s MB zijn.")
                % {"mb": min(settings.IMPORT_MAX_BYTES, services.MAX_FEED_BYTES) // 1_048_576},
            )
            return self.render(request, form)
        if not valid:
            return self.render(request, form)
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_FEED_BYTES:
            form.add_error("file", _("Het bestand is groter dan 200 MB."))
            return self.render(request, form)
        try:
            feed = services.register_feed_upload(
                actor=request.user, name=upload.name or "", data=upload
            )
        except services.ResidentInputError as error:
            form.add_error("file", str(error))
            return self.render(request, form)
        messages.success(
            request, _("Het bestand is ontvangen. We kijken nu wat er zou veranderen.")
        )
        return redirect("residents:feed-detail", pk=feed.pk)


class RegisterFeedDetailView(PermissionRequiredMixin, View):
    """Where a delivery stands: being looked at, the preview to confirm, being applied, done or
    rejected with every line and reason. Refreshes itself while work is going on (no script)."""

    permission = Permission.REGISTER_FEED

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        feed = queries.register_feed_get(actor=request.user, feed_id=pk)
        summary = feed.summary or {}
        rejections = summary.get("rejections") or []
        context = {
            "feed": feed,
            "changes": feed_changes(summary),
            "any_change": any(int(summary.get(k.value, 0)) for k, _g in CHANGE_ROWS),
            "rows": summary.get("rows"),
            "households_created": summary.get("households_created", 0),
            "message": summary.get("message", ""),
            "rejections": rejections[:REJECTIONS_SHOWN],
            "rejections_more": max(0, len(rejections) - REJECTIONS_SHOWN),
            "rejected": summary.get("rejected", len(rejections)),
            "same_file": queries.register_feed_same_file_applied(feed=feed),
            "progress": queries.register_feed_progress(feed=feed),
            "steps": [
                {"label": label, "number": number, "current": status == feed.status}
                for number, (status, label) in enumerate(STEPS, start=1)
            ],
            "step": next(
                (n for n, (status, _l) in enumerate(STEPS, start=1) if status == feed.status), 0
            ),
            "step_count": len(STEPS),
        }
        return TemplateResponse(request, "residents/feed_detail.html", context)


class RegisterFeedConfirmView(PermissionRequiredMixin, View):
    permission = Permission.REGISTER_FEED
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.register_feed_confirm(actor=request.user, feed_id=pk)
        except services.ResidentInputError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Bevestigd. De levering wordt nu verwerkt."))
        return redirect("residents:feed-detail", pk=pk)


class RegisterFeedDiscardView(PermissionRequiredMixin, View):
    permission = Permission.REGISTER_FEED
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.register_feed_discard(actor=request.user, feed_id=pk)
        except services.ResidentInputError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De levering is niet verwerkt. Er is niets veranderd."))
        return redirect("residents:feed-detail", pk=pk)


class RegisterFeedSampleView(PermissionRequiredMixin, View):
    """The made-up sample extracts of the demo municipality, to try the feed with."""

    permission = Permission.REGISTER_FEED

    def get(self, request: HttpRequest, name: str) -> FileResponse:
        path = SAMPLES.get(name)
        if path is None:
            raise Http404
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=path.name,
            content_type="text/csv; charset=utf-8",
        )
