"""Demo cases for Zeist, so the home page and the case list have content. Idempotent."""

from datetime import timedelta

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
