import json
from datetime import date

import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.core.models import AccessLogEntry
from stabiel.privacy.models import Correction
from stabiel.privacy.queries import withdrawn_signal_ids
from stabiel.residents.access import access_household_by_id
from stabiel.residents.services import household_register, person_register
from stabiel.signals.tests.factories import BSNS, population

from .builders import Builder

pytestmark = pytest.mark.django_db

SEARCH = reverse("privacy:inspection")


@pytest.fixture
def world(catalogue, municipality, make_user, team):
    pop = population(municipality, households=2)
    team.areas.add(pop.area)
    worker = make_user(Role.ACCESS_WORKER, teams=[team], username="tara")
    build = Builder(municipality, pop.households[0], pop.persons[0], worker)
    build.signal(date(2026, 3, 1), person=pop.persons[0], note="Huurachterstand twee maanden")
    build.signal(date(2026, 3, 2), note="Over het hele huishouden")
    # A signal about someone else in another household: not in this person's export.
    build.signal(date(2026, 3, 3), household=pop.households[1], note="NIETVANHAAR")
    signal = build.signal(date(2026, 3, 4), person=pop.persons[0], note="Energie afgesloten")
    alert = build.alert(None, evidence=[signal])
    build.case(date(2026, 4, 1), opened_on=date(2026, 2, 1))
    build.supporter_mark(date(2026, 9, 1))
    build.report(month=date(2026, 3, 1), reached=True)
    access_household_by_id(
        actor=worker,
        household_id=pop.households[0].pk,
        purpose="Huisbezoek voorbereiden",
        shown="x",
    )
    return pop, build, alert, signal


@pytest.fixture
def officer(client, make_user):
    user = make_user(Role.PRIVACY_OFFICER, username="pim")
    client.force_login(user)
    return user


def _find(client, bsn):
    return client.post(SEARCH, {"bsn": bsn})


def test_officer_finds_a_person_by_bsn_and_it_is_logged_without_the_bsn(client, officer, world):
    pop = world[0]
    response = _find(client, "123 456 782")  # spaces are fine
    assert response.status_code == 302
    assert response.url == reverse("privacy:inspection-person", args=[pop.persons[1].pk])
    entry = AccessLogEntry.objects.filter(user=officer).latest("pk")
    assert entry.person_label == pop.persons[1].label
    assert entry.purpose == "Inzageverzoek van de inwoner"
    for row in AccessLogEntry.objects.values_list("shown", "purpose", "person_label"):
        assert "123456782" not in "".join(row)


@pytest.mark.parametrize(
    ("bsn", "message"),
    [
        ("", "Vul het BSN in."),
        ("123456789", "elfproef"),
        ("12345", "elfproef"),
        ("abcdefghi", "elfproef"),
        ("1" * 12, "negen cijfers"),
    ],
)
def test_bad_bsn_gets_a_dutch_message_and_logs_nothing(client, officer, world, bsn, message):
    before = AccessLogEntry.objects.count()
    response = _find(client, bsn)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AccessLogEntry.objects.count() == before


