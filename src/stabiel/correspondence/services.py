"""Writes for letters, phone-first marks and calls: checked, then stored in one transaction,
with the case diary line and the access-log row written inside it."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from stabiel.accounts.policy import Permission, require
from stabiel.cases.models import Case, CaseEvent
from stabiel.cases.queries import open_case_for_household
from stabiel.core.access import log_access
from stabiel.plainlanguage import outreach
from stabiel.plainlanguage.models import LetterTemplate
from stabiel.plainlanguage.queries import extra_jargon_for
from stabiel.residents.access import (
    household_identity_get,
    households_visible_to,
    turning_18_count,
    turning_18_list_read,
)

from . import queries, recipients, turning18
from .models import Letter, PhoneCall, PhoneFirstMark, TurningEighteenList

DEFAULT_PERIOD = relativedelta(months=6)
MAX_PERIOD = relativedelta(years=2)


class LetterInputError(ValueError):
    """Input that cannot be stored; the message is plain Dutch."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        check=None,
        supporter_mark_id: int | None = None,
    ):
        super().__init__(message)
        self.field = field
        self.check = check
        # The supporter mark whose postal address is missing: the page links to its form.
        self.supporter_mark_id = supporter_mark_id


def _case_event(case: Case | None, actor, text: str) -> None:
    if case is not None:
        CaseEvent.objects.create(
            municipality_id=case.municipality_id, case=case, actor=actor, text=text[:500]
        )


def worker_name(user) -> str:
    return user.get_full_name() or user.username


def letter_values(*, actor, addressee, personal_sentence: str, day: date) -> dict[str, str]:
    with override("nl"):
        today = date_format(day, "j F Y")
    return {
        "naam": addressee.name,
        "medewerker": worker_name(actor),
        "datum": today,
        "persoonlijke_zin": " ".join(personal_sentence.split()),
        # The real link is made with the letter; the check reads one of the same length.
        "ervaringslink": outreach.SAMPLE_VALUES[EXPERIENCE_FIELD],
    }


EXPERIENCE_FIELD = "ervaringslink"


def asks_experience(template: LetterTemplate) -> bool:
    """Does the template's active text carry the experience questions' link? That is how a
    municipality uses the questions in its letter after the case closed."""
    version = template.active_version
    return version is not None and (
        outreach.uses_field(version.core_text, EXPERIENCE_FIELD)
        or outreach.uses_field(version.back_text, EXPERIENCE_FIELD)
    )


def letter_check(*, actor, template: LetterTemplate, addressee, personal_sentence: str, day: date):
    """The letter as the reader gets it, checked again with the names and sentence filled in."""
    version = template.active_version
    values = letter_values(
        actor=actor, addressee=addressee, personal_sentence=personal_sentence, day=day
    )
    return outreach.check_template(
        version.core_text, version.back_text, values=values, extra_jargon=extra_jargon_for(actor)
    )


def _recording_case(household, case):
    """The case that records a letter or a call: the one the worker came from, or else the
    household's open case, so a letter made from an alert or a supporter mark is in the diary
    too."""
    if case is not None:
        return case
    return open_case_for_household(
        municipality_id=household.municipality_id, household_id=household.pk
    )


def _sentence(personal_sentence: str) -> str:
    sentence = " ".join((personal_sentence or "").split())
    if len(sentence) > 300:
        raise LetterInputError(
            _("Houd de persoonlijke zin kort: hooguit 300 tekens."), field="personal_sentence"
        )
    if "{" in sentence or "}" in sentence:
        raise LetterInputError(
            _("Gebruik geen accolades in de persoonlijke zin."), field="personal_sentence"
        )
    return sentence


