"""Demo: a case table two weeks ago with a decided, anonymous case, and today's case table that
follows it up; a signalling meeting of Zeist-Oost with one named resident put forward; two kinds
of meeting of Zeist's own (a weekly table on Veilig Thuis reports, with names, and an
anonymous learning table with partners), the first with a meeting planned next week."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from stabiel.accounts.models import User
from stabiel.residents.access import households_visible_to

from . import services
from .models import BaseKind, Meeting

SUMMARY = (
    "Alleenstaande moeder met twee schoolgaande kinderen. Vier maanden huurachterstand; de "
    "corporatie wil naar de rechter. Schuldhulp kan pas starten als de huur is geregeld, en de "
    "bijstand is gekort door de kostendelersnorm omdat de volwassen zoon weer thuis woont."
)


def _open_case(lead, worker):
    from stabiel.cases.models import Case
    from stabiel.cases.services import case_open

    team = lead.teams.first()
    case = Case.objects.filter(municipality=lead.municipality, team=team, status="open").first()
    if case is not None:
        return case
    taken = Case.objects.filter(municipality=lead.municipality, status="open").values("household")
    household = households_visible_to(lead).exclude(pk__in=taken).order_by("-id").first()
    if household is None:
        return None
    return case_open(actor=lead, household=household, team=team, case_lead=worker)


def own_kinds_demo_load(municipality) -> None:
    """Zeist's own kinds of meeting, set by the functional administrator. Idempotent."""
    from .models import MeetingKind

    admin = User.objects.filter(municipality=municipality, username="beheer").first()
    worker = User.objects.filter(municipality=municipality, username="toegang").first()
    if (
        admin is None
        or MeetingKind.objects.filter(municipality=municipality, name=VT_NAME).exists()
    ):
        return
    weekly = services.kind_add(
        actor=admin,
        name=VT_NAME,
        seats="Het wijkteam, de veiligheidsspecialist en een medewerker van Veilig Thuis.",
        personal_data=True,
    )
    services.kind_add(
        actor=admin,
        name="Leertafel met partners",
        seats="Teamleiders, de woningcorporatie, schuldhulp en de huisartsen; zonder namen.",
        personal_data=False,
    )
    if worker is not None and worker.teams.exists():
        services.meeting_plan(
            actor=worker,
            kind=weekly.code,
            held_on=timezone.localdate() + timedelta(days=7),
            team=worker.teams.first(),
            title="Zeist-Oost, dinsdagochtend",
        )


VT_NAME = "Wekelijkse tafel Veilig Thuis-meldingen"


