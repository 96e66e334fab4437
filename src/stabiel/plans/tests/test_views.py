import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.catalogue.models import Perspective
from stabiel.plans.invitations import invitation_token
from stabiel.plans.models import Answer, Flag, Measure, OwnQuestion, Participant, Plan, Worksheet

from .factories import (
    AnswerFactory,
    FlagFactory,
    MeasureFactory,
    ParticipantFactory,
    PlanFactory,
    WorkSessionFactory,
)

pytestmark = pytest.mark.django_db


def answer_url(participant) -> str:
    return reverse("plans:answer", kwargs={"token": invitation_token(participant)})


def text(response) -> str:
    return response.content.decode()


# Access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r != Role.POLICY_ADVISER])
def test_only_the_policy_adviser_opens_the_workbench(client, make_user, role, worksheets):
    client.force_login(make_user(role))
    assert client.get(reverse("plans:plan-list")).status_code == 403


def test_plan_of_another_municipality_is_404(adviser_client, other_municipality):
    plan = PlanFactory(municipality=other_municipality)
    assert adviser_client.get(reverse("plans:plan-detail", args=[plan.pk])).status_code == 404
    session = WorkSessionFactory(plan=plan)
    assert adviser_client.get(reverse("plans:session-merged", args=[session.pk])).status_code == 404
    answer = AnswerFactory(participant__session=session)
    response = adviser_client.post(
        reverse("plans:answer-flag", args=[answer.pk]), {"colour": "red"}
    )
    assert response.status_code == 404
    assert not Flag.objects.exists()


# Plan -----------------------------------------------------------------------------------------


