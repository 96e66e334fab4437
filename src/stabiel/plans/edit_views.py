"""Correcting and removing what people typed in the workbench: sessions, participants, answers
(by the facilitator, with a reason), progress reports; removal with a confirmation, restoring
within the period, and the plan's history. Thin: parse input, call one service, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import queries, removal, services
from .forms import (
    AnswerCorrectForm,
    ConfirmForm,
    MeasureUpdateForm,
    ParticipantForm,
    RemoveWithReasonForm,
    SessionForm,
)
from .models import Answer, Measure, MeasureUpdate, OwnQuestion, Participant, Plan, WorkSession
from .services import PlanInputError
from .views import AdviserPostView, AdviserReadView, AdviserView


def _edit_page(request, *, form, plan, title, intro="", back, button, status=200, extra=None):
    return render(
        request,
        "plans/edit_form.html",
        {
            "form": form,
            "plan": plan,
            "title": title,
            "intro": intro,
            "back": back,
            "button": button,
            **(extra or {}),
        },
        status=status,
    )


class SessionEditView(AdviserView):
    def _page(self, request, session, form, status=200):
        return _edit_page(
            request,
            form=form,
            plan=session.plan,
            title=_("Werksessie wijzigen"),
            intro=_(
                "Verander de titel, datum, plaats of werkbladen. De links van de deelnemers "
                "blijven werken."
            ),
            back=reverse("plans:session-detail", kwargs={"pk": session.pk}),
            button=_("Werksessie opslaan"),
            status=status,
            extra={"session": session},
        )

    def get(self, request, pk):
        session = queries.session_get(actor=request.user, pk=pk)
        form = SessionForm(
            initial={
                "title": session.title,
                "held_on": session.held_on,
                "place": session.place,
                "worksheets": list(session.worksheets.all()),
            }
        )
        return self._page(request, session, form)

    def post(self, request, pk):
        session = queries.session_get(actor=request.user, pk=pk)
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                services.session_update(actor=request.user, session=session, **form.cleaned_data)
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De werksessie is opgeslagen."))
                return redirect("plans:session-detail", pk=session.pk)
        return self._page(request, session, form, status=400)


class ParticipantEditView(AdviserView):
    def _page(self, request, participant, form, status=200):
        return _edit_page(
            request,
            form=form,
            plan=participant.session.plan,
            title=_("Deelnemer wijzigen"),
            intro=_("De link van de deelnemer blijft werken. De antwoorden blijven staan."),
            back=reverse("plans:session-detail", kwargs={"pk": participant.session_id}),
            button=_("Deelnemer opslaan"),
            status=status,
            extra={"session": participant.session},
        )

    def get(self, request, pk):
        participant = queries.participant_get(actor=request.user, pk=pk)
        form = ParticipantForm(
            municipality=request.user.municipality,
            initial={
                "name": participant.name,
                "email": participant.email,
                "perspective": participant.perspective_id,
            },
        )
        return self._page(request, participant, form)

    def post(self, request, pk):
        participant = queries.participant_get(actor=request.user, pk=pk)
        form = ParticipantForm(request.POST, municipality=request.user.municipality)
        if form.is_valid():
            try:
                services.participant_update(
                    actor=request.user, participant=participant, **form.cleaned_data
                )
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De deelnemer is opgeslagen."))
                return redirect("plans:session-detail", pk=participant.session_id)
        return self._page(request, participant, form, status=400)


class AnswerCorrectView(AdviserView):
    """The facilitator corrects an answer (or an own question) with a reason."""

    model: type[Answer] | type[OwnQuestion] = Answer

    def _get(self, request, pk):
        if self.model is Answer:
            return queries.answer_get(actor=request.user, pk=pk)
        return queries.own_question_get(actor=request.user, pk=pk)

    def _page(self, request, answer, form, status=200):
        session = answer.participant.session
        if self.model is Answer:
            intro = _("Vraag %(code)s: %(text)s") % {
                "code": answer.question.code,
                "text": answer.question.text,
            }
        else:
            intro = _("Eigen vraag bij werkblad %(n)s") % {"n": answer.worksheet.number}
        return _edit_page(
            request,
            form=form,
            plan=session.plan,
            title=_("Antwoord corrigeren"),
            intro=intro,
            back=reverse("plans:session-merged", kwargs={"pk": session.pk}),
            button=_("Correctie opslaan"),
            status=status,
            extra={"session": session, "history_note": True},
        )

    def get(self, request, pk):
        answer = self._get(request, pk)
        return self._page(request, answer, AnswerCorrectForm(initial={"text": answer.text}))

    def post(self, request, pk):
        answer = self._get(request, pk)
        form = AnswerCorrectForm(request.POST)
        if form.is_valid():
            try:
                services.answer_correct(actor=request.user, answer=answer, **form.cleaned_data)
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De correctie is opgeslagen, met de reden."))
                return redirect("plans:session-merged", pk=answer.participant.session_id)
        return self._page(request, answer, form, status=400)


class ProgressEditView(AdviserView):
    def _page(self, request, update, form, status=200):
        return _edit_page(
            request,
            form=form,
            plan=update.measure.plan,
            title=_("Voortgang wijzigen"),
            intro=update.measure.title,
            back=reverse("plans:measure-detail", kwargs={"pk": update.measure_id}),
            button=_("Voortgang opslaan"),
            status=status,
        )

    def get(self, request, pk):
        update = queries.progress_get(actor=request.user, pk=pk)
        form = MeasureUpdateForm(
            initial={
                "written_on": update.written_on,
                "progress": update.progress,
                "note": update.note,
            }
        )
        return self._page(request, update, form)

    def post(self, request, pk):
        update = queries.progress_get(actor=request.user, pk=pk)
        form = MeasureUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.measure_progress_update(
                    actor=request.user, update=update, **form.cleaned_data
                )
            except PlanInputError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De voortgang is opgeslagen."))
                return redirect("plans:measure-detail", pk=update.measure_id)
        return self._page(request, update, form, status=400)


def _after_removal(obj) -> str:
    """Where to go after removing or restoring: the page the part was on."""
    if isinstance(obj, Plan):
        return reverse("plans:plan-list")
    if isinstance(obj, Participant):
        return reverse("plans:session-detail", kwargs={"pk": obj.session_id})
    if isinstance(obj, MeasureUpdate):
        return reverse("plans:measure-detail", kwargs={"pk": obj.measure_id})
    if isinstance(obj, (Answer, OwnQuestion)):
        return reverse("plans:session-merged", kwargs={"pk": obj.participant.session_id})
    if isinstance(obj, WorkSession):
        return reverse("plans:plan-detail", kwargs={"pk": obj.plan_id}) + "#werksessies"
    return reverse("plans:plan-detail", kwargs={"pk": obj.plan_id})


def _remove_consequence(obj) -> str:
    if isinstance(obj, Plan):
        return _(
            "Alles in dit plan gaat mee: werksessies, deelnemers met hun antwoorden, vlaggen "
            "en maatregelen."
        )
    if isinstance(obj, WorkSession):
        return _("De deelnemers en hun antwoorden gaan mee. Hun links werken niet meer.")
    if isinstance(obj, Participant):
        return _(
            "De antwoorden en eigen vragen van deze deelnemer gaan mee. De link werkt niet meer."
        )
    if isinstance(obj, Measure):
        return _("De voortgangsberichten van deze maatregel gaan mee.")
    if isinstance(obj, (Answer, OwnQuestion)):
        return _(
            "Alleen deze tekst gaat weg; de andere antwoorden van de deelnemer blijven. De tekst "
            "en uw reden komen in de geschiedenis van het plan, met uw naam en de datum."
        )
    return ""


class PartRemoveView(AdviserView):
    """Asks for confirmation (GET), then removes (POST)."""

    def _page(self, request, obj, kind, form=None, status=200):
        if form is None:
            form = RemoveWithReasonForm() if kind in removal.WITH_REASON else ConfirmForm()
        return render(
            request,
            "plans/remove_confirm.html",
            {
                "obj": obj,
                "kind": kind,
                "kind_label": removal.KIND_LABELS[kind],
                "label": removal.label_of(obj),
                "text": obj.text if kind in removal.WITH_REASON else "",
                "consequence": _remove_consequence(obj),
                "days": removal.restore_days(),
                "back": _after_removal(obj) if kind != "plan" else _plan_url(obj),
                "plan": removal.plan_of(obj),
                "form": form,
            },
            status=status,
        )

    def get(self, request, kind, pk):
        obj = removal.part_get(actor=request.user, kind=kind, pk=pk)
        return self._page(request, obj, kind)

    def post(self, request, kind, pk):
        obj = removal.part_get(actor=request.user, kind=kind, pk=pk)
        reason = ""
        if kind in removal.WITH_REASON:
            form = RemoveWithReasonForm(request.POST)
            if not form.is_valid():
                return self._page(request, obj, kind, form=form, status=400)
            reason = form.cleaned_data["reason"]
        try:
            removal.part_remove(actor=request.user, obj=obj, reason=reason)
        except PlanInputError as exc:
            messages.error(request, str(exc))
            return self._page(request, obj, kind, status=400)
        messages.success(
            request,
            _(
                "%(what)s is verwijderd. U kunt het %(days)s dagen terugzetten via Geschiedenis "
                "van het plan."
            )
            % {"what": removal.label_of(obj), "days": removal.restore_days()},
        )
        return redirect(_after_removal(obj))


def _plan_url(plan) -> str:
    return reverse("plans:plan-detail", kwargs={"pk": plan.pk})


class PartRestoreView(AdviserPostView):
    def post(self, request, kind, pk):
        obj = removal.part_get(actor=request.user, kind=kind, pk=pk, removed=True)
        plan = removal.plan_of(obj)
        try:
            removal.part_restore(actor=request.user, obj=obj)
        except PlanInputError as exc:
            messages.error(request, str(exc))
            if kind == "plan":
                return redirect("plans:plan-list")
            return redirect("plans:plan-history", pk=plan.pk)
        messages.success(request, _("%(what)s is teruggezet.") % {"what": removal.label_of(obj)})
        if kind == "plan":
            return redirect("plans:plan-detail", pk=plan.pk)
        return redirect(_after_removal(obj))


class PlanHistoryView(AdviserReadView):
    """Who changed, removed or restored what and when; removed parts with a restore button."""

    def get(self, request, pk):
        plan = queries.plan_get(actor=request.user, pk=pk)
        return render(
            request,
            "plans/plan_history.html",
            {
                "plan": plan,
                "removed": removal.removed_parts(plan=plan),
                "events": queries.plan_events(plan=plan),
                "days": removal.restore_days(),
            },
        )
