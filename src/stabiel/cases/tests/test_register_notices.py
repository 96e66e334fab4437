"""What the population register changes for a household with an open case reaches its case
lead: in the case and on the lead's start page, by label, without names for anyone else."""

import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, MunicipalityFactory, TeamFactory
from stabiel.cases.models import RegisterNotice
from stabiel.cases.services import case_open, register_changes_reach_case_leads
from stabiel.residents.models import Household, Membership, RegisterFeed
from stabiel.residents.services import register_feed_apply, register_feed_receive

pytestmark = pytest.mark.django_db
HEADER = (
    "bsn;voornamen;voorvoegsel;geslachtsnaam;geboortedatum;gemeentecode;functie_adres;straat;"
    "huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;datum_aanvang_adreshouding;"
    "datum_overlijden;datum_vertrek;buurtcode"
)
AREA = "BU03550101"
ANNA = f"111222333;Anna;de;Vries;1950-03-04;0355;W;Slotlaan;12;;;3701AB;Zeist;2010-01-01;;;{AREA}"
BRAM = f"123456782;Bram;;Jansen;1979-06-01;0355;W;Slotlaan;12;;;3701AB;Zeist;2011-05-01;;;{AREA}"
DIRK = f"100000009;Dirk;;Smit;1985-02-02;0355;W;Kerklaan;3;;;3701AC;Zeist;2015-01-01;;;{AREA}"
# a month later: Anna died, Bram moved within Zeist, Cor came to live at Slotlaan 12, Dirk left
ANNA_DIED = ANNA.replace(f";;;{AREA}", f";2026-02-01;;{AREA}")
BRAM_MOVED = BRAM.replace(
    "Slotlaan;12;;;3701AB;Zeist;2011-05-01", "Tiendweg;7;;;3702AA;Zeist;2026-02-02"
)
COR = f"111111110;Cor;;Bos;1990-01-01;0355;W;Slotlaan;12;;;3701AB;Zeist;2026-02-03;;;{AREA}"
DIRK_LEFT = DIRK.replace(f";;;{AREA}", f";;2026-02-04;{AREA}")


def _apply(municipality, rows, capture):
    data = "\n".join([HEADER, *rows]).encode()
    feed = register_feed_receive(municipality=municipality, name="brp.csv", data=data)
    with capture(execute=True):
        feed = register_feed_apply(municipality=municipality, feed_id=feed.pk)
    assert feed.status == RegisterFeed.Status.APPLIED, feed.summary
    return feed


@pytest.fixture
def world(make_user, django_capture_on_commit_callbacks):
    zeist = MunicipalityFactory(name="Zeist", cbs_code="GM0355")
    area = AreaFactory(municipality=zeist, cbs_code=AREA, neighbourhood=True)
    team = TeamFactory(municipality=zeist)
    team.areas.add(area)
    lead = make_user(Role.ACCESS_WORKER, municipality=zeist, teams=[team])
    colleague = make_user(Role.ACCESS_WORKER, municipality=zeist, teams=[team])
    _apply(zeist, [ANNA, BRAM, DIRK], django_capture_on_commit_callbacks)
    slotlaan = Membership.objects.get(person__identity__given_names="Anna").household
    kerklaan = Membership.objects.get(person__identity__given_names="Dirk").household
    case = case_open(actor=lead, household=slotlaan, team=team, case_lead=lead)
    other = case_open(actor=lead, household=kerklaan, team=team, case_lead=colleague)
    return zeist, lead, colleague, case, other


def test_a_repeat_feed_tells_the_case_lead_who_left_died_and_joined(
    world, django_capture_on_commit_callbacks
):
    zeist, _lead, _colleague, case, other = world
    feed = _apply(
        zeist, [ANNA_DIED, BRAM_MOVED, COR, DIRK_LEFT], django_capture_on_commit_callbacks
    )
    notices = {
        (n.change.person.identity.given_names, n.change.kind, n.direction)
        for n in RegisterNotice.objects.filter(case=case)
    }
    assert notices == {
        ("Anna", "death", "left"),
        ("Bram", "move", "left"),
        ("Cor", "arrival", "joined"),
    }
    assert [n.change.kind for n in RegisterNotice.objects.filter(case=other)] == ["departure"]
    # nothing of the household is deleted by the feed; the case stays open
    case.refresh_from_db()
    assert case.is_open and Household.objects.filter(pk=case.household_id).exists()
    # running it again adds nothing
    assert register_changes_reach_case_leads(municipality_id=zeist.pk, feed_id=feed.pk) == 0
    assert RegisterNotice.objects.count() == 4


