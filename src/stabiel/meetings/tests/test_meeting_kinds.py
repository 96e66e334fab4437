"""Kinds of meeting are the municipality's own setting (issue 20, part 5): the three defaults
for every municipality, own kinds with a name, who sits and whether names may be used. A kind
without personal data works like the anonymous case table; bad input stores nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.meetings import queries, services
from stabiel.meetings.models import BaseKind, Meeting, MeetingItem, MeetingKind
from stabiel.meetings.services import MeetingInputError

pytestmark = pytest.mark.django_db
SETTINGS = reverse("meetings:kind-settings")


@pytest.fixture
def admin(make_user):
    return make_user(Role.FUNCTIONAL_ADMIN)


def _add(admin, name="Wekelijkse tafel Veilig Thuis", personal_data=True):
    return services.kind_add(
        actor=admin, name=name, seats="Team en Veilig Thuis", personal_data=personal_data
    )


def test_every_municipality_has_the_three_defaults(municipality, other_municipality):
    for m in (municipality, other_municipality):
        kinds = services.kinds_ensure(municipality=m)
        assert [k.code for k in kinds] == ["signalling", "case_table", "custom_table"]
        assert [k.personal_data for k in kinds] == [True, False, True]
    services.kinds_ensure(municipality=municipality)  # once only
    assert MeetingKind.objects.filter(municipality=municipality).count() == 3


def test_a_default_meeting_points_at_its_municipalitys_kind(world):
    meeting = services.meeting_plan(
        actor=world["lead"], kind=BaseKind.CASE_TABLE, held_on=timezone.localdate()
    )
    assert meeting.meeting_kind.code == "case_table"
    assert meeting.meeting_kind.municipality_id == meeting.municipality_id


def test_an_own_kind_with_names_is_the_teams_and_named(world, admin, client):
    kind = _add(admin)
    assert kind.base == BaseKind.SIGNALLING and not kind.is_default
    client.force_login(world["worker"])
    page = client.get(reverse("meetings:meeting-create")).content.decode()
    assert "Wekelijkse tafel Veilig Thuis" in page and "Team en Veilig Thuis" in page
    response = client.post(
        reverse("meetings:meeting-create"),
        {
            "kind": kind.code,
            "held_on": timezone.localdate().strftime("%d-%m-%Y"),
            "team": world["team"].pk,
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.meeting_kind == kind
    assert meeting.team == world["team"] and meeting.kind == BaseKind.SIGNALLING
    item = services.item_put_forward(
        actor=world["worker"],
        meeting=meeting,
        household=world["household"],
        put_forward_by="Veilig Thuis",
        summary="Melding van Veilig Thuis over spanningen thuis.",
    )
    assert item.kind == BaseKind.SIGNALLING
    listed = client.get(reverse("meetings:meeting-list"), {"soort": kind.code}).content.decode()
    assert "Wekelijkse tafel Veilig Thuis" in listed
    # The outsider of another team does not see it.
    assert queries.meetings_visible_to(world["outsider"]).count() == 0


def test_an_own_kind_without_names_is_refused_a_name_like_the_case_table(world, admin, stuck_case):
    kind = _add(admin, name="Leertafel met partners", personal_data=False)
    assert kind.base == BaseKind.CASE_TABLE
    meeting = services.meeting_plan(
        actor=world["lead"], kind=kind.code, held_on=timezone.localdate()
    )
    assert meeting.team is None and meeting.is_anonymous
    with pytest.raises(MeetingInputError, match="geen BSN"):
        services.item_bring_to_case_table(
            actor=world["lead"], meeting=meeting, case=stuck_case, summary="bsn 123456782 zit vast"
        )
    with pytest.raises(MeetingInputError, match="bij naam"):
        services.item_bring_to_case_table(
            actor=world["lead"], meeting=meeting, case=stuck_case, summary="meneer berg zit vast"
        )
    with pytest.raises(MeetingInputError, match="geen namen"):
        services.item_put_forward(
            actor=world["worker"],
            meeting=meeting,
            household=world["household"],
            put_forward_by="",
            summary="x",
        )
    assert not MeetingItem.objects.exists()


def test_follow_ups_stay_within_one_kind(world, admin):
    kind = _add(admin)
    today = timezone.localdate()
    signalling = services.meeting_plan(
        actor=world["worker"], kind="signalling", held_on=today, team=world["team"]
    )
    item = services.item_put_forward(
        actor=world["worker"],
        meeting=signalling,
        household=world["household"],
        put_forward_by="",
        summary="Zorgen",
    )
    services.item_decide(
        actor=world["worker"],
        item=item,
        breakthrough="b",
        reasoning="r",
        household_involvement="h",
        follow_up_on=today,
    )
    own = services.meeting_plan(
        actor=world["worker"], kind=kind.code, held_on=today + timedelta(days=7), team=world["team"]
    )
    assert queries.pending_follow_ups(actor=world["worker"], meeting=own) == []
    with pytest.raises(MeetingInputError, match="hoort niet bij dit overleg"):
        services.follow_up_record(
            actor=world["worker"], meeting=own, item=item, note="n", next_follow_up_on=None
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "seats": "x", "personal_data": "ja"}, "Geef het overleg een naam."),
        (
            {"name": "Intake", "seats": "", "personal_data": "ja"},
            "Schrijf op wie er aan tafel zit.",
        ),
        ({"name": "Intake", "seats": "x"}, "Kies of namen aan tafel mogen."),
        ({"name": "Intake", "seats": "x", "personal_data": "misschien"}, "Kies ja of nee."),
        ({"name": "x" * 81, "seats": "x", "personal_data": "ja"}, "hooguit 80 tekens"),
        (
            {"name": "casustafel (ANONIEM)", "seats": "x", "personal_data": "nee"},
            "al een overleg met deze naam",
        ),
    ],
)
def test_bad_kind_input_is_refused_in_dutch_and_stores_nothing(admin, client, data, message):
    client.force_login(admin)
    client.get(SETTINGS)  # the defaults
    response = client.post(SETTINGS, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert MeetingKind.objects.count() == 3


def test_the_administrator_adds_and_edits_a_kind_on_screen(admin, client):
    client.force_login(admin)
    response = client.post(
        SETTINGS, {"name": "Intakeoverleg", "seats": "Het team", "personal_data": "ja"}
    )
    assert response.status_code == 302
    kind = MeetingKind.objects.get(name="Intakeoverleg")
    url = reverse("meetings:kind-edit", args=[kind.pk])
    assert "Intakeoverleg" in client.get(url).content.decode()
    bad = client.post(url, {"name": "", "seats": "Het team"})
    assert bad.status_code == 400 and "Geef het overleg een naam." in bad.content.decode()
    client.post(url, {"name": "Intake", "seats": "Team en GGZ", "personal_data": "nee"})
    kind.refresh_from_db()
    # Whether names may be used does not change; stopping it is allowed.
    assert (kind.name, kind.seats, kind.personal_data, kind.active) == (
        "Intake",
        "Team en GGZ",
        True,
        False,
    )


def test_a_kind_out_of_use_cannot_be_planned(world, admin):
    kind = _add(admin)
    services.kind_update(actor=admin, kind=kind, name=kind.name, seats=kind.seats, active=False)
    with pytest.raises(MeetingInputError, match="Kies een soort overleg"):
        services.meeting_plan(
            actor=world["worker"], kind=kind.code, held_on=timezone.localdate(), team=world["team"]
        )


def test_only_the_administrator_keeps_the_kinds(
    world, admin, client, other_municipality, make_user
):
    for user in (world["worker"], world["lead"]):
        client.force_login(user)
        assert client.get(SETTINGS).status_code == 403
    with pytest.raises(MeetingInputError):
        _add(world["lead"])
    foreign = _add(make_user(Role.FUNCTIONAL_ADMIN, municipality=other_municipality))
    client.force_login(admin)
    assert client.get(reverse("meetings:kind-edit", args=[foreign.pk])).status_code == 404
