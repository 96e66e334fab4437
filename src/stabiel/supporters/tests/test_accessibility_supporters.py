"""Letters via a supporter in headless Chromium, checked by axe-core (WCAG 2.1 AA)."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from stabiel.accounts.models import User
from stabiel.residents.access import households_visible_to
from stabiel.supporters.models import SupporterMark
from stabiel.tests.test_accessibility import Sweep, browser, demo

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser


def test_supporter_pages_pass_axe(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    browser.delete_all_cookies()
    sweep.log_in("toegang")
    sweep.open(reverse("supporters:mark-list"), "lijst")
    sweep.open(reverse("supporters:mark-list") + "?toon=afgelopen", "afgelopen")
    sweep.open(reverse("supporters:mark-start"), "zoek huishouden")
    sweep.submit_form()
    sweep.check("zoek huishouden, leeg verstuurd")

    worker = User.objects.get(username="toegang")
    marked = SupporterMark.objects.values("household")
    household = households_visible_to(worker).exclude(pk__in=marked).order_by("id").first()
    # the household search sends the worker back with the chosen household (residents.picking)
    sweep.open(f"{reverse('supporters:mark-start')}?huishouden={household.label}", "gekozen")
    sweep.submit_form()
    sweep.check("afspraak, formulier")
    sweep.submit_form()
    sweep.check("afspraak, leeg verstuurd")
    browser.find_element(By.CSS_SELECTOR, "input[name=person]").click()
    browser.find_element(By.ID, "id_supporter_name").send_keys("Mila Maatje")
    browser.find_element(By.ID, "id_supporter_street").send_keys("Stationsplein 7")
    browser.find_element(By.ID, "id_supporter_postcode").send_keys("3701 AB")
    browser.find_element(By.ID, "id_supporter_city").send_keys("Zeist")
    browser.find_element(By.ID, "id_reason").send_keys("Post geeft nu te veel stress.")
    browser.find_element(By.ID, "id_consent").click()
    sweep.submit_form()
    sweep.check("afspraak vastgelegd")
    mark = SupporterMark.objects.get(supporter_name="Mila Maatje")
    assert sweep.path() == reverse("supporters:mark-detail", args=[mark.pk])

    end = browser.find_element(By.ID, "id_end_on")
    end.clear()
    sweep.submit_form("main form[action$='/verlengen/']")
    sweep.check("verlengen, leeg verstuurd")
    street = browser.find_element(By.ID, "id_supporter_street")
    street.clear()
    sweep.submit_form("main form[action$='/postadres/']")
    sweep.check("postadres, leeg verstuurd")

    assert len(sweep.checked) >= 8
    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