def test_the_lead_sees_it_at_home_and_in_the_case_by_label_only(
    world, client, make_user, django_capture_on_commit_callbacks
):
    zeist, lead, _colleague, case, _other = world
    _apply(zeist, [ANNA_DIED, BRAM_MOVED, COR, DIRK_LEFT], django_capture_on_commit_callbacks)
    client.force_login(lead)
    home = client.get(reverse("home:home")).content.decode()
    assert "Nieuw uit de basisregistratie bij mijn casussen" in home
    assert "is overleden op 01-02-2026" in home
    assert "woont sinds 03-02-2026 in dit huishouden" in home
    assert "verhuisd naar een ander adres in de gemeente" in home
    assert "uit de gemeente vertrokken" not in home  # Dirk's case is the colleague's
    for name in ("Anna", "Bram", "Cor", "Vries", "Jansen", "Slotlaan", "111222333"):
        assert name not in home, name
    detail = client.get(
        reverse("cases:case-detail", args=[case.pk]), {"purpose": "followup"}
    ).content.decode()
    assert "Uit de basisregistratie personen" in detail and "is overleden op 01-02-2026" in detail
    # seen: it leaves the start page and stays in the case
    response = client.post(
        reverse("cases:case-action", args=[case.pk, "register-seen"]), {"purpose": "followup"}
    )
    assert response.status_code == 302
    assert not RegisterNotice.objects.filter(case=case, seen_at=None).exists()
    assert RegisterNotice.objects.filter(case=case, seen_by=lead).count() == 3
    home = client.get(reverse("home:home")).content.decode()
    assert "Nieuw uit de basisregistratie bij mijn casussen" not in home
    detail = client.get(
        reverse("cases:case-detail", args=[case.pk]), {"purpose": "followup"}
    ).content.decode()
    assert "is overleden op 01-02-2026" in detail


def test_only_the_case_lead_marks_it_seen_and_other_roles_see_nothing(
    world, client, make_user, django_capture_on_commit_callbacks
):
    zeist, _lead, colleague, case, _other = world
    _apply(zeist, [ANNA_DIED, BRAM_MOVED, COR, DIRK_LEFT], django_capture_on_commit_callbacks)
    client.force_login(colleague)
    client.post(
        reverse("cases:case-action", args=[case.pk, "register-seen"]), {"purpose": "followup"}
    )
    assert RegisterNotice.objects.filter(case=case, seen_at=None).count() == 3
    for role in (
        Role.FUNCTIONAL_ADMIN,
        Role.POLICY_ADVISER,
        Role.PARTNER_REPORTER,
        Role.PRIVACY_OFFICER,
    ):
        client.force_login(make_user(role, municipality=zeist, partner_organisation="Partner"))
        page = client.get(reverse("home:home")).content.decode()
        assert "basisregistratie bij mijn casussen" not in page, role
        assert "is overleden op" not in page, role
        response = client.get(reverse("cases:case-detail", args=[case.pk]), {"purpose": "followup"})
        assert response.status_code in (403, 404), role
    # the administrator's feed page counts, it names nobody
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN, municipality=zeist))
    feed = RegisterFeed.objects.order_by("-pk").first()
    page = client.get(reverse("residents:feed-detail", args=[feed.pk])).content.decode()
    assert "Anna" not in page and "Slotlaan" not in page and "Overleden" in page


def _alert(municipality, household, team, assigned_to=None):
    from datetime import date, timedelta

    from stabiel.rules.models import Alert, RuleVersion
    from stabiel.rules.services import rules_seed

    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    version = RuleVersion.objects.filter(rule__municipality=municipality).first()
    return Alert.objects.create(
        municipality=municipality,
        household=household,
        rule=version.rule,
        rule_version=version,
        team=team,
        assigned_to=assigned_to,
        raised_on=date(2026, 1, 5),
        due_on=date(2026, 1, 5) + timedelta(days=10),
    )


def _mark(municipality, household, person, worker):
    from datetime import date

    from stabiel.supporters.models import SupporterMark

    return SupporterMark.objects.create(
        municipality=municipality,
        household=household,
        person=person,
        supporter_name="Mw. Ondersteuner",
        reason="Brieven stapelen zich op",
        consent_on=date(2026, 1, 1),
        start_on=date(2026, 1, 1),
        end_on=date(2099, 1, 1),
        created_by=worker,
    )


