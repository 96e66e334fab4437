"""Every write of the self-assessment: statements, rounds, respondents and their answers.

Each public service checks (municipality, state, input) and then writes in one transaction;
a refusal raises AssessmentInputError with a plain Dutch message and changes nothing.
"""

from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.catalogue.models import Action, Pillar
from stabiel.core.signed_links import new_link_key
from stabiel.plans import services as plan_services
from stabiel.plans.services import PlanInputError
from stabiel.practices.models import BasicFunction

from .models import (
    NOTE_MAX,
    SCORE_MAX,
    SCORE_MIN,
    STATEMENT_MAX,
    RespondentRole,
    Response,
    Round,
    RoundStatement,
    Statement,
)
from .models import Respondent as RespondentModel
from .results import function_results, statement_results
from .route import route
from .summary import score_rows as summary_rows

SEED = Path(__file__).parent / "seed" / "statements.yaml"
VIEWS = ("inwoner", "professional", "gemeente")


class AssessmentInputError(ValueError):
    """Refused input; the message is plain Dutch and nothing was stored."""


# Statements ------------------------------------------------------------------------------------


@cache
def product_statements() -> tuple[dict, ...]:
    """Stabiel's own statements: per function its three views, then one per lesson."""
    with SEED.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    rows, the_route = [], route()
    for function in the_route.functions:
        rows.extend(
            {
                "code": f"{function.code}-{view}",
                "function_code": function.code,
                "lesson_code": "",
                "text": raw["functions"][function.code][view],
            }
            for view in VIEWS
        )
        rows.extend(
            {
                "code": f"les-{lesson.code}",
                "function_code": function.code,
                "lesson_code": lesson.code,
                "text": raw["lessons"][lesson.code],
            }
            for step in the_route.steps_of(function.code)
            for lesson in step.lessons
        )
    return tuple(rows)


@transaction.atomic
def statements_ensure(*, municipality) -> int:
    """Give the municipality its copy of Stabiel's statements; safe to run again (adds only the
    missing ones, never undoes a rewording or a switch-off). Returns how many were added."""
    have = set(
        Statement.objects.filter(municipality=municipality)
        .exclude(code="")
        .values_list("code", flat=True)
    )
    new = [
        Statement(
            municipality=municipality,
            code=row["code"],
            origin=Statement.Origin.PRODUCT,
            function_code=row["function_code"],
            lesson_code=row["lesson_code"],
            text=row["text"],
            original_text=row["text"],
            position=index,
        )
        for index, row in enumerate(product_statements(), start=1)
        if row["code"] not in have
    ]
    Statement.objects.bulk_create(new)
    return len(new)


def _check_text(text) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        raise AssessmentInputError(_("Schrijf de stelling op."))
    if len(text) > STATEMENT_MAX:
        raise AssessmentInputError(
            _(
                "Een stelling mag hoogstens %(max)s tekens lang zijn; deze heeft er %(n)s. "
                "Maak haar korter of splits haar in twee stellingen."
            )
            % {"max": STATEMENT_MAX, "n": len(text)}
        )
    return text


def _actor_municipality(actor):
    if getattr(actor, "municipality_id", None) is None:
        raise AssessmentInputError(_("U hoort niet bij een gemeente."))
    return actor.municipality


@transaction.atomic
def statement_add(*, actor, function_code: str, text: str) -> Statement:
    municipality = _actor_municipality(actor)
    if function_code not in BasicFunction.values:
        raise AssessmentInputError(_("Kies een van de vijf basisfuncties."))
    text = _check_text(text)
    last = (
        Statement.objects.filter(municipality=municipality).aggregate(m=Max("position"))["m"] or 0
    )
    return Statement.objects.create(
        municipality=municipality,
        origin=Statement.Origin.OWN,
        function_code=function_code,
        text=text,
        position=last + 1,
    )


@transaction.atomic
def statement_update(*, actor, statement: Statement, text: str, active: bool) -> Statement:
    """Reword a statement or switch it off or on. Running rounds keep the text they started with."""
    municipality = _actor_municipality(actor)
    text = _check_text(text)
    statement = Statement.objects.select_for_update().get(
        pk=statement.pk, municipality=municipality
    )
    statement.text, statement.active = text, bool(active)
    statement.save(update_fields=["text", "active", "updated_at"])
    return statement


# Rounds ----------------------------------------------------------------------------------------


