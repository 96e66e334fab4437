"""Reads for cases. Every read starts from the municipality."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from stabiel.accounts import scope

from .models import Case


def open_case_for_household(*, municipality_id: int, household_id: int) -> Case | None:
    """The household's open case (with its case lead), or None."""
    return (
        Case.objects.select_related("case_lead", "team")
        .filter(
            municipality_id=municipality_id,
            household_id=household_id,
            status=Case.Status.OPEN,
        )
        .first()
    )


def cases_for(*, actor):
    """Cases the actor may see: of the actor's teams, for households in those teams' areas.

    Access workers and team leads alike see the cases of their own teams; nobody else sees any.
    """
    from django.db.models import Q

    from stabiel.accounts.policy import Permission, may
    from stabiel.residents.access import team_area_filter

    if not may(actor, Permission.CASES_WORK):
        return Case.objects.none()
    team_ids = scope.team_ids(actor)
    # A process lead may come from another team: they see the cases they coordinate.
    return Case.objects.filter(
        (team_area_filter(actor, prefix="household__") & Q(team_id__in=team_ids))
        | Q(process_lead=actor),
        municipality=actor.municipality,
    )


def case_list(*, actor, status: str = "open", mine: bool = False):
    qs = cases_for(actor=actor).select_related("household", "team", "case_lead", "process_lead")
    qs = qs.filter(status=status if status in Case.Status.values else Case.Status.OPEN)
    if mine:
        qs = qs.filter(Q(case_lead=actor) | Q(process_lead=actor))
    return qs.order_by("opened_on", "id")


def case_household_any(*, pk: int):
    """The household of case `pk` in any team or municipality, or None: only to log a refused
    attempt to open it (`residents.access.log_refused`), never to show it."""
    case = Case.objects.filter(pk=pk).select_related("household").first()
    return case.household if case else None


def case_get(*, actor, pk: int) -> Case:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        cases_for(actor=actor).select_related(
            "household", "team", "case_lead", "process_lead", "origin_alert__rule"
        ),
        pk=pk,
    )


def case_settings_for(municipality_id: int):
    """The municipality's settings for 'well landed'; the defaults when none were saved."""
    from .models import CaseSettings

    row = CaseSettings.objects.filter(municipality_id=municipality_id).first()
    return row or CaseSettings(municipality_id=municipality_id)


def landing_problems(case: Case, settings) -> list[tuple[str, str]]:
    """What still stands between this case and 'well landed', as (form field, message in the
    user's language). The checks the municipality switched on, and always: no life domain still
    unstable."""
    from django.utils.translation import gettext as _

    from stabiel.catalogue.models import LifeDomain
    from stabiel.catalogue.queries import items_for

    from .models import Agreement, Contact, DomainAssessment

    problems: list[tuple[str, str]] = []
    current = current_assessments(case)
    if settings.require_broad_look:
        # The broad look covers at least the five core life domains (the checklist's 'kern').
        core = list(
            items_for(municipality=case.municipality, model=LifeDomain)
            .filter(weight=LifeDomain.Weight.CORE)
            .order_by("number")
        )
        missing = [d.display_name for d in core if d.pk not in current]
        if not current:
            problems.append(("situation_stable", _("De brede blik is nog niet gedaan.")))
        elif missing:
            problems.append(
                (
                    "situation_stable",
                    _("De brede blik is nog niet af: %(domains)s nog niet beoordeeld.")
                    % {"domains": ", ".join(missing)},
                )
            )
    if settings.require_goal and not case.goals.exists():
        problems.append(("agreements_kept", _("Het plan heeft nog geen doel.")))
    if (
        settings.require_agreements_settled
        and case.agreements.filter(status=Agreement.Status.OPEN).exists()
    ):
        problems.append(
            (
                "agreements_kept",
                _("Er lopen nog afspraken. Zet ze op 'gedaan' of 'niet gelukt'."),
            )
        )
    if settings.require_contact and not case.contacts.filter(status=Contact.Status.DONE).exists():
        problems.append(
            ("situation_stable", _("Er is nog geen contact met het huishouden vastgelegd."))
        )
    unstable = [
        a.life_domain.display_name
        for a in current.values()
        if a.state == DomainAssessment.State.UNSTABLE
    ]
    if unstable:
        problems.append(
            (
                "situation_stable",
                _("Nog instabiel: %(domains)s.") % {"domains": ", ".join(unstable)},
            )
        )
    return problems


