"""Every write of the safety part. Check, then do: each service checks the actor and the case."""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts import scope
from stabiel.accounts.policy import Permission, may
from stabiel.cases.models import Case
from stabiel.core import anonymity
from stabiel.inventory.lookup import offering_summary

from . import queries
from .events import care_workers_changed, review_finding_shared
from .models import (
    CareWorkerChange,
    Consent,
    Consult,
    CoreDecision,
    Escalation,
    EscalationLevel,
    FreeBudget,
    FreeBudgetSpend,
    InvolvedParty,
    MeldcodeStep,
    MemberSafety,
    ProgressSummary,
    Review,
    SafetyPlan,
    SafetySettings,
)

TEXT_MAX = 2000


class SafetyInputError(ValueError):
    """Bad input with a Dutch message for the person who typed it; ``field`` names the field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _text(
    value: str, *, field: str, label: str, required: bool = True, max_length: int = TEXT_MAX
) -> str:
    value = (value or "").strip()
    if required and not value:
        raise SafetyInputError(_("Vul %(label)s in.") % {"label": label}, field)
    if len(value) > max_length:
        raise SafetyInputError(
            _("%(label)s is te lang: hooguit %(n)s tekens.")
            % {"label": label.capitalize(), "n": max_length},
            field,
        )
    return value


def _not_future(day: date, field: str) -> date:
    if day > timezone.localdate():
        raise SafetyInputError(_("Deze datum ligt in de toekomst."), field)
    return day


def _check_case(actor, case: Case, *, open_only: bool = True) -> None:
    if not may(actor, Permission.CASES_WORK) or case.municipality_id != actor.municipality_id:
        raise SafetyInputError(_("U werkt niet aan deze casus."))
    if not queries.may_read_safety(actor=actor, case=case):
        raise SafetyInputError(
            _("Alleen de medewerkers van deze casus en de veiligheidsspecialist leggen dit vast.")
        )
    if open_only and case.status != Case.Status.OPEN:
        raise SafetyInputError(_("Deze casus is afgesloten."))


# --- 1. Safety in the case (step 0) -----------------------------------------------------------


@transaction.atomic
def meldcode_step_record(
    *,
    actor,
    case: Case,
    kind: str,
    happened_on: date,
    consulted: str = "",
    note: str = "",
    decision: str = "",
    reported_on: date | None = None,
) -> MeldcodeStep:
    """One dated step of the meldcode route. Deciding to organise help yourself instead of
    reporting is a core decision: it waits for a second person to confirm it."""
    _check_case(actor, case)
    if kind not in MeldcodeStep.Kind.values:
        raise SafetyInputError(_("Kies een stap uit de lijst."), "kind")
    _not_future(happened_on, "happened_on")
    consulted = _text(
        consulted,
        field="consulted",
        label=_("wie u heeft geraadpleegd"),
        required=kind == "consult",
        max_length=200,
    )
    note = _text(note, field="note", label=_("een aantekening"), required=False)
    if kind == MeldcodeStep.Kind.DECIDE:
        if decision not in MeldcodeStep.Decision.values:
            raise SafetyInputError(_("Kies het besluit: hulp organiseren of melden."), "decision")
        if decision == MeldcodeStep.Decision.REPORT:
            if reported_on is None:
                raise SafetyInputError(
                    _("Vul in wanneer u de melding bij Veilig Thuis heeft gedaan."), "reported_on"
                )
            _not_future(reported_on, "reported_on")
        else:
            reported_on = None
            if not note:
                raise SafetyInputError(
                    _("Schrijf op waarom u niet meldt: een tweede persoon bevestigt dit besluit."),
                    "note",
                )
    else:
        decision, reported_on = "", None
    step = MeldcodeStep.objects.create(
        municipality=case.municipality,
        case=case,
        kind=kind,
        happened_on=happened_on,
        consulted=consulted,
        note=note,
        decision=decision,
        reported_on=reported_on,
        recorded_by=actor,
    )
    if decision == MeldcodeStep.Decision.HELP:
        CoreDecision.objects.create(
            municipality=case.municipality,
            case=case,
            kind=CoreDecision.Kind.NOT_REPORT,
            reasoning=note,
            proposed_by=actor,
        )
    return step


@transaction.atomic
def member_safety_record(
    *, actor, case: Case, person_id: int, level: str, seen_on: date, note: str = ""
) -> MemberSafety:
    _check_case(actor, case)
    membership = queries.case_members(case).filter(person_id=person_id).first()
    if membership is None:
        raise SafetyInputError(_("Kies een bewoner van dit huishouden."), "person")
    if level not in MemberSafety.Level.values:
        raise SafetyInputError(_("Kies een waarde uit de lijst."), "level")
    _not_future(seen_on, "seen_on")
    note = _text(
        note,
        field="note",
        label=_("een uitleg"),
        required=level in ("concerns", "unsafe"),
        max_length=500,
    )
    return MemberSafety.objects.create(
        municipality=case.municipality,
        case=case,
        person=membership.person,
        level=level,
        seen_on=seen_on,
        note=note,
        recorded_by=actor,
    )


@transaction.atomic
def safety_plan_make(
    *, actor, case: Case, agreements: str, when_wrong: str, made_with: str, review_on: date
) -> SafetyPlan:
    """A new safety plan replaces the running one (which ends today)."""
    _check_case(actor, case)
    agreements = _text(
        agreements, field="agreements", label=_("wat er is afgesproken"), max_length=3000
    )
    when_wrong = _text(when_wrong, field="when_wrong", label=_("wie wat doet als het misgaat"))
    made_with = _text(
        made_with, field="made_with", label=_("met wie het plan is gemaakt"), max_length=300
    )
    today = timezone.localdate()
    if review_on <= today:
        raise SafetyInputError(
            _("Kies een datum na vandaag om het plan opnieuw te bekijken."), "review_on"
        )
    SafetyPlan.objects.select_for_update().filter(
        case=case, status=SafetyPlan.Status.RUNNING
    ).update(status=SafetyPlan.Status.ENDED, ended_on=today)
    return SafetyPlan.objects.create(
        municipality=case.municipality,
        case=case,
        agreements=agreements,
        when_wrong=when_wrong,
        made_with=made_with,
        review_on=review_on,
        made_by=actor,
    )


@transaction.atomic
def safety_plan_end(*, actor, case: Case) -> None:
    _check_case(actor, case, open_only=False)
    changed = SafetyPlan.objects.filter(case=case, status=SafetyPlan.Status.RUNNING).update(
        status=SafetyPlan.Status.ENDED, ended_on=timezone.localdate()
    )
    if not changed:
        raise SafetyInputError(_("Er loopt geen veiligheidsplan."))


@transaction.atomic
def consult_ask(*, actor, case: Case, adviser, question: str) -> Consult:
    """'Niet pluis': ask the team's safety specialist (or behavioural scientist) to think along."""
    _check_case(actor, case)
    if adviser is None or adviser not in queries.consult_advisers(case):
        raise SafetyInputError(_("Kies een veiligheidsspecialist van dit team."), "adviser")
    question = _text(question, field="question", label=_("uw vraag"))
    return Consult.objects.create(
        municipality=case.municipality,
        case=case,
        asked_by=actor,
        adviser=adviser,
        question=question,
        asked_on=timezone.localdate(),
    )


