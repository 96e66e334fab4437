"""Life events in the case: from the catalogue, dated, shown with the case and the check-ins."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.cases import services
from stabiel.cases.models import CaseLifeEvent
from stabiel.cases.queries import my_work
from stabiel.catalogue.models import LifeEvent
from stabiel.core.models import AccessLogEntry

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def case(world):
    return services.triage_record(
        actor=world.worker,
        alert=world.alert,
        urgency="soon",
        safety_concern=False,
        safety_note="",
        outcome="visit",
        taken_by=world.worker,
    ).case


def event(code="verlies-van-een-dierbare"):
    return LifeEvent.objects.get(code=code, municipality__isnull=True)


def post(client, case, data):
    return client.post(
        reverse("cases:case-action", args=[case.pk, "life-event"]), {"purpose": "plan", **data}
    )


def test_life_event_is_recorded_shown_and_logged(world, case, client):
    client.force_login(world.worker)
    response = post(
        client,
        case,
        {
            "life_event": event().pk,
            "happened_on": (TODAY - timedelta(days=20)).strftime("%d-%m-%Y"),
            "note": "Oma is overleden",
        },
    )
    assert response.status_code == 302
    made = CaseLifeEvent.objects.get()
    assert (made.case, made.recorded_by, made.note) == (case, world.worker, "Oma is overleden")
    assert AccessLogEntry.objects.filter(shown__contains="ingrijpende gebeurtenis").exists()
    page = client.get(response.url).content.decode()
    assert "Verlies van een dierbare" in page and "Oma is overleden" in page
    assert "Verlies van een dierbare" in case.events.first().text


def test_life_event_shows_beside_the_check_in_on_the_home_list(world, case):
    services.check_ins_schedule(
        actor=world.worker,
        case=case,
        first_on=TODAY,
        times=1,
        per="month",
        periods=1,
        then_times=0,
        then_per="quarter",
        then_periods=0,
        worker=world.worker,
    )
    services.life_event_record(
        actor=world.worker, case=case, life_event=event("werkloosheid"), happened_on=TODAY
    )
    work = my_work(actor=world.worker, today=TODAY)
    assert [e.life_event.code for e in work["check_ins"][0].life_events] == ["werkloosheid"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"life_event": "", "happened_on": "01-01-2026"}, "Kies een gebeurtenis."),
        ({"life_event": "999999", "happened_on": "01-01-2026"}, "uit de lijst"),
        ({"life_event": "EVENT", "happened_on": ""}, "Kies een datum."),
        ({"life_event": "EVENT", "happened_on": "31-02-2026"}, ""),
        ({"life_event": "EVENT", "happened_on": "FUTURE"}, "in de toekomst"),
        ({"life_event": "EVENT", "happened_on": "01-01-1950"}, "tien jaar"),
        ({"life_event": "EVENT", "happened_on": "01-01-2026", "note": "x" * 301}, ""),
    ],
)
def test_bad_life_event_stores_nothing(world, case, client, data, message):
    client.force_login(world.worker)
    data = dict(data)
    if data["life_event"] == "EVENT":
        data["life_event"] = event().pk
    if data["happened_on"] == "FUTURE":
        data["happened_on"] = (TODAY + timedelta(days=3)).strftime("%d-%m-%Y")
    response = post(client, case, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CaseLifeEvent.objects.exists()


def test_life_event_of_another_municipality_is_refused(world, case, other_municipality):
    foreign = LifeEvent.objects.create(
        municipality=other_municipality, code="eigen", name="Eigen gebeurtenis"
    )
    with pytest.raises(services.CaseInputError, match="uit de lijst"):
        services.life_event_record(
            actor=world.worker, case=case, life_event=foreign, happened_on=TODAY
        )
    assert not CaseLifeEvent.objects.exists()


def test_other_team_cannot_record_a_life_event(world, case, client):
    client.force_login(world.other_team_worker)
    response = post(client, case, {"life_event": event().pk, "happened_on": "01-01-2026"})
    assert response.status_code == 404
    assert not CaseLifeEvent.objects.exists()
