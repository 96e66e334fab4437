"""Reads of the safety part. Every read starts from the case's municipality."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.accounts import scope
from stabiel.accounts.models import Team, User
from stabiel.accounts.policy import Permission, may
from stabiel.accounts.roles import Role
from stabiel.cases.models import Case
from stabiel.residents.models import Membership

from .models import (
    Consent,
    CoreDecision,
    Escalation,
    EscalationLevel,
    FreeBudget,
    FreeBudgetSpend,
    InvolvedParty,
    MeldcodeStep,
    MemberSafety,
    Review,
    SafetyPlan,
    SafetySettings,
)
from .workers import frequent_changes


def may_read_safety(*, actor, case: Case) -> bool:
    """Safety notes are for the case's workers and the team's safety specialist only: the case
    lead, the process lead, whoever made a contact in the case, and a consulted adviser."""
    if not may(actor, Permission.CASES_WORK) or case.municipality_id != actor.municipality_id:
        return False
    if actor.pk in (case.case_lead_id, case.process_lead_id):
        return True
    if may(actor, Permission.SAFETY_SPECIALIST) and actor.teams.filter(pk=case.team_id).exists():
        return True
    return (
        case.contacts.filter(worker=actor).exists() or case.consults.filter(adviser=actor).exists()
    )


def safety_concerns(case: Case) -> list[str]:
    """Why this case has safety concerns, in words for the worker (empty: none). A running
    safety plan, a meldcode route begun, or a member whose newest look says concerns or unsafe."""
    reasons = []
    if case.safety_plans.filter(status=SafetyPlan.Status.RUNNING).exists():
        reasons.append(_("er loopt een veiligheidsplan"))
    if MeldcodeStep.objects.filter(case=case).exists():
        reasons.append(_("er zijn stappen van de meldcode vastgelegd"))
    if any(
        row["look"] is not None
        and row["look"].level in (MemberSafety.Level.CONCERNS, MemberSafety.Level.UNSAFE)
        for row in member_safety_now(case)
    ):
        reasons.append(_("bij een bewoner staat 'zorgen' of 'onveilig'"))
    return reasons


def close_refusal(case: Case) -> str | None:
    """Closing a case with safety concerns is a core decision taken by two people: without a
    confirmed decision to close, the case stays open (the message says what to do)."""
    reasons = safety_concerns(case)
    if not reasons:
        return None
    decisions = CoreDecision.objects.filter(case=case, kind=CoreDecision.Kind.CLOSE_WITH_CONCERNS)
    if decisions.filter(confirmed_by__isnull=False).exists():
        return None
    if decisions.exists():
        return _(
            "Afsluiten met zorgen over veiligheid is een kernbesluit. Het wacht nog op de "
            "bevestiging van een tweede persoon; daarna kunt u de casus afsluiten."
        )
    return _(
        "Er zijn zorgen over veiligheid in deze casus: %(reasons)s. Afsluiten is dan een "
        "kernbesluit dat u met z'n tweeën neemt. Leg het voor op de pagina Veiligheid en "
        "netwerk; als een tweede persoon het heeft bevestigd, kunt u afsluiten."
    ) % {"reasons": "; ".join(reasons)}


def case_members(case: Case) -> QuerySet[Membership]:
    """Current memberships of the case's household, with the person (the household itself was
    opened through the door by the view that calls this)."""
    return (
        Membership.objects.filter(household_id=case.household_id, end_on__isnull=True)
        .select_related("person")
        .order_by("start_on", "id")
    )


def consult_advisers(case: Case) -> QuerySet[User]:
    """The safety specialists of the case's team."""
    return (
        User.objects.filter(
            teams=case.team_id, is_active=True, role_grants__role=Role.SAFETY_SPECIALIST
        )
        .distinct()
        .order_by("first_name", "username")
    )


def active_consent(*, party: InvolvedParty, purpose: str, day: date) -> Consent | None:
    return (
        Consent.objects.filter(
            party=party,
            purpose=purpose,
            revoked_on__isnull=True,
            given_on__lte=day,
            ends_on__gte=day,
        )
        .order_by("-ends_on")
        .first()
    )


def running_plan(case: Case) -> SafetyPlan | None:
    return (
        case.safety_plans.filter(status=SafetyPlan.Status.RUNNING).select_related("made_by").first()
    )


def member_safety_now(case: Case) -> list[dict]:
    """Each current member with the newest safety look of this case (or none yet)."""
    newest: dict[int, MemberSafety] = {}
    for row in (
        MemberSafety.objects.filter(case=case)
        .select_related("recorded_by")
        .order_by("-seen_on", "-id")
    ):
        newest.setdefault(row.person_id, row)
    return [{"person": m.person, "look": newest.get(m.person_id)} for m in case_members(case)]


def meldcode_route(case: Case) -> dict:
    steps = list(MeldcodeStep.objects.filter(case=case).select_related("recorded_by"))
    done = {s.kind for s in steps}
    return {
        "steps": steps,
        "kinds": [(value, label, value in done) for value, label in MeldcodeStep.Kind.choices],
        "reported": next((s for s in steps if s.decision == MeldcodeStep.Decision.REPORT), None),
    }


