"""Issue 12's "done when", walked in one browser session as a new user would.

The functional administrator loads the sample register extract (the demo already holds it, so
nothing changes) and then the sample a month later, sees what changes and confirms it. A partner
reports a resident who is not in the register and one who is, and gets the same answer for both.
The access worker finds the first signal in the unmatched queue and matches it through the
household search; then searches a household by surname and postcode, gives a purpose, sees the
names and address and notes a phone number. The privacy officer finds the search and the views in
the access log.

Every page is checked by axe-core and at 390 px (no sideways scroll); ``STABIEL_SHOTS=/folder``
also keeps screenshots at 1280 and 390 px.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from stabiel.core.models import AccessLogEntry
from stabiel.residents.models import Person, RegisterFeed
from stabiel.residents.pseudonyms import person_pseudonym
from stabiel.residents.register.files import SAMPLE_CHANGES, SAMPLE_EXTRACT
from stabiel.signals.models import Signal, UnmatchedSubject
from stabiel.tests.test_accessibility import Sweep, browser, demo
from stabiel.tests.walk import Walk

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser

UNKNOWN_BSN = "111222333"  # passes the eleven-test; nobody in the demo has it
KNOWN_BSN = "689979952"  # Esra de Vries, Slotlaan 1A, 3701 AA, in the sample extract
SURNAME, POSTCODE = "Vries", "3701AA"


def fill(browser, field_id: str, value: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(value)


def main_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def choose_purpose(browser, value: str) -> None:
    browser.execute_script(
        "arguments[0].click()",
        browser.find_element(By.CSS_SELECTOR, f"input[name=purpose][value={value}]"),
    )


def search(sweep: Sweep, browser, purpose: str) -> None:
    fill(browser, "id_surname", SURNAME)
    fill(browser, "id_postcode", POSTCODE)
    choose_purpose(browser, purpose)
    sweep.submit_form()


def test_issue_12_done_when(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    walk = Walk(browser)
    browser.delete_all_cookies()
    assert not Person.objects.filter(pseudonym=person_pseudonym(UNKNOWN_BSN)).exists()
    assert Person.objects.filter(pseudonym=person_pseudonym(KNOWN_BSN)).exists()

    # 1. The functional administrator loads the sample extract: known already, nothing changes.
    sweep.log_in("beheer")
    sweep.open(reverse("residents:feed-list"), "basisregistratie")
    walk.page("levering-lijst")
    browser.find_element(By.ID, "id_file").send_keys(str(SAMPLE_EXTRACT))
    sweep.submit_form()
    sweep.check("voorbeeld bekeken")
    assert "Precies dit bestand is al verwerkt" in main_text(browser)
    walk.page("levering-zelfde-bestand")

    # ... then the same residents a month later: the preview shows what changes, by kind.
    sweep.open(reverse("residents:feed-list"), "basisregistratie")
    browser.find_element(By.ID, "id_file").send_keys(str(SAMPLE_CHANGES))
    sweep.submit_form()
    sweep.check("wijzigingen bekeken")
    feed = RegisterFeed.objects.get(name=SAMPLE_CHANGES.name)
    assert feed.status == RegisterFeed.Status.PREVIEW
    page = main_text(browser)
    assert "Wat er verandert" in page
    for kind in ("Nieuw in de gemeente", "Verhuisd binnen de gemeente", "Overleden"):
        assert kind.lower() in page.lower(), kind
    walk.page("levering-voorbeeld-wijzigingen")
    sweep.submit(browser.find_element(By.CSS_SELECTOR, "main form[action$='/bevestigen/'] button"))
    sweep.check("wijzigingen verwerkt")
    feed.refresh_from_db()
    assert feed.status == RegisterFeed.Status.APPLIED
    assert "Wat er is veranderd" in main_text(browser)
    walk.page("levering-verwerkt")
    sweep.log_out()

    # 2. A partner reports a resident who is not in the register, and one who is: same answer.
    answers = []
    today = timezone.localdate().strftime("%d-%m-%Y")
    for reference, bsn in (("WALK-ONBEKEND", UNKNOWN_BSN), ("WALK-BEKEND", KNOWN_BSN)):
        sweep.log_in("melder")
        sweep.open(reverse("signals:report"), "signaal melden")
        Select(browser.find_element(By.ID, "id_signal_type")).select_by_index(1)
        fill(browser, "id_bsn", bsn)
        fill(browser, "id_observed_on", today)
        fill(browser, "id_reference", reference)
        sweep.submit_form()
        sweep.check("signaal gemeld")
        alert = browser.find_element(By.CSS_SELECTOR, "main .utrecht-alert").text
        row = browser.find_element(By.XPATH, f"//main//tr[contains(., '{reference}')]").text
        answers.append((sweep.path(), alert, row.replace(reference, "")))
        walk.page(f"melder-antwoord-{reference.lower()}")
        sweep.log_out()
    assert answers[0] == answers[1], answers
    held = Signal.objects.get(reference="WALK-ONBEKEND")
    assert held.household_id is None
    assert held.unmatched.outcome == UnmatchedSubject.Outcome.WAITING

    # 3. The access worker finds it in the unmatched queue and matches it through the search.
    sweep.log_in("toegang")
    sweep.open(reverse("signals:unmatched-list"), "ongekoppeld")
    walk.page("ongekoppeld-lijst")
    detail = reverse("signals:unmatched-detail", args=[held.pk])
    link = browser.find_element(By.CSS_SELECTOR, f"main a[href^='{detail}']")
    sweep.open(link.get_attribute("href"), "ongekoppeld signaal")
    assert UNKNOWN_BSN in main_text(browser)
    walk.page("ongekoppeld-signaal")
    pick = browser.find_element(By.CSS_SELECTOR, "main a[href*='/inwoners/zoeken/']")
    sweep.open(pick.get_attribute("href"), "huishouden kiezen")
    search(sweep, browser, "unmatched")
    sweep.check("huishouden gevonden om te kiezen")
    walk.page("huishouden-kiezen")
    chosen = browser.find_element(By.CSS_SELECTOR, "main a[href*='huishouden=HH-']")
    sweep.open(chosen.get_attribute("href"), "huishouden gekozen")
    walk.page("ongekoppeld-gekozen")
    sweep.submit_form("main form.utrecht-form:has(input[name=action][value=match])")
    sweep.check("gekoppeld")
    held.refresh_from_db()
    assert held.household is not None
    assert held.unmatched.outcome == UnmatchedSubject.Outcome.MATCHED
    label = held.household.label
    walk.page("ongekoppeld-gekoppeld")

    # 4. A search by surname and postcode, with a purpose: names and address, then a phone.
    sweep.open(reverse("residents:search"), "zoeken")
    search(sweep, browser, "visit")
    sweep.check("zoekresultaat")
    assert label in main_text(browser)
    walk.page("zoekresultaat")
    found = browser.find_element(
        By.CSS_SELECTOR,
        f"main a[href^='{reverse('residents:household-detail', args=[held.household_id])}']",
    )
    sweep.open(found.get_attribute("href"), "wie woont hier")
    page = main_text(browser)
    assert "Esra de Vries" in page
    assert "Slotlaan 1A, 3701 AA Zeist" in page
    contact = browser.find_element(By.CSS_SELECTOR, "main a[href*='/contact/']")
    sweep.open(contact.get_attribute("href"), "telefoon vastleggen")
    fill(browser, "id_phone", "06 12345678")
    sweep.submit_form()
    sweep.check("telefoon vastgelegd")
    assert "0612345678" in main_text(browser)
    walk.page("wie-woont-hier")
    sweep.log_out()

    # 5. The search and the views are in the access log, with their purpose.
    logged = AccessLogEntry.objects.filter(username="toegang")
    assert logged.filter(household_label="", shown__startswith="Zoeken op achternaam").exists()
    assert logged.filter(household_label=label, purpose="Huisbezoek voorbereiden").exists()
    sweep.log_in("privacy")
    sweep.open(f"{reverse('privacy:access-log')}?household={label}", "toegangslog")
    page = main_text(browser)
    assert "Huisbezoek voorbereiden" in page
    assert "namen, geboortedata, adres" in page
    walk.page("toegangslog")
    sweep.open(f"{reverse('privacy:access-log')}?username=toegang", "toegangslog zoekopdracht")
    assert "Zoeken op achternaam, postcode" in main_text(browser)
    sweep.log_out()

    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
