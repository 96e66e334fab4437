"""Outcome figures: what the execution side did, read only as aggregates with small numbers hidden.

This module is the one door through which policy screens (plans, assessment, insights' own
pages) read execution data. It returns numbers only, never a household, a person or a row id;
every number has gone through `suppression` (threshold `INSIGHTS_SMALL_NUMBER_THRESHOLD`, 10 by
default) before it leaves.

Stable interface (the self-assessment's "measured beside scored" calls these; keep them):

    Every function takes keyword arguments ``municipality`` (a Municipality or its id),
    ``start`` and ``end`` (dates, both included; whole months are counted, from start's month to
    end's month) and optionally ``team`` and ``area`` (a Team / Area or id) to narrow the scope.
    It returns the municipality's figure for that period, or None when it is hidden.

    signal_to_alert_days(...)        -> Duration | None  median days, first signal -> alert
    alert_to_triage_days(...)        -> Duration | None  median days, alert -> first triage
    alert_to_first_contact_days(...) -> Duration | None  median days, alert -> first visit/call
    stacked_households_visited(...)  -> Share | None     households with an alert, visited after
    broad_look_done(...)             -> Share | None     cases opened, all 5 core domains assessed
    plan_with_case_lead(...)         -> Share | None     cases opened with goal + agreement + lead
    check_ins_kept(...)              -> Share | None     pilot-light check-ins due, done
    closed_well_landed(...)          -> Share | None     cases closed, closed "well landed"
    relapse_within_year(...)         -> Share | None     well landed, relapse alert within 365 days
    triage_own_strength(...)         -> Share | None     triages, solved with own strength/network
    alerts_raised(...)               -> int | None       alerts raised
    alerts_per_rule(...)             -> list[tuple[str, int | None]]  (rule title, alerts)
    early_warning_contacted(...)     -> Share | None     early-warning reports, resident reached
    early_warning_outcomes(...)      -> list[tuple[str, int | None]]  (end result, reports)

    `Duration` (count, median_days) and `Share` (part, whole, percent) come from
    `stabiel.insights.suppression`. `figure_value(code, ...)` answers any of them by code, and
    `FIGURES` lists the codes with their Dutch names and how each is counted.

    For the screens: `figure_tables(code, ...)` gives one `FigureTable` per breakdown (team,
    district, and for alerts the rule; for early warning the end result) with months as columns.

Which month a record counts in: alerts by the day they were raised, cases by the day they were
opened (broad look, plan) or closed (well landed, relapse), check-ins by their due day,
early-warning reports by their month.

Linked tables: the totals per month and the grand total are the same numbers in every breakdown
of a figure. Each breakdown is suppressed on its own, and then a shared total is hidden in all
of them when any one hides it (hiding more never makes a hidden number solvable), so that no
breakdown gives away what another hides. The one-number functions answer exactly that grand
total.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from django.conf import settings
from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stabiel.accounts.models import Area, Municipality, Team
from stabiel.cases.models import Agreement, Case, Contact, Goal, Triage
from stabiel.catalogue.models import LifeDomain
from stabiel.earlywarning.ddas import Outcome, PartnerType
from stabiel.earlywarning.models import ContactAttempt, DebtSignal, Report
from stabiel.rules.engine import team_by_area
from stabiel.rules.models import Alert, Rule

from .suppression import (
    Duration,
    Share,
    combine_shares,
    publish_duration_counts,
    publish_linked,
)

RELAPSE_KIND = "signal_after_well_landed"
RELAPSE_DAYS = 365
NO_GROUP = 0  # records without a team or district


class Kind(StrEnum):
    COUNT = "count"
    SHARE = "share"
    DURATION = "duration"


class Breakdown(StrEnum):
    TEAM = "team"
    DISTRICT = "district"
    RULE = "rule"
    OUTCOME = "outcome"
    CREDITOR = "creditor"


BREAKDOWN_LABELS: dict[Breakdown, Promise] = {
    Breakdown.TEAM: _("Per team"),
    Breakdown.DISTRICT: _("Per wijk"),
    Breakdown.RULE: _("Per regel"),
    Breakdown.OUTCOME: _("Per eindresultaat"),
    Breakdown.CREDITOR: _("Per soort schuldeiser"),
}


def threshold() -> int:
    return int(settings.INSIGHTS_SMALL_NUMBER_THRESHOLD)


# Records -----------------------------------------------------------------------------------------
# A record is one counted thing: its team, district, extra key (rule or end result), month, and
# its value: 1 for a count, (part 0/1) for a share, days for a duration.


@dataclass(frozen=True)
class Record:
    team: int
    district: int
    extra: int | str
    month: date
    value: int
    weight: int = 1  # how many counted things share these fields (pre-aggregated rows)


@dataclass(frozen=True)
class Scope:
    municipality_id: int
    start: date
    end: date
    team_id: int | None = None
    area_id: int | None = None
    today: date = field(default_factory=timezone.localdate)

    @property
    def months(self) -> list[date]:
        months = []
        month = self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months


def _id(thing) -> int | None:
    if thing is None:
        return None
    if isinstance(thing, int) and not isinstance(thing, bool):
        return thing
    return int(thing.pk)


def scope_for(*, municipality, start: date, end: date, team=None, area=None, today=None) -> Scope:
    if end < start:
        raise ValueError("the period ends before it starts")
    municipality_id = _id(municipality)
    if municipality_id is None:
        raise ValueError("a municipality is needed")
    return Scope(
        municipality_id,
        start,
        end,
        _id(team),
        _id(area),
        today or timezone.localdate(),
    )


class _Districts:
    """Household area -> district (a neighbourhood counts in its wijk)."""

    def __init__(self, municipality_id: int):
        self.parent = dict(
            Area.objects.filter(municipality_id=municipality_id).values_list("id", "parent_id")
        )

    def __call__(self, area_id: int | None) -> int:
        if area_id is None:
            return NO_GROUP
        return self.parent.get(area_id) or area_id


def _area_q(scope: Scope, path: str) -> Q:
    """Narrow to one area: that area and the neighbourhoods in it."""
    if scope.area_id is None:
        return Q()
    return Q(**{f"{path}__area_id": scope.area_id}) | Q(
        **{f"{path}__area__parent_id": scope.area_id}
    )


def _month(day: date) -> date:
    return day.replace(day=1)


def _alerts(scope: Scope):
    alerts = Alert.objects.filter(
        municipality_id=scope.municipality_id, raised_on__gte=scope.start, raised_on__lte=scope.end
    ).filter(_area_q(scope, "household"))
    if scope.team_id is not None:
        alerts = alerts.filter(team_id=scope.team_id)
    return alerts


def _cases(scope: Scope, day_field: str):
    cases = Case.objects.filter(
        municipality_id=scope.municipality_id,
        **{f"{day_field}__gte": scope.start, f"{day_field}__lte": scope.end},
    ).filter(_area_q(scope, "household"))
    if scope.team_id is not None:
        cases = cases.filter(team_id=scope.team_id)
    return cases


def _records_signal_to_alert(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    rows = (
        _alerts(scope)
        .annotate(first=Min("evidence__signal__received_on"))
        .filter(first__isnull=False)
        .values_list("team_id", "household__area_id", "rule_id", "raised_on", "first")
    )
    for team, area, rule, raised, first in rows:
        yield Record(team or NO_GROUP, districts(area), rule, _month(raised), (raised - first).days)


def _records_alert_to_triage(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    rows = (
        _alerts(scope)
        .annotate(first=Min("triages__created_at"))
        .filter(first__isnull=False)
        .values_list("team_id", "household__area_id", "rule_id", "raised_on", "first")
    )
    for team, area, rule, raised, first in rows:
        days = max((timezone.localtime(first).date() - raised).days, 0)
        yield Record(team or NO_GROUP, districts(area), rule, _month(raised), days)


def _records_alert_to_first_contact(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    contact = "triages__case__contacts"
    rows = (
        _alerts(scope)
        .annotate(
            first=Min(
                f"{contact}__done_on",
                filter=Q(
                    **{
                        f"{contact}__status": Contact.Status.DONE,
                        f"{contact}__kind__in": [Contact.Kind.VISIT, Contact.Kind.CALL],
                        f"{contact}__done_on__gte": F("raised_on"),
                    }
                ),
            )
        )
        .filter(first__isnull=False)
        .values_list("team_id", "household__area_id", "rule_id", "raised_on", "first")
    )
    for team, area, rule, raised, first in rows:
        yield Record(team or NO_GROUP, districts(area), rule, _month(raised), (first - raised).days)


def _records_stacked_visited(scope: Scope) -> Iterable[Record]:
    """One record per household and month: visited when a home visit was done after an alert."""
    districts = _Districts(scope.municipality_id)
    visit = Contact.objects.filter(
        case__household_id=OuterRef("household_id"),
        kind=Contact.Kind.VISIT,
        status=Contact.Status.DONE,
        done_on__gte=OuterRef("raised_on"),
    )
    rows = (
        _alerts(scope)
        .annotate(visited=Exists(visit))
        .values_list("team_id", "household__area_id", "household_id", "raised_on", "visited")
    )
    seen: dict[tuple[int, date], list] = {}
    for team, area, household, raised, visited in rows:
        key = (household, _month(raised))
        if key in seen:
            seen[key][3] = seen[key][3] or visited
        else:
            seen[key] = [team or NO_GROUP, districts(area), _month(raised), visited]
    for team, district, month, visited in seen.values():
        yield Record(team, district, "", month, int(bool(visited)))


def _core_domains(municipality_id: int) -> int:
    return (
        LifeDomain.objects.filter(weight=LifeDomain.Weight.CORE)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))
        .count()
    )


def _records_broad_look(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    needed = _core_domains(scope.municipality_id)
    rows = (
        _cases(scope, "opened_on")
        .annotate(
            core_done=Count(
                "assessments__life_domain",
                distinct=True,
                filter=Q(assessments__life_domain__weight=LifeDomain.Weight.CORE),
            ),
        )
        .values_list("team_id", "household__area_id", "opened_on", "core_done")
    )
    for team, area, opened, done in rows:
        yield Record(team, districts(area), "", _month(opened), int(needed > 0 and done >= needed))


def _records_plan(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    rows = (
        _cases(scope, "opened_on")
        .annotate(
            n_goals=Exists(Goal.objects.filter(case_id=OuterRef("pk"))),
            n_agreements=Exists(Agreement.objects.filter(case_id=OuterRef("pk"))),
        )
        .values_list(
            "team_id", "household__area_id", "opened_on", "n_goals", "n_agreements", "case_lead_id"
        )
    )
    for team, area, opened, goals, agreements, lead in rows:
        yield Record(
            team, districts(area), "", _month(opened), int(bool(goals and agreements and lead))
        )


def _records_check_ins(scope: Scope) -> Iterable[Record]:
    """Check-ins due in the period and already past: kept when done. Check-ins cancelled
    because the case closed do not count either way."""
    districts = _Districts(scope.municipality_id)
    last = min(scope.end, scope.today - timedelta(days=1))
    contacts = Contact.objects.filter(
        municipality_id=scope.municipality_id,
        kind=Contact.Kind.CHECK_IN,
        due_on__gte=scope.start,
        due_on__lte=last,
        status__in=[Contact.Status.DONE, Contact.Status.PLANNED],
    ).filter(_area_q(scope, "case__household"))
    if scope.team_id is not None:
        contacts = contacts.filter(case__team_id=scope.team_id)
    rows = contacts.values_list("case__team_id", "case__household__area_id", "due_on", "status")
    for team, area, due, status in rows:
        yield Record(team, districts(area), "", _month(due), int(status == Contact.Status.DONE))


def _records_well_landed(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    rows = _cases(scope, "closed_on").values_list(
        "team_id", "household__area_id", "closed_on", "well_landed"
    )
    for team, area, closed, well in rows:
        yield Record(team, districts(area), "", _month(closed), int(well))


def _records_relapse(scope: Scope) -> Iterable[Record]:
    """Cases closed well landed in the period; a relapse when the relapse rule raised an alert
    for the household within a year after closing. A closing less than a year ago is still
    counted: the figure for recent months can still grow."""
    districts = _Districts(scope.municipality_id)
    cases = list(
        _cases(scope, "closed_on")
        .filter(well_landed=True)
        .values_list("team_id", "household__area_id", "household_id", "closed_on")
    )
    relapses: dict[int, list[date]] = defaultdict(list)
    households = {c[2] for c in cases}
    if households:
        for household, raised in Alert.objects.filter(
            municipality_id=scope.municipality_id,
            rule_version__kind=RELAPSE_KIND,
            household_id__in=households,
            raised_on__gte=scope.start,
        ).values_list("household_id", "raised_on"):
            relapses[household].append(raised)
    for team, area, household, closed in cases:
        relapsed = any(
            closed < raised <= closed + timedelta(days=RELAPSE_DAYS)
            for raised in relapses[household]
        )
        yield Record(team, districts(area), "", _month(closed), int(relapsed))


def _records_own_strength(scope: Scope) -> Iterable[Record]:
    """Triages made in the period (their month): solved with the household's own strength, its
    network or a general provision, against every other outcome. Counted per triage, by the
    alert's team and the household's district."""
    districts = _Districts(scope.municipality_id)
    triages = Triage.objects.filter(
        municipality_id=scope.municipality_id,
        created_at__date__gte=scope.start,
        created_at__date__lte=scope.end,
    ).filter(_area_q(scope, "alert__household"))
    if scope.team_id is not None:
        triages = triages.filter(alert__team_id=scope.team_id)
    rows = triages.values_list(
        "alert__team_id", "alert__household__area_id", "created_at", "outcome"
    )
    for team, area, created, outcome in rows:
        day = timezone.localtime(created).date()
        yield Record(
            team or NO_GROUP,
            districts(area),
            "",
            _month(day),
            int(outcome == Triage.Outcome.OWN_STRENGTH),
        )


def _records_alerts(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    rows = _alerts(scope).values_list("team_id", "household__area_id", "rule_id", "raised_on")
    for team, area, rule, raised in rows:
        yield Record(team or NO_GROUP, districts(area), rule, _month(raised), 1)


def _reports(scope: Scope):
    reports = Report.objects.filter(
        municipality_id=scope.municipality_id,
        month__gte=_month(scope.start),
        month__lte=scope.end,
    ).filter(_area_q(scope, "household"))
    return reports


def _report_team(scope: Scope) -> Callable[[int | None], int]:
    teams = team_by_area(municipality_id=scope.municipality_id)
    return lambda area: teams.get(area, NO_GROUP) if area else NO_GROUP


def _records_ew_contacted(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    team_of = _report_team(scope)
    reached = ContactAttempt.objects.filter(report_id=OuterRef("pk"), reached=True)
    rows = (
        _reports(scope)
        .annotate(reached=Exists(reached))
        .values_list("household__area_id", "month", "reached")
    )
    for area, month, was_reached in rows:
        team = team_of(area)
        if scope.team_id is not None and team != scope.team_id:
            continue
        yield Record(team, districts(area), "", _month(month), int(was_reached))


def _records_ew_outcomes(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    team_of = _report_team(scope)
    rows = _reports(scope).exclude(outcome="").values_list("household__area_id", "month", "outcome")
    for area, month, outcome in rows:
        team = team_of(area)
        if scope.team_id is not None and team != scope.team_id:
            continue
        yield Record(team, districts(area), outcome, _month(month), 1)


def _records_ew_signals(scope: Scope) -> Iterable[Record]:
    """Early-warning signals of creditors per month, per kind of creditor (what the monthly
    early-warning figures showed before they moved here)."""
    districts = _Districts(scope.municipality_id)
    team_of = _report_team(scope)
    signals = DebtSignal.objects.filter(
        municipality_id=scope.municipality_id,
        month__gte=_month(scope.start),
        month__lte=scope.end,
    ).filter(_area_q(scope, "household"))
    rows = signals.values_list("household__area_id", "month", "partner_type")
    for area, month, kind in rows:
        team = team_of(area)
        if scope.team_id is not None and team != scope.team_id:
            continue
        yield Record(team, districts(area), kind, _month(month), 1)


def _records_ew_reports(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    team_of = _report_team(scope)
    rows = _reports(scope).values_list("household__area_id", "month")
    for area, month in rows:
        team = team_of(area)
        if scope.team_id is not None and team != scope.team_id:
            continue
        yield Record(team, districts(area), "", _month(month), 1)


def _records_ew_several(scope: Scope) -> Iterable[Record]:
    districts = _Districts(scope.municipality_id)
    team_of = _report_team(scope)
    rows = _reports(scope).values_list("household__area_id", "month", "several_creditors")
    for area, month, several in rows:
        team = team_of(area)
        if scope.team_id is not None and team != scope.team_id:
            continue
        yield Record(team, districts(area), "", _month(month), int(several))


def _records_red_flag_alerts(scope: Scope) -> Iterable[Record]:
    """One record per alert and red-flag type among the signals behind it (not a figure of its
    own: a plan's red flag reads it, see `red_flag_alerts`)."""
    districts = _Districts(scope.municipality_id)
    rows = (
        _alerts(scope)
        .filter(evidence__signal__signal_type__red_flag_type__isnull=False)
        .values_list(
            "id",
            "team_id",
            "household__area_id",
            "raised_on",
            "evidence__signal__signal_type__red_flag_type_id",
        )
        .distinct()
    )
    for _alert, team, area, raised, flag_type in rows:
        yield Record(team or NO_GROUP, districts(area), flag_type, _month(raised), 1)


# The figures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    code: str
    title: Promise
    how: Promise  # how it is counted, in plain words
    kind: Kind
    records: Callable[[Scope], Iterable[Record]]
    extra: Breakdown | None = None  # a third breakdown beside team and district
    pillar_step: str = ""  # the KPMG route step it speaks to (for the self-assessment)


FIGURES: dict[str, Figure] = {
    figure.code: figure
    for figure in (
        Figure(
            "signal_to_alert",
            _("Tijd van signaal tot melding"),
            _(
                "Mediaan in dagen: van de dag dat het eerste signaal achter een melding binnenkwam "
                "tot de dag dat de regel de melding gaf. Per maand waarin de melding ontstond."
            ),
            Kind.DURATION,
            _records_signal_to_alert,
            Breakdown.RULE,
            "2",
        ),
        Figure(
            "alert_to_triage",
            _("Tijd van melding tot triage"),
            _("Mediaan in dagen: van de melding tot de eerste triage ervan."),
            Kind.DURATION,
            _records_alert_to_triage,
            Breakdown.RULE,
            "3",
        ),
        Figure(
            "alert_to_first_contact",
            _("Tijd van melding tot eerste contact"),
            _(
                "Mediaan in dagen: van de melding tot het eerste huisbezoek of telefoongesprek "
                "dat daarna werd gedaan in de casus die eruit volgde."
            ),
            Kind.DURATION,
            _records_alert_to_first_contact,
            Breakdown.RULE,
            "4",
        ),
        Figure(
            "stacked_visited",
            _("Huishoudens met stapeling die bezocht zijn"),
            _(
                "Van de huishoudens waarover een regel in die maand een melding gaf: het deel "
                "waar daarna een huisbezoek is gedaan."
            ),
            Kind.SHARE,
            _records_stacked_visited,
            None,
            "4",
        ),
        Figure(
            "broad_look_done",
            _("Casussen met de brede blik"),
            _(
                "Van de casussen die in die maand zijn geopend: het deel waarin alle vijf de "
                "kerngebieden zijn bekeken."
            ),
            Kind.SHARE,
            _records_broad_look,
            None,
            "5",
        ),
        Figure(
            "plan_with_case_lead",
            _("Casussen met een plan en een casusregisseur"),
            _(
                "Van de casussen die in die maand zijn geopend: het deel met ten minste één doel, "
                "één afspraak en een casusregisseur."
            ),
            Kind.SHARE,
            _records_plan,
            None,
            "6",
        ),
        Figure(
            "check_ins_kept",
            _("Waakvlamcontacten nagekomen"),
            _(
                "Van de waakvlamcontacten die in die maand gepland stonden en al voorbij zijn: het "
                "deel dat is gedaan. Contacten die vervielen omdat de casus sloot, tellen niet mee."
            ),
            Kind.SHARE,
            _records_check_ins,
            None,
            "8",
        ),
        Figure(
            "closed_well_landed",
            _("Casussen goed geland afgesloten"),
            _("Van de casussen die in die maand zijn afgesloten: het deel dat goed geland is."),
            Kind.SHARE,
            _records_well_landed,
            None,
            "9",
        ),
        Figure(
            "relapse_within_year",
            _("Terugval binnen een jaar"),
            _(
                "Van de casussen die in die maand goed geland zijn afgesloten: het deel waarvoor "
                "de regel voor terugval binnen een jaar een melding gaf. Voor recente maanden is "
                "het jaar nog niet om."
            ),
            Kind.SHARE,
            _records_relapse,
            None,
            "10",
        ),
        Figure(
            "triage_own_strength",
            _("Opgelost met eigen kracht, netwerk of algemene voorziening"),
            _(
                "Van de triages in die maand: het deel waarin de vraag werd opgelost met de eigen "
                "kracht van het huishouden, het netwerk of een algemene voorziening (in Almelo "
                "ongeveer een derde)."
            ),
            Kind.SHARE,
            _records_own_strength,
            None,
            "3",
        ),
        Figure(
            "alerts_raised",
            _("Meldingen van de regels"),
            _("Het aantal meldingen dat de stapelingsregels gaven, per maand."),
            Kind.COUNT,
            _records_alerts,
            Breakdown.RULE,
            "2",
        ),
        Figure(
            "early_warning_contacted",
            _("Vroegsignalen: inwoner bereikt"),
            _(
                "Van de meldingen vroegsignalering van die maand: het deel waarin de inwoner "
                "bij een contactpoging is bereikt."
            ),
            Kind.SHARE,
            _records_ew_contacted,
            None,
            "1",
        ),
        Figure(
            "early_warning_outcomes",
            _("Vroegsignalen: eindresultaat"),
            _("Het aantal afgeronde meldingen vroegsignalering per eindresultaat."),
            Kind.COUNT,
            _records_ew_outcomes,
            Breakdown.OUTCOME,
            "1",
        ),
        # The monthly early-warning figures (issue 17, point 5: they moved here from the
        # early-warning pages, which link to them).
        Figure(
            "early_warning_signals",
            _("Vroegsignalen: signalen van schuldeisers"),
            _("Het aantal signalen over betalingsachterstanden dat schuldeisers per maand gaven."),
            Kind.COUNT,
            _records_ew_signals,
            Breakdown.CREDITOR,
            "1",
        ),
        Figure(
            "early_warning_reports",
            _("Vroegsignalen: meldingen"),
            _(
                "Het aantal meldingen vroegsignalering per maand: de signalen op één adres in "
                "een maand samen."
            ),
            Kind.COUNT,
            _records_ew_reports,
            None,
            "1",
        ),
        Figure(
            "early_warning_several_creditors",
            _("Vroegsignalen: meer schuldeisers tegelijk"),
            _(
                "Van de meldingen vroegsignalering van die maand: het deel met signalen van meer "
                "dan één schuldeiser."
            ),
            Kind.SHARE,
            _records_ew_several,
            None,
            "1",
        ),
    )
}

EARLY_WARNING_FIGURES = (
    "early_warning_signals",
    "early_warning_reports",
    "early_warning_several_creditors",
    "early_warning_contacted",
    "early_warning_outcomes",
)

# Kept beside the figures by the refresh, but no figure of its own: alerts per red-flag type
# overlap (an alert can rest on signals of several flags), so they are never a breakdown with
# totals; each number is published on its own.
RED_FLAG_ALERTS = "red_flag_alerts"


# Tables ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureTable:
    """One breakdown of a figure: rows (teams, districts, rules or end results) by month.

    For a count `cells` hold int | None, for a share Share | None, for a duration
    Duration | None; None is hidden. No true value of a hidden cell is kept here."""

    figure: Figure
    breakdown: Breakdown
    months: tuple[date, ...]
    labels: tuple[str, ...]
    cells: tuple[tuple, ...]
    row_totals: tuple
    column_totals: tuple
    grand_total: object
    threshold: int


def _labels(scope: Scope, breakdown: Breakdown, keys: list) -> dict:
    if breakdown == Breakdown.TEAM:
        names = dict(
            Team.objects.filter(municipality_id=scope.municipality_id).values_list("id", "name")
        )
        missing = str(_("Geen team"))
    elif breakdown == Breakdown.DISTRICT:
        names = dict(
            Area.objects.filter(municipality_id=scope.municipality_id).values_list("id", "name")
        )
        missing = str(_("Geen wijk bekend"))
    elif breakdown == Breakdown.RULE:
        names = dict(
            Rule.objects.filter(municipality_id=scope.municipality_id).values_list("id", "title")
        )
        missing = str(_("Onbekende regel"))
    elif breakdown == Breakdown.CREDITOR:
        names = {value: str(label) for value, label in PartnerType.choices}
        missing = str(_("Onbekend"))
    else:
        names = {value: str(label) for value, label in Outcome.choices}
        missing = str(_("Onbekend"))
    return {key: str(names.get(key, missing)) if key != NO_GROUP else missing for key in keys}


def _row_keys(scope: Scope, breakdown: Breakdown, found: set) -> list:
    """Every team (or district, rule, end result) gets a row, also without records: a missing
    row would itself say 'none here'."""
    if breakdown == Breakdown.TEAM:
        keys = list(
            Team.objects.filter(municipality_id=scope.municipality_id)
            .order_by("name")
            .values_list("id", flat=True)
        )
        if scope.team_id is not None:
            keys = [scope.team_id]
    elif breakdown == Breakdown.DISTRICT:
        keys = list(
            Area.objects.filter(municipality_id=scope.municipality_id, parent__isnull=True)
            .order_by("cbs_code")
            .values_list("id", flat=True)
        )
    elif breakdown == Breakdown.RULE:
        keys = list(
            Rule.objects.filter(municipality_id=scope.municipality_id)
            .order_by("title")
            .values_list("id", flat=True)
        )
    elif breakdown == Breakdown.CREDITOR:
        keys = [value for value, _label in PartnerType.choices]
    else:
        keys = [value for value, _label in Outcome.choices]
    return keys + sorted((k for k in found if k not in keys), key=str)


def _key(record: Record, breakdown: Breakdown):
    if breakdown == Breakdown.TEAM:
        return record.team
    if breakdown == Breakdown.DISTRICT:
        return record.district
    return record.extra


def _breakdowns(figure: Figure) -> list[Breakdown]:
    found = [Breakdown.TEAM, Breakdown.DISTRICT]
    if figure.extra is not None:
        found.append(figure.extra)
    return found


def figure_tables(
    code: str,
    *,
    municipality,
    start: date,
    end: date,
    team=None,
    area=None,
    today=None,
    breakdowns=None,
) -> dict[Breakdown, FigureTable]:
    """Every breakdown of one figure for the period, from the monthly rows `insights_refresh`
    keeps (`summary`); a duration only in the breakdowns asked for, when asked."""
    from .summary import summary_tables

    return summary_tables(
        code,
        municipality=municipality,
        start=start,
        end=end,
        team=team,
        area=area,
        today=today,
        breakdowns=breakdowns,
    )


def live_figure_tables(
    code: str, *, municipality, start: date, end: date, team=None, area=None, today=None
) -> dict[Breakdown, FigureTable]:
    """The same tables computed directly from the execution rows: what `summary.refresh`
    stores, and what the tests compare the kept rows with. Too slow for a page at scale."""
    figure = FIGURES[code]
    scope = scope_for(
        municipality=municipality, start=start, end=end, team=team, area=area, today=today
    )
    records = list(figure.records(scope))
    return _tables(figure, scope, records)


def _tables(
    figure: Figure, scope: Scope, records: list[Record], breakdowns: list[Breakdown] | None = None
) -> dict[Breakdown, FigureTable]:
    """Tables per breakdown. Only a duration may ask for some breakdowns: counts and shares are
    suppressed together over all of them."""
    months = scope.months
    column = {month: i for i, month in enumerate(months)}
    limit = threshold()
    result: dict[Breakdown, FigureTable] = {}
    layouts = {}
    if breakdowns is not None and figure.kind != Kind.DURATION:
        raise ValueError("counts and shares are suppressed over all their breakdowns together")
    for breakdown in breakdowns if breakdowns is not None else _breakdowns(figure):
        keys = _row_keys(scope, breakdown, {_key(r, breakdown) for r in records})
        row = {key: i for i, key in enumerate(keys)}
        layouts[breakdown] = (keys, row)
    if figure.kind == Kind.DURATION:
        for breakdown, (keys, row) in layouts.items():
            days: dict[tuple[int, int], Counter[int]] = defaultdict(Counter)
            for r in records:
                if r.month in column:
                    days[(row[_key(r, breakdown)], column[r.month])][r.value] += r.weight
            result[breakdown] = _duration_table(figure, breakdown, scope, keys, months, days, limit)
        return result
    counts: dict[Breakdown, tuple[list[list[int]], list[list[int]]]] = {}
    for breakdown, (keys, row) in layouts.items():
        parts = [[0] * len(months) for _ in keys]
        wholes = [[0] * len(months) for _ in keys]
        for r in records:
            if r.month in column:
                i, j = row[_key(r, breakdown)], column[r.month]
                parts[i][j] += r.value * r.weight
                wholes[i][j] += r.weight
        counts[breakdown] = (parts, wholes)
    labels = {b: _labels(scope, b, keys) for b, (keys, _row) in layouts.items()}
    if figure.kind == Kind.COUNT:
        published = publish_linked({b: c[1] for b, c in counts.items()}, threshold=limit)
        for breakdown, table in published.items():
            keys = layouts[breakdown][0]
            result[breakdown] = FigureTable(
                figure,
                breakdown,
                tuple(months),
                tuple(labels[breakdown][k] for k in keys),
                table.cells,
                table.row_totals,
                table.column_totals,
                table.grand_total,
                limit,
            )
        return result
    shown_parts = publish_linked({b: c[0] for b, c in counts.items()}, threshold=limit)
    rests = {
        b: [[w - p for p, w in zip(pr, wr, strict=True)] for pr, wr in zip(*c, strict=True)]
        for b, c in counts.items()
    }
    shown_rests = publish_linked(rests, threshold=limit)
    for breakdown in counts:
        keys = layouts[breakdown][0]
        shares = combine_shares(shown_parts[breakdown], shown_rests[breakdown])
        result[breakdown] = FigureTable(
            figure,
            breakdown,
            tuple(months),
            tuple(labels[breakdown][k] for k in keys),
            shares.cells,
            shares.row_totals,
            shares.column_totals,
            shares.grand_total,
            limit,
        )
    return result


def _duration_table(figure, breakdown, scope, keys, months, days, limit) -> FigureTable:
    """`days` maps (row, column) to how many records took each number of days."""
    labels = _labels(scope, breakdown, keys)
    cells = tuple(
        tuple(
            publish_duration_counts(days.get((i, j), Counter()), threshold=limit)
            for j in range(len(months))
        )
        for i in range(len(keys))
    )
    row_totals = tuple(
        publish_duration_counts(
            _merged(days.get((i, j)) for j in range(len(months))), threshold=limit
        )
        for i in range(len(keys))
    )
    column_totals = tuple(
        publish_duration_counts(
            _merged(days.get((i, j)) for i in range(len(keys))), threshold=limit
        )
        for j in range(len(months))
    )
    grand = publish_duration_counts(_merged(days.values()), threshold=limit)
    return FigureTable(
        figure,
        breakdown,
        tuple(months),
        tuple(labels[k] for k in keys),
        cells,
        row_totals,
        column_totals,
        grand,
        limit,
    )


def _merged(counters: Iterable[Counter[int] | None]) -> Counter[int]:
    total: Counter[int] = Counter()
    for counter in counters:
        if counter:
            total.update(counter)
    return total


# The one-number functions ------------------------------------------------------------------------


def figure_value(code: str, *, municipality, start: date, end: date, team=None, area=None):
    """The figure for the whole scope and period: the grand total of its breakdowns, from the
    monthly rows (`summary`)."""
    from .summary import summary_total

    return summary_total(
        code, municipality=municipality, start=start, end=end, team=team, area=area
    )


def signal_to_alert_days(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Duration | None:
    return figure_value(  # type: ignore[no-any-return]
        "signal_to_alert", municipality=municipality, start=start, end=end, team=team, area=area
    )


def alert_to_triage_days(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Duration | None:
    return figure_value(  # type: ignore[no-any-return]
        "alert_to_triage", municipality=municipality, start=start, end=end, team=team, area=area
    )


def alert_to_first_contact_days(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Duration | None:
    return figure_value(  # type: ignore[no-any-return]
        "alert_to_first_contact",
        municipality=municipality,
        start=start,
        end=end,
        team=team,
        area=area,
    )


def stacked_households_visited(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Share | None:
    return figure_value(  # type: ignore[no-any-return]
        "stacked_visited", municipality=municipality, start=start, end=end, team=team, area=area
    )


def broad_look_done(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Share | None:
    return figure_value(  # type: ignore[no-any-return]
        "broad_look_done", municipality=municipality, start=start, end=end, team=team, area=area
    )


def plan_with_case_lead(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Share | None:
    return figure_value(  # type: ignore[no-any-return]
        "plan_with_case_lead", municipality=municipality, start=start, end=end, team=team, area=area
    )


def check_ins_kept(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Share | None:
    return figure_value(  # type: ignore[no-any-return]
        "check_ins_kept", municipality=municipality, start=start, end=end, team=team, area=area
    )


def closed_well_landed(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Share | None:
    return figure_value(  # type: ignore[no-any-return]
        "closed_well_landed", municipality=municipality, start=start, end=end, team=team, area=area
    )


def relapse_within_year(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Share | None:
    return figure_value(  # type: ignore[no-any-return]
        "relapse_within_year", municipality=municipality, start=start, end=end, team=team, area=area
    )


def triage_own_strength(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Share | None:
    return figure_value(  # type: ignore[no-any-return]
        "triage_own_strength", municipality=municipality, start=start, end=end, team=team, area=area
    )


def alerts_raised(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> int | None:
    return figure_value(  # type: ignore[no-any-return]
        "alerts_raised", municipality=municipality, start=start, end=end, team=team, area=area
    )


def early_warning_contacted(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> Share | None:
    return figure_value(  # type: ignore[no-any-return]
        "early_warning_contacted",
        municipality=municipality,
        start=start,
        end=end,
        team=team,
        area=area,
    )


def alerts_per_rule(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> list[tuple[str, int | None]]:
    """(rule title, alerts raised in the period) for every rule of the municipality."""
    table = figure_tables(
        "alerts_raised", municipality=municipality, start=start, end=end, team=team, area=area
    )[Breakdown.RULE]
    return list(zip(table.labels, table.row_totals, strict=True))


def early_warning_outcomes(
    *,
    municipality: Municipality | int,
    start: date,
    end: date,
    team: Team | int | None = None,
    area: Area | int | None = None,
) -> list[tuple[str, int | None]]:
    """(end result, early-warning reports closed with it) for each of the fifteen end results."""
    table = figure_tables(
        "early_warning_outcomes",
        municipality=municipality,
        start=start,
        end=end,
        team=team,
        area=area,
    )[Breakdown.OUTCOME]
    return list(zip(table.labels, table.row_totals, strict=True))