def test_create_plan_and_see_it(adviser_client, adviser):
    response = adviser_client.post(
        reverse("plans:plan-create"), {"year": 2026, "title": "Preventieplan 2026"}
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert plan.municipality == adviser.municipality
    page = text(adviser_client.get(reverse("plans:plan-detail", args=[plan.pk])))
    assert "Preventieplan 2026" in page
    assert "stabiliteitsmodel" in page.lower()
    assert reverse("plan_exports:pdf", args=[plan.pk]) in page  # the downloads section


def test_create_plan_twice_for_a_year_is_refused(adviser_client, adviser):
    PlanFactory(municipality=adviser.municipality, year=2026)
    response = adviser_client.post(reverse("plans:plan-create"), {"year": 2026, "title": "Nog een"})
    assert response.status_code == 400
    assert "Er is al een preventieplan voor 2026" in text(response)
    assert Plan.objects.count() == 1


def test_plan_page_draws_flags_per_pillar_and_action(adviser_client, adviser):
    from stabiel.catalogue.models import Action, Pillar

    plan = PlanFactory(municipality=adviser.municipality)
    FlagFactory(plan=plan)  # red, existential security
    FlagFactory(plan=plan)
    FlagFactory(
        plan=plan,
        colour="green",
        pillar=Pillar.objects.get(municipality__isnull=True, code="meedoen"),
    )
    FlagFactory(
        plan=plan,
        pillar=None,
        action=Action.objects.get(municipality__isnull=True, number=5),
    )
    response = adviser_client.get(reverse("plans:plan-detail", args=[plan.pk]))
    drawing = response.context["drawing"]
    cells = {c.code: (c.red, c.green) for c in drawing.pillars}
    assert cells["bestaanszekerheid"] == (2, 0)
    assert cells["meedoen"] == (0, 1)
    counts = {
        row["action"].number: (row["red"], row["green"]) for row in response.context["action_flags"]
    }
    assert counts == {1: (0, 0), 5: (1, 0)}


def test_plan_page_shows_progress(adviser_client, adviser):
    plan = PlanFactory(municipality=adviser.municipality)
    MeasureFactory(plan=plan, status=Measure.Status.DONE)
    MeasureFactory(plan=plan, ends_on=datetime.date(2000, 1, 1))  # past its end date: late
    MeasureFactory(plan=plan, status=Measure.Status.RUNNING)
    MeasureFactory(plan=plan)  # new: not started, not "on track" (issue 14)
    response = adviser_client.get(reverse("plans:plan-detail", args=[plan.pk]))
    progress = response.context["progress"]
    assert (progress["done"], progress["late"], progress["on_track"]) == (1, 1, 1)
    assert progress["not_started"] == 1
    assert "1 niet gestart" in text(response)
    assert "<svg" in text(response)  # the impact x effort chart
    assert "Maatregelen met effect, moeite, prioriteit en voortgang" in text(response)


# Sessions and invitations ---------------------------------------------------------------------


def test_plan_a_session_and_invite_by_mail(
    adviser_client, adviser, django_capture_on_commit_callbacks
):
    plan = PlanFactory(municipality=adviser.municipality)
    response = adviser_client.post(
        reverse("plans:session-create", args=[plan.pk]),
        {
            "title": "Sessie 1",
            "held_on": "2026-03-10",
            "place": "Raadhuis",
            "worksheets": [w.pk for w in Worksheet.objects.all()],
        },
    )
    assert response.status_code == 302
    session = plan.sessions.get()
    perspective = Perspective.objects.get(municipality__isnull=True, code="veiligheid")
    with django_capture_on_commit_callbacks(execute=True):
        response = adviser_client.post(
            reverse("plans:session-detail", args=[session.pk]),
            {"name": "Wijkagent", "email": "agent@example.org", "perspective": perspective.pk},
        )
    assert response.status_code == 302
    participant = session.participants.get()
    assert len(mail.outbox) == 1
    assert "/plannen/deelnemen/" in mail.outbox[0].body
    page = text(adviser_client.get(reverse("plans:session-detail", args=[session.pk])))
    assert answer_url(participant).split(":")[0] in page  # the copyable link


def test_invite_without_name_changes_nothing(adviser_client, adviser):
    session = WorkSessionFactory(plan__municipality=adviser.municipality)
    response = adviser_client.post(
        reverse("plans:session-detail", args=[session.pk]), {"name": "", "perspective": ""}
    )
    assert response.status_code == 400
    assert "Vul de naam van de deelnemer in." in text(response)
    assert not Participant.objects.exists()


def test_new_link_ends_the_old_one(adviser_client, adviser):
    participant = ParticipantFactory(session__plan__municipality=adviser.municipality)
    old = answer_url(participant)
    adviser_client.post(reverse("plans:participant-send", args=[participant.pk]))
    participant.refresh_from_db()
    assert adviser_client.get(old).status_code == 410
    assert adviser_client.get(answer_url(participant)).status_code == 200


# The participant's page -----------------------------------------------------------------------


def test_participant_answers_by_link_and_comes_back(client, worksheets):
    participant = ParticipantFactory()
    question = Worksheet.objects.get(number=1).questions.first()
    sheet = question.worksheet
    url = answer_url(participant)
    response = client.get(url)
    assert response.status_code == 200
    assert question.text in text(response)
    response = client.post(
        url,
        {
            "deelnemer": participant.pk,
            f"vraag-{question.pk}": "Veel eenzaamheid",
            f"eigen-{sheet.pk}": "Hoe vinden we ze?",
        },
    )
    assert response.status_code == 302
    assert participant.answers.get().text == "Veel eenzaamheid"
    assert OwnQuestion.objects.get(participant=participant).text == "Hoe vinden we ze?"
    assert "Veel eenzaamheid" in text(client.get(url))


def test_participant_sees_only_their_own_answers(client, worksheets):
    me = ParticipantFactory()
    other = ParticipantFactory(session=me.session)
    AnswerFactory(participant=other, text="Antwoord van de ander")
    assert "Antwoord van de ander" not in text(client.get(answer_url(me)))


def test_forged_link_is_refused(client, worksheets):
    participant = ParticipantFactory()
    token = invitation_token(participant)
    forged = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    response = client.get(reverse("plans:answer", kwargs={"token": forged}))
    assert response.status_code == 400
    assert "Deze link klopt niet" in text(response)
    response = client.post(
        reverse("plans:answer", kwargs={"token": "1.sleutel:abc:def"}),
        {"deelnemer": participant.pk},
    )
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_link_with_a_made_up_participant_is_refused(client, worksheets):
    from django.core import signing

    from stabiel.plans.invitations import SALT

    token = signing.TimestampSigner(salt=SALT).sign("999999.verzonnen")
    response = client.get(reverse("plans:answer", kwargs={"token": token}))
    assert response.status_code == 410
    assert "Deze link werkt niet meer" in text(response)


def test_expired_link_is_refused_and_changes_nothing(client, worksheets):
    participant = ParticipantFactory()
    question = Worksheet.objects.get(number=1).questions.first()
    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), tick=False):
        url = answer_url(participant)
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC), tick=False):
        response = client.post(url, {"deelnemer": participant.pk, f"vraag-{question.pk}": "Laat"})
    assert response.status_code == 410
    assert "Deze uitnodiging is verlopen" in text(response)
    assert not Answer.objects.exists()


