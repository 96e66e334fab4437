"""Referral from a case (warme overdracht), across the case app and the inventory (issue 15.6).

Here and not in either app's tests: the case app may read the inventory only through
`stabiel.inventory.lookup`, and the inventory never imports the case app (decision 0008), so a
test that sets up both sides lives with the cross-cutting suites.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.policy import Permission, may
from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory, RegionFactory, TeamFactory
from stabiel.cases import referral_services, services
from stabiel.cases.models import CaseEvent, Referral
from stabiel.cases.services import CaseInputError
from stabiel.catalogue.models import ProvisionType, Shell
from stabiel.inventory.services import offering_end, offering_save, provider_save
from stabiel.inventory.tests.conftest import offering_fields
from stabiel.signals.tests.factories import population

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def region(db):
    return RegionFactory()


@pytest.fixture
def municipality(region):
    return MunicipalityFactory(region=region)


@pytest.fixture
def setting(catalogue, municipality, make_user):
    pop = population(municipality, households=8)
    team = TeamFactory(municipality=municipality)
    team.areas.add(pop.area)
    worker = make_user(Role.ACCESS_WORKER, teams=[team])
    adviser = make_user(Role.POLICY_ADVISER)
    shell = Shell.objects.get(municipality__isnull=True, code="informeel")
    ptype = ProvisionType.objects.get(municipality__isnull=True, code="maatjesproject")
    provider = provider_save(actor=adviser, name="Maatjes Zeist")
    offering = offering_save(
        actor=adviser,
        provider=provider,
        provision_type=ptype,
        shell=shell,
        **offering_fields(
            name="Maatje voor thuis",
            waiting_days=21,
            referral_contact="030 123 4567 (intake)",
            valid_from=datetime.date(2025, 1, 1),
        ),
    )
    case = services.case_open(
        actor=worker, household=pop.households[0], team=team, case_lead=worker
    )
    return {
        "pop": pop,
        "team": team,
        "worker": worker,
        "adviser": adviser,
        "offering": offering,
        "ptype": ptype,
        "shell": shell,
        "case": case,
    }


def send(s, **overrides):
    kwargs = {
        "actor": s["worker"],
        "case": s["case"],
        "offering_id": s["offering"].pk,
        "goal": None,
        "consent": True,
        "handover_note": "Wil graag iemand om mee te wandelen; bellen na 17 uur.",
    }
    kwargs.update(overrides)
    return referral_services.referral_send(**kwargs)


def test_send_copies_the_offering_and_writes_the_diary(setting):
    referral = send(setting)
    assert referral.status == "sent" and referral.sent_on == TODAY
    assert referral.offering_name == "Maatje voor thuis"
    assert referral.provider_name == "Maatjes Zeist"
    assert referral.referral_contact == "030 123 4567 (intake)"
    assert CaseEvent.objects.filter(
        case=setting["case"], text__contains="Doorverwezen (met toestemming) naar Maatje voor thuis"
    ).exists()


def test_the_route_sent_accepted_started(setting):
    referral = send(setting)
    referral_services.referral_set_status(
        actor=setting["worker"], referral=referral, status="accepted", on=TODAY
    )
    referral = referral_services.referral_set_status(
        actor=setting["worker"], referral=referral, status="started", on=TODAY
    )
    assert (referral.status, referral.answered_on, referral.started_on) == (
        "started",
        TODAY,
        TODAY,
    )


def test_declined_keeps_its_reason_and_allows_a_new_referral(setting):
    referral = send(setting)
    referral_services.referral_set_status(
        actor=setting["worker"], referral=referral, status="declined", on=TODAY, reason="Vol"
    )
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "Vol")
    send(setting)  # the first one is over, so the household may be referred again
    assert Referral.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        # no consent from the household: no referral
        ({"consent": False}, "consent", "toestemming"),
        # nothing written for the provider
        ({"handover_note": "   "}, "handover_note", "Schrijf op wat de aanbieder mag weten"),
        # too long for the provider
        ({"handover_note": "x" * 1001}, "handover_note", "te lang"),
        # an id that names no offering
        ({"offering_id": 999999}, "offering", "Kies een aanbod"),
        # no offering at all
        ({"offering_id": None}, "offering", "Kies een aanbod"),
    ],
)
def test_bad_send_says_why_and_stores_nothing(setting, overrides, field, message):
    events = CaseEvent.objects.count()
    with pytest.raises(CaseInputError) as exc:
        send(setting, **overrides)
    assert exc.value.field == field and message in str(exc.value)
    assert Referral.objects.count() == 0 and CaseEvent.objects.count() == events


def test_an_offering_outside_the_region_or_stopped_cannot_be_chosen(setting, make_user):
    elsewhere = MunicipalityFactory()  # another region
    far_adviser = make_user(Role.POLICY_ADVISER, municipality=elsewhere)
    far = offering_save(
        actor=far_adviser,
        provider=provider_save(actor=far_adviser, name="Ver weg"),
        provision_type=setting["ptype"],
        shell=setting["shell"],
        **offering_fields(),
    )
    with pytest.raises(CaseInputError, match="Kies een aanbod"):
        send(setting, offering_id=far.pk)
    offering_end(
        actor=setting["adviser"],
        offering=setting["offering"],
        valid_to=TODAY - datetime.timedelta(days=1),
    )
    with pytest.raises(CaseInputError, match="Kies een aanbod"):
        send(setting)
    assert Referral.objects.count() == 0


def test_a_goal_of_another_case_and_a_running_duplicate_are_refused(setting):
    other_case = services.case_open(
        actor=setting["worker"],
        household=setting["pop"].households[1],
        team=setting["team"],
        case_lead=setting["worker"],
    )
    goal = services.goal_add(actor=setting["worker"], case=other_case, text="Weer werk")
    with pytest.raises(CaseInputError, match="doel van deze casus"):
        send(setting, goal=goal)
    send(setting)
    with pytest.raises(CaseInputError, match="loopt nog"):
        send(setting)
    assert Referral.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "on_days", "reason", "field", "message"),
    [
        # started before the provider said yes
        ("started", 0, "", "status", "kan niet naar"),
        # declined without saying why
        ("declined", 0, "", "reason", "waarom"),
        # an answer from tomorrow
        ("accepted", 1, "", "on", "toekomst"),
        # an answer before the referral was sent
        ("accepted", -1, "", "on", "vóór de doorverwijzing"),
        # a state that does not exist
        ("lost", 0, "", "status", "kan niet naar"),
    ],
)
def test_bad_status_change_says_why_and_changes_nothing(
    setting, status, on_days, reason, field, message
):
    referral = send(setting)
    with pytest.raises(CaseInputError) as exc:
        referral_services.referral_set_status(
            actor=setting["worker"],
            referral=referral,
            status=status,
            on=TODAY + datetime.timedelta(days=on_days),
            reason=reason,
        )
    assert exc.value.field == field and message in str(exc.value)
    referral.refresh_from_db()
    assert referral.status == "sent" and referral.answered_on is None


# Screens ------------------------------------------------------------------------------------


def referrals_url(case, **params):
    url = reverse("cases:referrals", args=[case.pk])
    return url


def test_worker_finds_the_offering_by_alias_with_waiting_time_and_contact(setting, client):
    client.force_login(setting["worker"])
    page = client.get(
        referrals_url(setting["case"]), {"purpose": "plan", "woorden": "maatje"}
    ).content.decode()
    assert "Maatje voor thuis" in page
    assert "21 dagen" in page and "030 123 4567 (intake)" in page
    chosen = client.get(
        referrals_url(setting["case"]),
        {"purpose": "plan", "woorden": "maatje", "aanbod": setting["offering"].pk},
    ).content.decode()
    assert "Doorverwijzing vastleggen" in chosen


def test_worker_records_a_referral_on_screen(setting, client):
    client.force_login(setting["worker"])
    goal = services.goal_add(actor=setting["worker"], case=setting["case"], text="Minder alleen")
    response = client.post(
        referrals_url(setting["case"]),
        {
            "purpose": "plan",
            "offering": setting["offering"].pk,
            "goal": goal.pk,
            "consent": "on",
            "handover_note": "Wil een maatje; liefst overdag.",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.goal == goal
    plan = client.get(
        reverse("cases:plan", args=[setting["case"].pk]), {"purpose": "plan"}
    ).content.decode()
    assert "Doorverwezen naar Maatje voor thuis van Maatjes Zeist" in plan
    response = client.post(
        reverse("cases:referral-status", args=[setting["case"].pk, referral.pk]),
        {
            "purpose": "plan",
            f"r{referral.pk}-status": "declined",
            f"r{referral.pk}-on": TODAY.strftime("%d-%m-%Y"),
            f"r{referral.pk}-reason": "",
        },
    )
    assert response.status_code == 200
    assert "Schrijf op waarom de aanbieder het afwijst." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_bad_referral_form_shows_dutch_message_and_stores_nothing(setting, client):
    client.force_login(setting["worker"])
    response = client.post(
        referrals_url(setting["case"]),
        {"purpose": "plan", "offering": setting["offering"].pk, "handover_note": "Iets"},
    )
    assert response.status_code == 200
    assert "Verwijs alleen door als het huishouden daar toestemming voor geeft" in (
        response.content.decode()
    )
    response = client.post(
        referrals_url(setting["case"]),
        {"purpose": "plan", "offering": "abc", "consent": "on", "handover_note": "Iets"},
    )
    assert response.status_code == 200
    assert "Kies een aanbod uit de zoekresultaten." in response.content.decode()
    assert Referral.objects.count() == 0


def test_a_worker_of_another_team_gets_404(setting, client, make_user):
    stranger = make_user(
        Role.ACCESS_WORKER, teams=[TeamFactory(municipality=setting["team"].municipality)]
    )
    client.force_login(stranger)
    assert client.get(referrals_url(setting["case"]), {"purpose": "plan"}).status_code == 404
    response = client.post(
        referrals_url(setting["case"]),
        {
            "purpose": "plan",
            "offering": setting["offering"].pk,
            "consent": "on",
            "handover_note": "x",
        },
    )
    assert response.status_code == 404 and Referral.objects.count() == 0


def test_inventory_counts_referrals_without_personal_data(setting, client):
    """Eight households, each declined twice and referred a third time: 16 declined is shown,
    the 8 still waiting are hidden (under 10), and nothing names a household."""
    cases = [setting["case"]] + [
        services.case_open(
            actor=setting["worker"], household=h, team=setting["team"], case_lead=setting["worker"]
        )
        for h in setting["pop"].households[1:]
    ]
    for case in cases:
        for _ in range(2):
            referral = send(setting, case=case, handover_note=f"Geheim {case.household.label}")
            referral_services.referral_set_status(
                actor=setting["worker"],
                referral=referral,
                status="declined",
                on=TODAY,
                reason="Vol",
            )
        send(setting, case=case, handover_note=f"Geheim {case.household.label}")
    client.force_login(setting["adviser"])
    page = client.get(
        reverse("inventory:offering-detail", args=[setting["offering"].pk])
    ).content.decode()
    assert f"Doorverwijzingen naar dit aanbod in {TODAY.year}" in page
    assert ">16<" in page and ">24<" in page
    assert ">8<" not in page
    assert "Geheim" not in page
    assert all(h.label not in page for h in setting["pop"].households)


def test_inventory_hides_a_small_number(setting, client):
    send(setting)
    client.force_login(setting["adviser"])
    page = client.get(
        reverse("inventory:offering-detail", args=[setting["offering"].pk])
    ).content.decode()
    assert ">1<" not in page and "—" in page


# A goal names an offering (issue 15, part 6: "from the plan with the household a goal can name
# an offering") -----------------------------------------------------------------------------


def goal_fields(goal):
    goal.refresh_from_db()
    return (
        goal.offering_id,
        goal.offering_name,
        goal.offering_provider,
        goal.offering_contact,
        goal.offering_waiting_days,
        goal.offering_named_on,
    )


@pytest.fixture
def goal(setting):
    return services.goal_add(actor=setting["worker"], case=setting["case"], text="Minder alleen")


def test_a_goal_names_an_offering_with_a_copy_and_a_diary_line(setting, goal):
    referral_services.goal_offering_name(
        actor=setting["worker"], case=setting["case"], goal=goal, offering_id=setting["offering"].pk
    )
    assert goal_fields(goal) == (
        setting["offering"].pk,
        "Maatje voor thuis",
        "Maatjes Zeist",
        "030 123 4567 (intake)",
        21,
        TODAY,
    )
    assert CaseEvent.objects.filter(
        case=setting["case"], text__contains="Aanbod bij doel “Minder alleen”: Maatje voor thuis"
    ).exists()
    assert Referral.objects.count() == 0  # naming an offering is not a referral
    referral_services.goal_offering_clear(actor=setting["worker"], case=setting["case"], goal=goal)
    assert goal_fields(goal) == (None, "", "", "", None, None)


def _far_offering(setting, make_user):
    elsewhere = MunicipalityFactory()  # another region
    far_adviser = make_user(Role.POLICY_ADVISER, municipality=elsewhere)
    return offering_save(
        actor=far_adviser,
        provider=provider_save(actor=far_adviser, name="Ver weg"),
        provision_type=setting["ptype"],
        shell=setting["shell"],
        **offering_fields(name="Ver weg maatjes"),
    )


def _ended_offering(setting):
    offering = offering_save(
        actor=setting["adviser"],
        provider=provider_save(actor=setting["adviser"], name="Gestopt"),
        provision_type=setting["ptype"],
        shell=setting["shell"],
        **offering_fields(name="Oud maatjesproject", valid_from=datetime.date(2024, 1, 1)),
    )
    return offering_end(
        actor=setting["adviser"], offering=offering, valid_to=TODAY - datetime.timedelta(days=1)
    )


@pytest.mark.parametrize(
    ("which", "message"),
    [
        # an id that names no offering at all
        ("unknown", "Kies een aanbod dat nu in de sociale kaart van uw regio staat"),
        # no offering chosen
        ("none", "Kies een aanbod dat nu in de sociale kaart van uw regio staat"),
        # an offering of a municipality in another region
        ("other_region", "Kies een aanbod dat nu in de sociale kaart van uw regio staat"),
        # an offering that has ended (valid_to yesterday)
        ("ended", "Kies een aanbod dat nu in de sociale kaart van uw regio staat"),
        # the offering the goal already names
        ("same", "Dit aanbod staat al bij dit doel."),
    ],
)
def test_bad_offering_for_a_goal_says_why_and_changes_nothing(
    setting, goal, make_user, which, message
):
    referral_services.goal_offering_name(
        actor=setting["worker"], case=setting["case"], goal=goal, offering_id=setting["offering"].pk
    )
    offering_id = {
        "unknown": 999999,
        "none": None,
        "other_region": lambda: _far_offering(setting, make_user).pk,
        "ended": lambda: _ended_offering(setting).pk,
        "same": setting["offering"].pk,
    }[which]
    offering_id = offering_id() if callable(offering_id) else offering_id
    before, events = goal_fields(goal), CaseEvent.objects.count()
    with pytest.raises(CaseInputError) as exc:
        referral_services.goal_offering_name(
            actor=setting["worker"], case=setting["case"], goal=goal, offering_id=offering_id
        )
    assert exc.value.field == "offering" and message in str(exc.value)
    assert goal_fields(goal) == before and CaseEvent.objects.count() == events


def test_a_goal_of_another_case_or_a_closed_case_takes_no_offering(setting, goal):
    other_case = services.case_open(
        actor=setting["worker"],
        household=setting["pop"].households[1],
        team=setting["team"],
        case_lead=setting["worker"],
    )
    with pytest.raises(CaseInputError, match="Kies een doel van deze casus"):
        referral_services.goal_offering_name(
            actor=setting["worker"], case=other_case, goal=goal, offering_id=setting["offering"].pk
        )
    with pytest.raises(CaseInputError, match="Bij dit doel staat geen aanbod"):
        referral_services.goal_offering_clear(
            actor=setting["worker"], case=setting["case"], goal=goal
        )
    setting["case"].status, setting["case"].closed_on = "closed", TODAY
    setting["case"].closed_reason = "Goed geland"
    setting["case"].save()
    with pytest.raises(CaseInputError, match="afgesloten"):
        referral_services.goal_offering_name(
            actor=setting["worker"],
            case=setting["case"],
            goal=goal,
            offering_id=setting["offering"].pk,
        )
    assert goal_fields(goal) == (None, "", "", "", None, None)


def goal_offering_url(case, goal):
    return reverse("cases:goal-offering", args=[case.pk, goal.pk])


def test_worker_names_an_offering_on_a_goal_from_the_plan(setting, goal, client):
    client.force_login(setting["worker"])
    plan_url = reverse("cases:plan", args=[setting["case"].pk])
    plan = client.get(plan_url, {"purpose": "plan"}).content.decode()
    assert goal_offering_url(setting["case"], goal) in plan
    page = client.get(
        goal_offering_url(setting["case"], goal), {"purpose": "plan", "woorden": "maatje"}
    ).content.decode()
    # the same search as a referral, with waiting time and referral contact on the result
    assert "Maatje voor thuis" in page and "21 dagen" in page and "030 123 4567 (intake)" in page
    assert "Bij dit doel zetten" in page
    response = client.post(
        goal_offering_url(setting["case"], goal),
        {"purpose": "plan", "offering": setting["offering"].pk},
    )
    assert response.status_code == 302 and response.url.startswith(plan_url)
    plan = client.get(plan_url, {"purpose": "plan"}).content.decode()
    assert "Aanbod bij dit doel: Maatje voor thuis van Maatjes Zeist." in plan
    assert "21 dagen" in plan and "030 123 4567 (intake)" in plan
    assert f"aanbod={setting['offering'].pk}&amp;doel={goal.pk}" in plan  # refer from the goal
    # the referral form comes with the goal already chosen
    chosen = client.get(
        referrals_url(setting["case"]),
        {"purpose": "plan", "aanbod": setting["offering"].pk, "doel": goal.pk},
    ).content.decode()
    assert f'<option value="{goal.pk}" selected>' in chosen
    # once the offering ends the plan keeps the name and says it has stopped
    offering_end(
        actor=setting["adviser"],
        offering=setting["offering"],
        valid_to=TODAY - datetime.timedelta(days=1),
    )
    plan = client.get(plan_url, {"purpose": "plan"}).content.decode()
    assert "Aanbod bij dit doel: Maatje voor thuis van Maatjes Zeist." in plan
    assert "Dit aanbod staat niet meer in de sociale kaart van de regio." in plan


@pytest.mark.parametrize(
    ("which", "message"),
    [
        # not a number
        ("abc", "Kies een aanbod uit de zoekresultaten."),
        # no offering of that number
        ("999999", "Kies een aanbod dat nu in de sociale kaart van uw regio staat"),
        # an offering of another region
        ("other_region", "Kies een aanbod dat nu in de sociale kaart van uw regio staat"),
        # an ended offering
        ("ended", "Kies een aanbod dat nu in de sociale kaart van uw regio staat"),
    ],
)
def test_bad_goal_offering_form_shows_the_message_and_stores_nothing(
    setting, goal, client, make_user, which, message
):
    offering = {
        "other_region": lambda: str(_far_offering(setting, make_user).pk),
        "ended": lambda: str(_ended_offering(setting).pk),
    }.get(which, lambda: which)()
    client.force_login(setting["worker"])
    events = CaseEvent.objects.count()
    response = client.post(
        goal_offering_url(setting["case"], goal), {"purpose": "plan", "offering": offering}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert goal_fields(goal) == (None, "", "", "", None, None)
    assert CaseEvent.objects.count() == events


def test_goal_offering_url_for_every_role(setting, goal, client, make_user):
    """The role x URL matrix for this page with a real case and goal: the workers of the team
    may look and choose; every other role gets 403 and changes nothing; nobody gets a 500."""
    url = goal_offering_url(setting["case"], goal)
    for role in Role:
        user = make_user(role, teams=[setting["team"]], partner_organisation="Partner")
        client.force_login(user)
        works = may(user, Permission.CASES_WORK)
        get = client.get(url, {"purpose": "plan", "woorden": "maatje"})
        post = client.post(url, {"purpose": "plan", "offering": setting["offering"].pk})
        assert get.status_code == (200 if works else 403), (role, get.status_code)
        assert post.status_code == (302 if works else 403), (role, post.status_code)
        if works:
            referral_services.goal_offering_clear(actor=user, case=setting["case"], goal=goal)
        assert goal_fields(goal)[0] is None, role
    client.logout()
    assert client.get(url, {"purpose": "plan"}).status_code == 302  # to the login page


def test_a_goal_of_another_case_or_team_gets_404(setting, goal, client, make_user):
    other_case = services.case_open(
        actor=setting["worker"],
        household=setting["pop"].households[1],
        team=setting["team"],
        case_lead=setting["worker"],
    )
    client.force_login(setting["worker"])
    wrong = reverse("cases:goal-offering", args=[other_case.pk, goal.pk])
    assert client.get(wrong, {"purpose": "plan"}).status_code == 404
    assert (
        client.post(wrong, {"purpose": "plan", "offering": setting["offering"].pk}).status_code
        == 404
    )
    stranger = make_user(
        Role.ACCESS_WORKER, teams=[TeamFactory(municipality=setting["team"].municipality)]
    )
    client.force_login(stranger)
    url = goal_offering_url(setting["case"], goal)
    assert client.get(url, {"purpose": "plan"}).status_code == 404
    assert (
        client.post(url, {"purpose": "plan", "offering": setting["offering"].pk}).status_code == 404
    )
    assert goal_fields(goal)[0] is None


@pytest.mark.parametrize("value", ["²", "١٢", "9" * 30, "-1", "1.5", "abc"])
def test_ids_in_referral_links_never_break_the_page(setting, goal, client, value):
    """'²' passes str.isdigit but not int(); a 30-digit number names nothing."""
    client.force_login(setting["worker"])
    response = client.get(
        referrals_url(setting["case"]), {"purpose": "plan", "aanbod": value, "doel": value}
    )
    assert response.status_code == 200
    assert "Doorverwijzing vastleggen" not in response.content.decode()
    if value == "١٢":
        return  # a form's IntegerField reads Arabic-Indic digits as 12, a real id perhaps
    response = client.post(
        goal_offering_url(setting["case"], goal), {"purpose": "plan", "offering": value}
    )
    assert response.status_code == 200
    assert "Er ging iets mis" in response.content.decode()
    assert goal_fields(goal)[0] is None
