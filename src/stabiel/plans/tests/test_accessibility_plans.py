"""The prevention plan workbench in headless Chromium, checked by axe-core (WCAG 2.1 AA).

Walks the "done when" flow: the demo policy adviser makes this year's plan, plans a work session,
invites one participant per perspective, each answers through their link without an account,
and the answers become flags and a measure with progress.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By

from stabiel.plans.models import Answer, Flag, Measure, Plan
from stabiel.tests.test_accessibility import Sweep, browser, demo

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser


def fill(browser, field_id: str, value: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(value)


def set_date(browser, field_id: str, value: str) -> None:
    # Date inputs take typed text in the browser's locale; setting the value is locale-free.
    browser.execute_script(
        "document.getElementById(arguments[0]).value = arguments[1]", field_id, value
    )


def test_plan_workbench_pages_pass_axe(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    browser.delete_all_cookies()
    sweep.log_in("beleid")
    sweep.open(reverse("plans:plan-list"), "lijst")
    sweep.open(reverse("plans:worksheet-list"), "werkbladen")

    # this year's plan: empty, then filled
    sweep.open(reverse("plans:plan-create"), "nieuw plan")
    fill(browser, "id_title", "")
    sweep.submit_form()
    sweep.check("nieuw plan leeg verstuurd")
    fill(browser, "id_title", "Preventieplan Zeist")
    sweep.submit_form()
    plan = Plan.objects.get(year=timezone.localdate().year, municipality__cbs_code="GM0355")
    sweep.check("plan")

    # a work session
    sweep.open(reverse("plans:session-create", args=[plan.pk]), "nieuwe werksessie")
    sweep.submit_form()
    sweep.check("werksessie leeg verstuurd")
    fill(browser, "id_title", "Werksessie voorjaar")
    fill(browser, "id_place", "Raadhuis")
    set_date(browser, "id_held_on", "2026-03-10")
    sweep.submit_form()
    session = plan.sessions.get()
    sweep.check("werksessie")

    # one participant per perspective; the first empty first
    sweep.submit_form("main section form.utrecht-form")
    sweep.check("deelnemer leeg verstuurd")
    for index, name in enumerate(["Sociaal", "Veiligheid", "Toegang", "Inwoner"]):
        fill(browser, "id_name", f"Deelnemer {name}")
        if index % 2 == 0:
            fill(browser, "id_email", f"{name.lower()}@example.org")
        browser.find_element(By.ID, f"id_perspective_{index}").click()
        sweep.submit_form("main section form.utrecht-form")
    sweep.check("vier deelnemers")
    links = [
        e.get_attribute("value")
        for e in browser.find_elements(By.CSS_SELECTOR, "input.stabiel-plan-link")
    ]
    assert len(links) == 4

    # the participants answer by link, logged out
    sweep.log_out()
    for number, link in enumerate(links):
        sweep.open(link, "deelnemer")
        areas = browser.find_elements(By.CSS_SELECTOR, "main textarea")
        areas[6].send_keys(f"Schulden en brieven die niemand leest ({number}).")
        areas[5].send_keys("Hoe bereiken we jongeren?")
        sweep.submit_form("main form")
        sweep.check("deelnemer opgeslagen")
    sweep.open(reverse("plans:answer", kwargs={"token": "verzonnen"}), "link klopt niet")
    assert Answer.objects.filter(participant__session=session).count() == 4

    # merge: an answer becomes a flag, then a measure from an answer
    sweep.log_in("beleid")
    sweep.open(reverse("plans:session-merged", args=[session.pk]), "samenvoegen")
    sweep.submit_form("main .stabiel-plan-answer form")
    flag = Flag.objects.get(plan=plan)
    sweep.check("vlag gemaakt")
    fill(browser, "id_title", "")
    sweep.submit_form()
    sweep.check("vlag leeg verstuurd")
    fill(browser, "id_title", "Schulden worden laat gezien")
    sweep.submit_form()
    sweep.open(reverse("plans:session-merged", args=[session.pk]), "samenvoegen met vlag")
    forms = browser.find_elements(By.CSS_SELECTOR, "main form.stabiel-plan-addflag")
    sweep.submit(forms[1].find_element(By.CSS_SELECTOR, "button[type=submit]"))
    sweep.check("antwoord bij vlag gevoegd")
    assert flag.answers.count() == 2
    sweep.open(reverse("plans:flag-create", args=[plan.pk]) + "?kleur=green", "nieuwe vlag")

    answer = Answer.objects.filter(participant__session=session).first()
    sweep.open(
        reverse("plans:measure-create", args=[plan.pk]) + f"?antwoord={answer.pk}", "maatregel"
    )
    fill(browser, "id_budget", "veel")
    sweep.submit_form()
    sweep.check("maatregel fout")
    fill(browser, "id_owner", "Team schuldhulp")
    fill(browser, "id_budget", "25.000")
    browser.find_element(By.ID, "id_impact_3").click()
    browser.find_element(By.ID, "id_effort_1").click()
    browser.find_element(By.CSS_SELECTOR, f"input[name=flags][value='{flag.pk}']").click()
    sweep.submit_form()
    measure = Measure.objects.get(plan=plan)
    assert measure.budget == 25000
    sweep.check("maatregel")
    sweep.submit_form()
    sweep.check("voortgang leeg verstuurd")
    fill(browser, "id_note", "Eerste gesprekken gevoerd.")
    browser.find_element(By.ID, "id_progress_0").click()
    sweep.submit_form()
    sweep.check("voortgang opgeslagen")
    sweep.open(reverse("plans:measure-edit", args=[measure.pk]), "maatregel wijzigen")
    sweep.open(reverse("plans:plan-edit", args=[plan.pk]), "plan wijzigen")
    sweep.open(reverse("plans:plan-detail", args=[plan.pk]), "plan met vlag en maatregel")
    last_year = Plan.objects.exclude(pk=plan.pk).get(municipality=plan.municipality)
    sweep.open(reverse("plans:plan-detail", args=[last_year.pk]), "plan vorig jaar")

    assert len(sweep.checked) >= 25
    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
