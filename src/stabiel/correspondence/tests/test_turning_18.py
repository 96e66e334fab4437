"""Young people who turn 18 (issue 20, part 5): a list for a period in the team's areas, drawn
and logged, invitation letters made as one batch, never twice, and counted for policy."""

import datetime
import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory
from stabiel.core.models import AccessLogEntry
from stabiel.correspondence import services, turning18
from stabiel.correspondence.models import Letter, TurningEighteenList
from stabiel.insights.turning_18 import turning_18_figures
from stabiel.plainlanguage import services as template_services
from stabiel.plainlanguage.demo import example_templates
from stabiel.residents.access import household_identity_get, turning_18_list_read, turns_18_on
from stabiel.residents.services import person_leave, person_register
from stabiel.supporters.tests.factories import household_with, valid_bsn

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
NOW = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
HALF_YEAR_END = date(2026, 9, 2)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _young(municipality, household, given, birth):
    return person_register(
        municipality=municipality,
        bsn=valid_bsn(),
        given_names=given,
        surname="Jansen",
        birth_date=birth,
        household=household,
        since=date(2010, 1, 1),
    )


def _template(admin, purpose):
    example = next(e for e in example_templates() if e["purpose"] == purpose)
    return template_services.template_create(
        actor=admin,
        name=example["name"],
        purpose=example["purpose"],
        core_text=example["core"],
        back_text=example["back"],
        activate=True,
    )


@pytest.fixture
def world(municipality, other_municipality, make_user):
    area = AreaFactory(municipality=municipality, neighbourhood=True)
    elsewhere = AreaFactory(municipality=municipality, neighbourhood=True)
    team = TeamFactory(municipality=municipality, name="Wijkteam Noord")
    team.areas.add(area)
    other_team = TeamFactory(municipality=municipality, name="Wijkteam Zuid")
    other_team.areas.add(elsewhere)
    worker = make_user(Role.ACCESS_WORKER, teams=[team], first_name="Anna", last_name="Smit")
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    home, (parent,) = household_with(municipality, area=area, people=(("Sanne", "", "Jansen"),))
    ayla = _young(municipality, home, "Ayla", date(2008, 5, 10))  # 18 on 10 May 2026
    bram = _young(municipality, home, "Bram", date(2008, 12, 1))  # 18 after the half year
    calm, (calm_parent,) = household_with(municipality, area=area, people=(("Piet", "", "Bos"),))
    cas = _young(municipality, calm, "Cas", date(2008, 8, 20))  # 18 in August: phone first
    gone, _ = household_with(municipality, area=area)
    died = _young(municipality, gone, "Dirk", date(2008, 4, 1))
    died.identity.died_on = date(2026, 1, 5)
    died.identity.save()
    person_leave(person=died, on=date(2026, 1, 5))
    moved = _young(municipality, gone, "Eva", date(2008, 6, 15))
    person_leave(person=moved, on=date(2026, 2, 1))
    far, _ = household_with(municipality, area=elsewhere)
    fleur = _young(municipality, far, "Fleur", date(2008, 5, 5))  # another team's area
    abroad_area = AreaFactory(municipality=other_municipality, neighbourhood=True)
    abroad, _ = household_with(other_municipality, area=abroad_area)
    gijs = _young(other_municipality, abroad, "Gijs", date(2008, 5, 5))
    return {
        "worker": worker,
        "admin": admin,
        "team": team,
        "other_team": other_team,
        "home": home,
        "calm": calm,
        "calm_parent": calm_parent,
        "ayla": ayla,
        "bram": bram,
        "cas": cas,
        "died": died,
        "moved": moved,
        "fleur": fleur,
        "gijs": gijs,
        "parent": parent,
        "template": _template(admin, "turning18"),
    }


def _phone_first(world):
    services.phone_first_create(
        actor=world["worker"],
        household=world["calm"],
        identity=household_identity_get(
            actor=world["worker"], household_id=world["calm"].pk, purpose="test"
        ),
        person_id=world["calm_parent"].pk,
        reason="stress",
        consent=True,
        consent_on=TODAY,
    )