@transaction.atomic
def consult_advise(*, actor, consult: Consult, advice: str) -> Consult:
    consult = Consult.objects.select_for_update().get(pk=consult.pk)
    if consult.municipality_id != actor.municipality_id or consult.adviser_id != actor.pk:
        raise SafetyInputError(_("Alleen wie om advies is gevraagd, geeft het advies."))
    if consult.advised_on:
        raise SafetyInputError(_("Dit consult heeft al een advies."))
    consult.advice = _text(advice, field="advice", label=_("uw advies"), max_length=3000)
    consult.advised_on = timezone.localdate()
    consult.save(update_fields=["advice", "advised_on", "updated_at"])
    return consult


@transaction.atomic
def core_decision_propose(*, actor, case: Case, kind: str, reasoning: str) -> CoreDecision:
    _check_case(actor, case)
    if kind not in CoreDecision.Kind.values:
        raise SafetyInputError(_("Kies een waarde uit de lijst."), "kind")
    reasoning = _text(reasoning, field="reasoning", label=_("de afweging"))
    return CoreDecision.objects.create(
        municipality=case.municipality, case=case, kind=kind, reasoning=reasoning, proposed_by=actor
    )


@transaction.atomic
def core_decision_confirm(*, actor, decision: CoreDecision) -> CoreDecision:
    """The second person confirms. The proposer cannot: the database refuses it as well."""
    decision = CoreDecision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    _check_case(actor, decision.case, open_only=False)
    if decision.is_confirmed:
        raise SafetyInputError(_("Dit besluit is al bevestigd."))
    if decision.proposed_by_id == actor.pk:
        raise SafetyInputError(
            _("Een tweede persoon bevestigt dit besluit, niet wie het voorstelde.")
        )
    decision.confirmed_by = actor
    decision.confirmed_at = timezone.now()
    decision.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    return decision


