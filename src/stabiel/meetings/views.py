from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may, require
from stabiel.core.access import log_access
from stabiel.residents.access import PURPOSES, households_visible_to
from stabiel.residents.picking import pick_prepare

from . import queries, services
from .forms import (
    AgreementForm,
    BringCaseForm,
    CostFiguresForm,
    DecisionForm,
    EstimateForm,
    FollowUpForm,
    KindEditForm,
    KindForm,
    MeetingForm,
    ParticipantForm,
    PutForwardForm,
    ThemeForm,
)
from .models import TEAM_KINDS, BaseKind


class MeetingAccessMixin(AccessMixin):
    """Access workers and team leads: their team's meetings, and the case table if they sit at it."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not queries.may_see_meetings(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _add_error(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def _log_items(actor, items, shown: str) -> None:
    """Named items are personal data: log each household shown, with the meeting as purpose."""
    for item in items:
        if item.kind in TEAM_KINDS:
            log_access(
                actor=actor,
                household=item.household,
                action="view",
                shown=shown,
                purpose=str(PURPOSES["meeting"]),
            )


class MeetingListView(MeetingAccessMixin, TemplateView):
    template_name = "meetings/meeting_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        services.kinds_ensure(municipality=actor.municipality)
        kinds = [(k.code, k.name) for k in queries.kinds(municipality=actor.municipality)]
        kind = self.request.GET.get("soort", "")
        kind = kind if kind in dict(kinds) else ""
        context.update(
            kind=kind,
            kinds=kinds,
            meetings=queries.meeting_list(actor=actor, kind=kind)[:200],
        )
        return context


class MeetingCreateView(MeetingAccessMixin, FormView):
    template_name = "meetings/meeting_form.html"
    form_class = MeetingForm

    def get_form_kwargs(self):
        actor = self.request.user
        services.kinds_ensure(municipality=actor.municipality)
        self.kinds = queries.kinds_for(actor=actor)
        return {**super().get_form_kwargs(), "actor": actor, "kinds": self.kinds}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "kinds": self.kinds}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            meeting = services.meeting_plan(
                actor=self.request.user,
                kind=data["kind"],
                held_on=data["held_on"],
                team=data.get("team"),
                title=data.get("title", ""),
            )
        except services.MeetingInputError as exc:
            _add_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Het overleg is gepland."))
        return redirect("meetings:meeting-detail", pk=meeting.pk)


class MeetingDetailView(MeetingAccessMixin, View):
    template_name = "meetings/meeting_detail.html"

    def context(self, meeting, *, participant_form=None, follow_up_form=None):
        actor = self.request.user
        items = queries.meeting_items(actor=actor, meeting=meeting)
        pending = queries.pending_follow_ups(actor=actor, meeting=meeting)
        follow_ups = queries.follow_ups_at(actor=actor, meeting=meeting)
        named = meeting.kind in TEAM_KINDS
        _log_items(actor, [*items, *pending], shown=f"agenda {meeting}")
        return {
            "meeting": meeting,
            "participants": list(meeting.participants.all()),
            "items": [queries.item_view(i, named=named) for i in items],
            "pending": [
                (
                    queries.item_view(i, named=named),
                    follow_up_form
                    if follow_up_form is not None and follow_up_form.prefix == f"f{i.pk}"
                    else FollowUpForm(initial={"item": i.pk}, prefix=f"f{i.pk}"),
                )
                for i in pending
            ],
            "follow_ups": follow_ups,
            "participant_form": participant_form or ParticipantForm(),
            "may_bring_case": meeting.kind == BaseKind.CASE_TABLE
            and may(actor, Permission.TEAM_LEAD),
            "may_put_forward": named,
        }

    def get(self, request, pk):
        meeting = queries.meeting_get(actor=request.user, pk=pk)
        return render(request, self.template_name, self.context(meeting))

    def post(self, request, pk):
        meeting = queries.meeting_get(actor=request.user, pk=pk)
        action = request.POST.get("action")
        if action == "participant":
            form = ParticipantForm(request.POST)
            if form.is_valid():
                try:
                    services.participant_add(
                        actor=request.user, meeting=meeting, **form.cleaned_data
                    )
                except services.MeetingInputError as exc:
                    _add_error(form, exc)
                else:
                    messages.success(request, _("Deelnemer toegevoegd."))
                    return redirect("meetings:meeting-detail", pk=pk)
            return render(
                request,
                self.template_name,
                self.context(meeting, participant_form=form),
                status=400,
            )
        if action == "follow_up":
            item_pk = request.POST.get("item", "")
            form = FollowUpForm(request.POST, prefix=f"f{item_pk}" if item_pk.isdigit() else None)
            if form.is_valid():
                item = queries.item_get(actor=request.user, pk=form.cleaned_data["item"])
                try:
                    services.follow_up_record(
                        actor=request.user,
                        meeting=meeting,
                        item=item,
                        note=form.cleaned_data["note"],
                        next_follow_up_on=form.cleaned_data["next_follow_up_on"],
                    )
                except services.MeetingInputError as exc:
                    _add_error(form, exc)
                else:
                    messages.success(request, _("De opvolging is vastgelegd."))
                    return redirect("meetings:meeting-detail", pk=pk)
            return render(
                request, self.template_name, self.context(meeting, follow_up_form=form), status=400
            )
        messages.error(request, _("Dit kan hier niet."))
        return redirect("meetings:meeting-detail", pk=pk)


class BringCaseView(PermissionRequiredMixin, FormView):
    """A team lead brings a stuck case of their own team to the anonymous case table."""

    permission = Permission.TEAM_LEAD
    template_name = "meetings/bring_case.html"
    form_class = BringCaseForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and may(request.user, self.permission):
            self.meeting = queries.meeting_get(actor=request.user, pk=kwargs["pk"])
            if self.meeting.kind != BaseKind.CASE_TABLE:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        cases = queries.open_cases_for_table(actor=self.request.user)
        return {**super().get_form_kwargs(), "cases": cases}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The choice list names the households of the lead's open cases: a list view, logged.
        if context["form"].fields["case"].queryset.exists():
            log_access(
                actor=self.request.user,
                action="view",
                shown="Open casussen van het team, om er een in te brengen aan de casustafel",
                purpose=str(PURPOSES["meeting"]),
            )
        return {**context, "meeting": self.meeting}

    def form_valid(self, form):
        try:
            item = services.item_bring_to_case_table(
                actor=self.request.user,
                meeting=self.meeting,
                case=form.cleaned_data["case"],
                summary=form.cleaned_data["summary"],
            )
        except services.MeetingInputError as exc:
            _add_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De casus staat op de agenda, zonder naam of BSN."))
        return redirect("meetings:item-detail", pk=item.pk)


class PutForwardView(PermissionRequiredMixin, FormView):
    """Put a named resident on the agenda of the team's signalling meeting or custom table."""

    permission = Permission.CASES_WORK
    template_name = "meetings/put_forward.html"
    form_class = PutForwardForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and may(request.user, self.permission):
            self.meeting = queries.meeting_get(actor=request.user, pk=kwargs["pk"])
            if self.meeting.kind not in TEAM_KINDS:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        pick_prepare(form, "household", self.request)
        return form

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "meeting": self.meeting}

    def form_valid(self, form):
        label = form.cleaned_data["household"].strip().upper()
        household = households_visible_to(self.request.user).filter(label=label).first()
        if household is None:
            form.add_error("household", _("Geen huishouden van uw team gevonden met dit kenmerk."))
            return self.form_invalid(form)
        try:
            item = services.item_put_forward(
                actor=self.request.user,
                meeting=self.meeting,
                household=household,
                put_forward_by=form.cleaned_data["put_forward_by"],
                summary=form.cleaned_data["summary"],
            )
        except services.MeetingInputError as exc:
            _add_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Het huishouden staat op de agenda."))
        return redirect("meetings:item-detail", pk=item.pk)


