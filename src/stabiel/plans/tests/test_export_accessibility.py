"""The plan import screen in headless Chromium, checked by axe-core (WCAG 2.1 AA)."""

import pytest
from django.urls import reverse

from stabiel.tests.test_accessibility import Sweep, browser, demo

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser


def test_import_screen_passes_axe(browser, live_server, demo, tmp_path):
    sweep = Sweep(browser, live_server.url)
    browser.delete_all_cookies()
    sweep.log_in("beleid")
    sweep.open(reverse("plan_exports:import"), "leeg")
    sweep.submit_form("main form[method=post]")
    sweep.check("leeg verstuurd")
    bad = tmp_path / "plan.json"
    bad.write_text("geen json")
    browser.find_element("id", "id_file").send_keys(str(bad))
    browser.find_element("id", "id_year").send_keys("1800")
    sweep.submit_form("main form[method=post]")
    sweep.check("fout bestand en jaar")
    assert "geen JSON" in browser.page_source or "tussen 2000 en 2100" in browser.page_source
    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