# Pure rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (TODAY, HALF_YEAR_END, None),  # the coming half year
        (date(2025, 9, 2), TODAY, None),  # back half a year: who turned 18 since the last round
        (TODAY, date(2027, 3, 2), None),  # a whole year ahead
        (TODAY, TODAY, None),  # one day
        (TODAY, date(2026, 3, 1), "end_on"),  # ends before it starts
        (date(2025, 9, 1), TODAY, "start_on"),  # starts more than half a year ago
        (TODAY, date(2027, 3, 3), "end_on"),  # ends more than a year from today
        (date(2025, 9, 2), date(2026, 9, 3), "end_on"),  # longer than a year
    ],
)
def test_the_period_of_a_list(start, end, problem):
    found = turning18.period_problem(start, end, today=TODAY)
    assert (found[0] if found else None) == problem


@pytest.mark.parametrize(
    ("birth", "invited"),
    [
        (date(2008, 5, 10), True),  # 17, turns 18 in May
        (date(2009, 3, 2), True),  # 17 today
        (date(2009, 3, 3), False),  # 16 until tomorrow
        (date(2007, 10, 1), True),  # already 18
    ],
)
def test_the_invitation_may_reach_a_young_person_from_17(birth, invited):
    assert turning18.may_be_invited(birth, TODAY) is invited


@pytest.mark.parametrize(
    ("birth", "eighteen"),
    [
        (date(2008, 5, 10), date(2026, 5, 10)),
        (date(2008, 2, 29), date(2026, 2, 28)),  # born on a leap day
    ],
)
def test_the_day_someone_turns_18(birth, eighteen):
    assert turns_18_on(birth) == eighteen


# The list --------------------------------------------------------------------------------------


def test_the_list_holds_only_young_people_of_the_teams_areas_who_turn_18_in_the_period(world):
    drawn = services.turning_18_list_draw(
        actor=world["worker"], start_on=TODAY, end_on=HALF_YEAR_END
    )
    assert drawn.young_people == 2  # Ayla and Cas; not Bram, the dead, the moved, Fleur, Gijs
    assert (drawn.drawn_by, drawn.start_on, drawn.end_on) == (world["worker"], TODAY, HALF_YEAR_END)
    young = turning_18_list_read(
        actor=world["worker"], start=TODAY, end=HALF_YEAR_END, purpose="test"
    )
    assert [(y.full_name, y.turns_18_on) for y in young] == [
        ("Ayla Jansen", date(2026, 5, 10)),
        ("Cas Jansen", date(2026, 8, 20)),
    ]
    assert young[0].address_line.startswith("Lindelaan")


def test_reading_the_list_logs_the_period_and_every_young_person_shown(world):
    before = AccessLogEntry.objects.count()
    turning_18_list_read(
        actor=world["worker"],
        start=TODAY,
        end=HALF_YEAR_END,
        purpose=services.TURNING_18_PURPOSE,
    )
    rows = list(AccessLogEntry.objects.order_by("id")[before:])
    assert len(rows) == 3  # the question, then Ayla and Cas
    assert "02-03-2026 tot en met 02-09-2026: 2 gevonden" in rows[0].shown
    assert {r.person_label for r in rows[1:]} == {world["ayla"].label, world["cas"].label}
    assert all(r.purpose == "Jongeren die 18 worden uitnodigen" for r in rows)
    assert all(r.username == world["worker"].username for r in rows)


def test_drawing_the_list_needs_the_right_role_and_a_good_period(world, make_user):
    with pytest.raises(services.LetterInputError) as caught:
        services.turning_18_list_draw(actor=world["worker"], start_on=HALF_YEAR_END, end_on=TODAY)
    assert caught.value.field == "end_on"
    specialist = make_user(Role.SAFETY_SPECIALIST, teams=[world["team"]])
    with pytest.raises(PermissionDenied):
        services.turning_18_list_draw(actor=specialist, start_on=TODAY, end_on=HALF_YEAR_END)
    assert not TurningEighteenList.objects.exists()


# Letters ---------------------------------------------------------------------------------------


def _invite(world, drawn, people, **overrides):
    arguments = {
        "actor": world["worker"],
        "drawn": drawn,
        "person_ids": [p.pk for p in people],
        "template_id": world["template"].pk,
        "personal_sentence": "De bijeenkomst is op woensdag 10 maart om 16 uur.",
    }
    return services.turning_18_invite(**{**arguments, **overrides})


