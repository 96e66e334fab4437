"""A year's cycle, publishing between municipalities, and participants who log in (issue 14)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import UserFactory
from stabiel.catalogue.models import Pillar
from stabiel.plans import cycle, publishing, services
from stabiel.plans.models import Flag, Measure, MeasureUpdate, Plan, WorkSession
from stabiel.plans.services import PlanInputError

from .factories import (
    AnswerFactory,
    FlagFactory,
    MeasureFactory,
    ParticipantFactory,
    PlanFactory,
    WorkSessionFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


# Next year's plan ---------------------------------------------------------------------------


def test_next_year_carries_flags_and_measures_with_progress_not_answers(adviser_client, adviser):
    plan = PlanFactory(municipality=adviser.municipality, year=2026, title="Preventieplan 2026")
    answer = AnswerFactory(participant__session__plan=plan)
    flag = FlagFactory(plan=plan, title="Schulden laat gezien")
    flag.answers.add(answer)
    measure = MeasureFactory(plan=plan, title="Huisbezoek")
    measure.flags.add(flag)
    services.measure_progress_add(
        actor=adviser,
        measure=measure,
        written_on=datetime.date(2026, 5, 1),
        progress="late",
        note="Partner haakt af",
    )
    page = adviser_client.get(reverse("plans:plan-next-year", args=[plan.pk]))
    assert "Plan voor 2027 starten" in text(page)
    assert not Plan.objects.filter(year=2027).exists()  # asking changes nothing
    response = adviser_client.post(reverse("plans:plan-next-year", args=[plan.pk]))
    new = Plan.objects.get(municipality=adviser.municipality, year=2027)
    assert response["Location"] == reverse("plans:plan-detail", args=[new.pk])
    assert new.title == "Preventieplan 2027" and new.previous == plan
    new_flag = Flag.objects.get(plan=new)
    assert new_flag.title == "Schulden laat gezien" and new_flag.carried_from == flag
    assert not new_flag.answers.exists()  # answers stay with their year
    new_measure = Measure.objects.get(plan=new)
    assert list(new_measure.flags.all()) == [new_flag]
    assert new_measure.carried_from == measure
    update = MeasureUpdate.objects.get(measure=new_measure)
    assert (update.written_on, update.note) == (datetime.date(2026, 5, 1), "Partner haakt af")
    assert not WorkSession.objects.filter(plan=new).exists()
    # the old plan is untouched
    assert Flag.objects.filter(plan=plan).count() == 1 and measure.updates.count() == 1


def test_next_year_twice_is_refused(adviser):
    plan = PlanFactory(municipality=adviser.municipality, year=2026)
    cycle.plan_start_next_year(actor=adviser, plan=plan)
    with pytest.raises(PlanInputError, match="al een preventieplan voor 2027"):
        cycle.plan_start_next_year(actor=adviser, plan=plan)
    assert Plan.objects.filter(year=2027).count() == 1


def test_progress_view_per_pillar_and_measure(adviser_client, adviser):
    plan = PlanFactory(municipality=adviser.municipality, year=2026)
    pillar = Pillar.objects.get(municipality__isnull=True, code="bestaanszekerheid")
    flag = FlagFactory(plan=plan, pillar=pillar)
    measure = MeasureFactory(plan=plan, title="Schuldhulp sneller")
    measure.flags.add(flag)
    services.measure_progress_add(
        actor=adviser,
        measure=measure,
        written_on=datetime.date(2026, 3, 1),
        progress="on_track",
        note="Gestart met twee wijken",
    )
    response = adviser_client.get(reverse("plans:plan-progress", args=[plan.pk]))
    groups = {g["label"]: g for g in response.context["groups"]}
    assert groups["Bestaanszekerheid"]["total"] == 1
    assert groups["Bestaanszekerheid"]["counts"]["on_track"] == 1
    assert groups["Meedoen"]["total"] == 0
    assert "Gestart met twee wijken" in text(response)


# The adviser's home page --------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC))
def test_home_shows_the_current_plan_and_what_changed(client, adviser, make_user):
    client.force_login(adviser)
    plan = PlanFactory(municipality=adviser.municipality, year=2026, title="Plan 2026")
    WorkSessionFactory(plan=plan, title="Sessie juni", held_on=datetime.date(2026, 6, 20))
    MeasureFactory(plan=plan, title="Loopt achter", ends_on=datetime.date(2026, 5, 1))
    first = text(client.get(reverse("home:home")))
    assert "Plan 2026" in first and "Sessie juni" in first and "Loopt achter" in first
    assert "Dit is uw eerste bezoek" in first
    colleague = make_user(Role.POLICY_ADVISER, municipality=adviser.municipality)
    with time_machine.travel(datetime.datetime(2026, 6, 2, 9, tzinfo=datetime.UTC)):
        services.flag_create(
            actor=colleague,
            plan=plan,
            colour="red",
            title="Nieuwe vlag van collega",
            pillar=Pillar.objects.get(municipality__isnull=True, code="meedoen"),
        )
    with time_machine.travel(datetime.datetime(2026, 6, 3, 9, tzinfo=datetime.UTC)):
        client.force_login(adviser)  # a new day, a new login (the idle timeout ended the old)
        later = text(client.get(reverse("home:home")))
        again = text(client.get(reverse("home:home")))  # the same visit: still shown
    assert "Nieuwe vlag van collega" in later and "Nieuwe vlag van collega" in again


def test_home_without_a_plan_offers_to_make_one(client, adviser):
    client.force_login(adviser)
    assert "Er is nog geen preventieplan." in text(client.get(reverse("home:home")))


# Between municipalities ---------------------------------------------------------------------


@pytest.fixture
def published(make_user, other_municipality):
    other = make_user(Role.POLICY_ADVISER, municipality=other_municipality)
    plan = PlanFactory(municipality=other_municipality, year=2026, title="Plan Buurstad 2026")
    pillar = Pillar.objects.get(municipality__isnull=True, code="bestaanszekerheid")
    flag = FlagFactory(plan=plan, pillar=pillar, title="Late signalen van schulden")
    answer = AnswerFactory(
        participant__session__plan=plan, text="Geheim antwoord van een deelnemer"
    )
    flag.answers.add(answer)
    measure = MeasureFactory(
        plan=plan, title="Schuldhulp aan huis", impact=4, effort=2, owner="Team Buurstad"
    )
    measure.flags.add(flag)
    publishing.plan_publish(actor=other, plan=plan, publish=True)
    return measure


def test_published_measures_are_browsed_and_adopted_in_one_step(adviser_client, adviser, published):
    own = PlanFactory(municipality=adviser.municipality, year=2026)
    pillar = Pillar.objects.get(municipality__isnull=True, code="bestaanszekerheid")
    page = adviser_client.get(reverse("plans:shared-list"), {"pillar": pillar.pk})
    body = text(page)
    assert "Schuldhulp aan huis" in body and "Late signalen van schulden" in body
    assert published.municipality.name in body
    assert "Geheim antwoord" not in body  # never answers or participants
    meedoen = Pillar.objects.get(municipality__isnull=True, code="meedoen")
    other_pillar = text(adviser_client.get(reverse("plans:shared-list"), {"pillar": meedoen.pk}))
    assert "Schuldhulp aan huis" not in other_pillar
    response = adviser_client.post(
        reverse("plans:shared-adopt", args=[published.pk]), {"plan": own.pk}
    )
    adopted = Measure.objects.get(plan=own)
    assert response["Location"] == reverse("plans:measure-edit", args=[adopted.pk])
    assert adopted.title == "Schuldhulp aan huis" and adopted.adopted_from == published
    assert published.municipality.name in adopted.source
    assert (adopted.impact, adopted.effort) == (4, 2)
    assert adopted.status == Measure.Status.PLANNED and adopted.owner != "Team Buurstad"


def test_unpublished_and_own_plans_are_not_shown(adviser_client, adviser, published):
    mine = MeasureFactory(plan__municipality=adviser.municipality, title="Eigen maatregel")
    publishing.plan_publish(actor=adviser, plan=mine.plan, publish=True)
    body = text(adviser_client.get(reverse("plans:shared-list")))
    assert "Eigen maatregel" not in body and "Schuldhulp aan huis" in body
    other = published.plan
    Plan.objects.filter(pk=other.pk).update(published_at=None)
    assert "Schuldhulp aan huis" not in text(adviser_client.get(reverse("plans:shared-list")))
    own = PlanFactory(municipality=adviser.municipality, year=mine.plan.year + 1)
    response = adviser_client.post(
        reverse("plans:shared-adopt", args=[published.pk]), {"plan": own.pk}
    )
    assert response.status_code == 404
    assert not Measure.objects.filter(plan=own).exists()


def test_adopting_into_another_municipalitys_plan_changes_nothing(
    adviser_client, adviser, published
):
    response = adviser_client.post(
        reverse("plans:shared-adopt", args=[published.pk]), {"plan": published.plan_id}
    )
    assert response.status_code == 302
    follow = text(adviser_client.get(response["Location"]))
    assert "Kies een preventieplan van uw gemeente uit de lijst." in follow
    assert Measure.objects.count() == 1


def test_bad_filter_shows_everything_with_a_message(adviser_client, published):
    body = text(adviser_client.get(reverse("plans:shared-list"), {"pillar": "abc"}))
    assert "Een filter had een waarde die niet bestaat." in body
    assert "Schuldhulp aan huis" in body


# Participants who log in --------------------------------------------------------------------


def test_participant_sees_their_sessions_and_links_and_reads_the_catalogue(
    client, make_user, worksheets
):
    user = make_user(Role.SESSION_PARTICIPANT, email="dirk@voorbeeld.nl")
    session = WorkSessionFactory(plan__municipality=user.municipality, title="Sessie meedoen")
    ParticipantFactory(session=session, email="Dirk@Voorbeeld.nl")
    elsewhere = WorkSessionFactory(title="Sessie elders")  # another municipality
    ParticipantFactory(session=elsewhere, email="dirk@voorbeeld.nl")
    client.force_login(user)
    home = text(client.get(reverse("home:home")))
    assert "Sessie meedoen" in home and "/plannen/deelnemen/" in home
    assert "Sessie elders" not in home
    assert "nog geen schermen" not in home
    assert client.get(reverse("catalogue:overview")).status_code == 200
    assert client.get(reverse("plans:plan-list")).status_code == 403


# Searching flags and opening a pillar -------------------------------------------------------


def test_flags_are_searched_by_text_and_opened_by_pillar(adviser_client, adviser):
    plan = PlanFactory(municipality=adviser.municipality)
    money = Pillar.objects.get(municipality__isnull=True, code="bestaanszekerheid")
    joining = Pillar.objects.get(municipality__isnull=True, code="meedoen")
    FlagFactory(plan=plan, pillar=money, title="Betaalachterstanden laat gezien")
    FlagFactory(plan=plan, pillar=joining, title="Eenzaamheid in de wijk", description="Ouderen")
    url = reverse("plans:flag-search", args=[plan.pk])
    found = adviser_client.get(url, {"zoek": "ouderen"})
    assert [f.title for f in found.context["flags"]] == ["Eenzaamheid in de wijk"]
    pillar_page = adviser_client.get(url, {"pijler": "bestaanszekerheid"})
    assert [f.title for f in pillar_page.context["flags"]] == ["Betaalachterstanden laat gezien"]
    assert "Vlaggen bij Bestaanszekerheid" in text(pillar_page)
    unknown = adviser_client.get(url, {"pijler": "bestaat-niet"})
    assert "Deze pijler bestaat niet." in text(unknown)
    assert len(unknown.context["flags"]) == 2
    # the plan page's drawn model opens each pillar
    detail = text(adviser_client.get(reverse("plans:plan-detail", args=[plan.pk])))
    assert f"{url}?pijler=bestaanszekerheid" in detail


def test_demo_publishes_a_neighbours_plan_once(adviser_client, adviser, other_municipality):
    from stabiel.plans.demo import plans_demo_published_load

    UserFactory(municipality=other_municipality, roles=[Role.FUNCTIONAL_ADMIN])
    plans_demo_published_load(other_municipality)
    plans_demo_published_load(other_municipality)
    assert Plan.objects.filter(municipality=other_municipality).count() == 1
    body = text(adviser_client.get(reverse("plans:shared-list")))
    assert "Na één maand huurachterstand" in body