def _validated(
    *, actor, household, identity, person_id, template_id, personal_sentence, case, alert
):
    require(actor, Permission.CASES_WORK)
    if identity.household_id != household.pk:
        raise ValueError("identity and household differ")
    today = timezone.localdate()
    template = (
        LetterTemplate.objects.filter(
            municipality=actor.municipality, pk=template_id, active_version__isnull=False
        )
        .select_related("active_version")
        .first()
    )
    if template is None:
        raise LetterInputError(_("Kies een actief briefsjabloon."), field="template")
    if template.purpose == LetterTemplate.Purpose.TURNING_18:
        raise LetterInputError(
            _("Deze brief maakt u vanuit de lijst 'Jongeren die 18 worden'."), field="template"
        )
    addressee = recipients.addressee(
        identity, person_id, municipality_id=household.municipality_id, day=today
    )
    if addressee is None:
        raise LetterInputError(
            _("Kies een volwassene die in dit huishouden woont."), field="person"
        )
    if addressee.via_supporter and not addressee.supporter_mark.has_postal_address:
        raise LetterInputError(
            _(
                "De brief gaat eerst naar %(supporter)s, maar het postadres van de ondersteuner "
                "ontbreekt. Vul het eerst in bij de afspraak over post via een ondersteuner."
            )
            % {"supporter": addressee.supporter_mark.supporter_display},
            field="person",
            supporter_mark_id=addressee.supporter_mark.pk,
        )
    if not addressee.to_lines:
        raise LetterInputError(
            _(
                "Dit huishouden heeft geen adres voor post. Spreek een briefadres af of laat de "
                "post via een ondersteuner gaan."
            ),
            field="person",
        )
    sentence = _sentence(personal_sentence)
    if case is not None and case.household_id != household.pk:
        raise LetterInputError(_("Deze casus hoort niet bij dit huishouden."))
    if asks_experience(template) and (case is None or case.is_open):
        raise LetterInputError(
            _(
                "Deze brief heeft de link naar de ervaringsvragen. U maakt hem pas als de casus "
                "is afgesloten, vanaf de pagina van die casus."
            ),
            field="template",
        )
    if alert is not None and alert.household_id != household.pk:
        raise LetterInputError(_("Deze melding hoort niet bij dit huishouden."))
    return template, addressee, sentence, today


def letter_preview(
    *,
    actor,
    household,
    identity,
    person_id,
    template_id,
    personal_sentence="",
    case=None,
    alert=None,
):
    """Check only, nothing stored: (template, addressee, check)."""
    template, addressee, sentence, today = _validated(
        actor=actor,
        household=household,
        identity=identity,
        person_id=person_id,
        template_id=template_id,
        personal_sentence=personal_sentence,
        case=case,
        alert=alert,
    )
    checked = letter_check(
        actor=actor, template=template, addressee=addressee, personal_sentence=sentence, day=today
    )
    return template, addressee, checked


@transaction.atomic
def letter_make(
    *,
    actor,
    household,
    identity,
    person_id,
    template_id,
    personal_sentence="",
    case=None,
    alert=None,
) -> Letter:
    """Make a letter from an active template for a household opened through the door
    (`identity` is what `household_identity_get` gave for `household`).

    Refused while a phone-first mark asks for a call that is not written down, and when the
    letter with the personal sentence does not pass the B1 check.
    """
    template, addressee, sentence, today = _validated(
        actor=actor,
        household=household,
        identity=identity,
        person_id=person_id,
        template_id=template_id,
        personal_sentence=personal_sentence,
        case=case,
        alert=alert,
    )
    if queries.call_needed(household, today):
        raise LetterInputError(
            _(
                "Bel eerst: post geeft iemand in dit huishouden stress. Schrijf het gesprek op "
                "en maak daarna de brief."
            )
        )
    checked = letter_check(
        actor=actor, template=template, addressee=addressee, personal_sentence=sentence, day=today
    )
    if not checked.passes:
        raise LetterInputError(
            _(
                "Met de persoonlijke zin haalt de brief de brieftoets niet. Maak de zin korter "
                "of eenvoudiger."
            ),
            field="personal_sentence",
            check=checked,
        )
    token = ""
    if asks_experience(template):
        token = _experience_link(actor=actor, case=case)
    case = _recording_case(household, case)
    letter = Letter.objects.create(
        municipality=actor.municipality,
        household=household,
        person_id=addressee.person_id,
        case=case,
        alert=alert,
        template_version=template.active_version,
        personal_sentence=sentence,
        supporter_mark=addressee.supporter_mark,
        verdict=checked.result.verdict,
        made_by=actor,
        made_on=today,
        experience_token=token,
    )
    route = f" via {addressee.supporter_mark.supporter_display}" if addressee.via_supporter else ""
    _case_event(case, actor, f"Brief gemaakt: {template.name} voor {addressee.label}{route}")
    log_access(
        actor=actor,
        household=household,
        action="change",
        shown=f"Brief {letter.pk} gemaakt ({template.name})",
        purpose="Brief aan het huishouden maken",
    )
    return letter


