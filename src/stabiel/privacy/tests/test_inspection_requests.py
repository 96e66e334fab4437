"""Inspection requests (AVG art. 15): registered by the privacy officer, due a month after
receipt, open ones on the start page with the overdue first, handled with how it was answered."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.core.models import AccessLogEntry
from stabiel.privacy.models import InspectionRequest
from stabiel.privacy.services import deadline_for, inspection_request_register, months_after
from stabiel.residents.services import household_register, person_register
from stabiel.signals.tests.factories import BSNS, population

pytestmark = pytest.mark.django_db

CREATE = reverse("privacy:request-create")


@pytest.fixture
def pop(catalogue, municipality, team):
    pop = population(municipality, households=2)
    team.areas.add(pop.area)
    return pop


@pytest.fixture
def officer(client, make_user):
    user = make_user(Role.PRIVACY_OFFICER, username="pim", first_name="Pim", last_name="Privé")
    client.force_login(user)
    return user


def bsn_of(person):
    return person.identity.bsn


def test_deadline_is_one_month_after_receipt():
    assert deadline_for(date(2026, 3, 15)) == date(2026, 4, 15)
    assert deadline_for(date(2026, 1, 31)) == date(2026, 2, 28)
    assert deadline_for(date(2026, 12, 10)) == date(2027, 1, 10)
    assert months_after(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_officer_registers_a_request_with_the_deadline_computed_and_the_search_logged(
    client, officer, pop
):
    person = pop.persons[0]
    received = timezone.localdate() - timedelta(days=3)
    response = client.post(
        CREATE,
        {"bsn": bsn_of(person), "received_on": received.strftime("%d-%m-%Y"), "note": "Per brief"},
    )
    request = InspectionRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("privacy:request-detail", args=[request.pk])
    assert request.person == person and request.received_on == received
    assert request.deadline_on == deadline_for(received)
    assert request.status == "open" and request.registered_by == officer
    assert request.note == "Per brief"
    entry = AccessLogEntry.objects.get(user=officer)
    assert entry.person_label == person.label
    assert entry.purpose == "Inzageverzoek van de inwoner"
    assert bsn_of(person) not in entry.shown


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bsn": "", "received_on": "01-12-2026"}, "Vul het BSN in."),
        ({"bsn": "123456789", "received_on": "01-12-2026"}, "elfproef"),
        ({"bsn": "GOOD", "received_on": ""}, "Vul de datum van ontvangst in."),
        ({"bsn": "GOOD", "received_on": "31-02-2026"}, "Dit is geen datum."),
        ({"bsn": "GOOD", "received_on": "FUTURE"}, "kan niet in de toekomst liggen"),
        (
            {"bsn": "GOOD", "received_on": "10-11-2026", "deadline_on": "01-11-2026"},
            "ligt vóór de datum van ontvangst",
        ),
        (
            {"bsn": "GOOD", "received_on": "10-08-2026", "deadline_on": "11-11-2026"},
            "hoogstens twee maanden extra",
        ),
        ({"bsn": "GOOD", "received_on": "01-11-2026", "note": "x" * 501}, "hoogstens 500"),
        ({"bsn": "UNKNOWN", "received_on": "01-11-2026"}, "geen gegevens over iemand"),
    ],
)
def test_bad_request_input_gets_a_dutch_message_and_stores_nothing(
    client, officer, pop, data, message
):
    data = dict(data)
    data["bsn"] = {"GOOD": bsn_of(pop.persons[0]), "UNKNOWN": BSNS[7]}.get(data["bsn"], data["bsn"])
    if data["received_on"] == "FUTURE":
        data["received_on"] = (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not InspectionRequest.objects.exists()
    assert not AccessLogEntry.objects.exists()


def test_a_second_open_request_for_the_same_person_is_refused(client, officer, pop):
    data = {"bsn": bsn_of(pop.persons[0]), "received_on": "01-11-2026"}
    assert client.post(CREATE, data).status_code == 302
    response = client.post(CREATE, {**data, "received_on": "02-11-2026"})
    assert response.status_code == 200
    assert "al een open inzageverzoek" in response.content.decode()
    assert InspectionRequest.objects.count() == 1


def test_start_page_lists_open_requests_overdue_first_without_names(client, officer, pop):
    today = timezone.localdate()
    late = inspection_request_register(
        actor=officer, bsn=bsn_of(pop.persons[1]), received_on=today - timedelta(days=45)
    )
    fresh = inspection_request_register(
        actor=officer, bsn=bsn_of(pop.persons[0]), received_on=today - timedelta(days=2)
    )
    before = AccessLogEntry.objects.count()
    content = client.get(reverse("home:home")).content.decode()
    assert content.index(late.person.label) < content.index(fresh.person.label)
    assert "te laat" in content
    assert reverse("privacy:request-detail", args=[late.pk]) in content
    # Labels and dates only: no names, so the start page adds nothing to the access log.
    assert pop.persons[1].identity.surname not in content
    assert AccessLogEntry.objects.count() == before
    listing = client.get(reverse("privacy:request-list")).content.decode()
    assert listing.index(late.person.label) < listing.index(fresh.person.label)


def test_detail_opens_the_person_through_the_logged_door_and_links_who_looked_and_pdf(
    client, officer, pop
):
    person = pop.persons[0]
    request = inspection_request_register(
        actor=officer, bsn=bsn_of(person), received_on=date(2026, 11, 20)
    )
    before = AccessLogEntry.objects.count()
    content = client.get(reverse("privacy:request-detail", args=[request.pk])).content.decode()
    assert person.identity.surname in content
    assert f"{reverse('privacy:who-looked')}?kenmerk={person.label}" in content
    household = person.memberships.get().household
    assert f"{reverse('privacy:who-looked')}?kenmerk={household.label}" in content
    assert reverse("privacy:inspection-pdf", args=[person.pk]) in content
    entry = AccessLogEntry.objects.latest("pk")
    assert AccessLogEntry.objects.count() == before + 1
    assert entry.person_label == person.label and entry.purpose == "Inzageverzoek van de inwoner"


def test_request_is_handled_once_with_how_it_was_answered(client, officer, pop):
    request = inspection_request_register(
        actor=officer, bsn=bsn_of(pop.persons[0]), received_on=date(2026, 11, 20)
    )
    url = reverse("privacy:request-handle", args=[request.pk])
    empty = client.post(url, {"handled_note": "  "})
    assert empty.status_code == 200
    assert "Schrijf op hoe de vraag om inzage is beantwoord." in empty.content.decode()
    request.refresh_from_db()
    assert request.status == "open" and request.handled_on is None
    response = client.post(url, {"handled_note": "PDF per post gestuurd"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "handled" and request.handled_by == officer
    assert request.handled_on == timezone.localdate()
    assert request.handled_note == "PDF per post gestuurd"
    again = client.post(url, {"handled_note": "Nog een keer"})
    assert again.status_code == 200
    assert "al afgehandeld" in again.content.decode()
    request.refresh_from_db()
    assert request.handled_note == "PDF per post gestuurd"
    home = client.get(reverse("home:home")).content.decode()
    assert "Er zijn geen open inzageverzoeken." in home
    assert "Pim Privé" in client.get(reverse("privacy:request-list")).content.decode()


def test_request_of_another_municipality_is_404(
    client, officer, pop, other_municipality, make_user
):
    household = household_register(
        municipality=other_municipality,
        street="Elders",
        house_number="1",
        postcode="1234AB",
        city="Elders",
    )
    person_register(
        municipality=other_municipality,
        bsn=BSNS[5],
        given_names="Ver",
        surname="Weg",
        birth_date=date(1990, 1, 1),
        household=household,
        since=date(2020, 1, 1),
    )
    theirs = inspection_request_register(
        actor=make_user(Role.PRIVACY_OFFICER, municipality=other_municipality),
        bsn=BSNS[5],
        received_on=date(2026, 11, 1),
    )
    for name in ("privacy:request-detail", "privacy:request-handle"):
        response = client.post(reverse(name, args=[theirs.pk]), {"handled_note": "x"})
        assert response.status_code == 404, name
    theirs.refresh_from_db()
    assert theirs.status == "open"
    assert "Weg" not in client.get(reverse("privacy:request-list")).content.decode()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PRIVACY_OFFICER])
def test_only_the_privacy_officer_sees_requests(client, make_user, team, pop, role):
    officer = make_user(Role.PRIVACY_OFFICER)
    request = inspection_request_register(
        actor=officer, bsn=bsn_of(pop.persons[0]), received_on=date(2026, 11, 1)
    )
    client.force_login(make_user(role, teams=[team], partner_organisation="Partner"))
    for name, args in (
        ("privacy:request-list", []),
        ("privacy:request-create", []),
        ("privacy:request-detail", [request.pk]),
        ("privacy:request-handle", [request.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, (role, name)
    response = client.post(
        reverse("privacy:request-create"),
        {"bsn": bsn_of(pop.persons[1]), "received_on": "01-11-2026"},
    )
    assert response.status_code == 403
    assert InspectionRequest.objects.count() == 1
