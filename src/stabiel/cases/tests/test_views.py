"""The screens: the demo route, access per team, logging, bad input, the PDF and the home page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stabiel.cases import services
from stabiel.cases.models import Agreement, Case, CaseSettings, Contact, Goal, Triage
from stabiel.catalogue.models import LifeDomain, ProvisionType
from stabiel.core.models import AccessLogEntry
from stabiel.rules.models import Alert, RelapseWatch

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def login(client, user):
    client.force_login(user)
    return client


def d(day):
    return day.strftime("%d-%m-%Y")


@pytest.fixture
def case(world):
    return services.triage_record(
        actor=world.worker,
        alert=world.alert,
        urgency="soon",
        safety_concern=False,
        safety_note="",
        outcome="visit",
        taken_by=world.worker,
    ).case


def wonen():
    return LifeDomain.objects.get(code="wonen", municipality__isnull=True)


def test_the_whole_route_on_screen(world, client):
    """Alert -> triage -> broad look -> plan with two agreements -> visit -> check-ins -> close."""
    login(client, world.worker)
    alert_page = client.get(
        reverse("alerts:alert-detail", args=[world.alert.pk]), {"purpose": "triage"}
    ).content.decode()
    triage_url = reverse("cases:triage", args=[world.alert.pk])
    assert triage_url in alert_page
    assert "Hoe dringend" in client.get(triage_url).content.decode()
    response = client.post(
        triage_url, {"urgency": "soon", "outcome": "visit", "taken_by": world.worker.pk}
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response.url.startswith(
        reverse("cases:case-detail", args=[case.pk])
    )
    triage = Triage.objects.get()
    assert (triage.decided_by, triage.outcome) == (world.worker, "visit")

    detail = client.get(response.url).content.decode()
    assert "Huisbezoek" in detail and d(world.alert.due_on) in detail

    broad_url = reverse("cases:broad-look", args=[case.pk])
    broad = client.get(broad_url, {"purpose": "visit"}).content.decode()
    assert "<svg" in broad and "Stabiliteitsmodel van dit huishouden" in broad
    assert "Inkomen en schulden" in broad and world.pop.persons[0].label in broad
    assert "Product 0" in broad  # decisions known
    action = reverse("cases:case-action", args=[case.pk, "assessment"])
    assert (
        client.post(
            action,
            {"purpose": "visit", "life_domain": wonen().pk, "state": "pressure", "note": "Huur"},
        ).status_code
        == 302
    )
    assert "Onder druk" in client.get(broad_url, {"purpose": "visit"}).content.decode()
    # the broad look over every core life domain: needed to close 'well landed' later
    for domain in LifeDomain.objects.filter(municipality__isnull=True, weight="core"):
        data = {"purpose": "visit", "life_domain": domain.pk, "state": "stable"}
        assert client.post(action, data).status_code == 302

    plan_action = reverse("cases:case-action", args=[case.pk, "goal"])
    client.post(
        plan_action, {"purpose": "plan", "text": "Weer rust in huis", "life_domain": wonen().pk}
    )
    goal = Goal.objects.get()
    provision = ProvisionType.objects.filter(municipality__isnull=True).first()
    agreement_url = reverse("cases:case-action", args=[case.pk, "agreement"])
    for what, owner, name in [
        ("Huurachterstand bespreken met verhuurder", "household", "Mevrouw"),
        ("Aanmelden bij schuldhulp", "worker", ""),
    ]:
        response = client.post(
            agreement_url,
            {
                "purpose": "plan",
                "what": what,
                "owner": owner,
                "owner_name": name,
                "due_on": d(TODAY + timedelta(days=14)),
                "goal": goal.pk,
                "provision_type": provision.pk,
            },
        )
        assert response.status_code == 302, response.content.decode()
    assert Agreement.objects.count() == 2
    plan = client.get(reverse("cases:plan", args=[case.pk]), {"purpose": "plan"}).content.decode()
    assert "Weer rust in huis" in plan and "Aanmelden bij schuldhulp" in plan

    pdf = client.get(reverse("cases:plan-pdf", args=[case.pk]), {"purpose": "plan"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(action="export", household_label=case.household.label)

    visit = case.contacts.get()
    record_url = reverse("cases:case-action", args=[case.pk, "contact-record"])
    response = client.post(
        record_url,
        {
            "purpose": "visit",
            "kind": "visit",
            "planned": visit.pk,
            "done_on": d(TODAY),
            "note": "Kennismaking, plan gemaakt",
            "still_stable": "unknown",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "done"

    checkins_url = reverse("cases:case-action", args=[case.pk, "check-ins"])
    response = client.post(
        checkins_url,
        {
            "purpose": "followup",
            "first_on": d(TODAY + timedelta(days=30)),
            "times": 1,
            "per": "month",
            "periods": 2,
            "then_times": 1,
            "then_per": "quarter",
            "then_periods": 1,
            "worker": world.worker.pk,
        },
    )
    assert response.status_code == 302
    assert case.contacts.filter(kind="check_in").count() == 3

    status_url = reverse("cases:case-item-action", args=[case.pk, "agreement-status", 0])
    for agreement in Agreement.objects.all():
        url = status_url.replace("/0/", f"/{agreement.pk}/")
        assert client.post(url, {"purpose": "followup", "status": "kept"}).status_code == 302
    close_page = client.get(reverse("cases:close", args=[case.pk]), {"purpose": "followup"})
    assert "goed geland" in close_page.content.decode()
    response = client.post(
        reverse("cases:case-action", args=[case.pk, "close"]),
        {
            "purpose": "followup",
            "well_landed": "yes",
            "agreements_kept": "on",
            "situation_stable": "on",
            "watch_months": 12,
            "reason": "Afspraken nagekomen",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.well_landed
    # the confirmation says what happened, not only "Opgeslagen." (issue 13 walk)
    page = client.get(response.url).content.decode()
    assert "De casus is afgesloten." in page and "Opgeslagen." not in page
    assert RelapseWatch.objects.filter(household=case.household).exists()


def test_case_pages_ask_why_and_log_who_when_why(world, case, client):
    login(client, world.colleague)
    url = reverse("cases:broad-look", args=[case.pk])
    before = AccessLogEntry.objects.filter(household_label=case.household.label).count()
    response = client.get(url)
    assert "Waarom opent u" in response.content.decode()
    assert AccessLogEntry.objects.filter(household_label=case.household.label).count() == before
    client.get(url, {"purpose": "plan"})
    entry = AccessLogEntry.objects.filter(household_label=case.household.label).latest("pk")
    assert (entry.username, entry.purpose, entry.action) == (
        world.colleague.username,
        "Plan met het huishouden maken of bijwerken",
        "view",
    )
    assert "Brede blik" in entry.shown


def test_team_lead_sees_the_team_cases(world, case, client):
    login(client, world.lead)
    assert case.household.label in client.get(reverse("cases:case-list")).content.decode()
    response = client.get(reverse("cases:case-detail", args=[case.pk]), {"purpose": "followup"})
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_team_worker", "other_municipality_worker"])
def test_outsiders_get_404_and_see_nothing(world, case, client, who):
    login(client, getattr(world, who))
    label = case.household.label
    for name in ("case-detail", "broad-look", "plan", "plan-pdf", "close"):
        response = client.get(reverse(f"cases:{name}", args=[case.pk]), {"purpose": "plan"})
        assert response.status_code == 404, name
    for action in ("goal", "agreement", "close", "check-ins", "contact-record", "leads"):
        response = client.post(
            reverse("cases:case-action", args=[case.pk, action]),
            {"purpose": "plan", "text": "x", "reason": "x", "well_landed": "no"},
        )
        assert response.status_code == 404, action
    assert client.get(reverse("cases:triage", args=[world.alert.pk])).status_code == 404
    # lists, search, home page
    assert label not in client.get(reverse("cases:case-list")).content.decode()
    assert (
        label not in client.get(reverse("cases:case-list"), {"status": "closed"}).content.decode()
    )
    assert label not in client.get(reverse("home:home")).content.decode()
    response = client.post(
        reverse("cases:case-open"),
        {"household_label": label, "team": "", "case_lead": getattr(world, who).pk},
    )
    assert response.status_code == 200
    assert Case.objects.count() == 1
    assert not Goal.objects.exists() and case.status == "open"


def test_partner_and_policy_roles_are_refused(world, case, client, make_user):
    from stabiel.accounts.roles import Role

    for role in (Role.POLICY_ADVISER, Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN):
        login(client, make_user(role, teams=[world.team]))
        assert client.get(reverse("cases:case-list")).status_code == 403
        assert client.get(reverse("cases:case-detail", args=[case.pk])).status_code == 403


def test_open_by_hand_and_only_once(world, client):
    login(client, world.worker)
    household = world.pop.households[1]
    data = {"household_label": household.label, "team": world.team.pk, "case_lead": world.worker.pk}
    response = client.post(reverse("cases:case-open"), data)
    assert response.status_code == 302
    response = client.post(reverse("cases:case-open"), data)
    assert "al een open casus" in response.content.decode()
    assert Case.objects.filter(household=household).count() == 1


def test_open_by_hand_with_unknown_label(world, client):
    login(client, world.worker)
    response = client.post(
        reverse("cases:case-open"),
        {"household_label": "HH-000000", "team": world.team.pk, "case_lead": world.worker.pk},
    )
    assert "Geen huishouden met dit kenmerk" in response.content.decode()
    assert not Case.objects.exists()


def test_triage_without_reason_on_screen(world, client):
    login(client, world.worker)
    response = client.post(
        reverse("cases:triage", args=[world.alert.pk]), {"urgency": "soon", "outcome": "no_action"}
    )
    assert response.status_code == 200
    assert "Schrijf op waarom" in response.content.decode()
    world.alert.refresh_from_db()
    assert world.alert.status == Alert.Status.OPEN and not Triage.objects.exists()


def test_triage_with_user_of_another_municipality(world, client):
    login(client, world.worker)
    response = client.post(
        reverse("cases:triage", args=[world.alert.pk]),
        {"urgency": "soon", "outcome": "visit", "taken_by": world.other_municipality_worker.pk},
    )
    assert "hoort niet bij het team" in response.content.decode()
    assert not Case.objects.exists()


def post(client, case, action, data):
    return client.post(
        reverse("cases:case-action", args=[case.pk, action]), {"purpose": "plan", **data}
    )


def test_close_without_reason_on_screen(world, case, client):
    login(client, world.worker)
    response = post(client, case, "close", {"well_landed": "no", "reason": ""})
    assert response.status_code == 200
    assert "Schrijf op waarom u de casus afsluit" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "open"


def test_close_well_landed_without_checks_on_screen(world, case, client):
    login(client, world.worker)
    response = post(
        client, case, "close", {"well_landed": "yes", "reason": "Klaar", "watch_months": 12}
    )
    assert "afspraken zijn nagekomen" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "open" and not RelapseWatch.objects.exists()


def test_check_in_in_the_past_on_screen(world, case, client):
    login(client, world.worker)
    response = post(
        client,
        case,
        "check-ins",
        {
            "first_on": d(TODAY - timedelta(days=3)),
            "times": 1,
            "per": "month",
            "periods": 1,
            "worker": world.worker.pk,
        },
    )
    assert response.status_code == 200
    assert "niet in het verleden" in response.content.decode()
    assert not case.contacts.filter(kind="check_in").exists()


def test_agreement_without_owner_on_screen(world, case, client):
    login(client, world.worker)
    response = post(
        client,
        case,
        "agreement",
        {"what": "Iets regelen", "owner": "partner", "owner_name": "", "due_on": d(TODAY)},
    )
    assert "Schrijf op wie het doet" in response.content.decode()
    response = post(client, case, "agreement", {"what": "Iets regelen", "due_on": d(TODAY)})
    assert "Kies wie het doet" in response.content.decode()
    assert not Agreement.objects.exists()


def test_ids_of_another_municipality_are_refused(world, case, client, other_municipality):
    login(client, world.worker)
    foreign = ProvisionType.objects.create(
        municipality=other_municipality, code="elders", name="Elders", life_domain=wonen()
    )
    response = post(
        client,
        case,
        "agreement",
        {
            "what": "x",
            "owner": "household",
            "owner_name": "Mevrouw",
            "due_on": d(TODAY),
            "provision_type": foreign.pk,
        },
    )
    assert "Kies een voorziening uit de lijst" in response.content.decode()
    response = post(
        client,
        case,
        "leads",
        {"case_lead": world.worker.pk, "process_lead": world.other_municipality_worker.pk},
    )
    assert "Kies een collega uit de lijst" in response.content.decode()
    response = post(
        client,
        case,
        "contact-plan",
        {"kind": "visit", "due_on": d(TODAY), "worker": world.other_municipality_worker.pk},
    )
    assert "Kies een collega uit het team" in response.content.decode()
    other_case = Case.objects.create(
        municipality=other_municipality,
        household=__import__("stabiel.signals.tests.factories", fromlist=["population"])
        .population(other_municipality, households=1)
        .households[0],
        team=world.other_municipality_worker.teams.get(),
        case_lead=world.other_municipality_worker,
        opened_on=TODAY,
    )
    assert (
        client.get(
            reverse("cases:case-detail", args=[other_case.pk]), {"purpose": "plan"}
        ).status_code
        == 404
    )
    status_url = reverse("cases:case-item-action", args=[case.pk, "agreement-status", 999999])
    assert client.post(status_url, {"status": "kept"}).status_code == 404
    assert not Agreement.objects.exists()
    case.refresh_from_db()
    assert case.process_lead is None
    assert case.contacts.count() == 1


def test_unknown_action_and_get_on_action(world, case, client):
    login(client, world.worker)
    assert post(client, case, "wissen", {}).status_code == 404
    assert client.get(reverse("cases:case-action", args=[case.pk, "goal"])).status_code == 405


def test_home_shows_my_work_overdue_first(world, case, client):
    login(client, world.worker)
    Contact.objects.filter(case=case).update(due_on=TODAY - timedelta(days=2))
    services.check_ins_schedule(
        actor=world.worker,
        case=case,
        first_on=TODAY,
        times=1,
        per="month",
        periods=1,
        worker=world.worker,
    )
    page = client.get(reverse("home:home")).content.decode()
    assert "Mijn werk" in page and "te laat" in page
    assert "Mijn waakvlamcontacten" in page and "vandaag" in page
    assert "Post via een ondersteuner" in page
    assert case.household.label in page
    # the colleague has nothing on their name
    login(client, world.colleague)
    page = client.get(reverse("home:home")).content.decode()
    assert "Geen waakvlamcontacten gepland." in page


def test_home_for_policy_adviser_unchanged(client, make_user):
    from stabiel.accounts.roles import Role

    login(client, make_user(Role.POLICY_ADVISER))
    page = client.get(reverse("home:home")).content.decode()
    assert "Het stabiliteitsmodel" in page and "Mijn werk" not in page


def test_reminder_command_sends_once(world, case):
    services.check_ins_schedule(
        actor=world.worker,
        case=case,
        first_on=TODAY,
        times=1,
        per="month",
        periods=1,
        worker=world.worker,
    )
    call_command("cases_remind", "--dagen", "1", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1
    assert case.household.label not in mail.outbox[0].body
    # only the check-in due today; the visit is due later (the rule's working days)
    assert list(
        Contact.objects.filter(reminded_at__isnull=False).values_list("kind", flat=True)
    ) == ["check_in"]
    call_command("cases_remind", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1


def test_plan_shows_letter_route_to_a_supporter(world, case, client):
    from stabiel.supporters.services import mark_create

    mark_create(
        actor=world.worker,
        household=case.household,
        person_id=world.pop.persons[0].pk,
        supporter_name="Sanne Stevens",
        supporter_street="Stationsplein 7",
        supporter_postcode="3701AB",
        supporter_city="Zeist",
        reason="Post geeft veel stress",
        consent=True,
        consent_on=TODAY,
        start_on=TODAY,
        end_on=TODAY + timedelta(days=180),
    )
    login(client, world.worker)
    page = client.get(reverse("cases:plan", args=[case.pk]), {"purpose": "plan"}).content.decode()
    assert "Sanne Stevens" in page and world.pop.persons[0].label in page
    from django.template.loader import render_to_string

    from stabiel.cases.views import plan_content  # the PDF's HTML carries the same route

    html = render_to_string(
        "cases/plan_pdf.html",
        {
            "case": case,
            **plan_content(case),
            "today": TODAY,
            "letter_route": [(world.pop.persons[0].label, "Sanne Stevens")],
        },
    )
    assert "gaat eerst naar Sanne Stevens" in html


def test_team_lead_home_shows_what_is_late_in_the_team(world, case, client):
    Contact.objects.filter(case=case).update(due_on=TODAY - timedelta(days=1))
    login(client, world.lead)
    page = client.get(reverse("home:home")).content.decode()
    assert "Te laat in mijn team" in page and case.household.label in page
    login(client, world.colleague)  # a worker does not get the team's late list
    assert "Te laat in mijn team" not in client.get(reverse("home:home")).content.decode()


def test_bad_agreement_status_changes_nothing(world, case, client):
    agreement = services.agreement_add(
        actor=world.worker,
        case=case,
        what="Post openen",
        owner="household",
        owner_name="Mevrouw",
        due_on=TODAY,
    )
    login(client, world.worker)
    url = reverse("cases:case-item-action", args=[case.pk, "agreement-status", agreement.pk])
    response = client.post(url, {"purpose": "plan", "status": "weg"})
    assert response.status_code == 200
    assert "Kies een waarde uit de lijst" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "open"


def test_case_page_in_english(world, case, client):
    login(client, world.worker)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("cases:case-detail", args=[case.pk]),
        {"purpose": "visit"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Record a contact" in page and "Plan pilot-light check-ins" in page


def test_close_page_lists_what_is_missing_and_refuses_well_landed(world, case, client):
    login(client, world.worker)
    page = client.get(reverse("cases:close", args=[case.pk]), {"purpose": "followup"})
    text = page.content.decode()
    assert "De brede blik is nog niet gedaan." in text and "Het plan heeft nog geen doel." in text
    response = post(
        client,
        case,
        "close",
        {
            "well_landed": "yes",
            "agreements_kept": "on",
            "situation_stable": "on",
            "watch_months": 12,
            "reason": "Klaar",
        },
    )
    assert response.status_code == 200
    assert "Nog niet goed geland" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "open" and not RelapseWatch.objects.exists()


def test_reopen_on_screen(world, case, client):
    services.case_close(actor=world.worker, case=case, reason="Verhuisd", well_landed=False)
    login(client, world.worker)
    detail = client.get(reverse("cases:case-detail", args=[case.pk]), {"purpose": "followup"})
    assert "Casus weer openen" in detail.content.decode()
    response = post(client, case, "reopen", {"reason": ""})
    assert response.status_code == 200
    assert "Schrijf op waarom u de casus weer opent." in response.content.decode()
    case.refresh_from_db()
    assert case.status == "closed"
    before = AccessLogEntry.objects.filter(action="change").count()
    response = post(client, case, "reopen", {"reason": "Toch weer huurachterstand"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "open"
    # the confirmation says what happened, not only "Opgeslagen." (issue 13 walk)
    page = client.get(response.url).content.decode()
    assert "De casus is weer open." in page and "Opgeslagen." not in page
    entry = AccessLogEntry.objects.filter(action="change").latest("pk")
    assert AccessLogEntry.objects.filter(action="change").count() == before + 1
    assert "casus heropend" in entry.shown and entry.username == world.worker.username


def test_case_settings_page(world, client):
    login(client, world.worker)
    assert client.get(reverse("cases:settings")).status_code == 403
    assert client.post(reverse("cases:settings"), {}).status_code == 403
    assert not CaseSettings.objects.exists()
    login(client, world.lead)
    page = client.get(reverse("cases:settings")).content.decode()
    assert "Wanneer is een casus goed geland?" in page
    assert page.count("checked") == 4  # the defaults: every check on
    response = client.post(reverse("cases:settings"), {"require_goal": "on"})
    assert response.status_code == 302
    row = CaseSettings.objects.get(municipality=world.municipality)
    assert row.require_goal and not row.require_broad_look and not row.require_contact
    assert row.updated_by == world.lead


def test_purpose_is_not_preselected(world, case, client):
    login(client, world.worker)
    page = client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    assert 'name="purpose"' in page and "checked" not in page
    page = client.get(reverse("alerts:alert-detail", args=[world.alert.pk])).content.decode()
    assert 'name="purpose"' in page and "checked" not in page


def test_process_lead_from_another_team_opens_the_case(world, case, client):
    login(client, world.other_team_worker)
    url = reverse("cases:case-detail", args=[case.pk])
    assert client.get(url, {"purpose": "plan"}).status_code == 404
    services.case_set_leads(
        actor=world.worker, case=case, case_lead=world.worker, process_lead=world.other_team_worker
    )
    assert client.get(url, {"purpose": "plan"}).status_code == 200
    assert case.household.label in client.get(reverse("cases:case-list")).content.decode()


def test_the_case_list_shows_pages_of_fifty_oldest_first(world, client):
    """A large team's list comes in pages (issue 19: screens at scale), each page oldest first,
    and the count says how many there are, not how many fit on a page."""
    from datetime import timedelta

    from stabiel.residents.services import household_register

    households = [
        household_register(
            municipality=world.municipality,
            street="Lange Laan",
            house_number=str(number),
            postcode="3512AB",
            city="Zeist",
            area=world.pop.area,
        )
        for number in range(1, 56)
    ]
    start = timezone.localdate() - timedelta(days=100)
    for index, household in enumerate(households):
        services.case_open(
            actor=world.worker,
            household=household,
            team=world.team,
            case_lead=world.worker,
            today=start + timedelta(days=index),
        )
    login(client, world.worker)

    first = client.get(reverse("cases:case-list")).content.decode()
    second = client.get(reverse("cases:case-list"), {"pagina": 2}).content.decode()
    beyond = client.get(reverse("cases:case-list"), {"pagina": "999"})

    assert "55 casussen" in first and "Pagina 1 van 2" in first
    assert households[0].label in first and households[49].label in first
    assert households[50].label not in first
    assert households[54].label in second and households[0].label not in second
    assert beyond.status_code == 200 and households[54].label in beyond.content.decode()
    assert client.get(reverse("cases:case-list"), {"pagina": "x"}).status_code == 200


def test_not_well_landed_reasons_in_english(world, case, client):
    """The reasons a case is not yet well landed have English entries (issue 13)."""
    login(client, world.worker)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("cases:close", args=[case.pk]), {"purpose": "followup"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The broad look has not been done yet." in page
    assert "The plan has no goal yet." in page
    assert "De brede blik" not in page
    response = client.post(
        reverse("cases:case-action", args=[case.pk, "close"]),
        {
            "purpose": "plan",
            "well_landed": "yes",
            "agreements_kept": "on",
            "situation_stable": "on",
            "watch_months": 12,
            "reason": "Done",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Not yet well landed:" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "open"


def test_opening_another_teams_or_towns_case_is_refused_and_kept_for_the_privacy_officer(
    world, case, client
):
    """Issue 13: a refused attempt shows on 'wie keek'. Another team: in the own log with the
    household; another municipality: in the household's municipality, and without its label
    in the actor's own."""
    url = reverse("cases:case-detail", args=[case.pk])
    before = AccessLogEntry.objects.count()
    login(client, world.other_team_worker)
    assert client.get(url, {"purpose": "triage"}).status_code == 404
    refused = AccessLogEntry.objects.filter(action="refused").get()
    assert refused.username == world.other_team_worker.username
    assert refused.household_label == case.household.label
    assert refused.purpose == "Melding beoordelen"
    assert refused.municipality_id == case.municipality_id

    login(client, world.other_municipality_worker)
    assert client.get(url).status_code == 404
    theirs = AccessLogEntry.objects.filter(
        action="refused", username=world.other_municipality_worker.username
    )
    assert {(e.municipality_id == case.municipality_id, e.household_label) for e in theirs} == {
        (True, case.household.label),
        (False, ""),
    }
    # A case that does not exist: nothing about anyone to keep.
    assert client.get(reverse("cases:case-detail", args=[case.pk + 999])).status_code == 404
    assert AccessLogEntry.objects.count() == before + 3
