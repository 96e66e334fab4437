"""Demo content for the safety part in Zeist, so its screens are not empty. Idempotent.

The ladder's rungs and times are an example of local AVE agreements, not a norm."""

from datetime import timedelta

from django.utils import timezone

from stabiel.accounts.models import Team, User
from stabiel.cases import services as case_services
from stabiel.cases.models import Case
from stabiel.residents.access import households_visible_to

from . import queries, services
from .models import EscalationLevel, InvolvedParty

LADDER = [
    ("Medewerker toegang en teamleider", 10),
    ("Management sociaal domein", 10),
    ("Directeuren van de betrokken organisaties", 15),
    ("Bestuurders (wethouder)", 20),
]


def safety_demo_load(municipality) -> bool:
    if InvolvedParty.objects.filter(municipality=municipality).exists():
        return False
    worker = User.objects.filter(username="toegang", municipality=municipality).first()
    lead = User.objects.filter(username="teamleider", municipality=municipality).first()
    admin = User.objects.filter(username="beheer", municipality=municipality).first()
    specialist = User.objects.filter(username="veiligheid", municipality=municipality).first()
    team = Team.objects.filter(municipality=municipality, name="Wijkteam Zeist-Oost").first()
    if None in (worker, lead, admin, specialist, team):
        return False
    if not EscalationLevel.objects.filter(municipality=municipality).exists():
        for name, days in LADDER:
            services.escalation_level_add(actor=admin, name=name, agreed_days=days)
    case = (
        Case.objects.filter(municipality=municipality, team=team, case_lead=worker, status="open")
        .exclude(process_lead=None)
        .order_by("pk")
        .first()
    )
    if case is None:
        return False
    today = timezone.localdate()
    services.meldcode_step_record(
        actor=worker,
        case=case,
        kind="signals",
        happened_on=today - timedelta(days=6),
        note="Buurvrouw hoorde vaak harde ruzie; de oudste zoon verzuimt school.",
    )
    services.meldcode_step_record(
        actor=worker,
        case=case,
        kind="consult",
        happened_on=today - timedelta(days=5),
        consulted="Veiligheidsspecialist van het team",
        note="Advies: eerst een gesprek met moeder alleen.",
    )
    members = list(queries.case_members(case))
    if members:
        services.member_safety_record(
            actor=worker,
            case=case,
            person_id=members[0].person_id,
            level="concerns",
            seen_on=today - timedelta(days=4),
            note="Spanning thuis sinds het verlies van werk.",
        )
    services.safety_plan_make(
        actor=worker,
        case=case,
        agreements="Bij ruzie gaat vader een uur wandelen. De kinderen kunnen altijd naar oma.",
        when_wrong="Moeder belt oma of de medewerker toegang; bij direct gevaar 112.",
        made_with="Moeder, vader, oma",
        review_on=today + timedelta(days=21),
    )
    services.consult_ask(
        actor=worker,
        case=case,
        adviser=specialist,
        question="Vader wil niet praten over de ruzies. Hoe pak ik het volgende gesprek aan?",
    )
    school = services.party_add(
        actor=worker,
        case=case,
        organisation="Basisschool De Linde",
        role="Intern begeleider",
        since=today - timedelta(days=60),
        contact="030-0000000",
        care_worker="Juf Anouk",
    )
    youth = services.party_add(
        actor=worker,
        case=case,
        organisation="Jeugdhulp Heuvelrug",
        role="Ambulante jeugdhulp",
        since=today - timedelta(days=120),
        care_worker="Sanne",
    )
    services.care_worker_change(
        actor=worker,
        case=case,
        party_id=youth.pk,
        care_worker="Joost",
        from_on=today - timedelta(days=50),
    )
    services.care_worker_change(
        actor=worker,
        case=case,
        party_id=youth.pk,
        care_worker="Fatima",
        from_on=today - timedelta(days=10),
    )
    # A third change in the year: the rule "many changes of care worker" raises its alert.
    services.care_worker_change(
        actor=worker,
        case=case,
        party_id=youth.pk,
        care_worker="Ruben",
        from_on=today - timedelta(days=2),
    )
    services.consent_record(
        actor=worker,
        case=case,
        party_id=school.pk,
        purpose="progress",
        given_by="Moeder",
        given_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=180),
    )
    _closed_case_for_review(municipality, worker, team, today)
    return True


def _closed_case_for_review(municipality, worker, team, today) -> None:
    """One closed case this year, so the team lead can draw the review sample."""
    busy = Case.objects.filter(municipality=municipality).values("household_id")
    household = households_visible_to(worker).exclude(pk__in=busy).order_by("pk").first()
    if household is None:
        return
    case = case_services.case_open(actor=worker, household=household, team=team, case_lead=worker)
    case_services.case_close(
        actor=worker,
        case=case,
        reason="Huishouden verhuisd naar een andere gemeente.",
        well_landed=False,
    )


