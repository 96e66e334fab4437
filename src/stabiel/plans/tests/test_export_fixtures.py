"""A filled plan for the export and sharing tests (no tests of its own): flags, measures,
a session with answers."""

from datetime import date

import pytest

from stabiel.accounts.roles import Role
from stabiel.catalogue.models import Action, GreenFlagType, Perspective, Pillar, RedFlagType
from stabiel.plans import services
from stabiel.plans.models import Answer, Worksheet
from stabiel.practices.models import Practice

PARTICIPANT_NAMES = ["Annelies Vermeulen-Oosterhout", "Bartholomeus Zwanenburg"]
PARTICIPANT_EMAILS = ["annelies@voorbeeld.nl", "bart@voorbeeld.nl"]


def national(model, code):
    return model.objects.get(municipality__isnull=True, code=code)


def build_plan(actor, *, year=2026):
    from stabiel.plans.seed import worksheets_load

    worksheets_load()
    plan = services.plan_create(
        actor=actor,
        year=year,
        title=f"Preventieplan zorg en veiligheid {year}",
        summary="Minder stress door duidelijke brieven.\n\nSneller langs bij achterstanden.",
    )
    debts = services.flag_create(
        actor=actor,
        plan=plan,
        colour="red",
        title="Betaalachterstanden worden laat gezien",
        description="Signalen van de woningcorporatie komen pas na maanden binnen.",
        pillar=national(Pillar, "bestaanszekerheid"),
        red_flag_type=national(RedFlagType, "schulden"),
        evidence_figures="1 op de 10 huishoudens",
        evidence_source="Cijfers vroegsignalering",
    )
    services.flag_create(
        actor=actor,
        plan=plan,
        colour="green",
        title="Zelfhulpgroep in het buurthuis",
        pillar=national(Pillar, "meedoen"),
        green_flag_type=national(GreenFlagType, "zelfhulpgroepen"),
    )
    letters = services.flag_create(
        actor=actor,
        plan=plan,
        colour="red",
        title="Brieven zijn moeilijk te lezen",
        action=Action.objects.get(municipality__isnull=True, number=5),
    )
    pilot = services.measure_create(
        actor=actor,
        plan=plan,
        title="Waakvlambegeleiding na intensieve hulp",
        owner="Sociaal team",
        partners="GGZ-aanbieder, huisartsen",
        starts_on=date(year, 3, 1),
        ends_on=date(year, 12, 31),
        budget="12500,50",
        indicator="Minder terugval binnen een jaar",
        impact=4,
        effort=2,
        flags=[debts],
        practice=Practice.objects.get(slug="waakvlambegeleiding"),
    )
    services.measure_create(
        actor=actor,
        plan=plan,
        title="Brieven herschrijven | op B1-niveau",
        owner="Team communicatie",
        impact=3,
        effort=3,
        flags=[letters],
    )
    session = services.session_create(
        actor=actor,
        plan=plan,
        title="Werksessie bestaanszekerheid",
        held_on=date(year, 2, 10),
        place="Gemeentehuis",
        worksheets=list(Worksheet.objects.filter(number__in=[2, 5])),
    )
    sheet = Worksheet.objects.get(number=2)
    question = sheet.questions.order_by("number").first()
    for name, email, perspective, text in zip(
        PARTICIPANT_NAMES,
        PARTICIPANT_EMAILS,
        ["inwoner", "veiligheid"],
        [
            "Post van de gemeente geeft stress; Annelies vindt de brieven onleesbaar.",
            "Veel stress door brieven en schulden bij jongeren.",
        ],
        strict=True,
    ):
        participant = services.participant_invite(
            actor=actor,
            session=session,
            perspective=national(Perspective, perspective),
            name=name,
            email=email,
        )
        services.answers_save(
            participant=participant,
            answers={question.pk: text},
            own_questions={sheet.pk: OWN_QUESTIONS[perspective]},
        )
    assert Answer.objects.filter(participant__session=session).count() == 2
    services.measure_progress_add(
        actor=actor,
        measure=pilot,
        written_on=date(year, 4, 15),
        progress="on_track",
        note="Eerste tien huishoudens in waakvlam.",
    )
    return plan


OWN_QUESTIONS = {
    "inwoner": "Wie belt mij als ik een brief niet snap? Mail bart@voorbeeld.nl maar niet.",
    "veiligheid": "Hoe delen we signalen van jongeren eerder?",
}


@pytest.fixture
def adviser(make_user):
    return make_user(Role.POLICY_ADVISER)


@pytest.fixture
def full_plan(catalogue, adviser):
    return build_plan(adviser)
