import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, require
from stabiel.core.access import log_access
from stabiel.residents.access import PURPOSES, access_household_by_id, households_visible_to
from stabiel.residents.picking import pick_prepare

from . import queries, services
from .forms import AddressForm, ExtendForm, HouseholdLookupForm, MarkForm
from .members import current_members


def _purpose() -> str:
    return str(PURPOSES["letters"])


class MarkListView(PermissionRequiredMixin, TemplateView):
    permission = Permission.CASES_WORK
    template_name = "supporters/mark_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = "ended" if self.request.GET.get("toon") == "afgelopen" else "active"
        marks = list(queries.mark_list(actor=self.request.user, show=show)[:500])
        ending_soon = queries.ending_soon_for(self.request.user)
        if marks or ending_soon:
            # Labels of members and households, and their supporters: a list view, logged.
            log_access(
                actor=self.request.user,
                action="view",
                shown=f"Lijst post via een ondersteuner ({show})",
                purpose=_purpose(),
            )
        context.update(
            show=show,
            marks=marks,
            ending_soon=ending_soon,
            reminder_days=queries.reminder_days(),
            today=timezone.localdate(),
        )
        return context


class MarkStartView(PermissionRequiredMixin, FormView):
    """Find the household by its label; only households of the worker's teams are found."""

    permission = Permission.CASES_WORK
    template_name = "supporters/mark_start.html"
    form_class = HouseholdLookupForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        pick_prepare(form, "household", self.request)
        return form

    def form_valid(self, form):
        label = form.cleaned_data["household"].strip().upper()
        household = households_visible_to(self.request.user).filter(label=label).first()
        if household is None:
            form.add_error("household", _("Geen huishouden van uw team gevonden met dit kenmerk."))
            return self.form_invalid(form)
        return redirect("supporters:mark-create", household_id=household.pk)


class MarkCreateView(PermissionRequiredMixin, FormView):
    permission = Permission.CASES_WORK
    template_name = "supporters/mark_form.html"
    form_class = MarkForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require(request.user, self.permission)
        self.household = access_household_by_id(
            actor=request.user,
            household_id=kwargs["household_id"],
            purpose=_purpose(),
            shown="bewoners voor post via een ondersteuner",
        )
        self.members = current_members(self.household)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "members": self.members}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            household=self.household,
            route=queries.letter_route_for_household(self.household),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            mark = services.mark_create(
                actor=self.request.user,
                household=self.household,
                person_id=data["person"],
                supporter_name=data["supporter_name"],
                supporter_organisation=data["supporter_organisation"],
                supporter_contact=data["supporter_contact"],
                supporter_street=data["supporter_street"],
                supporter_postcode=data["supporter_postcode"],
                supporter_city=data["supporter_city"],
                reason=data["reason"],
                consent=data["consent"],
                consent_on=data["consent_on"],
                start_on=data["start_on"],
                end_on=data["end_on"],
            )
        except services.SupporterInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Vastgelegd: post voor %(member)s gaat tot %(end)s eerst naar %(supporter)s.")
            % {
                "member": mark.person.label,
                "end": mark.end_on.strftime("%d-%m-%Y"),
                "supporter": mark.supporter_display,
            },
        )
        return redirect("supporters:mark-detail", pk=mark.pk)


class _MarkMixin(PermissionRequiredMixin):
    permission = Permission.CASES_WORK

    def get_mark(self):
        mark = queries.mark_get(actor=self.request.user, pk=self.kwargs["pk"])
        if mark is None:
            raise Http404
        return mark


