import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from stabiel.catalogue.models import Action, Perspective, Pillar
from stabiel.plans import services
from stabiel.plans.models import Flag, Measure, MeasureUpdate, Plan, Question, Worksheet
from stabiel.plans.seed import worksheets_load
from stabiel.plans.services import PlanInputError

from .factories import AnswerFactory, FlagFactory, MeasureFactory, ParticipantFactory, PlanFactory

pytestmark = pytest.mark.django_db


def pillar(code):
    return Pillar.objects.get(municipality__isnull=True, code=code)


def action(number):
    return Action.objects.get(municipality__isnull=True, number=number)


# Seed ---------------------------------------------------------------------------------------


def test_worksheets_hold_the_seventeen_questions(worksheets):
    counts = [sheet.questions.count() for sheet in Worksheet.objects.order_by("number")]
    assert counts == [5, 3, 3, 3, 3]
    assert Question.objects.count() == 17
    # every question asks all four perspectives, as every worksheet page in the publication does
    assert all(len(q.perspective_codes) == 4 for q in Question.objects.all())
    assert set(Worksheet.objects.values_list("publication_code", flat=True)) == {
        "vng-stop-het-stapelen-2022"
    }
    assert Worksheet.objects.get(number=1).sources.count() == 4
    # each worksheet points at an action of the catalogue
    codes = set(Action.objects.filter(municipality__isnull=True).values_list("code", flat=True))
    assert set(Worksheet.objects.values_list("action_code", flat=True)) == codes


def test_worksheets_load_is_idempotent(worksheets):
    assert worksheets_load() == 0
    assert Question.objects.count() == 17


# Plans --------------------------------------------------------------------------------------


def test_plan_create_one_per_year(adviser):
    services.plan_create(actor=adviser, year=2026, title="Plan 2026")
    with pytest.raises(PlanInputError, match="al een preventieplan voor 2026"):
        services.plan_create(actor=adviser, year=2026, title="Nog een")
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    ("year", "title", "message"),
    [
        (1999, "Plan", "tussen 2000 en 2100"),  # too early
        ("twintig", "Plan", "Vul een jaartal in"),  # not a number
        (2026, "  ", "titel"),  # empty title
    ],
)
def test_plan_create_bad_input(adviser, year, title, message):
    with pytest.raises(PlanInputError, match=message):
        services.plan_create(actor=adviser, year=year, title=title)
    assert not Plan.objects.exists()


def test_plan_unique_per_municipality_and_year_in_the_database(adviser):
    PlanFactory(municipality=adviser.municipality, year=2026)
    with pytest.raises(IntegrityError):
        PlanFactory(municipality=adviser.municipality, year=2026)


