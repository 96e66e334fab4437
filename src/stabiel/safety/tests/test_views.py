"""The screens: who sees what, the door's log, and every form's bad input (Dutch, nothing stored)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.core.models import AccessLogEntry
from stabiel.safety import queries, services
from stabiel.safety.models import (
    Consent,
    Consult,
    CoreDecision,
    Escalation,
    EscalationLevel,
    InvolvedParty,
    MeldcodeStep,
    MemberSafety,
    ProgressSummary,
    SafetyPlan,
    SafetySettings,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def d(day):
    return day.strftime("%d-%m-%Y")


def page(client, case):
    return client.get(reverse("safety:case", args=[case.pk]) + "?purpose=plan")


def post(client, case, action, data, item=None):
    name, args = (
        ("safety:case-item-action", [case.pk, action, item])
        if item
        else ("safety:case-action", [case.pk, action])
    )
    return client.post(reverse(name, args=args), {"purpose": "plan", **data})


def test_the_page_asks_why_and_logs_through_the_door(world, case, client):
    client.force_login(world.worker)
    response = client.get(reverse("safety:case", args=[case.pk]))
    assert "Waarom opent u deze gegevens?" in response.content.decode()
    before = AccessLogEntry.objects.count()
    response = page(client, case)
    assert response.status_code == 200
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry.household_label == case.household.label and "Veiligheid en netwerk" in entry.shown


def test_the_meldcode_steps_are_numbered_once(world, case, client):
    client.force_login(world.worker)
    body = page(client, case).content.decode()
    # The step names carry their number ("1. Signalen in kaart brengen"); the list adds none.
    assert (
        '<ol class="utrecht-ordered-list stabiel-own-numbers"><li>1. Signalen in kaart brengen'
        in body
    )
    css = Path(finders.find("css/stabiel.css")).read_text(encoding="utf-8")
    assert re.search(r"\.stabiel-own-numbers \{[^}]*list-style: none", css)


def test_outsiders_get_404(world, case, client):
    for user in (world.other_team_worker, world.other_municipality_worker):
        client.force_login(user)
        assert page(client, case).status_code == 404
        assert (
            post(
                client, case, "step", {"step-kind": "signals", "step-happened_on": d(TODAY)}
            ).status_code
            == 404
        )
    assert not MeldcodeStep.objects.exists()


def test_a_colleague_outside_the_case_sees_no_safety_notes(world, case, client):
    services.meldcode_step_record(
        actor=world.worker, case=case, kind="signals", happened_on=TODAY, note="GEHEIME-NOTITIE"
    )
    client.force_login(world.colleague)
    body = page(client, case).content.decode()
    assert "GEHEIME-NOTITIE" not in body
    assert "alleen zichtbaar voor de medewerkers van deze casus" in body
    response = post(client, case, "step", {"step-kind": "signals", "step-happened_on": d(TODAY)})
    assert "veiligheidsspecialist" in response.content.decode()
    assert MeldcodeStep.objects.count() == 1


def test_the_walk_of_issue_20_on_screen(world, case, client, specialist, make_user):
    """Meldcode steps, consult, safety plan, two organisations, consent, escalate and settle."""
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    client.force_login(admin)
    client.post(reverse("safety:ladder"), {"level-name": "Teamleider", "level-agreed_days": "5"})
    client.force_login(world.worker)
    assert (
        post(
            client,
            case,
            "step",
            {"step-kind": "signals", "step-happened_on": d(TODAY), "step-note": "Blauwe plekken"},
        ).status_code
        == 302
    )
    post(
        client,
        case,
        "step",
        {
            "step-kind": "consult",
            "step-happened_on": d(TODAY),
            "step-consulted": "Veiligheidsspecialist",
        },
    )
    post(
        client,
        case,
        "consult",
        {"consult-adviser": specialist.pk, "consult-question": "Niet pluis: wat nu?"},
    )
    plan = post(
        client,
        case,
        "plan",
        {
            "plan-agreements": "Oma vangt op",
            "plan-when_wrong": "Bel 112",
            "plan-made_with": "Moeder en oma",
            "plan-review_on": d(TODAY + timedelta(days=14)),
        },
    )
    assert plan.status_code == 302
    for org in ("School", "Jeugdhulp"):
        post(
            client,
            case,
            "party",
            {"party-organisation": org, "party-role": "Betrokken", "party-since": d(TODAY)},
        )
    school = InvolvedParty.objects.get(organisation="School")
    post(
        client,
        case,
        "consent",
        {
            "consent-party": school.pk,
            "consent-purpose": "progress",
            "consent-given_by": "Moeder",
            "consent-given_on": d(TODAY),
            "consent-ends_on": d(TODAY + timedelta(days=90)),
        },
    )
    post(
        client, case, "progress", {"progress-party": school.pk, "progress-text": "Het gaat beter."}
    )
    post(client, case, "escalate", {"escalate-reason": "Wachtlijst"})
    post(client, case, "deescalate", {"deescalate-note": "Plek gevonden"})
    assert MeldcodeStep.objects.count() == 2 and Consult.objects.count() == 1
    assert InvolvedParty.objects.count() == 2 and Consent.objects.count() == 1
    summary = ProgressSummary.objects.get()
    escalation = Escalation.objects.get()
    assert escalation.ended_on == TODAY and escalation.end_note == "Plek gevonden"
    body = client.get(
        reverse("cases:case-detail", args=[case.pk]) + "?purpose=plan"
    ).content.decode()
    assert "Veiligheidsplan loopt" in body and "Oma vangt op" in body
    printed = client.get(
        reverse("safety:progress-print", args=[case.pk, summary.pk]) + "?purpose=plan"
    )
    assert "Het gaat beter." in printed.content.decode()
    assert AccessLogEntry.objects.filter(
        household_label=case.household.label, action="export"
    ).exists()
    # the specialist answers the consult from her list
    client.force_login(specialist)
    assert "wacht op uw advies" in client.get(reverse("safety:consults")).content.decode()
    consult = Consult.objects.get()
    post(client, case, "advise", {"advice-advice": "Eerst met moeder alleen."}, item=consult.pk)
    consult.refresh_from_db()
    assert consult.advice == "Eerst met moeder alleen."
    # revoked consent: the print says it may no longer be shared
    client.force_login(world.worker)
    post(client, case, "revoke", {}, item=Consent.objects.get().pk)
    printed = client.get(
        reverse("safety:progress-print", args=[case.pk, summary.pk]) + "?purpose=plan"
    )
    assert "Het gaat beter." not in printed.content.decode()


@pytest.mark.parametrize(
    ("action", "data", "message", "model"),
    [
        (
            "step",
            {"step-kind": "signals", "step-happened_on": "31-02-2026"},
            "Dit is geen datum",
            MeldcodeStep,
        ),
        (
            "step",
            {"step-kind": "decide", "step-happened_on": "01-01-2026", "step-decision": "report"},
            "Vul in wanneer u de melding",
            MeldcodeStep,
        ),
        (
            "member",
            {"member-person": "999", "member-level": "safe", "member-seen_on": "01-01-2026"},
            "Kies een waarde uit de lijst",
            MemberSafety,
        ),
        (
            "plan",
            {
                "plan-agreements": "",
                "plan-when_wrong": "x",
                "plan-made_with": "x",
                "plan-review_on": "01-01-2099",
            },
            "Dit veld is verplicht",
            SafetyPlan,
        ),
        (
            "consult",
            {"consult-adviser": "", "consult-question": "x"},
            "Kies een veiligheidsspecialist",
            Consult,
        ),
        (
            "decision",
            {"decision-kind": "x", "decision-reasoning": "y"},
            "Kies een waarde uit de lijst",
            CoreDecision,
        ),
        (
            "party",
            {"party-organisation": "x" * 201, "party-role": "r", "party-since": "01-01-2026"},
            "te lang",
            InvolvedParty,
        ),
        (
            "consent",
            {"consent-party": "1", "consent-purpose": "progress"},
            "Kies een waarde uit de lijst",
            Consent,
        ),
        (
            "progress",
            {"progress-party": "1", "progress-text": "x"},
            "Kies een waarde uit de lijst",
            ProgressSummary,
        ),
        ("escalate", {"escalate-reason": "   "}, "Dit veld is verplicht", Escalation),
        ("deescalate", {"deescalate-note": "x"}, "niet opgeschaald", Escalation),
        ("care-worker", {"worker-party": "abc"}, "Kies een waarde uit de lijst", InvolvedParty),
    ],
)
def test_bad_input_shows_a_dutch_message_and_stores_nothing(
    world, case, client, action, data, message, model
):
    client.force_login(world.worker)
    before = model.objects.count()
    response = post(client, case, action, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert model.objects.count() == before


def test_unknown_action_is_404(world, case, client):
    client.force_login(world.worker)
    assert post(client, case, "oppakken", {}).status_code == 404


def test_ladder_and_sample_size_bad_input(client, make_user):
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    response = client.post(
        reverse("safety:ladder"), {"level-name": "Teamleider", "level-agreed_days": "0"}
    )
    assert "1 tot en met 365 dagen" in response.content.decode()
    response = client.post(reverse("safety:ladder"), {"size-review_sample_size": "veel"})
    assert "Vul een heel getal in." in response.content.decode()
    assert not EscalationLevel.objects.exists() and not SafetySettings.objects.exists()


def test_policy_figures_hide_small_numbers_and_name_no_case(world, case, client, make_user):
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    services.escalation_level_add(actor=admin, name="Teamleider", agreed_days=5)
    services.case_escalate(actor=world.worker, case=case, reason="Vast")
    client.force_login(make_user(Role.POLICY_ADVISER))
    body = client.get(reverse("insights:safety")).content.decode()
    assert "Teamleider" in body
    assert case.household.label not in body
    assert 'class="stabiel-count">1<' not in body  # one escalation: hidden
    client.force_login(world.worker)
    assert client.get(reverse("insights:safety")).status_code == 403


def test_team_lead_sets_up_a_calamity_review_from_the_case(world, case, client):
    from stabiel.safety.models import Review

    client.force_login(world.lead)
    body = page(client, case).content.decode()
    assert "Calamiteitenreview klaarzetten" in body
    # Bad input: nothing said about what happened.
    response = post(client, case, "calamity", {"calamity-occasion": "  "})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Review.objects.exists()
    response = post(
        client, case, "calamity", {"calamity-occasion": "Kind met letsel op de SEH, na afschalen."}
    )
    review = Review.objects.get()
    assert review.kind == "calamity" and review.year == TODAY.year
    assert response.status_code == 302 and response["Location"] == reverse(
        "safety:review", args=[review.pk]
    )
    body = client.get(response["Location"]).content.decode()
    assert "Kind met letsel op de SEH" in body and "Korte vragenlijst" in body
    # Twice for the same case in one year is refused, with a message; nothing more stored.
    response = post(client, case, "calamity", {"calamity-occasion": "Nog een keer."})
    assert "staat al een calamiteitenreview klaar" in response.content.decode()
    assert Review.objects.count() == 1
    # It is listed with this year's reviews, and the sample can still be drawn.
    body = client.get(reverse("safety:reviews")).content.decode()
    assert "Calamiteit" in body and "trekken" in body


def test_only_the_team_lead_sets_up_a_calamity_review(world, case, client):
    from stabiel.safety.models import Review

    client.force_login(world.worker)
    assert "Calamiteitenreview klaarzetten" not in page(client, case).content.decode()
    response = post(client, case, "calamity", {"calamity-occasion": "Iets ergs."})
    assert "Alleen de teamleider" in response.content.decode()
    assert not Review.objects.exists()


def test_many_changes_of_care_worker_show_a_red_flag_with_the_rules_local_setting(
    world, case, client, make_user, django_capture_on_commit_callbacks
):
    from stabiel.rules.models import Alert, Rule
    from stabiel.rules.services import rule_version_create

    client.force_login(world.worker)
    with django_capture_on_commit_callbacks(execute=True):
        party = services.party_add(
            actor=world.worker,
            case=case,
            organisation="Jeugdhulp Heuvelrug",
            role="Ambulante jeugdhulp",
            since=TODAY - timedelta(days=300),
            care_worker="Sanne",
        )
        for days, name in ((200, "Joost"), (100, "Fatima")):
            services.care_worker_change(
                actor=world.worker,
                case=case,
                party_id=party.pk,
                care_worker=name,
                from_on=TODAY - timedelta(days=days),
            )
    assert "Rode vlag: veel wisselingen" not in page(client, case).content.decode()  # 2 < 3
    rule = Rule.objects.get(municipality=world.municipality, code="veel-wisselingen-hulpverlener")
    assert not Alert.objects.filter(rule=rule).exists()
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    # The limit is the rule's local setting: the safety settings point to the rule.
    client.force_login(admin)
    ladder = client.get(reverse("safety:ladder")).content.decode()
    assert "vanaf 3 wisselingen" in ladder
    assert reverse("rules:rule-detail", args=[rule.pk]) in ladder
    rule_version_create(
        actor=admin,
        rule=rule,
        params={"min_changes": 2, "window_days": 365},
        action="review",
        due_working_days=20,
        in_force_from=TODAY,
        purpose="",
        legal_basis="",
        change_note="Bij ons is twee keer al veel.",
    )
    assert "vanaf 2 wisselingen" in client.get(reverse("safety:ladder")).content.decode()
    client.force_login(world.worker)
    body = page(client, case).content.decode()
    assert "Rode vlag: veel wisselingen van hulpverlener." in body
    assert "2 wisselingen in de laatste 365 dagen" in body
    assert d(TODAY - timedelta(days=200)) in body and d(TODAY - timedelta(days=100)) in body
    # The next change is announced to the rules: the alert rests on the dated changes.
    with django_capture_on_commit_callbacks(execute=True):
        services.care_worker_change(
            actor=world.worker,
            case=case,
            party_id=party.pk,
            care_worker="Ruben",
            from_on=TODAY,
        )
    alert = Alert.objects.get(rule=rule, household=case.household)
    assert sorted(e.care_worker_change.care_worker for e in alert.evidence.all()) == [
        "Fatima",
        "Joost",
        "Ruben",
    ]


def test_the_red_flag_names_the_period_the_municipality_chose(world, case, client, make_user):
    from stabiel.rules.models import Rule
    from stabiel.rules.services import rule_version_create

    party = services.party_add(
        actor=world.worker,
        case=case,
        organisation="Jeugdhulp Heuvelrug",
        role="Ambulante jeugdhulp",
        since=TODAY - timedelta(days=300),
        care_worker="Sanne",
    )
    for days, name in ((200, "Joost"), (100, "Fatima")):
        services.care_worker_change(
            actor=world.worker,
            case=case,
            party_id=party.pk,
            care_worker=name,
            from_on=TODAY - timedelta(days=days),
        )
    rule = Rule.objects.get(municipality=world.municipality, code="veel-wisselingen-hulpverlener")
    rule_version_create(
        actor=make_user(Role.FUNCTIONAL_ADMIN),
        rule=rule,
        params={"min_changes": 1, "window_days": 150},
        action="review",
        due_working_days=20,
        in_force_from=TODAY,
        purpose="",
        legal_basis="",
        change_note="Wij kijken naar vijf maanden.",
    )
    client.force_login(world.worker)
    body = page(client, case).content.decode()
    # Only the change 100 days ago falls in the chosen 150 days; the text names that period.
    assert "1 wisseling in de laatste 150 dagen" in body
    assert "twaalf maanden" not in body and "365 dagen" not in body
    assert d(TODAY - timedelta(days=100)) in body
    assert "Uw gemeente legde de grens op 1." in body


def test_the_case_table_is_a_rung_of_the_ladder(world, case, client, make_user):
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    client.force_login(admin)
    # Bad input: an unknown kind of rung; nothing stored.
    response = client.post(
        reverse("safety:ladder"),
        {"level-kind": "wethouder", "level-name": "Casustafel", "level-agreed_days": "14"},
    )
    assert "Kies een waarde uit de lijst." in response.content.decode()
    assert not EscalationLevel.objects.exists()
    response = client.post(
        reverse("safety:ladder"),
        {"level-kind": "case_table", "level-name": "Casustafel", "level-agreed_days": "14"},
    )
    assert response.status_code == 302
    assert "De casustafel (anoniem)" in client.get(reverse("safety:ladder")).content.decode()
    client.force_login(world.worker)
    post(client, case, "escalate", {"escalate-reason": "Vastgelopen bij drie organisaties."})
    body = page(client, case).content.decode()
    assert "Breng hem in bij het eerstvolgende overleg: De casustafel (anoniem)." in body
    assert reverse("meetings:meeting-list") in body


def test_closing_with_safety_concerns_waits_for_a_second_person(world, case, client, specialist):
    """Closing a case while there are safety concerns is a core decision: one worker alone
    cannot close it; after a second person confirmed the decision to close, it closes."""
    from stabiel.cases.models import Case

    services.safety_plan_make(
        actor=world.worker,
        case=case,
        agreements="Bij ruzie gaat vader naar zijn broer.",
        when_wrong="Moeder belt oma.",
        made_with="Moeder, vader",
        review_on=TODAY + timedelta(days=28),
    )
    close = {"purpose": "followup", "well_landed": "no", "reason": "Gezin verhuist."}
    url = reverse("cases:case-action", args=[case.pk, "close"])
    client.force_login(world.worker)
    body = client.post(url, close).content.decode()
    assert "Er zijn zorgen over veiligheid in deze casus: er loopt een veiligheidsplan." in body
    assert "Leg het voor op de pagina Veiligheid en netwerk" in body
    assert Case.objects.get(pk=case.pk).status == "open"
    # Proposed but not yet confirmed: still open.
    post(
        client,
        case,
        "decision",
        {
            "decision-kind": "close_concerns",
            "decision-reasoning": "Het plan werkt, vader woont apart.",
        },
    )
    decision = CoreDecision.objects.get(case=case, kind="close_concerns")
    body = client.post(url, close).content.decode()
    assert "Het wacht nog op de bevestiging van een tweede persoon" in body
    assert Case.objects.get(pk=case.pk).status == "open"
    # The worker cannot confirm her own proposal; the safety specialist can.
    post(client, case, "confirm", {}, item=decision.pk)
    decision.refresh_from_db()
    assert decision.confirmed_by is None
    client.force_login(specialist)
    assert post(client, case, "confirm", {}, item=decision.pk).status_code == 302
    client.force_login(world.worker)
    assert client.post(url, close).status_code == 302
    assert Case.objects.get(pk=case.pk).status == "closed"


def test_a_case_without_safety_concerns_closes_as_before(world, case, client):
    from stabiel.cases.models import Case

    services.member_safety_record(
        actor=world.worker,
        case=case,
        person_id=case.household.memberships.first().person_id,
        level="safe",
        seen_on=TODAY,
    )
    assert queries.safety_concerns(case) == []
    client.force_login(world.worker)
    response = client.post(
        reverse("cases:case-action", args=[case.pk, "close"]),
        {"purpose": "followup", "well_landed": "no", "reason": "Gezin verhuist."},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "closed"


def test_a_colleague_outside_the_case_is_offered_no_form_the_case_refuses(
    world, case, client, make_user
):
    """Escalating, settling and revoking consent are for the case's workers: a colleague who
    only sees the network part gets no button that would answer 'only the case's workers'."""
    services.escalation_level_add(
        actor=make_user(Role.FUNCTIONAL_ADMIN), name="Teamleider", agreed_days=5
    )
    services.escalation_level_add(
        actor=make_user(Role.FUNCTIONAL_ADMIN), name="Management", agreed_days=10
    )
    party = services.party_add(
        actor=world.worker,
        case=case,
        organisation="Jeugdhulp Heuvelrug",
        role="Ambulante jeugdhulp",
        since=TODAY - timedelta(days=30),
    )
    services.consent_record(
        actor=world.worker,
        case=case,
        party_id=party.pk,
        purpose="progress",
        given_by="Moeder",
        given_on=TODAY,
        ends_on=TODAY + timedelta(days=90),
    )
    services.case_escalate(actor=world.worker, case=case, reason="Wachtlijst")
    actions = ("/escalate/", "/deescalate/", "/revoke/")
    client.force_login(world.worker)
    body = page(client, case).content.decode()
    assert all(action in body for action in actions)
    client.force_login(world.colleague)
    body = page(client, case).content.decode()
    assert "Opgeschaald naar Teamleider" in body and "Jeugdhulp Heuvelrug" in body
    assert not any(action in body for action in actions)
