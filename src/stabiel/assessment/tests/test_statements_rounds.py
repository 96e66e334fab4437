"""Statements, rounds, respondents and answers: services and screens, with the bad input of
issue 16 (score outside the scale, answering twice, closed round, tampered link, round without
respondents, a statement of 5,000 characters): a clear message and nothing changed."""

import pytest
from django.core import mail
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.assessment import services
from stabiel.assessment.links import respondent_token
from stabiel.assessment.models import Respondent, RespondentRole, Response, Round, Statement
from stabiel.assessment.services import AssessmentInputError

from .factories import invite, score_all, start_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser(make_user, catalogue):
    return make_user(Role.POLICY_ADVISER)


@pytest.fixture
def adviser_client(client, adviser):
    client.force_login(adviser)
    return client


def answer_url(respondent):
    return reverse("assessment:answer", kwargs={"token": respondent_token(respondent)})


# Statements ------------------------------------------------------------------------------------


def test_stabiel_statements_one_per_lesson_and_three_per_function(adviser):
    added = services.statements_ensure(municipality=adviser.municipality)
    assert added == 45
    own = Statement.objects.filter(municipality=adviser.municipality)
    assert own.exclude(lesson_code="").count() == 30
    assert own.filter(lesson_code="").count() == 15
    assert set(own.values_list("origin", flat=True)) == {"stabiel"}
    assert services.statements_ensure(municipality=adviser.municipality) == 0  # idempotent


def test_reword_and_switch_off_keep_running_rounds_as_they_started(adviser):
    the_round = start_round(adviser)
    statement = Statement.objects.get(municipality=adviser.municipality, code="les-4.4")
    services.statement_update(
        actor=adviser, statement=statement, text="Nieuwe tekst.", active=False
    )
    statement.refresh_from_db()
    assert statement.reworded and not statement.active
    copy = the_round.statements.get(statement=statement)
    assert copy.text != "Nieuwe tekst."
    later = start_round(adviser, "Najaar 2027")
    assert not later.statements.filter(statement=statement).exists()
    assert later.statements.count() == the_round.statements.count() - 1


def test_own_statement_is_added_and_labelled(adviser_client, adviser):
    response = adviser_client.post(
        reverse("assessment:statement-list"),
        {"function_code": "leren-verbeteren", "text": "We bespreken elke maand een casus."},
    )
    assert response.status_code == 302
    statement = Statement.objects.get(text="We bespreken elke maand een casus.")
    assert statement.origin == "eigen" and statement.code == ""
    page = adviser_client.get(reverse("assessment:statement-list")).content.decode()
    assert "Eigen stelling van de gemeente" in page and "Stelling van Stabiel" in page


def test_statement_of_5000_characters_is_refused_on_add_and_edit(adviser_client, adviser):
    services.statements_ensure(municipality=adviser.municipality)
    before = Statement.objects.count()
    long_text = "woord " * 834  # about 5,000 characters
    response = adviser_client.post(
        reverse("assessment:statement-list"), {"function_code": "brede-blik", "text": long_text}
    )
    assert response.status_code == 400
    assert "hoogstens 500 tekens" in response.content.decode()
    assert Statement.objects.count() == before
    statement = Statement.objects.filter(municipality=adviser.municipality).first()
    old = statement.text
    response = adviser_client.post(
        reverse("assessment:statement-edit", args=[statement.pk]),
        {"text": long_text, "active": "on"},
    )
    assert response.status_code == 400
    assert "hoogstens 500 tekens" in response.content.decode()
    statement.refresh_from_db()
    assert statement.text == old


def test_statement_of_another_municipality_is_not_found(
    adviser_client, make_user, other_municipality
):
    other = make_user(Role.POLICY_ADVISER, municipality=other_municipality)
    services.statements_ensure(municipality=other.municipality)
    theirs = Statement.objects.filter(municipality=other_municipality).first()
    assert (
        adviser_client.get(reverse("assessment:statement-edit", args=[theirs.pk])).status_code
        == 404
    )


# Rounds and respondents ------------------------------------------------------------------------


def test_start_round_and_invite_three_roles_by_mail(
    adviser_client, adviser, mailoutbox, django_capture_on_commit_callbacks
):
    response = adviser_client.post(reverse("assessment:round-list"), {"title": "Voorjaar 2027"})
    the_round = Round.objects.get(title="Voorjaar 2027")
    assert response.status_code == 302
    assert the_round.statements.count() == 45
    for role, name in (("toegang", "Anna"), ("partner", "Bram"), ("inwoner", "Cleo")):
        with django_capture_on_commit_callbacks(execute=True):
            response = adviser_client.post(
                reverse("assessment:round-detail", args=[the_round.pk]),
                {"role": role, "name": name, "email": f"{name.lower()}@example.org"},
            )
        assert response.status_code == 302
    assert len(mail.outbox) == 3
    assert "/basisfuncties/invullen/" in mail.outbox[0].body
    page = adviser_client.get(
        reverse("assessment:round-detail", args=[the_round.pk])
    ).content.decode()
    assert "Inwoner of ervaringsdeskundige" in page


def test_round_without_respondents_cannot_be_closed(adviser_client, adviser):
    the_round = start_round(adviser)
    response = adviser_client.post(
        reverse("assessment:round-close", args=[the_round.pk]), follow=True
    )
    assert "Deze ronde heeft nog geen deelnemers" in response.content.decode()
    the_round.refresh_from_db()
    assert the_round.is_open


