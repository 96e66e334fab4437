"""Issue 15's "done when", walked in one browser session as a new user would.

The demo policy adviser imports a provider list from XLSX (preview first, then import), sees the
coverage matrix and the gap report, turns one gap into a measure of this year's plan, and exports
the inventory as CSV and XLSX, which both import back unchanged. Another system then reads
`/hsds/GM0355/services` without logging in, every page, and every service validates against the
vendored Open Referral schema. Last, the demo access worker finds an offering from a case and
records a referral with the household's consent, and the provider's answer; from the plan with
the household a goal then names an offering through the same search.
Every page is checked by axe-core and at 390 px (no sideways scroll); ``STABIEL_SHOTS=/folder``
also keeps screenshots at 1280 and 390 px and the exported files.

The case app's side is reached through the browser and the database only: this module imports
no execution app (the import-linter contract for policy apps holds for tests too).
"""

import io
import json
import urllib.request

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from selenium.webdriver.common.by import By

from stabiel.inventory.exchange import HEADER
from stabiel.inventory.hsds.schemas import problems
from stabiel.inventory.models import Offering, Provider
from stabiel.plans.models import Measure, Plan
from stabiel.tests.test_accessibility import Sweep, browser, demo
from stabiel.tests.walk import Walk, download

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser

NEW_PROVIDERS = ("Buurtkracht Oost (import)", "Schuldmaatjes Heuvelrug (import)")


def rows_for_import() -> list[list[str]]:
    """Three offerings of two new providers, for Zeist and its neighbour De Bilt."""
    base = dict.fromkeys(HEADER, "")
    base.update(
        {
            "doelgroep_welkom": "ja",
            "doelgroep_gebruikt": "onbekend",
            "werkgebied_gemeenten": "GM0310|GM0355",
            "omvang_per": "tegelijk",
            "gecontracteerd": "nee",
            "pgb_mogelijk": "nee",
            "vernieuwend": "nee",
            "wie_betaalt": "fonds",
            "wie_beslist": "aanbieder",
            "geldig_vanaf": "2026-01-01",
        }
    )
    wanted = [
        (NEW_PROVIDERS[0], "maatjesproject", "Wandelmaatje", "informeel", "12", "7"),
        (NEW_PROVIDERS[0], "voedselbank", "Buurtkast", "informeel", "40", "0"),
        (NEW_PROVIDERS[1], "maatjesproject", "Thuisadministratie", "informeel", "15", "21"),
    ]
    rows = []
    for provider, kind, name, shell, capacity, wait in wanted:
        row = dict(base)
        row.update(
            {
                "aanbieder": provider,
                "telefoon": "030 555 0000",
                "plaats": "Zeist",
                "soort": kind,
                "naam_aanbod": name,
                "schil": shell,
                "doelgroep": "Inwoners van Zeist en De Bilt",
                "omvang": capacity,
                "wachttijd_dagen": wait,
                "contact_doorverwijzen": "030 555 0000 (aanmelden)",
            }
        )
        rows.append([row[c] for c in HEADER])
    return rows


def xlsx_file(path, rows) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)


def main_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def snapshot() -> list[tuple]:
    """Everything an import could change in Zeist's inventory."""
    return [
        (
            o.provider.name,
            o.provider.phone,
            o.provision_type.code,
            o.shell.code,
            o.name,
            o.capacity,
            o.waiting_days,
            o.valid_from,
            o.valid_to,
            tuple(sorted(m.cbs_code for m in o.served_municipalities.all())),
            o.updated_at,
        )
        for o in Offering.objects.filter(municipality__cbs_code="GM0355")
        .select_related("provider", "provision_type", "shell")
        .prefetch_related("served_municipalities")
        .order_by("pk")
    ]


def upload(sweep, browser, path, label) -> None:
    sweep.open(reverse("inventory:exchange"), label)
    browser.find_element(By.CSS_SELECTOR, "main input[type=file]").send_keys(str(path))
    sweep.submit_form("main form[enctype='multipart/form-data']")
    sweep.check(f"{label}: voorbeeld")