def _experience_link(*, actor, case: Case) -> str:
    """A new single-use link for the closed case (an earlier open one stops working)."""
    from stabiel.insights.services import InsightsInputError, experience_invite

    try:
        return experience_invite(actor=actor, case=case).token
    except InsightsInputError as exc:
        raise LetterInputError(str(exc), field="template") from exc


@transaction.atomic
def letter_mark_sent(*, actor, letter: Letter) -> Letter:
    require(actor, Permission.CASES_WORK)
    letter = Letter.objects.select_for_update().get(pk=letter.pk, municipality=actor.municipality)
    if letter.sent_on is not None:
        raise LetterInputError(_("Deze brief staat al als verstuurd."))
    letter.sent_on = timezone.localdate()
    letter.sent_by = actor
    letter.save(update_fields=["sent_on", "sent_by", "updated_at"])
    route = f" via {letter.supporter_mark.supporter_display}" if letter.supporter_mark else ""
    _case_event(
        letter.case,
        actor,
        f"Brief verstuurd: {letter.template_version.template.name} voor {letter.person.label}{route}",
    )
    return letter


# Phone first -----------------------------------------------------------------------------------


@transaction.atomic
def phone_first_create(
    *,
    actor,
    household,
    identity,
    person_id: int,
    reason: str,
    note: str = "",
    consent: bool,
    consent_on: date,
    end_on: date | None = None,
) -> PhoneFirstMark:
    """Mark an adult member of an opened household: phone before any letter, with consent and
    an end."""
    require(actor, Permission.CASES_WORK)
    today = timezone.localdate()
    if identity.household_id != household.pk:
        raise ValueError("identity and household differ")
    adults = recipients.addressees(identity, municipality_id=household.municipality_id, day=today)
    if person_id not in {a.person_id for a in adults}:
        raise LetterInputError(
            _("Kies een volwassene die in dit huishouden woont."), field="person"
        )
    if reason not in PhoneFirstMark.Reason.values:
        raise LetterInputError(_("Kies een reden."), field="reason")
    if not consent:
        raise LetterInputError(
            _("Vraag eerst of de bewoner het goed vindt. Zonder toestemming zet u dit niet."),
            field="consent",
        )
    if consent_on > today:
        raise LetterInputError(
            _("De toestemming kan niet in de toekomst liggen."), field="consent_on"
        )
    end_on = end_on or today + DEFAULT_PERIOD
    if end_on <= today:
        raise LetterInputError(_("De einddatum moet na vandaag liggen."), field="end_on")
    if end_on > today + MAX_PERIOD:
        raise LetterInputError(
            _("Maak de afspraak voor hooguit twee jaar; verleng daarna opnieuw met de bewoner."),
            field="end_on",
        )
    if (
        PhoneFirstMark.objects.select_for_update()
        .filter(municipality=actor.municipality, person_id=person_id, ended_on__isnull=True)
        .exists()
    ):
        raise LetterInputError(
            _("Voor deze bewoner staat al 'eerst bellen'. Stop die eerst."), field="person"
        )
    mark = PhoneFirstMark.objects.create(
        municipality=actor.municipality,
        household=household,
        person_id=person_id,
        reason=reason,
        note=" ".join((note or "").split())[:300],
        consent_on=consent_on,
        start_on=today,
        end_on=end_on,
        created_by=actor,
    )
    log_access(
        actor=actor,
        household=household,
        action="change",
        shown="Eerst bellen gezet",
        purpose="Brief aan het huishouden maken",
    )
    return mark


