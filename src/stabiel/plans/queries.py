"""Reads of the prevention plan workbench. Every read starts from the actor's municipality."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stabiel.catalogue.models import Action, Perspective, Publication
from stabiel.catalogue.queries import items_for, model_drawing, pillars_for
from stabiel.insights.queries import FigureSeries, Per, figure_series, figure_title
from stabiel.insights.summary import red_flag_alerts

from .models import (
    Answer,
    Flag,
    Measure,
    MeasureUpdate,
    OwnQuestion,
    Participant,
    Plan,
    PlanEvent,
    Question,
    WorkSession,
    Worksheet,
)


def plan_list(*, actor):
    return Plan.objects.filter(municipality=actor.municipality).order_by("-year")


def plan_get(*, actor, pk: int) -> Plan:
    return get_object_or_404(Plan, pk=pk, municipality=actor.municipality)


# Parts of a removed plan (or session) are not reachable on their own: 404 like "not yours".


def session_get(*, actor, pk: int) -> WorkSession:
    return get_object_or_404(
        WorkSession.objects.select_related("plan").prefetch_related("worksheets"),
        pk=pk,
        municipality=actor.municipality,
        plan__removed_at__isnull=True,
    )


def participant_get(*, actor, pk: int) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("session__plan", "perspective"),
        pk=pk,
        municipality=actor.municipality,
        session__removed_at__isnull=True,
        session__plan__removed_at__isnull=True,
    )


def answer_get(*, actor, pk: int) -> Answer:
    return get_object_or_404(
        Answer.objects.select_related(
            "question__worksheet", "participant__session__plan", "participant__perspective"
        ),
        pk=pk,
        municipality=actor.municipality,
        participant__session__plan__removed_at__isnull=True,
    )


def own_question_get(*, actor, pk: int) -> OwnQuestion:
    return get_object_or_404(
        OwnQuestion.objects.select_related(
            "worksheet", "participant__session__plan", "participant__perspective"
        ),
        pk=pk,
        municipality=actor.municipality,
        participant__session__plan__removed_at__isnull=True,
    )


def flag_get(*, actor, pk: int) -> Flag:
    return get_object_or_404(
        Flag.objects.select_related("plan", "pillar", "action", "red_flag_type", "green_flag_type"),
        pk=pk,
        municipality=actor.municipality,
        plan__removed_at__isnull=True,
    )


def measure_get(*, actor, pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related("plan", "practice").prefetch_related("flags", "updates"),
        pk=pk,
        municipality=actor.municipality,
        plan__removed_at__isnull=True,
    )


def progress_get(*, actor, pk: int) -> MeasureUpdate:
    return get_object_or_404(
        MeasureUpdate.objects.select_related("measure__plan"),
        pk=pk,
        municipality=actor.municipality,
        measure__removed_at__isnull=True,
        measure__plan__removed_at__isnull=True,
    )


def plan_events(*, plan: Plan, limit: int = 200):
    return (
        PlanEvent.objects.filter(plan=plan, municipality=plan.municipality)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )


def perspectives_for(*, municipality):
    return items_for(municipality=municipality, model=Perspective).order_by("position", "name")


def worksheets_all():
    return Worksheet.objects.prefetch_related("questions", "sources").order_by("number")


def publications_by_code() -> dict[str, Publication]:
    return {p.code: p for p in Publication.objects.all()}


# Progress over the year ---------------------------------------------------------------------

STATE_DONE = "done"
STATE_NOT_STARTED = "not_started"
STATE_ON_TRACK = "on_track"
STATE_LATE = "late"
STATE_STOPPED = "stopped"


def measure_state(measure: Measure, *, today: date) -> str:
    """Done, stopped, late (past its end date, past its start date without a start, or last
    reported late), not started, or on track."""
    if measure.status == Measure.Status.DONE:
        return STATE_DONE
    if measure.status == Measure.Status.STOPPED:
        return STATE_STOPPED
    if measure.ends_on and measure.ends_on < today:
        return STATE_LATE
    updates = list(measure.updates.all())  # prefetched, newest first
    if updates and updates[0].progress == MeasureUpdate.Progress.LATE:
        return STATE_LATE
    if measure.status == Measure.Status.PLANNED and not updates:
        if measure.starts_on and measure.starts_on < today:
            return STATE_LATE
        return STATE_NOT_STARTED
    return STATE_ON_TRACK


STATE_LABELS = {
    STATE_NOT_STARTED: _("Niet gestart"),
    STATE_DONE: _("Klaar"),
    STATE_ON_TRACK: _("Op schema"),
    STATE_LATE: _("Loopt achter"),
    STATE_STOPPED: _("Gestopt"),
}


@dataclass(frozen=True)
class MeasureRow:
    number: int
    measure: Measure
    state: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def plan_measures(*, plan: Plan, today: date) -> list[MeasureRow]:
    measures = (
        Measure.objects.filter(plan=plan, municipality=plan.municipality)
        .select_related("practice")
        .prefetch_related("flags", "updates")
        .order_by("pk")
    )
    return [
        MeasureRow(number=i, measure=m, state=measure_state(m, today=today))
        for i, m in enumerate(measures, start=1)
    ]


def plan_progress(rows: list[MeasureRow]) -> dict[str, int]:
    counts = {state: 0 for state in STATE_LABELS}
    for row in rows:
        counts[row.state] += 1
    counts["total"] = len(rows)
    return counts


def plan_flags(*, plan: Plan):
    return (
        Flag.objects.filter(plan=plan, municipality=plan.municipality)
        .select_related("pillar", "action", "red_flag_type", "green_flag_type")
        .prefetch_related("measures")
        .order_by("colour", "pillar__position", "action__number", "title")
    )


def plan_drawing(*, plan: Plan, flags):
    """The stability model with the plan's red and green flags counted per pillar."""
    red: dict[str, int] = {}
    green: dict[str, int] = {}
    for flag in flags:
        if flag.pillar_id:
            target = red if flag.colour == Flag.Colour.RED else green
            target[flag.pillar.code] = target.get(flag.pillar.code, 0) + 1
    return model_drawing(
        municipality=plan.municipality,
        caption=_("Stabiliteitsmodel met de rode en groene vlaggen van %(plan)s")
        % {"plan": plan.title},
        red=red,
        green=green,
    )