FREE_BUDGET_PURPOSES = (
    "Voorkomen dat problemen erger worden, hulp of behandeling mogelijk maken en stress "
    "verminderen. Kleine bedragen, snel geregeld."
)
# (months before today, amount in cents, purpose, what) of this year's and last year's spends
FREE_BUDGET_SPENDS = [
    (0, 4500, "enable_help", "OV-kaart met tegoed om naar de behandeling bij de GGZ te gaan"),
    (1, 8500, "prevent_worse", "Tweedehands fiets om naar werk en buurthuis te kunnen"),
    (2, 2995, "less_stress", "Boodschappen voor een week, tot de uitkering weer loopt"),
]
FREE_BUDGET_LAST_YEAR = [
    (3, 12000, "prevent_worse", "Achterstallige rekening van de sportclub van een kind"),
    (6, 3500, "enable_help", "Treinkaartjes naar een intakegesprek in Utrecht"),
    (9, 6000, "less_stress", "Reparatie van de wasmachine"),
]
# A busy year, so the policy side sees totals that are big enough to show (issue 20, part 5).
_LAST_YEAR_MORE = [
    ("enable_help", 2750, "Buskaart naar de dagbesteding"),
    ("prevent_worse", 4000, "Eerste termijn van een betalingsregeling"),
    ("enable_help", 1800, "Taxi naar het eerste gesprek bij de schuldhulp"),
    ("less_stress", 3500, "Kinderopvang voor een middag met de schuldhulp"),
]
for _n in range(24):
    _purpose, _cents, _what = _LAST_YEAR_MORE[_n % len(_LAST_YEAR_MORE)]
    FREE_BUDGET_LAST_YEAR.append((_n % 11, _cents + 50 * _n, _purpose, _what))


def free_budget_demo_load(municipality) -> bool:
    """This year's and last year's free budget of the demo team, last year's evaluated."""
    from .models import FreeBudget

    lead = User.objects.filter(username="teamleider", municipality=municipality).first()
    worker = User.objects.filter(username="toegang", municipality=municipality).first()
    team = Team.objects.filter(municipality=municipality, name="Wijkteam Zeist-Oost").first()
    if None in (lead, worker, team) or FreeBudget.objects.filter(team=team).exists():
        return False
    today = timezone.localdate()
    for year, amount, spends in (
        (today.year - 1, 250_000, FREE_BUDGET_LAST_YEAR),
        (today.year, 250_000, FREE_BUDGET_SPENDS),
    ):
        budget = services.free_budget_set(
            actor=lead, team=team.pk, year=year, amount_cents=amount, purposes=FREE_BUDGET_PURPOSES
        )
        for months, cents, purpose, what in spends:
            day = (
                today - timedelta(days=30 * months)
                if year == today.year
                else today.replace(year=year, month=12, day=1) - timedelta(days=30 * months)
            )
            services.free_budget_spend(
                actor=worker,
                budget=budget.pk,
                spent_on=max(day, today.replace(month=1, day=1)) if year == today.year else day,
                amount_cents=cents,
                purpose=purpose,
                what=what,
            )
        if year < today.year:
            services.free_budget_evaluate(
                actor=lead,
                budget=budget.pk,
                text=(
                    "Het meeste ging naar vervoer naar hulp en naar een eerste termijn, zodat "
                    "een rekening niet verder opliep. Elke uitgave had anders een aanvraag van "
                    "weken gekost. We bespreken voortaan elke maand een voorbeeld in het "
                    "casusoverleg."
                ),
            )
    return True


def party_from_inventory_demo_load(municipality) -> bool:
    """One organisation of the demo case chosen from the provision inventory (run after the
    inventory's demo), so the screen shows both ways: chosen and typed."""
    from stabiel.inventory.lookup import offering_choices

    worker = User.objects.filter(username="toegang", municipality=municipality).first()
    first = InvolvedParty.objects.filter(municipality=municipality).order_by("pk").first()
    if worker is None or first is None:
        return False
    if InvolvedParty.objects.filter(municipality=municipality, offering__isnull=False).exists():
        return False
    case = Case.objects.filter(household_id=first.household_id, status="open").first()
    offerings = offering_choices(municipality=municipality)
    if case is None or not offerings:
        return False
    chosen = next((o for o in offerings if "schuld" in o.name.lower()), offerings[0])
    services.party_add(
        actor=worker,
        case=case,
        organisation="",
        role="",
        since=timezone.localdate() - timedelta(days=14),
        offering=chosen.id,
    )
    return True