@transaction.atomic
def round_start(*, actor, title: str) -> Round:
    """A new round with a copy of every statement that is switched on."""
    municipality = _actor_municipality(actor)
    title = " ".join(str(title or "").split())
    if not title:
        raise AssessmentInputError(_("Geef de ronde een naam, bijvoorbeeld 'Voorjaar 2027'."))
    if len(title) > 200:
        raise AssessmentInputError(_("De naam van de ronde mag hoogstens 200 tekens lang zijn."))
    statements_ensure(municipality=municipality)
    active = list(Statement.objects.filter(municipality=municipality, active=True))
    if not active:
        raise AssessmentInputError(
            _("Alle stellingen staan uit. Zet er eerst een paar aan voordat u een ronde start.")
        )
    the_round = Round.objects.create(municipality=municipality, title=title, started_by=actor)
    RoundStatement.objects.bulk_create(
        RoundStatement(
            municipality=municipality,
            round=the_round,
            statement=s,
            function_code=s.function_code,
            lesson_code=s.lesson_code,
            origin=s.origin,
            text=s.text,
            position=index,
        )
        for index, s in enumerate(active, start=1)
    )
    return the_round


def _locked_round(*, actor, the_round: Round) -> Round:
    municipality = _actor_municipality(actor)
    return Round.objects.select_for_update().get(pk=the_round.pk, municipality=municipality)


@transaction.atomic
def round_close(*, actor, the_round: Round) -> Round:
    the_round = _locked_round(actor=actor, the_round=the_round)
    if not the_round.is_open:
        raise AssessmentInputError(_("Deze ronde is al gesloten."))
    if not the_round.respondents.exists():
        raise AssessmentInputError(
            _(
                "Deze ronde heeft nog geen deelnemers. Nodig eerst deelnemers uit; een ronde "
                "zonder deelnemers kunt u niet sluiten."
            )
        )
    if not Response.objects.filter(respondent__round=the_round).exists():
        raise AssessmentInputError(
            _("Nog niemand heeft iets ingevuld. Wacht tot er antwoorden zijn voordat u sluit.")
        )
    the_round.status, the_round.closed_at = Round.Status.CLOSED, timezone.now()
    the_round.save(update_fields=["status", "closed_at", "updated_at"])
    return the_round


# Respondents -----------------------------------------------------------------------------------


def invitation_days() -> int:
    return int(getattr(settings, "PLANS_INVITATION_DAYS", 30))


@transaction.atomic
def respondent_invite(
    *, actor, the_round: Round, role: str, name: str, email: str = "", link_for=None
) -> RespondentModel:
    """Add a respondent. With an e-mail address and ``link_for`` (respondent -> absolute URL)
    the invitation is mailed after commit; the link can always be copied from the round page."""
    the_round = _locked_round(actor=actor, the_round=the_round)
    if not the_round.is_open:
        raise AssessmentInputError(
            _("Deze ronde is gesloten. U kunt geen deelnemers meer toevoegen.")
        )
    if role not in RespondentRole.values:
        raise AssessmentInputError(_("Kies de rol van de deelnemer."))
    name, email = " ".join(str(name or "").split()), str(email or "").strip()
    if not name:
        raise AssessmentInputError(_("Vul de naam van de deelnemer in."))
    respondent = RespondentModel.objects.create(
        municipality=the_round.municipality,
        round=the_round,
        role=role,
        name=name[:150],
        email=email,
        link_key=new_link_key(),
    )
    if email and link_for is not None:
        respondent_send_invitation(respondent=respondent, link=link_for(respondent))
    return respondent


def respondent_send_invitation(*, respondent: RespondentModel, link: str) -> None:
    """Mail the link after commit, through Django's mail backend (console in development)."""
    subject = _("Uitnodiging zelfevaluatie: %(title)s") % {"title": respondent.round.title}
    body = _(
        "Beste %(name)s,\n\n"
        "U bent uitgenodigd om mee te doen aan de zelfevaluatie '%(title)s' over de "
        "basisfuncties van het lokale team. U vult in als: %(role)s.\n\n"
        "Via deze persoonlijke link geeft u bij elke stelling aan hoe waar die is. U kunt uw "
        "antwoorden veranderen zolang de ronde open is. Geef de link niet aan anderen.\n\n"
        "%(link)s\n\nDe link werkt %(days)s dagen.\n"
    ) % {
        "name": respondent.name,
        "title": respondent.round.title,
        "role": respondent.get_role_display(),
        "link": link,
        "days": invitation_days(),
    }
    recipient, pk = respondent.email, respondent.pk

    def deliver():
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        RespondentModel.objects.filter(pk=pk).update(invited_at=timezone.now())

    transaction.on_commit(deliver)