class ItemDetailView(MeetingAccessMixin, View):
    """One case on the agenda: the decision, who does what by when, and the cost comparison."""

    template_name = "meetings/item_detail.html"

    def context(self, item, **forms):
        actor = self.request.user
        figures = services.cost_figures_ensure(municipality=actor.municipality)
        view = queries.item_view(item, named=item.kind in TEAM_KINDS)
        _log_items(actor, [item], shown=f"casus op de agenda van {item.meeting}")
        decision_initial = {
            "breakthrough": item.breakthrough,
            "reasoning": item.reasoning,
            "household_involvement": item.household_involvement,
            "follow_up_on": item.follow_up_on,
            "lesson": item.lesson,
        }
        return {
            "item": view,
            "meeting": item.meeting,
            "decision_form": forms.get("decision_form") or DecisionForm(initial=decision_initial),
            "estimate_form": forms.get("estimate_form")
            or EstimateForm(
                figures=figures,
                lines=view.cost_lines,
                initial={"custom_solution_cost": item.custom_solution_cost},
            ),
            "agreement_form": forms.get("agreement_form") or AgreementForm(),
            "theme_form": forms.get("theme_form") or self.theme_form(item),
            "themes": queries.item_themes(item),
            "anonymous": item.kind == BaseKind.CASE_TABLE,
        }

    def theme_form(self, item, data=None):
        return ThemeForm(
            data,
            pillars=queries.theme_pillars(municipality=item.municipality),
            life_domains=queries.theme_life_domains(municipality=item.municipality),
        )

    def get(self, request, pk):
        item = queries.item_get(actor=request.user, pk=pk)
        return render(request, self.template_name, self.context(item))

    def post(self, request, pk):
        actor = request.user
        item = queries.item_get(actor=actor, pk=pk)
        action = request.POST.get("action")
        if action == "decide":
            form = DecisionForm(request.POST)
            if form.is_valid():
                try:
                    services.item_decide(actor=actor, item=item, **form.cleaned_data)
                except services.MeetingInputError as exc:
                    _add_error(form, exc)
                else:
                    messages.success(request, _("Het besluit is vastgelegd."))
                    return redirect("meetings:item-detail", pk=pk)
            return self.invalid(item, decision_form=form)
        if action == "estimate":
            figures = services.cost_figures_ensure(municipality=actor.municipality)
            form = EstimateForm(request.POST, figures=figures)
            if form.is_valid():
                try:
                    services.estimate_record(
                        actor=actor,
                        item=item,
                        quantities=form.quantities(),
                        custom_solution_cost=form.cleaned_data["custom_solution_cost"],
                    )
                except services.MeetingInputError as exc:
                    _add_error(form, exc)
                else:
                    messages.success(request, _("De kosten zijn bijgewerkt."))
                    return redirect("meetings:item-detail", pk=pk)
            return self.invalid(item, estimate_form=form)
        if action == "agreement":
            form = AgreementForm(request.POST)
            if form.is_valid():
                try:
                    services.agreement_add(actor=actor, item=item, **form.cleaned_data)
                except services.MeetingInputError as exc:
                    _add_error(form, exc)
                else:
                    messages.success(request, _("De afspraak is vastgelegd."))
                    return redirect("meetings:item-detail", pk=pk)
            return self.invalid(item, agreement_form=form)
        if action == "theme":
            form = self.theme_form(item, request.POST)
            if form.is_valid():
                try:
                    services.theme_add(
                        actor=actor,
                        item=item,
                        pillar_id=form.cleaned_data["pillar"],
                        life_domain_id=form.cleaned_data["life_domain"],
                    )
                except services.MeetingInputError as exc:
                    _add_error(form, exc)
                else:
                    messages.success(request, _("Het thema staat erbij."))
                    return redirect("meetings:item-detail", pk=pk)
            return self.invalid(item, theme_form=form)
        if action == "untheme":
            theme_pk = request.POST.get("theme", "")
            if theme_pk.isascii() and theme_pk.isdigit() and len(theme_pk) < 19:
                services.theme_remove(actor=actor, item=item, theme_id=int(theme_pk))
            messages.success(request, _("Het thema is weggehaald."))
            return redirect("meetings:item-detail", pk=pk)
        if action == "done":
            agreement_pk = request.POST.get("agreement", "")
            agreement = queries.agreement_get(
                actor=actor,
                pk=int(agreement_pk)
                if agreement_pk.isascii() and agreement_pk.isdigit() and len(agreement_pk) < 19
                else 0,
            )
            if agreement.item_id != item.pk:
                raise Http404
            services.agreement_done(actor=actor, agreement=agreement)
            messages.success(request, _("Afgevinkt."))
            return redirect("meetings:item-detail", pk=pk)
        messages.error(request, _("Dit kan hier niet."))
        return redirect("meetings:item-detail", pk=pk)

    def invalid(self, item, **forms):
        return render(self.request, self.template_name, self.context(item, **forms), status=400)


