"""The case route in headless Chromium, checked by axe-core (WCAG 2.1 AA): the lists, triage,
the case, the broad look, the plan and closing, each empty-submitted and filled."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from stabiel.accounts.models import User
from stabiel.cases.models import Case
from stabiel.rules.alert_queries import alerts_for
from stabiel.rules.models import Alert
from stabiel.tests.test_accessibility import Sweep, browser, demo

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser


def fill(browser, name, value):
    field = browser.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def test_case_pages_pass_axe(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    browser.delete_all_cookies()
    sweep.log_in("toegang")
    sweep.check("start met mijn werk")
    sweep.open(reverse("cases:case-list"), "casussen")
    sweep.open(reverse("cases:case-list") + "?status=closed&wie=mij", "afgesloten")
    sweep.open(reverse("cases:case-open"), "openen")
    sweep.submit_form()
    sweep.check("openen, leeg verstuurd")

    worker = User.objects.get(username="toegang")
    alert = (
        alerts_for(actor=worker)
        .filter(status=Alert.Status.OPEN, assigned_to=None)
        .exclude(household__cases__status="open")
        .order_by("id")
        .first()
    )
    sweep.open(reverse("cases:triage", args=[alert.pk]), "triage")
    sweep.submit_form()
    sweep.check("triage, leeg verstuurd")
    browser.find_element(By.CSS_SELECTOR, "input[name=urgency][value=soon]").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=outcome][value=visit]").click()
    sweep.submit_form()
    case = Case.objects.get(origin_alert=alert)
    sweep.check("casus na triage")

    detail = reverse("cases:case-detail", args=[case.pk])
    sweep.open(detail, "doel vragen")
    sweep.submit_form()
    sweep.check("doel vragen, leeg verstuurd")  # no purpose is chosen beforehand (issue 13)
    browser.find_element(By.CSS_SELECTOR, "input[name=purpose]").click()
    sweep.submit_form()
    sweep.check("casus")
    for selector in ("main form[action$='/contact-record/']", "main form[action$='/check-ins/']"):
        sweep.submit_form(selector)
        sweep.check(f"casus, leeg verstuurd {selector}")
    sweep.open(reverse("cases:broad-look", args=[case.pk]) + "?purpose=visit", "brede blik")
    sweep.submit_form("main form[action$='/assessment/']")
    sweep.check("brede blik, leeg verstuurd")
    Select(browser.find_element(By.NAME, "life_domain")).select_by_index(1)
    browser.find_element(By.CSS_SELECTOR, "input[name=state][value=stable]").click()
    sweep.submit_form("main form[action$='/assessment/']")
    sweep.check("brede blik, ingeschat")

    plan = reverse("cases:plan", args=[case.pk]) + "?purpose=plan"
    sweep.open(plan, "plan")
    sweep.submit_form("main form[action$='/agreement/']")
    sweep.check("plan, afspraak leeg verstuurd")
    fill(browser, "text", "Weer rust in huis")
    sweep.submit_form("main form[action$='/goal/']")
    fill(browser, "what", "Samen de post openen")
    browser.find_element(By.CSS_SELECTOR, "input[name=owner][value=household]").click()
    fill(browser, "owner_name", "Mevrouw")
    fill(browser, "due_on", (timezone.localdate() + timedelta(days=7)).strftime("%d-%m-%Y"))
    sweep.submit_form("main form[action$='/agreement/']")
    sweep.check("plan met afspraak")

    sweep.open(reverse("cases:close", args=[case.pk]) + "?purpose=followup", "afsluiten")
    sweep.submit_form()
    sweep.check("afsluiten, leeg verstuurd")

    browser.delete_all_cookies()
    sweep.log_in("teamleider")
    sweep.check("start teamleider")
    sweep.open(detail + "?purpose=followup", "casus als teamleider")

    assert len(sweep.checked) >= 18
    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
