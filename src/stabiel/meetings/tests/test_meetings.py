from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.cases.models import Case
from stabiel.core.models import AccessLogEntry
from stabiel.meetings import queries, services
from stabiel.meetings.models import (
    BaseKind,
    CostLine,
    FollowUp,
    Meeting,
    MeetingAgreement,
    MeetingItem,
    MeetingParticipant,
    NotHelpingCost,
)

pytestmark = pytest.mark.django_db

ANONYMOUS = "Alleenstaande vader, twee kinderen. Huurachterstand van vier maanden; de corporatie wil ontbinden. Schuldhulp wacht op een besluit over de kostendelersnorm."


def _today():
    return timezone.localdate()


def _day(offset: int) -> str:
    return (_today() + timedelta(days=offset)).strftime("%d-%m-%Y")


def _table(world, offset=0):
    return services.meeting_plan(
        actor=world["lead"], kind=BaseKind.CASE_TABLE, held_on=_today() + timedelta(days=offset)
    )


def _signalling(world, offset=0):
    return services.meeting_plan(
        actor=world["worker"],
        kind=BaseKind.SIGNALLING,
        held_on=_today() + timedelta(days=offset),
        team=world["team"],
    )


def _decision(**overrides):
    data = {
        "action": "decide",
        "breakthrough": "De corporatie zet de ontbinding een half jaar stil; de gemeente betaalt de achterstand.",
        "reasoning": "Uitzetting en opvang kosten veel meer; de vader werkt mee aan budgetbeheer.",
        "household_involvement": "De vader koos zelf voor budgetbeheer en schoof aan bij het gesprek.",
        "follow_up_on": _day(14),
        "lesson": "Een betalingsregeling met stilzetten van de ontbinding voorkomt opvang.",
    }
    data.update(overrides)
    return data


# --- the whole flow, on screen ------------------------------------------------------------------