class LessonListView(MeetingAccessMixin, TemplateView):
    """Decided custom solutions others can learn from: no household, no name, no BSN."""

    template_name = "meetings/lesson_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lessons"] = queries.learning_list(municipality=self.request.user.municipality)
        return context


class CostFiguresView(PermissionRequiredMixin, View):
    """The functional administrator sets the local figures behind 'the cost of not helping';
    the team lead reads them (issue 13), to weigh a custom solution against them."""

    permission = Permission.TEAM_LEAD
    template_name = "meetings/cost_figures.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and may(request.user, Permission.MUNICIPAL_SETTINGS):
            return View.dispatch(self, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        figures = services.cost_figures_ensure(municipality=request.user.municipality)
        may_edit = may(request.user, Permission.MUNICIPAL_SETTINGS)
        form = CostFiguresForm(figures=figures) if may_edit else None
        return render(
            request, self.template_name, {"form": form, "figures": figures, "may_edit": may_edit}
        )

    def post(self, request):
        require(request.user, Permission.MUNICIPAL_SETTINGS)
        figures = services.cost_figures_ensure(municipality=request.user.municipality)
        form = CostFiguresForm(request.POST, figures=figures)
        if form.is_valid():
            try:
                services.cost_figures_update(actor=request.user, values=form.values())
            except services.MeetingInputError as exc:
                _add_error(form, exc)
            else:
                messages.success(request, _("De bedragen zijn opgeslagen."))
                return redirect("meetings:cost-figures")
        return render(
            request,
            self.template_name,
            {"form": form, "figures": figures, "may_edit": True},
            status=400,
        )


class KindSettingsView(PermissionRequiredMixin, View):
    """The functional administrator keeps the municipality's kinds of meeting (issue 20): the
    three defaults and its own, with who sits at the table and whether names may be used."""

    permission = Permission.MUNICIPAL_SETTINGS
    template_name = "meetings/kind_settings.html"

    def context(self, form=None):
        municipality = self.request.user.municipality
        services.kinds_ensure(municipality=municipality)
        kinds = queries.kinds(municipality=municipality)
        counts = queries.kind_meeting_counts(municipality=municipality)
        for kind in kinds:
            kind.meeting_count = counts.get(kind.pk, 0)
        return {"kinds": kinds, "form": form or KindForm()}

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        form = KindForm(request.POST)
        if form.is_valid():
            try:
                services.kind_add(actor=request.user, **form.cleaned_data)
            except services.MeetingInputError as exc:
                _add_error(form, exc)
            else:
                messages.success(request, _("Het overleg staat in de lijst."))
                return redirect("meetings:kind-settings")
        return render(request, self.template_name, self.context(form), status=400)


class KindEditView(PermissionRequiredMixin, View):
    permission = Permission.MUNICIPAL_SETTINGS
    template_name = "meetings/kind_edit.html"

    def get(self, request, pk):
        kind = queries.kind_get(actor=request.user, pk=pk)
        form = KindEditForm(initial={"name": kind.name, "seats": kind.seats, "active": kind.active})
        return render(request, self.template_name, {"kind": kind, "form": form})

    def post(self, request, pk):
        kind = queries.kind_get(actor=request.user, pk=pk)
        form = KindEditForm(request.POST)
        if form.is_valid():
            try:
                services.kind_update(actor=request.user, kind=kind, **form.cleaned_data)
            except services.MeetingInputError as exc:
                _add_error(form, exc)
            else:
                messages.success(request, _("Opgeslagen."))
                return redirect("meetings:kind-settings")
        return render(request, self.template_name, {"kind": kind, "form": form}, status=400)
