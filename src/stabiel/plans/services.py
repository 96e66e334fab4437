"""Every write of the prevention plan workbench. Bad input raises PlanInputError (Dutch)."""

import re
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.catalogue.models import Action, GreenFlagType, Perspective, Pillar, RedFlagType
from stabiel.insights.queries import figure_title

from .models import (
    SCALE_MAX,
    SCALE_MIN,
    SHORT_TEXT_MAX,
    SUMMARY_MAX,
    TEXT_MAX,
    Answer,
    Flag,
    Measure,
    MeasureUpdate,
    OwnQuestion,
    Participant,
    Plan,
    PlanEvent,
    WorkSession,
)


class PlanInputError(ValueError):
    """Bad input for the plan; the message is plain Dutch for the screen."""


def _limited(text, limit: int, label: str) -> str:
    """Stripped text, or PlanInputError when it is longer than ``limit`` characters."""
    text = (text or "").strip()
    if len(text) > limit:
        raise PlanInputError(
            _("%(label)s is te lang: hoogstens %(limit)s tekens, nu %(n)s.")
            % {"label": label, "limit": limit, "n": len(text)}
        )
    return text


def event_record(
    *, actor, plan: Plan, verb: str, subject, label: str = "", reason: str = "", before: str = ""
) -> PlanEvent:
    """One row of the plan's history, written inside the caller's transaction."""
    return PlanEvent.objects.create(
        municipality_id=plan.municipality_id,
        plan=plan,
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        subject_kind=type(subject)._meta.model_name,
        subject_id=subject.pk,
        subject_label=(label or str(subject))[:200],
        reason=reason,
        before=before,
    )


def plan_period(plan: Plan) -> tuple[date, date]:
    """A plan covers its calendar year."""
    return date(plan.year, 1, 1), date(plan.year, 12, 31)


# Plans --------------------------------------------------------------------------------------


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise PlanInputError(_("Vul een jaartal in, bijvoorbeeld 2026.")) from None
    if not 2000 <= year <= 2100:
        raise PlanInputError(_("Vul een jaartal in tussen 2000 en 2100."))
    return year


@transaction.atomic
def plan_create(
    *, actor, year, title: str, summary: str = "", previous: Plan | None = None
) -> Plan:
    year = _check_year(year)
    title = (title or "").strip()
    if not title:
        raise PlanInputError(_("Geef het plan een titel."))
    summary = _limited(summary, SUMMARY_MAX, _("De samenvatting"))
    if Plan.objects.filter(municipality=actor.municipality, year=year).exists():
        raise PlanInputError(_("Er is al een preventieplan voor %(year)s.") % {"year": year})
    try:
        with transaction.atomic():
            return Plan.objects.create(
                municipality=actor.municipality,
                year=year,
                title=title[:200],
                summary=summary,
                previous=previous,
            )
    except IntegrityError:  # two clicks at once
        raise PlanInputError(
            _("Er is al een preventieplan voor %(year)s.") % {"year": year}
        ) from None


@transaction.atomic
def plan_update(*, actor, plan: Plan, title: str, summary: str, status: str) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk, municipality=actor.municipality)
    title = (title or "").strip()
    if not title:
        raise PlanInputError(_("Geef het plan een titel."))
    if status not in Plan.Status.values:
        raise PlanInputError(_("Kies een status uit de lijst."))
    summary = _limited(summary, SUMMARY_MAX, _("De samenvatting"))
    plan.title, plan.summary, plan.status = title[:200], summary, status
    plan.save()
    event_record(actor=actor, plan=plan, verb=PlanEvent.Verb.CHANGED, subject=plan)
    return plan


# Work sessions and participants -------------------------------------------------------------


@transaction.atomic
def session_create(
    *, actor, plan: Plan, title: str, held_on: date, place: str, worksheets
) -> WorkSession:
    if plan.municipality_id != actor.municipality_id:
        raise PlanInputError(_("Dit plan hoort niet bij uw gemeente."))
    title, place = (title or "").strip(), (place or "").strip()
    worksheets = list(worksheets)
    if not title:
        raise PlanInputError(_("Geef de werksessie een titel."))
    if not place:
        raise PlanInputError(_("Vul in waar de werksessie is."))
    if held_on is None:
        raise PlanInputError(_("Vul de datum van de werksessie in."))
    if not worksheets:
        raise PlanInputError(_("Kies minstens één werkblad."))
    session = WorkSession.objects.create(
        municipality=actor.municipality, plan=plan, title=title, held_on=held_on, place=place
    )
    session.worksheets.set(worksheets)
    if plan.status == Plan.Status.DRAFT:
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.SESSIONS)
    return session