# --- 2. Who else is involved ------------------------------------------------------------------


@transaction.atomic
def party_add(
    *,
    actor,
    case: Case,
    organisation: str,
    role: str,
    since: date,
    contact: str = "",
    care_worker: str = "",
    offering: int | None = None,
) -> InvolvedParty:
    """An organisation involved with the household: chosen from the region's provision
    inventory (its provider, offering and referral contact are copied in) or typed."""
    _check_case(actor, case)
    offering_name = ""
    if offering is not None:
        summary = offering_summary(municipality=case.municipality, offering_id=offering)
        if summary is None:
            raise SafetyInputError(
                _("Dit aanbod staat vandaag niet in de inventarisatie van uw regio."), "offering"
            )
        offering_name = summary.name[:200]
        organisation = (organisation or "").strip() or summary.provider_name[:200]
        role = (role or "").strip() or summary.name[:200]
        contact = (contact or "").strip() or summary.referral_contact[:200]
    elif not (organisation or "").strip():
        raise SafetyInputError(
            _("Kies de organisatie uit de inventarisatie, of typ de naam."), "organisation"
        )
    organisation = _text(
        organisation, field="organisation", label=_("de organisatie"), max_length=200
    )
    role = _text(role, field="role", label=_("de rol"), max_length=200)
    contact = _text(
        contact, field="contact", label=_("het contact"), required=False, max_length=200
    )
    care_worker = _text(
        care_worker, field="care_worker", label=_("de hulpverlener"), required=False, max_length=200
    )
    _not_future(since, "since")
    party = InvolvedParty.objects.create(
        municipality=case.municipality,
        household=case.household,
        organisation=organisation,
        offering_id=offering,
        offering_name=offering_name,
        role=role,
        since=since,
        contact=contact,
        care_worker=care_worker,
        recorded_by=actor,
    )
    if care_worker:
        CareWorkerChange.objects.create(
            municipality=case.municipality,
            party=party,
            care_worker=care_worker,
            from_on=since,
            recorded_by=actor,
        )
        _care_workers_announce(case)
    return party


def _care_workers_announce(case: Case) -> None:
    """After commit: the rules about many changes of care worker look at this household."""
    municipality_id, household_id = case.municipality_id, case.household_id
    transaction.on_commit(
        lambda: care_workers_changed.send(
            sender=CareWorkerChange,
            municipality_id=municipality_id,
            household_ids=[household_id],
        )
    )


def _party_of(case: Case, party_id: int) -> InvolvedParty:
    party = (
        InvolvedParty.objects.select_for_update()
        .filter(municipality=case.municipality, household=case.household, pk=party_id)
        .first()
    )
    if party is None:
        raise SafetyInputError(_("Kies een betrokken organisatie van dit huishouden."), "party")
    return party


@transaction.atomic
def care_worker_change(
    *, actor, case: Case, party_id: int, care_worker: str, from_on: date
) -> CareWorkerChange:
    """A new care worker at a party: kept as history, so many changes can be seen."""
    _check_case(actor, case)
    party = _party_of(case, party_id)
    care_worker = _text(
        care_worker, field="care_worker", label=_("de nieuwe hulpverlener"), max_length=200
    )
    _not_future(from_on, "from_on")
    if from_on < party.since:
        raise SafetyInputError(_("Deze datum ligt voor de start van de betrokkenheid."), "from_on")
    party.care_worker = care_worker
    party.save(update_fields=["care_worker", "updated_at"])
    change = CareWorkerChange.objects.create(
        municipality=case.municipality,
        party=party,
        care_worker=care_worker,
        from_on=from_on,
        recorded_by=actor,
    )
    _care_workers_announce(case)
    return change


