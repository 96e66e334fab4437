from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from stabiel.accounts.policy import (
    Permission,
    PermissionRequiredMixin,
    may,
    require,
    signed_in_municipality,
    signed_in_user,
)
from stabiel.residents.access import person_memberships
from stabiel.residents.models import Person

from . import inspection, queries, services
from .forms import (
    AccessLogFilterForm,
    IdentityForm,
    InspectionRequestForm,
    InspectionRequestHandleForm,
    InspectionSearchForm,
    RetentionForm,
    SignalContestForm,
    WhoLookedForm,
)
from .retention import RecordType

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AccessLogView(PermissionRequiredMixin, TemplateView):
    """Who looked at which household, when, in which role, and why: one screen for the privacy officer."""

    permission = Permission.ACCESS_LOG_READ
    template_name = "privacy/access_log.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = AccessLogFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        entries = queries.access_log(
            municipality=signed_in_municipality(self.request),
            household=filters.get("household", ""),
            username=filters.get("username", ""),
            since=filters.get("since"),
            until=filters.get("until"),
        )
        context.update(
            form=form, page=Paginator(entries, 100).get_page(self.request.GET.get("pagina"))
        )
        return context


class WhoLookedView(PermissionRequiredMixin, TemplateView):
    """Who looked at this household or person, and why, in one screen: per user, role, purpose
    and action the count and the first and last time, refused attempts first; the rows below."""

    permission = Permission.ACCESS_LOG_READ
    template_name = "privacy/who_looked.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = WhoLookedForm(self.request.GET or None)
        context["form"] = form
        if form.is_bound and form.is_valid():
            label = form.cleaned_data["kenmerk"]
            summary, detail = queries.who_looked(
                municipality=signed_in_municipality(self.request), label=label
            )
            context.update(
                label=label,
                summary=summary,
                refused=sum(r.count for r in summary if r.action == "refused"),
                page=Paginator(detail, 100).get_page(self.request.GET.get("pagina")),
            )
        return context


class ProcessingLogView(PermissionRequiredMixin, TemplateView):
    permission = Permission.ACCESS_LOG_READ
    template_name = "privacy/processing_log.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entries = queries.processing_log(municipality=signed_in_municipality(self.request))
        context["page"] = Paginator(entries, 100).get_page(self.request.GET.get("pagina"))
        return context


class RetentionListView(PermissionRequiredMixin, TemplateView):
    """The retention period of every record type, with its start point and source."""

    permission = Permission.RETENTION_MANAGE
    template_name = "privacy/retention_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        municipality = signed_in_municipality(self.request)
        last = queries.last_purge(municipality=municipality)
        periods = queries.retention_periods(municipality=municipality).values()
        context["rows"] = [(period, last.get(period.record_type)) for period in periods]
        context["last_run"] = next(iter(last.values()), None)
        return context


class RetentionEditView(PermissionRequiredMixin, FormView[RetentionForm]):
    permission = Permission.RETENTION_MANAGE
    template_name = "privacy/retention_edit.html"
    form_class = RetentionForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if kwargs["record_type"] not in RecordType.values:
            if not request.user.is_authenticated:
                return self.handle_no_permission()
            require(request.user, self.permission)
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def period(self) -> queries.Period:
        periods = queries.retention_periods(municipality=signed_in_municipality(self.request))
        return periods[self.kwargs["record_type"]]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "record_type": self.kwargs["record_type"]}

    def get_initial(self) -> dict[str, Any]:
        period = self.period()
        return {"amount": period.amount, "unit": period.unit, "source": period.source}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "period": self.period()}

    def form_valid(self, form: RetentionForm) -> HttpResponse:
        try:
            services.retention_save(
                actor=signed_in_user(self.request),
                record_type=self.kwargs["record_type"],
                **form.cleaned_data,
            )
        except services.PrivacyInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("De bewaartermijn is opgeslagen."))
        return redirect("privacy:retention-list")