@transaction.atomic
def session_update(
    *, actor, session: WorkSession, title: str, held_on: date, place: str, worksheets
) -> WorkSession:
    """Correct a session's title, date, place or worksheets."""
    session = WorkSession.objects.select_for_update().get(
        pk=session.pk, municipality=actor.municipality
    )
    title, place = (title or "").strip(), (place or "").strip()
    worksheets = list(worksheets)
    if not title:
        raise PlanInputError(_("Geef de werksessie een titel."))
    if not place:
        raise PlanInputError(_("Vul in waar de werksessie is."))
    if held_on is None:
        raise PlanInputError(_("Vul de datum van de werksessie in."))
    if not worksheets:
        raise PlanInputError(_("Kies minstens één werkblad."))
    session.title, session.held_on, session.place = title[:200], held_on, place[:200]
    session.save()
    session.worksheets.set(worksheets)
    event_record(actor=actor, plan=session.plan, verb=PlanEvent.Verb.CHANGED, subject=session)
    return session


@transaction.atomic
def participant_update(
    *, actor, participant: Participant, name: str, email: str, perspective: Perspective
) -> Participant:
    """Correct a participant's name, e-mail address or perspective. Their link keeps working."""
    participant = Participant.objects.select_for_update().get(
        pk=participant.pk, municipality=actor.municipality
    )
    name, email = (name or "").strip(), (email or "").strip()
    if not name:
        raise PlanInputError(_("Vul de naam van de deelnemer in."))
    if perspective is None:
        raise PlanInputError(_("Kies het perspectief van de deelnemer."))
    participant.name, participant.email, participant.perspective = name[:150], email, perspective
    participant.save()
    event_record(
        actor=actor,
        plan=participant.session.plan,
        verb=PlanEvent.Verb.CHANGED,
        subject=participant,
        label=_("Deelnemer in %(session)s") % {"session": participant.session.title},
    )
    return participant


@transaction.atomic
def answer_correct(*, actor, answer: Answer | OwnQuestion, text: str, reason: str):
    """The facilitator corrects what a participant wrote (an answer or an own question). The
    reason and the text before are kept in the plan's history."""
    model = type(answer)
    answer = model.objects.select_for_update().get(pk=answer.pk, municipality=actor.municipality)
    text = _limited(text, 5000, _("Het antwoord"))
    reason = _limited(reason, SHORT_TEXT_MAX, _("De reden"))
    if not text:
        raise PlanInputError(_("Het antwoord kan niet leeg zijn."))
    if not reason:
        raise PlanInputError(_("Schrijf op waarom u het antwoord verandert."))
    if text == answer.text:
        raise PlanInputError(_("Het antwoord is niet veranderd."))
    before = answer.text
    answer.text = text
    answer.save(update_fields=["text", "updated_at"])
    event_record(
        actor=actor,
        plan=answer.participant.session.plan,
        verb=PlanEvent.Verb.CORRECTED,
        subject=answer,
        label=(
            _("Antwoord op vraag %(code)s") % {"code": answer.question.code}
            if model is Answer
            else _("Eigen vraag bij werkblad %(n)s") % {"n": answer.worksheet.number}
        ),
        reason=reason,
        before=before,
    )
    return answer


def _new_link_key() -> str:
    return secrets.token_urlsafe(16)[:22]


@transaction.atomic
def participant_invite(
    *,
    actor,
    session: WorkSession,
    perspective: Perspective,
    name: str,
    email: str = "",
    link_for=None,
) -> Participant:
    """Add a participant. With an e-mail address and ``link_for`` (participant -> absolute URL)
    the invitation is mailed after commit; the link can always be copied from the session page."""
    if session.municipality_id != actor.municipality_id:
        raise PlanInputError(_("Deze werksessie hoort niet bij uw gemeente."))
    name, email = (name or "").strip(), (email or "").strip()
    if not name:
        raise PlanInputError(_("Vul de naam van de deelnemer in."))
    if perspective is None:
        raise PlanInputError(_("Kies het perspectief van de deelnemer."))
    participant = Participant.objects.create(
        municipality=actor.municipality,
        session=session,
        perspective=perspective,
        name=name,
        email=email,
        link_key=_new_link_key(),
    )
    if email and link_for is not None:
        participant_send_invitation(participant=participant, link=link_for(participant))
    return participant