def worker_changes_setting(municipality_id: int) -> tuple[int, int, int | None]:
    """(number of changes, window in days, rule id) from the stacking rule "many changes of care
    worker" in force today: the municipality's local setting lives in the rule, with its history
    in the rule register. Without that rule: the rule's defaults."""
    from stabiel.rules.engine import versions_in_force
    from stabiel.rules.kinds import KINDS

    kind = KINDS["care_worker_changes"]
    version = (
        versions_in_force(municipality_id=municipality_id, today=timezone.localdate())
        .filter(kind=kind.code)
        .first()
    )
    params = kind.clean_params(version.params if version else {})
    return params["min_changes"], params["window_days"], version.rule_id if version else None


def parties_for(case: Case) -> list[InvolvedParty]:
    today = timezone.localdate()
    threshold, window_days, _rule = worker_changes_setting(case.municipality_id)
    parties = list(
        InvolvedParty.objects.filter(
            municipality_id=case.municipality_id, household_id=case.household_id
        )
        .prefetch_related("worker_changes", "consents")
        .order_by("until", "since", "id")
    )
    for party in parties:
        party.worker_history = list(party.worker_changes.all())
        party.flag_changes = frequent_changes(
            [w.from_on for w in party.worker_history],
            today=today,
            threshold=threshold,
            window_days=window_days,
        )
        party.flag_threshold = threshold
        party.flag_window_days = window_days
        party.consent_list = sorted(party.consents.all(), key=lambda c: c.given_on, reverse=True)
        for consent in party.consent_list:
            consent.active = consent.is_active_on(today)
        party.may_share_progress = any(
            c.active and c.purpose == Consent.Purpose.PROGRESS for c in party.consent_list
        )
    return parties


def escalation_state(case: Case) -> dict:
    ladder = list(
        EscalationLevel.objects.filter(municipality_id=case.municipality_id).order_by("rank")
    )
    history = list(Escalation.objects.filter(case=case).select_related("level", "started_by"))
    current = next((e for e in history if e.ended_on is None), None)
    today = timezone.localdate()
    if current:
        current.days_so_far = (today - current.started_on).days
        current.overdue = current.days_so_far > current.level.agreed_days
    return {
        "ladder": ladder,
        "history": history,
        "current": current,
        "can_escalate": bool(ladder) and (current is None or current.level.rank < ladder[-1].rank),
    }


def review_sample_size(municipality) -> int:
    row = SafetySettings.objects.filter(municipality=municipality).first()
    return (
        row.review_sample_size
        if row
        else SafetySettings._meta.get_field("review_sample_size").default
    )


def reviews_for(*, actor, year: int) -> list[Review]:
    if not may(actor, Permission.CASE_REVIEW):
        return []
    return list(
        Review.objects.filter(municipality=actor.municipality, year=year)
        .select_related("case__household", "case__team", "reviewer")
        .order_by("kind", "case_id")
    )


def review_get(*, actor, pk: int) -> Review | None:
    if not may(actor, Permission.CASE_REVIEW):
        return None
    return (
        Review.objects.filter(municipality=actor.municipality, pk=pk)
        .select_related("case__household", "case__team", "case__case_lead", "reviewer")
        .first()
    )


def calamity_reviews_of(*, actor, case: Case) -> list[Review]:
    if not may(actor, Permission.CASE_REVIEW) or case.municipality_id != actor.municipality_id:
        return []
    return list(Review.objects.filter(case=case, kind=Review.Kind.CALAMITY).order_by("-year"))


# --- the team's free budget ---------------------------------------------------------------------


@dataclass
class BudgetView:
    """One team's free budget for one year, with what was spent and on what."""

    team: Team
    budget: FreeBudget | None
    spent_cents: int = 0
    spends: list[FreeBudgetSpend] = field(default_factory=list)
    per_purpose: list[dict] = field(default_factory=list)

    @property
    def left_cents(self) -> int:
        return (self.budget.amount_cents if self.budget else 0) - self.spent_cents


def free_budgets(*, actor, year: int) -> list[BudgetView]:
    """The free budget of each of the actor's teams in a year: no resident in sight."""
    teams = list(Team.objects.filter(municipality=actor.municipality, pk__in=scope.team_ids(actor)))
    budgets = {
        b.team_id: b
        for b in FreeBudget.objects.filter(
            municipality=actor.municipality, year=year, team__in=teams
        ).select_related("team", "evaluated_by")
    }
    spends: dict[int, list[FreeBudgetSpend]] = {}
    for spend in FreeBudgetSpend.objects.filter(budget__in=budgets.values()).select_related(
        "spent_by"
    ):
        spends.setdefault(spend.budget_id, []).append(spend)
    views = []
    for team in teams:
        budget = budgets.get(team.pk)
        rows = spends.get(budget.pk, []) if budget else []
        per_purpose = []
        for value, label in FreeBudgetSpend.Purpose.choices:
            chosen = [s.amount_cents for s in rows if s.purpose == value]
            if chosen:
                per_purpose.append({"label": label, "count": len(chosen), "cents": sum(chosen)})
        views.append(
            BudgetView(
                team=team,
                budget=budget,
                spent_cents=sum(s.amount_cents for s in rows),
                spends=rows,
                per_purpose=per_purpose,
            )
        )
    return views
