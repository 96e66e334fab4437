"""Case meetings in headless Chromium, checked by axe-core (WCAG 2.1 AA)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from stabiel.meetings.models import Meeting, MeetingItem
from stabiel.tests.test_accessibility import Sweep, browser, demo

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser


def _fill(browser, values: dict[str, str]) -> None:
    for element_id, value in values.items():
        field = browser.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(value)


def test_meeting_pages_pass_axe(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    browser.delete_all_cookies()
    sweep.log_in("teamleider")
    sweep.open(reverse("meetings:meeting-list"), "lijst")
    sweep.open(reverse("meetings:meeting-list") + "?soort=case_table", "gefilterd")
    sweep.open(reverse("meetings:meeting-create"), "nieuw")
    browser.find_element(By.ID, "id_held_on").clear()
    sweep.submit_form()
    sweep.check("nieuw, leeg verstuurd")
    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=case_table]").click()
    _fill(
        browser,
        {"id_title": "Extra casustafel", "id_held_on": timezone.localdate().strftime("%d-%m-%Y")},
    )
    sweep.submit_form()
    sweep.check("nieuw overleg")
    meeting = Meeting.objects.get(title="Extra casustafel")

    sweep.open(reverse("meetings:bring-case", args=[meeting.pk]), "casus inbrengen")
    sweep.submit_form()
    sweep.check("casus inbrengen, leeg verstuurd")
    Select(browser.find_element(By.ID, "id_case")).select_by_index(1)
    _fill(browser, {"id_summary": "Bewoner met BSN 123456782 zit vast."})
    sweep.submit_form()
    sweep.check("casus inbrengen, BSN geweigerd")
    assert "geen BSN" in browser.page_source
    Select(browser.find_element(By.ID, "id_case")).select_by_index(1)
    _fill(
        browser,
        {"id_summary": "Jonge vader, schulden bij de energieleverancier, dreigt af te haken."},
    )
    sweep.submit_form()
    sweep.check("casus op de agenda")
    item = MeetingItem.objects.get(meeting=meeting)

    # decision form sent empty, then the agreement form without an owner
    sweep.submit_form("main form[aria-label='Besluit vastleggen']")
    sweep.check("besluit leeg verstuurd")
    _fill(browser, {"id_what": "Bellen met de leverancier"})
    sweep.submit_form("main form[aria-label='Afspraak toevoegen']")
    sweep.check("afspraak zonder eigenaar")
    sweep.open(reverse("meetings:item-detail", args=[item.pk]), "casus")

    # the demo's case table of today follows up the decision of two weeks ago
    today = (
        Meeting.objects.filter(kind="case_table", title="Wekelijkse casustafel")
        .order_by("-held_on")
        .first()
    )
    sweep.open(reverse("meetings:meeting-detail", args=[today.pk]), "opvolging")
    assert "Opvolging uit eerdere overleggen" in browser.page_source
    sweep.submit_form("main form.utrecht-form")
    sweep.check("opvolging leeg verstuurd")
    sweep.open(reverse("meetings:lesson-list"), "lessen")

    sweep.log_out()
    sweep.log_in("toegang")
    # The demo has two signalling meetings; this one has a named resident on its agenda.
    signalling = Meeting.objects.get(title="Signaleringsoverleg Zeist-Oost")
    sweep.open(reverse("meetings:meeting-detail", args=[signalling.pk]), "signaleringsoverleg")
    sweep.open(reverse("meetings:put-forward", args=[signalling.pk]), "bewoner inbrengen")
    sweep.submit_form()
    sweep.check("bewoner inbrengen, leeg verstuurd")
    named = MeetingItem.objects.filter(meeting=signalling).first()
    sweep.open(reverse("meetings:item-detail", args=[named.pk]), "bewoner op de agenda")

    sweep.log_out()
    sweep.log_in("beheer")
    sweep.open(reverse("meetings:cost-figures"), "kosten")
    first = browser.find_element(By.CSS_SELECTOR, "input[name^=amount_]")
    first.clear()
    sweep.submit_form()
    sweep.check("kosten, leeg bedrag")

    assert len(sweep.checked) >= 18
    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