def test_the_invitations_are_made_as_a_batch_and_never_twice(world):
    _phone_first(world)
    drawn = services.turning_18_list_draw(
        actor=world["worker"], start_on=TODAY, end_on=HALF_YEAR_END
    )
    result = _invite(world, drawn, [world["ayla"], world["cas"]])
    (letter,) = result.made
    assert letter.person == world["ayla"]  # to the young person, at 17
    assert letter.turning_18_on == date(2026, 5, 10)
    assert letter.turning_18_list == drawn
    assert letter.verdict == "B1"
    assert result.not_made == [("Cas Jansen", "bel eerst: post geeft stress in dit huishouden")]
    again = _invite(world, drawn, [world["ayla"]])
    assert (again.made, again.already) == ([], 1)
    # A second list of the same period (another round) does not invite her again either.
    second = services.turning_18_list_draw(
        actor=world["worker"], start_on=TODAY, end_on=HALF_YEAR_END
    )
    assert _invite(world, second, [world["ayla"]]).already == 1
    assert Letter.objects.filter(person=world["ayla"]).count() == 1


def test_someone_not_on_the_list_stops_the_whole_batch(world):
    drawn = services.turning_18_list_draw(
        actor=world["worker"], start_on=TODAY, end_on=HALF_YEAR_END
    )
    for outsider in ("bram", "fleur", "gijs", "died", "moved", "parent"):
        with pytest.raises(services.LetterInputError) as caught:
            _invite(world, drawn, [world["ayla"], world[outsider]])
        assert caught.value.field == "people", outsider
    assert not Letter.objects.exists()


def test_the_batch_refuses_bad_input_and_stores_nothing(world):
    drawn = services.turning_18_list_draw(
        actor=world["worker"], start_on=TODAY, end_on=HALF_YEAR_END
    )
    other = _template(world["admin"], "invitation")
    cases = [
        ({"person_ids": []}, "people"),
        ({"template_id": other.pk}, "template"),  # not an invitation for turning 18
        ({"personal_sentence": "x" * 301}, "personal_sentence"),
        ({"personal_sentence": "Kom op {datum}."}, "personal_sentence"),
        (
            {
                "personal_sentence": "Conform de voornoemde beleidsregels inzake "
                "participatievoorzieningen verzoeken wij u zich te vervoegen."
            },
            "personal_sentence",
        ),
    ]
    for overrides, field in cases:
        with pytest.raises(services.LetterInputError) as caught:
            _invite(world, drawn, [world["ayla"]], **overrides)
        assert caught.value.field == field, overrides
    assert not Letter.objects.exists()


def test_the_household_letter_page_does_not_make_the_invitation(world):
    household = world["home"]
    with pytest.raises(services.LetterInputError) as caught:
        services.letter_make(
            actor=world["worker"],
            household=household,
            identity=household_identity_get(
                actor=world["worker"], household_id=household.pk, purpose="test"
            ),
            person_id=world["parent"].pk,
            template_id=world["template"].pk,
        )
    assert "Jongeren die 18 worden" in str(caught.value)


# Screens ---------------------------------------------------------------------------------------

URL = reverse("correspondence:turning-18")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ACCESS_WORKER, 200),
        (Role.TEAM_LEAD, 200),
        (Role.SAFETY_SPECIALIST, 403),
        (Role.POLICY_ADVISER, 403),
        (Role.FUNCTIONAL_ADMIN, 403),
        (Role.PRIVACY_OFFICER, 403),
        (Role.PARTNER_REPORTER, 403),
        (Role.SESSION_PARTICIPANT, 403),
    ],
)
def test_who_may_open_the_page(client, make_user, world, role, status):
    client.force_login(make_user(role, teams=[world["team"]]))
    assert client.get(URL).status_code == status
    assert client.post(URL, {}).status_code in (status, 400)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Vul de eerste dag van de periode in."),
        ({"start_on": "2026-03-02", "end_on": "morgen"}, "Vul een datum in, zoals 03-12-2026."),
        (
            {"start_on": "2026-09-02", "end_on": "2026-03-02"},
            "De einddatum ligt vóór de begindatum.",
        ),
        ({"start_on": "2026-03-02", "end_on": "2027-06-01"}, "binnen een jaar vanaf vandaag"),
        ({"start_on": "2025-01-01", "end_on": "2026-03-02"}, "hooguit een half jaar geleden"),
    ],
)
def test_a_bad_period_gets_a_plain_message_and_no_list(client, world, data, message):
    client.force_login(world["worker"])
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TurningEighteenList.objects.exists()