def test_session_moves_draft_plan_to_sessions(adviser):
    plan = services.plan_create(actor=adviser, year=2026, title="Plan")
    session = services.session_create(
        actor=adviser,
        plan=plan,
        title="Sessie",
        held_on=datetime.date(2026, 3, 1),
        place="Raadhuis",
        worksheets=Worksheet.objects.filter(number__in=[1, 2]),
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SESSIONS
    assert session.worksheets.count() == 2


def test_session_needs_a_worksheet(adviser):
    plan = PlanFactory(municipality=adviser.municipality)
    with pytest.raises(PlanInputError, match="minstens één werkblad"):
        services.session_create(
            actor=adviser,
            plan=plan,
            title="Sessie",
            held_on=datetime.date(2026, 3, 1),
            place="Raadhuis",
            worksheets=[],
        )
    assert not plan.sessions.exists()


def test_invitation_is_mailed_after_commit(adviser, django_capture_on_commit_callbacks):
    plan = PlanFactory(municipality=adviser.municipality)
    session = services.session_create(
        actor=adviser,
        plan=plan,
        title="Sessie",
        held_on=datetime.date(2026, 3, 1),
        place="Raadhuis",
        worksheets=Worksheet.objects.all(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        participant = services.participant_invite(
            actor=adviser,
            session=session,
            perspective=Perspective.objects.get(municipality__isnull=True, code="veiligheid"),
            name="Wijkagent",
            email="wijkagent@example.org",
            link_for=lambda p: f"https://stabiel.test/plannen/deelnemen/{p.pk}/",
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wijkagent@example.org"]
    assert f"/plannen/deelnemen/{participant.pk}/" in mail.outbox[0].body
    participant.refresh_from_db()
    assert participant.invited_at is not None


# Answers ------------------------------------------------------------------------------------


def test_answers_save_and_come_back(worksheets):
    participant = ParticipantFactory()
    question = Worksheet.objects.get(number=2).questions.first()
    sheet = question.worksheet
    services.answers_save(
        participant=participant,
        answers={question.pk: "Schulden"},
        own_questions={sheet.pk: "Hoe bereiken we jongeren?"},
    )
    services.answers_save(
        participant=participant, answers={question.pk: "Schulden en huur"}, own_questions={}
    )
    assert participant.answers.get().text == "Schulden en huur"
    assert participant.own_questions.get().text == "Hoe bereiken we jongeren?"
    # empty text removes the answer
    services.answers_save(participant=participant, answers={question.pk: " "}, own_questions={})
    assert not participant.answers.exists()


def test_answers_for_a_worksheet_outside_the_session_are_refused(worksheets):
    participant = ParticipantFactory(session__worksheets=Worksheet.objects.filter(number=1))
    other = Worksheet.objects.get(number=3).questions.first()
    with pytest.raises(PlanInputError, match="hoort niet bij deze werksessie"):
        services.answers_save(participant=participant, answers={other.pk: "x"}, own_questions={})
    assert not participant.answers.exists()


# Flags --------------------------------------------------------------------------------------


def test_flag_from_answer_on_a_pillar_worksheet_goes_to_the_pillar(adviser):
    answer = AnswerFactory(
        participant__session__plan__municipality=adviser.municipality,
        question=Worksheet.objects.get(number=2).questions.first(),
    )
    flag = services.flag_from_answer(actor=adviser, answer=answer, colour="red")
    assert flag.pillar == pillar("bestaanszekerheid")
    assert flag.action is None
    assert list(flag.answers.all()) == [answer]
    assert flag.plan == answer.participant.session.plan


@pytest.mark.parametrize("number", [1, 5])
def test_flag_from_answer_on_action_1_or_5_goes_to_the_action(adviser, number):
    answer = AnswerFactory(
        participant__session__plan__municipality=adviser.municipality,
        question=Worksheet.objects.get(number=number).questions.first(),
    )
    flag = services.flag_from_answer(actor=adviser, answer=answer, colour="green")
    assert flag.pillar is None
    assert flag.action == action(number)


def test_flag_of_another_municipality_answer_is_refused(adviser, other_municipality):
    answer = AnswerFactory(participant__session__plan__municipality=other_municipality)
    with pytest.raises(PlanInputError):
        services.flag_from_answer(actor=adviser, answer=answer, colour="red")
    assert not Flag.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pillar": None, "action": None}, "Kies een pijler"),  # neither
        ({"pillar": "meedoen", "action": 1}, "Niet allebei"),  # both
        ({"pillar": None, "action": 2}, "hoort bij een pijler"),  # action 2 has a pillar
        ({"pillar": "kern", "action": None}, "niet de kern"),  # the core is not a pillar
        ({"pillar": "meedoen", "action": None, "colour": "blue"}, "rood of groen"),
    ],
)
def test_flag_create_bad_place(adviser, kwargs, message):
    plan = PlanFactory(municipality=adviser.municipality)
    with pytest.raises(PlanInputError, match=message):
        services.flag_create(
            actor=adviser,
            plan=plan,
            colour=kwargs.get("colour", "red"),
            title="Vlag",
            pillar=pillar(kwargs["pillar"]) if kwargs["pillar"] else None,
            action=action(kwargs["action"]) if kwargs["action"] else None,
        )
    assert not Flag.objects.exists()


def test_flag_needs_pillar_or_action_in_the_database(adviser):
    plan = PlanFactory(municipality=adviser.municipality)
    with pytest.raises(IntegrityError):
        Flag.objects.create(municipality=plan.municipality, plan=plan, colour="red", title="x")


# Measures -----------------------------------------------------------------------------------


def test_measure_create_with_flags_and_budget(adviser):
    plan = PlanFactory(municipality=adviser.municipality)
    flag = FlagFactory(plan=plan)
    measure = services.measure_create(
        actor=adviser,
        plan=plan,
        title="Huisbezoek bij achterstand",
        owner="Wijkteam",
        budget="12.500,50",
        impact=4,
        effort=1,
        flags=[flag],
    )
    assert measure.budget == Decimal("12500.50")
    assert measure.priority == Measure.Priority.QUICK_WIN
    assert list(measure.flags.all()) == [flag]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"owner": ""}, "eigenaar"),  # a measure without an owner
        ({"owner": "   "}, "eigenaar"),  # only spaces is no owner either
        ({"budget": "veel geld"}, "bedrag in euro"),  # a budget that is not a number
        ({"budget": "NaN"}, "bedrag in euro"),  # not a finite number
        ({"budget": "-5"}, "negatief"),
        ({"impact": 0}, "Effect moet een getal van 1 tot en met 4"),  # below the scale
        ({"impact": 5}, "Effect moet een getal van 1 tot en met 4"),  # above the scale
        ({"effort": 9}, "Moeite moet een getal van 1 tot en met 4"),
        ({"effort": "2.5"}, "Moeite moet een getal"),  # not a whole number
        (
            {"starts_on": datetime.date(2026, 5, 1), "ends_on": datetime.date(2026, 4, 1)},
            "einddatum",
        ),
    ],
)
def test_measure_create_bad_input_changes_nothing(adviser, changes, message):
    plan = PlanFactory(municipality=adviser.municipality)
    fields = {"title": "Maatregel", "owner": "Wijkteam", "impact": 2, "effort": 2, **changes}
    with pytest.raises(PlanInputError, match=message):
        services.measure_create(actor=adviser, plan=plan, **fields)
    assert not Measure.objects.exists()


