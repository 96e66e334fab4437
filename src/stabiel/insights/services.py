"""Writes of the insights app: the municipality's choice to compare its figures (issue 17,
point 4), and story points and the experience questions (point 3).

Every text is checked by `core.anonymity` before anything is stored; a refused text changes
nothing. An experience link is a random token of which only the SHA-256 hash is kept; it works
once, until its expiry date, and answering lets go of the case it was made for.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts.policy import Permission, may, require
from stabiel.cases.models import Case
from stabiel.catalogue.models import Pillar
from stabiel.catalogue.queries import items_for
from stabiel.core import anonymity
from stabiel.rules.models import Rule

from .models import (
    ROUTE_STEP_FIRST,
    ROUTE_STEP_LAST,
    Comparison,
    ExperienceAnswer,
    ExperienceInvitation,
    ExperienceScale,
    StoryKind,
    StoryPoint,
    StoryVoice,
)

STORY_MAX_LENGTH = 1200
STORY_MIN_LENGTH = 20
INVITATION_DAYS = 60


class InsightsInputError(ValueError):
    """Input the insights app refuses, with a plain Dutch message for the page. `field` names the
    form field it belongs to; `status` is the HTTP status a public page answers with."""

    def __init__(
        self, message: str, *, field: str | None = None, status: int = 400, reason: str = ""
    ):
        super().__init__(message)
        self.field = field
        self.status = status
        self.reason = reason  # "answered" for a link that was used already


def _month(day: date) -> date:
    return day.replace(day=1)


def _check_text(text: str, *, field: str, required: bool) -> str:
    text = (text or "").strip()
    if not text:
        if required:
            raise InsightsInputError(_("Schrijf hier uw verhaal."), field=field)
        return ""
    if len(text) > STORY_MAX_LENGTH:
        raise InsightsInputError(
            _("Houd het kort: hooguit %(max)s tekens. Nu zijn het er %(count)s.")
            % {"max": STORY_MAX_LENGTH, "count": len(text)},
            field=field,
        )
    if required and len(text) < STORY_MIN_LENGTH:
        raise InsightsInputError(
            _("Vertel iets meer: minstens %(min)s tekens.") % {"min": STORY_MIN_LENGTH},
            field=field,
        )
    found = anonymity.problems(text)
    if found:
        raise InsightsInputError(found[0], field=field)
    return text


# Comparison between municipalities -------------------------------------------------------------


@transaction.atomic
def comparison_set(*, actor, opted_in: bool) -> Comparison:
    """Put the actor's municipality in or out of the comparison between municipalities."""
    require(actor, Permission.INSIGHTS_COMPARE_SET)
    return _set(actor.municipality_id, opted_in=opted_in, actor=actor)


def comparison_demo_set(*, municipality, opted_in: bool) -> Comparison:
    """For the demo loader only: no user chose it."""
    return _set(municipality.pk, opted_in=opted_in, actor=None)


def _set(municipality_id: int, *, opted_in: bool, actor) -> Comparison:
    choice, _made = Comparison.objects.select_for_update().get_or_create(
        municipality_id=municipality_id
    )
    choice.opted_in = bool(opted_in)
    choice.changed_by = actor
    choice.save()
    return choice


# Story points ------------------------------------------------------------------------------------


def story_voice_of(actor) -> str:
    """A team lead tells as team lead; everyone else in the team as a worker."""
    return StoryVoice.TEAM_LEAD if may(actor, Permission.TEAM_LEAD) else StoryVoice.WORKER


def story_tell(
    *,
    actor,
    text: str,
    kind: str,
    for_resident: bool = False,
    pillar_id: int | None = None,
    route_step: int | None = None,
    rule_code: str = "",
    today: date | None = None,
) -> StoryPoint:
    """A worker or team lead writes a story, their own or one a resident told them."""
    if not may(actor, Permission.CASES_WORK):
        raise InsightsInputError(_("Alleen medewerkers en teamleiders van een team vertellen."))
    if kind not in (StoryKind.WENT_WELL, StoryKind.IN_THE_WAY):
        raise InsightsInputError(_("Kies wat voor verhaal het is."), field="kind")
    clean = _check_text(text, field="text", required=True)
    municipality = actor.municipality
    pillar = None
    if pillar_id is not None:
        pillar = items_for(municipality=municipality, model=Pillar).filter(pk=pillar_id).first()
        if pillar is None:
            raise InsightsInputError(_("Kies een pijler uit de lijst."), field="pillar")
    if route_step is not None and not ROUTE_STEP_FIRST <= route_step <= ROUTE_STEP_LAST:
        raise InsightsInputError(_("Kies een stap van de route uit de lijst."), field="route_step")
    rule_code = (rule_code or "").strip()
    if rule_code and not Rule.objects.filter(municipality=municipality, code=rule_code).exists():
        raise InsightsInputError(_("Kies een regel uit de lijst."), field="rule_code")
    today = today or timezone.localdate()
    return StoryPoint.objects.create(
        municipality=municipality,
        month=_month(today),
        voice=StoryVoice.RESIDENT if for_resident else story_voice_of(actor),
        kind=kind,
        text=clean,
        pillar=pillar,
        route_step=route_step,
        rule_code=rule_code,
    )