def test_posting_to_another_participants_answers_changes_nothing(client, worksheets):
    me = ParticipantFactory()
    other = ParticipantFactory(session=me.session)
    question = Worksheet.objects.get(number=1).questions.first()
    theirs = AnswerFactory(participant=other, question=question, text="Hun antwoord")
    # my link, but the form says it is the other participant's
    response = client.post(
        answer_url(me), {"deelnemer": other.pk, f"vraag-{question.pk}": "Overschreven"}
    )
    assert response.status_code == 403
    assert "alleen uw eigen antwoorden" in text(response)
    theirs.refresh_from_db()
    assert theirs.text == "Hun antwoord"
    assert not me.answers.exists()
    # and field names of their answers do not reach them either
    client.post(answer_url(me), {"deelnemer": me.pk, f"vraag-{question.pk}": "Mijn antwoord"})
    theirs.refresh_from_db()
    assert theirs.text == "Hun antwoord"


def test_too_long_answer_is_refused(client, worksheets):
    participant = ParticipantFactory()
    question = Worksheet.objects.get(number=1).questions.first()
    response = client.post(
        answer_url(participant), {"deelnemer": participant.pk, f"vraag-{question.pk}": "x" * 5001}
    )
    assert response.status_code == 400
    assert "te lang" in text(response)
    assert not Answer.objects.exists()


# Merged view, flags and measures ---------------------------------------------------------------


def test_merged_view_shows_answers_side_by_side(adviser_client, adviser):
    session = WorkSessionFactory(plan__municipality=adviser.municipality)
    question = Worksheet.objects.get(number=2).questions.first()
    for code, answer in [
        ("veiligheid", "Schulden en huurachterstand"),
        ("inwoner", "Schulden, en brieven die ik niet snap"),
    ]:
        participant = ParticipantFactory(
            session=session,
            perspective=Perspective.objects.get(municipality__isnull=True, code=code),
        )
        AnswerFactory(participant=participant, question=question, text=answer)
    OwnQuestion.objects.create(
        municipality=session.municipality,
        participant=participant,
        worksheet=question.worksheet,
        text="Wie helpt met post?",
    )
    response = adviser_client.get(reverse("plans:session-merged", args=[session.pk]))
    page = text(response)
    assert "Schulden en huurachterstand" in page
    assert "brieven die ik niet snap" in page
    assert "Wie helpt met post?" in page
    item = next(
        q
        for sheet in response.context["sheets"]
        for q in sheet["questions"]
        if q["question"] == question
    )
    assert set(item["silent"]) == {"Sociaal domein", "Toegang/welzijn"}
    assert "Overeenkomsten" not in page  # no loose-word summary (issue 14)


