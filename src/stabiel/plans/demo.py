"""Demo data for the prevention plan: last year's plan with flags, measures and progress.

This year's plan is left for the demo policy adviser to make. Idempotent: the plan is found by
municipality and year and filled only when it is new. No personal data.
"""

from datetime import date

from django.db import transaction

from .seed import worksheets_load


@transaction.atomic
def plans_demo_load(municipality) -> None:
    from stabiel.accounts.models import User
    from stabiel.catalogue.models import Action, Perspective, Pillar, RedFlagType

    from . import services
    from .models import Plan, Worksheet

    worksheets_load()
    actor = User.objects.filter(municipality=municipality, username="beleid").first()
    pillars = {p.code: p for p in Pillar.objects.filter(municipality__isnull=True)}
    actions = {a.number: a for a in Action.objects.filter(municipality__isnull=True)}
    if actor is None or len(pillars) < 3 or not actions:
        return  # catalogue not loaded or no adviser: nothing to hang the demo on
    year = date.today().year - 1  # noqa: DTZ011 - the demo needs only the calendar year
    if Plan.objects.filter(municipality=municipality, year=year).exists():
        return
    plan = services.plan_create(
        actor=actor,
        year=year,
        title=f"Preventieplan zorg en veiligheid {year}",
        summary="Minder stress door duidelijke brieven, en sneller langs bij betaalachterstanden.",
    )
    plan.status = Plan.Status.RUNNING
    plan.save(update_fields=["status"])
    debts = services.flag_create(
        actor=actor,
        plan=plan,
        colour="red",
        title="Betaalachterstanden worden laat gezien",
        pillar=pillars["bestaanszekerheid"],
        red_flag_type=RedFlagType.objects.filter(
            municipality__isnull=True, code="schulden"
        ).first(),
        evidence_figures="Ongeveer 1 op de 10 huishoudens heeft een betaalachterstand.",
        evidence_source="Werksessie en cijfers vroegsignalering",
    )
    letters = services.flag_create(
        actor=actor,
        plan=plan,
        colour="red",
        title="Brieven van de gemeente zijn moeilijk te lezen",
        action=actions[5],
        red_flag_type=RedFlagType.objects.filter(
            municipality__isnull=True, code="niet-reageren-op-brieven"
        ).first(),
        evidence_source="Werksessie: perspectief inwoner",
    )
    services.flag_create(
        actor=actor,
        plan=plan,
        colour="green",
        title="Buurthuis met wekelijkse maaltijd",
        pillar=pillars["meedoen"],
    )
    services.flag_create(
        actor=actor,
        plan=plan,
        colour="green",
        title="Vaste contactpersoon na afsluiten hulp",
        pillar=pillars["continuiteit"],
    )
    plain = services.measure_create(
        actor=actor,
        plan=plan,
        title="Brieven herschrijven op B1-niveau",
        owner="Team communicatie",
        partners="Klantcontactcentrum, ervaringswerkers",
        starts_on=date(year, 2, 1),
        ends_on=date(year, 11, 30),
        budget="15000",
        indicator="Alle standaardbrieven van het sociaal domein op B1-niveau",
        impact=4,
        effort=2,
        flags=[letters],
    )
    visit = services.measure_create(
        actor=actor,
        plan=plan,
        title="Huisbezoek bij drie maanden betaalachterstand",
        owner="Wijkteam",
        partners="Woningcorporatie, energieleverancier",
        starts_on=date(year, 3, 1),
        ends_on=date(year, 12, 31),
        budget="40000",
        indicator="Aandeel huishoudens met achterstand dat binnen 4 weken bezocht is",
        outcome_figure="stacked_visited",
        impact=4,
        effort=4,
        flags=[debts],
    )
    services.measure_progress_add(
        actor=actor,
        measure=plain,
        written_on=date(year, 12, 1),
        progress="done",
        note="Twintig brieven zijn herschreven en in gebruik.",
    )
    services.measure_progress_add(
        actor=actor,
        measure=visit,
        written_on=date(year, 9, 1),
        progress="late",
        note="Afspraken met de energieleverancier duren langer dan gedacht.",
    )
    session = services.session_create(
        actor=actor,
        plan=plan,
        title="Werksessie bestaanszekerheid",
        held_on=date(year, 2, 10),
        place="Gemeentehuis Zeist",
        worksheets=list(Worksheet.objects.filter(number__in=[1, 2])),
    )
    resident = Perspective.objects.get(municipality__isnull=True, code="inwoner")
    participant = services.participant_invite(
        actor=actor,
        session=session,
        perspective=resident,
        name="Dirk Deelnemer",
        email="deelnemer@example.org",  # the demo user 'deelnemer' finds this session
    )
    first = Worksheet.objects.get(number=2).questions.order_by("number").first()
    services.answers_save(
        participant=participant,
        answers={first.pk: "Brieven over toeslagen geven veel stress. Bel eerst, dan snap ik het."},
        own_questions={},
    )


@transaction.atomic
def plans_demo_published_load(municipality) -> None:
    """A neighbouring municipality on the same installation publishes this year's plan, so the
    demo adviser can browse it and adopt a measure. Idempotent."""
    from stabiel.accounts.models import User
    from stabiel.catalogue.models import Pillar

    from . import publishing, services
    from .models import Plan

    actor = User.objects.filter(municipality=municipality).order_by("pk").first()
    pillar = Pillar.objects.filter(municipality__isnull=True, code="bestaanszekerheid").first()
    year = date.today().year  # noqa: DTZ011 - the demo needs only the calendar year
    if actor is None or pillar is None:
        return
    if Plan.all_objects.filter(municipality=municipality, year=year).exists():
        return
    plan = services.plan_create(
        actor=actor, year=year, title=f"Preventieplan {municipality.name} {year}"
    )
    flag = services.flag_create(
        actor=actor,
        plan=plan,
        colour="red",
        title="Huurachterstand wordt pas na drie maanden gemeld",
        pillar=pillar,
        evidence_source="Afspraken met de woningcorporatie",
    )
    services.measure_create(
        actor=actor,
        plan=plan,
        title="Na één maand huurachterstand een telefoontje van het sociaal team",
        description="De woningcorporatie meldt na één maand; het sociaal team belt binnen een week.",
        owner="Sociaal team",
        indicator="Aandeel meldingen met contact binnen een week",
        impact=4,
        effort=2,
        flags=[flag],
    )
    publishing.plan_publish(actor=actor, plan=plan, publish=True)