def test_a_worker_draws_the_list_makes_the_letters_and_opens_the_pdf(client, world):
    client.force_login(world["worker"])
    page = client.get(URL).content.decode()
    assert 'value="2026-03-02"' in page and 'value="2026-09-02"' in page  # the coming half year
    response = client.post(URL, {"start_on": "2026-03-02", "end_on": "2026-09-02"})
    drawn = TurningEighteenList.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("correspondence:turning-18-list", args=[drawn.pk])
    page = client.get(response.url).content.decode()
    assert "Ayla Jansen" in page and "Cas Jansen" in page and "10-05-2026" in page
    for absent in ("Bram", "Dirk", "Eva", "Fleur", "Gijs", "Sanne"):
        assert absent not in page, absent
    assert client.get(URL).content.decode().count("02-03-2026 tot en met 02-09-2026") == 1

    bad = client.post(response.url, {"template": world["template"].pk})
    assert bad.status_code == 400
    assert "Kies de jongeren die een brief krijgen." in bad.content.decode()
    assert " checked" not in bad.content.decode()  # what was sent back: nobody ticked
    junk = client.post(response.url, {"template": world["template"].pk, "people": ["abc"]})
    assert junk.status_code == 400
    assert "Kies alleen jongeren uit de lijst." in junk.content.decode()
    outsider = client.post(
        response.url, {"template": world["template"].pk, "people": [world["fleur"].pk]}
    )
    assert outsider.status_code == 400
    assert "Fleur" not in outsider.content.decode()
    assert not Letter.objects.exists()

    made = client.post(
        response.url,
        {"template": world["template"].pk, "people": [world["ayla"].pk, world["cas"].pk]},
    )
    assert made.status_code == 200
    assert "2 brieven gemaakt" in made.content.decode()
    letter = Letter.objects.get(person=world["ayla"])
    again = client.post(
        response.url, {"template": world["template"].pk, "people": [world["ayla"].pk]}
    )
    assert "had de uitnodiging al" in again.content.decode()
    assert Letter.objects.count() == 2

    detail = client.get(reverse("correspondence:letter-detail", args=[letter.pk])).content.decode()
    assert "Terug naar de lijst jongeren die 18 worden" in detail
    assert reverse("correspondence:turning-18-list", args=[drawn.pk]) in detail
    pdf = client.get(reverse("correspondence:letter-pdf", args=[letter.pk]))
    assert pdf.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Beste Ayla Jansen" in text and "18 jaar" in text and "Lindelaan" in text
    assert "14 030" in text


def test_another_team_or_municipality_cannot_open_the_list(
    client, world, make_user, other_municipality
):
    drawn = services.turning_18_list_draw(
        actor=world["worker"], start_on=TODAY, end_on=HALF_YEAR_END
    )
    url = reverse("correspondence:turning-18-list", args=[drawn.pk])
    south = make_user(Role.ACCESS_WORKER, teams=[world["other_team"]])
    client.force_login(south)
    assert client.get(url).status_code == 404
    stranger = make_user(Role.TEAM_LEAD, municipality=other_municipality)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    lead = make_user(Role.TEAM_LEAD, teams=[world["team"]])
    client.force_login(lead)
    assert "Ayla Jansen" in client.get(url).content.decode()


# Counted for policy ----------------------------------------------------------------------------


def test_the_counts_reach_policy_only_as_suppressed_aggregates(world, client, make_user):
    drawn = services.turning_18_list_draw(
        actor=world["worker"], start_on=TODAY, end_on=HALF_YEAR_END
    )
    _invite(world, drawn, [world["ayla"]])
    figures = turning_18_figures(municipality=world["worker"].municipality, year=2026)
    assert figures.lists_drawn == 1
    assert figures.on_lists.cells == ((None, None),)  # 2 young people: under 10, hidden
    assert figures.invited.grand_total is None
    many = TurningEighteenList.objects.create(
        municipality=world["worker"].municipality,
        drawn_by=world["worker"],
        start_on=TODAY,
        end_on=HALF_YEAR_END,
        young_people=12,
    )
    assert many.pk
    figures = turning_18_figures(municipality=world["worker"].municipality, year=2026)
    assert figures.on_lists.cells[0][0] == 14 and figures.on_lists.grand_total == 14
    assert figures.invited.grand_total is None  # still one invitation
    adviser = make_user(Role.POLICY_ADVISER)
    client.force_login(adviser)
    page = client.get(reverse("insights:safety")).content.decode()
    assert "Jongeren die 18 worden in 2026" in page
    assert "Ayla" not in page