def test_answer_becomes_a_flag_in_one_step(adviser_client, adviser):
    answer = AnswerFactory(participant__session__plan__municipality=adviser.municipality)
    response = adviser_client.post(
        reverse("plans:answer-flag", args=[answer.pk]), {"colour": "red"}
    )
    flag = Flag.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:flag-edit", args=[flag.pk])
    assert list(flag.answers.all()) == [answer]


def test_answer_to_flag_with_unknown_colour_changes_nothing(adviser_client, adviser):
    answer = AnswerFactory(participant__session__plan__municipality=adviser.municipality)
    response = adviser_client.post(
        reverse("plans:answer-flag", args=[answer.pk]), {"colour": "paars"}, follow=True
    )
    assert "Kies rood of groen." in text(response)
    assert not Flag.objects.exists()


def test_answer_prefills_a_measure(adviser_client, adviser):
    answer = AnswerFactory(participant__session__plan__municipality=adviser.municipality)
    plan = answer.participant.session.plan
    response = adviser_client.get(
        reverse("plans:measure-create", args=[plan.pk]) + f"?antwoord={answer.pk}"
    )
    assert response.context["form"].initial["description"] == answer.text


def test_flag_form_edits_the_flag(adviser_client, adviser):
    from stabiel.catalogue.models import RedFlagType

    flag = FlagFactory(plan__municipality=adviser.municipality)
    red_type = RedFlagType.objects.filter(municipality__isnull=True).first()
    response = adviser_client.post(
        reverse("plans:flag-edit", args=[flag.pk]),
        {
            "colour": "red",
            "title": "Betaalachterstanden",
            "place": f"pillar-{flag.pillar_id}",
            "red_flag_type": red_type.pk,
            "evidence_figures": "1 op 10",
            "evidence_source": "CBS",
        },
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.title, flag.red_flag_type, flag.evidence_source) == (
        "Betaalachterstanden",
        red_type,
        "CBS",
    )


def test_green_flag_with_red_type_changes_nothing(adviser_client, adviser):
    from stabiel.catalogue.models import RedFlagType

    flag = FlagFactory(plan__municipality=adviser.municipality, colour="green")
    response = adviser_client.post(
        reverse("plans:flag-edit", args=[flag.pk]),
        {
            "colour": "green",
            "title": "Anders",
            "place": f"pillar-{flag.pillar_id}",
            "red_flag_type": RedFlagType.objects.filter(municipality__isnull=True).first().pk,
        },
    )
    assert response.status_code == 400
    assert "Een groene vlag kan geen soort rode vlag hebben." in text(response)
    flag.refresh_from_db()
    assert flag.title == "Schulden worden laat gezien"


MEASURE = {
    "title": "Brieven op B1",
    "owner": "Team communicatie",
    "budget": "12500",
    "impact": "4",
    "effort": "2",
    "starts_on": "2026-02-01",
    "ends_on": "2026-11-30",
}


def test_measure_create_through_the_form(adviser_client, adviser):
    plan = PlanFactory(municipality=adviser.municipality)
    flag = FlagFactory(plan=plan)
    response = adviser_client.post(
        reverse("plans:measure-create", args=[plan.pk]), {**MEASURE, "flags": [flag.pk]}
    )
    measure = Measure.objects.get()
    assert response.status_code == 302
    assert measure.budget == 12500
    assert list(measure.flags.all()) == [flag]
    page = text(adviser_client.get(reverse("plans:measure-detail", args=[measure.pk])))
    assert "Snel resultaat" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"owner": ""}, "Vul in wie eigenaar is van de maatregel."),
        ({"budget": "veel"}, "Het budget moet een bedrag in euro zijn"),
        ({"budget": "1e400"}, "Het budget"),
        ({"impact": "7"}, "Kies een waarde van 1 tot en met 4."),
        ({"effort": "0"}, "Kies een waarde van 1 tot en met 4."),
        ({"ends_on": "2026-01-01"}, "De einddatum ligt voor de begindatum."),
        ({"flags": ["999999"]}, "Kies vlaggen uit de lijst."),
    ],
)
def test_measure_form_bad_input_changes_nothing(adviser_client, adviser, changes, message):
    plan = PlanFactory(municipality=adviser.municipality)
    response = adviser_client.post(
        reverse("plans:measure-create", args=[plan.pk]), {**MEASURE, **changes}
    )
    assert response.status_code == 400
    assert message in text(response)
    assert not Measure.objects.exists()