def participant_send_invitation(*, participant: Participant, link: str) -> None:
    """Mail the link after commit, through Django's mail backend (console in development)."""
    session = participant.session
    subject = _("Uitnodiging werksessie: %(title)s") % {"title": session.title}
    body = _(
        "Beste %(name)s,\n\n"
        "U bent uitgenodigd voor de werksessie '%(title)s' op %(date)s in %(place)s.\n"
        "U kijkt mee vanuit het perspectief: %(perspective)s.\n\n"
        "Via deze persoonlijke link vult u de werkbladen in. U kunt tussendoor opslaan en later "
        "verder gaan. Geef de link niet aan anderen.\n\n%(link)s\n\n"
        "De link werkt %(days)s dagen.\n"
    ) % {
        "name": participant.name,
        "title": session.title,
        "date": session.held_on.strftime("%d-%m-%Y"),
        "place": session.place,
        "perspective": participant.perspective.display_name,
        "link": link,
        "days": invitation_days(),
    }
    recipient = participant.email
    pk = participant.pk

    def deliver():
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        Participant.objects.filter(pk=pk).update(invited_at=timezone.now())

    transaction.on_commit(deliver)


def invitation_days() -> int:
    return int(getattr(settings, "PLANS_INVITATION_DAYS", 30))


@transaction.atomic
def participant_link_renew(*, actor, participant: Participant) -> Participant:
    """A new link: every older link of this participant stops working."""
    participant = Participant.objects.select_for_update().get(
        pk=participant.pk, municipality=actor.municipality
    )
    participant.link_key = _new_link_key()
    participant.save(update_fields=["link_key", "updated_at"])
    return participant