def test_measure_cannot_address_a_flag_of_another_plan(adviser):
    plan = PlanFactory(municipality=adviser.municipality)
    other_flag = FlagFactory(plan__municipality=adviser.municipality)
    with pytest.raises(PlanInputError, match="vlaggen hoort niet bij dit plan"):
        services.measure_create(
            actor=adviser,
            plan=plan,
            title="M",
            owner="W",
            impact=2,
            effort=2,
            flags=[other_flag],
        )
    assert not Measure.objects.exists()


def test_measure_constraints_in_the_database(adviser):
    plan = PlanFactory(municipality=adviser.municipality)
    with pytest.raises(IntegrityError):
        MeasureFactory(plan=plan, impact=7)


@pytest.mark.parametrize(
    ("impact", "effort", "priority"),
    [
        (4, 1, Measure.Priority.QUICK_WIN),  # much effect, little effort
        (3, 3, Measure.Priority.BIG_BET),  # much effect, much effort
        (2, 2, Measure.Priority.FILL_IN),  # little effect, little effort
        (1, 4, Measure.Priority.RECONSIDER),  # little effect, much effort
    ],
)
def test_priority_from_impact_and_effort(impact, effort, priority):
    assert Measure(impact=impact, effort=effort).priority == priority


def test_progress_update_sets_the_status(adviser):
    measure = MeasureFactory(plan__municipality=adviser.municipality, plan__year=2026)
    services.measure_progress_add(
        actor=adviser,
        measure=measure,
        written_on=datetime.date(2026, 6, 1),
        progress=MeasureUpdate.Progress.DONE,
        note="Klaar",
    )
    measure.refresh_from_db()
    assert measure.status == Measure.Status.DONE
    assert measure.updates.get().author == adviser


