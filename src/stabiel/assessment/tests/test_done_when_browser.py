"""Issue 16's "done when", walked in one browser session as a new user would.

The demo policy adviser reads the route and a function's page, makes this year's plan, starts a
self-assessment round with three respondents in different roles, who score by link without an
account (one comes back and changes a score), sees the radar with their spread and the measured
figures beside it, downloads the PDF and CSV, and turns the weakest function into a measure in
this year's plan. Every page is checked by axe-core and at 390 px (no sideways scroll);
``STABIEL_SHOTS=/some/folder`` also keeps screenshots and the exports.
"""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from stabiel.assessment.models import Respondent, Response, Round
from stabiel.assessment.route import route
from stabiel.plans.models import Measure, Plan
from stabiel.tests.test_accessibility import Sweep, browser, demo
from stabiel.tests.walk import Walk, download

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser

# role value -> (name, score per function; the rest gets the default)
RESPONDENTS = {
    "toegang": ("Sam Toegang", {"vindbare-hulp": 1, "brede-blik": 4}, 3),
    "partner": ("Pim Partner", {"vindbare-hulp": 2, "brede-blik": 2}, 4),
    "inwoner": ("Ina Inwoner", {"vindbare-hulp": 1, "brede-blik": 5}, 2),
}


def follow(sweep, selector: str, label: str) -> None:
    link = sweep.driver.find_element(By.CSS_SELECTOR, selector)
    sweep.open(link.get_attribute("href"), label)


def fill(browser, field_id: str, value: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(value)


def main_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def test_issue_16_done_when(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    walk = Walk(browser)
    browser.delete_all_cookies()
    year = timezone.localdate().year
    the_route = route()

    sweep.log_in("beleid")
    # 1. the route, from the menu: eleven steps numbered 0-10 on five functions
    follow(sweep, f"a[href='{reverse('assessment:route')}']", "route")
    page = main_text(browser)
    for step in the_route.steps:
        assert f"{step.number}" in page
    for function in the_route.functions:
        assert function.name in page
    svg = browser.find_element(By.CSS_SELECTOR, "main svg")
    assert len(svg.find_elements(By.CSS_SELECTOR, "a")) >= 11
    walk.page("route")
    function = the_route.functions[1]
    follow(
        sweep, f"main a[href='{reverse('assessment:function-detail', args=[function.code])}']", "f"
    )
    assert function.name in main_text(browser)
    walk.page("functie")
    follow(sweep, f"main a[href='{reverse('assessment:step-detail', args=[1])}']", "stap")
    walk.page("stap")

    # this year's plan, so the weakest function can go into it
    sweep.open(reverse("plans:plan-create"), "nieuw plan")
    fill(browser, "id_title", f"Preventieplan Zeist {year}")
    sweep.submit_form()
    plan = Plan.objects.get(municipality__cbs_code="GM0355", year=year)

    # 2. a round with three respondents in different roles
    sweep.open(reverse("assessment:round-list"), "rondes")
    fill(browser, "id_title", "Zelfevaluatie najaar")
    walk.page("rondes")
    sweep.submit_form("main form")
    the_round = Round.objects.get(title="Zelfevaluatie najaar")
    sweep.check("ronde")
    for role, (name, _scores, _default) in RESPONDENTS.items():
        Select(browser.find_element(By.ID, "id_role")).select_by_value(role)
        fill(browser, "id_name", name)
        sweep.submit(
            browser.find_element(By.XPATH, "//main//form[.//select[@id='id_role']]//button")
        )
    links = [
        e.get_attribute("value")
        for e in browser.find_elements(By.CSS_SELECTOR, "input.stabiel-plan-link")
    ]
    assert len(links) == 3
    walk.page("ronde-drie-deelnemers")

    # they score by link, without an account
    sweep.log_out()
    statements = list(the_round.statements.all())
    by_name = {name: (scores, default) for name, scores, default in RESPONDENTS.values()}
    for number, link in enumerate(links):
        sweep.open(link, "invullen")
        pk = browser.find_element(By.CSS_SELECTOR, "main input[name=deelnemer]").get_attribute(
            "value"
        )
        scores, default = by_name[Respondent.objects.get(pk=pk).name]
        for statement in statements:
            value = scores.get(statement.function_code, default)
            radio = browser.find_element(
                By.CSS_SELECTOR, f"input[name='score-{statement.pk}'][value='{value}']"
            )
            browser.execute_script("arguments[0].click()", radio)
        if number == 0:
            walk.page("invullen")
        sweep.submit_form("main form")
        sweep.check("ingevuld")
    assert Response.objects.filter(respondent__round=the_round).count() == 3 * len(statements)
    # one comes back and changes a score before the round closes
    sweep.open(links[0], "terug")
    back_pk = browser.find_element(By.CSS_SELECTOR, "main input[name=deelnemer]").get_attribute(
        "value"
    )
    first = statements[0]
    chosen = browser.find_element(By.CSS_SELECTOR, f"input[name='score-{first.pk}']:checked")
    assert chosen.get_attribute("value") != ""
    browser.execute_script(
        "arguments[0].click()",
        browser.find_element(By.CSS_SELECTOR, f"input[name='score-{first.pk}'][value='5']"),
    )
    sweep.submit_form("main form")
    assert Response.objects.get(statement=first, respondent_id=back_pk).score == 5

    # 3. the results: radar with the spread, the measured figures beside the scores
    sweep.log_in("beleid")
    sweep.open(reverse("assessment:round-results", args=[the_round.pk]), "uitkomsten")
    page = main_text(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "main figure svg polygon")
    assert "Gemeten naast gescoord" in page
    assert "Hier begint het gesprek" in page
    for label in ("Medewerker toegang of wijkteam", "Partner", "Inwoner of ervaringsdeskundige"):
        assert label in page
    for name, _s, _d in RESPONDENTS.values():
        assert name not in page
    walk.page("uitkomsten")

    for kind in ("pdf", "csv"):
        status, _type, content = download(
            browser, reverse(f"assessment:round-results-{kind}", args=[the_round.pk])
        )
        assert status == 200, kind
        walk.save_file(f"ronde.{kind}", content)
        if kind == "pdf":
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        else:
            text = "\n".join(
                ";".join(r) for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))
            )
        assert "Vindbare en toegankelijke hulp" in text or "vindbare" in text.lower(), kind
        for name, _s, _d in RESPONDENTS.values():
            assert name not in text, kind

    # 4. the weakest function becomes a measure in this year's plan, in one step
    weakest = browser.find_element(By.CSS_SELECTOR, "main section.stabiel-card")
    heading = weakest.find_element(By.TAG_NAME, "h3").text
    assert heading.startswith("Vindbare")  # scored 1, 2 and 1
    weakest.find_element(By.TAG_NAME, "summary").click()
    form = weakest.find_element(By.TAG_NAME, "form")
    Select(form.find_element(By.CSS_SELECTOR, "select[name$=plan]")).select_by_value(str(plan.pk))
    owner = form.find_element(By.CSS_SELECTOR, "input[name$=owner]")
    owner.clear()
    owner.send_keys("Teamleider toegang")
    walk.page("in-het-plan")
    sweep.submit(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    sweep.check("in het plan gezet")
    measure = Measure.objects.get(plan=plan)
    assert "Zelfevaluatie najaar" in measure.description  # the round named as its source
    assert measure.owner == "Teamleider toegang"
    sweep.open(reverse("plans:plan-detail", args=[plan.pk]), "plan met maatregel")
    assert measure.title in main_text(browser)
    walk.page("plan-met-maatregel")

    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
