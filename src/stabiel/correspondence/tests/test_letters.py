"""Letters to a household: from an active template, names through the door, supporter first,
phone first, a PDF for print, and a line in the case."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory
from stabiel.cases import services as case_services
from stabiel.cases.models import CaseEvent
from stabiel.core.models import AccessLogEntry
from stabiel.correspondence import queries, services
from stabiel.correspondence.models import Letter, PhoneCall, PhoneFirstMark
from stabiel.plainlanguage import services as template_services
from stabiel.plainlanguage.demo import example_templates
from stabiel.residents.access import household_identity_get
from stabiel.supporters import services as supporter_services
from stabiel.supporters.tests.factories import household_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(municipality, make_user):
    area = AreaFactory(municipality=municipality, neighbourhood=True)
    team = TeamFactory(municipality=municipality, name="Wijkteam Noord")
    team.areas.add(area)
    worker = make_user(Role.ACCESS_WORKER, teams=[team], first_name="Anna", last_name="Smit")
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    household, persons = household_with(
        municipality, area=area, people=(("Sanne", "de", "Vries"), ("Piet", "de", "Vries"))
    )
    example = example_templates()[0]
    template = template_services.template_create(
        actor=admin,
        name=example["name"],
        purpose=example["purpose"],
        core_text=example["core"],
        back_text=example["back"],
        activate=True,
    )
    case = case_services.case_open(actor=worker, household=household, team=team, case_lead=worker)
    identity = household_identity_get(
        actor=worker, household_id=household.pk, purpose="Brief aan het huishouden maken"
    )
    return {
        "identity": identity,
        "worker": worker,
        "admin": admin,
        "team": team,
        "household": household,
        "persons": persons,
        "template": template,
        "case": case,
    }


def _make(world, **overrides):
    arguments = {
        "actor": world["worker"],
        "household": world["household"],
        "identity": world["identity"],
        "person_id": world["persons"][0].pk,
        "template_id": world["template"].pk,
        "personal_sentence": "Ik kwam u gisteren tegen bij de supermarkt.",
        "case": world["case"],
    }
    return services.letter_make(**{**arguments, **overrides})


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_worker_makes_a_letter_and_the_case_records_it(world):
    letter = _make(world)
    assert letter.verdict == "B1"
    assert letter.template_version == world["template"].active_version
    events = list(CaseEvent.objects.filter(case=world["case"]).values_list("text", flat=True))
    assert any(text.startswith("Brief gemaakt: Uitnodiging") for text in events)
    services.letter_mark_sent(actor=world["worker"], letter=letter)
    letter.refresh_from_db()
    assert letter.sent_on == timezone.localdate() and letter.sent_by == world["worker"]
    assert CaseEvent.objects.filter(case=world["case"], text__startswith="Brief verstuurd").exists()
    with pytest.raises(services.LetterInputError):
        services.letter_mark_sent(actor=world["worker"], letter=letter)  # not twice


def test_a_letter_made_from_an_alert_is_still_written_in_the_open_case(world):
    letter = _make(world, case=None)
    assert letter.case == world["case"]
    assert CaseEvent.objects.filter(
        case=world["case"], text__startswith="Brief gemaakt: Uitnodiging"
    ).exists()


def test_a_household_without_an_open_case_gets_its_letter_without_a_diary_line(world):
    case_services.case_close(
        actor=world["worker"], case=world["case"], reason="Klaar.", well_landed=False
    )
    before = CaseEvent.objects.count()
    letter = _make(world, case=None)
    assert letter.case is None
    assert CaseEvent.objects.count() == before


def test_the_pdf_has_the_name_and_address_core_first_and_the_back_on_page_two(client, world):
    letter = _make(world)
    client.force_login(world["worker"])
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("correspondence:letter-pdf", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2  # the back (why you get this letter) on its own page
    front, back = (page.extract_text() for page in reader.pages)
    assert "Sanne de Vries" in front and "Lindelaan" in front
    assert "Ik kwam u gisteren tegen bij de supermarkt." in front
    assert "Bel ons" in front
    assert "Waarom krijgt u deze brief?" in back
    # Tagged for screen readers (PDF/UA-1): a structure tree and the language.
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nl"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    row = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert row.action == "export" and row.purpose == "Brief aan het huishouden maken"


def test_a_letter_goes_to_the_supporter_first(client, world):
    today = timezone.localdate()
    supporter_services.mark_create(
        actor=world["worker"],
        household=world["household"],
        person_id=world["persons"][0].pk,
        supporter_name="Ahmed Bakkali",
        supporter_organisation="Steunpunt Heuvelrug",
        supporter_contact="06 12345678",
        supporter_street="Stationsplein 7",
        supporter_postcode="3701 AB",
        supporter_city="Zeist",
        reason="Post wordt niet geopend.",
        consent=True,
        consent_on=today,
        start_on=today,
    )
    letter = _make(world)
    assert letter.supporter_mark is not None
    assert CaseEvent.objects.filter(
        case=world["case"], text__contains="via Ahmed Bakkali (Steunpunt Heuvelrug)"
    ).exists()
    client.force_login(world["worker"])
    pdf = client.get(reverse("correspondence:letter-pdf", args=[letter.pk])).content
    front = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert front.index("Ahmed Bakkali") < front.index(
        "Sanne de Vries"
    )  # addressed to the supporter
    assert "Steunpunt Heuvelrug" in front
    # The envelope carries the supporter's postal address, not the resident's home.
    envelope = front[: front.index("Deze brief is voor")]
    assert "Stationsplein 7" in envelope and "3701 AB" in envelope and "ZEIST" in envelope
    assert "Lindelaan" not in envelope
    assert "Deze brief is voor Sanne de Vries" in front
    # The other member has no supporter mark: their letter goes to the home address.
    other = _make(world, person_id=world["persons"][1].pk)
    assert other.supporter_mark is None


def test_phone_first_asks_for_a_call_before_any_letter(world):
    worker, household = world["worker"], world["household"]
    services.phone_first_create(
        actor=worker,
        household=household,
        identity=world["identity"],
        person_id=world["persons"][1].pk,
        reason="stress",
        consent=True,
        consent_on=timezone.localdate(),
    )
    # The mark is on Piet, but no letter goes to the household before a call.
    with pytest.raises(services.LetterInputError) as caught:
        _make(world)
    assert "Bel eerst" in str(caught.value)
    assert not Letter.objects.exists()
    services.phone_call_record(
        actor=worker,
        household=household,
        called_on=timezone.localdate(),
        reached=True,
        note="Piet weet dat de brief komt.",
        case=world["case"],
    )
    assert _make(world).pk
    assert CaseEvent.objects.filter(case=world["case"], text__startswith="Gebeld").exists()


def test_an_old_call_does_not_count(world):
    worker, household = world["worker"], world["household"]
    services.phone_call_record(
        actor=worker,
        household=household,
        called_on=timezone.localdate() - timedelta(days=queries.CALL_VALID_DAYS + 1),
        reached=False,
        note="Niet opgenomen.",
    )
    services.phone_first_create(
        actor=worker,
        household=household,
        identity=world["identity"],
        person_id=world["persons"][0].pk,
        reason="reading",
        consent=True,
        consent_on=timezone.localdate(),
    )
    assert queries.call_needed(household, timezone.localdate())


def test_a_personal_sentence_that_breaks_b1_is_refused(world):
    sentence = (
        "Teneinde uw aanvraag ingevolge de verordening te kunnen beoordelen, verzoeken wij u "
        "de benodigde bescheiden alsnog onverwijld te verstrekken aan de gemeente, waarbij wordt "
        "opgemerkt dat de termijn reeds is verstreken."
    )
    with pytest.raises(services.LetterInputError) as caught:
        _make(world, personal_sentence=sentence)
    assert "haalt de brief de brieftoets niet" in str(caught.value)
    assert caught.value.check is not None
    assert not Letter.objects.exists()


def test_an_inactive_template_cannot_be_used(world):
    template_services.template_deactivate(actor=world["admin"], template=world["template"])
    with pytest.raises(services.LetterInputError) as caught:
        _make(world)
    assert "Kies een actief briefsjabloon" in str(caught.value)


# Screens ---------------------------------------------------------------------------------------


def test_from_the_case_the_worker_checks_and_makes_a_letter(client, world):
    client.force_login(world["worker"])
    url = (
        reverse("correspondence:household-letters", args=[world["household"].pk])
        + f"?casus={world['case'].pk}"
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "Sanne de Vries" in page.content.decode()
    data = {
        "template": world["template"].pk,
        "person": world["persons"][0].pk,
        "personal_sentence": "Fijn dat u belde.",
    }
    preview = client.post(url, {**data, "stap": "toetsen"})
    assert preview.status_code == 200
    assert "De brief haalt de brieftoets" in preview.content.decode()
    assert not Letter.objects.exists()  # a preview stores nothing
    made = client.post(url, {**data, "stap": "maken"})
    letter = Letter.objects.get()
    assert made.status_code == 302 and made.url == reverse(
        "correspondence:letter-detail", args=[letter.pk]
    )
    assert letter.case == world["case"]
    detail = client.get(made.url).content.decode()
    assert "Brief als PDF om te printen" in detail


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Kies een actief briefsjabloon"),  # nothing filled in
        ({"template": "999999", "person": "PERSON"}, "Kies een actief briefsjabloon"),
        (
            {"template": "TEMPLATE", "person": "999999"},
            "Kies een volwassene die in dit huishouden woont",
        ),
        (
            {"template": "TEMPLATE", "person": "PERSON", "personal_sentence": "x" * 400},
            "hooguit 300 tekens",
        ),
        (
            {"template": "TEMPLATE", "person": "PERSON", "personal_sentence": "Beste {bsn}"},
            "Gebruik geen accolades",
        ),
    ],
)
def test_bad_letter_input_gets_a_dutch_message_and_nothing_is_stored(client, world, data, message):
    client.force_login(world["worker"])
    values = {
        key: str(world["template"].pk)
        if value == "TEMPLATE"
        else str(world["persons"][0].pk)
        if value == "PERSON"
        else value
        for key, value in data.items()
    }
    url = reverse("correspondence:household-letters", args=[world["household"].pk])
    response = client.post(url, {**values, "stap": "maken"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"eerst-reason": "stress", "eerst-consent_on": "TODAY"}, "Kies een volwassene"),
        (
            {"eerst-person": "PERSON", "eerst-reason": "stress", "eerst-consent_on": "TODAY"},
            "Vraag eerst of de bewoner het goed vindt",
        ),
        (
            {
                "eerst-person": "PERSON",
                "eerst-reason": "stress",
                "eerst-consent": "on",
                "eerst-consent_on": "morgen",
            },
            "Vul een datum in",
        ),
        (
            {
                "eerst-person": "PERSON",
                "eerst-reason": "stress",
                "eerst-consent": "on",
                "eerst-consent_on": "TODAY",
                "eerst-end_on": "2099-01-01",
            },
            "hooguit twee jaar",
        ),
    ],
)
def test_bad_phone_first_input_gets_a_dutch_message_and_nothing_is_stored(
    client, world, data, message
):
    client.force_login(world["worker"])
    today = timezone.localdate().isoformat()
    values = {
        key: str(world["persons"][0].pk)
        if value == "PERSON"
        else today
        if value == "TODAY"
        else value
        for key, value in data.items()
    }
    url = reverse("correspondence:phone-first-create", args=[world["household"].pk])
    response = client.post(url, values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PhoneFirstMark.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"gesprek-called_on": "TODAY", "gesprek-reached": "1"}, "Schrijf kort op"),
        (
            {"gesprek-called_on": "2099-01-01", "gesprek-reached": "1", "gesprek-note": "Ja"},
            "toekomst",
        ),
        (
            {"gesprek-called_on": "gisteren", "gesprek-reached": "1", "gesprek-note": "Ja"},
            "Vul een datum in",
        ),
        ({"gesprek-called_on": "TODAY", "gesprek-note": "Ja"}, "Zeg of u iemand sprak"),
    ],
)
def test_bad_call_input_gets_a_dutch_message_and_nothing_is_stored(client, world, data, message):
    client.force_login(world["worker"])
    today = timezone.localdate().isoformat()
    values = {key: today if value == "TODAY" else value for key, value in data.items()}
    url = reverse("correspondence:phone-call", args=[world["household"].pk])
    response = client.post(url, values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PhoneCall.objects.exists()


def test_another_team_sees_nothing_and_the_phone_first_mark_stays_hidden(client, world, make_user):
    services.phone_first_create(
        actor=world["worker"],
        household=world["household"],
        identity=world["identity"],
        person_id=world["persons"][0].pk,
        reason="stress",
        consent=True,
        consent_on=timezone.localdate(),
    )
    letter_mark_pk = PhoneFirstMark.objects.get().pk
    outsider = make_user(
        Role.ACCESS_WORKER, teams=[TeamFactory(municipality=world["team"].municipality)]
    )
    client.force_login(outsider)
    household_url = reverse("correspondence:household-letters", args=[world["household"].pk])
    assert client.get(household_url).status_code == 404
    assert (
        client.post(reverse("correspondence:phone-first-end", args=[letter_mark_pk])).status_code
        == 404
    )
    assert PhoneFirstMark.objects.get().ended_on is None
    policy = make_user(Role.POLICY_ADVISER)
    client.force_login(policy)
    assert client.get(household_url).status_code == 403


def test_a_case_of_another_household_in_the_link_is_refused(client, world, municipality):
    other_household, _ = household_with(
        municipality, area=world["team"].areas.first(), people=(("Els", "", "Bos"),)
    )
    client.force_login(world["worker"])
    url = (
        reverse("correspondence:household-letters", args=[other_household.pk])
        + f"?casus={world['case'].pk}"
    )
    assert client.get(url).status_code == 404


def test_names_and_address_come_through_the_door_and_are_logged(client, world):
    client.force_login(world["worker"])
    before = AccessLogEntry.objects.count()
    url = reverse("correspondence:household-letters", args=[world["household"].pk])
    assert client.get(url).status_code == 200
    assert AccessLogEntry.objects.count() == before + 1
    row = AccessLogEntry.objects.order_by("-id").first()
    assert row.shown == "namen en adres voor een brief"
    assert row.purpose == "Brief aan het huishouden maken"
    assert row.user == world["worker"]


def test_a_child_gets_no_letter_and_no_phone_first_mark(client, world, municipality):
    from datetime import date

    from stabiel.residents.services import person_register
    from stabiel.supporters.tests.factories import valid_bsn

    today = timezone.localdate()
    child = person_register(
        municipality=municipality,
        bsn=valid_bsn(),
        given_names="Noor",
        surname_prefix="de",
        surname="Vries",
        birth_date=date(today.year - 10, 1, 1),
        household=world["household"],
        since=date(today.year - 10, 1, 1),
    )
    identity = household_identity_get(
        actor=world["worker"], household_id=world["household"].pk, purpose="test"
    )
    with pytest.raises(services.LetterInputError) as caught:
        _make(world, identity=identity, person_id=child.pk)
    assert "Kies een volwassene" in str(caught.value)
    with pytest.raises(services.LetterInputError):
        services.phone_first_create(
            actor=world["worker"],
            household=world["household"],
            identity=identity,
            person_id=child.pk,
            reason="stress",
            consent=True,
            consent_on=today,
        )
    assert not Letter.objects.exists() and not PhoneFirstMark.objects.exists()
    client.force_login(world["worker"])
    url = reverse("correspondence:household-letters", args=[world["household"].pk])
    page = client.get(url).content.decode()
    assert "Sanne de Vries" in page and "Noor de Vries" not in page
    assert "Een kind krijgt geen brief" in page
    refused = client.post(
        url, {"template": world["template"].pk, "person": child.pk, "stap": "maken"}
    )
    assert refused.status_code == 400
    assert "Kies een volwassene die in dit huishouden woont" in refused.content.decode()
    assert not Letter.objects.exists()


def test_a_supporter_without_a_postal_address_stops_the_letter(client, world):
    from stabiel.supporters.models import SupporterMark

    today = timezone.localdate()
    mark = supporter_services.mark_create(
        actor=world["worker"],
        household=world["household"],
        person_id=world["persons"][0].pk,
        supporter_name="Ahmed Bakkali",
        supporter_street="Stationsplein 7",
        supporter_postcode="3701AB",
        supporter_city="Zeist",
        reason="Post wordt niet geopend.",
        consent=True,
        consent_on=today,
        start_on=today,
    )
    # A mark made before the address was asked.
    SupporterMark.objects.filter(pk=mark.pk).update(
        supporter_street="", supporter_postcode="", supporter_city=""
    )
    client.force_login(world["worker"])
    url = reverse("correspondence:household-letters", args=[world["household"].pk])
    data = {"template": world["template"].pk, "person": world["persons"][0].pk, "stap": "maken"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "het postadres van de ondersteuner ontbreekt" in refused.content.decode()
    # The page links straight to the form where the address is filled in.
    mark_page = reverse("supporters:mark-detail", args=[mark.pk])
    assert f'href="{mark_page}#postadres"' in refused.content.decode()
    assert 'id="postadres"' in client.get(mark_page).content.decode()
    assert not Letter.objects.exists()


# The letter after the case closed carries the experience questions' link (issue 17, point 3) ---


def _closing_template(world):
    example = next(e for e in example_templates() if e["purpose"] == "closed")
    return template_services.template_create(
        actor=world["admin"],
        name=example["name"],
        purpose=example["purpose"],
        core_text=example["core"],
        back_text=example["back"],
        activate=True,
    )


def _close(world):
    case_services.case_close(
        actor=world["worker"], case=world["case"], reason="Klaar.", well_landed=False
    )
    world["case"].refresh_from_db()


def test_the_example_closing_letter_passes_b1_and_asks_for_the_link(world):
    template = _closing_template(world)
    assert template.is_active and template.active_version.passes
    assert services.asks_experience(template)
    assert not services.asks_experience(world["template"])


def test_the_closing_letter_carries_a_working_link_without_an_account(client, world):
    from stabiel.insights.models import ExperienceAnswer, ExperienceInvitation

    template = _closing_template(world)
    _close(world)
    client.force_login(world["worker"])
    url = (
        reverse("correspondence:household-letters", args=[world["household"].pk])
        + f"?casus={world['case'].pk}"
    )
    data = {"template": template.pk, "person": world["persons"][0].pk, "personal_sentence": ""}
    preview = client.post(url, {**data, "stap": "toetsen"})
    assert "De brief haalt de brieftoets" in preview.content.decode()
    assert not ExperienceInvitation.objects.exists()  # a preview makes no link
    made = client.post(url, {**data, "stap": "maken"})
    letter = Letter.objects.get()
    assert made.status_code == 302
    assert letter.case == world["case"] and len(letter.experience_token) >= 30
    invitation = ExperienceInvitation.objects.get()
    assert invitation.case == world["case"] and not invitation.answered
    link = reverse("insights:experience-answer", args=[letter.experience_token])
    detail = client.get(made.url).content.decode()
    assert f"http://testserver{link}" in detail
    assert "Wilt u ons vertellen hoe het ging?" in detail
    pdf = client.get(reverse("correspondence:letter-pdf", args=[letter.pk]))
    assert link in "".join(_text(pdf.content).split())
    # the household answers by the link, without logging in
    client.logout()
    answered = client.post(link, {"helped": "3", "heard": "3", "knew_whom": "2", "text": ""})
    assert answered.status_code == 200
    assert ExperienceAnswer.objects.get().team_id == world["team"].pk
    invitation.refresh_from_db()
    assert invitation.answered and invitation.case is None  # no way back to the household


def test_a_closing_letter_for_an_open_case_is_refused_and_nothing_is_stored(client, world):
    from stabiel.insights.models import ExperienceInvitation

    template = _closing_template(world)
    client.force_login(world["worker"])
    url = (
        reverse("correspondence:household-letters", args=[world["household"].pk])
        + f"?casus={world['case'].pk}"
    )
    data = {"template": template.pk, "person": world["persons"][0].pk, "stap": "maken"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "pas als de casus is afgesloten" in response.content.decode()
    assert not Letter.objects.exists() and not ExperienceInvitation.objects.exists()
    with pytest.raises(services.LetterInputError, match="pas als de casus is afgesloten"):
        _make(world, template_id=template.pk, case=None)  # from an alert: no case, no link


def test_a_closing_letter_by_a_colleague_outside_the_case_is_refused(world, make_user):
    from stabiel.insights.models import ExperienceInvitation

    template = _closing_template(world)
    _close(world)
    colleague = make_user(Role.ACCESS_WORKER, teams=[world["team"]])
    identity = household_identity_get(
        actor=colleague, household_id=world["household"].pk, purpose="Brief"
    )
    with pytest.raises(services.LetterInputError, match="casusregisseur"):
        _make(world, actor=colleague, identity=identity, template_id=template.pk)
    assert not Letter.objects.exists() and not ExperienceInvitation.objects.exists()


def test_a_closing_letter_without_the_field_carries_no_link(world):
    from stabiel.insights.models import ExperienceInvitation

    example = next(e for e in example_templates() if e["purpose"] == "closed")
    core = example["core"].replace("{ervaringslink}", "").replace("Ga naar deze link:", "")
    core = core.replace("Wilt u ons vertellen hoe het ging? Dan kunnen wij beter helpen. ", "")
    core = core.replace("Er zijn drie korte vragen. ", "").replace(
        "U hoeft niet in te loggen. Wij weten niet wie wat antwoordt.", ""
    )
    template = template_services.template_create(
        actor=world["admin"], name="Klaar zonder vragen", purpose="closed", core_text=core
    )
    template_services.template_activate(
        actor=world["admin"], template=template, version_id=template.versions.get().pk
    )
    _close(world)
    letter = _make(world, template_id=template.pk, personal_sentence="")
    assert letter.experience_token == ""
    assert not ExperienceInvitation.objects.exists()


@pytest.mark.parametrize("purpose", ["invitation", "appointment", "missed", "earlywarning"])
def test_the_link_field_is_refused_in_a_template_for_another_purpose(world, purpose):
    from stabiel.plainlanguage.models import LetterTemplate
    from stabiel.plainlanguage.services import PlainLanguageInputError

    example = next(e for e in example_templates() if e["purpose"] == "closed")
    before = LetterTemplate.objects.count()
    with pytest.raises(PlainLanguageInputError, match="na het afsluiten van de hulp"):
        template_services.template_create(
            actor=world["admin"], name="Fout", purpose=purpose, core_text=example["core"]
        )
    with pytest.raises(PlainLanguageInputError, match="na het afsluiten van de hulp"):
        template_services.template_version_save(
            actor=world["admin"], template=world["template"], core_text=example["core"]
        )
    assert LetterTemplate.objects.count() == before
    assert world["template"].versions.count() == 1
