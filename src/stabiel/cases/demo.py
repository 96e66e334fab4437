"""Demo cases for Zeist, so the home page and the case list have content. Idempotent."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from stabiel.accounts.models import Team, User
from stabiel.catalogue.models import LifeDomain, LifeEvent, ProvisionType
from stabiel.rules.models import Alert
from stabiel.rules.services import alert_assign

from . import services
from .models import Case, Contact


def cases_demo_load(municipality) -> int:
    """Three cases of 'toegang' in Wijkteam Zeist-Oost and one alert on her name. Returns the
    number of cases made (0 when they exist already)."""
    if Case.objects.filter(municipality=municipality).exists():
        return 0
    worker = User.objects.filter(username="toegang", municipality=municipality).first()
    lead = User.objects.filter(username="teamleider", municipality=municipality).first()
    team = Team.objects.filter(municipality=municipality, name="Wijkteam Zeist-Oost").first()
    if worker is None or lead is None or team is None:
        return 0
    today = timezone.localdate()
    alerts = list(
        Alert.objects.filter(
            municipality=municipality, team=team, status=Alert.Status.OPEN, assigned_to=None
        )
        .select_related("rule", "household")
        .order_by("due_on", "id")[:5]
    )
    if len(alerts) < 4:
        return 0
    domains = {d.code: d for d in LifeDomain.objects.filter(municipality__isnull=True)}

    def triage(alert, outcome):
        return services.triage_record(
            actor=worker,
            alert=alert,
            urgency="soon",
            safety_concern=False,
            safety_note="",
            outcome=outcome,
            taken_by=worker,
        ).case

    # 1. a home visit that is overdue
    first = triage(alerts[0], "visit")
    Contact.objects.filter(case=first).update(due_on=today - timedelta(days=3))

    # 2. a case with a broad look, a plan and pilot-light check-ins, one of them overdue
    second = triage(alerts[1], "call")
    services.case_set_leads(actor=lead, case=second, case_lead=worker, process_lead=lead)
    for code, state, note in [
        ("wonen", "pressure", "Huurachterstand van twee maanden, verhuurder wil praten."),
        ("inkomen-en-schulden", "unstable", "Post blijft ongeopend liggen."),
        ("gezondheid", "stable", ""),
        ("sociale-contacten", "pressure", "Weinig contact sinds de scheiding."),
    ]:
        services.assessment_record(
            actor=worker, case=second, life_domain=domains[code], state=state, note=note
        )
    goal = services.goal_add(
        actor=worker,
        case=second,
        text="Ik wil weer slapen zonder zorgen over de huur.",
        life_domain=domains["inkomen-en-schulden"],
    )
    debt_help = ProvisionType.objects.filter(
        municipality__isnull=True, life_domain=domains["inkomen-en-schulden"]
    ).first()
    services.agreement_add(
        actor=worker,
        case=second,
        goal=goal,
        what="Samen de post openen en sorteren",
        owner="household",
        owner_name="Mevrouw",
        due_on=today + timedelta(days=7),
    )
    services.agreement_add(
        actor=worker,
        case=second,
        goal=goal,
        what="Aanmelden bij schuldhulp",
        owner="worker",
        owner_name="",
        due_on=today + timedelta(days=14),
        provision_type=debt_help,
    )
    divorce = LifeEvent.objects.filter(municipality__isnull=True, code="vechtscheiding").first()
    if divorce is not None:
        services.life_event_record(
            actor=worker,
            case=second,
            life_event=divorce,
            happened_on=today - timedelta(days=75),
            note="Meneer is vertrokken; mevrouw staat er alleen voor met twee kinderen.",
        )
    call = Contact.objects.get(case=second, kind="call")
    services.contact_record(
        actor=worker,
        case=second,
        kind="call",
        done_on=today,
        note="Eerste gesprek; mevrouw wil graag hulp bij de post.",
        contact=call,
    )
    services.check_ins_schedule(
        actor=worker,
        case=second,
        first_on=today,
        times=1,
        per="month",
        periods=3,
        then_times=1,
        then_per="quarter",
        then_periods=2,
        worker=worker,
    )
    Contact.objects.filter(case=second, kind="check_in").order_by("due_on").filter(
        pk=Contact.objects.filter(case=second, kind="check_in").order_by("due_on").first().pk
    ).update(due_on=today - timedelta(days=5))

    # 3. a visit planned in a week
    third = triage(alerts[2], "visit")
    Contact.objects.filter(case=third).update(due_on=today + timedelta(days=7))

    # 4. an alert on her name, not triaged yet: where there is one, an alert on a signal of the
    # demo partner's organisation, so 'melder' sees a signal of theirs as "opgepakt".
    partner = (
        User.objects.filter(username="melder", municipality=municipality)
        .values_list("partner_organisation_id", flat=True)
        .first()
    )
    own = (
        Alert.objects.filter(
            municipality=municipality,
            team=team,
            status=Alert.Status.OPEN,
            assigned_to=None,
            evidence__signal__partner_id=partner,
        )
        .order_by("due_on", "id")
        .first()
        if partner
        else None
    )
    alert_assign(actor=lead, alert=own or alerts[3], assignee=worker)

    # 5. a question solved with the household's own strength (counted in the figures)
    assigned = own or alerts[3]
    solved = next((a for a in alerts[3:] if a.pk != assigned.pk), None)
    if solved is not None:
        services.triage_record(
            actor=worker,
            alert=solved,
            urgency="can_wait",
            safety_concern=False,
            safety_note="",
            outcome="own_strength",
            reason="De zoon regelt de post samen met zijn moeder; zij gaat naar de inloop van de bibliotheek.",
        )
    return 3


# The team's past work ----------------------------------------------------------------------------

HISTORY_RULES = (
    "drie-beschikkingen",
    "meerdere-schuldeisers",
    "onbetaalde-rekeningen",
    "rode-vlaggen-langsgaan",
    "steeds-andere-hulpvraag",
    "korte-beschikkingen",
)
HISTORY_WORKERS = {"Wijkteam Zeist-Oost": "toegang", "Wijkteam Zeist-West": "toegang-west"}


def _month_starts(first: date, last: date) -> list[date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


@transaction.atomic
def history_demo_load(municipality, *, today: date | None = None, seed: int = 17) -> int:
    """The teams' past work from January last year up to last month, so the outcome figures and
    a plan's progress view show values over time (the demo's rules run once, today).

    Each month, per team, 20 to 28 alerts of the seeded rules; for a share of them (rising from
    about 40% to 70%: the demo plan's home-visit measure starts to work) a case was opened, a
    home visit done within three weeks, and the case closed within four months, most of them
    well landed; the others were closed after talking it over in the team. Everything is
    closed, so no worker's list of open work changes. The signals behind these past alerts are
    not in the demo: an old alert shows no evidence. Made directly (bulk), not through the
    services, because it is history. Idempotent: nothing happens when an alert older than this
    month exists. Returns the number of alerts made.
    """
    from stabiel.accounts.models import Team
    from stabiel.residents.queries import household_areas_of_municipality
    from stabiel.rules.engine import team_by_area
    from stabiel.rules.models import Rule

    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    if Alert.objects.filter(municipality=municipality, raised_on__lt=this_month).exists():
        return 0
    rules = list(
        Rule.objects.filter(municipality=municipality, code__in=HISTORY_RULES).prefetch_related(
            "versions"
        )
    )
    teams = {t.name: t for t in Team.objects.filter(municipality=municipality)}
    workers = {
        name: User.objects.filter(municipality=municipality, username=username).first()
        for name, username in HISTORY_WORKERS.items()
    }
    if not rules or any(name not in teams or workers[name] is None for name in HISTORY_WORKERS):
        return 0
    versions = {rule.pk: min(rule.versions.all(), key=lambda v: v.number) for rule in rules}
    team_of = team_by_area(municipality_id=municipality.pk)
    households: dict[int, list[int]] = {teams[name].pk: [] for name in HISTORY_WORKERS}
    for pk, area in household_areas_of_municipality(municipality_id=municipality.pk):
        team_id = team_of.get(area) if area else None
        if team_id in households:
            households[team_id].append(pk)
    if any(len(ids) < 40 for ids in households.values()):
        return 0
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    months = _month_starts(date(today.year - 1, 1, 1), this_month - timedelta(days=1))
    yesterday = today - timedelta(days=1)
    plan: list[tuple[Alert, int | None, date, date, bool, date]] = []
    alerts: list[Alert] = []
    for index, month in enumerate(months):
        visited_share = 0.4 + 0.3 * index / max(len(months) - 1, 1)
        month_end = min((month + timedelta(days=32)).replace(day=1) - timedelta(days=1), yesterday)
        for name in HISTORY_WORKERS:
            team = teams[name]
            for household_id in rng.sample(households[team.pk], rng.randint(20, 28)):
                rule = rng.choice(rules)
                raised = month + timedelta(days=rng.randint(0, (month_end - month).days))
                visited = rng.random() < visited_share
                closed = raised + timedelta(days=rng.randint(2, 10))
                alert = Alert(
                    municipality=municipality,
                    household_id=household_id,
                    rule=rule,
                    rule_version=versions[rule.pk],
                    team=team,
                    status=Alert.Status.CLOSED,
                    raised_on=raised,
                    due_on=raised + timedelta(days=14),
                    closed_at=timezone.make_aware(
                        datetime.combine(min(closed, yesterday), time(10))
                    ),
                    close_reason=(
                        "Casus geopend; huisbezoek gedaan."
                        if visited
                        else "Besproken in het team: het huishouden redt het zelf."
                    ),
                )
                alerts.append(alert)
                if visited:
                    opened = min(raised + timedelta(days=rng.randint(1, 6)), yesterday)
                    visit = min(opened + timedelta(days=rng.randint(2, 20)), yesterday)
                    length = rng.randint(30, 120)
                    if visit + timedelta(days=length) > yesterday:  # a recent case: shorter
                        length = rng.randint(0, max((yesterday - visit).days, 0))
                    ends = visit + timedelta(days=length)
                    plan.append((alert, team.pk, opened, visit, rng.random() < 0.75, ends))
    Alert.objects.bulk_create(alerts, batch_size=1000)
    cases = []
    for alert, team_id, opened, _visit, well, ends in plan:
        cases.append(
            Case(
                municipality=municipality,
                household_id=alert.household_id,
                team_id=team_id,
                case_lead=workers[alert.team.name],
                status=Case.Status.CLOSED,
                opened_on=opened,
                closed_on=ends,
                closed_reason=(
                    "Goed geland: de doelen zijn gehaald." if well else "Huishouden wilde stoppen."
                ),
                well_landed=well,
                origin_alert=alert,
            )
        )
    Case.objects.bulk_create(cases, batch_size=1000)
    Contact.objects.bulk_create(
        (
            Contact(
                municipality=municipality,
                case=case,
                kind=Contact.Kind.VISIT,
                worker=case.case_lead,
                due_on=visit,
                status=Contact.Status.DONE,
                done_on=visit,
                note="Kennismaking thuis.",
            )
            for case, (_alert, _team, _opened, visit, _well, _ends) in zip(cases, plan, strict=True)
        ),
        batch_size=1000,
    )
    return len(alerts)
