"""Issue 18's "done when", walked in one browser session as a new user would.

A writer pastes a municipal letter full of official language into the letter check and sees each
problem marked, with the advice to move the legal text to the back; the functional administrator
makes an outreach template that passes and activates it; an access worker opens a running
supporter mark, makes that letter for the household and gets a PDF addressed to the supporter,
at the supporter's postal address. Every page is checked by axe-core and at 390 px (no sideways
scroll); ``STABIEL_SHOTS=/some/folder`` also keeps screenshots and the PDF.
"""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from stabiel.correspondence.models import Letter
from stabiel.plainlanguage.demo import EXAMPLES, example_templates
from stabiel.plainlanguage.models import LetterTemplate
from stabiel.residents.models import PersonIdentity
from stabiel.supporters.models import SupporterMark
from stabiel.tests.test_accessibility import Sweep, browser, demo
from stabiel.tests.walk import Walk, download

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser

JARGON_LETTER = (EXAMPLES.parent / "voorbeeldbrief.txt").read_text(encoding="utf-8")
TEMPLATE_NAME = "Uitnodiging voor een gesprek (wijkteam)"
SENTENCE = "Ik sprak uw buurvrouw en zij zei dat u graag belt."


def fill(browser, field_id: str, value: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    # A long text is set at once: typing 1,000 characters one by one is slow and proves nothing.
    browser.execute_script("arguments[0].value = arguments[1]", element, value)


def main_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def test_issue_18_done_when(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    walk = Walk(browser)
    browser.delete_all_cookies()

    # 1. A writer pastes a letter full of official language.
    sweep.log_in("beleid")
    sweep.open(reverse("plainlanguage:check"), "brieftoets")
    walk.page("brieftoets-leeg")
    fill(browser, "id_text", JARGON_LETTER)
    sweep.submit_form()
    sweep.check("brieftoets, uitslag")
    page = main_text(browser)
    assert "Oordeel: nog niet B1" in page
    marked = {m.text.lower() for m in browser.find_elements(By.CSS_SELECTOR, "main mark.pl-mark")}
    for word in ("ingevolge", "teneinde", "bescheiden", "verstrekken", "dagtekening"):
        assert any(word in text for text in marked), word
    assert len(browser.find_elements(By.CSS_SELECTOR, "main mark.pl-mark")) >= 10
    # each mark explains itself in a numbered list, linked from the mark
    explanations = browser.find_elements(By.CSS_SELECTOR, "main li[id^=uitleg-]")
    assert len(explanations) >= 10
    assert all(len(e.text) > 20 for e in explanations)
    advice = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=advice-title]").text
    assert "achterkant" in advice
    walk.page("brieftoets-uitslag")
    sweep.log_out()

    # 2. The functional administrator makes an outreach template that passes and activates it.
    sweep.log_in("beheer")
    sweep.open(reverse("plainlanguage:template-list"), "sjablonen")
    example = example_templates()[0]
    fill(browser, "id_name", TEMPLATE_NAME)
    Select(browser.find_element(By.ID, "id_purpose")).select_by_value(example["purpose"])
    fill(browser, "id_core_text", example["core"])
    fill(browser, "id_back_text", example["back"])
    activate = browser.find_element(By.ID, "id_activate")
    if not activate.is_selected():
        activate.click()
    walk.page("sjabloon-nieuw")
    sweep.submit_form()
    sweep.check("sjabloon opgeslagen")
    template = LetterTemplate.objects.get(name=TEMPLATE_NAME)
    assert template.active_version is not None
    assert template.active_version.verdict == "B1"
    assert "actief" in main_text(browser).lower()
    walk.page("sjabloon-actief")
    sweep.log_out()

    # 3. An access worker makes that letter for a household with a running supporter mark.
    today = timezone.localdate()
    adults = PersonIdentity.objects.filter(
        birth_date__lte=today.replace(year=today.year - 18)
    ).values("person_id")
    mark = (
        SupporterMark.objects.filter(
            ended_on__isnull=True,
            start_on__lte=today,
            end_on__gte=today,
            person_id__in=adults,
            created_by__username="toegang",
        )
        .order_by("id")
        .first()
    )
    assert mark is not None, "the demo has no running supporter mark on an adult"
    assert mark.has_postal_address
    identity = PersonIdentity.objects.get(person_id=mark.person_id)
    resident = " ".join(
        p for p in (identity.given_names, identity.surname_prefix, identity.surname) if p
    )
    sweep.log_in("toegang")
    sweep.open(reverse("supporters:mark-list"), "post via ondersteuner")
    sweep.open(reverse("supporters:mark-detail", args=[mark.pk]), "afspraak")
    walk.page("afspraak")
    letters = browser.find_element(
        By.CSS_SELECTOR,
        f"main a[href='{reverse('correspondence:household-letters', args=[mark.household_id])}']",
    )
    sweep.open(letters.get_attribute("href"), "brieven")
    assert resident in main_text(browser)
    walk.page("brieven")
    Select(browser.find_element(By.ID, "id_template")).select_by_value(str(template.pk))
    Select(browser.find_element(By.ID, "id_person")).select_by_value(str(mark.person_id))
    browser.find_element(By.ID, "id_personal_sentence").send_keys(SENTENCE)
    sweep.submit(browser.find_element(By.CSS_SELECTOR, "main button[value=toetsen]"))
    sweep.check("brief bekijken")
    page = main_text(browser)
    assert "De brief haalt de brieftoets" in page
    assert f"Deze brief gaat eerst naar {mark.supporter_display}" in page
    assert mark.supporter_address_lines[0] in page  # on the envelope
    assert not Letter.objects.exists()  # looking stores nothing
    walk.page("brief-bekijken")
    sweep.submit(browser.find_element(By.CSS_SELECTOR, "main button[value=maken]"))
    sweep.check("brief gemaakt")
    letter = Letter.objects.get()
    assert sweep.path() == reverse("correspondence:letter-detail", args=[letter.pk])
    assert letter.supporter_mark == mark and letter.template_version == template.active_version
    walk.page("brief-gemaakt")

    status, kind, content = download(
        browser, reverse("correspondence:letter-pdf", args=[letter.pk])
    )
    assert status == 200 and kind.startswith("application/pdf")
    walk.save_file("brief.pdf", content)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]
    front = pages[0]
    envelope = front[: front.index("Deze brief is voor")]
    assert envelope.startswith(mark.supporter_name) or mark.supporter_name in envelope
    for line in mark.supporter_address_lines:
        assert " ".join(line.split()) in " ".join(envelope.split()), line
    assert resident not in envelope  # the resident is named below, not on the envelope
    assert f"Deze brief is voor {resident}" in " ".join(front.split())
    assert SENTENCE in " ".join(front.split())
    assert len(pages) == 2 and "Waarom krijgt u deze brief?" in pages[1]

    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
