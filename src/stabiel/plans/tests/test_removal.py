"""Correcting and removing what people typed (issue 14): edits keep a history, removals ask a
confirmation, are restorable for PLANS_RESTORE_DAYS and then purged."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse

from stabiel.catalogue.models import Perspective
from stabiel.plans import removal, services
from stabiel.plans.invitations import invitation_token
from stabiel.plans.models import (
    Answer,
    Measure,
    MeasureUpdate,
    OwnQuestion,
    Participant,
    Plan,
    PlanEvent,
    WorkSession,
    Worksheet,
)
from stabiel.plans.services import PlanInputError

from .factories import AnswerFactory, MeasureFactory, ParticipantFactory, WorkSessionFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def session(adviser):
    return WorkSessionFactory(plan__municipality=adviser.municipality, plan__year=2026)


def test_session_date_place_and_worksheets_are_corrected(adviser_client, adviser, session):
    response = adviser_client.post(
        reverse("plans:session-edit", args=[session.pk]),
        {
            "title": "Werksessie 2",
            "held_on": "2026-04-02",
            "place": "Bibliotheek",
            "worksheets": [Worksheet.objects.get(number=3).pk],
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.held_on, session.place) == (datetime.date(2026, 4, 2), "Bibliotheek")
    assert [w.number for w in session.worksheets.all()] == [3]
    event = PlanEvent.objects.get()
    assert (event.verb, event.actor, event.subject_label) == ("changed", adviser, "Werksessie 2")


def test_session_edit_with_a_bad_date_changes_nothing(adviser_client, session):
    response = adviser_client.post(
        reverse("plans:session-edit", args=[session.pk]),
        {"title": "X", "held_on": "31-31-2026", "place": "Y", "worksheets": []},
    )
    assert response.status_code == 400
    assert "Vul een geldige datum in" in text(response)
    session.refresh_from_db()
    assert session.place == "Raadhuis" and not PlanEvent.objects.exists()


def test_participant_is_corrected_and_keeps_their_link(adviser_client, session):
    participant = ParticipantFactory(session=session)
    link = reverse("plans:answer", kwargs={"token": invitation_token(participant)})
    safety = Perspective.objects.get(municipality__isnull=True, code="veiligheid")
    response = adviser_client.post(
        reverse("plans:participant-edit", args=[participant.pk]),
        {"name": "Jan de Wit", "email": "jan@voorbeeld.nl", "perspective": safety.pk},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (participant.name, participant.perspective) == ("Jan de Wit", safety)
    assert adviser_client.get(link).status_code == 200


def test_facilitator_corrects_an_answer_with_a_reason(adviser_client, adviser, session):
    answer = AnswerFactory(participant__session=session, text="Schulden bij jongerren.")
    url = reverse("plans:answer-correct", args=[answer.pk])
    # without a reason nothing changes
    response = adviser_client.post(url, {"text": "Schulden bij jongeren.", "reason": ""})
    assert response.status_code == 400
    assert "Schrijf op waarom u het antwoord verandert." in text(response)
    answer.refresh_from_db()
    assert answer.text == "Schulden bij jongerren."
    response = adviser_client.post(url, {"text": "Schulden bij jongeren.", "reason": "Typefout"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.text == "Schulden bij jongeren."
    event = PlanEvent.objects.get()
    assert (event.verb, event.reason, event.before) == (
        "corrected",
        "Typefout",
        "Schulden bij jongerren.",
    )
    history = text(adviser_client.get(reverse("plans:plan-history", args=[session.plan_id])))
    assert "Typefout" in history and "Schulden bij jongerren." in history


def test_own_question_is_corrected_too(adviser, session):
    participant = ParticipantFactory(session=session)
    own = OwnQuestion.objects.create(
        municipality=session.municipality,
        participant=participant,
        worksheet=Worksheet.objects.get(number=2),
        text="Wie helpt?",
    )
    services.answer_correct(actor=adviser, answer=own, text="Wie helpt met post?", reason="Vaag")
    own.refresh_from_db()
    assert own.text == "Wie helpt met post?"


def test_progress_date_outside_the_plan_year_is_refused(adviser_client, adviser):
    measure = MeasureFactory(plan__municipality=adviser.municipality, plan__year=2026)
    response = adviser_client.post(
        reverse("plans:measure-detail", args=[measure.pk]),
        {"written_on": "2025-12-31", "progress": "late", "note": "Te vroeg"},
    )
    assert response.status_code == 400
    assert "Kies een datum in 2026, het jaar van dit plan." in text(response)
    assert not MeasureUpdate.objects.exists()


def test_progress_report_is_corrected_and_the_status_follows(adviser_client, adviser):
    measure = MeasureFactory(plan__municipality=adviser.municipality, plan__year=2026)
    update = services.measure_progress_add(
        actor=adviser,
        measure=measure,
        written_on=datetime.date(2026, 5, 1),
        progress="late",
        note="Partner haakt af",
    )
    response = adviser_client.post(
        reverse("plans:progress-edit", args=[update.pk]),
        {"written_on": "2026-05-02", "progress": "done", "note": "Toch klaar"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == Measure.Status.DONE
    assert "Partner haakt af" in PlanEvent.objects.get().before


def test_remove_asks_first_then_removes_and_restores(adviser_client, adviser):
    measure = MeasureFactory(plan__municipality=adviser.municipality)
    url = reverse("plans:part-remove", args=["maatregel", measure.pk])
    page = adviser_client.get(url)
    assert page.status_code == 200
    assert "Weet u zeker dat u de maatregel wilt verwijderen?" in text(page)
    assert Measure.objects.filter(pk=measure.pk).exists()  # asking changes nothing
    response = adviser_client.post(url)
    assert response.status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()
    kept = Measure.all_objects.get(pk=measure.pk)
    assert kept.removed_by == adviser and kept.removed_at is not None
    history = text(adviser_client.get(reverse("plans:plan-history", args=[measure.plan_id])))
    assert measure.title in history and "Terugzetten" in history
    # the plan page no longer lists it
    plan_page = text(adviser_client.get(reverse("plans:plan-detail", args=[measure.plan_id])))
    assert measure.title not in plan_page
    response = adviser_client.post(reverse("plans:part-restore", args=["maatregel", measure.pk]))
    assert response.status_code == 302
    assert Measure.objects.filter(pk=measure.pk).exists()
    verbs = list(PlanEvent.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs == ["removed", "restored"]


def test_removed_participant_takes_their_answers_along(adviser, session):
    participant = ParticipantFactory(session=session)
    AnswerFactory(participant=participant)
    other = AnswerFactory(participant__session=session)
    removal.part_remove(actor=adviser, obj=participant)
    assert list(Answer.objects.all()) == [other]
    assert not Participant.objects.filter(pk=participant.pk).exists()
    # their link stops working
    from stabiel.plans.invitations import InvitationError, participant_from_token

    with pytest.raises(InvitationError):
        participant_from_token(invitation_token(participant))
    removal.part_restore(actor=adviser, obj=participant)
    assert Answer.objects.count() == 2


def test_restore_after_the_period_is_refused_and_the_purge_deletes(adviser, session, settings):
    settings.PLANS_RESTORE_DAYS = 30
    participant = ParticipantFactory(session=session)
    AnswerFactory(participant=participant)
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)):
        removal.part_remove(actor=adviser, obj=participant)
    with time_machine.travel(datetime.datetime(2026, 2, 5, 12, tzinfo=datetime.UTC)):
        with pytest.raises(PlanInputError, match="kan niet meer terug"):
            removal.part_restore(actor=adviser, obj=participant)
        call_command("plans_purge_removed", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Participant.all_objects.filter(pk=participant.pk).exists()
    assert not Answer.all_objects.exists()  # the answers went with them
    assert WorkSession.objects.filter(pk=session.pk).exists()


def test_a_removed_plan_frees_its_year_and_hides_its_parts(adviser_client, adviser, session):
    plan = session.plan
    removal.part_remove(actor=adviser, obj=plan)
    assert adviser_client.get(reverse("plans:session-detail", args=[session.pk])).status_code == 404
    listing = text(adviser_client.get(reverse("plans:plan-list")))
    assert "Verwijderde plannen" in listing
    services.plan_create(actor=adviser, year=2026, title="Nieuw plan 2026")
    with pytest.raises(PlanInputError, match="al een ander preventieplan"):
        removal.part_restore(actor=adviser, obj=plan)
    assert Plan.all_objects.filter(year=2026).count() == 2


def test_another_municipality_cannot_remove(client, make_user, other_municipality, session):
    from stabiel.accounts.roles import Role

    client.force_login(make_user(Role.POLICY_ADVISER, municipality=other_municipality))
    for kind, obj in [("werksessie", session), ("plan", session.plan)]:
        assert client.post(reverse("plans:part-remove", args=[kind, obj.pk])).status_code == 404
    assert WorkSession.objects.filter(pk=session.pk).exists()


def test_unknown_kind_is_404(adviser_client, session):
    url = reverse("plans:part-remove", args=["huishouden", session.pk])
    assert adviser_client.get(url).status_code == 404


# Removing a single answer (the facilitator, with a reason) -------------------------------------


def test_facilitator_removes_one_answer_with_a_reason_and_restores_it(
    adviser_client, adviser, session
):
    participant = ParticipantFactory(session=session, name="Anouk Smit")
    answer = AnswerFactory(participant=participant, text="Dit hoort bij een andere vraag.")
    kept = AnswerFactory(
        participant=participant,
        question=Worksheet.objects.get(number=2).questions.order_by("number")[1],
        text="Post blijft dicht.",
    )
    flag = services.flag_from_answer(actor=adviser, answer=answer, colour="red")
    merged = reverse("plans:session-merged", args=[session.pk])
    url = reverse("plans:part-remove", args=["antwoord", answer.pk])
    assert url in text(adviser_client.get(merged))  # the merged view offers it
    page = adviser_client.get(url)
    assert page.status_code == 200
    assert "Weet u zeker dat u het antwoord wilt verwijderen?" in text(page)
    assert "Dit hoort bij een andere vraag." in text(page)
    assert "Waarom verwijdert u dit?" in text(page)
    assert Answer.objects.filter(pk=answer.pk).exists()  # asking changes nothing

    response = adviser_client.post(url, {"reason": "Hoort bij vraag 2.2"})
    assert response.status_code == 302 and response["Location"] == merged
    assert list(Answer.objects.filter(participant=participant)) == [kept]  # only this one went
    assert Participant.objects.filter(pk=participant.pk).exists()
    gone = Answer.all_objects.get(pk=answer.pk)
    assert gone.removed_by == adviser and gone.removed_at is not None
    assert list(flag.answers.all()) == []  # no longer shown as a flag's evidence
    # the merged view no longer shows it (the flag made from it keeps its own title)
    assert f"?antwoord={answer.pk}" not in text(adviser_client.get(merged))
    assert f"?antwoord={kept.pk}" in text(adviser_client.get(merged))
    event = PlanEvent.objects.get(verb="removed")
    assert (event.subject_kind, event.reason, event.before, event.actor) == (
        "answer",
        "Hoort bij vraag 2.2",
        "Dit hoort bij een andere vraag.",
        adviser,
    )
    history = text(adviser_client.get(reverse("plans:plan-history", args=[session.plan_id])))
    assert "Antwoord van Anouk Smit op vraag" in history and "Hoort bij vraag 2.2" in history
    assert reverse("plans:part-restore", args=["antwoord", answer.pk]) in history

    response = adviser_client.post(reverse("plans:part-restore", args=["antwoord", answer.pk]))
    assert response.status_code == 302
    assert Answer.objects.filter(participant=participant).count() == 2
    assert list(flag.answers.all()) == [answer]
    verbs = list(PlanEvent.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs[-2:] == ["removed", "restored"]


def test_removing_an_answer_without_a_reason_changes_nothing(adviser_client, session):
    answer = AnswerFactory(participant__session=session)
    url = reverse("plans:part-remove", args=["antwoord", answer.pk])
    for reason in ("", "   ", "x" * 1001):
        response = adviser_client.post(url, {"reason": reason})
        assert response.status_code == 400
        assert Answer.objects.filter(pk=answer.pk).exists()
    assert "Schrijf op waarom u dit verwijdert." in text(adviser_client.post(url, {"reason": ""}))
    too_long = text(adviser_client.post(url, {"reason": "x" * 1001}))
    assert "1000" in too_long
    assert not PlanEvent.objects.exists()


def test_removing_an_answer_twice_or_a_missing_one_is_refused(adviser_client, adviser, session):
    answer = AnswerFactory(participant__session=session)
    removal.part_remove(actor=adviser, obj=answer, reason="Dubbel")
    with pytest.raises(PlanInputError, match="al verwijderd"):
        removal.part_remove(actor=adviser, obj=answer, reason="Dubbel")
    # a removed answer is not offered for removal again, nor is an id that does not exist
    assert (
        adviser_client.post(
            reverse("plans:part-remove", args=["antwoord", answer.pk]), {"reason": "Nog eens"}
        ).status_code
        == 404
    )
    url = reverse("plans:part-remove", args=["antwoord", 999999999])
    assert adviser_client.get(url).status_code == 404
    with pytest.raises(PlanInputError, match="niet verwijderd"):
        removal.part_restore(actor=adviser, obj=AnswerFactory(participant__session=session))
    assert PlanEvent.objects.filter(verb="removed").count() == 1


def test_only_the_policy_adviser_of_the_municipality_removes_an_answer(
    client, make_user, other_municipality, session
):
    from stabiel.accounts.roles import Role

    answer = AnswerFactory(participant__session=session)
    url = reverse("plans:part-remove", args=["antwoord", answer.pk])
    client.force_login(make_user(Role.POLICY_ADVISER, municipality=other_municipality))
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Weg ermee"}).status_code == 404
    for role in (Role.ACCESS_WORKER, Role.SESSION_PARTICIPANT, Role.PARTNER_REPORTER):
        client.force_login(make_user(role, municipality=session.municipality))
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "Weg ermee"}).status_code == 403
    client.logout()
    assert client.post(url, {"reason": "Weg ermee"}).status_code == 302  # to the login page
    assert Answer.objects.filter(pk=answer.pk).exists()
    assert not PlanEvent.objects.exists()


def test_participant_answers_again_after_a_removal_and_the_old_one_cannot_return(
    client, adviser, session
):
    participant = ParticipantFactory(session=session)
    answer = AnswerFactory(participant=participant, text="Eerste antwoord")
    removal.part_remove(actor=adviser, obj=answer, reason="Verkeerde vraag")
    # the participant's own page no longer shows it; they answer the question again
    link = reverse("plans:answer", kwargs={"token": invitation_token(participant)})
    assert "Eerste antwoord" not in text(client.get(link))
    services.answers_save(
        participant=participant, answers={answer.question_id: "Nieuw antwoord"}, own_questions={}
    )
    assert [a.text for a in Answer.objects.filter(participant=participant)] == ["Nieuw antwoord"]
    with pytest.raises(PlanInputError, match="opnieuw beantwoord"):
        removal.part_restore(actor=adviser, obj=answer)
    assert Answer.all_objects.get(pk=answer.pk).removed_at is not None


def test_own_question_is_removed_and_restored_alone(adviser_client, adviser, session):
    participant = ParticipantFactory(session=session)
    own = OwnQuestion.objects.create(
        municipality=session.municipality,
        participant=participant,
        worksheet=Worksheet.objects.get(number=2),
        text="Wie betaalt dit?",
    )
    answer = AnswerFactory(participant=participant)
    url = reverse("plans:part-remove", args=["eigen-vraag", own.pk])
    assert url in text(adviser_client.get(reverse("plans:session-merged", args=[session.pk])))
    assert adviser_client.post(url, {"reason": ""}).status_code == 400
    assert OwnQuestion.objects.filter(pk=own.pk).exists()
    assert adviser_client.post(url, {"reason": "Geen vraag"}).status_code == 302
    assert not OwnQuestion.objects.exists()
    assert list(Answer.objects.all()) == [answer]
    removal.part_restore(actor=adviser, obj=OwnQuestion.all_objects.get(pk=own.pk))
    assert OwnQuestion.objects.get().text == "Wie betaalt dit?"


def test_an_answer_removed_with_its_participant_is_not_listed_on_its_own(adviser, session):
    participant = ParticipantFactory(session=session)
    single = AnswerFactory(participant=participant)
    removal.part_remove(actor=adviser, obj=single, reason="Dubbel")
    removal.part_remove(actor=adviser, obj=participant)
    kinds = [row.kind for row in removal.removed_parts(plan=session.plan)]
    assert kinds == ["deelnemer"]  # the answer comes back with its participant, not alone
    with pytest.raises(Http404):
        removal.part_get(actor=adviser, kind="antwoord", pk=single.pk, removed=True)


def test_exports_leave_a_removed_answer_out(adviser, session):
    from stabiel.plans.exports import plan_export_data, render_markdown

    AnswerFactory(participant__session=session, text="Blijft in het plan staan.")
    gone = AnswerFactory(
        participant__session=session, text="Dit antwoord is door de begeleider verwijderd."
    )
    removal.part_remove(actor=adviser, obj=gone, reason="Op verzoek")
    markdown = render_markdown(plan_export_data(plan=session.plan))
    assert "Blijft in het plan staan." in markdown
    assert "door de begeleider verwijderd" not in markdown


def test_purge_deletes_a_single_removed_answer_after_the_period(adviser, session, settings):
    settings.PLANS_RESTORE_DAYS = 30
    answer = AnswerFactory(participant__session=session)
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)):
        removal.part_remove(actor=adviser, obj=answer, reason="Op verzoek")
    with time_machine.travel(datetime.datetime(2026, 2, 5, 12, tzinfo=datetime.UTC)):
        counts = removal.purge_removed()
    assert counts["antwoord"] == 1
    assert not Answer.all_objects.filter(pk=answer.pk).exists()
    assert Participant.objects.filter(pk=answer.participant_id).exists()


def test_a_removed_measure_takes_its_progress_reports_along(adviser_client, adviser):
    measure = MeasureFactory(plan__municipality=adviser.municipality, plan__year=2026)
    services.measure_progress_add(
        actor=adviser,
        measure=measure,
        written_on=datetime.date(2026, 5, 1),
        progress="late",
        note="Partner haakt af",
    )
    plan_url = reverse("plans:plan-detail", args=[measure.plan_id])
    detail = reverse("plans:measure-detail", args=[measure.pk])
    assert detail in text(adviser_client.get(plan_url))
    removal.part_remove(actor=adviser, obj=measure)
    page = text(adviser_client.get(plan_url))
    assert detail not in page and "Partner haakt af" not in page  # no link to a removed measure
    assert not MeasureUpdate.objects.exists() and MeasureUpdate.all_objects.count() == 1
    assert [row.kind for row in removal.removed_parts(plan=measure.plan)] == ["maatregel"]
    removal.part_restore(actor=adviser, obj=Measure.all_objects.get(pk=measure.pk))
    assert "Partner haakt af" in text(adviser_client.get(plan_url))