def test_invite_without_role_or_in_closed_round_is_refused(adviser_client, adviser):
    the_round = start_round(adviser)
    response = adviser_client.post(
        reverse("assessment:round-detail", args=[the_round.pk]), {"role": "", "name": "Anna"}
    )
    assert response.status_code == 400
    assert Respondent.objects.count() == 0
    respondent = invite(adviser, the_round)
    score_all(respondent, {})
    services.round_close(actor=adviser, the_round=the_round)
    with pytest.raises(AssessmentInputError, match="gesloten"):
        invite(adviser, the_round, name="Later")
    assert Respondent.objects.count() == 1


# Answering by link -----------------------------------------------------------------------------


def test_respondent_answers_by_link_without_account_and_changes_later(client, adviser):
    the_round = start_round(adviser)
    respondent = invite(adviser, the_round)
    first, second = list(the_round.statements.all()[:2])
    url = answer_url(respondent)
    page = client.get(url)
    assert page.status_code == 200
    assert first.text in page.content.decode()
    data = {
        "deelnemer": respondent.pk,
        f"score-{first.pk}": "4",
        f"note-{first.pk}": "Loopt goed.",
        f"score-{second.pk}": "?",
    }
    assert client.post(url, data).status_code == 302
    assert Response.objects.filter(respondent=respondent).count() == 2
    assert Response.objects.get(statement=second).score is None  # weet ik niet
    # Return with the same link and change: still one row per statement.
    data[f"score-{first.pk}"] = "2"
    assert client.post(url, data).status_code == 302
    assert Response.objects.filter(respondent=respondent).count() == 2
    assert Response.objects.get(statement=first).score == 2


def test_score_outside_the_scale_changes_nothing(client, adviser):
    the_round = start_round(adviser)
    respondent = invite(adviser, the_round)
    statement = the_round.statements.first()
    for bad in ("7", "0", "-1", "drie", "99999"):
        response = client.post(
            answer_url(respondent), {"deelnemer": respondent.pk, f"score-{statement.pk}": bad}
        )
        assert response.status_code == 400, bad
        html = response.content.decode()
        assert "Er is niets opgeslagen" in html
        assert "1 tot en met 5" in html or "tussen 1 en 5" in html
    assert Response.objects.count() == 0
    with pytest.raises(AssessmentInputError):
        services.responses_save(respondent=respondent, answers=[(statement.pk, 6, "")])


def test_answering_the_same_statement_twice_in_one_go_changes_nothing(client, adviser):
    the_round = start_round(adviser)
    respondent = invite(adviser, the_round)
    a, b = list(the_round.statements.all()[:2])
    response = client.post(
        answer_url(respondent),
        {"deelnemer": respondent.pk, f"score-{a.pk}": ["4", "1"], f"score-{b.pk}": "5"},
    )
    assert response.status_code == 400
    assert "twee antwoorden op dezelfde stelling" in response.content.decode()
    assert Response.objects.count() == 0


def test_note_without_score_is_refused(client, adviser):
    the_round = start_round(adviser)
    respondent = invite(adviser, the_round)
    a = the_round.statements.first()
    response = client.post(
        answer_url(respondent), {"deelnemer": respondent.pk, f"note-{a.pk}": "Hm."}
    )
    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_closed_round_accepts_no_answers(client, adviser):
    the_round = start_round(adviser)
    respondent = invite(adviser, the_round)
    a = the_round.statements.first()
    score_all(respondent, {}, default=3)
    services.round_close(actor=adviser, the_round=the_round)
    response = client.post(
        answer_url(respondent), {"deelnemer": respondent.pk, f"score-{a.pk}": "5"}
    )
    assert response.status_code == 409
    assert "Deze ronde is gesloten" in response.content.decode()
    assert Response.objects.get(respondent=respondent, statement=a).score == 3
    page = client.get(answer_url(respondent)).content.decode()
    assert "kunt ze niet meer veranderen" in page and "disabled" in page


def test_tampered_expired_or_replaced_link(client, adviser, settings):
    the_round = start_round(adviser)
    respondent = invite(adviser, the_round)
    token = respondent_token(respondent)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.post(
        reverse("assessment:answer", kwargs={"token": tampered}), {"deelnemer": respondent.pk}
    )
    assert response.status_code == 400
    assert "Deze link klopt niet" in response.content.decode()
    other_pk = reverse(
        "assessment:answer", kwargs={"token": token.replace(f"{respondent.pk}.", "999.", 1)}
    )
    assert client.get(other_pk).status_code == 400
    services.respondent_link_renew(actor=adviser, respondent=respondent)
    response = client.get(reverse("assessment:answer", kwargs={"token": token}))
    assert response.status_code == 410
    assert "werkt niet meer" in response.content.decode()
    settings.PLANS_INVITATION_DAYS = -1
    respondent.refresh_from_db()
    assert client.get(answer_url(respondent)).status_code == 410
    assert Response.objects.count() == 0


def test_post_for_another_respondent_changes_nothing(client, adviser):
    the_round = start_round(adviser)
    one, two = invite(adviser, the_round, name="Een"), invite(adviser, the_round, name="Twee")
    a = the_round.statements.first()
    response = client.post(answer_url(one), {"deelnemer": two.pk, f"score-{a.pk}": "5"})
    assert response.status_code == 403
    assert Response.objects.count() == 0


def test_rounds_are_for_the_policy_adviser_only(client, make_user):
    for role in (Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN):
        client.force_login(make_user(role))
        assert client.get(reverse("assessment:round-list")).status_code == 403
        assert client.get(reverse("assessment:statement-list")).status_code == 403


def test_respondent_roles_are_the_five_of_the_issue():
    assert len(RespondentRole.values) == 5