def test_issue_15_done_when(browser, live_server, demo, tmp_path):
    sweep = Sweep(browser, live_server.url)
    walk = Walk(browser)
    browser.delete_all_cookies()
    year = timezone.localdate().year

    # 1. the policy adviser imports a provider list from XLSX: a preview first, then the import
    sweep.log_in("beleid")
    source = tmp_path / "sociale-kaart-regio.xlsx"
    xlsx_file(source, rows_for_import())
    upload(sweep, browser, source, "inlezen")
    page = main_text(browser)
    assert "alle 3 regels kloppen" in page
    assert "nieuwe aanbieders: 2" in page and "nieuw aanbod: 3" in page
    assert not Provider.objects.filter(name__in=NEW_PROVIDERS).exists()  # nothing yet
    walk.page("inlezen-voorbeeld")
    sweep.submit_form("main form[action$='/uitwisselen/inlezen/']")
    sweep.check("ingelezen")
    assert Offering.objects.filter(provider__name__in=NEW_PROVIDERS).count() == 3

    # the same file again: the preview says nothing changes
    upload(sweep, browser, source, "nog eens")
    page = main_text(browser)
    assert "nieuwe aanbieders: 0" in page and "nieuw aanbod: 0" in page
    assert "aanbod dat al zo is: 3" in page

    # 2. the coverage matrix (drawn and as a table) and the gap report
    sweep.open(reverse("inventory:coverage"), "dekking")
    assert browser.find_elements(By.CSS_SELECTOR, "main svg")
    assert browser.find_elements(By.CSS_SELECTOR, "main table")
    assert "Informeel" in main_text(browser) or "informeel" in main_text(browser).lower()
    walk.page("dekking")
    sweep.open(reverse("inventory:coverage") + "?frame=jeugd", "dekking jeugd")
    walk.page("dekking-jeugd")
    sweep.open(reverse("inventory:frame-regions"), "regio per kader")
    assert "Jeugdregio Zeist (demo)" in main_text(browser)
    walk.page("regio-per-kader")

    # this year's plan, so a gap can go into it
    sweep.open(reverse("plans:plan-create"), "nieuw plan")
    title = browser.find_element(By.ID, "id_title")
    title.clear()
    title.send_keys(f"Preventieplan Zeist {year}")
    sweep.submit_form()
    plan = Plan.objects.get(municipality__cbs_code="GM0355", year=year)

    sweep.open(reverse("inventory:gap-report"), "tekorten")
    assert "ontbre" in main_text(browser)  # types missing in the municipality or region
    walk.page("tekorten")
    # 3. one gap becomes a measure of this year's plan in one step
    row = browser.find_element(By.CSS_SELECTOR, "main form.stabiel-gap-form")
    gap_name = row.find_element(By.XPATH, "./ancestor::tr/td[1]").text.split("\n")[0]
    sweep.submit(row.find_element(By.CSS_SELECTOR, "button[value=measure]"))
    sweep.check("maatregel uit tekort")
    measure = Measure.objects.get(plan=plan)
    assert gap_name in measure.title  # the plan names the gap
    assert gap_name in main_text(browser)
    walk.page("maatregel-uit-tekort")

    # 4. export as CSV and XLSX; both import back unchanged
    before = snapshot()
    files = {}
    for kind in ("csv", "xlsx"):
        status, _type, content = download(
            browser, reverse("inventory:exchange") + f"?formaat={kind}"
        )
        assert status == 200, kind
        files[kind] = tmp_path / f"export.{kind}"
        files[kind].write_bytes(content)
        walk.save_file(f"sociale-kaart.{kind}", content)
    header = load_workbook(io.BytesIO(files["xlsx"].read_bytes())).active
    assert [c.value for c in next(header.iter_rows(max_row=1))] == HEADER
    for kind, path in files.items():
        upload(sweep, browser, path, f"terug {kind}")
        page = main_text(browser)
        count = len(before)
        assert f"alle {count} regels kloppen" in page, kind
        for line in ("nieuwe aanbieders: 0", "gewijzigde aanbieders: 0", "nieuw aanbod: 0"):
            assert line in page, (kind, line)
        assert "gewijzigd aanbod: 0" in page and f"aanbod dat al zo is: {count}" in page, kind
        if kind == "xlsx":
            walk.page("terug-inlezen")
        sweep.submit_form("main form[action$='/uitwisselen/inlezen/']")
        sweep.check(f"terug ingelezen {kind}")
        assert snapshot() == before, kind  # not one field, not even the change time

    # 5. another system reads /hsds/GM0355/services: every service validates
    sweep.log_out()
    url = live_server.url + "/hsds/GM0355/services?per_page=50"
    seen = 0
    page_number = 1
    while True:
        with urllib.request.urlopen(f"{url}&page={page_number}") as answer:  # noqa: S310 (test server)
            assert answer.status == 200
            assert answer.headers["Content-Type"].startswith("application/json")
            document = json.loads(answer.read())
        for item in document["contents"]:
            # the list item against the list schema, the full service against the service one
            assert problems("service_list", item) == [], item.get("name")
            detail = f"{live_server.url}/hsds/GM0355/services/{item['id']}"
            with urllib.request.urlopen(detail) as answer:  # noqa: S310 (test server)
                assert problems("service", json.loads(answer.read())) == [], item.get("name")
            seen += 1
        if document["last_page"] or page_number >= document["total_pages"]:
            break
        page_number += 1
    assert seen == document["total_items"] and seen >= 3

    # 6. the access worker finds an offering from a case and records a referral
    sweep.log_in("toegang")
    sweep.open(reverse("cases:case-list"), "casussen")
    case_link = browser.find_element(By.CSS_SELECTOR, "main table a[href*='/casussen/']")
    sweep.open(case_link.get_attribute("href"), "casus: waarom")
    browser.find_element(By.CSS_SELECTOR, "input[name=purpose][value=plan]").click()
    sweep.submit_form()
    sweep.check("casus")
    referral_link = browser.find_element(By.CSS_SELECTOR, "main nav a[href*='/doorverwijzen/']")
    sweep.open(referral_link.get_attribute("href"), "doorverwijzen")
    walk.page("doorverwijzen")
    words = browser.find_element(By.ID, "id_woorden")
    words.send_keys("wandel")
    sweep.submit_form("main form[method=get]")
    sweep.check("zoekresultaat")
    page = main_text(browser)
    assert "Wandelmaatje" in page and "7 dagen" in page and "030 555 0000 (aanmelden)" in page
    walk.page("zoekresultaat")
    choose = browser.find_element(
        By.XPATH, "//main//a[contains(., 'Doorverwijzen naar Wandelmaatje')]"
    )
    sweep.open(choose.get_attribute("href"), "doorverwijzen kiezen")
    # first without consent: a clear message, nothing recorded
    note = browser.find_element(By.ID, "id_handover_note")
    note.send_keys("Mevrouw wil graag iemand om mee te wandelen; bellen na 17 uur.")
    sweep.submit_form("main form[method=post]")
    sweep.check("zonder toestemming")
    assert "Verwijs alleen door als het huishouden daar toestemming voor geeft" in main_text(
        browser
    )
    walk.page("zonder-toestemming")
    browser.find_element(By.ID, "id_consent").click()
    sweep.submit_form("main form[method=post]")
    sweep.check("doorverwezen")
    page = main_text(browser)
    assert "Wandelmaatje — Buurtkracht Oost (import)" in page
    assert "Verstuurd" in page and "met toestemming van het huishouden" in page
    walk.page("doorverwezen")
    # the provider says yes
    form = browser.find_element(
        By.CSS_SELECTOR, "main form[action*='/doorverwijzen/'][method=post] select"
    )
    form.find_element(By.CSS_SELECTOR, "option[value=accepted]").click()
    day = browser.find_element(By.CSS_SELECTOR, "main input[name$='-on']")
    day.send_keys(timezone.localdate().strftime("%d-%m-%Y"))
    sweep.submit(browser.find_element(By.XPATH, "//main//form[.//select]//button[@type='submit']"))
    sweep.check("aangenomen")
    assert "Aangenomen" in main_text(browser)
    walk.page("aangenomen")

    # 7. from the plan with the household a goal names an offering, found by the same search
    sweep.open(
        browser.find_element(By.CSS_SELECTOR, "main nav a[href*='/plan/']").get_attribute("href"),
        "plan",
    )
    browser.find_element(By.ID, "id_text").send_keys("Weer vaker naar buiten")
    sweep.submit_form("main form[action$='/goal/']")
    sweep.check("doel toegevoegd")
    goal_section = browser.find_element(
        By.XPATH, "//main//section[.//h2[contains(., 'Weer vaker naar buiten')]]"
    )
    choose = goal_section.find_element(
        By.XPATH, ".//a[contains(., 'Aanbod bij dit doel kiezen')]"
    ).get_attribute("href")
    sweep.open(choose, "aanbod bij een doel")
    words = browser.find_element(By.ID, "id_woorden")
    words.clear()
    words.send_keys("wandel")
    levensgebied = browser.find_elements(By.CSS_SELECTOR, "#id_levensgebied option[value='']")
    if levensgebied:
        levensgebied[0].click()  # all life domains
    sweep.submit_form("main form[method=get]")
    sweep.check("aanbod bij een doel: zoekresultaat")
    page = main_text(browser)
    assert "Wandelmaatje" in page and "7 dagen" in page and "030 555 0000 (aanmelden)" in page
    walk.page("aanbod-bij-doel")
    result = browser.find_element(By.XPATH, "//main//li[.//h3[normalize-space()='Wandelmaatje']]")
    sweep.submit(result.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    sweep.check("plan met aanbod bij doel")
    goal_section = browser.find_element(
        By.XPATH, "//main//section[.//h2[contains(., 'Weer vaker naar buiten')]]"
    )
    assert "Aanbod bij dit doel: Wandelmaatje van Buurtkracht Oost (import)." in goal_section.text
    assert "7 dagen" in goal_section.text and "030 555 0000 (aanmelden)" in goal_section.text
    walk.page("plan-met-aanbod")

    # the inventory counts it without a name: one referral is fewer than 10, so hidden
    sweep.log_out()
    sweep.log_in("beleid")
    wandel = Offering.objects.get(name="Wandelmaatje")
    sweep.open(reverse("inventory:offering-detail", args=[wandel.pk]), "aanbod met telling")
    page = main_text(browser)
    assert f"Doorverwijzingen naar dit aanbod in {year}" in page
    assert "bellen na 17 uur" not in page
    walk.page("aanbod-telling")

    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