@transaction.atomic
def respondent_link_renew(*, actor, respondent: RespondentModel) -> RespondentModel:
    """A new link: every older link of this respondent stops working."""
    municipality = _actor_municipality(actor)
    respondent = RespondentModel.objects.select_for_update().get(
        pk=respondent.pk, municipality=municipality
    )
    respondent.link_key = new_link_key()
    respondent.save(update_fields=["link_key", "updated_at"])
    return respondent


def _check_answers(answers, statement_ids: set[int]) -> dict[int, tuple[int | None, str]]:
    """answers: (statement id, score or None for "weet ik niet" or "" for unanswered, note)."""
    checked: dict[int, tuple[int | None, str]] = {}
    for statement_id, score, note in answers:
        if statement_id not in statement_ids:
            raise AssessmentInputError(_("Een van de stellingen hoort niet bij deze ronde."))
        if statement_id in checked:
            raise AssessmentInputError(
                _("U gaf twee antwoorden op dezelfde stelling. Er is niets opgeslagen.")
            )
        if (
            score is not None
            and score != ""
            and not (isinstance(score, int) and SCORE_MIN <= score <= SCORE_MAX)
        ):
            raise AssessmentInputError(
                _("Een score moet tussen %(min)s en %(max)s liggen, of 'weet ik niet' zijn.")
                % {"min": SCORE_MIN, "max": SCORE_MAX}
            )
        note = str(note or "").strip()
        if score == "" and note:
            raise AssessmentInputError(
                _(
                    "U schreef uitleg bij een stelling zonder antwoord. Kies ook een score of "
                    "'weet ik niet'."
                )
            )
        if len(note) > NOTE_MAX:
            raise AssessmentInputError(
                _("Uw uitleg mag hoogstens %(max)s tekens lang zijn.") % {"max": NOTE_MAX}
            )
        checked[statement_id] = (score, note)
    return checked


@transaction.atomic
def responses_save(*, respondent: RespondentModel, answers) -> int:
    """Store a respondent's scores and notes, changing earlier ones in place (one row per
    statement). An unanswered statement without a note stores nothing. Returns the number of
    statements answered."""
    respondent = (
        RespondentModel.objects.select_for_update().select_related("round").get(pk=respondent.pk)
    )
    if not respondent.round.is_open:
        raise AssessmentInputError(
            _("Deze ronde is gesloten. U kunt uw antwoorden niet meer veranderen.")
        )
    ids = set(respondent.round.statements.values_list("pk", flat=True))
    checked = _check_answers(answers, ids)
    existing = {r.statement_id: r for r in respondent.responses.all()}
    answered = 0
    try:
        for statement_id, (score, note) in checked.items():
            if score == "":
                # No answer (any more): a score given earlier is taken back.
                if statement_id in existing:
                    existing[statement_id].delete()
                continue
            value = score
            row = existing.get(statement_id)
            if row is None:
                Response.objects.create(
                    municipality=respondent.municipality,
                    respondent=respondent,
                    statement_id=statement_id,
                    score=value,
                    note=note,
                )
            elif (row.score, row.note) != (value, note):
                row.score, row.note = value, note
                row.save(update_fields=["score", "note", "updated_at"])
            answered += 1
    except IntegrityError:
        raise AssessmentInputError(
            _("U gaf twee antwoorden op dezelfde stelling. Er is niets opgeslagen.")
        ) from None
    respondent.answered_at = timezone.now()
    respondent.save(update_fields=["answered_at", "updated_at"])
    return answered


# Into the prevention plan ----------------------------------------------------------------------

# Where a weak basic function sits in the stability model, as the plan's flags need a pillar (or
# the core) or, for actions 1 and 5, an action. A suggestion: the adviser may choose another.
FUNCTION_PLACE = {
    "veilige-leefomgeving": ("pillar", "kern"),
    "tijdig-signaleren": ("action", "uitnodigende-overheid"),
    "vindbare-hulp": ("action", "uitnodigende-overheid"),
    "brede-blik": ("pillar", "continuiteit"),
    "leren-verbeteren": ("action", "ken-je-inwoners"),
}
FLAG, MEASURE = "flag", "measure"