@transaction.atomic
def party_end(*, actor, case: Case, party_id: int, until: date) -> InvolvedParty:
    _check_case(actor, case)
    party = _party_of(case, party_id)
    if party.until:
        raise SafetyInputError(_("Deze organisatie is al niet meer betrokken."))
    if until < party.since:
        raise SafetyInputError(_("Deze datum ligt voor de start van de betrokkenheid."), "until")
    party.until = until
    party.save(update_fields=["until", "updated_at"])
    return party


@transaction.atomic
def consent_record(
    *, actor, case: Case, party_id: int, purpose: str, given_by: str, given_on: date, ends_on: date
) -> Consent:
    _check_case(actor, case)
    party = _party_of(case, party_id)
    if purpose not in Consent.Purpose.values:
        raise SafetyInputError(_("Kies een waarde uit de lijst."), "purpose")
    given_by = _text(given_by, field="given_by", label=_("wie de toestemming gaf"), max_length=200)
    _not_future(given_on, "given_on")
    if ends_on < given_on:
        raise SafetyInputError(_("De einddatum ligt voor de datum van de toestemming."), "ends_on")
    if ends_on < timezone.localdate():
        raise SafetyInputError(
            _("Deze toestemming is dan al verlopen: kies een latere einddatum."), "ends_on"
        )
    return Consent.objects.create(
        municipality=case.municipality,
        household=case.household,
        party=party,
        purpose=purpose,
        given_by=given_by,
        given_on=given_on,
        ends_on=ends_on,
        recorded_by=actor,
    )


@transaction.atomic
def consent_revoke(*, actor, case: Case, consent_id: int) -> Consent:
    _check_case(actor, case, open_only=False)
    consent = (
        Consent.objects.select_for_update()
        .filter(municipality=case.municipality, household=case.household, pk=consent_id)
        .first()
    )
    if consent is None:
        raise SafetyInputError(_("Deze toestemming hoort niet bij dit huishouden."))
    if consent.revoked_on:
        raise SafetyInputError(_("Deze toestemming is al ingetrokken."))
    consent.revoked_on = timezone.localdate()
    consent.save(update_fields=["revoked_on", "updated_at"])
    return consent


@transaction.atomic
def progress_summary_write(*, actor, case: Case, party_id: int, text: str) -> ProgressSummary:
    """Only under a valid consent for progress, and only by the case lead."""
    _check_case(actor, case)
    if actor.pk not in (case.case_lead_id, case.process_lead_id):
        raise SafetyInputError(_("De casusregisseur schrijft de voortgang voor een partij."))
    party = _party_of(case, party_id)
    consent = queries.active_consent(
        party=party, purpose=Consent.Purpose.PROGRESS, day=timezone.localdate()
    )
    if consent is None:
        raise SafetyInputError(
            _("Er is geen geldige toestemming om de voortgang met deze partij te delen."), "party"
        )
    text = _text(text, field="text", label=_("de voortgang"), max_length=4000)
    return ProgressSummary.objects.create(
        municipality=case.municipality,
        case=case,
        party=party,
        consent=consent,
        text=text,
        written_by=actor,
    )


# --- 3. Escalation, timed (AVE) ---------------------------------------------------------------


@transaction.atomic
def escalation_level_add(
    *, actor, name: str, agreed_days: int, kind: str = EscalationLevel.Kind.PEOPLE
) -> EscalationLevel:
    if not may(actor, Permission.SAFETY_SETTINGS):
        raise SafetyInputError(_("Alleen de functioneel beheerder past de escalatieladder aan."))
    name = _text(name, field="name", label=_("de naam van de trede"), max_length=120)
    if not 1 <= agreed_days <= 365:
        raise SafetyInputError(_("Kies een tijd van 1 tot en met 365 dagen."), "agreed_days")
    if kind not in EscalationLevel.Kind.values:
        raise SafetyInputError(_("Kies een waarde uit de lijst."), "kind")
    levels = EscalationLevel.objects.select_for_update().filter(municipality=actor.municipality)
    if levels.filter(name__iexact=name).exists():
        raise SafetyInputError(_("Deze trede staat al op de ladder."), "name")
    rank = (levels.order_by("-rank").values_list("rank", flat=True).first() or 0) + 1
    return EscalationLevel.objects.create(
        municipality=actor.municipality, rank=rank, name=name, agreed_days=agreed_days, kind=kind
    )