def current_assessments(case: Case) -> dict:
    """Life domain id -> the latest assessment of that domain in this case."""
    from .models import DomainAssessment

    latest = {}
    for row in (
        DomainAssessment.objects.filter(case=case)
        .select_related("life_domain", "assessed_by")
        .order_by("assessed_on", "id")
    ):
        latest[row.life_domain_id] = row
    return latest


def team_members(team):
    from stabiel.accounts.models import User

    return (
        User.objects.filter(teams=team, is_active=True)
        .filter(Q(role_grants__role="access_worker") | Q(role_grants__role="team_lead"))
        .distinct()
        .order_by("first_name", "username")
    )


def process_lead_choices(municipality):
    """Anyone who works cases in this municipality may coordinate (procesregie)."""
    from stabiel.accounts.models import User

    return (
        User.objects.filter(municipality=municipality, is_active=True)
        .filter(Q(role_grants__role="access_worker") | Q(role_grants__role="team_lead"))
        .distinct()
        .order_by("first_name", "username")
    )


def life_events_for(case: Case) -> list:
    """The case's life events, newest first, with the catalogue item loaded."""
    return list(case.life_events.select_related("life_event", "recorded_by"))


def life_events_by_case(case_ids) -> dict[int, list]:
    from .models import CaseLifeEvent

    found: dict[int, list] = {}
    if not case_ids:
        return found
    for item in CaseLifeEvent.objects.filter(case_id__in=list(case_ids)).select_related(
        "life_event"
    ):
        found.setdefault(item.case_id, []).append(item)
    return found


def my_work(*, actor, today):
    """The worker's home list: open alerts on me, planned visits/calls, check-ins; overdue first."""
    from datetime import timedelta

    from stabiel.rules.alert_queries import alerts_for
    from stabiel.rules.models import Alert

    from .models import Contact

    alerts = list(
        alerts_for(actor=actor)
        .filter(status=Alert.Status.OPEN, assigned_to=actor)
        .select_related("household", "rule")
        .order_by("due_on", "id")[:50]
    )
    visible = cases_for(actor=actor).filter(status=Case.Status.OPEN)
    # Pilot-light check-ins go on after a case closed 'well landed'.
    pilot_light = cases_for(actor=actor).filter(pilot_light_until__isnull=False)
    contacts = list(
        Contact.objects.filter(worker=actor, status=Contact.Status.PLANNED)
        .filter(Q(case__in=visible) | Q(case__in=pilot_light, kind=Contact.Kind.CHECK_IN))
        .select_related("case__household")
        .order_by("due_on", "id")[:100]
    )
    visits = [c for c in contacts if c.kind != Contact.Kind.CHECK_IN]
    # Pilot-light check-ins run for a year or more: show what is late and the coming month.
    horizon = today + timedelta(days=31)
    check_ins = [c for c in contacts if c.kind == Contact.Kind.CHECK_IN and c.due_on <= horizon]
    # Context for a check-in: the life events of its case (names and dates only, no notes).
    events = life_events_by_case({c.case_id for c in check_ins})
    for c in check_ins:
        c.life_events = events.get(c.case_id, [])
    team_overdue = []
    from stabiel.accounts.roles import Role

    if actor.has_role(Role.TEAM_LEAD):
        # The team lead sees who in the team is late, to share the work out.
        team_overdue = list(
            Contact.objects.filter(
                status=Contact.Status.PLANNED, due_on__lt=today, case__in=visible
            )
            .exclude(worker=actor)
            .select_related("case__household", "worker")
            .order_by("due_on", "id")[:30]
        )
    for item in (*alerts, *contacts, *team_overdue):
        item.is_overdue = item.due_on < today
    notices = register_notices_for_lead(actor=actor)
    return {
        "register_notices": [n for n in notices if n.case_id],
        "register_notices_other": [n for n in notices if not n.case_id],
        "alerts": alerts,
        "visits": visits,
        "check_ins": check_ins,
        "team_overdue": team_overdue,
        "is_lead": actor.has_role(Role.TEAM_LEAD),
    }