@transaction.atomic
def answers_save(*, participant: Participant, answers: dict, own_questions: dict) -> int:
    """Store a participant's answers (question id -> text) and own questions (worksheet id ->
    text). Empty text removes an earlier answer. Only the session's worksheets are accepted."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    sheets = {s.pk: s for s in participant.session.worksheets.prefetch_related("questions")}
    questions = {q.pk: q for s in sheets.values() for q in s.questions.all()}
    unknown = [k for k in answers if k not in questions] + [
        k for k in own_questions if k not in sheets
    ]
    if unknown:
        raise PlanInputError(_("Een van de vragen hoort niet bij deze werksessie."))
    saved = 0
    for question_id, text in answers.items():
        text = (text or "").strip()
        if not text:
            Answer.objects.filter(participant=participant, question_id=question_id).delete()
            continue
        Answer.objects.update_or_create(
            participant=participant,
            question_id=question_id,
            defaults={"municipality_id": participant.municipality_id, "text": text},
        )
        saved += 1
    for worksheet_id, text in own_questions.items():
        text = (text or "").strip()
        if not text:
            OwnQuestion.objects.filter(participant=participant, worksheet_id=worksheet_id).delete()
            continue
        OwnQuestion.objects.update_or_create(
            participant=participant,
            worksheet_id=worksheet_id,
            defaults={"municipality_id": participant.municipality_id, "text": text},
        )
        saved += 1
    participant.last_seen_at = timezone.now()
    participant.save(update_fields=["last_seen_at", "updated_at"])
    return saved


# Flags --------------------------------------------------------------------------------------


def _check_flag(*, colour, title, pillar, action, red_flag_type, green_flag_type) -> None:
    if colour not in Flag.Colour.values:
        raise PlanInputError(_("Kies rood of groen."))
    if not (title or "").strip():
        raise PlanInputError(_("Geef de vlag een korte titel."))
    if (pillar is None) == (action is None):
        raise PlanInputError(_("Kies een pijler, of voor actie 1 of 5 de actie. Niet allebei."))
    if pillar is not None and pillar.is_core:
        raise PlanInputError(_("Kies een van de drie pijlers, niet de kern."))
    if action is not None and action.pillar_id is not None:
        raise PlanInputError(
            _("Deze actie hoort bij een pijler. Kies dan de pijler %(pillar)s.")
            % {"pillar": action.pillar.display_name}
        )
    if colour == Flag.Colour.RED and green_flag_type is not None:
        raise PlanInputError(_("Een rode vlag kan geen soort groene vlag hebben."))
    if colour == Flag.Colour.GREEN and red_flag_type is not None:
        raise PlanInputError(_("Een groene vlag kan geen soort rode vlag hebben."))


def _flag_texts(description, evidence_figures, evidence_source) -> tuple[str, str, str]:
    return (
        _limited(description, TEXT_MAX, _("De uitleg")),
        _limited(evidence_figures, SHORT_TEXT_MAX, _("De cijfers")),
        _limited(evidence_source, 300, _("De bron")),
    )


@transaction.atomic
def flag_create(
    *,
    actor,
    plan: Plan,
    colour: str,
    title: str,
    description: str = "",
    pillar: Pillar | None = None,
    action: Action | None = None,
    red_flag_type: RedFlagType | None = None,
    green_flag_type: GreenFlagType | None = None,
    answers=(),
    evidence_figures: str = "",
    evidence_source: str = "",
    source: str = "",
) -> Flag:
    """A new local flag in ``plan``. ``source`` says where it came from in words (for example
    'Inventarisatie voorzieningen 2026' or 'Plan 2026'); another app that turns its findings
    into a flag passes it here."""
    if plan.municipality_id != actor.municipality_id:
        raise PlanInputError(_("Dit plan hoort niet bij uw gemeente."))
    _check_flag(
        colour=colour,
        title=title,
        pillar=pillar,
        action=action,
        red_flag_type=red_flag_type,
        green_flag_type=green_flag_type,
    )
    answers = list(answers)
    if any(a.participant.session.plan_id != plan.pk for a in answers):
        raise PlanInputError(_("Een antwoord hoort niet bij dit plan."))
    description, evidence_figures, evidence_source = _flag_texts(
        description, evidence_figures, evidence_source
    )
    flag = Flag.objects.create(
        municipality=actor.municipality,
        plan=plan,
        colour=colour,
        title=title.strip()[:200],
        description=description,
        pillar=pillar,
        action=action,
        red_flag_type=red_flag_type,
        green_flag_type=green_flag_type,
        evidence_figures=evidence_figures,
        evidence_source=evidence_source,
        source=(source or "").strip()[:300],
    )
    flag.answers.set(answers)
    return flag


@transaction.atomic
def flag_update(*, actor, flag: Flag, **fields) -> Flag:
    flag = Flag.objects.select_for_update().get(pk=flag.pk, municipality=actor.municipality)
    answers = fields.pop("answers", None)
    for name, value in fields.items():
        setattr(flag, name, value)
    _check_flag(
        colour=flag.colour,
        title=flag.title,
        pillar=flag.pillar,
        action=flag.action,
        red_flag_type=flag.red_flag_type,
        green_flag_type=flag.green_flag_type,
    )
    flag.description, flag.evidence_figures, flag.evidence_source = _flag_texts(
        flag.description, flag.evidence_figures, flag.evidence_source
    )
    flag.title = (flag.title or "").strip()[:200]
    flag.save()
    if answers is not None:
        flag.answers.set(answers)
    event_record(actor=actor, plan=flag.plan, verb=PlanEvent.Verb.CHANGED, subject=flag)
    return flag


def place_for_worksheet(worksheet) -> tuple[Pillar | None, Action | None]:
    """Actions 2-4 belong to a pillar; actions 1 and 5 stand on their own."""
    action = Action.objects.filter(municipality__isnull=True, code=worksheet.action_code).first()
    if action is None:
        raise PlanInputError(_("De catalogus is nog niet geladen. Vraag de beheerder dit te doen."))
    if action.pillar_id:
        return action.pillar, None
    return None, action


def flag_from_answer(*, actor, answer: Answer, colour: str) -> Flag:
    """One step from an answer to a flag: title from the answer, the answer as evidence."""
    if answer.municipality_id != actor.municipality_id:
        raise PlanInputError(_("Dit antwoord hoort niet bij uw gemeente."))
    pillar, action = place_for_worksheet(answer.question.worksheet)
    text = " ".join(answer.text.split())
    title = text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"
    return flag_create(
        actor=actor,
        plan=answer.participant.session.plan,
        colour=colour,
        title=title,
        description=text if text != title else "",
        pillar=pillar,
        action=action,
        answers=[answer],
    )


@transaction.atomic
def flag_add_answer(*, actor, flag: Flag, answer: Answer) -> Flag:
    """Add an answer as evidence to a flag that already exists: several perspectives saying
    the same thing end up under one flag."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk, municipality=actor.municipality)
    if answer.municipality_id != actor.municipality_id:
        raise PlanInputError(_("Dit antwoord hoort niet bij uw gemeente."))
    if answer.participant.session.plan_id != flag.plan_id:
        raise PlanInputError(_("Een antwoord hoort niet bij dit plan."))
    flag.answers.add(answer)
    return flag