class MarkDetailView(_MarkMixin, TemplateView):
    template_name = "supporters/mark_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mark = self.get_mark()
        household = access_household_by_id(
            actor=self.request.user,
            household_id=mark.household_id,
            purpose=_purpose(),
            shown=f"afspraak post via ondersteuner voor {mark.person.label}",
        )
        members = {m.person_id: m for m in current_members(household)}
        today = timezone.localdate()
        context.update(
            mark=mark,
            member=members.get(mark.person_id),
            running=mark.ended_on is None and mark.end_on >= today,
            extend_form=kwargs.get("extend_form")
            or ExtendForm(initial={"end_on": services.default_end(max(mark.end_on, today))}),
            address_form=kwargs.get("address_form")
            or AddressForm(
                initial={
                    "supporter_street": mark.supporter_street,
                    "supporter_postcode": " ".join(
                        filter(None, (mark.supporter_postcode[:4], mark.supporter_postcode[4:]))
                    ),
                    "supporter_city": mark.supporter_city,
                }
            ),
        )
        return context


class MarkExtendView(_MarkMixin, FormView):
    template_name = "supporters/mark_detail.html"
    form_class = ExtendForm
    http_method_names = ["post"]

    def form_invalid(self, form):
        view = MarkDetailView(request=self.request, kwargs=self.kwargs, args=())
        context = view.get_context_data(extend_form=form)
        return self.response_class(
            request=self.request, template=[self.template_name], context=context, status=400
        )

    def form_valid(self, form):
        try:
            mark = services.mark_extend(
                actor=self.request.user,
                mark=self.get_mark(),
                end_on=form.cleaned_data["end_on"],
                consent=form.cleaned_data["consent"],
            )
        except services.SupporterInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Verlengd tot %(end)s.") % {"end": mark.end_on.strftime("%d-%m-%Y")}
        )
        return redirect("supporters:mark-detail", pk=mark.pk)


class MarkAddressView(_MarkMixin, FormView):
    """Fill in or correct the supporter's postal address; letters are printed with it."""

    template_name = "supporters/mark_detail.html"
    form_class = AddressForm
    http_method_names = ["post"]

    def form_invalid(self, form):
        view = MarkDetailView(request=self.request, kwargs=self.kwargs, args=())
        context = view.get_context_data(address_form=form)
        return self.response_class(
            request=self.request, template=[self.template_name], context=context, status=400
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.mark_address_set(
                actor=self.request.user,
                mark=self.get_mark(),
                street=data["supporter_street"],
                postcode=data["supporter_postcode"],
                city=data["supporter_city"],
            )
        except services.SupporterInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Het postadres van de ondersteuner is opgeslagen."))
        return redirect("supporters:mark-detail", pk=self.kwargs["pk"])


class MarkEndView(_MarkMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        mark = self.get_mark()
        try:
            services.mark_end(actor=request.user, mark=mark)
        except services.SupporterInputError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Beëindigd: de post gaat weer direct naar de bewoner."))
        return redirect("supporters:mark-detail", pk=pk)


class MarkExportView(PermissionRequiredMixin, View):
    """CSV for the municipality's letter system: running and planned marks of the user's teams."""

    permission = Permission.CASES_WORK

    def get(self, request):
        rows = queries.export_rows(actor=request.user)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="post-via-ondersteuner-{stamp}.csv"'
        )
        response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [
                "bsn",
                "naam",
                "kenmerk_persoon",
                "kenmerk_huishouden",
                "ondersteuner",
                "organisatie",
                "contact",
                "postadres",
                "postcode",
                "plaats",
                "gaat_in_op",
                "loopt_af_op",
            ]
        )
        for mark in rows:
            identity = getattr(mark.person, "identity", None)
            writer.writerow(
                [
                    identity.bsn if identity else "",
                    identity.full_name if identity else "",
                    mark.person.label,
                    mark.household.label,
                    mark.supporter_name,
                    mark.supporter_organisation,
                    mark.supporter_contact,
                    mark.supporter_street,
                    mark.supporter_postcode,
                    mark.supporter_city,
                    mark.start_on.isoformat(),
                    mark.end_on.isoformat(),
                ]
            )
            log_access(
                actor=request.user,
                household=mark.household,
                person=mark.person,
                action="export",
                shown="BSN, naam en ondersteuner voor het postsysteem",
                purpose=_purpose(),
            )
        return response