def test_an_open_alert_or_supporter_mark_without_a_case_hears_who_left(
    catalogue, make_user, client, django_capture_on_commit_callbacks
):
    zeist = MunicipalityFactory(name="Zeist", cbs_code="GM0355")
    area = AreaFactory(municipality=zeist, cbs_code=AREA, neighbourhood=True)
    team = TeamFactory(municipality=zeist)
    team.areas.add(area)
    worker = make_user(Role.ACCESS_WORKER, municipality=zeist, teams=[team])
    colleague = make_user(Role.ACCESS_WORKER, municipality=zeist, teams=[team])
    maker = make_user(Role.ACCESS_WORKER, municipality=zeist, teams=[team])
    _apply(zeist, [ANNA, BRAM, DIRK], django_capture_on_commit_callbacks)
    slotlaan = Membership.objects.get(person__identity__given_names="Anna").household
    kerklaan = Membership.objects.get(person__identity__given_names="Dirk").household
    dirk = Membership.objects.get(person__identity__given_names="Dirk").person
    alert = _alert(zeist, slotlaan, team, assigned_to=worker)  # no case on either household
    mark = _mark(zeist, kerklaan, dirk, maker)
    households = Household.objects.count()

    _apply(zeist, [ANNA_DIED, BRAM_MOVED, COR, DIRK_LEFT], django_capture_on_commit_callbacks)

    on_alert = {
        (n.change.person.identity.given_names, n.change.kind, n.direction)
        for n in RegisterNotice.objects.filter(alert=alert)
    }
    assert on_alert == {("Anna", "death", "left"), ("Bram", "move", "left")}
    assert [n.change.kind for n in RegisterNotice.objects.filter(supporter_mark=mark)] == [
        "departure"
    ]
    # nothing of the households, the alert or the mark is deleted or closed by the feed
    alert.refresh_from_db()
    mark.refresh_from_db()
    assert alert.status == "open" and mark.ended_on is None
    assert Household.objects.filter(pk__in=[slotlaan.pk, kerklaan.pk]).count() == 2
    assert Household.objects.count() >= households

    client.force_login(worker)
    home = client.get(reverse("home:home")).content.decode()
    assert "bij mijn meldingen en post via een ondersteuner" in home
    assert "is overleden op 01-02-2026" in home
    assert "uit de gemeente vertrokken" not in home  # the mark is the maker's
    for name in ("Anna", "Bram", "Vries", "Slotlaan"):
        assert name not in home, name
    client.force_login(maker)
    home = client.get(reverse("home:home")).content.decode()
    assert "is op 04-02-2026 uit de gemeente vertrokken" in home
    assert "is overleden op" not in home
    client.force_login(colleague)  # the alert is assigned to someone else
    home = client.get(reverse("home:home")).content.decode()
    assert "bij mijn meldingen en post via een ondersteuner" not in home


def test_an_alert_on_a_household_with_an_open_case_goes_through_the_case(
    world, catalogue, django_capture_on_commit_callbacks
):
    zeist, lead, _colleague, case, _other = world
    alert = _alert(zeist, case.household, None, assigned_to=lead)
    _apply(zeist, [ANNA_DIED, BRAM_MOVED, COR, DIRK_LEFT], django_capture_on_commit_callbacks)
    assert not RegisterNotice.objects.filter(alert=alert).exists()
    assert RegisterNotice.objects.filter(case=case).count() == 3


def test_the_worker_marks_an_alert_notice_seen_and_nobody_else_can(
    catalogue, make_user, client, django_capture_on_commit_callbacks
):
    zeist = MunicipalityFactory(name="Zeist", cbs_code="GM0355")
    area = AreaFactory(municipality=zeist, cbs_code=AREA, neighbourhood=True)
    team = TeamFactory(municipality=zeist)
    team.areas.add(area)
    worker = make_user(Role.ACCESS_WORKER, municipality=zeist, teams=[team])
    other = make_user(
        Role.ACCESS_WORKER, municipality=zeist, teams=[TeamFactory(municipality=zeist)]
    )
    _apply(zeist, [ANNA, BRAM], django_capture_on_commit_callbacks)
    slotlaan = Membership.objects.get(person__identity__given_names="Anna").household
    alert = _alert(zeist, slotlaan, team)  # unassigned: the team sees it
    _apply(zeist, [ANNA_DIED, BRAM], django_capture_on_commit_callbacks)
    notice = RegisterNotice.objects.get(alert=alert)
    url = reverse("cases:register-notice-seen", args=[notice.pk])
    client.force_login(other)
    assert client.post(url).status_code == 404
    notice.refresh_from_db()
    assert notice.seen_at is None
    client.force_login(worker)
    assert "is overleden op" in client.get(reverse("home:home")).content.decode()
    assert client.post(url).status_code == 302
    notice.refresh_from_db()
    assert notice.seen_by == worker
    assert "is overleden op" not in client.get(reverse("home:home")).content.decode()
