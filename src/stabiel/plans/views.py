"""Screens of the prevention plan workbench: thin, parse input, call one service or selector.

The policy adviser (PLANS_WORK) does everything; a participant answers through a signed link
without an account (ParticipantAnswerView).
"""

from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin

from . import queries, removal, services
from .chart import chart_layout
from .forms import (
    FlagForm,
    MeasureForm,
    MeasureUpdateForm,
    ParticipantForm,
    PlanEditForm,
    PlanForm,
    SessionForm,
)
from .invitations import InvitationError, invitation_token, participant_from_token
from .models import Flag, Question
from .services import PlanInputError


class AdviserView(PermissionRequiredMixin, View):
    permission = Permission.PLANS_WORK
    http_method_names = ["get", "post", "head"]


class AdviserReadView(AdviserView):
    http_method_names = ["get", "head"]


class AdviserPostView(AdviserView):
    http_method_names = ["post"]


def participant_link(request, participant) -> str:
    return request.build_absolute_uri(
        reverse("plans:answer", kwargs={"token": invitation_token(participant)})
    )


# Plans ----------------------------------------------------------------------------------------


class PlanListView(AdviserReadView):
    def get(self, request):
        plans = queries.plan_list(actor=request.user)
        this_year = timezone.localdate().year
        return render(
            request,
            "plans/plan_list.html",
            {
                "plans": plans,
                "this_year": this_year,
                "has_this_year": any(p.year == this_year for p in plans),
                "removed": removal.removed_plans(actor=request.user),
            },
        )


class PlanCreateView(AdviserView):
    def get(self, request):
        year = timezone.localdate().year
        form = PlanForm(
            initial={
                "year": year,
                "title": _("Preventieplan zorg en veiligheid %(year)s") % {"year": year},
            }
        )
        return render(request, "plans/plan_form.html", {"form": form})

    def post(self, request):
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                plan = services.plan_create(actor=request.user, **form.cleaned_data)
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Het plan is gemaakt."))
                return redirect("plans:plan-detail", pk=plan.pk)
        return render(request, "plans/plan_form.html", {"form": form}, status=400)