def test_progress_update_needs_a_note(adviser):
    measure = MeasureFactory(plan__municipality=adviser.municipality)
    with pytest.raises(PlanInputError, match="hoe het gaat"):
        services.measure_progress_add(
            actor=adviser,
            measure=measure,
            written_on=datetime.date(2026, 6, 1),
            progress="late",
            note="",
        )
    assert not measure.updates.exists()


def test_demo_load_is_idempotent_and_leaves_this_year_free(make_user, worksheets):
    from stabiel.accounts.roles import Role
    from stabiel.plans.demo import plans_demo_load

    adviser = make_user(Role.POLICY_ADVISER, username="beleid")
    plans_demo_load(adviser.municipality)
    plans_demo_load(adviser.municipality)
    plan = Plan.objects.get(municipality=adviser.municipality)
    assert plan.year == datetime.date.today().year - 1  # noqa: DTZ011
    assert plan.flags.count() == 4
    assert plan.measures.count() == 2


# Length limits on free text (issue 14): a clear message and nothing stored ---------------------


def _long_flag(adviser, plan):
    pillar = Pillar.objects.filter(municipality__isnull=True).first()
    services.flag_create(
        actor=adviser, plan=plan, colour="red", title="Vlag", description="x" * 4001, pillar=pillar
    )


def _long_measure(adviser, plan):
    services.measure_create(
        actor=adviser,
        plan=plan,
        title="Maatregel",
        description="x" * 4001,
        owner="Team",
        impact=2,
        effort=2,
    )


def _long_partners(adviser, plan):
    services.measure_create(
        actor=adviser, plan=plan, title="M", owner="T", partners="x" * 1001, impact=2, effort=2
    )


def _long_summary_on_edit(adviser, plan):
    services.plan_update(
        actor=adviser, plan=plan, title=plan.title, summary="x" * 2001, status=plan.status
    )


def _long_progress(adviser, plan):
    measure = MeasureFactory(plan=plan)
    services.measure_progress_add(
        actor=adviser,
        measure=measure,
        written_on=datetime.date(plan.year, 5, 1),
        progress="on_track",
        note="x" * 1001,
    )


@pytest.mark.parametrize(
    ("write", "message"),
    [
        (_long_flag, "De uitleg is te lang: hoogstens 4000 tekens, nu 4001."),  # flag text
        (_long_measure, "De uitleg is te lang: hoogstens 4000 tekens, nu 4001."),  # measure text
        (_long_partners, "De partners is te lang: hoogstens 1000 tekens, nu 1001."),  # partners
        (_long_summary_on_edit, "De samenvatting is te lang: hoogstens 2000 tekens"),  # summary
        (_long_progress, "De uitleg is te lang: hoogstens 1000 tekens"),  # progress note
    ],
)
def test_free_text_over_its_limit_is_refused_and_nothing_changes(adviser, write, message):
    plan = PlanFactory(municipality=adviser.municipality, year=2026, summary="Kort")
    flags, measures = Flag.objects.count(), Measure.objects.count()
    updates = MeasureUpdate.objects.count()
    with pytest.raises(PlanInputError, match=re.escape(message)):
        write(adviser, plan)
    plan.refresh_from_db()
    assert plan.summary == "Kort"
    assert Flag.objects.count() == flags
    assert MeasureUpdate.objects.count() == updates
    assert Measure.objects.count() in (measures, measures + 1)  # the progress test makes one


def test_plan_summary_over_its_limit_is_refused_on_the_form(client, adviser):
    client.force_login(adviser)
    response = client.post(
        reverse("plans:plan-create"), {"year": 2026, "title": "Plan", "summary": "x" * 2001}
    )
    assert response.status_code == 400
    assert "2000" in response.content.decode()
    assert not Plan.objects.exists()
