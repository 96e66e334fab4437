"""The privacy screens in headless Chromium, checked by axe-core (WCAG 2.1 AA)."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from stabiel.privacy.models import InspectionRequest
from stabiel.residents.models import PersonIdentity
from stabiel.signals.models import Signal
from stabiel.tests.test_accessibility import Sweep, browser, demo

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser


def test_privacy_pages_pass_axe(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    browser.delete_all_cookies()

    sweep.log_in("beheer")
    sweep.open(reverse("privacy:retention-list"), "bewaartermijnen")
    sweep.open(reverse("privacy:retention-edit", args=["signals"]), "termijn wijzigen")
    amount = browser.find_element(By.ID, "id_amount")
    amount.clear()
    sweep.submit_form()
    sweep.check("termijn wijzigen, leeg verstuurd")
    amount = browser.find_element(By.ID, "id_amount")
    amount.send_keys("18")
    sweep.submit_form()
    sweep.check("termijn opgeslagen")
    assert sweep.path() == reverse("privacy:retention-list")
    sweep.log_out()

    sweep.log_in("privacy")
    sweep.open(reverse("privacy:inspection"), "inzage zoeken")
    sweep.submit_form()
    sweep.check("inzage, leeg verstuurd")
    browser.find_element(By.ID, "id_bsn").send_keys("123456789")
    sweep.submit_form()
    sweep.check("inzage, BSN klopt niet")
    person_id = Signal.objects.filter(person__isnull=False).values_list("person", flat=True)[0]
    bsn = PersonIdentity.objects.get(person_id=person_id).bsn
    bsn_field = browser.find_element(By.ID, "id_bsn")
    bsn_field.clear()
    bsn_field.send_keys(bsn)
    sweep.submit_form()
    sweep.check("gegevens van de inwoner")
    assert sweep.path() == reverse("privacy:inspection-person", args=[person_id])

    sweep.open(reverse("privacy:identity-correct", args=[person_id]), "naam verbeteren")
    sweep.submit_form()
    sweep.check("naam verbeteren, zonder reden verstuurd")
    signal = Signal.objects.filter(person_id=person_id).order_by("pk").first()
    url = reverse("privacy:signal-contest", args=[person_id, signal.pk])
    sweep.open(url, "signaal betwisten")
    sweep.submit_form()
    sweep.check("signaal betwisten, leeg verstuurd")
    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=contested]").click()
    browser.find_element(By.ID, "id_reason").send_keys("De inwoner is het er niet mee eens.")
    sweep.submit_form()
    sweep.check("signaal betwist")
    assert sweep.path() == reverse("privacy:inspection-person", args=[person_id])

    # Inspection requests (issue 13): the list, a bad registration, a request and its handling.
    sweep.open(reverse("privacy:request-list"), "inzageverzoeken")
    sweep.open(reverse("privacy:request-create"), "inzageverzoek vastleggen")
    browser.find_element(By.ID, "id_received_on").clear()
    sweep.submit_form()
    sweep.check("inzageverzoek, leeg verstuurd")
    request = InspectionRequest.objects.filter(status="open").order_by("deadline_on").first()
    sweep.open(reverse("privacy:request-detail", args=[request.pk]), "inzageverzoek")
    sweep.submit_form()
    sweep.check("inzageverzoek afhandelen, leeg verstuurd")

    assert len(sweep.checked) >= 16
    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