# Measures -----------------------------------------------------------------------------------


def parse_budget(budget) -> Decimal | None:
    """Accepts 12500, 12500,50, 12.500,50, 25.000 or € 12.500; None or empty means no budget."""
    if budget is None or budget == "":
        return None
    if isinstance(budget, Decimal | int):
        value = Decimal(budget)
    else:
        text = str(budget).replace("€", "").replace(" ", "").strip()
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")  # 25.000 is twenty-five thousand in Dutch
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
    if value is None or not value.is_finite():
        raise PlanInputError(
            _("Het budget moet een bedrag in euro zijn, bijvoorbeeld 12500 of 12500,50.")
        )
    if value < 0:
        raise PlanInputError(_("Het budget kan niet negatief zijn."))
    if value >= Decimal("10000000000"):
        raise PlanInputError(_("Het budget is te groot."))
    return value.quantize(Decimal("0.01"))


def _check_scale(value, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or str(value).strip() != str(number) or not SCALE_MIN <= number <= SCALE_MAX:
        raise PlanInputError(
            _("%(label)s moet een getal van %(low)s tot en met %(high)s zijn.")
            % {"label": label, "low": SCALE_MIN, "high": SCALE_MAX}
        )
    return number


def _check_measure(*, title, owner, starts_on, ends_on, budget, impact, effort, status):
    if not (title or "").strip():
        raise PlanInputError(_("Geef de maatregel een titel."))
    if not (owner or "").strip():
        raise PlanInputError(_("Vul in wie eigenaar is van de maatregel."))
    if starts_on and ends_on and ends_on < starts_on:
        raise PlanInputError(_("De einddatum ligt voor de begindatum."))
    if status not in Measure.Status.values:
        raise PlanInputError(_("Kies een status uit de lijst."))
    return (
        parse_budget(budget),
        _check_scale(impact, _("Effect")),
        _check_scale(effort, _("Moeite")),
    )


def _measure_texts(description, partners) -> tuple[str, str]:
    return (
        _limited(description, TEXT_MAX, _("De uitleg")),
        _limited(partners, SHORT_TEXT_MAX, _("De partners")),
    )


def _check_flags_of_plan(flags, plan: Plan) -> list[Flag]:
    flags = list(flags)
    if any(f.plan_id != plan.pk for f in flags):
        raise PlanInputError(_("Een van de vlaggen hoort niet bij dit plan."))
    return flags


@transaction.atomic
def measure_create(
    *,
    actor,
    plan: Plan,
    title: str,
    description: str = "",
    owner: str,
    partners: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    budget=None,
    indicator: str = "",
    outcome_figure: str = "",
    impact,
    effort,
    flags=(),
    practice=None,
    source: str = "",
    adopted_from: Measure | None = None,
) -> Measure:
    """A new measure in the plan, *niet gestart*.

    ``practice``: the good practice it is based on, if any. ``source``: where it came from in
    words (another municipality, the self-assessment, the inventory); another app that turns its
    findings into a measure passes it here. ``adopted_from``: the published measure of another
    municipality it copies."""
    if plan.municipality_id != actor.municipality_id:
        raise PlanInputError(_("Dit plan hoort niet bij uw gemeente."))
    budget, impact, effort = _check_measure(
        title=title,
        owner=owner,
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        impact=impact,
        effort=effort,
        status=Measure.Status.PLANNED,
    )
    flags = _check_flags_of_plan(flags, plan)
    outcome_figure = _check_outcome_figure(outcome_figure)
    description, partners = _measure_texts(description, partners)
    measure = Measure.objects.create(
        municipality=actor.municipality,
        plan=plan,
        title=title.strip()[:200],
        description=description,
        owner=owner.strip()[:200],
        partners=partners,
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        indicator=(indicator or "").strip()[:300],
        outcome_figure=outcome_figure,
        impact=impact,
        effort=effort,
        practice=practice,
        source=(source or "").strip()[:300],
        adopted_from=adopted_from,
    )
    measure.flags.set(flags)
    return measure


@transaction.atomic
def measure_update(
    *,
    actor,
    measure: Measure,
    title: str,
    description: str = "",
    owner: str,
    partners: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    budget=None,
    indicator: str = "",
    outcome_figure: str = "",
    impact,
    effort,
    status: str,
    flags=(),
) -> Measure:
    measure = Measure.objects.select_for_update().get(
        pk=measure.pk, municipality=actor.municipality
    )
    budget, impact, effort = _check_measure(
        title=title,
        owner=owner,
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        impact=impact,
        effort=effort,
        status=status,
    )
    flags = _check_flags_of_plan(flags, measure.plan)
    outcome_figure = _check_outcome_figure(outcome_figure)
    description, partners = _measure_texts(description, partners)
    measure.title = title.strip()[:200]
    measure.description = description
    measure.owner = owner.strip()[:200]
    measure.partners = partners
    measure.starts_on, measure.ends_on = starts_on, ends_on
    measure.budget, measure.impact, measure.effort = budget, impact, effort
    measure.indicator = (indicator or "").strip()[:300]
    measure.outcome_figure = outcome_figure
    measure.status = status
    measure.save()
    measure.flags.set(flags)
    event_record(actor=actor, plan=measure.plan, verb=PlanEvent.Verb.CHANGED, subject=measure)
    return measure


def _check_outcome_figure(code) -> str:
    """An outcome figure of `insights` by its code, or "" for none."""
    code = (code or "").strip()
    if code and not figure_title(code):
        raise PlanInputError(_("Dat uitkomstcijfer kennen we niet. Kies een cijfer uit de lijst."))
    return code


_STATUS_AFTER = {
    MeasureUpdate.Progress.DONE: Measure.Status.DONE,
    MeasureUpdate.Progress.STOPPED: Measure.Status.STOPPED,
    MeasureUpdate.Progress.ON_TRACK: Measure.Status.RUNNING,
    MeasureUpdate.Progress.LATE: Measure.Status.RUNNING,
}


@transaction.atomic
def measure_progress_add(
    *, actor, measure: Measure, written_on: date, progress: str, note: str
) -> MeasureUpdate:
    """A progress note; the measure's status follows it."""
    measure = Measure.objects.select_for_update().get(
        pk=measure.pk, municipality=actor.municipality
    )
    note = _check_progress(plan=measure.plan, written_on=written_on, progress=progress, note=note)
    update = MeasureUpdate.objects.create(
        municipality=actor.municipality,
        measure=measure,
        written_on=written_on,
        progress=progress,
        note=note,
        author=actor,
    )
    measure_status_follow(measure=measure)
    return update


def _check_progress(*, plan: Plan, written_on, progress, note) -> str:
    if progress not in MeasureUpdate.Progress.values:
        raise PlanInputError(_("Kies hoe het gaat met de maatregel."))
    note = _limited(note, SHORT_TEXT_MAX, _("De uitleg"))
    if not note:
        raise PlanInputError(_("Schrijf kort op hoe het gaat."))
    if written_on is None:
        raise PlanInputError(_("Vul de datum in."))
    first, last = plan_period(plan)
    if not first <= written_on <= last:
        raise PlanInputError(
            _("Kies een datum in %(year)s, het jaar van dit plan.") % {"year": plan.year}
        )
    return note


def measure_status_follow(*, measure: Measure) -> None:
    """The measure's status follows its newest progress report (none: not started)."""
    newest = MeasureUpdate.objects.filter(measure=measure).order_by("-written_on", "-pk").first()
    status = _STATUS_AFTER[newest.progress] if newest else Measure.Status.PLANNED
    if measure.status != status:
        measure.status = status
        measure.save(update_fields=["status", "updated_at"])


@transaction.atomic
def measure_progress_update(
    *, actor, update: MeasureUpdate, written_on: date, progress: str, note: str
) -> MeasureUpdate:
    """Correct a progress report; the history keeps the text before."""
    update = MeasureUpdate.objects.select_for_update().get(
        pk=update.pk, municipality=actor.municipality
    )
    measure = update.measure
    note = _check_progress(plan=measure.plan, written_on=written_on, progress=progress, note=note)
    before = f"{update.written_on:%d-%m-%Y} {update.get_progress_display()}: {update.note}"
    update.written_on, update.progress, update.note = written_on, progress, note
    update.save()
    measure_status_follow(measure=measure)
    event_record(
        actor=actor,
        plan=measure.plan,
        verb=PlanEvent.Verb.CHANGED,
        subject=update,
        label=_("Voortgang van %(measure)s") % {"measure": measure.title},
        before=before,
    )
    return update