@transaction.atomic
def case_escalate(*, actor, case: Case, reason: str) -> Escalation:
    """One rung up the ladder, with a reason. The rung it was on ends today."""
    _check_case(actor, case)
    reason = _text(reason, field="reason", label=_("de reden"), max_length=500)
    ladder = list(EscalationLevel.objects.filter(municipality=case.municipality).order_by("rank"))
    if not ladder:
        raise SafetyInputError(_("Uw gemeente heeft nog geen escalatieladder."))
    Case.objects.select_for_update().filter(pk=case.pk).first()
    current = (
        Escalation.objects.filter(case=case, ended_on__isnull=True).select_related("level").first()
    )
    higher = [lvl for lvl in ladder if current is None or lvl.rank > current.level.rank]
    if not higher:
        raise SafetyInputError(_("De casus staat al op de hoogste trede."))
    today = timezone.localdate()
    if current:
        current.ended_on = today
        current.end_note = _("Opgeschaald")
        current.save(update_fields=["ended_on", "end_note", "updated_at"])
    return Escalation.objects.create(
        municipality=case.municipality,
        case=case,
        level=higher[0],
        reason=reason,
        started_on=today,
        started_by=actor,
    )


@transaction.atomic
def case_deescalate(*, actor, case: Case, note: str) -> Escalation:
    """Settled: the case leaves the ladder; the time at the rung is kept."""
    _check_case(actor, case, open_only=False)
    note = _text(note, field="note", label=_("hoe het is opgelost"), max_length=500)
    Case.objects.select_for_update().filter(pk=case.pk).first()
    current = Escalation.objects.filter(case=case, ended_on__isnull=True).first()
    if current is None:
        raise SafetyInputError(_("Deze casus is niet opgeschaald."))
    current.ended_on = timezone.localdate()
    current.end_note = note
    current.save(update_fields=["ended_on", "end_note", "updated_at"])
    return current


# --- 4. Learning from cases -------------------------------------------------------------------


@transaction.atomic
def settings_set(*, actor, review_sample_size: int) -> SafetySettings:
    if not may(actor, Permission.SAFETY_SETTINGS):
        raise SafetyInputError(_("Alleen de functioneel beheerder past deze instelling aan."))
    if not 1 <= review_sample_size <= 500:
        raise SafetyInputError(
            _("Kies een steekproef van 1 tot en met 500 casussen."), "review_sample_size"
        )
    defaults: dict[str, int] = {"review_sample_size": review_sample_size}
    settings_, _created = SafetySettings.objects.update_or_create(
        municipality=actor.municipality, defaults=defaults
    )
    return settings_