def test_team_lead_brings_stuck_case_and_next_meeting_follows_up(client, world, stuck_case):
    client.force_login(world["lead"])
    created = client.post(
        reverse("meetings:meeting-create"), {"kind": "case_table", "held_on": _day(0)}
    )
    first = Meeting.objects.get()
    assert created.url == reverse("meetings:meeting-detail", args=[first.pk])
    brought = client.post(
        reverse("meetings:bring-case", args=[first.pk]),
        {"case": stuck_case.pk, "summary": ANONYMOUS},
    )
    item = MeetingItem.objects.get()
    assert brought.url == reverse("meetings:item-detail", args=[item.pk])
    assert item.case == stuck_case and item.kind == "case_table"

    # A member of another team sits at the table: sees the summary, never the household.
    client.force_login(world["outsider"])
    page = client.get(reverse("meetings:item-detail", args=[item.pk])).content.decode()
    assert "Huurachterstand van vier maanden" in page
    assert world["household"].label not in page
    assert "Berg" not in page
    figures = NotHelpingCost.objects.filter(municipality=world["household"].municipality)
    eviction = figures.get(code="eviction")
    shelter = figures.get(code="shelter")
    estimate = client.post(
        reverse("meetings:item-detail", args=[item.pk]),
        {
            "action": "estimate",
            f"figure_{eviction.pk}": "1",
            f"figure_{shelter.pk}": "6",
            "custom_solution_cost": "2400",
        },
    )
    assert estimate.status_code == 302
    decided = client.post(reverse("meetings:item-detail", args=[item.pk]), _decision())
    assert decided.status_code == 302
    agreement = client.post(
        reverse("meetings:item-detail", args=[item.pk]),
        {
            "action": "agreement",
            "what": "Ontbinding stilzetten",
            "owner": "corporatie",
            "due_on": _day(7),
        },
    )
    assert agreement.status_code == 302
    page = client.get(reverse("meetings:item-detail", args=[item.pk])).content.decode()
    assert "€ 25.500" in page  # 7.500 + 6 x 3.000
    assert "€ 23.100" in page  # difference with the custom solution
    assert "corporatie" in page

    # The next case table shows the decision for follow-up.
    second = _table(world, offset=14)
    client.force_login(world["lead"])
    page = client.get(reverse("meetings:meeting-detail", args=[second.pk])).content.decode()
    assert "Opvolging uit eerdere overleggen" in page
    assert "De corporatie zet de ontbinding een half jaar stil" in page
    assert world["household"].label not in page
    done = client.post(
        reverse("meetings:meeting-detail", args=[second.pk]),
        {
            "action": "follow_up",
            "item": item.pk,
            f"f{item.pk}-item": item.pk,
            f"f{item.pk}-note": "Achterstand betaald, budgetbeheer loopt.",
        },
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.followed_up_on == second.held_on
    assert FollowUp.objects.filter(item=item, meeting=second).exists()
    assert queries.pending_follow_ups(actor=world["lead"], meeting=second) == []
    # The lesson is on the shared list, without anything that points at the household.
    lessons = client.get(reverse("meetings:lesson-list")).content.decode()
    assert "stilzetten van de ontbinding" in lessons
    assert world["household"].label not in lessons
    assert "Huurachterstand van vier maanden" not in lessons


# --- the case table refuses what identifies the household ---------------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        "BSN 111222333 zit vast",  # a placeholder-looking BSN that passes the eleven-test
        "Meneer (bsn 123.456.782) zit vast",
        "Meneer (bsn 123 456 782) zit vast",
        "Meneer Van Der Berg zit vast",  # prefix in capitals
        "meneer berg zit vast",  # surname without prefix, lower case
        "Eva Ozturk heeft schulden",  # diacritics left out
        "ÉVA heeft schulden",  # given name in capitals
    ],
)
def test_case_table_summary_with_bsn_or_name_is_refused(client, world, stuck_case, summary):
    meeting = _table(world)
    client.force_login(world["lead"])
    response = client.post(
        reverse("meetings:bring-case", args=[meeting.pk]),
        {"case": stuck_case.pk, "summary": summary},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Aan de casustafel komt geen BSN" in text or "bij naam" in text
    assert not MeetingItem.objects.exists()


def test_case_table_summary_with_household_label_is_refused(world, stuck_case):
    meeting = _table(world)
    with pytest.raises(services.MeetingInputError, match="kenmerk"):
        services.item_bring_to_case_table(
            actor=world["lead"],
            meeting=meeting,
            case=stuck_case,
            summary=f"Casus {world['household'].label}",
        )
    assert not MeetingItem.objects.exists()


def test_case_table_decision_agreement_and_follow_up_stay_anonymous(world, stuck_case):
    meeting = _table(world)
    item = services.item_bring_to_case_table(
        actor=world["lead"], meeting=meeting, case=stuck_case, summary=ANONYMOUS
    )
    with pytest.raises(services.MeetingInputError, match="bij naam") as exc:
        services.item_decide(
            actor=world["outsider"],
            item=item,
            breakthrough="Jan krijgt een woning",
            reasoning="r",
            household_involvement="h",
            follow_up_on=_today(),
        )
    assert exc.value.field == "breakthrough"
    with pytest.raises(services.MeetingInputError, match="BSN"):
        services.agreement_add(
            actor=world["outsider"],
            item=item,
            what="Bel over 123456782",
            owner="wijkteam",
            due_on=_today(),
        )
    item.refresh_from_db()
    assert item.status == "open" and item.breakthrough == ""
    assert not MeetingAgreement.objects.exists()


def test_only_a_team_lead_brings_a_case(client, world, stuck_case):
    meeting = _table(world)
    client.force_login(world["worker"])
    assert client.get(reverse("meetings:bring-case", args=[meeting.pk])).status_code == 403
    with pytest.raises(services.MeetingInputError, match="teamleider"):
        services.item_bring_to_case_table(
            actor=world["worker"], meeting=meeting, case=stuck_case, summary=ANONYMOUS
        )


def test_case_of_another_team_or_municipality_cannot_be_brought(
    client, world, make_user, other_municipality
):
    from stabiel.accounts.tests.factories import TeamFactory

    other_case = Case.objects.create(
        municipality=world["other_household"].municipality,
        household=world["other_household"],
        team=world["other_team"],
        case_lead=world["outsider"],
        opened_on=_today(),
    )
    foreign_team = TeamFactory(municipality=other_municipality)
    foreign_case = Case.objects.create(
        municipality=other_municipality,
        household=world["foreign_household"],
        team=foreign_team,
        case_lead=make_user(
            Role.ACCESS_WORKER, municipality=other_municipality, teams=[foreign_team]
        ),
        opened_on=_today(),
    )
    meeting = _table(world)
    client.force_login(world["lead"])
    form = client.get(reverse("meetings:bring-case", args=[meeting.pk])).content.decode()
    assert world["other_household"].label not in form
    for case in (other_case, foreign_case):
        response = client.post(
            reverse("meetings:bring-case", args=[meeting.pk]),
            {"case": case.pk, "summary": ANONYMOUS},
        )
        assert "Kies een open casus van uw eigen team." in response.content.decode()
    assert not MeetingItem.objects.exists()


# --- bad input with a clear message and nothing changed -----------------------------------------


def test_agreement_without_owner_or_with_past_date_is_refused(client, world, stuck_case):
    meeting = _table(world)
    item = services.item_bring_to_case_table(
        actor=world["lead"], meeting=meeting, case=stuck_case, summary=ANONYMOUS
    )
    client.force_login(world["lead"])
    url = reverse("meetings:item-detail", args=[item.pk])
    no_owner = client.post(
        url, {"action": "agreement", "what": "Bellen", "owner": " ", "due_on": _day(3)}
    )
    assert no_owner.status_code == 400
    assert "Een afspraak zonder eigenaar gebeurt niet" in no_owner.content.decode()
    past = client.post(
        url, {"action": "agreement", "what": "Bellen", "owner": "wijkteam", "due_on": _day(-1)}
    )
    assert past.status_code == 400
    assert "Deze datum ligt in het verleden." in past.content.decode()
    with pytest.raises(services.MeetingInputError, match="eigenaar"):
        services.agreement_add(
            actor=world["lead"], item=item, what="Bellen", owner="", due_on=_today()
        )
    assert not MeetingAgreement.objects.exists()


def test_follow_up_date_in_the_past_is_refused(client, world, stuck_case):
    meeting = _table(world)
    item = services.item_bring_to_case_table(
        actor=world["lead"], meeting=meeting, case=stuck_case, summary=ANONYMOUS
    )
    client.force_login(world["lead"])
    response = client.post(
        reverse("meetings:item-detail", args=[item.pk]), _decision(follow_up_on=_day(-1))
    )
    assert response.status_code == 400
    assert "De datum voor opvolging ligt in het verleden." in response.content.decode()
    missing = client.post(
        reverse("meetings:item-detail", args=[item.pk]), _decision(follow_up_on="")
    )
    assert "Kies wanneer het volgende overleg dit opvolgt." in missing.content.decode()
    bad_date = client.post(
        reverse("meetings:item-detail", args=[item.pk]), _decision(follow_up_on="31-02-2030")
    )
    assert "Dit is geen datum" in bad_date.content.decode()
    item.refresh_from_db()
    assert item.status == "open" and item.follow_up_on is None

    services.item_decide(
        actor=world["lead"],
        item=item,
        breakthrough="b",
        reasoning="r",
        household_involvement="h",
        follow_up_on=_today(),
    )
    later = _table(world, offset=7)
    with pytest.raises(services.MeetingInputError, match="verleden"):
        services.follow_up_record(
            actor=world["lead"],
            meeting=later,
            item=item,
            note="loopt",
            next_follow_up_on=_today() - timedelta(days=1),
        )
    with pytest.raises(services.MeetingInputError, match="later overleg"):
        services.follow_up_record(
            actor=world["lead"], meeting=meeting, item=item, note="loopt", next_follow_up_on=None
        )
    assert not FollowUp.objects.exists()


def test_follow_up_with_a_next_date_stays_pending_for_the_meeting_after(world, stuck_case):
    first = _table(world)
    item = services.item_bring_to_case_table(
        actor=world["lead"], meeting=first, case=stuck_case, summary=ANONYMOUS
    )
    services.item_decide(
        actor=world["lead"],
        item=item,
        breakthrough="b",
        reasoning="r",
        household_involvement="h",
        follow_up_on=_today(),
    )
    second, third = _table(world, 7), _table(world, 14)
    services.follow_up_record(
        actor=world["lead"],
        meeting=second,
        item=item,
        note="loopt nog",
        next_follow_up_on=_today() + timedelta(days=14),
    )
    assert queries.pending_follow_ups(actor=world["lead"], meeting=second) == []
    assert [i.pk for i in queries.pending_follow_ups(actor=world["lead"], meeting=third)] == [
        item.pk
    ]


def test_meeting_form_bad_input(client, world, other_municipality):
    from stabiel.accounts.tests.factories import TeamFactory

    foreign_team = TeamFactory(municipality=other_municipality)
    client.force_login(world["worker"])
    url = reverse("meetings:meeting-create")
    cases = [
        ({"kind": "signalling", "held_on": _day(0)}, "Kies het team van dit overleg."),
        (
            {"kind": "signalling", "held_on": _day(0), "team": foreign_team.pk},
            "Kies een van uw eigen teams.",
        ),
        (
            {"kind": "signalling", "held_on": _day(0), "team": world["other_team"].pk},
            "Kies een van uw eigen teams.",
        ),
        ({"kind": "iets", "held_on": _day(0)}, "Kies een soort overleg uit de lijst."),
        ({"kind": "case_table", "held_on": "morgen"}, "Dit is geen datum"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert message in response.content.decode(), data
    assert not Meeting.objects.exists()


def test_one_participant_per_party(client, world):
    meeting = _signalling(world)
    client.force_login(world["worker"])
    url = reverse("meetings:meeting-detail", args=[meeting.pk])
    ok = client.post(url, {"action": "participant", "party": "Huisarts", "name": "Dr. Aziz"})
    assert ok.status_code == 302
    twice = client.post(url, {"action": "participant", "party": "huisarts", "name": "Dr. Bos"})
    assert twice.status_code == 400
    assert "Namens deze partij zit al iemand aan tafel" in twice.content.decode()
    assert MeetingParticipant.objects.count() == 1


def test_cost_figures_admin_edits_with_source(client, world, make_user):
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    client.force_login(admin)
    page = client.get(reverse("meetings:cost-figures"))
    assert "Eropaf" in page.content.decode()
    figures = list(NotHelpingCost.objects.filter(municipality=admin.municipality))
    assert len(figures) == 4
    data = {}
    for f in figures:
        data[f"amount_{f.pk}"] = str(f.amount)
        data[f"source_{f.pk}"] = f.source
    bad = client.post(reverse("meetings:cost-figures"), {**data, f"amount_{figures[0].pk}": "-5"})
    assert bad.status_code == 400
    assert "Een bedrag kan niet negatief zijn." in bad.content.decode()
    no_source = client.post(
        reverse("meetings:cost-figures"), {**data, f"source_{figures[1].pk}": ""}
    )
    assert "lokale instelling" in no_source.content.decode()
    assert NotHelpingCost.objects.get(pk=figures[0].pk).amount == figures[0].amount
    ok = client.post(
        reverse("meetings:cost-figures"),
        {**data, f"amount_{figures[0].pk}": "8000", f"source_{figures[0].pk}": "lokale instelling"},
    )
    assert ok.status_code == 302
    assert NotHelpingCost.objects.get(pk=figures[0].pk).amount == Decimal("8000")
    client.force_login(world["worker"])
    assert client.get(reverse("meetings:cost-figures")).status_code == 403


def test_estimate_keeps_the_amount_used(world, stuck_case):
    figures = services.cost_figures_ensure(municipality=world["household"].municipality)
    item = services.item_bring_to_case_table(
        actor=world["lead"], meeting=_table(world), case=stuck_case, summary=ANONYMOUS
    )
    services.estimate_record(
        actor=world["lead"],
        item=item,
        quantities={figures[0].pk: 1},
        custom_solution_cost=Decimal("100"),
    )
    NotHelpingCost.objects.filter(pk=figures[0].pk).update(amount=Decimal("1"))
    assert CostLine.objects.get().subtotal == Decimal("7500")
    with pytest.raises(services.MeetingInputError, match="negatief"):
        services.estimate_record(
            actor=world["lead"], item=item, quantities={}, custom_solution_cost=Decimal("-1")
        )
    assert CostLine.objects.count() == 1


# --- named meetings: the household's team only --------------------------------------------------


def test_signalling_meeting_is_for_the_team_only_and_logged(client, world):
    meeting = _signalling(world)
    client.force_login(world["worker"])
    put = client.post(
        reverse("meetings:put-forward", args=[meeting.pk]),
        {
            "household": world["household"].label,
            "put_forward_by": "huisarts",
            "summary": "Komt de deur niet meer uit.",
        },
    )
    item = MeetingItem.objects.get()
    assert put.url == reverse("meetings:item-detail", args=[item.pk])
    page = client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Jan van der Berg" in page
    assert AccessLogEntry.objects.filter(
        household_label=world["household"].label, action="view"
    ).exists()

    client.force_login(world["outsider"])
    assert client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:item-detail", args=[item.pk])).status_code == 404
    assert (
        client.post(reverse("meetings:item-detail", args=[item.pk]), _decision()).status_code == 404
    )
    assert client.get(reverse("meetings:put-forward", args=[meeting.pk])).status_code == 404
    listing = client.get(reverse("meetings:meeting-list")).content.decode()
    assert reverse("meetings:meeting-detail", args=[meeting.pk]) not in listing
    lessons = client.get(reverse("meetings:lesson-list")).content.decode()
    assert "Komt de deur niet meer uit" not in lessons
    item.refresh_from_db()
    assert item.status == "open"


def test_put_forward_refuses_other_team_and_other_municipality_households(client, world):
    meeting = _signalling(world)
    client.force_login(world["worker"])
    for household in (world["other_household"], world["foreign_household"]):
        response = client.post(
            reverse("meetings:put-forward", args=[meeting.pk]),
            {"household": household.label, "summary": "x"},
        )
        assert "Geen huishouden van uw team gevonden" in response.content.decode()
    assert not MeetingItem.objects.exists()


def test_lesson_of_a_named_meeting_must_be_anonymous(world):
    meeting = _signalling(world)
    item = services.item_put_forward(
        actor=world["worker"],
        meeting=meeting,
        household=world["household"],
        put_forward_by="",
        summary="Jan is eenzaam",
    )
    with pytest.raises(services.MeetingInputError, match="bij naam"):
        services.item_decide(
            actor=world["worker"],
            item=item,
            breakthrough="Jan gaat naar het Zelfregiecentrum",
            reasoning="r",
            household_involvement="h",
            follow_up_on=_today(),
            lesson="Jan voelde zich welkom",
        )
    decided = services.item_decide(
        actor=world["worker"],
        item=item,
        breakthrough="Jan gaat naar het Zelfregiecentrum",
        reasoning="r",
        household_involvement="h",
        follow_up_on=_today(),
    )
    assert decided.status == "decided"


@pytest.mark.parametrize(
    "role",
    [
        Role.POLICY_ADVISER,
        Role.PARTNER_REPORTER,
        Role.FUNCTIONAL_ADMIN,
        Role.PRIVACY_OFFICER,
        Role.SESSION_PARTICIPANT,
    ],
)
def test_roles_without_a_seat_see_no_meetings(client, make_user, world, stuck_case, role):
    meeting = _table(world)
    item = services.item_bring_to_case_table(
        actor=world["lead"], meeting=meeting, case=stuck_case, summary=ANONYMOUS
    )
    client.force_login(make_user(role, partner_organisation="Woningcorporatie"))
    assert client.get(reverse("meetings:meeting-list")).status_code == 403
    assert client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("meetings:item-detail", args=[item.pk])).status_code == 403
    assert client.get(reverse("meetings:lesson-list")).status_code == 403


def test_other_municipality_sees_nothing(client, world, stuck_case, make_user, other_municipality):
    meeting = _table(world)
    item = services.item_bring_to_case_table(
        actor=world["lead"], meeting=meeting, case=stuck_case, summary=ANONYMOUS
    )
    services.item_decide(
        actor=world["lead"],
        item=item,
        breakthrough="b",
        reasoning="r",
        household_involvement="h",
        follow_up_on=_today(),
        lesson="Een les",
    )
    client.force_login(make_user(Role.TEAM_LEAD, municipality=other_municipality))
    assert client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:item-detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("meetings:bring-case", args=[meeting.pk])).status_code == 404
    assert "Een les" not in client.get(reverse("meetings:lesson-list")).content.decode()
    assert (
        reverse("meetings:meeting-detail", args=[meeting.pk])
        not in client.get(reverse("meetings:meeting-list")).content.decode()
    )


def test_follow_up_waits_for_its_date(world, stuck_case):
    first = _table(world)
    item = services.item_bring_to_case_table(
        actor=world["lead"], meeting=first, case=stuck_case, summary=ANONYMOUS
    )
    services.item_decide(
        actor=world["lead"],
        item=item,
        breakthrough="b",
        reasoning="r",
        household_involvement="h",
        follow_up_on=_today() + timedelta(days=14),
    )
    too_early, on_time = _table(world, 7), _table(world, 21)
    assert queries.pending_follow_ups(actor=world["lead"], meeting=too_early) == []
    assert [i.pk for i in queries.pending_follow_ups(actor=world["lead"], meeting=on_time)] == [
        item.pk
    ]
    # a signalling meeting of the team never shows a case-table decision
    assert queries.pending_follow_ups(actor=world["lead"], meeting=_signalling(world, 21)) == []


def test_lesson_list_shows_only_checked_texts(world, stuck_case):
    named = services.item_put_forward(
        actor=world["worker"],
        meeting=_signalling(world),
        household=world["household"],
        put_forward_by="huisarts",
        summary="Jan is eenzaam",
    )
    services.item_decide(
        actor=world["worker"],
        item=named,
        breakthrough="Jan gaat naar het Zelfregiecentrum",
        reasoning="r",
        household_involvement="h",
        follow_up_on=_today(),
    )
    table_item = services.item_bring_to_case_table(
        actor=world["lead"], meeting=_table(world), case=stuck_case, summary=ANONYMOUS
    )
    services.item_decide(
        actor=world["lead"],
        item=table_item,
        breakthrough="Kostendelersnorm een jaar niet toepassen",
        reasoning="Voorkomt uitzetting",
        household_involvement="h",
        follow_up_on=_today(),
    )
    lessons = queries.learning_list(municipality=world["household"].municipality)
    assert [(lesson.breakthrough, lesson.lesson) for lesson in lessons] == [
        ("Kostendelersnorm een jaar niet toepassen", "")
    ]