@transaction.atomic
def phone_first_end(*, actor, mark: PhoneFirstMark) -> PhoneFirstMark:
    require(actor, Permission.CASES_WORK)
    mark = PhoneFirstMark.objects.select_for_update().get(
        pk=mark.pk, municipality=actor.municipality
    )
    if mark.ended_on is None:
        mark.ended_on = timezone.localdate()
        mark.save(update_fields=["ended_on", "updated_at"])
    return mark


@transaction.atomic
def phone_call_record(
    *, actor, household, called_on: date, reached: bool, note: str, case=None
) -> PhoneCall:
    require(actor, Permission.CASES_WORK)
    today = timezone.localdate()
    note = " ".join((note or "").split())
    if not note:
        raise LetterInputError(_("Schrijf kort op wat er besproken is."), field="note")
    if len(note) > 500:
        raise LetterInputError(_("Houd het kort: hooguit 500 tekens."), field="note")
    if called_on > today:
        raise LetterInputError(_("Dit gesprek kan niet in de toekomst liggen."), field="called_on")
    if called_on < today - relativedelta(months=1):
        raise LetterInputError(_("Schrijf een gesprek van de laatste maand op."), field="called_on")
    call = PhoneCall.objects.create(
        municipality=actor.municipality,
        household=household,
        called_on=called_on,
        reached=reached,
        note=note,
        worker=actor,
    )
    _case_event(
        _recording_case(household, case),
        actor,
        "Gebeld vóór een brief" + (" (gesproken)" if reached else " (niet bereikt)"),
    )
    return call


# Young people who turn 18 (issue 20, part 5) ---------------------------------------------------

TURNING_18_PURPOSE = "Jongeren die 18 worden uitnodigen"


@transaction.atomic
def turning_18_list_draw(*, actor, start_on: date, end_on: date) -> TurningEighteenList:
    """Draw the list of young people in the actor's team areas who turn 18 in the period, and
    log it: who, when, which period, how many. The names are read (and logged) when the list
    is shown."""
    require(actor, Permission.TURNING_18)
    problem = turning18.period_problem(start_on, end_on, today=timezone.localdate())
    if problem is not None:
        raise LetterInputError(problem[1], field=problem[0])
    count = turning_18_count(actor=actor, start=start_on, end=end_on)
    return TurningEighteenList.objects.create(
        municipality=actor.municipality,
        drawn_by=actor,
        start_on=start_on,
        end_on=end_on,
        young_people=count,
    )


@dataclass(frozen=True)
class InvitationRound:
    """What making the invitations did: the letters made, how many young people had theirs
    already, and who got none now with the reason (phone first, no address)."""

    made: list[Letter] = field(default_factory=list)
    already: int = 0
    not_made: list[tuple[str, str]] = field(default_factory=list)


def _turning_18_template(actor, template_id) -> LetterTemplate:
    template = (
        LetterTemplate.objects.filter(
            municipality=actor.municipality,
            pk=template_id,
            purpose=LetterTemplate.Purpose.TURNING_18,
            active_version__isnull=False,
        )
        .select_related("active_version")
        .first()
    )
    if template is None:
        raise LetterInputError(
            _("Kies een actief sjabloon voor de uitnodiging 18 jaar."), field="template"
        )
    return template


