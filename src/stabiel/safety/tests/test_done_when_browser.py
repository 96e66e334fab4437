"""Issue 20's "done when", walked in one browser session as a new user would.

The demo access worker opens one of her cases, walks the five meldcode steps (an empty form first:
a Dutch message, nothing stored), asks the team's safety specialist for a consult, who answers it
from her own list; the worker makes a safety plan with the household, records two involved
organisations and the resident's consent to share progress with one of them, writes that party a
progress summary and prints it, escalates the case one rung and settles it, and finds she cannot
close the case alone while its safety plan runs (a core decision). The team lead then
draws this year's review sample and records one review whose finding becomes a measure in this
year's prevention plan (made by the policy adviser), through the aggregate door, without names.

Every page is checked by axe-core and at 390 px (no sideways scroll); ``STABIEL_SHOTS=/folder``
also keeps screenshots at 1280 and 390 px.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from stabiel.accounts.models import User
from stabiel.cases.models import Case
from stabiel.safety.models import (
    Consent,
    Consult,
    Escalation,
    InvolvedParty,
    MeldcodeStep,
    ProgressSummary,
    Review,
    SafetyPlan,
)
from stabiel.tests.test_accessibility import Sweep, browser, demo
from stabiel.tests.walk import Walk

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser


def fill(browser, field_id: str, value: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(value)


def choose(browser, field_id: str, value: str) -> None:
    Select(browser.find_element(By.ID, field_id)).select_by_value(value)


def main_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def action_form(action: str) -> str:
    return f"main form[action$='/{action}/']"


def d(day) -> str:
    return day.strftime("%d-%m-%Y")


def the_case() -> Case:
    """An open case of the demo access worker in the team that has a safety specialist, on which
    nothing about safety has been recorded yet."""
    worker = User.objects.get(username="toegang")
    specialist = User.objects.get(username="veiligheid")
    teams = specialist.teams.values("pk")
    case = (
        Case.objects.filter(
            case_lead=worker, status=Case.Status.OPEN, team__in=teams, meldcode_steps=None
        )
        .order_by("pk")
        .first()
    )
    assert case is not None, "the demo has no fresh open case of the access worker"
    return case


def test_issue_20_done_when(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    walk = Walk(browser)
    browser.delete_all_cookies()
    today = timezone.localdate()
    year = today.year
    case = the_case()
    parties_before = InvolvedParty.objects.filter(household=case.household).count()

    # The policy adviser makes this year's prevention plan, so a finding has a place to go.
    sweep.log_in("beleid")
    sweep.open(reverse("plans:plan-create"), "nieuw plan")
    fill(browser, "id_title", f"Preventieplan Zeist {year}")
    sweep.submit_form()
    sweep.check("plan gemaakt")
    # The plan is seen in the browser only: this execution app never imports the policy side.
    plan_url = sweep.path()
    assert plan_url != reverse("plans:plan-create"), "the plan was not made"
    sweep.log_out()

    # 1. The access worker opens her case from the list and chooses why she looks.
    sweep.log_in("toegang")
    sweep.open(reverse("cases:case-list"), "casussen")
    link = browser.find_element(
        By.CSS_SELECTOR, f"main a[href^='{reverse('cases:case-detail', args=[case.pk])}']"
    )
    sweep.open(link.get_attribute("href"), "casus: doel kiezen")
    browser.find_element(By.CSS_SELECTOR, "input[name=purpose][value=plan]").click()
    sweep.submit_form()
    sweep.check("casus")
    tab = browser.find_element(
        By.CSS_SELECTOR, f"nav.stabiel-actions a[href^='{reverse('safety:case', args=[case.pk])}']"
    )
    sweep.open(tab.get_attribute("href"), "veiligheid")
    assert "De meldcode" in main_text(browser)
    walk.page("veiligheid-leeg")

    # Bad input: a step without a date (the form offers today) and a consult step without who
    # was consulted give clear Dutch messages and store nothing.
    fill(browser, "id_step-happened_on", "")
    sweep.submit_form(action_form("step"))
    sweep.check("stap leeg verstuurd")
    assert "Kies een datum." in main_text(browser)
    assert not MeldcodeStep.objects.filter(case=case).exists()
    walk.page("stap-leeg-verstuurd")
    choose(browser, "id_step-kind", "consult")
    fill(browser, "id_step-happened_on", d(today))
    sweep.submit_form(action_form("step"))
    sweep.check("consult zonder wie")
    assert "Vul wie u heeft geraadpleegd in." in main_text(browser)
    assert not MeldcodeStep.objects.filter(case=case).exists()

    # The five steps, each dated, with who was consulted; the decision is to report.
    steps = [
        ("signals", today - timedelta(days=9), "", "Juf ziet blauwe plekken bij de jongste."),
        ("consult", today - timedelta(days=8), "Veiligheidsspecialist van het team", ""),
        ("conversation", today - timedelta(days=6), "", "Gesprek met moeder, daarna met vader."),
        ("weigh", today - timedelta(days=4), "", "Afwegingskader: melden is nodig."),
    ]
    for kind, day, consulted, note in steps:
        choose(browser, "id_step-kind", kind)
        fill(browser, "id_step-happened_on", d(day))
        fill(browser, "id_step-consulted", consulted)
        fill(browser, "id_step-note", note)
        sweep.submit_form(action_form("step"))
        sweep.check(f"stap {kind}")
        assert "Opgeslagen." in browser.find_element(By.TAG_NAME, "body").text
    choose(browser, "id_step-kind", "decide")
    fill(browser, "id_step-happened_on", d(today - timedelta(days=3)))
    choose(browser, "id_step-decision", "report")
    fill(browser, "id_step-reported_on", d(today - timedelta(days=3)))
    sweep.submit_form(action_form("step"))
    sweep.check("stap besluit")
    assert MeldcodeStep.objects.filter(case=case).count() == 5
    page = main_text(browser)
    assert f"Gemeld bij Veilig Thuis op {d(today - timedelta(days=3))}." in page
    assert "Veiligheidsspecialist van het team" in page
    walk.page("meldcode-gelopen")

    # 2. A consult with the team's safety specialist.
    fill(browser, "id_consult-question", "Moeder wil niet dat vader het hoort. Hoe verder?")
    sweep.submit_form(action_form("consult"))
    sweep.check("consult gevraagd")
    consult = Consult.objects.get(case=case)
    assert "wacht op advies" in main_text(browser)

    # 3. A safety plan made with the household; it shows at the top of the case's safety page.
    fill(browser, "id_plan-agreements", "Bij ruzie gaat vader naar zijn broer.")
    fill(browser, "id_plan-when_wrong", "Moeder belt oma; bij direct gevaar 112.")
    fill(browser, "id_plan-made_with", "Moeder, vader, oma")
    fill(browser, "id_plan-review_on", d(today + timedelta(days=28)))
    sweep.submit_form(action_form("plan"))
    sweep.check("veiligheidsplan")
    assert SafetyPlan.objects.filter(case=case, status="running").count() == 1
    assert browser.find_element(By.CSS_SELECTOR, "main .stabiel-safety-plan")
    assert "Bij ruzie gaat vader naar zijn broer." in main_text(browser)

    # 4. Two involved organisations, and consent to share progress with one of them.
    for organisation, role in (
        ("Jeugdhulp Utrechtse Heuvelrug", "Ambulante jeugdhulp"),
        ("Huisartsenpraktijk Zeist-Oost", "Huisarts"),
    ):
        fill(browser, "id_party-organisation", organisation)
        fill(browser, "id_party-role", role)
        fill(browser, "id_party-since", d(today - timedelta(days=30)))
        fill(browser, "id_party-care_worker", "Sanne")
        sweep.submit_form(action_form("party"))
        sweep.check(f"organisatie {organisation}")
    assert InvolvedParty.objects.filter(household=case.household).count() == parties_before + 2
    youth = InvolvedParty.objects.get(
        household=case.household, organisation="Jeugdhulp Utrechtse Heuvelrug"
    )
    # Bad input: consent that ends before it was given.
    choose(browser, "id_consent-party", str(youth.pk))
    choose(browser, "id_consent-purpose", "progress")
    fill(browser, "id_consent-given_by", "Moeder, namens het gezin")
    fill(browser, "id_consent-given_on", d(today))
    fill(browser, "id_consent-ends_on", d(today - timedelta(days=1)))
    sweep.submit_form(action_form("consent"))
    sweep.check("toestemming fout")
    assert "De einddatum ligt voor de datum van de toestemming." in main_text(browser)
    assert not Consent.objects.filter(party=youth).exists()
    choose(browser, "id_consent-party", str(youth.pk))
    choose(browser, "id_consent-purpose", "progress")
    fill(browser, "id_consent-given_by", "Moeder, namens het gezin")
    fill(browser, "id_consent-given_on", d(today))
    fill(browser, "id_consent-ends_on", d(today + timedelta(days=180)))
    sweep.submit_form(action_form("consent"))
    sweep.check("toestemming")
    assert Consent.objects.filter(party=youth, purpose="progress").count() == 1
    assert "ja, van Moeder, namens het gezin" in main_text(browser)
    # Only the party with consent can be chosen for a progress summary.
    options = [
        o.get_attribute("value")
        for o in browser.find_elements(By.CSS_SELECTOR, "#id_progress-party option")
    ]
    assert options == [str(youth.pk)]
    fill(browser, "id_progress-text", "Het gezin heeft een veiligheidsplan; het gaat rustiger.")
    sweep.submit_form(action_form("progress"))
    sweep.check("voortgang")
    summary = ProgressSummary.objects.get(case=case)
    sweep.open(
        browser.find_element(
            By.CSS_SELECTOR,
            f"main a[href^='{reverse('safety:progress-print', args=[case.pk, summary.pk])}']",
        ).get_attribute("href"),
        "voortgang afdrukken",
    )
    assert "Het gezin heeft een veiligheidsplan" in main_text(browser)
    walk.page("voortgang-afdruk")
    browser.back()

    # 5. Escalate one rung, with a reason, and settle it.
    sweep.open(reverse("safety:case", args=[case.pk]) + "?purpose=plan", "terug naar veiligheid")
    fill(browser, "id_escalate-reason", "Jeugdhulp heeft een wachtlijst van drie maanden.")
    sweep.submit_form(action_form("escalate"))
    sweep.check("opgeschaald")
    assert "Opgeschaald naar Medewerker toegang en teamleider sinds" in main_text(browser)
    walk.page("opgeschaald")
    fill(browser, "id_deescalate-note", "De teamleider regelde een plek via de regiomanager.")
    sweep.submit_form(action_form("deescalate"))
    sweep.check("afgeschaald")
    escalation = Escalation.objects.get(case=case)
    assert escalation.ended_on == today
    assert "De teamleider regelde een plek" in main_text(browser)
    walk.page("veiligheid-gevuld")
    # With a safety plan running, closing is a core decision: she cannot close the case alone.
    sweep.open(reverse("cases:close", args=[case.pk]) + "?purpose=followup", "afsluiten")
    browser.execute_script(
        "arguments[0].click()",
        browser.find_element(By.CSS_SELECTOR, "input[name=well_landed][value=no]"),
    )
    fill(browser, "id_reason", "Het gezin verhuist.")
    sweep.submit_form(action_form("close"))
    sweep.check("afsluiten met zorgen")
    assert "Er zijn zorgen over veiligheid in deze casus" in main_text(browser)
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    walk.page("afsluiten-met-zorgen")
    sweep.log_out()

    # The safety specialist answers the consult from her own list.
    sweep.log_in("veiligheid")
    sweep.open(reverse("safety:consults"), "consulten")
    assert "wacht op uw advies" in main_text(browser)
    walk.page("consulten")
    link = browser.find_element(
        By.CSS_SELECTOR, f"main a[href^='{reverse('safety:case', args=[case.pk])}']"
    )
    sweep.open(link.get_attribute("href"), "consult openen")
    fill(browser, "id_advice-advice", "Spreek moeder alleen, op school; leg het vast.")
    sweep.submit_form(action_form(f"advise/{consult.pk}"))
    sweep.check("advies gegeven")
    consult.refresh_from_db()
    assert consult.advised_on == today
    sweep.log_out()

    # 6. The team lead draws this year's sample and records one review; its finding becomes a
    #    measure in this year's plan.
    sweep.log_in("teamleider")
    sweep.open(reverse("safety:reviews"), "casusreview")
    sweep.submit_form()
    sweep.check("steekproef getrokken")
    reviews = Review.objects.filter(municipality=case.municipality, year=year, kind="sample")
    assert reviews.exists()
    walk.page("steekproef")
    first = browser.find_element(By.CSS_SELECTOR, "main table a")
    sweep.open(first.get_attribute("href"), "review")
    # Bad input: the checklist sent empty.
    sweep.submit_form()
    sweep.check("review leeg verstuurd")
    assert "Maak een keuze." in main_text(browser)
    assert not reviews.filter(reviewed_on__isnull=False).exists()
    for name in ("safety_in_view", "household_involved", "landed"):
        browser.execute_script(
            "arguments[0].click()",
            browser.find_element(By.CSS_SELECTOR, f"input[name='review-{name}'][value=yes]"),
        )
    finding = "Betrokken organisaties hoorden pas laat van de afspraken; deel het plan eerder."
    fill(browser, "id_review-finding", finding)
    walk.page("review-invullen")
    sweep.submit_form()
    sweep.check("review vastgelegd")
    browser.execute_script(
        "arguments[0].click()",
        browser.find_element(By.CSS_SELECTOR, "input[name='share-shared_as'][value=measure]"),
    )
    fill(browser, "id_share-title", "Veiligheidsplan eerder delen met betrokken organisaties")
    sweep.submit_form()
    sweep.check("bevinding gedeeld")
    assert f"maatregel in Preventieplan Zeist {year}" in main_text(browser)
    walk.page("review-gedeeld")
    sweep.log_out()

    # The policy adviser finds the measure in this year's plan: the finding, never a name.
    sweep.log_in("beleid")
    sweep.open(plan_url, "plan met maatregel")
    page = main_text(browser)
    assert "Veiligheidsplan eerder delen met betrokken organisaties" in page
    assert case.household.label not in page
    walk.page("plan-met-maatregel")

    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
