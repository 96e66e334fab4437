"""Early warning in headless Chromium, checked by axe-core (WCAG 2.1 AA): reading in a partner
file, the reports, one report with contact attempts and an end result, feedback to partners,
figures, the delivery and the settings; forms empty-submitted and filled."""

import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from stabiel.accounts.models import PartnerOrganisation, User
from stabiel.earlywarning import samples
from stabiel.earlywarning.models import Report
from stabiel.residents.access import households_visible_to
from stabiel.tests.test_accessibility import Sweep, browser, demo

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser


def test_earlywarning_pages_pass_axe(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    browser.delete_all_cookies()
    worker = User.objects.get(username="toegang")
    ids = list(households_visible_to(worker).order_by("id").values_list("id", flat=True)[:200])
    rent = samples.rent_json(
        municipality=worker.municipality, signalled_on=timezone.localdate(), household_ids=ids
    )
    path = Path(tempfile.mkdtemp()) / "huur.json"
    path.write_bytes(rent)

    sweep.log_in("toegang")
    sweep.open(reverse("earlywarning:report-list"), "meldingen")
    sweep.open(reverse("earlywarning:report-list") + "?toon=closed", "afgesloten")
    sweep.open(reverse("earlywarning:batch-upload"), "inlezen")
    sweep.submit_form()
    sweep.check("inlezen, leeg verstuurd")
    housing = PartnerOrganisation.objects.get(
        municipality=worker.municipality, name="Heuvelrug Wonen"
    )
    Select(browser.find_element(By.NAME, "partner")).select_by_value(str(housing.pk))
    browser.find_element(By.NAME, "file").send_keys(str(path))
    sweep.submit_form()
    sweep.check("bestand ingelezen")
    sweep.open(reverse("earlywarning:batch-list"), "bestanden")

    report = Report.objects.filter(several_creditors=False, outcome="").order_by("pk").first()
    detail = reverse("earlywarning:report-detail", args=[report.pk])
    sweep.open(detail, "melding")
    sweep.submit_form("main form[action$='contactpoging/']")
    sweep.check("contactpoging, leeg verstuurd")
    browser.find_element(By.CSS_SELECTOR, "input[name=reached][value=ja]").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=part_of_day][value=Middag]").click()
    Select(browser.find_element(By.NAME, "kind")).select_by_value("Telefoon")
    sweep.submit_form("main form[action$='contactpoging/']")
    sweep.check("contactpoging opgeslagen")
    sweep.submit_form("main form[action$='eindresultaat/']")
    sweep.check("eindresultaat, leeg verstuurd")
    Select(browser.find_element(By.NAME, "outcome")).select_by_value(
        "(Budget)advies en/of quick fix"
    )
    sweep.submit_form("main form[action$='eindresultaat/']")
    sweep.check("afgesloten melding")
    sweep.open(reverse("earlywarning:feedback") + f"?partner={housing.pk}", "terugkoppeling")
    sweep.log_out()

    sweep.log_in("teamleider")
    sweep.open(reverse("earlywarning:figures"), "cijfers")
    sweep.open(reverse("earlywarning:delivery-list"), "leveringen")
    for name in ("period_start", "period_end"):
        browser.find_element(By.NAME, name).clear()
    sweep.submit_form()
    sweep.check("levering, leeg verstuurd")
    sweep.log_out()

    sweep.log_in("beheer")
    sweep.open(reverse("earlywarning:settings"), "instellingen")
    field = browser.find_element(By.NAME, "repeat_months")
    field.clear()
    field.send_keys("99")
    sweep.submit_form()
    sweep.check("instellingen, fout verstuurd")
    sweep.log_out()

    sweep.log_in("melder")
    sweep.open(reverse("earlywarning:own-feedback"), "terugkoppeling partner")

    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