def action_flag_counts(*, flags) -> list[dict]:
    """Flags tied to actions 1 and 5, which have no pillar, counted per action."""
    actions = Action.objects.filter(municipality__isnull=True, pillar__isnull=True).order_by(
        "number"
    )
    rows = []
    for action in actions:
        own = [f for f in flags if f.action_id == action.pk]
        rows.append(
            {
                "action": action,
                "red": sum(f.colour == Flag.Colour.RED for f in own),
                "green": sum(f.colour == Flag.Colour.GREEN for f in own),
            }
        )
    return rows


# The facilitator's merged view --------------------------------------------------------------


def merged_view(*, session: WorkSession) -> list[dict]:
    """Per worksheet and question: the answers side by side per perspective (and which
    perspectives gave none), plus the participants' own questions."""
    perspectives = list(perspectives_for(municipality=session.municipality))
    answers = (
        Answer.objects.filter(participant__session=session, municipality=session.municipality)
        .select_related("participant__perspective")
        .prefetch_related("flags")
        .order_by("participant__name")
    )
    by_question: dict[int, list[Answer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    own = (
        OwnQuestion.objects.filter(participant__session=session, municipality=session.municipality)
        .select_related("participant__perspective")
        .order_by("created_at")
    )
    own_by_sheet: dict[int, list[OwnQuestion]] = {}
    for item in own:
        own_by_sheet.setdefault(item.worksheet_id, []).append(item)
    sheets = session.worksheets.prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("number"))
    ).order_by("number")
    result = []
    for sheet in sheets:
        questions = []
        for question in sheet.questions.all():
            found = by_question.get(question.pk, [])
            columns = [
                {
                    "perspective": p,
                    "answers": [a for a in found if a.participant.perspective_id == p.pk],
                }
                for p in perspectives
            ]
            questions.append(
                {
                    "question": question,
                    "columns": columns,
                    "silent": [c["perspective"].display_name for c in columns if not c["answers"]],
                    "count": len(found),
                }
            )
        result.append(
            {"worksheet": sheet, "questions": questions, "own": own_by_sheet.get(sheet.pk, [])}
        )
    return result


def participant_worksheets(*, participant: Participant) -> list[dict]:
    """The participant's own worksheets with only their own answers filled in."""
    answers = {a.question_id: a.text for a in Answer.objects.filter(participant=participant)}
    own = {o.worksheet_id: o.text for o in OwnQuestion.objects.filter(participant=participant)}
    sheets = participant.session.worksheets.prefetch_related("questions", "sources").order_by(
        "number"
    )
    publications = publications_by_code()
    perspective = participant.perspective

    def asks(question) -> bool:
        # A municipality's own perspective gets every question.
        codes = question.perspective_codes
        return not codes or not perspective.is_national or perspective.code in codes

    return [
        {
            "worksheet": sheet,
            "publication": publications.get(sheet.publication_code),
            "questions": [
                {"question": q, "answer": answers.get(q.pk, "")}
                for q in sheet.questions.all()
                if asks(q)
            ],
            "own": own.get(sheet.pk, ""),
        }
        for sheet in sheets
    ]


def worksheet_rows(*, municipality, worksheets=None) -> list[dict]:
    """Worksheets with their publication and, per question, the perspectives it asks."""
    publications = publications_by_code()
    names = {p.code: p.display_name for p in perspectives_for(municipality=municipality)}
    sheets = worksheets if worksheets is not None else worksheets_all()
    return [
        {
            "worksheet": sheet,
            "publication": publications.get(sheet.publication_code),
            "questions": [
                {
                    "question": q,
                    "perspectives": [names.get(code, code) for code in q.perspective_codes],
                }
                for q in sheet.questions.all()
            ],
        }
        for sheet in sheets
    ]


