"""Issue 14's "done when", walked in one browser session as a new user would.

The demo policy adviser corrects the date of last year's work session, hears two more
participants (by link, without an account), removes one wrong answer with a reason, removes a
measure and restores it, exports the plan and finds every answer grouped by perspective in the
PDF, DOCX and Markdown, starts next year's plan from this one, and adopts a measure that another
municipality on the same installation published. Every page is checked by axe-core and at 390 px
(no sideways scroll); ``STABIEL_SHOTS=/some/folder`` also keeps screenshots and the exports.
"""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from stabiel.plans.models import Answer, Measure, Plan, PlanEvent
from stabiel.tests.test_accessibility import Sweep, browser, demo
from stabiel.tests.walk import Walk, download

__all__ = ["browser", "demo"]

pytestmark = pytest.mark.browser

ANSWERS = {
    # perspective -> what the participant writes on the first question of worksheet 2
    "Sociaal domein": "Wij zien gezinnen pas als de deurwaarder al langs is geweest.",
    "Veiligheid": "Bij huisuitzetting staan wij vaak voor een dichte deur.",
}
LONG_WORD = "Schuldhulpverleningstrajectbegeleidingsovereenkomstenadministratie" * 2
WRONG = "Dit antwoord hoort eigenlijk bij werkblad 1."


def follow(sweep, selector: str, label: str) -> None:
    """Clicks through a link the page offers (it must be there)."""
    link = sweep.driver.find_element(By.CSS_SELECTOR, selector)
    sweep.open(link.get_attribute("href"), label)


def main_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def set_date(browser, field_id: str, value: str) -> None:
    browser.execute_script(
        "document.getElementById(arguments[0]).value = arguments[1]", field_id, value
    )