def _place(code: str):
    kind, _sep, slug = code.partition(":")
    if kind == "pillar":
        return Pillar.objects.filter(municipality__isnull=True, code=slug).first(), None
    if kind == "action":
        action = Action.objects.filter(
            municipality__isnull=True, code=slug, number__in=(1, 5)
        ).first()
        return None, action
    return None, None


def _format(value) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


@transaction.atomic
def weak_spot_to_plan(
    *,
    actor,
    the_round: Round,
    plan,
    kind: str,
    title: str,
    place: str = "",
    owner: str = "",
    function_code: str = "",
    statement: RoundStatement | None = None,
):
    """A weak function or a disputed statement of a round becomes a red flag or a measure in the
    prevention plan, in one step, naming the round as its source (through the plans services)."""
    municipality = _actor_municipality(actor)
    if the_round.municipality_id != municipality.pk or plan.municipality_id != municipality.pk:
        raise AssessmentInputError(_("Deze ronde of dit plan hoort niet bij uw gemeente."))
    if plan.status == plan.Status.CLOSED:
        raise AssessmentInputError(_("Dit plan is afgesloten. Kies een plan dat nog loopt."))
    if statement is not None and statement.round_id != the_round.pk:
        raise AssessmentInputError(_("Deze stelling hoort niet bij deze ronde."))
    if statement is None and function_code not in BasicFunction.values:
        raise AssessmentInputError(_("Kies een basisfunctie of een stelling."))
    title = " ".join(str(title or "").split())
    if not title:
        raise AssessmentInputError(_("Geef een titel."))
    rows = summary_rows(the_round)
    if statement is not None:
        result = next((r for r in statement_results(rows) if r.statement == statement.pk), None)
        if result is None:
            raise AssessmentInputError(_("Deze stelling heeft nog geen scores."))
        figures = _(
            "Stelling '%(text)s': gemiddeld %(mean)s op 5, van %(low)s tot %(high)s, "
            "spreiding %(sd)s, %(n)s scores, %(dk)s keer 'weet ik niet'."
        ) % {
            "text": statement.text,
            "mean": _format(result.mean),
            "low": result.low,
            "high": result.high,
            "sd": _format(result.sd),
            "n": result.scores,
            "dk": result.dont_know,
        }
        function_code = statement.function_code
    else:
        result = function_results(rows, [function_code])[0]
        if not result.scores:
            raise AssessmentInputError(_("Deze basisfunctie heeft nog geen scores."))
        figures = _(
            "Basisfunctie '%(name)s': gemiddeld %(mean)s op 5 bij %(people)s deelnemers "
            "(%(n)s scores); tussen de rollen van %(low)s tot %(high)s."
        ) % {
            "name": route().function(function_code).name,
            "mean": _format(result.mean),
            "people": result.respondents,
            "n": result.scores,
            "low": _format(result.between_roles.low),
            "high": _format(result.between_roles.high),
        }
    source = _("Zelfevaluatie basisfuncties, ronde '%(title)s' van %(date)s") % {
        "title": the_round.title,
        "date": the_round.created_at.strftime("%d-%m-%Y"),
    }
    try:
        if kind == FLAG:
            if not place:
                place = ":".join(FUNCTION_PLACE[function_code])
            pillar, action = _place(place)
            if pillar is None and action is None:
                raise AssessmentInputError(
                    _("Kies waar de vlag hoort: een pijler, de kern, of actie 1 of 5.")
                )
            return plan_services.flag_create(
                actor=actor,
                plan=plan,
                colour="red",
                title=title,
                description=figures,
                pillar=pillar,
                action=action,
                evidence_figures=figures,
                evidence_source=source[:300],
            )
        if kind == MEASURE:
            owner = " ".join(str(owner or "").split())
            if not owner:
                raise AssessmentInputError(_("Vul in wie eigenaar wordt van de maatregel."))
            return plan_services.measure_create(
                actor=actor,
                plan=plan,
                title=title,
                description=f"{figures}\n{_('Bron')}: {source}.",
                owner=owner,
                indicator=_("Gemiddelde score van deze basisfunctie in de volgende zelfevaluatie"),
                impact=3,
                effort=2,
            )
    except PlanInputError as exc:
        raise AssessmentInputError(str(exc)) from None
    raise AssessmentInputError(_("Kies een rode vlag of een maatregel."))
