"""Story points and the experience questions (issue 17, point 3): who may tell and read, the
anonymity check, the single-use link without an account, and counts with small ones hidden."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.cases.models import Case
from stabiel.catalogue.models import Pillar
from stabiel.core.models import AccessLogEntry
from stabiel.insights import queries, services
from stabiel.insights.models import (
    ExperienceAnswer,
    ExperienceInvitation,
    StoryKind,
    StoryPoint,
    StoryVoice,
)
from stabiel.insights.services import InsightsInputError

from . import world as w

pytestmark = pytest.mark.django_db

GOOD = "Het huisbezoek binnen een week maakte het verschil voor een moeder met drie kinderen."


@pytest.fixture
def place(catalogue, municipality):
    return w.world(municipality, teams=2)


@pytest.fixture
def lead(place, make_user):
    return make_user(Role.TEAM_LEAD, teams=[place.teams[0]])


def closed_case(place, *, team_index=0, closed_on=date(2026, 5, 20), lead=None) -> Case:
    house = w.household(place, place.neighbourhoods[team_index])
    case = Case.objects.create(
        municipality=place.municipality,
        household=house,
        team=place.teams[team_index],
        case_lead=lead or place.worker,
        opened_on=closed_on - timedelta(days=60),
    )
    w.close(case, on=closed_on, well_landed=True)
    return case


# Story points: the service ------------------------------------------------------------------------


def test_a_worker_tells_a_story_with_its_tags(place):
    pillar = Pillar.objects.filter(municipality__isnull=True).first()
    story = services.story_tell(
        actor=place.worker,
        text=GOOD,
        kind=StoryKind.WENT_WELL,
        pillar_id=pillar.pk,
        route_step=4,
        rule_code="drie-beschikkingen",
        today=date(2026, 5, 17),
    )
    assert story.month == date(2026, 5, 1)
    assert story.voice == StoryVoice.WORKER
    assert (story.pillar, story.route_step, story.rule_code) == (pillar, 4, "drie-beschikkingen")
    assert not hasattr(story, "author_id")  # who told it is not kept


def test_a_team_lead_tells_as_team_lead_and_a_resident_story_is_marked(place, lead):
    own = services.story_tell(actor=lead, text=GOOD, kind=StoryKind.IN_THE_WAY)
    told = services.story_tell(actor=lead, text=GOOD, kind=StoryKind.WENT_WELL, for_resident=True)
    assert own.voice == StoryVoice.TEAM_LEAD
    assert told.voice == StoryVoice.RESIDENT


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Mevrouw Jansen werd drie keer doorgestuurd voor ze hulp kreeg.", "bij naam"),
        ("Het BSN 111222333 stond in drie systemen met verschillende adressen.", "BSN"),
        ("Bij HH-00042 ging het mis omdat niemand de regie nam in het team.", "huishoudcode"),
        ("Op de Dorpsstraat 12 wist niemand dat er al hulp was vanuit de wijk.", "adres"),
        ("Kort.", "minstens"),
        ("x" * 1201, "hooguit"),
        ("", "Schrijf hier"),
    ],
)
def test_a_story_that_names_someone_or_is_empty_is_refused_and_nothing_stored(place, text, says):
    with pytest.raises(InsightsInputError) as refused:
        services.story_tell(actor=place.worker, text=text, kind=StoryKind.WENT_WELL)
    assert says in str(refused.value)
    assert refused.value.field == "text"
    assert not StoryPoint.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"route_step": 11}, "route_step"),
        ({"rule_code": "bestaat-niet"}, "rule_code"),
        ({"pillar_id": 999999}, "pillar"),
        ({"kind": "iets-anders"}, "kind"),
    ],
)
def test_unknown_tags_are_refused(place, extra, field):
    arguments = {"actor": place.worker, "text": GOOD, "kind": StoryKind.WENT_WELL, **extra}
    with pytest.raises(InsightsInputError) as refused:
        services.story_tell(**arguments)
    assert refused.value.field == field
    assert not StoryPoint.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.POLICY_ADVISER, Role.FUNCTIONAL_ADMIN, Role.PARTNER_REPORTER]
)
def test_only_team_members_tell(place, make_user, role):
    with pytest.raises(InsightsInputError):
        services.story_tell(actor=make_user(role), text=GOOD, kind=StoryKind.WENT_WELL)
    assert not StoryPoint.objects.exists()


# Story points: the pages ---------------------------------------------------------------------------


def test_the_story_form_refuses_a_name_with_a_dutch_message(client, place):
    client.force_login(place.worker)
    response = client.post(
        reverse("insights:story-tell"),
        {"kind": "goed", "for_resident": "0", "text": "Meneer De Vries kreeg snel een plan."},
    )
    assert response.status_code == 400
    assert "noemt iemand bij naam" in response.content.decode()
    assert not StoryPoint.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "goed", "text": GOOD, "route_step": "99"},
        {"kind": "goed", "text": GOOD, "pillar": "abc"},
        {"kind": "goed", "text": GOOD, "rule_code": "<script>"},
        {"kind": "goed", "text": GOOD, "for_resident": "7"},
    ],
)
def test_the_story_form_refuses_bad_input(client, place, data):
    client.force_login(place.worker)
    response = client.post(reverse("insights:story-tell"), data)
    assert response.status_code == 400
    assert "Er ging iets mis" in response.content.decode()
    assert not StoryPoint.objects.exists()


def test_a_told_story_shows_in_the_list_and_beside_its_figure(client, place, make_user):
    client.force_login(place.worker)
    response = client.post(
        reverse("insights:story-tell"),
        {"kind": "in-de-weg", "for_resident": "0", "text": GOOD, "route_step": "4"},
    )
    assert response.status_code == 302
    services.story_tell(
        actor=place.worker,
        text="De regel voor drie beschikkingen gaf een melding die we al kenden.",
        kind=StoryKind.IN_THE_WAY,
        rule_code="drie-beschikkingen",
    )
    year = StoryPoint.objects.first().month.year
    client.force_login(make_user(Role.POLICY_ADVISER))
    listed = client.get(reverse("insights:stories") + "?stap=4").content.decode()
    assert GOOD in listed and "drie beschikkingen" not in listed
    assert "Basisfuncties voor lokale teams" in listed and "Enschede" in listed
    step = client.get(
        reverse("insights:outcome-figure", args=["stacked_visited"]) + f"?jaar={year}"
    ).content.decode()
    assert GOOD in step and "gaf een melding die we al kenden" not in step
    per_rule = client.get(
        reverse("insights:outcome-figure", args=["alerts_raised"]) + f"?jaar={year}"
    ).content.decode()
    assert "gaf een melding die we al kenden" in per_rule


def test_bad_story_filters_get_a_message_not_an_error(client, place):
    client.force_login(place.worker)
    response = client.get(reverse("insights:stories") + "?jaar=1900&stap=x&pijler=y&wie=z")
    assert response.status_code == 200
    assert "Kies een jaar van" in response.content.decode()


def test_a_team_lead_removes_a_story_a_worker_may_not(client, place, lead):
    story = services.story_tell(actor=place.worker, text=GOOD, kind=StoryKind.WENT_WELL)
    url = reverse("insights:story-remove", args=[story.pk])
    client.force_login(place.worker)
    assert client.post(url).status_code == 403
    client.force_login(lead)
    assert client.post(url).status_code == 302
    assert not StoryPoint.objects.exists()
    assert client.post(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "read", "tell"),
    [
        (Role.POLICY_ADVISER, 200, 403),
        (Role.TEAM_LEAD, 200, 200),
        (Role.ACCESS_WORKER, 200, 200),
        (Role.SAFETY_SPECIALIST, 200, 200),
        (Role.FUNCTIONAL_ADMIN, 403, 403),
        (Role.PRIVACY_OFFICER, 403, 403),
        (Role.PARTNER_REPORTER, 403, 403),
        (Role.SESSION_PARTICIPANT, 403, 403),
    ],
)
def test_role_by_url_for_stories_and_experience(client, place, make_user, role, read, tell):
    client.force_login(make_user(role, teams=[place.teams[0]]))
    assert client.get(reverse("insights:stories")).status_code == read
    assert client.get(reverse("insights:story-tell")).status_code == tell
    figures = 200 if role in (Role.POLICY_ADVISER, Role.TEAM_LEAD) else 403
    assert client.get(reverse("insights:experience")).status_code == figures


def test_anonymous_goes_to_login_for_stories(client):
    for name in ("insights:stories", "insights:story-tell", "insights:experience"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("accounts:login") in response.url


# Experience questions ------------------------------------------------------------------------------


def answer_data(**extra):
    return {"helped": "3", "heard": "2", "knew_whom": "1", "text": "", **extra}


def test_the_case_lead_makes_a_link_and_the_household_answers_once(client, place):
    case = closed_case(place)
    client.force_login(place.worker)
    url = reverse("insights:experience-invite", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    page = response.content.decode()
    link = re.search(r'value="(http[^"]+/inzicht/ervaring/[^"]+/)"', page).group(1)
    assert AccessLogEntry.objects.filter(purpose__startswith="Ervaringsvragen").exists()
    invitation = ExperienceInvitation.objects.get()
    assert invitation.case == case and invitation.month == date(2026, 5, 1)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash != token and token not in str(invitation.__dict__)

    client.logout()
    answer_url = reverse("insights:experience-answer", args=[token])
    form = client.get(answer_url)
    assert form.status_code == 200 and "Voelde u zich geholpen?" in form.content.decode()
    assert "<script" not in form.content.decode().split("</header>")[-1]
    done = client.post(answer_url, answer_data(text="Ik wist eindelijk waar ik terecht kon."))
    assert done.status_code == 200 and "Dank u wel" in done.content.decode()
    answer = ExperienceAnswer.objects.get()
    assert (answer.helped, answer.heard, answer.knew_whom) == (3, 2, 1)
    assert answer.team_id == place.teams[0].pk and answer.month == date(2026, 5, 1)
    assert {f.name for f in ExperienceAnswer._meta.get_fields()} == {
        "id",
        "municipality",
        "team_id",
        "month",
        "helped",
        "heard",
        "knew_whom",
    }
    invitation.refresh_from_db()
    assert invitation.answered and invitation.case is None  # let go of the case
    story = StoryPoint.objects.get()
    assert story.voice == StoryVoice.RESIDENT and story.kind == StoryKind.OWN_WORDS

    again = client.post(answer_url, answer_data())
    assert again.status_code == 410 and "al ingevuld" in again.content.decode()
    assert client.get(answer_url).status_code == 410
    assert ExperienceAnswer.objects.count() == 1


def test_a_bad_or_expired_link_gets_a_friendly_page(client, place):
    for token in ("bestaat-niet", "x" * 300, "%C3%A9"):
        response = client.get(f"/inzicht/ervaring/{token}/")
        assert response.status_code == 404
        assert "Deze link kennen we niet" in response.content.decode()
    invitation = services.experience_invite(
        actor=place.worker, case=closed_case(place), today=date(2026, 6, 1)
    )
    ExperienceInvitation.objects.update(expires_on=date(2026, 6, 2), created_on=date(2026, 6, 1))
    url = reverse("insights:experience-answer", args=[invitation.token])
    response = client.post(url, answer_data())
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    assert not ExperienceAnswer.objects.exists()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"helped": ""}, "Kies een antwoord"),
        ({"heard": "9"}, "Kies een antwoord"),
        ({"knew_whom": "ja"}, "Kies een antwoord"),
        ({"text": "Mevrouw Bakker van het team was heel aardig."}, "bij naam"),
        ({"text": "Mijn BSN is 111222333."}, "BSN"),
        ({"text": "x" * 1300}, "hooguit"),
    ],
)
def test_bad_answers_get_a_clear_message_and_nothing_is_stored(client, place, data, says):
    invitation = services.experience_invite(actor=place.worker, case=closed_case(place))
    url = reverse("insights:experience-answer", args=[invitation.token])
    response = client.post(url, answer_data(**data))
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not ExperienceAnswer.objects.exists() and not StoryPoint.objects.exists()
    assert not ExperienceInvitation.objects.get().answered  # the link still works


def test_no_link_for_an_open_case_or_for_someone_else(client, place, make_user):
    case = closed_case(place)
    colleague = make_user(Role.ACCESS_WORKER, teams=[place.teams[0]])
    with pytest.raises(InsightsInputError):
        services.experience_invite(actor=colleague, case=case)
    client.force_login(colleague)
    url = reverse("insights:experience-invite", args=[case.pk])
    assert "Alleen de casusregisseur" in client.get(url).content.decode()
    assert client.post(url).status_code == 403
    Case.objects.filter(pk=case.pk).update(status="open", closed_on=None, closed_reason="")
    case.refresh_from_db()
    with pytest.raises(InsightsInputError):
        services.experience_invite(actor=place.worker, case=case)
    assert not ExperienceInvitation.objects.exists()
    other = make_user(Role.ACCESS_WORKER, teams=[place.teams[1]])
    client.force_login(other)
    assert client.get(reverse("insights:experience-invite", args=[case.pk])).status_code == 404


def test_a_new_link_replaces_the_open_one(place, lead):
    case = closed_case(place)
    first = services.experience_invite(actor=place.worker, case=case)
    second = services.experience_invite(actor=lead, case=case)
    assert ExperienceInvitation.objects.count() == 1
    with pytest.raises(InsightsInputError):
        services.experience_invitation_check(token=first.token)
    assert services.experience_invitation_check(token=second.token).case == case


def _answers(place, team_index, count, *, helped=3):
    for i in range(count):
        ExperienceAnswer.objects.create(
            municipality=place.municipality,
            team_id=place.teams[team_index].pk,
            month=date(2026, 1 + i % 6, 1),
            helped=helped,
            heard=3 if i % 4 else 2,
            knew_whom=3,
        )


def test_experience_counts_hide_every_small_number(client, place, make_user):
    _answers(place, 0, 24)
    _answers(place, 1, 4)
    total, tables = queries.experience_tables(municipality=place.municipality, year=2026)
    assert total == 28
    helped = tables[0]
    assert helped.teams == ("Team 0", "Team 1")
    assert helped.table.cells[0][0] == 24  # yes, team 0: shown
    assert helped.table.cells[0][1] is None  # yes, team 1: four, hidden
    for row in helped.table.grid():
        assert all(v is None or v == 0 or v >= 10 for v in row)
    client.force_login(make_user(Role.POLICY_ADVISER))
    page = client.get(reverse("insights:experience") + "?jaar=2026").content.decode()
    assert re.findall(r'<data value="(\d+)" class="stabiel-count">', page)
    for shown in re.findall(r'<data value="(\d+)" class="stabiel-count">', page):
        assert int(shown) == 0 or int(shown) >= 10


def test_few_answers_show_nothing(place):
    _answers(place, 0, 6)
    total, tables = queries.experience_tables(municipality=place.municipality, year=2026)
    assert total is None
    assert all(v in (None, 0) for t in tables for row in t.table.grid() for v in row)


# Experience answers per month (issue 17, point 3): chart and table, small months hidden ---------


def _month_answers(place, month, count, *, team_index=0):
    for i in range(count):
        ExperienceAnswer.objects.create(
            municipality=place.municipality,
            team_id=place.teams[team_index].pk,
            month=date(2026, month, 1),
            helped={0: 1, 1: 2}.get(i % 4, 3),  # half yes, a quarter somewhat, a quarter no
            heard=3,
            knew_whom=2 if i % 2 else 3,
        )


def test_experience_per_month_hides_small_months_and_cannot_be_worked_back(place):
    from stabiel.insights.suppression import solved_cells

    _month_answers(place, 1, 30)
    _month_answers(place, 2, 25)
    _month_answers(place, 3, 7)  # a quiet month: hidden
    _month_answers(place, 4, 28)
    months = queries.experience_months(
        municipality=place.municipality, year=2026, today=date(2026, 4, 20)
    )
    assert [m.field for m in months] == ["helped", "heard", "knew_whom"]
    helped = months[0]
    assert helped.months == tuple(date(2026, k, 1) for k in range(1, 5))
    assert helped.table.column_totals[0] == 30
    assert helped.table.column_totals[2] is None  # seven answers in March
    # every question hides March's total: the same households answered all three
    assert all(m.table.column_totals[2] is None for m in months)
    for m in months:
        grid = m.table.grid()
        assert all(v is None or v == 0 or v >= 10 for row in grid for v in row)
        # no hidden number of 1 or more can be worked out from what is shown
        true = [[0] * 5 for _ in range(4)]
        answers = ExperienceAnswer.objects.filter(municipality=place.municipality)
        for a in answers:
            row = {3: 0, 2: 1, 1: 2}[getattr(a, m.field)]
            true[row][a.month.month - 1] += 1
        for r in range(3):
            true[r][4] = sum(true[r][:4])
        for c in range(5):
            true[3][c] = sum(true[r][c] for r in range(3))
        hidden = {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if v is None}
        assert not {p for p in solved_cells(true, hidden) if true[p[0]][p[1]] > 0}
    # the line: a share "yes" only where the yes count and the month total are shown; March is a gap
    assert helped.yes_shares[2] is None
    shown = [p.month for p in helped.chart.points]
    assert date(2026, 3, 1) not in shown
    assert all(s is None or (s.part >= 10 and s.whole >= 10) for s in helped.yes_shares)
    assert shown  # some months have enough answers to draw


def test_experience_per_month_with_few_answers_draws_nothing(place):
    _month_answers(place, 1, 6)
    _month_answers(place, 2, 3, team_index=1)
    months = queries.experience_months(
        municipality=place.municipality, year=2026, today=date(2026, 2, 10)
    )
    for m in months:
        assert m.chart.empty
        assert all(v in (None, 0) for row in m.table.grid() for v in row)


def test_experience_page_shows_the_months_and_refuses_a_bad_year(client, place, make_user):
    _month_answers(place, 1, 30)
    _month_answers(place, 2, 4)
    client.force_login(make_user(Role.POLICY_ADVISER))
    response = client.get(reverse("insights:experience") + "?jaar=2026")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="per-maand"' in page
    assert "<svg" in page.split('id="per-maand"')[1]
    for shown in re.findall(r'<data value="(\d+)" class="stabiel-count">', page):
        assert int(shown) == 0 or int(shown) >= 10
    bad = client.get(reverse("insights:experience") + "?jaar=twintig")
    assert bad.status_code == 200  # a year that is not a number: this year, with a message
    assert 'id="per-maand"' in bad.content.decode()


def test_a_closed_case_page_leads_to_the_closing_letter_with_the_link(client, place):
    case = closed_case(place)
    client.force_login(place.worker)
    url = reverse("cases:case-detail", args=[case.pk]) + "?purpose=followup"
    page = client.get(url).content.decode()
    letters = reverse("correspondence:household-letters", args=[case.household_id])
    assert f'{letters}?casus={case.pk}">brief maken</a>' in page
    assert "in de brief na het afsluiten van de hulp" in page