def broad_look(case: Case, *, municipality, today):
    """Everything known about the household, per life domain and per member, in one place."""
    from stabiel.catalogue.models import LifeDomain
    from stabiel.catalogue.queries import items_for
    from stabiel.residents.models import Membership
    from stabiel.signals.models import Decision, Signal

    household = case.household
    domains = list(items_for(municipality=municipality, model=LifeDomain).order_by("number"))
    members = list(
        Membership.objects.filter(household=household, end_on__isnull=True)
        .select_related("person")
        .order_by("start_on", "id")
    )
    signals = list(
        Signal.objects.filter(household=household, municipality=municipality)
        .select_related("signal_type__red_flag_type__pillar", "partner", "person")
        .order_by("-observed_on", "-id")[:200]
    )
    decisions = list(
        Decision.objects.filter(household=household, municipality=municipality)
        .select_related("provision_type__life_domain", "person")
        .order_by("-start_on", "-id")[:200]
    )
    for decision in decisions:
        decision.in_use = decision.end_on is None or decision.end_on >= today
    earlier = list(
        Case.objects.filter(household=household, municipality=municipality)
        .exclude(pk=case.pk)
        .select_related("case_lead")
        .order_by("-opened_on")
    )
    current = current_assessments(case)
    per_domain = {
        d.pk: {"domain": d, "assessment": current.get(d.pk), "decisions": [], "agreements": []}
        for d in domains
    }
    for decision in decisions:
        if decision.in_use and decision.provision_type_id:
            slot = per_domain.get(decision.provision_type.life_domain_id)
            if slot:
                slot["decisions"].append(decision)
    for agreement in case.agreements.select_related("provision_type"):
        if agreement.life_domain_id in per_domain:
            per_domain[agreement.life_domain_id]["agreements"].append(agreement)
    return {
        "domains": list(per_domain.values()),
        "members": members,
        "signals": signals,
        "decisions": decisions,
        "earlier_cases": earlier,
    }


# Which pillar of the stability model a life domain belongs to. The seeds give no such mapping:
# this is the product's own reading of the pillars (VNG, Stop het stapelen, 'Het stabiliteitsmodel')
# and the life domains of the VNG/Movisie checklist (2015).
DOMAIN_PILLAR = {
    "wonen": "bestaanszekerheid",
    "inkomen-en-schulden": "bestaanszekerheid",
    "gezondheid": "continuiteit",
    "opvoeden-en-opgroeien": "continuiteit",
    "dagbesteding-en-werk": "meedoen",
    "sociale-contacten": "meedoen",
    "ontwikkeling": "meedoen",
    "vrije-tijd": "meedoen",
    "veiligheid": "kern",
}


def household_drawing(*, municipality, look: dict, today):
    """The stability model for this household: red = signals in the last 12 months per pillar,
    green = provisions in use per pillar. A withdrawn signal no longer counts (the broad look
    still lists it, marked as withdrawn)."""
    from datetime import timedelta

    from django.utils.translation import gettext as _

    from stabiel.catalogue.queries import model_drawing

    since = today - timedelta(days=365)
    red: dict[str, int] = {}
    for signal in look["signals"]:
        pillar = signal.signal_type.red_flag_type.pillar
        if pillar is not None and signal.observed_on >= since and signal.status != "withdrawn":
            red[pillar.code] = red.get(pillar.code, 0) + 1
    green: dict[str, int] = {}
    for decision in look["decisions"]:
        if decision.in_use and decision.provision_type_id:
            code = DOMAIN_PILLAR.get(decision.provision_type.life_domain.code)
            if code:
                green[code] = green.get(code, 0) + 1
    return model_drawing(
        municipality=municipality,
        caption=_(
            "Stabiliteitsmodel van dit huishouden: signalen van de afgelopen 12 maanden (rood) "
            "en voorzieningen die nu lopen (groen) per pijler"
        ),
        red=red,
        green=green,
        core_red=red.get("kern", 0),
        core_green=green.get("kern", 0),
    )


