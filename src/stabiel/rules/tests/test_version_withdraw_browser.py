"""Issue 13: a rule version planned for the future is withdrawn in the browser before it starts.

The demo functional administrator opens a stacking rule from the rule list, plans a new version
that starts in two weeks through "Nieuwe versie maken", finds the withdraw link on the rule's
page, first sends the form without a reason (a plain-Dutch message, nothing changed), then
withdraws it with a reason. The rule's page names the withdrawn version with the reason, the
version before it runs on without an end date, and the public register does not show the
withdrawn version as coming. Every page is checked by axe-core and at 390 px (no sideways
scroll); ``STABIEL_SHOTS=/some/folder`` also keeps screenshots at 1280 and 390 px.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By

from stabiel.rules.models import Rule
from stabiel.tests.test_accessibility import Sweep, browser, demo
from stabiel.tests.walk import Walk

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser

CODE = "drie-beschikkingen"
NOTE = "Vier beschikkingen is voor ons team genoeg om langs te gaan."
REASON = "Eerst met het team bespreken."


def main_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def test_a_planned_rule_version_is_withdrawn_in_the_browser(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    walk = Walk(browser)
    browser.delete_all_cookies()
    rule = Rule.objects.get(municipality__cbs_code="GM0355", code=CODE)
    current = rule.versions.get()
    starts = timezone.localdate() + timedelta(days=14)
    detail = reverse("rules:rule-detail", args=[rule.pk])

    sweep.log_in("beheer")
    sweep.open(reverse("rules:rule-list"), "regels")
    walk.page("regels")
    sweep.open(sweep.link(f"main a[href='{detail}']"), "regel")
    walk.page("regel")

    # plan a version that starts in two weeks
    sweep.open(sweep.link(f"main a[href='{reverse('rules:version-create', args=[rule.pk])}']"))
    walk.page("nieuwe-versie")
    browser.execute_script(
        "document.getElementById('id_in_force_from').value = arguments[0]", starts.isoformat()
    )
    browser.find_element(By.ID, "id_change_note").send_keys(NOTE)
    sweep.submit(browser.find_element(By.CSS_SELECTOR, "main form button[value=opslaan]"))
    sweep.check("versie 2 gepland")
    assert sweep.path() == detail, main_text(browser)
    planned = rule.versions.get(number=2)
    assert planned.in_force_from == starts and planned.withdrawn_at is None
    text = main_text(browser)
    assert "Versie 2 (gaat nog in)" in text
    walk.page("regel-met-geplande-versie")

    # the withdraw link on the rule's page; an empty reason is refused and changes nothing
    withdraw = reverse("rules:version-withdraw", args=[rule.pk, planned.pk])
    sweep.open(sweep.link(f"main a[href='{withdraw}']"), "intrekken")
    assert "Versie 2 intrekken" in main_text(browser)
    walk.page("versie-intrekken")
    sweep.submit_form()
    sweep.check("intrekken zonder reden")
    assert "Schrijf kort op waarom de versie niet doorgaat." in main_text(browser)
    planned.refresh_from_db()
    assert planned.withdrawn_at is None
    walk.page("versie-intrekken-zonder-reden")
    # At 390 px the error summary reads top to bottom: its heading above the list of errors
    # (side by side the heading took half the width and squeezed the links to a few words).
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 900, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        heading_bottom, list_top = browser.execute_script(
            "const s = document.querySelector('.stabiel-error-summary');"
            "return [s.querySelector('h2').getBoundingClientRect().bottom,"
            "        s.querySelector('ul').getBoundingClientRect().top];"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert heading_bottom <= list_top

    browser.find_element(By.ID, "id_reason").send_keys(REASON)
    sweep.submit_form()
    sweep.check("versie ingetrokken")
    assert sweep.path() == detail
    text = main_text(browser)
    assert "Versie 2 is ingetrokken. Die gaat niet in." in browser.page_source
    assert "Ingetrokken voordat ze ingingen" in text and REASON in text
    assert "Versie 2 (gaat nog in)" not in text
    assert withdraw not in browser.page_source
    walk.page("regel-na-intrekken")
    planned.refresh_from_db()
    current.refresh_from_db()
    assert planned.withdrawn_at is not None and planned.withdrawal_reason == REASON
    assert current.in_force_until is None  # the version before runs on

    # the withdrawn page is gone; the public register does not announce the version
    browser.get(live_server.url + withdraw)
    assert "Deze pagina bestaat niet" in browser.page_source
    sweep.open(f"{reverse('rules:register')}?gemeente=GM0355", "register")
    assert NOTE not in main_text(browser)
    walk.page("register")
    assert not sweep.violations, sweep.report()
