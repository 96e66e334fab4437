import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.core.models import AccessLogEntry
from stabiel.supporters import queries, services
from stabiel.supporters.models import SupporterMark

pytestmark = pytest.mark.django_db


def _create(world, **overrides):
    today = timezone.localdate()
    data = {
        "actor": world["worker"],
        "household": world["household"],
        "person_id": world["persons"][0].pk,
        "supporter_name": "Sanne Stevens",
        "supporter_organisation": "Wijkteam Oost",
        "supporter_contact": "06-12345678",
        "supporter_street": "Stationsplein 7",
        "supporter_postcode": "3701 AB",
        "supporter_city": "Zeist",
        "reason": "Brieven geven nu te veel stress.",
        "consent": True,
        "consent_on": today,
        "start_on": today,
        "end_on": None,
    }
    data.update(overrides)
    return services.mark_create(**data)


def _post_data(world, **overrides):
    today = timezone.localdate()
    data = {
        "person": str(world["persons"][0].pk),
        "supporter_name": "Sanne Stevens",
        "supporter_organisation": "Wijkteam Oost",
        "supporter_contact": "",
        "supporter_street": "Stationsplein 7",
        "supporter_postcode": "3701 AB",
        "supporter_city": "Zeist",
        "reason": "Brieven geven nu te veel stress.",
        "consent": "on",
        "consent_on": today.strftime("%d-%m-%Y"),
        "start_on": today.strftime("%d-%m-%Y"),
        "end_on": "",
    }
    data.update(overrides)
    return data


# --- services -------------------------------------------------------------------------------


def test_default_period_is_half_a_year_as_in_zeist(world):
    year = timezone.localdate().year + 1
    mark = _create(world, start_on=date(year, 1, 31))
    assert mark.end_on == date(year, 7, 31)