def test_measure_cannot_pick_a_flag_of_another_plan(adviser_client, adviser):
    plan = PlanFactory(municipality=adviser.municipality)
    other = FlagFactory(plan__municipality=adviser.municipality)
    response = adviser_client.post(
        reverse("plans:measure-create", args=[plan.pk]), {**MEASURE, "flags": [other.pk]}
    )
    assert response.status_code == 400
    assert not Measure.objects.exists()


def test_measure_edit_and_progress(adviser_client, adviser):
    measure = MeasureFactory(plan__municipality=adviser.municipality, plan__year=2026)
    response = adviser_client.post(
        reverse("plans:measure-edit", args=[measure.pk]),
        {**MEASURE, "status": "running", "budget": "1.000,25"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert str(measure.budget) == "1000.25"
    response = adviser_client.post(
        reverse("plans:measure-detail", args=[measure.pk]),
        {"written_on": "2026-06-01", "progress": "late", "note": "Partner haakt af"},
    )
    assert response.status_code == 302
    page = text(adviser_client.get(reverse("plans:plan-detail", args=[measure.plan_id])))
    assert "Loopt achter" in page
    assert "Partner haakt af" in page  # the latest progress notes on the plan page


def test_progress_without_note_changes_nothing(adviser_client, adviser):
    measure = MeasureFactory(plan__municipality=adviser.municipality)
    response = adviser_client.post(
        reverse("plans:measure-detail", args=[measure.pk]),
        {"written_on": "2026-06-01", "progress": "late", "note": ""},
    )
    assert response.status_code == 400
    assert "Schrijf kort op hoe het gaat." in text(response)
    assert not measure.updates.exists()


def test_worksheet_list_names_the_publication(adviser_client):
    page = text(adviser_client.get(reverse("plans:worksheet-list")))
    assert "Stop het stapelen" in page
    assert "000:L" not in page  # never a line reference (issue 14)
    assert "Werkblad Actie 1" in page  # the publication's section instead
    assert "waarstaatjegemeente.nl" in page


def test_answers_of_several_perspectives_merge_into_one_flag(adviser_client, adviser):
    first = AnswerFactory(participant__session__plan__municipality=adviser.municipality)
    session = first.participant.session
    second = AnswerFactory(participant=ParticipantFactory(session=session))
    adviser_client.post(reverse("plans:answer-flag", args=[first.pk]), {"colour": "red"})
    flag = Flag.objects.get()
    response = adviser_client.post(
        reverse("plans:answer-flag", args=[second.pk]), {"vlag": flag.pk}, follow=True
    )
    assert "Het antwoord is toegevoegd aan de vlag" in text(response)
    assert set(flag.answers.all()) == {first, second}
    assert Flag.objects.count() == 1


def test_answer_cannot_join_a_flag_of_another_plan(adviser_client, adviser):
    answer = AnswerFactory(participant__session__plan__municipality=adviser.municipality)
    other = FlagFactory(plan__municipality=adviser.municipality)
    response = adviser_client.post(
        reverse("plans:answer-flag", args=[answer.pk]), {"vlag": other.pk}, follow=True
    )
    assert "Een antwoord hoort niet bij dit plan." in text(response)
    assert not other.answers.exists()
    response = adviser_client.post(
        reverse("plans:answer-flag", args=[answer.pk]), {"vlag": "abc"}, follow=True
    )
    assert "Kies een vlag uit de lijst." in text(response)