@transaction.atomic
def review_sample_draw(*, actor, year: int, rng: random.Random | None = None) -> list[Review]:
    """Draw this year's sample of closed cases at random (the size a local setting). Once a year."""
    if not may(actor, Permission.CASE_REVIEW):
        raise SafetyInputError(_("Alleen de teamleider trekt de steekproef."))
    if Review.objects.filter(
        municipality=actor.municipality, year=year, kind=Review.Kind.SAMPLE
    ).exists():
        raise SafetyInputError(_("De steekproef van dit jaar is al getrokken."))
    size = queries.review_sample_size(actor.municipality)
    closed = list(
        Case.objects.filter(
            municipality=actor.municipality, status=Case.Status.CLOSED, closed_on__year=year
        )
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    if not closed:
        raise SafetyInputError(_("Er zijn dit jaar nog geen afgesloten casussen."))
    chosen = (rng or random.SystemRandom()).sample(closed, min(size, len(closed)))
    return Review.objects.bulk_create(
        Review(
            municipality=actor.municipality,
            case_id=pk,
            kind=Review.Kind.SAMPLE,
            year=year,
            drawn_by=actor,
        )
        for pk in sorted(chosen)
    )


@transaction.atomic
def calamity_review_add(*, actor, case: Case, occasion: str) -> Review:
    """After a calamity the team lead sets up a review of the case, recorded like a sample
    review: the same checklist, and a finding that can reach the plan without names."""
    if not may(actor, Permission.CASE_REVIEW) or case.municipality_id != actor.municipality_id:
        raise SafetyInputError(_("Alleen de teamleider zet een calamiteitenreview klaar."))
    occasion = _text(occasion, field="occasion", label=_("wat er is gebeurd"), max_length=1000)
    year = timezone.localdate().year
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if Review.objects.filter(case=case, year=year, kind=Review.Kind.CALAMITY).exists():
        raise SafetyInputError(_("Voor deze casus staat al een calamiteitenreview klaar."))
    return Review.objects.create(
        municipality=actor.municipality,
        case=case,
        kind=Review.Kind.CALAMITY,
        year=year,
        drawn_by=actor,
        occasion=occasion,
    )


@transaction.atomic
def review_record(
    *,
    actor,
    review: Review,
    safety_in_view: bool,
    household_involved: bool,
    landed: bool,
    finding: str,
) -> Review:
    """A colleague fills in the checklist. The finding is written without names."""
    review = Review.objects.select_for_update().select_related("case").get(pk=review.pk)
    if not may(actor, Permission.CASE_REVIEW) or review.municipality_id != actor.municipality_id:
        raise SafetyInputError(_("U mag deze review niet vastleggen."))
    if review.reviewed_on:
        raise SafetyInputError(_("Deze review is al vastgelegd."))
    review.finding = _text(
        finding, field="finding", label=_("de bevinding"), required=False, max_length=1000
    )
    review.safety_in_view, review.household_involved, review.landed = (
        safety_in_view,
        household_involved,
        landed,
    )
    review.reviewer = actor
    review.reviewed_on = timezone.localdate()
    review.save()
    return review


@transaction.atomic
def review_finding_share(*, actor, review: Review, shared_as: str, title: str) -> Review:
    """One step: the finding becomes a system-level red flag or a measure in the prevention plan.
    The aggregate door answers the event; only the title and the finding travel, never a name."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not may(actor, Permission.CASE_REVIEW) or review.municipality_id != actor.municipality_id:
        raise SafetyInputError(_("U mag deze bevinding niet delen."))
    if not review.reviewed_on or not review.finding:
        raise SafetyInputError(_("Leg eerst de review met een bevinding vast."))
    if review.shared_as:
        raise SafetyInputError(_("Deze bevinding is al gedeeld."))
    if shared_as not in (Review.SharedAs.FLAG, Review.SharedAs.MEASURE):
        raise SafetyInputError(_("Kies: rode vlag of maatregel."), "shared_as")
    title = _text(title, field="title", label=_("een korte titel"), max_length=200)
    try:
        responses = review_finding_shared.send(
            sender=Review,
            municipality=review.municipality,
            actor=actor,
            year=review.year,
            kind=shared_as,
            title=title,
            text=review.finding,
        )
    except ValueError as exc:  # the plan refused it (its own Dutch message)
        raise SafetyInputError(str(exc), "title") from exc
    answers = [label for _receiver, label in responses if label]
    if not answers:
        raise SafetyInputError(_("Er is geen preventieplan om de bevinding in op te nemen."))
    review.shared_as = shared_as
    review.shared_note = str(answers[0])[:200]
    review.save(update_fields=["shared_as", "shared_note", "updated_at"])
    return review


# --- the team's free budget ---------------------------------------------------------------------


def euros(cents: int) -> str:
    """12345 -> "€ 123,45", as the interface writes amounts."""
    whole, rest = divmod(cents, 100)
    return "€ " + f"{whole:,}".replace(",", ".") + f",{rest:02d}"


def _anonymous(text: str, field: str) -> None:
    found = anonymity.problems(text)
    if found:
        raise SafetyInputError(found[0], field)


def _own_budget(actor, budget_id: int) -> FreeBudget:
    """The budget, locked, when it belongs to one of the actor's teams; otherwise refused."""
    budget = (
        FreeBudget.objects.select_for_update()
        .filter(pk=budget_id, municipality=actor.municipality, team_id__in=scope.team_ids(actor))
        .first()
    )
    if budget is None:
        raise SafetyInputError(_("Dit budget hoort niet bij uw team."), "budget")
    return budget


def _spent(budget: FreeBudget) -> int:
    return sum(budget.spends.values_list("amount_cents", flat=True))


@transaction.atomic
def free_budget_set(*, actor, team: int, year: int, amount_cents: int, purposes: str) -> FreeBudget:
    """Set (or change) a team's free budget for a year. Never below what is already spent."""
    if not may(actor, Permission.TEAM_LEAD):
        raise SafetyInputError(_("Alleen de teamleider stelt het vrije budget vast."))
    if team not in scope.team_ids(actor):
        raise SafetyInputError(_("U kunt alleen het budget van uw eigen team vaststellen."), "team")
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        raise SafetyInputError(_("Kies vorig jaar, dit jaar of volgend jaar."), "year")
    if not 1 <= amount_cents <= 100_000_000:
        raise SafetyInputError(_("Kies een bedrag van meer dan 0 euro."), "amount_cents")
    purposes = _text(purposes, field="purposes", label=_("waar het geld voor is"), max_length=500)
    _anonymous(purposes, "purposes")
    budget = (
        FreeBudget.objects.select_for_update()
        .filter(municipality=actor.municipality, team_id=team, year=year)
        .first()
    )
    if budget is None:
        return FreeBudget.objects.create(
            municipality=actor.municipality,
            team_id=team,
            year=year,
            amount_cents=amount_cents,
            purposes=purposes,
            set_by=actor,
        )
    spent = _spent(budget)
    if amount_cents < spent:
        raise SafetyInputError(
            _("Er is al %(spent)s uitgegeven. Het budget kan niet lager worden dan dat.")
            % {"spent": euros(spent)},
            "amount_cents",
        )
    budget.amount_cents, budget.purposes, budget.set_by = amount_cents, purposes, actor
    budget.save(update_fields=["amount_cents", "purposes", "set_by", "updated_at"])
    return budget


@transaction.atomic
def free_budget_spend(
    *, actor, budget: int, spent_on: date, amount_cents: int, purpose: str, what: str
) -> FreeBudgetSpend:
    """A worker writes down an expense: no procedure, no form for the resident, no name."""
    if not may(actor, Permission.FREE_BUDGET):
        raise SafetyInputError(_("U mag het vrije budget van een team niet gebruiken."))
    own = _own_budget(actor, budget)
    _not_future(spent_on, "spent_on")
    if spent_on.year != own.year:
        raise SafetyInputError(
            _("Kies een datum in %(year)s, het jaar van dit budget.") % {"year": own.year},
            "spent_on",
        )
    if purpose not in FreeBudgetSpend.Purpose.values:
        raise SafetyInputError(_("Kies een waarde uit de lijst."), "purpose")
    if amount_cents < 1:
        raise SafetyInputError(_("Het bedrag moet meer dan 0 euro zijn."), "amount_cents")
    what = _text(what, field="what", label=_("wat er gekocht of betaald is"), max_length=200)
    _anonymous(what, "what")
    left = own.amount_cents - _spent(own)
    if amount_cents > left:
        raise SafetyInputError(
            _("Er is nog %(left)s over in dit budget. Vraag de teamleider om meer.")
            % {"left": euros(left)},
            "amount_cents",
        )
    return FreeBudgetSpend.objects.create(
        municipality=actor.municipality,
        budget=own,
        spent_on=spent_on,
        amount_cents=amount_cents,
        purpose=purpose,
        what=what,
        spent_by=actor,
    )


@transaction.atomic
def free_budget_evaluate(*, actor, budget: int, text: str) -> FreeBudget:
    """After the year the team looks back: was the money spent, and how."""
    if not may(actor, Permission.TEAM_LEAD):
        raise SafetyInputError(_("Alleen de teamleider schrijft de terugblik op."))
    own = _own_budget(actor, budget)
    if timezone.localdate().year <= own.year:
        raise SafetyInputError(
            _("Kijk terug als het jaar voorbij is: vanaf 1 januari %(next)s.")
            % {"next": own.year + 1},
            "text",
        )
    text = _text(text, field="text", label=_("de terugblik"))
    _anonymous(text, "text")
    own.evaluation, own.evaluated_on, own.evaluated_by = text, timezone.localdate(), actor
    own.save(update_fields=["evaluation", "evaluated_on", "evaluated_by", "updated_at"])
    return own
