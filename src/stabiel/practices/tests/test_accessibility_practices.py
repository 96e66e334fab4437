"""The good-practice library in headless Chromium, checked by axe-core (WCAG 2.1 AA)."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from stabiel.plans.models import Measure
from stabiel.tests.test_accessibility import Sweep, browser, demo

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser


def test_library_pages_pass_axe(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    browser.delete_all_cookies()
    sweep.log_in("beleid")
    sweep.open(reverse("practices:list"), "lijst")
    assert len(sweep.links("main table a[href^='/praktijken/']")) > 50

    # search and two filters
    browser.find_element(By.ID, "id_q").send_keys("jongeren")
    Select(browser.find_element(By.ID, "id_basic_function")).select_by_value("tijdig-signaleren")
    sweep.submit_form("main form.stabiel-filters")
    sweep.check("gezocht en gefilterd")
    assert "jongeren-die-18-worden-uitnodigen" in " ".join(sweep.links("main table a"))

    sweep.open(reverse("practices:list") + "?pillar=abc", "onbekende filterwaarde")
    sweep.open(reverse("practices:detail", args=["minder-stress-postbakje"]), "detail")
    sweep.open(reverse("practices:detail", args=["kpmg-almelo"]), "detail KPMG")

    # adopt in one step into the demo's plan
    before = Measure.objects.filter(practice__slug="kpmg-almelo").count()
    browser.find_element(By.ID, "id_impact_3").click()  # effect and effort are asked (issue 14)
    browser.find_element(By.ID, "id_effort_1").click()
    sweep.submit_form("main form[method=post]")
    assert Measure.objects.filter(practice__slug="kpmg-almelo").count() == before + 1
    sweep.check("maatregelformulier na overnemen")
    sweep.open(reverse("practices:detail", args=["kpmg-almelo"]), "detail, al overgenomen")

    # an access worker reads without the adopt form
    sweep.log_out()
    sweep.log_in("toegang")
    sweep.open(reverse("practices:detail", args=["hulpkaart"]), "detail als toegang")
    assert not browser.find_elements(By.CSS_SELECTOR, "main form[method=post]")

    assert len(sweep.checked) >= 7
    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
