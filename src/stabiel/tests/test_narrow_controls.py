"""Issue 13, walked at 390 px: on the daily screens every link, button and field can be reached
on a phone without scrolling a table sideways.

A table that only scrolls inside its own container does not make the page wider, so the
sideways-scroll sweep does not see it; but an action in its last column ("Vervangen",
"Intrekken", "Wijzigen", an agreement's "Opslaan") was off-screen at 390 px. These tables
stack their rows on a phone. Checked as the demo's functional administrator, team lead and
access worker (the administrator's pages include the privacy app's retention periods, whose
"Wijzig" was off-screen), each page also by axe-core.
"""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from stabiel.accounts.models import PartnerOrganisation
from stabiel.cases.models import Case
from stabiel.safety.models import Consent
from stabiel.signals.services import api_client_create
from stabiel.tests.test_accessibility import Sweep, browser, demo
from stabiel.tests.walk import PHONE

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser

# Controls in <main> whose box starts or ends beyond the phone's width (the table header is
# moved off-screen on purpose, for screen readers only).
OFF_SCREEN = """
const width = arguments[0], out = [];
for (const el of document.querySelectorAll('main a, main button, main select, main input:not([type=hidden])')) {
  if (el.closest('thead')) continue;
  const r = el.getBoundingClientRect();
  if (r.width && (r.left >= width || r.right > width + 1)) {
    out.push(el.tagName + ' ' + (el.textContent || el.name || '').trim().slice(0, 40));
  }
}
return out;
"""


def off_screen(sweep: Sweep, url: str, label: str) -> list[str]:
    driver = sweep.driver
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE, "height": 900, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        sweep.open(url, label)
        assert driver.find_elements(By.CSS_SELECTOR, "main table tbody tr"), f"{label}: no rows"
        return [f"{label}: {found}" for found in driver.execute_script(OFF_SCREEN, PHONE)]
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_daily_tables_keep_their_actions_on_a_phone(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    browser.delete_all_cookies()
    partner = PartnerOrganisation.objects.get(municipality__cbs_code="GM0355", name="Energie Samen")
    api_client_create(partner=partner, name="Betalingssysteem")
    case = Case.objects.filter(agreements__isnull=False, status="open").first()
    assert case is not None, "the demo has an open case with agreements"
    problems: list[str] = []

    sweep.log_in("beheer")
    problems += off_screen(sweep, reverse("signals:key-list"), "API-sleutels")
    problems += off_screen(sweep, reverse("signals:mapping-list"), "kolomkoppen")
    problems += off_screen(sweep, reverse("rules:rule-list"), "regels")
    problems += off_screen(sweep, reverse("privacy:retention-list"), "bewaartermijnen")
    sweep.log_out()

    sweep.log_in("teamleider")
    problems += off_screen(sweep, reverse("cases:workload"), "werkverdeling")
    # the case's network: a consent to share can be revoked from its last column
    consent = Consent.objects.filter(revoked_on__isnull=True).first()
    assert consent is not None, "the demo has a consent to share"
    network = Case.objects.get(household_id=consent.household_id, status="open")
    safety = f"{reverse('safety:case', args=[network.pk])}?purpose=followup"
    problems += off_screen(sweep, safety, "veiligheid en netwerk")
    sweep.log_out()

    sweep.log_in(case.case_lead.username)
    plan = f"{reverse('cases:plan', args=[case.pk])}?purpose=visit"
    problems += off_screen(sweep, plan, "plan met afspraken")
    assert browser.find_elements(By.CSS_SELECTOR, "main select[name=status]")

    # A short page (the product's own 404) keeps its lines together: the main area fills at
    # least 60% of the window, but its rows were stretched over it (big gaps in between).
    sweep.open("/bestaat-niet/", "404")
    gap = browser.execute_script(
        "const m = document.querySelector('main');"
        "return m.querySelector('p').getBoundingClientRect().top"
        " - m.querySelector('h1').getBoundingClientRect().bottom;"
    )
    assert gap < 48, f"{gap} px between the heading and the text of a short page"

    assert not problems, "off-screen at 390 px:\n" + "\n".join(problems)
    assert not sweep.violations, sweep.report()