class PlanEditView(AdviserView):
    def get(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        form = PlanEditForm(
            initial={"title": plan.title, "summary": plan.summary, "status": plan.status}
        )
        return render(request, "plans/plan_form.html", {"form": form, "plan": plan})

    def post(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        form = PlanEditForm(request.POST)
        if form.is_valid():
            try:
                services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Het plan is opgeslagen."))
                return redirect("plans:plan-detail", pk=plan.pk)
        return render(request, "plans/plan_form.html", {"form": form, "plan": plan}, status=400)


class PlanDetailView(AdviserReadView):
    def get(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        today = timezone.localdate()
        flags = list(queries.plan_flags(plan=plan))
        rows = queries.plan_measures(plan=plan, today=today)
        return render(
            request,
            "plans/plan_detail.html",
            {
                "plan": plan,
                "drawing": queries.plan_drawing(plan=plan, flags=flags),
                "pillar_links": queries.pillar_links(plan=plan),
                "action_flags": queries.action_flag_counts(flags=flags),
                "red_flags": queries.flags_with_rule_alerts(
                    plan=plan, flags=[f for f in flags if f.colour == Flag.Colour.RED], today=today
                ),
                "green_flags": [f for f in flags if f.colour == Flag.Colour.GREEN],
                "rows": rows,
                "progress": queries.plan_progress(rows),
                "updates": queries.plan_updates(plan=plan),
                "chart": chart_layout([r.measure for r in rows]),
                "sessions": plan.sessions.prefetch_related("participants", "worksheets"),
                "today": today,
            },
        )


class WorksheetListView(AdviserReadView):
    def get(self, request):
        rows = queries.worksheet_rows(municipality=request.user.municipality)
        return render(request, "plans/worksheet_list.html", {"rows": rows})


# Work sessions --------------------------------------------------------------------------------


class SessionCreateView(AdviserView):
    def get(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        form = SessionForm(initial={"worksheets": list(queries.worksheets_all())})
        return render(request, "plans/session_form.html", {"form": form, "plan": plan})

    def post(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                session = services.session_create(
                    actor=request.user, plan=plan, **form.cleaned_data
                )
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("De werksessie is gepland. Nodig nu de deelnemers uit.")
                )
                return redirect("plans:session-detail", pk=session.pk)
        return render(request, "plans/session_form.html", {"form": form, "plan": plan}, status=400)


def _session_page(request, session, form, *, status=200):
    participants = [
        {"participant": p, "link": participant_link(request, p), "answers": p.answers.count()}
        for p in session.participants.select_related("perspective")
    ]
    return render(
        request,
        "plans/session_detail.html",
        {"session": session, "plan": session.plan, "participants": participants, "form": form},
        status=status,
    )


class SessionDetailView(AdviserView):
    """The session with its participants and their links; the form adds a participant."""

    def get(self, request, pk):
        session = queries.session_get(actor=request.user, pk=pk)
        form = ParticipantForm(municipality=request.user.municipality)
        return _session_page(request, session, form)

    def post(self, request, pk):
        session = queries.session_get(actor=request.user, pk=pk)
        form = ParticipantForm(request.POST, municipality=request.user.municipality)
        if form.is_valid():
            try:
                participant = services.participant_invite(
                    actor=request.user,
                    session=session,
                    link_for=lambda p: participant_link(request, p),
                    **form.cleaned_data,
                )
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                if participant.email:
                    messages.success(
                        request,
                        _("%(name)s is toegevoegd en krijgt de uitnodiging per e-mail.")
                        % {"name": participant.name},
                    )
                else:
                    messages.success(
                        request,
                        _("%(name)s is toegevoegd. Kopieer de link en stuur die zelf door.")
                        % {"name": participant.name},
                    )
                return redirect("plans:session-detail", pk=session.pk)
        return _session_page(request, session, form, status=400)


class ParticipantSendView(AdviserPostView):
    """Send the invitation (again) with a fresh link; older links stop working."""

    def post(self, request, pk):
        participant = queries.participant_get(actor=request.user, pk=pk)
        participant = services.participant_link_renew(actor=request.user, participant=participant)
        if participant.email:
            services.participant_send_invitation(
                participant=participant, link=participant_link(request, participant)
            )
            messages.success(
                request, _("Er is een nieuwe link gestuurd. De oude link werkt niet meer.")
            )
        else:
            messages.success(
                request, _("Er is een nieuwe link gemaakt. De oude link werkt niet meer.")
            )
        return redirect("plans:session-detail", pk=participant.session_id)


class SessionMergedView(AdviserReadView):
    """The facilitator's view: per question the answers side by side per perspective."""

    def get(self, request, pk):
        session = queries.session_get(actor=request.user, pk=pk)
        perspectives = list(queries.perspectives_for(municipality=request.user.municipality))
        return render(
            request,
            "plans/session_merged.html",
            {
                "session": session,
                "plan": session.plan,
                "perspectives": perspectives,
                "sheets": queries.merged_view(session=session),
                "flags": queries.plan_flags(plan=session.plan),
                "kind_red": Question.Kind.RED,
                "kind_green": Question.Kind.GREEN,
            },
        )


class AnswerToFlagView(AdviserPostView):
    """One step: an answer becomes a red or green flag with the answer as its evidence."""

    def post(self, request, pk):
        answer = queries.answer_get(actor=request.user, pk=pk)
        session = answer.participant.session
        flag_id = request.POST.get("vlag", "")
        if flag_id:
            return self._add_to_flag(request, answer, flag_id)
        colour = request.POST.get("colour", "")
        back = (
            reverse("plans:session-merged", kwargs={"pk": session.pk})
            + f"#vraag-{answer.question_id}"
        )
        if colour not in Flag.Colour.values:
            messages.error(request, _("Kies rood of groen."))
            return HttpResponseRedirect(back)
        try:
            flag = services.flag_from_answer(actor=request.user, answer=answer, colour=colour)
        except PlanInputError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(back)
        messages.success(
            request,
            _("De vlag '%(title)s' is gemaakt. U kunt hem hier verder aanvullen.")
            % {"title": flag.title},
        )
        return redirect("plans:flag-edit", pk=flag.pk)

    def _add_to_flag(self, request, answer, flag_id):
        back = reverse("plans:session-merged", kwargs={"pk": answer.participant.session_id})
        back += f"#vraag-{answer.question_id}"
        if not (flag_id.isascii() and flag_id.isdigit() and len(flag_id) < 19):
            messages.error(request, _("Kies een vlag uit de lijst."))
            return HttpResponseRedirect(back)
        flag = queries.flag_get(actor=request.user, pk=int(flag_id))
        try:
            services.flag_add_answer(actor=request.user, flag=flag, answer=answer)
        except PlanInputError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Het antwoord is toegevoegd aan de vlag '%(title)s'.") % {"title": flag.title},
            )
        return HttpResponseRedirect(back)


# Flags ----------------------------------------------------------------------------------------


def _flag_fields(form: FlagForm) -> dict:
    data = dict(form.cleaned_data)
    pillar, action = form.place_objects()
    data.pop("place")
    data["pillar"], data["action"] = pillar, action
    return data


class FlagCreateView(AdviserView):
    def get(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        form = FlagForm(
            municipality=request.user.municipality,
            initial={"colour": request.GET.get("kleur", "")},
        )
        return render(request, "plans/flag_form.html", {"form": form, "plan": plan})

    def post(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        form = FlagForm(request.POST, municipality=request.user.municipality)
        if form.is_valid():
            try:
                services.flag_create(actor=request.user, plan=plan, **_flag_fields(form))
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De vlag is opgeslagen."))
                return redirect(reverse("plans:plan-detail", kwargs={"pk": plan.pk}) + "#vlaggen")
        return render(request, "plans/flag_form.html", {"form": form, "plan": plan}, status=400)


class FlagEditView(AdviserView):
    def _page(self, request, flag, form, status=200):
        return render(
            request,
            "plans/flag_form.html",
            {
                "form": form,
                "plan": flag.plan,
                "flag": flag,
                "answers": flag.answers.select_related("question", "participant__perspective"),
            },
            status=status,
        )

    def get(self, request, pk):
        flag = queries.flag_get(actor=request.user, pk=pk)
        form = FlagForm(
            municipality=request.user.municipality,
            initial={
                "colour": flag.colour,
                "title": flag.title,
                "description": flag.description,
                "place": FlagForm.place_initial(flag),
                "red_flag_type": flag.red_flag_type_id,
                "green_flag_type": flag.green_flag_type_id,
                "evidence_figures": flag.evidence_figures,
                "evidence_source": flag.evidence_source,
            },
        )
        return self._page(request, flag, form)

    def post(self, request, pk):
        flag = queries.flag_get(actor=request.user, pk=pk)
        form = FlagForm(request.POST, municipality=request.user.municipality)
        if form.is_valid():
            try:
                services.flag_update(actor=request.user, flag=flag, **_flag_fields(form))
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De vlag is opgeslagen."))
                return redirect(
                    reverse("plans:plan-detail", kwargs={"pk": flag.plan_id}) + "#vlaggen"
                )
        return self._page(request, flag, form, status=400)


# Measures -------------------------------------------------------------------------------------


def _measure_initial(request, plan) -> dict:
    """Prefill from an answer (?antwoord=) or a flag (?vlag=) of this plan: one step from the
    merged view to a measure."""
    initial: dict = {}
    answer_id = request.GET.get("antwoord", "")
    if answer_id.isascii() and answer_id.isdigit() and len(answer_id) < 19:
        answer = queries.answer_get(actor=request.user, pk=int(answer_id))
        if answer.participant.session.plan_id == plan.pk:
            text = " ".join(answer.text.split())
            initial["title"] = text[:120]
            initial["description"] = text
            initial["flags"] = [f.pk for f in answer.flags.all()]
    flag_id = request.GET.get("vlag", "")
    if flag_id.isascii() and flag_id.isdigit() and len(flag_id) < 19:
        flag = queries.flag_get(actor=request.user, pk=int(flag_id))
        if flag.plan_id == plan.pk:
            initial["flags"] = [flag.pk]
    return initial


class MeasureCreateView(AdviserView):
    def get(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        form = MeasureForm(plan=plan, initial=_measure_initial(request, plan))
        return render(request, "plans/measure_form.html", {"form": form, "plan": plan})

    def post(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        form = MeasureForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                measure = services.measure_create(
                    actor=request.user, plan=plan, **form.cleaned_data
                )
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De maatregel is opgeslagen."))
                return redirect("plans:measure-detail", pk=measure.pk)
        return render(request, "plans/measure_form.html", {"form": form, "plan": plan}, status=400)


class MeasureDetailView(AdviserView):
    """The measure with its progress notes; the form adds a note."""

    def _page(self, request, measure, form, status=200):
        today = timezone.localdate()
        return render(
            request,
            "plans/measure_detail.html",
            {
                "measure": measure,
                "plan": measure.plan,
                "state": queries.STATE_LABELS[queries.measure_state(measure, today=today)],
                "outcome_title": queries.outcome_figure_title(measure),
                "form": form,
            },
            status=status,
        )

    def get(self, request, pk):
        measure = queries.measure_get(actor=request.user, pk=pk)
        form = MeasureUpdateForm(initial={"written_on": timezone.localdate()})
        return self._page(request, measure, form)

    def post(self, request, pk):
        measure = queries.measure_get(actor=request.user, pk=pk)
        form = MeasureUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.measure_progress_add(
                    actor=request.user, measure=measure, **form.cleaned_data
                )
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De voortgang is opgeslagen."))
                return redirect("plans:measure-detail", pk=measure.pk)
        return self._page(request, measure, form, status=400)


class MeasureEditView(AdviserView):
    def get(self, request, pk):
        measure = queries.measure_get(actor=request.user, pk=pk)
        initial = {
            name: getattr(measure, name)
            for name in (
                "title",
                "description",
                "owner",
                "partners",
                "starts_on",
                "ends_on",
                "indicator",
                "outcome_figure",
                "impact",
                "effort",
                "status",
            )
        }
        initial["budget"] = "" if measure.budget is None else str(measure.budget).replace(".", ",")
        initial["flags"] = [f.pk for f in measure.flags.all()]
        form = MeasureForm(plan=measure.plan, with_status=True, initial=initial)
        return render(
            request,
            "plans/measure_form.html",
            {"form": form, "plan": measure.plan, "measure": measure},
        )

    def post(self, request, pk):
        measure = queries.measure_get(actor=request.user, pk=pk)
        form = MeasureForm(request.POST, plan=measure.plan, with_status=True)
        if form.is_valid():
            try:
                services.measure_update(actor=request.user, measure=measure, **form.cleaned_data)
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De maatregel is opgeslagen."))
                return redirect("plans:measure-detail", pk=measure.pk)
        return render(
            request,
            "plans/measure_form.html",
            {"form": form, "plan": measure.plan, "measure": measure},
            status=400,
        )


# The participant's page (no account) ----------------------------------------------------------


class AnswersForm(forms.Form):
    """Built from the participant's worksheets: one field per question and per worksheet."""

    def __init__(self, *args, sheets, **kwargs):
        super().__init__(*args, **kwargs)
        for sheet in sheets:
            for item in sheet["questions"]:
                question = item["question"]
                attrs = {"rows": 4, "class": "utrecht-textarea"}
                if question.help_text:
                    attrs["aria-describedby"] = f"id_vraag-{question.pk}_helptext"
                self.fields[f"vraag-{question.pk}"] = forms.CharField(
                    label=f"{question.code} {question.text}",
                    help_text=question.help_text,
                    required=False,
                    max_length=5000,
                    initial=item["answer"],
                    widget=forms.Textarea(attrs=attrs),
                    error_messages={
                        "max_length": _("Uw antwoord is te lang (hoogstens 5000 tekens).")
                    },
                )
            self.fields[f"eigen-{sheet['worksheet'].pk}"] = forms.CharField(
                label=sheet["worksheet"].own_question_prompt,
                required=False,
                max_length=2000,
                initial=sheet["own"],
                widget=forms.Textarea(attrs={"rows": 3, "class": "utrecht-textarea"}),
                error_messages={"max_length": _("Uw vraag is te lang (hoogstens 2000 tekens).")},
            )

    def answers(self) -> tuple[dict, dict]:
        answers, own = {}, {}
        for name, value in self.cleaned_data.items():
            kind, _sep, pk = name.partition("-")
            (answers if kind == "vraag" else own)[int(pk)] = value
        return answers, own


class ParticipantAnswerView(View):
    """Public: the signed link is the participant's only key. Shows only their own answers."""

    http_method_names = ["get", "post", "head"]

    def _invalid(self, request, exc: InvitationError):
        return render(
            request, "plans/participant_invalid.html", {"message": str(exc)}, status=exc.status
        )

    def _page(self, request, participant, sheets, form, status=200):
        return render(
            request,
            "plans/participant_answer.html",
            {
                "participant": participant,
                "session": participant.session,
                "sheets": [
                    {
                        **sheet,
                        "fields": [form[f"vraag-{i['question'].pk}"] for i in sheet["questions"]],
                        "own_field": form[f"eigen-{sheet['worksheet'].pk}"],
                    }
                    for sheet in sheets
                ],
                "form": form,
                "publications": queries.publications_by_code(),
            },
            status=status,
        )

    def get(self, request, token):
        try:
            participant = participant_from_token(token)
        except InvitationError as exc:
            return self._invalid(request, exc)
        sheets = queries.participant_worksheets(participant=participant)
        return self._page(request, participant, sheets, AnswersForm(sheets=sheets))

    def post(self, request, token):
        try:
            participant = participant_from_token(token)
        except InvitationError as exc:
            return self._invalid(request, exc)
        sheets = queries.participant_worksheets(participant=participant)
        # The page carries the participant it was opened for; a post for someone else (another
        # link in another tab, or a tampered form) changes nothing.
        if request.POST.get("deelnemer") != str(participant.pk):
            return render(
                request,
                "plans/participant_invalid.html",
                {"message": _("U kunt alleen uw eigen antwoorden opslaan. Er is niets veranderd.")},
                status=403,
            )
        form = AnswersForm(request.POST, sheets=sheets)
        if form.is_valid():
            answers, own = form.answers()
            try:
                services.answers_save(participant=participant, answers=answers, own_questions=own)
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Uw antwoorden zijn opgeslagen. U kunt later met dezelfde link verder gaan."),
                )
                return redirect("plans:answer", token=token)
        return self._page(request, participant, sheets, form, status=400)


def today() -> date:
    return timezone.localdate()