def meetings_demo_load(municipality) -> None:
    services.cost_figures_ensure(municipality=municipality)
    services.kinds_ensure(municipality=municipality)
    own_kinds_demo_load(municipality)
    lead = User.objects.filter(municipality=municipality, username="teamleider").first()
    worker = User.objects.filter(municipality=municipality, username="toegang").first()
    if (
        lead is None
        or worker is None
        or Meeting.objects.filter(municipality=municipality, kind=BaseKind.CASE_TABLE).exists()
    ):
        return
    case = _open_case(lead, worker)
    if case is None:
        return
    today = timezone.localdate()
    earlier = services.meeting_plan(
        actor=lead,
        kind=BaseKind.CASE_TABLE,
        held_on=today - timedelta(days=14),
        title="Wekelijkse casustafel",
    )
    for party, name, mandate in [
        ("Gemeente, Werk en Inkomen", "Karin Mulder", "Mag afwijken van de kostendelersnorm"),
        ("Woningcorporatie", "Peter de Wit", "Mag een ontruiming stilzetten"),
        ("Wijkteam", "Lotte Leiding", "Zet maatwerk in vanuit het vrije budget"),
    ]:
        services.participant_add(
            actor=lead, meeting=earlier, party=party, name=name, mandate=mandate
        )
    item = services.item_bring_to_case_table(
        actor=lead, meeting=earlier, case=case, summary=SUMMARY
    )
    figures = {f.code: f for f in services.cost_figures_ensure(municipality=municipality)}
    services.estimate_record(
        actor=lead,
        item=item,
        quantities={figures["eviction"].pk: 1, figures["shelter"].pk: 6},
        custom_solution_cost=Decimal("3200"),
    )
    # Decided then; the follow-up date is today so today's meeting picks it up.
    services.item_decide(
        actor=lead,
        item=item,
        breakthrough=(
            "De corporatie zet de ontbinding een half jaar stil. De gemeente betaalt de "
            "achterstand uit het maatwerkbudget en rekent de kostendelersnorm een jaar niet."
        ),
        reasoning=(
            "Een uitzetting met opvang kost veel meer dan de achterstand. De moeder werkt mee "
            "aan budgetbeheer; zonder dat was het besluit anders uitgevallen."
        ),
        household_involvement=(
            "De moeder schreef zelf mee aan het plan en koos voor budgetbeheer."
        ),
        follow_up_on=today,
        lesson=(
            "Stilzetten van de ontbinding plus betalen van de achterstand werkt alleen als het "
            "huishouden zelf meedoet aan budgetbeheer. Leg dat vast als voorwaarde."
        ),
    )
    services.agreement_add(
        actor=lead,
        item=item,
        what="Ontbinding stilzetten",
        owner="Woningcorporatie",
        due_on=today,
    )
    services.meeting_plan(
        actor=lead, kind=BaseKind.CASE_TABLE, held_on=today, title="Wekelijkse casustafel"
    )
    signalling = services.meeting_plan(
        actor=worker,
        kind=BaseKind.SIGNALLING,
        held_on=today,
        team=worker.teams.first(),
        title="Signaleringsoverleg Zeist-Oost",
    )
    household = households_visible_to(worker).exclude(pk=case.household_id).order_by("id").first()
    if household is not None:
        services.item_put_forward(
            actor=worker,
            meeting=signalling,
            household=household,
            put_forward_by="Huisarts",
            summary="Komt sinds de zomer de deur niet meer uit; de huisarts maakt zich zorgen.",
        )


# Twelve households the housing corporation put forward last month, each with a rent arrear:
# a theme that returns, so the policy page shows a count big enough to publish.
ARREARS_SUMMARY = (
    "Huurachterstand van twee maanden; de corporatie wil eerst contact voor een regeling."
)


def themes_demo_load(municipality) -> None:
    """Recurring themes on the demo's discussed cases (issue 20). Idempotent."""
    from stabiel.catalogue.models import LifeDomain, Pillar

    from .models import ItemTheme, MeetingItem

    worker = User.objects.filter(municipality=municipality, username="toegang").first()
    if worker is None or ItemTheme.objects.filter(municipality=municipality).exists():
        return
    pillar = Pillar.objects.filter(municipality__isnull=True, code="bestaanszekerheid").first()
    housing = LifeDomain.objects.filter(municipality__isnull=True, code="wonen").first()
    money = LifeDomain.objects.filter(municipality__isnull=True, code="inkomen-en-schulden").first()
    if None in (pillar, housing, money) or not worker.teams.exists():
        return
    for item in MeetingItem.objects.filter(municipality=municipality):
        services.theme_add(actor=worker, item=item, pillar_id=pillar.pk, life_domain_id=money.pk)
    today = timezone.localdate()
    meeting = services.meeting_plan(
        actor=worker,
        kind=BaseKind.SIGNALLING,
        held_on=today - timedelta(days=30),
        team=worker.teams.first(),
        title="Signaleringsoverleg met de woningcorporatie",
    )
    taken = MeetingItem.objects.filter(municipality=municipality).values("household")
    for household in households_visible_to(worker).exclude(pk__in=taken).order_by("id")[:12]:
        item = services.item_put_forward(
            actor=worker,
            meeting=meeting,
            household=household,
            put_forward_by="Woningcorporatie",
            summary=ARREARS_SUMMARY,
        )
        services.theme_add(actor=worker, item=item, pillar_id=pillar.pk, life_domain_id=housing.pk)
        services.theme_add(actor=worker, item=item, pillar_id=pillar.pk, life_domain_id=money.pk)