class InspectionSearchView(PermissionRequiredMixin, FormView[InspectionSearchForm]):
    """Find a resident by BSN for an inspection or correction request. POST: no BSN in a URL."""

    permission = Permission.PERSONAL_DATA_REQUESTS
    template_name = "privacy/inspection_search.html"
    form_class = InspectionSearchForm

    def form_valid(self, form: InspectionSearchForm) -> HttpResponse:
        try:
            person = inspection.person_find_by_bsn(
                actor=signed_in_user(self.request), bsn=form.cleaned_data["bsn"]
            )
        except inspection.InspectionInputError as exc:
            form.add_error("bsn", str(exc))
            return self.form_invalid(form)
        return redirect("privacy:inspection-person", pk=person.pk)


class InspectionDetailView(PermissionRequiredMixin, TemplateView):
    permission = Permission.PERSONAL_DATA_REQUESTS
    template_name = "privacy/inspection_person.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = inspection.person_open(
            actor=signed_in_user(self.request),
            person_id=self.kwargs["pk"],
            shown=_("Overzicht voor een inzage- of correctieverzoek"),
        )
        context.update(person=person, data=inspection.person_export(person=person))
        return context


class InspectionExportView(PermissionRequiredMixin, View):
    permission = Permission.PERSONAL_DATA_REQUESTS
    fmt = ""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = services.export_logged(actor=signed_in_user(request), person_id=pk, fmt=self.fmt)
        # The resident reads it: in Dutch, whatever language the officer reads.
        with translation.override("nl"):
            data = inspection.person_export(person=person)
        response = self.respond(person, data)
        # Personal data: no copy in a browser or proxy cache.
        response["Cache-Control"] = "no-store"
        return response

    def respond(self, person: Person, data: dict[str, Any]) -> HttpResponse:
        """The download in this view's format."""
        raise NotImplementedError


class InspectionJsonView(InspectionExportView):
    fmt = "json"

    def respond(self, person: Person, data: dict[str, Any]) -> HttpResponse:
        response = JsonResponse(
            data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="gegevens-{person.label}.json"'
        return response


class InspectionPdfView(InspectionExportView):
    fmt = "pdf"

    def respond(self, person: Person, data: dict[str, Any]) -> HttpResponse:
        import weasyprint  # loaded when a PDF is asked for: it pulls in Pango

        # The resident reads it: Dutch, whatever language the officer reads, and tagged (PDF/UA-1)
        # so a screen reader follows headings and tables, like the letters (issue 13).
        with translation.override("nl"):
            html = render_to_string("privacy/export_pdf.html", {"data": data}, request=self.request)
        document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="gegevens-{person.label}.pdf"'
        return response


class IdentityCorrectView(PermissionRequiredMixin, FormView[IdentityForm]):
    """Correct a resident's name or birth date (AVG art. 16)."""

    permission = Permission.PERSONAL_DATA_REQUESTS
    template_name = "privacy/identity_correct.html"
    form_class = IdentityForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and may(request.user, self.permission):
            self.person = inspection.person_open(
                actor=signed_in_user(request),
                person_id=kwargs["pk"],
                shown=_("Formulier om naam of geboortedatum te verbeteren"),
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        identity = getattr(self.person, "identity", None)
        if identity is None:
            return {}
        return {name: getattr(identity, name) for name in services.IDENTITY_FIELDS}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "person": self.person}

    def form_valid(self, form: IdentityForm) -> HttpResponse:
        try:
            services.identity_correct(
                actor=signed_in_user(self.request), person_id=self.person.pk, **form.cleaned_data
            )
        except services.PrivacyInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("De correctie is opgeslagen."))
        return redirect("privacy:inspection-person", pk=self.person.pk)