@transaction.atomic
def turning_18_invite(
    *,
    actor,
    drawn: TurningEighteenList,
    person_ids: Iterable[int],
    template_id: int,
    personal_sentence: str = "",
) -> InvitationRound:
    """Make the invitation letters for the chosen young people of a list, as one batch.

    Safe to run twice: a young person with an invitation for turning 18 gets no second one (a
    unique constraint holds it, also when two workers make the letters at the same moment).
    Everyone chosen must still be on the list (in the actor's team areas, turning 18 in the
    period, living, not moved away); otherwise nothing is made. The letter goes to the young
    person themself, from the age of 17 (`turning18`), or to their supporter first."""
    require(actor, Permission.TURNING_18)
    if drawn.municipality_id != actor.municipality_id:
        raise PermissionError("list of another municipality")
    chosen = sorted(set(person_ids))
    if not chosen:
        raise LetterInputError(_("Kies de jongeren die een brief krijgen."), field="people")
    template = _turning_18_template(actor, template_id)
    sentence = _sentence(personal_sentence)
    today = timezone.localdate()
    young = turning_18_list_read(
        actor=actor,
        start=drawn.start_on,
        end=drawn.end_on,
        purpose=TURNING_18_PURPOSE,
        person_ids=chosen,
        action="change",
    )
    if {y.person_id for y in young} != set(chosen):
        raise LetterInputError(
            _(
                "Niet iedereen die u koos staat nog op de lijst. Bekijk de lijst opnieuw en kies "
                "dan."
            ),
            field="people",
        )
    invited = queries.turning_18_invitations(
        municipality_id=actor.municipality_id, person_ids=chosen
    )
    made: list[Letter] = []
    already = 0
    not_made: list[tuple[str, str]] = []
    identities: dict[int, object] = {}
    for person in young:
        if person.person_id in invited:
            already += 1
            continue
        if not turning18.may_be_invited(person.birth_date, today):
            not_made.append((person.full_name, _("nog geen 17 jaar")))
            continue
        if person.household_id not in identities:
            identities[person.household_id] = household_identity_get(
                actor=actor,
                household_id=person.household_id,
                purpose=TURNING_18_PURPOSE,
                shown="naam en adres voor de uitnodiging 18 jaar",
                action="change",
            )
        identity = identities[person.household_id]
        addressee = recipients.addressee(
            identity,
            person.person_id,
            municipality_id=actor.municipality_id,
            day=today,
            adults_only=False,
        )
        # The household row the letter hangs on (the door just logged it).
        household = households_visible_to(actor).get(pk=person.household_id)
        reason = _why_no_invitation(addressee, household, today)
        if reason:
            not_made.append((person.full_name, reason))
            continue
        checked = letter_check(
            actor=actor,
            template=template,
            addressee=addressee,
            personal_sentence=sentence,
            day=today,
        )
        if not checked.passes:
            raise LetterInputError(
                _(
                    "Met de zin voor alle brieven haalt de brief de brieftoets niet. Maak de zin "
                    "korter of eenvoudiger."
                ),
                field="personal_sentence",
                check=checked,
            )
        letter = _invitation_store(
            actor=actor,
            drawn=drawn,
            household=household,
            addressee=addressee,
            template=template,
            sentence=sentence,
            verdict=checked.result.verdict,
            birthday=person.turns_18_on,
            today=today,
        )
        if letter is None:
            already += 1  # made by a colleague at this very moment
        else:
            made.append(letter)
    return InvitationRound(made=made, already=already, not_made=not_made)


def _why_no_invitation(addressee, household, today: date) -> str:
    if addressee is None:
        return _("woont niet meer op dit adres")
    if addressee.via_supporter and not addressee.supporter_mark.has_postal_address:
        return _("het postadres van de ondersteuner ontbreekt")
    if not addressee.to_lines:
        return _("geen adres voor post")
    if queries.call_needed(household, today):
        return _("bel eerst: post geeft stress in dit huishouden")
    return ""


def _invitation_store(
    *, actor, drawn, household, addressee, template, sentence, verdict, birthday, today
) -> Letter | None:
    """Store one invitation; None when the young person got one at the same moment."""
    try:
        with transaction.atomic():
            letter = Letter.objects.create(
                municipality=actor.municipality,
                household=household,
                person_id=addressee.person_id,
                case=_recording_case(household, None),
                template_version=template.active_version,
                personal_sentence=sentence,
                supporter_mark=addressee.supporter_mark,
                verdict=verdict,
                made_by=actor,
                made_on=today,
                turning_18_on=birthday,
                turning_18_list=drawn,
            )
    except IntegrityError:
        return None
    route = f" via {addressee.supporter_mark.supporter_display}" if addressee.via_supporter else ""
    _case_event(letter.case, actor, f"Brief gemaakt: {template.name} voor {addressee.label}{route}")
    return letter