def test_unknown_bsn_says_nothing_about_other_municipalities(
    client, officer, world, other_municipality
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
    known_elsewhere = _find(client, BSNS[5]).content.decode()
    unknown = _find(client, BSNS[6]).content.decode()
    message = "Stabiel heeft in uw gemeente geen gegevens over iemand met dit BSN."
    assert message in known_elsewhere and message in unknown
    assert "Ver" not in known_elsewhere


def test_person_page_shows_their_data_and_logs_the_view(client, officer, world):
    pop = world[0]
    url = reverse("privacy:inspection-person", args=[pop.persons[0].pk])
    content = client.get(url).content.decode()
    assert "Test Bewoner 0" in content
    assert "Huurachterstand twee maanden" in content
    assert "Over het hele huishouden" in content
    assert "NIETVANHAAR" not in content
    assert AccessLogEntry.objects.filter(
        user=officer, person_label=pop.persons[0].label, action="view"
    ).exists()


def test_json_export_holds_everything_and_is_logged_as_export(client, officer, world):
    pop = world[0]
    response = client.get(reverse("privacy:inspection-json", args=[pop.persons[0].pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["person"]["surname"] == "Bewoner 0"
    assert data["person"]["birth_date"] == "1980-01-01"
    assert data["households"][0]["address"].startswith("Dorpsstraat 1")
    notes = {s["note"] for s in data["signals"]}
    assert notes == {
        "Huurachterstand twee maanden",
        "Over het hele huishouden",
        "Energie afgesloten",
    }
    assert data["signals"][0]["reporter"] == "Woonstichting"
    assert data["alerts"][0]["rule"] == "Testregel" and "rode vlag" in data["alerts"][0]["sentence"]
    assert data["cases"][0]["goals"][0]["text"] == "Rust in de financiën"
    assert data["cases"][0]["agreements"][0]["what"] == "Budgetcoach bellen"
    assert data["cases"][0]["contacts"][0]["kind"] == "Huisbezoek"
    assert data["early_warning"]["reports"][0]["attempts"][0]["reached"] is True
    assert data["early_warning"]["signals"][0]["amount"] == 400
    assert data["supporter_marks"][0]["supporter"] == "Mila Maatje"
    who = [(e["who"], e["purpose"]) for e in data["access_log"]]
    # People by their full name (the factory's), not their username.
    assert (world[1].user.get_full_name(), "Huisbezoek voorbereiden") in who
    assert (officer.get_full_name(), "Inzageverzoek van de inwoner") in who
    assert AccessLogEntry.objects.filter(user=officer, action="export").count() == 1


def test_pdf_export_is_a_pdf_and_logged(client, officer, world):
    pop = world[0]
    response = client.get(reverse("privacy:inspection-pdf", args=[pop.persons[0].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(user=officer, action="export").count() == 1


def test_pdf_text_is_plain_and_complete(client, officer, world):
    pdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF text")
    import io

    pop = world[0]
    response = client.get(reverse("privacy:inspection-pdf", args=[pop.persons[0].pk]))
    text = " ".join(
        page.extract_text() for page in pdf.PdfReader(io.BytesIO(response.content)).pages
    )
    for expected in ("Uw gegevens in Stabiel", "Huurachterstand", "Testregel", "Mila Maatje"):
        assert expected in text
    # Tagged for screen readers (PDF/UA-1): a structure tree, the language and the UA mark.
    root = pdf.PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nl"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_pdf_names_case_changes_in_plain_dutch(client, officer, world, make_user):
    """The access log inside the export says 'doel toegevoegd', not the URL's 'goal'."""
    pdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF text")
    import io

    pop, build = world[0], world[1]
    case = build.case(None, opened_on=date(2026, 5, 1))
    worker = build.user
    worker.teams.add(build.team)  # the builder's cases belong to its own team
    client.force_login(worker)
    response = client.post(
        reverse("cases:case-action", args=[case.pk, "goal"]),
        {"text": "Weer rustig slapen", "purpose": "plan"},
    )
    assert response.status_code == 302
    client.force_login(officer)
    response = client.get(reverse("privacy:inspection-pdf", args=[pop.persons[0].pk]))
    text = " ".join(
        page.extract_text() for page in pdf.PdfReader(io.BytesIO(response.content)).pages
    )
    text = " ".join(text.split())  # table cells wrap
    assert "doel toegevoegd" in text
    for slug in (": goal", "contact-record", "check-ins", ": leads"):
        assert slug not in text


def test_pdf_gives_a_readable_alert_outcome_and_names_not_usernames(client, officer, world, team):
    """No 'Triage' (a word the resident does not know), no usernames: people by their name."""
    pdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF text")
    import io

    from stabiel.cases.services import triage_record

    pop, build, alert = world[0], world[1], world[2]
    worker = build.user
    worker.first_name, worker.last_name = "Tara", "de Vries"
    worker.save()
    officer.first_name, officer.last_name = "Pim", "Privacy"
    officer.save()
    alert.team = team  # the world's team covers the household's area
    alert.save()
    triage_record(
        actor=worker,
        alert=alert,
        urgency="soon",
        safety_concern=False,
        safety_note="",
        outcome="visit",
        taken_by=worker,
    )
    response = client.get(reverse("privacy:inspection-pdf", args=[pop.persons[0].pk]))
    text = " ".join(
        page.extract_text() for page in pdf.PdfReader(io.BytesIO(response.content)).pages
    )
    text = " ".join(text.split())
    assert "Triage" not in text
    assert "plande een bezoek bij u" in text
    assert "Tara de Vries" in text and "Pim Privacy" in text
    assert "tara" not in text.replace("Tara", "") and "pim " not in text


def test_identity_correction_is_stored_logged_and_shown(client, officer, world):
    pop = world[0]
    person = pop.persons[0]
    url = reverse("privacy:identity-correct", args=[person.pk])
    response = client.post(
        url,
        {
            "given_names": "Test",
            "surname_prefix": "van",
            "surname": "Bewoner",
            "birth_date": "02-01-1980",
            "reason": "Paspoort getoond",
        },
    )
    assert response.status_code == 302
    person.identity.refresh_from_db()
    person.refresh_from_db()
    assert person.identity.full_name == "Test van Bewoner"
    assert person.identity.birth_date == date(1980, 1, 2)
    correction = Correction.objects.get(person=person)
    assert correction.changes["surname"] == ["Bewoner 0", "Bewoner"]
    assert correction.corrected_by == officer
    assert AccessLogEntry.objects.filter(
        user=officer, action="change", purpose="Correctieverzoek van de inwoner"
    ).exists()
    data = json.loads(client.get(reverse("privacy:inspection-json", args=[person.pk])).content)
    assert data["corrections"][0]["reason"] == "Paspoort getoond"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"given_names": "Test", "surname": "Bewoner 0", "birth_date": "01-01-1980"}, "verplicht"),
        (
            {"given_names": "Test", "surname": "X", "birth_date": "31-02-1980", "reason": "r"},
            "geen datum",
        ),
        (
            {"given_names": "Test", "surname": "X", "birth_date": "01-01-2999", "reason": "r"},
            "toekomst",
        ),
        (
            {
                "given_names": "Test",
                "surname": "Bewoner 0",
                "birth_date": "01-01-1980",
                "reason": "r",
            },
            "Er is niets veranderd.",
        ),
        ({"given_names": "", "surname": "", "birth_date": "", "reason": ""}, "verplicht"),
    ],
)
def test_bad_identity_correction_stores_nothing(client, officer, world, data, message):
    person = world[0].persons[0]
    response = client.post(reverse("privacy:identity-correct", args=[person.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    person.identity.refresh_from_db()
    assert person.identity.surname == "Bewoner 0"
    assert not Correction.objects.exists()
    assert not AccessLogEntry.objects.filter(action="change").exists()


def test_signal_can_be_contested_then_withdrawn_once(client, officer, world):
    pop, _build, _alert, signal = world
    url = reverse("privacy:signal-contest", args=[pop.persons[0].pk, signal.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"kind": "contested", "reason": "Klopt niet"}).status_code == 302
    assert client.post(url, {"kind": "withdrawn", "reason": "Melder trok in"}).status_code == 302
    again = client.post(url, {"kind": "withdrawn", "reason": "nog eens"})
    assert "al ingetrokken" in again.content.decode()
    assert Correction.objects.filter(signal=signal).count() == 2
    withdrawn = withdrawn_signal_ids(municipality_id=signal.municipality_id)
    assert list(withdrawn.values_list("signal_id", flat=True)) == [signal.pk]
    data = json.loads(
        client.get(reverse("privacy:inspection-json", args=[pop.persons[0].pk])).content
    )
    shown = next(s for s in data["signals"] if s["id"] == signal.pk)
    assert [c["kind"] for c in shown["corrections"]] == ["Signaal betwist", "Signaal ingetrokken"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "", "reason": "x"}, "Kies betwist of ingetrokken."),
        ({"kind": "weg", "reason": "x"}, "Kies betwist of ingetrokken."),
        ({"kind": "contested", "reason": ""}, "Schrijf op waarom."),
    ],
)
def test_bad_contest_input_stores_nothing(client, officer, world, data, message):
    pop, _build, _alert, signal = world
    url = reverse("privacy:signal-contest", args=[pop.persons[0].pk, signal.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Correction.objects.exists()


def test_signal_of_someone_else_is_404(client, officer, world):
    pop = world[0]
    other = pop.households[1].signals.get()
    url = reverse("privacy:signal-contest", args=[pop.persons[0].pk, other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "contested", "reason": "x"}).status_code == 404


def test_person_of_another_municipality_is_404(client, officer, other_municipality):
    household = household_register(
        municipality=other_municipality, street="E", house_number="1", postcode="1234AB", city="E"
    )
    person = person_register(
        municipality=other_municipality,
        bsn=BSNS[7],
        given_names="Ver",
        surname="Weg",
        birth_date=date(1990, 1, 1),
        household=household,
        since=date(2020, 1, 1),
    )
    for name in ("inspection-person", "inspection-pdf", "inspection-json", "identity-correct"):
        assert client.get(reverse(f"privacy:{name}", args=[person.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.FUNCTIONAL_ADMIN, Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.POLICY_ADVISER]
)
def test_only_the_privacy_officer_handles_requests(client, make_user, team, world, role):
    client.force_login(make_user(role, teams=[team]))
    person = world[0].persons[0]
    assert client.get(SEARCH).status_code == 403
    assert client.post(SEARCH, {"bsn": BSNS[0]}).status_code == 403
    for name in ("inspection-person", "inspection-pdf", "inspection-json", "identity-correct"):
        assert client.get(reverse(f"privacy:{name}", args=[person.pk])).status_code == 403