def story_remove(*, actor, pk: int) -> None:
    """A team lead takes a story away (for instance one that says too much after all)."""
    if not may(actor, Permission.TEAM_LEAD):
        raise InsightsInputError(_("Alleen een teamleider haalt een verhaal weg."))
    deleted, _rows = StoryPoint.objects.filter(municipality=actor.municipality, pk=pk).delete()
    if not deleted:
        raise InsightsInputError(_("Dit verhaal bestaat niet (meer)."), status=404)


# Experience questions ---------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewInvitation:
    token: str
    expires_on: date


def may_invite(actor, case: Case) -> bool:
    """The case lead, or a team lead of the case's team."""
    if not may(actor, Permission.CASES_WORK):
        return False
    if case.case_lead_id == actor.pk:
        return True
    return may(actor, Permission.TEAM_LEAD) and actor.teams.filter(pk=case.team_id).exists()


def experience_invite(*, actor, case: Case, today: date | None = None) -> NewInvitation:
    """A new single-use link for a closed case; an earlier open link of the case stops working."""
    if case.municipality_id != actor.municipality_id or not may_invite(actor, case):
        raise InsightsInputError(
            _("Alleen de casusregisseur of de teamleider maakt deze link."), status=403
        )
    if case.is_open or case.closed_on is None:
        raise InsightsInputError(_("Dit kan pas als de casus is afgesloten."))
    today = today or timezone.localdate()
    token = secrets.token_urlsafe(24)
    expires_on = today + timedelta(days=INVITATION_DAYS)
    with transaction.atomic():
        ExperienceInvitation.objects.filter(case=case).delete()
        ExperienceInvitation.objects.create(
            municipality_id=case.municipality_id,
            case=case,
            team_id=case.team_id,
            month=_month(case.closed_on),
            token_hash=token_hash(token),
            created_on=today,
            expires_on=expires_on,
        )
    return NewInvitation(token, expires_on)


def _open_invitation(token: str, *, today: date, lock: bool) -> ExperienceInvitation:
    token = (token or "").strip()
    if not token or len(token) > 100 or not token.isascii():
        raise InsightsInputError(_("Deze link kennen we niet."), status=404)
    rows = ExperienceInvitation.objects.filter(token_hash=token_hash(token))
    if lock:
        rows = rows.select_for_update()
    invitation = rows.first()
    if invitation is None:
        raise InsightsInputError(_("Deze link kennen we niet."), status=404)
    if invitation.answered:
        raise InsightsInputError(
            _("Deze vragen zijn al ingevuld. Dank u wel! U hoeft niets meer te doen."),
            status=410,
            reason="answered",
        )
    if invitation.expires_on < today:
        raise InsightsInputError(
            _("Deze link is verlopen. U hoeft niets meer te doen."),
            status=410,
        )
    return invitation


def experience_invitation_check(*, token: str, today: date | None = None) -> ExperienceInvitation:
    """The open invitation behind a token, or an InsightsInputError saying why not."""
    return _open_invitation(token, today=today or timezone.localdate(), lock=False)


def _scale(value, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number not in ExperienceScale.values:
        raise InsightsInputError(_("Kies een antwoord."), field=field)
    return number


def experience_answer(
    *,
    token: str,
    helped,
    heard,
    knew_whom,
    text: str = "",
    today: date | None = None,
) -> None:
    """Store the answers without any link to the household; the link cannot be used again."""
    today = today or timezone.localdate()
    values = {
        "helped": _scale(helped, "helped"),
        "heard": _scale(heard, "heard"),
        "knew_whom": _scale(knew_whom, "knew_whom"),
    }
    clean = _check_text(text, field="text", required=False)
    with transaction.atomic():
        invitation = _open_invitation(token, today=today, lock=True)
        ExperienceAnswer.objects.create(
            municipality_id=invitation.municipality_id,
            team_id=invitation.team_id,
            month=invitation.month,
            **values,
        )
        if clean:
            StoryPoint.objects.create(
                municipality_id=invitation.municipality_id,
                month=invitation.month,
                voice=StoryVoice.RESIDENT,
                kind=StoryKind.OWN_WORDS,
                text=clean,
            )
        invitation.answered = True
        invitation.case = None
        invitation.save(update_fields=["answered", "case"])