def fill(browser, field_id: str, value: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(value)


def in_groups(text: str, perspective: str, answer: str) -> bool:
    """The answer follows its perspective's name, with no other perspective in between."""
    at = text.find(answer)
    before = text[:at]
    return (
        at >= 0
        and perspective in before
        and before.rfind(perspective)
        > max(
            before.rfind(other)
            for other in ("Sociaal domein", "Veiligheid", "Inwoner")
            if other != perspective
        )
    )


def test_issue_14_done_when(browser, live_server, demo):
    sweep = Sweep(browser, live_server.url)
    walk = Walk(browser)
    browser.delete_all_cookies()
    year = timezone.localdate().year
    last_year = Plan.objects.get(municipality__cbs_code="GM0355", year=year - 1)
    session = last_year.sessions.get()
    resident_answer = Answer.objects.get(participant__session=session).text

    sweep.log_in("beleid")
    walk.page("home")
    sweep.open(reverse("plans:plan-list"), "plannen")
    walk.page("plannen")
    follow(sweep, f"main a[href='{reverse('plans:plan-detail', args=[last_year.pk])}']", "plan")
    walk.page("plan-vorig-jaar")

    # a long word in the summary wraps instead of widening the page
    follow(sweep, f"main a[href='{reverse('plans:plan-edit', args=[last_year.pk])}']", "wijzig")
    fill(browser, "id_summary", f"Minder stress door {LONG_WORD} en een vaste contactpersoon.")
    sweep.submit_form()
    sweep.check("plan met een lang woord")
    assert LONG_WORD in main_text(browser)
    walk.page("plan-lang-woord")

    # 1. correct the session's date
    follow(sweep, f"main a[href='{reverse('plans:session-detail', args=[session.pk])}']", "sessie")
    follow(sweep, f"main a[href='{reverse('plans:session-edit', args=[session.pk])}']", "wijzig")
    walk.page("werksessie-wijzigen")
    set_date(browser, "id_held_on", f"{year - 1}-02-12")
    sweep.submit_form()
    sweep.check("werksessie opgeslagen")
    session.refresh_from_db()
    assert session.held_on.day == 12
    assert "12 februari" in browser.find_element(By.TAG_NAME, "main").text
    walk.page("werksessie")

    # two more participants, from other perspectives
    for index, name in ((0, "Deelnemer Sociaal"), (1, "Deelnemer Veiligheid")):
        fill(browser, "id_name", name)
        browser.find_element(By.ID, f"id_perspective_{index}").click()
        sweep.submit_form("main section form.utrecht-form")
    links = [
        e.get_attribute("value")
        for e in browser.find_elements(By.CSS_SELECTOR, "input.stabiel-plan-link")
    ]
    assert len(links) == 3
    walk.page("werksessie-drie-deelnemers")

    # they answer by link, logged out
    sweep.log_out()
    for link in links:
        sweep.open(link, "deelnemer")
        found = re.search(r"vanuit het perspectief (.+?)\. ", main_text(browser))
        perspective = found.group(1) if found else None
        if perspective not in ANSWERS:
            continue  # the resident answered already (demo)
        areas = browser.find_elements(
            By.CSS_SELECTOR, "section[aria-labelledby=werkblad-2] textarea"
        )
        areas[0].send_keys(ANSWERS[perspective])
        if perspective == "Veiligheid":
            areas[1].send_keys(WRONG)
            areas[-1].send_keys("Wie belt de verhuurder als eerste?")
        walk.page(f"deelnemer-{perspective.split()[0].lower()}")
        sweep.submit_form("main form")
        sweep.check("deelnemer opgeslagen")
    assert Answer.objects.filter(participant__session=session).count() == 4

    # the facilitator removes the wrong answer, with a reason
    sweep.log_in("beleid")
    sweep.open(reverse("plans:session-merged", args=[session.pk]), "samenvoegen")
    walk.page("samenvoegen")
    wrong = Answer.objects.get(text=WRONG)
    follow(
        sweep, f"main a[href='{reverse('plans:part-remove', args=['antwoord', wrong.pk])}']", "weg"
    )
    assert WRONG in browser.find_element(By.TAG_NAME, "main").text
    sweep.submit_form()
    sweep.check("antwoord zonder reden")
    assert "Schrijf op waarom u dit verwijdert." in browser.page_source
    fill(browser, "id_reason", "Hoort bij werkblad 1; de deelnemer vult het daar in.")
    walk.page("antwoord-verwijderen")
    sweep.submit_form()
    sweep.check("antwoord verwijderd")
    assert not Answer.objects.filter(pk=wrong.pk).exists()
    assert WRONG not in browser.find_element(By.TAG_NAME, "main").text

    # 2. remove a measure, and restore it from the history
    measure = Measure.objects.filter(plan=last_year).order_by("pk").first()
    sweep.open(reverse("plans:plan-detail", args=[last_year.pk]), "plan")
    follow(sweep, f"main a[href='{reverse('plans:measure-detail', args=[measure.pk])}']", "m")
    follow(
        sweep, f"main a[href='{reverse('plans:part-remove', args=['maatregel', measure.pk])}']", "?"
    )
    assert "Weet u zeker dat u de maatregel wilt verwijderen?" in browser.page_source
    walk.page("maatregel-verwijderen")
    sweep.submit_form()
    sweep.check("maatregel verwijderd")
    assert not Measure.objects.filter(pk=measure.pk).exists()
    assert "is verwijderd" in main_text(browser)
    detail = reverse("plans:measure-detail", args=[measure.pk])
    assert not browser.find_elements(By.CSS_SELECTOR, f"main a[href='{detail}']")
    follow(sweep, f"main a[href='{reverse('plans:plan-history', args=[last_year.pk])}']", "hist")
    page = browser.find_element(By.TAG_NAME, "main").text
    assert measure.title in page and "Hoort bij werkblad 1" in page
    walk.page("geschiedenis")
    restore = reverse("plans:part-restore", args=["maatregel", measure.pk])
    sweep.submit(browser.find_element(By.CSS_SELECTOR, f"form[action='{restore}'] button"))
    sweep.check("teruggezet")
    assert Measure.objects.filter(pk=measure.pk).exists()
    verbs = list(PlanEvent.objects.filter(plan=last_year).values_list("verb", flat=True))
    assert {"changed", "removed", "restored"} <= set(verbs)

    # 3. the exports carry every answer, grouped by perspective, and no name
    sweep.open(reverse("plans:plan-detail", args=[last_year.pk]), "plan")
    texts = {}
    for kind in ("pdf", "docx", "markdown"):
        url = reverse(f"plan_exports:{kind}", args=[last_year.pk])
        assert browser.find_elements(By.CSS_SELECTOR, f"main a[href='{url}']"), kind
        status, _type, content = download(browser, url)
        assert status == 200, kind
        walk.save_file(f"plan.{'md' if kind == 'markdown' else kind}", content)
        if kind == "pdf":
            texts[kind] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        elif kind == "docx":
            document = Document(io.BytesIO(content))
            cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
            texts[kind] = "\n".join([p.text for p in document.paragraphs] + cells)
        else:
            texts[kind] = content.decode()
    expected = {**ANSWERS, "Inwoner": resident_answer}
    for kind, text in texts.items():
        flat = re.sub(r"\s+", " ", text)
        for perspective, answer in expected.items():
            assert in_groups(flat, perspective, re.sub(r"\s+", " ", answer)), (kind, answer)
        assert "Wie belt de verhuurder als eerste?" in flat, kind  # the own question
        assert WRONG not in flat, kind
        for name in ("Deelnemer Sociaal", "Deelnemer Veiligheid", "Dirk Deelnemer"):
            assert name not in flat, (kind, name)

    # 4. next year's plan from this one
    follow(sweep, f"main a[href='{reverse('plans:plan-next-year', args=[last_year.pk])}']", "next")
    walk.page("volgend-jaar")
    sweep.submit_form()
    sweep.check("plan volgend jaar")
    new_plan = Plan.objects.get(municipality=last_year.municipality, year=year)
    assert new_plan.measures.count() == last_year.measures.count()
    assert new_plan.flags.count() == last_year.flags.count()
    assert not new_plan.sessions.exists()
    walk.page("plan-dit-jaar")

    # 5. adopt a measure that another municipality published
    follow(sweep, f"main a[href='{reverse('plans:shared-list')}']", "gedeeld")
    walk.page("gedeelde-plannen")
    article = browser.find_element(By.CSS_SELECTOR, "main article")
    title = article.find_element(By.TAG_NAME, "h3").text
    Select(article.find_element(By.NAME, "plan")).select_by_value(str(new_plan.pk))
    sweep.submit(article.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    sweep.check("overgenomen")
    adopted = Measure.objects.get(plan=new_plan, title=title)
    assert adopted.adopted_from is not None
    assert adopted.adopted_from.municipality.name in adopted.source
    assert adopted.status == Measure.Status.PLANNED
    assert adopted.adopted_from.municipality.name in browser.find_element(By.TAG_NAME, "main").text
    walk.page("overgenomen")

    if sweep.violations:
        pytest.fail(sweep.report(), pytrace=False)