class SignalContestView(PermissionRequiredMixin, FormView[SignalContestForm]):
    """Mark a signal about the resident as contested or withdrawn, with the reason."""

    permission = Permission.PERSONAL_DATA_REQUESTS
    template_name = "privacy/signal_contest.html"
    form_class = SignalContestForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and may(request.user, self.permission):
            self.person = inspection.person_open(
                actor=signed_in_user(request),
                person_id=kwargs["pk"],
                shown=_("Formulier om een signaal te betwisten"),
            )
            signal = inspection.signal_concerns(person=self.person, signal_id=kwargs["signal_id"])
            if signal is None:
                raise Http404
            self.signal = signal
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "person": self.person,
            "signal": self.signal,
        }

    def form_valid(self, form: SignalContestForm) -> HttpResponse:
        try:
            services.signal_contest(
                actor=signed_in_user(self.request),
                person_id=self.person.pk,
                signal_id=self.signal.pk,
                **form.cleaned_data,
            )
        except services.PrivacyInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Het signaal is gemarkeerd."))
        return redirect("privacy:inspection-person", pk=self.person.pk)


class InspectionRequestListView(PermissionRequiredMixin, TemplateView):
    """The open inspection requests, overdue first, and the ones handled last. Persons by their
    pseudonymous label only: the name is on the request's page, behind the logged door."""

    permission = Permission.PERSONAL_DATA_REQUESTS
    template_name = "privacy/request_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        municipality = signed_in_municipality(self.request)
        context.update(
            open_requests=queries.inspection_requests_open(
                municipality=municipality, today=timezone.localdate()
            ),
            handled_requests=queries.inspection_requests_handled(municipality=municipality),
        )
        return context


class InspectionRequestCreateView(PermissionRequiredMixin, FormView[InspectionRequestForm]):
    """Write down an inspection request as it came in; the deadline follows from the receipt."""

    permission = Permission.PERSONAL_DATA_REQUESTS
    template_name = "privacy/request_create.html"
    form_class = InspectionRequestForm

    def get_initial(self) -> dict[str, Any]:
        return {"received_on": timezone.localdate()}

    def form_valid(self, form: InspectionRequestForm) -> HttpResponse:
        try:
            request = services.inspection_request_register(
                actor=signed_in_user(self.request), **form.cleaned_data
            )
        except services.PrivacyInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Het inzageverzoek is vastgelegd. Beantwoord het niet later dan %(day)s.")
            % {"day": request.deadline_on.strftime("%d-%m-%Y")},
        )
        return redirect("privacy:request-detail", pk=request.pk)


class InspectionRequestMixin(PermissionRequiredMixin):
    """The request of this municipality (404 otherwise), its person opened through the logged
    door with the purpose 'inspection request'."""

    permission = Permission.PERSONAL_DATA_REQUESTS
    shown: "StrOrPromise" = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and may(request.user, self.permission):
            found = queries.inspection_request_get(
                municipality=signed_in_municipality(request), pk=kwargs["pk"]
            )
            if found is None:
                raise Http404
            self.inspection_request = found
            self.person = inspection.person_open(
                actor=signed_in_user(request), person_id=found.person_id, shown=self.shown
            )
        return super().dispatch(request, *args, **kwargs)

    def request_context(self) -> dict[str, Any]:
        return {
            "inspection_request": self.inspection_request,
            "person": self.person,
            "identity": getattr(self.person, "identity", None),
            "memberships": person_memberships(person=self.person),
            "today": timezone.localdate(),
        }


class InspectionRequestDetailView(InspectionRequestMixin, TemplateView):
    template_name = "privacy/request_detail.html"
    shown = _("Inzageverzoek: naam en adressen van de inwoner")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.request_context(), form=InspectionRequestHandleForm())
        return context


class InspectionRequestHandleView(InspectionRequestMixin, FormView[InspectionRequestHandleForm]):
    """Mark the request handled (a form, also without JavaScript)."""

    template_name = "privacy/request_detail.html"
    form_class = InspectionRequestHandleForm
    shown = _("Inzageverzoek afhandelen")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect("privacy:request-detail", pk=self.inspection_request.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.request_context()}

    def form_valid(self, form: InspectionRequestHandleForm) -> HttpResponse:
        try:
            services.inspection_request_handle(
                actor=signed_in_user(self.request),
                request_id=self.inspection_request.pk,
                **form.cleaned_data,
            )
        except services.PrivacyInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Het inzageverzoek is afgehandeld."))
        return redirect("privacy:request-list")