def register_notices_mine(*, actor):
    """Register notices for households I work on: my open cases (as case lead), open alerts
    assigned to me (or to my team while unassigned) and the running supporter marks I made."""
    from django.db.models import Q
    from django.utils import timezone

    from .models import RegisterNotice

    today = timezone.localdate()
    teams = list(actor.teams.values_list("pk", flat=True))
    mine = (
        Q(case__case_lead=actor, case__status=Case.Status.OPEN)
        | Q(alert__status="open", alert__assigned_to=actor)
        | Q(alert__status="open", alert__assigned_to__isnull=True, alert__team_id__in=teams)
        | Q(
            supporter_mark__created_by=actor,
            supporter_mark__ended_on__isnull=True,
            supporter_mark__end_on__gte=today,
        )
    )
    return RegisterNotice.objects.filter(mine, municipality_id=actor.municipality_id)


def register_notices_for_lead(*, actor, limit: int = 30) -> list:
    """What the population register changed, not yet seen, for households I work on. One line
    per change, even when it reaches me twice (a case and a mark on one household)."""
    found = (
        register_notices_mine(actor=actor)
        .filter(seen_at=None)
        .select_related(
            "case__household", "alert__household", "supporter_mark__household", "change__person"
        )
        .order_by("-change__on", "-id")[: limit * 2]
    )
    shown: list = []
    seen_changes: set[tuple[int, str]] = set()
    for notice in found:
        if (notice.change_id, notice.direction) in seen_changes:
            continue
        seen_changes.add((notice.change_id, notice.direction))
        shown.append(notice)
    return shown[:limit]


@dataclass(frozen=True)
class WorkerLoad:
    """One worker's open work, as the team lead's workload screen shows it (issue 13)."""

    user: object
    name: str
    alerts_open: int
    alerts_overdue: int
    cases_open: int
    contacts_overdue: int

    @property
    def overdue(self) -> int:
        return self.alerts_overdue + self.contacts_overdue


def workload(*, actor, today) -> list[WorkerLoad]:
    """Open alerts and cases per member of the team lead's teams, most overdue first. Counts
    only: no household is named here."""
    from django.db.models import Count

    from stabiel.accounts.models import User
    from stabiel.rules.alert_queries import alerts_for
    from stabiel.rules.models import Alert

    from .models import Contact

    team_ids = scope.team_ids(actor)
    members = list(
        User.objects.filter(teams__in=team_ids, is_active=True)
        .filter(Q(role_grants__role="access_worker") | Q(role_grants__role="team_lead"))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    ids = [m.pk for m in members]
    open_alerts = alerts_for(actor=actor).filter(status=Alert.Status.OPEN, assigned_to__in=ids)
    alerts = dict(open_alerts.values_list("assigned_to").annotate(n=Count("id")).order_by())
    late = dict(
        open_alerts.filter(due_on__lt=today)
        .values_list("assigned_to")
        .annotate(n=Count("id"))
        .order_by()
    )
    visible = cases_for(actor=actor)
    cases = dict(
        visible.filter(status=Case.Status.OPEN, case_lead__in=ids)
        .values_list("case_lead")
        .annotate(n=Count("id"))
        .order_by()
    )
    contacts = dict(
        Contact.objects.filter(
            case__in=visible, worker__in=ids, status=Contact.Status.PLANNED, due_on__lt=today
        )
        .values_list("worker")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [
        WorkerLoad(
            user=m,
            name=m.get_full_name() or m.username,
            alerts_open=alerts.get(m.pk, 0),
            alerts_overdue=late.get(m.pk, 0),
            cases_open=cases.get(m.pk, 0),
            contacts_overdue=contacts.get(m.pk, 0),
        )
        for m in members
    ]
    # Overdue work first; then who carries most. Never anything about a household.
    return sorted(rows, key=lambda r: (-r.overdue, -(r.alerts_open + r.cases_open), r.name))


def workload_members(*, actor):
    """Who the team lead may give alerts to: active workers and leads of their teams."""
    from stabiel.accounts.models import User

    team_ids = scope.team_ids(actor)
    return (
        User.objects.filter(teams__in=team_ids, is_active=True)
        .filter(Q(role_grants__role="access_worker") | Q(role_grants__role="team_lead"))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