def test_create_logs_the_change(world):
    _create(world)
    entry = AccessLogEntry.objects.get(action="change")
    assert entry.household_label == world["household"].label
    assert entry.purpose == "Post via een ondersteuner regelen"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        # no consent, no mark
        ({"consent": False}, "Zonder toestemming"),
        # the supporter must be named
        ({"supporter_name": "  "}, "naam van de ondersteuner"),
        # a reason is required
        ({"reason": ""}, "waarom"),
        # an end before the start
        ({"end_on": timezone.localdate() - timedelta(days=1)}, "na de begindatum"),
        # an end date in the past (with a start even further back)
        (
            {
                "start_on": timezone.localdate() - timedelta(days=30),
                "consent_on": timezone.localdate() - timedelta(days=30),
                "end_on": timezone.localdate() - timedelta(days=1),
            },
            "in het verleden",
        ),
        # consent given in the future
        ({"consent_on": timezone.localdate() + timedelta(days=1)}, "toekomst"),
        # more than two years at once
        ({"end_on": timezone.localdate() + timedelta(days=800)}, "twee jaar"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(world, overrides, message):
    with pytest.raises(services.SupporterInputError) as exc:
        _create(world, **overrides)
    assert message.lower() in str(exc.value).lower()
    assert not SupporterMark.objects.exists()
    assert not AccessLogEntry.objects.exists()


def test_person_of_another_household_or_municipality_is_refused(world):
    for person in (world["other_persons"][0], world["foreign_persons"][0]):
        with pytest.raises(services.SupporterInputError, match="in dit huishouden woont"):
            _create(world, person_id=person.pk)
    assert not SupporterMark.objects.exists()


def test_one_running_mark_per_person(world):
    _create(world)
    with pytest.raises(services.SupporterInputError, match="loopt al een afspraak"):
        _create(world)
    assert SupporterMark.objects.count() == 1


def test_expired_mark_is_closed_when_a_new_one_starts(world):
    old = _create(world)
    SupporterMark.objects.filter(pk=old.pk).update(
        start_on=date(2020, 1, 1), end_on=date(2020, 6, 1), consent_on=date(2020, 1, 1)
    )
    _create(world)
    old.refresh_from_db()
    assert old.ended_on == date(2020, 6, 1)
    assert SupporterMark.objects.filter(ended_on__isnull=True).count() == 1


def test_end_and_extend(world):
    mark = _create(world)
    today = timezone.localdate()
    with pytest.raises(services.SupporterInputError, match="toestemming"):
        services.mark_extend(actor=world["worker"], mark=mark, end_on=mark.end_on, consent=False)
    with pytest.raises(services.SupporterInputError, match="na de huidige einddatum"):
        services.mark_extend(actor=world["worker"], mark=mark, end_on=mark.end_on, consent=True)
    later = mark.end_on + timedelta(days=30)
    assert (
        services.mark_extend(actor=world["worker"], mark=mark, end_on=later, consent=True).end_on
        == later
    )
    services.mark_end(actor=world["worker"], mark=mark)
    mark.refresh_from_db()
    assert mark.ended_on == today
    with pytest.raises(services.SupporterInputError, match="al afgelopen"):
        services.mark_end(actor=world["worker"], mark=mark)


# --- queries: the interfaces others use -------------------------------------------------------


def test_letter_route_lists_running_marks_only(world):
    assert queries.letter_route_for_household(world["household"]) == []
    mark = _create(world)
    route = queries.letter_route_for_household(world["household"])
    assert route == [(world["persons"][0].label, "Sanne Stevens (Wijkteam Oost)")]
    services.mark_end(actor=world["worker"], mark=mark)
    assert queries.letter_route_for_household(world["household"]) == []


def test_planned_mark_is_not_yet_on_the_letter_route(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    _create(world, start_on=tomorrow)
    assert queries.letter_route_for_household(world["household"]) == []


def test_ending_soon_only_within_reminder_period_and_own_team(world, settings):
    today = timezone.localdate()
    soon = _create(world, end_on=today + timedelta(days=10))
    _create(world, person_id=world["persons"][1].pk, end_on=today + timedelta(days=90))
    assert queries.ending_soon_for(world["worker"]) == [soon]
    assert queries.ending_soon_for(world["outsider"]) == []
    settings.SUPPORTER_MARK_REMINDER_DAYS = 5
    assert queries.ending_soon_for(world["worker"]) == []


# --- views ------------------------------------------------------------------------------------


def test_worker_marks_a_member_and_the_export_lists_it(client, world):
    client.force_login(world["worker"])
    url = reverse("supporters:mark-create", args=[world["household"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Jan van der Berg" in page.content.decode()
    response = client.post(url, _post_data(world))
    mark = SupporterMark.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("supporters:mark-detail", args=[mark.pk])
    export = client.get(reverse("supporters:mark-export"))
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "bsn"
    assert len(rows) == 2
    assert rows[1][1] == "Jan van der Berg"
    assert rows[1][2] == world["persons"][0].label
    assert rows[1][0] == world["persons"][0].identity.bsn
    assert AccessLogEntry.objects.filter(action="export").count() == 1


def test_lookup_finds_only_own_team_households(client, world):
    client.force_login(world["worker"])
    url = reverse("supporters:mark-start")
    ok = client.post(url, {"household": world["household"].label.lower()})
    assert ok.status_code == 302
    for household in (world["other_household"], world["foreign_household"]):
        refused = client.post(url, {"household": household.label})
        assert refused.status_code == 200
        assert "Geen huishouden van uw team" in refused.content.decode()


def test_form_bad_input_shows_dutch_message_and_stores_nothing(client, world):
    client.force_login(world["worker"])
    url = reverse("supporters:mark-create", args=[world["household"].pk])
    cases = [
        ({"consent": ""}, "Zonder toestemming"),
        ({"end_on": "31-02-2026"}, "Dit is geen datum"),
        ({"person": str(world["other_persons"][0].pk)}, "Kies iemand die in dit huishouden woont"),
        (
            {"person": str(world["foreign_persons"][0].pk)},
            "Kies iemand die in dit huishouden woont",
        ),
        (
            {"end_on": "01-01-2020", "start_on": "01-12-2019", "consent_on": "01-12-2019"},
            "verleden",
        ),
    ]
    for overrides, message in cases:
        response = client.post(url, _post_data(world, **overrides))
        assert response.status_code == 200, overrides
        assert message in response.content.decode(), overrides
    assert not SupporterMark.objects.exists()


def test_other_team_gets_404_and_sees_nothing(client, world):
    mark = _create(world)
    client.force_login(world["outsider"])
    assert (
        client.get(reverse("supporters:mark-create", args=[world["household"].pk])).status_code
        == 404
    )
    assert client.get(reverse("supporters:mark-detail", args=[mark.pk])).status_code == 404
    assert client.post(reverse("supporters:mark-end", args=[mark.pk])).status_code == 404
    extend = client.post(
        reverse("supporters:mark-extend", args=[mark.pk]), {"end_on": "01-01-2030", "consent": "on"}
    )
    assert extend.status_code == 404
    listing = client.get(reverse("supporters:mark-list")).content.decode()
    assert world["persons"][0].label not in listing
    export = client.get(reverse("supporters:mark-export")).content.decode("utf-8-sig")
    assert world["persons"][0].label not in export
    assert len(export.strip().splitlines()) == 1
    mark.refresh_from_db()
    assert mark.ended_on is None


def test_other_municipality_household_is_404(client, world):
    client.force_login(world["worker"])
    url = reverse("supporters:mark-create", args=[world["foreign_household"].pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "role",
    [Role.POLICY_ADVISER, Role.PARTNER_REPORTER, Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER],
)
def test_roles_without_case_work_are_refused(client, make_user, world, role):
    client.force_login(make_user(role, partner_organisation="Woningcorporatie"))
    for name in ("supporters:mark-list", "supporters:mark-export", "supporters:mark-start"):
        assert client.get(reverse(name)).status_code == 403


def test_detail_extend_and_end_through_the_screen(client, world):
    mark = _create(world)
    client.force_login(world["worker"])
    detail = client.get(reverse("supporters:mark-detail", args=[mark.pk]))
    assert "Jan van der Berg" in detail.content.decode()
    bad = client.post(
        reverse("supporters:mark-extend", args=[mark.pk]), {"end_on": "", "consent": "on"}
    )
    assert bad.status_code == 400
    assert "Vul een nieuwe einddatum in." in bad.content.decode()
    new_end = mark.end_on + timedelta(days=60)
    ok = client.post(
        reverse("supporters:mark-extend", args=[mark.pk]),
        {"end_on": new_end.strftime("%d-%m-%Y"), "consent": "on"},
    )
    assert ok.status_code == 302
    mark.refresh_from_db()
    assert mark.end_on == new_end
    client.post(reverse("supporters:mark-end", args=[mark.pk]))
    mark.refresh_from_db()
    assert mark.ended_on == timezone.localdate()
    listing = client.get(reverse("supporters:mark-list") + "?toon=afgelopen").content.decode()
    assert mark.person.label in listing


# --- the supporter's postal address ---------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        # no street at all
        ({"supporter_street": "  "}, "supporter_street", "straat en het huisnummer"),
        # a street without a number
        ({"supporter_street": "Stationsplein"}, "supporter_street", "Postbus 123"),
        # a foreign or mistyped postcode
        ({"supporter_postcode": "37011 AB"}, "supporter_postcode", "Nederlandse postcode"),
        ({"supporter_postcode": "0701 AB"}, "supporter_postcode", "Nederlandse postcode"),
        # no city, or a postcode in the city field
        ({"supporter_city": ""}, "supporter_city", "plaats van de ondersteuner"),
        ({"supporter_city": "3701 AB"}, "supporter_city", "plaats van de ondersteuner"),
    ],
)
def test_a_bad_postal_address_is_refused_and_nothing_stored(world, overrides, field, message):
    with pytest.raises(services.SupporterInputError) as exc:
        _create(world, **overrides)
    assert exc.value.field == field
    assert message in str(exc.value)
    assert not SupporterMark.objects.exists()
    assert not AccessLogEntry.objects.exists()


def test_the_postal_address_is_tidied_and_printed_as_on_an_envelope(world):
    mark = _create(world, supporter_street=" Postbus  104 ", supporter_postcode="3700ac")
    assert (mark.supporter_street, mark.supporter_postcode) == ("Postbus 104", "3700AC")
    assert mark.supporter_address_lines == ("Postbus 104", "3700 AC  ZEIST")


def test_the_database_refuses_half_an_address(world):
    from django.db import IntegrityError, transaction

    mark = _create(world)
    mark.supporter_city = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        mark.save()


def test_form_without_an_address_shows_dutch_messages_and_stores_nothing(client, world):
    client.force_login(world["worker"])
    url = reverse("supporters:mark-create", args=[world["household"].pk])
    data = _post_data(world, supporter_street="", supporter_postcode="ABCD 12", supporter_city="")
    response = client.post(url, data)
    page = response.content.decode()
    assert "Vul de straat en het huisnummer van de ondersteuner in, of een postbus." in page
    assert "Vul de plaats van de ondersteuner in, zoals Zeist." in page
    assert not SupporterMark.objects.exists()
    # A well-formed form with a postcode the service refuses: message at the field, nothing kept.
    response = client.post(url, _post_data(world, supporter_postcode="ABCD 12"))
    assert "Vul een Nederlandse postcode in, zoals 3701 AB." in response.content.decode()
    assert not SupporterMark.objects.exists()


def test_an_older_mark_without_an_address_gets_one_on_its_page(client, world):
    mark = _create(world)
    SupporterMark.objects.filter(pk=mark.pk).update(
        supporter_street="", supporter_postcode="", supporter_city=""
    )
    client.force_login(world["worker"])
    detail = client.get(reverse("supporters:mark-detail", args=[mark.pk])).content.decode()
    assert "Ontbreekt: vul het hieronder in" in detail
    url = reverse("supporters:mark-address", args=[mark.pk])
    bad = client.post(
        url,
        {
            "supporter_street": "Stationsplein",
            "supporter_postcode": "3701 AB",
            "supporter_city": "Zeist",
        },
    )
    assert bad.status_code == 400
    assert "Vul een straat met huisnummer in" in bad.content.decode()
    mark.refresh_from_db()
    assert not mark.has_postal_address
    ok = client.post(
        url,
        {
            "supporter_street": "Stationsplein 7",
            "supporter_postcode": "3701 ab",
            "supporter_city": "Zeist",
        },
    )
    assert ok.status_code == 302
    mark.refresh_from_db()
    assert mark.supporter_address_lines == ("Stationsplein 7", "3701 AB  ZEIST")
    client.force_login(world["outsider"])
    assert client.post(url, {"supporter_street": "Elders 1"}).status_code == 404
