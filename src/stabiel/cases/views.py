"""Case screens. Thin: queries read, services write, every view of a household is logged."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may
from stabiel.core import pagination
from stabiel.core.access import log_access
from stabiel.core.pagination import CappedPaginator
from stabiel.inventory.lookup import offering_summary
from stabiel.residents.access import PURPOSES, households_visible_to, log_refused
from stabiel.residents.picking import pick_prepare
from stabiel.rules import alert_queries
from stabiel.rules import services as services_rules
from stabiel.rules.alert_forms import PurposeForm
from stabiel.rules.explain import sentence
from stabiel.supporters.queries import letter_route_for_household

from . import forms, queries, services
from .models import Agreement, Case, Contact


def case_url(case: Case, name: str = "case-detail", purpose: str = "") -> str:
    url = reverse(f"cases:{name}", args=[case.pk])
    return f"{url}?purpose={purpose}" if purpose else url


class CaseListView(PermissionRequiredMixin, TemplateView):
    permission = Permission.CASES_WORK
    template_name = "cases/case_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        status = self.request.GET.get("status", "open")
        status = status if status in Case.Status.values else "open"
        mine = self.request.GET.get("wie") == "mij"
        # Pages of 50 with a capped count: a team with thousands of (closed) cases gets its
        # first page as fast as a small team (the screens benchmark, issue 19).
        page = CappedPaginator(
            queries.case_list(actor=user, status=status, mine=mine), 50
        ).get_page(self.request.GET.get("pagina"))
        if page.object_list:  # an empty list shows nobody: no log row (issue 13)
            log_access(
                actor=user,
                action="view",
                shown=f"Casussenlijst ({status}), pagina {page.number}",
                purpose="Werkvoorraad bekijken",
            )
        context.update(page=page, cases=page.object_list, status=status, mine=mine)
        return context


class CaseOpenView(PermissionRequiredMixin, TemplateView):
    permission = Permission.CASES_WORK
    template_name = "cases/case_open.html"

    def form(self, data=None):
        user = self.request.user
        teams = user.teams.filter(municipality=user.municipality).order_by("name")
        from stabiel.accounts.models import User

        members = (
            User.objects.filter(teams__in=teams, is_active=True, municipality=user.municipality)
            .filter(role_grants__role__in=["access_worker", "team_lead"])
            .distinct()
            .order_by("first_name", "username")
        )
        form = forms.CaseOpenForm(
            data, teams=teams, members=members, initial={"case_lead": user.pk}
        )
        pick_prepare(form, "household_label", self.request)
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        return context

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            label = form.cleaned_data["household_label"].strip()
            household = households_visible_to(request.user).filter(label__iexact=label).first()
            if household is None:
                form.add_error(
                    "household_label",
                    _("Geen huishouden met dit kenmerk in het gebied van uw teams."),
                )
            else:
                try:
                    case = services.case_open(
                        actor=request.user,
                        household=household,
                        team=form.cleaned_data["team"],
                        case_lead=form.cleaned_data["case_lead"],
                    )
                except services.CaseInputError as exc:
                    form.add_error(
                        exc.field if exc.field in form.fields else "household_label", str(exc)
                    )
                else:
                    log_access(
                        actor=request.user,
                        household=household,
                        action="change",
                        shown=f"Casus {case.pk} geopend",
                        purpose=PURPOSES["plan"],
                    )
                    messages.success(request, _("De casus is geopend."))
                    return redirect(case_url(case, purpose="plan"))
        return self.render_to_response(self.get_context_data(form=form))


class TriageView(PermissionRequiredMixin, TemplateView):
    """The first look at an alert: urgency, safety and a decision, written down with who/when."""

    permission = Permission.CASES_WORK
    template_name = "cases/triage.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.alert = None

    def load(self):
        self.alert = alert_queries.alert_detail(actor=self.request.user, pk=self.kwargs["alert_pk"])
        return self.alert

    def form(self, data=None):
        initial = {"taken_by": self.alert.assigned_to_id or self.request.user.pk}
        return forms.TriageForm(
            data, members=alert_queries.team_members(self.alert), initial=initial
        )

    def context(self, form):
        alert = self.alert
        open_case = queries.open_case_for_household(
            municipality_id=alert.municipality_id, household_id=alert.household_id
        )
        return {
            "alert": alert,
            "sentence": sentence(alert.rule_version),
            "evidence": list(alert.evidence.all()),
            "form": form,
            "open_case": open_case if open_case and open_case.team_id == alert.team_id else None,
            "triages": list(alert.triages.select_related("decided_by", "taken_by")),
        }

    def get(self, request, *args, **kwargs):
        alert = self.load()
        log_access(
            actor=request.user,
            household=alert.household,
            action="view",
            shown=f"Triage van melding {alert.pk}",
            purpose=PURPOSES["triage"],
        )
        return self.render_to_response(self.context(self.form()))

    def post(self, request, *args, **kwargs):
        alert = self.load()
        form = self.form(request.POST)
        if alert.status != alert.Status.OPEN:
            form.is_valid()
            form.add_error(None, _("Deze melding is al afgesloten."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                triage = services.triage_record(
                    actor=request.user,
                    alert=alert,
                    urgency=data["urgency"],
                    safety_concern=data["safety_concern"],
                    safety_note=data["safety_note"],
                    outcome=data["outcome"],
                    taken_by=data["taken_by"],
                    partner_name=data["partner_name"],
                    reason=data["reason"],
                )
            except services.CaseInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                log_access(
                    actor=request.user,
                    household=alert.household,
                    action="change",
                    shown=f"Triage van melding {alert.pk}: {triage.outcome}",
                    purpose=PURPOSES["triage"],
                )
                messages.success(request, _("De triage is vastgelegd."))
                if triage.case_id:
                    return redirect(case_url(triage.case, purpose="visit"))
                return redirect("alerts:alert-list")
        log_access(
            actor=request.user,
            household=alert.household,
            action="view",
            shown=f"Triage van melding {alert.pk} (met foutmelding)",
            purpose=PURPOSES["triage"],
        )
        return self.render_to_response(self.context(form))


class CaseView(PermissionRequiredMixin, TemplateView):
    """A page of one case. Asks why it is opened (unless the link carries it) and logs it."""

    permission = Permission.CASES_WORK
    page = "detail"
    shown = "Casus"

    def get(self, request, *args, **kwargs):
        try:
            self.case = queries.case_get(actor=request.user, pk=kwargs["pk"])
        except Http404:
            # Another team's or municipality's case: the attempt is kept for the privacy
            # officer ("wie keek"), with the purpose if the link carried one (issue 13).
            log_refused(
                actor=request.user,
                household=queries.case_household_any(pk=kwargs["pk"]),
                shown=f"{self.shown} {kwargs['pk']}",
                purpose=PURPOSES.get(request.GET.get("purpose", ""), "geen doel gekozen"),
            )
            raise
        purpose_form = PurposeForm(request.GET if "purpose" in request.GET else None)
        if not purpose_form.is_bound or not purpose_form.is_valid():
            return TemplateResponse(
                request,
                "cases/purpose.html",
                {"case": self.case, "purpose_form": purpose_form, "page_title": self.title()},
            )
        self.purpose = purpose_form.cleaned_data["purpose"]
        self.log("view")
        return self.render_to_response(self.page_context())

    def title(self) -> str:
        return _("Casus")

    def log(self, action: str, shown: str | None = None):
        log_access(
            actor=self.request.user,
            household=self.case.household,
            action=action,
            shown=shown or f"{self.shown} {self.case.pk}",
            purpose=PURPOSES[self.purpose],
        )

    def page_context(self, **forms_):
        return {"case": self.case, "purpose": self.purpose, "today": timezone.localdate(), **forms_}


def _members(case):
    return queries.team_members(case.team)


class CaseDetailView(CaseView):
    template_name = "cases/case_detail.html"
    shown = "Casus (overzicht, contacten, dagboek)"

    def page_context(self, **forms_):
        case = self.case
        members = _members(case)
        planned = case.contacts.filter(status=Contact.Status.PLANNED)
        forms_.setdefault(
            "leads_form",
            forms.LeadsForm(
                members=members,
                leads=queries.process_lead_choices(case.municipality),
                initial={"case_lead": case.case_lead_id, "process_lead": case.process_lead_id},
            ),
        )
        forms_.setdefault(
            "plan_contact_form",
            forms.ContactPlanForm(members=members, initial={"worker": self.request.user.pk}),
        )
        if not case.is_open:  # after closing only the pilot-light check-ins go on
            planned = planned.filter(kind=Contact.Kind.CHECK_IN)
        record = forms_.setdefault("record_form", forms.ContactRecordForm())
        _add_planned(record, planned)
        forms_.setdefault(
            "check_in_form",
            forms.CheckInScheduleForm(members=members, initial={"worker": case.case_lead_id}),
        )
        forms_.setdefault("reopen_form", forms.ReopenForm())
        forms_.setdefault("life_event_form", forms.LifeEventForm(municipality=case.municipality))
        contacts = list(case.contacts.select_related("worker").order_by("due_on", "id"))
        today = timezone.localdate()
        for contact in contacts:
            contact.is_overdue = contact.status == Contact.Status.PLANNED and contact.due_on < today
        return {
            **super().page_context(**forms_),
            "contacts": contacts,
            "events": list(case.events.select_related("actor")[:100]),
            "register_notices": list(
                case.register_notices.select_related("change__person", "seen_by")[:50]
            ),
            "register_notices_unseen": case.register_notices.filter(seen_at__isnull=True).exists(),
            "triages": list(case.triages.select_related("alert__rule", "decided_by", "taken_by")),
            "life_events": queries.life_events_for(case),
            "goal_count": case.goals.count(),
            "agreement_count": case.agreements.count(),
        }


def _add_planned(form, planned):
    """The planned contact to record comes first in the form."""
    if "planned" not in form.fields:
        form.fields = {"planned": _planned_field(planned), **form.fields}


def _planned_field(planned):
    from django import forms as dj_forms

    field = dj_forms.ModelChoiceField(
        label=_("Welk gepland contact?"),
        queryset=planned.order_by("due_on"),
        required=False,
        empty_label=_("Niet gepland"),
        error_messages={"invalid_choice": _("Kies een gepland contact van deze casus.")},
    )
    field.label_from_instance = lambda c: f"{c.get_kind_display()} {c.due_on:%d-%m-%Y}"
    field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
    return field


class BroadLookView(CaseView):
    template_name = "cases/broad_look.html"
    shown = "Brede blik: levensgebieden, bewoners, signalen, beschikkingen, eerdere casussen"

    def page_context(self, **forms_):
        case = self.case
        today = timezone.localdate()
        look = queries.broad_look(case, municipality=case.municipality, today=today)
        forms_.setdefault("assessment_form", forms.AssessmentForm(municipality=case.municipality))
        return {
            **super().page_context(**forms_),
            "look": look,
            "drawing": queries.household_drawing(
                municipality=case.municipality, look=look, today=today
            ),
        }


class PlanView(CaseView):
    template_name = "cases/plan.html"
    shown = "Plan: doelen en afspraken"

    def page_context(self, **forms_):
        case = self.case
        forms_.setdefault("goal_form", forms.GoalForm(municipality=case.municipality))
        forms_.setdefault(
            "agreement_form",
            forms.AgreementForm(municipality=case.municipality, goals=case.goals.all()),
        )
        return {
            **super().page_context(**forms_),
            **plan_content(case),
            "status_choices": Agreement.Status.choices,
            "letter_route": letter_route_for_household(case.household),
        }


def plan_content(case):
    goals = list(case.goals.select_related("life_domain").prefetch_related("referrals"))
    agreements = list(
        case.agreements.select_related("goal", "life_domain", "provision_type").order_by(
            "due_on", "id"
        )
    )
    for goal in goals:
        goal.items = [a for a in agreements if a.goal_id == goal.pk]
        # Live from the inventory's door: today's waiting time and contact, or None once the
        # offering has stopped or left the region (the goal keeps its copy either way).
        goal.current_offering = (
            offering_summary(municipality=case.municipality, offering_id=goal.offering_id)
            if goal.offering_id
            else None
        )
    loose = [a for a in agreements if a.goal_id is None]
    return {"goals": goals, "agreements": agreements, "loose_agreements": loose}


class PlanPdfView(CaseView):
    """The plan as a letter for the household, in plain words. An export: logged as such."""

    shown = "Plan als PDF voor het huishouden"

    def render_to_response(self, context, **kwargs):
        import weasyprint

        case = self.case
        html = render_to_string(
            "cases/plan_pdf.html",
            {
                "case": case,
                **plan_content(case),
                "letter_route": letter_route_for_household(case.household),
                "today": timezone.localdate(),
                "contacts": case.contacts.filter(
                    status=Contact.Status.PLANNED, due_on__gte=timezone.localdate()
                ).order_by("due_on")[:6],
            },
            request=self.request,
        )
        pdf = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="plan-{case.household.label}.pdf"'
        return response

    def log(self, action, shown=None):
        super().log("export", shown)


class CloseView(CaseView):
    template_name = "cases/close.html"
    shown = "Casus afsluiten"

    def page_context(self, **forms_):
        case = self.case
        forms_.setdefault("close_form", forms.CloseForm())
        current = queries.current_assessments(case)
        settings = queries.case_settings_for(case.municipality_id)
        return {
            **super().page_context(**forms_),
            "problems": [message for _field, message in queries.landing_problems(case, settings)],
            "case_settings": settings,
            "may_change_settings": may(self.request.user, Permission.TEAM_LEAD),
            "open_agreements": list(case.agreements.filter(status=Agreement.Status.OPEN)),
            "assessments": sorted(current.values(), key=lambda a: a.life_domain.number),
            "check_ins_done": case.contacts.filter(
                kind=Contact.Kind.CHECK_IN, status=Contact.Status.DONE
            ).count(),
        }


# Changes ---------------------------------------------------------------------------------------

PAGES = {"detail": CaseDetailView, "broad": BroadLookView, "plan": PlanView, "close": CloseView}
PAGE_URLS = {
    "detail": "case-detail",
    "broad": "broad-look",
    "plan": "plan",
    "close": "close",
}


# What a change is called in the access log, which the privacy officer reads and the resident gets
# in the inspection export: plain Dutch, never the URL's slug (issue 13). The log is a record and
# always Dutch (`core.access.log_access`), so these are plain strings, not translations.
CHANGE_LABELS = {
    "leads": "casusregisseur en procesregisseur gewijzigd",
    "contact-plan": "contact gepland",
    "contact-record": "contact vastgelegd",
    "check-ins": "waakvlamcontacten gepland",
    "assessment": "brede blik bijgewerkt",
    "goal": "doel toegevoegd",
    "life-event": "ingrijpende gebeurtenis vastgelegd",
    "agreement": "afspraak toegevoegd",
    "agreement-status": "stand van een afspraak gewijzigd",
    "reopen": "casus heropend",
    "close": "casus afgesloten",
}


# What the confirmation says after a change that is more than saving a field (issue 13 walk:
# closing and reopening said only "Opgeslagen.").
DONE_MESSAGES = {
    "close": gettext_lazy("De casus is afgesloten. U vindt hem terug bij de gesloten casussen."),
    "reopen": gettext_lazy("De casus is weer open. U kunt er verder aan werken."),
}


class CaseActionView(PermissionRequiredMixin, View):
    """POST only. A bad form shows its page again with the message; nothing is stored."""

    permission = Permission.CASES_WORK
    http_method_names = ["post"]

    def post(self, request, pk, action, item=None):
        handler = getattr(self, f"do_{action.replace('-', '_')}", None)
        if handler is None:
            raise Http404
        case = queries.case_get(actor=request.user, pk=pk)
        purpose = request.POST.get("purpose")
        purpose = purpose if purpose in PURPOSES else "plan"
        self.case, self.purpose = case, purpose
        page, form_name, form, call = handler(case, item)
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except services.CaseInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                log_access(
                    actor=request.user,
                    household=case.household,
                    action="change",
                    shown=f"Casus {case.pk}: {CHANGE_LABELS.get(action, action)}",
                    purpose=PURPOSES[purpose],
                )
                messages.success(request, DONE_MESSAGES.get(action) or _("Opgeslagen."))
                if action == "close":
                    return redirect("cases:case-list")
                return redirect(case_url(case, PAGE_URLS[page], purpose))
        view = PAGES[page](request=request, kwargs={"pk": pk})
        view.case, view.purpose = case, purpose
        # The page comes back with the message: that shows the household again, so log it.
        view.log("view", f"{view.shown} {case.pk} (met foutmelding)")
        response = view.render_to_response(view.page_context(**{form_name: form}))
        return response

    # each handler: (page, form name in context, bound form, what to do with cleaned data)

    def do_register_seen(self, case, item):
        form = forms.NoFieldsForm(self.request.POST)
        return (
            "detail",
            "register_seen_form",
            form,
            lambda data: services.register_notices_seen(actor=self.request.user, case=case),
        )

    def do_leads(self, case, item):
        form = forms.LeadsForm(
            self.request.POST,
            members=_members(case),
            leads=queries.process_lead_choices(case.municipality),
        )
        return (
            "detail",
            "leads_form",
            form,
            lambda d: services.case_set_leads(
                actor=self.request.user,
                case=case,
                case_lead=d["case_lead"],
                process_lead=d["process_lead"],
            ),
        )

    def do_contact_plan(self, case, item):
        form = forms.ContactPlanForm(self.request.POST, members=_members(case))
        return (
            "detail",
            "plan_contact_form",
            form,
            lambda d: services.contact_plan(
                actor=self.request.user,
                case=case,
                kind=d["kind"],
                due_on=d["due_on"],
                worker=d["worker"],
            ),
        )

    def do_contact_record(self, case, item):
        form = forms.ContactRecordForm(self.request.POST)
        planned = case.contacts.filter(status=Contact.Status.PLANNED)
        if not case.is_open:
            planned = planned.filter(kind=Contact.Kind.CHECK_IN)
        _add_planned(form, planned)
        return (
            "detail",
            "record_form",
            form,
            lambda d: services.contact_record(
                actor=self.request.user,
                case=case,
                kind=d["planned"].kind if d["planned"] else d["kind"],
                done_on=d["done_on"],
                note=d["note"],
                still_stable=d["still_stable"],
                contact=d["planned"],
            ),
        )

    def do_check_ins(self, case, item):
        form = forms.CheckInScheduleForm(self.request.POST, members=_members(case))
        return (
            "detail",
            "check_in_form",
            form,
            lambda d: services.check_ins_schedule(
                actor=self.request.user,
                case=case,
                first_on=d["first_on"],
                times=d["times"],
                per=d["per"],
                periods=d["periods"],
                then_times=d["then_times"] or 0,
                then_per=d["then_per"] or "quarter",
                then_periods=d["then_periods"] or 0,
                worker=d["worker"],
            ),
        )

    def do_assessment(self, case, item):
        form = forms.AssessmentForm(self.request.POST, municipality=case.municipality)
        return (
            "broad",
            "assessment_form",
            form,
            lambda d: services.assessment_record(
                actor=self.request.user,
                case=case,
                life_domain=d["life_domain"],
                state=d["state"],
                note=d["note"],
            ),
        )

    def do_life_event(self, case, item):
        form = forms.LifeEventForm(self.request.POST, municipality=case.municipality)
        return (
            "detail",
            "life_event_form",
            form,
            lambda d: services.life_event_record(
                actor=self.request.user,
                case=case,
                life_event=d["life_event"],
                happened_on=d["happened_on"],
                note=d["note"],
            ),
        )

    def do_goal(self, case, item):
        form = forms.GoalForm(self.request.POST, municipality=case.municipality)
        return (
            "plan",
            "goal_form",
            form,
            lambda d: services.goal_add(
                actor=self.request.user, case=case, text=d["text"], life_domain=d["life_domain"]
            ),
        )

    def do_agreement(self, case, item):
        form = forms.AgreementForm(
            self.request.POST, municipality=case.municipality, goals=case.goals.all()
        )
        return (
            "plan",
            "agreement_form",
            form,
            lambda d: services.agreement_add(
                actor=self.request.user,
                case=case,
                what=d["what"],
                owner=d["owner"],
                owner_name=d["owner_name"],
                due_on=d["due_on"],
                goal=d["goal"],
                life_domain=d["life_domain"],
                provision_type=d["provision_type"],
            ),
        )

    def do_agreement_status(self, case, item):
        agreement = case.agreements.filter(pk=item).first()
        if agreement is None:
            raise Http404
        form = forms.AgreementStatusForm(self.request.POST)
        return (
            "plan",
            "status_form",
            form,
            lambda d: services.agreement_set_status(
                actor=self.request.user, agreement=agreement, status=d["status"]
            ),
        )

    def do_reopen(self, case, item):
        form = forms.ReopenForm(self.request.POST)
        return (
            "detail",
            "reopen_form",
            form,
            lambda d: services.case_reopen(actor=self.request.user, case=case, reason=d["reason"]),
        )

    def do_close(self, case, item):
        form = forms.CloseForm(self.request.POST)
        return (
            "close",
            "close_form",
            form,
            lambda d: services.case_close(
                actor=self.request.user,
                case=case,
                reason=d["reason"],
                well_landed=d["well_landed"] == "yes",
                agreements_kept=d["agreements_kept"],
                situation_stable=d["situation_stable"],
                watch_months=d["watch_months"],
            ),
        )


class RegisterNoticeSeenView(PermissionRequiredMixin, View):
    """Seen: a register notice on an alert or supporter mark leaves my start page."""

    permission = Permission.CASES_WORK
    http_method_names = ["post"]

    def post(self, request, pk):
        services.register_notice_seen(actor=request.user, notice_id=pk)
        messages.success(request, _("Gezien. De melding staat niet meer op uw startpagina."))
        return redirect("home:home")


class CaseSettingsView(PermissionRequiredMixin, TemplateView):
    """What counts as 'well landed' here: the team's judgement, as local settings."""

    permission = Permission.TEAM_LEAD
    template_name = "cases/settings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = queries.case_settings_for(self.request.user.municipality_id)
        context.setdefault(
            "form",
            forms.CaseSettingsForm(
                initial={
                    name: getattr(current, name) for name in forms.CaseSettingsForm.base_fields
                }
            ),
        )
        context["current"] = current
        return context

    def post(self, request):
        form = forms.CaseSettingsForm(request.POST)
        if form.is_valid():
            services.case_settings_save(actor=request.user, **form.cleaned_data)
            messages.success(request, _("De instellingen zijn opgeslagen."))
            return redirect("cases:settings")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class WorkloadView(PermissionRequiredMixin, TemplateView):
    """The team lead's workload: open alerts and cases per worker, overdue first; the alerts
    nobody has yet, with their count, given to a worker several at once (issue 13)."""

    permission = Permission.TEAM_LEAD
    template_name = "cases/workload.html"
    shown_limit = 50

    def unassigned(self):
        return alert_queries.alert_list(
            actor=self.request.user, today=timezone.localdate(), assigned="none"
        )

    def make_form(self, data=None):
        return forms.BulkAssignForm(
            data,
            alerts=self.unassigned(),
            members=queries.workload_members(actor=self.request.user),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        unassigned = self.unassigned()
        shown = list(unassigned[: self.shown_limit])
        for alert in shown:
            alert.is_overdue = alert.due_on < today
        if shown:
            log_access(
                actor=user,
                action="view",
                shown="Werkverdeling: meldingen zonder medewerker",
                purpose="Werkvoorraad bekijken",
            )
        form = kwargs.get("form") or self.make_form()
        context.update(
            rows=queries.workload(actor=user, today=today),
            unassigned=shown,
            unassigned_count=alert_queries.unassigned_alert_count(actor=user),
            list_count_cap=pagination.LIST_COUNT_CAP,
            chosen={str(pk) for pk in form["alerts"].value() or []},
            form=form,
            today=today,
        )
        return context

    def post(self, request):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                count = services_rules.alerts_assign(
                    actor=request.user,
                    alert_ids=[alert.pk for alert in form.cleaned_data["alerts"]],
                    assignee=form.cleaned_data["assignee"],
                )
            except services_rules.RuleInputError as exc:
                form.add_error(None, str(exc))
            else:
                name = (
                    form.cleaned_data["assignee"].get_full_name()
                    or form.cleaned_data["assignee"].username
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)s melding gegeven aan %(name)s.",
                        "%(count)s meldingen gegeven aan %(name)s.",
                        count,
                    )
                    % {"count": count, "name": name},
                )
                return redirect("cases:workload")
        return self.render_to_response(self.get_context_data(form=form), status=400)