def plan_updates(*, plan: Plan, limit: int = 8):
    """The latest progress notes of the plan's measures, newest first."""
    return (
        MeasureUpdate.objects.filter(measure__plan=plan, municipality=plan.municipality)
        .select_related("measure")
        .order_by("-written_on", "-pk")[:limit]
    )


def progress_by_pillar(*, plan: Plan, rows: list[MeasureRow]) -> list[dict]:
    """Per pillar (and per action 1 and 5), how the measures that address its flags are doing.
    A measure that addresses flags of two pillars counts under both; one without a flag under
    'Zonder vlag'."""
    pillars, _core = pillars_for(municipality=plan.municipality)
    actions = Action.objects.filter(municipality__isnull=True, pillar__isnull=True).order_by(
        "number"
    )
    groups: list[dict] = [{"key": ("pillar", p.pk), "label": p.display_name} for p in pillars] + [
        {
            "key": ("action", a.pk),
            "label": _("Actie %(n)s: %(name)s") % {"n": a.number, "name": a.display_name},
        }
        for a in actions
    ]
    groups.append({"key": ("none", 0), "label": _("Zonder vlag")})
    for group in groups:
        group["counts"] = {state: 0 for state in STATE_LABELS}
        group["total"] = 0
    by_key = {g["key"]: g for g in groups}
    for row in rows:
        keys = {
            ("pillar", f.pillar_id) if f.pillar_id else ("action", f.action_id)
            for f in row.measure.flags.all()
        } or {("none", 0)}
        for key in keys:
            group = by_key.get(key)
            if group is not None:
                group["counts"][row.state] += 1
                group["total"] += 1
    return [g for g in groups if g["total"] or g["key"][0] == "pillar"]


def participant_invitations(*, user) -> list[Participant]:
    """The work sessions a logged-in participant (role deelnemer) was invited to: matched on the
    e-mail address of the invitation, within their municipality, newest session first."""
    if not user.email:
        return []
    return list(
        Participant.objects.filter(
            municipality=user.municipality,
            email__iexact=user.email,
            session__removed_at__isnull=True,
            session__plan__removed_at__isnull=True,
        )
        .select_related("session__plan", "perspective")
        .order_by("-session__held_on", "-pk")
    )


def flag_search(*, plan: Plan, text: str = "", pillar_code: str = ""):
    """The plan's flags whose title, explanation, figures or source hold every word of ``text``,
    optionally of one pillar (by code)."""
    flags = plan_flags(plan=plan)
    for word in text.split()[:8]:
        flags = flags.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(evidence_figures__icontains=word)
            | Q(evidence_source__icontains=word)
        )
    if pillar_code:
        flags = flags.filter(pillar__code=pillar_code)
    return flags


def pillar_links(*, plan: Plan) -> dict[str, str]:
    """Pillar code -> the plan's flags of that pillar: each pillar of the drawn model opens."""
    pillars, _core = pillars_for(municipality=plan.municipality)
    base = reverse("plans:flag-search", kwargs={"pk": plan.pk})
    return {p.code: f"{base}?pijler={p.code}" for p in pillars}


# Policy and execution joined (issue 17, point 5): figures only through `insights` -------------


def flags_with_rule_alerts(*, plan, flags: list, today: date) -> list:
    """Each red flag with a catalogue type gets `rule_alerts`: how many alerts the rules raised
    in the plan's year with a signal of that type behind them (None: hidden, under the
    threshold), and `rule_alerts_known` True. Other flags get `rule_alerts_known` False."""
    typed = {f.red_flag_type_id for f in flags if f.red_flag_type_id}
    counts = (
        red_flag_alerts(municipality=plan.municipality_id, year=plan.year, red_flag_types=typed)
        if typed and plan.year <= today.year
        else {}
    )
    for flag in flags:
        flag.rule_alerts_known = bool(flag.red_flag_type_id) and plan.year <= today.year
        flag.rule_alerts = counts.get(flag.red_flag_type_id) if flag.red_flag_type_id else None
    return flags


def outcome_figure_title(measure) -> str:
    return figure_title(measure.outcome_figure) if measure.outcome_figure else ""


def measure_series(*, plan, rows: list, per: str, today: date) -> dict[int, FigureSeries]:
    """Per measure whose indicator is an outcome figure: that figure over the plan's year."""
    if plan.year > today.year:
        return {}
    found = {}
    for row in rows:
        code = row.measure.outcome_figure
        if code and figure_title(code):
            found[row.measure.pk] = figure_series(
                municipality=plan.municipality_id, code=code, year=plan.year, per=per, today=today
            )
    return found


PER_CHOICES = ((Per.MONTH, _("Per maand")), (Per.QUARTER, _("Per kwartaal")))
