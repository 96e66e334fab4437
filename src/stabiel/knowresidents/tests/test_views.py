"""The policy adviser's pages: load figures, record stories, read the picture, export it."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.knowresidents.models import AreaFigure, FigureLoad, HardCase, Observation
from stabiel.plans.seed import worksheets_load

pytestmark = pytest.mark.django_db

LOAD = reverse("knowresidents:load")
PICTURE = reverse("knowresidents:picture")


@pytest.fixture
def browser(client, adviser, catalogue):
    client.force_login(adviser)
    return client


def load_sample(browser):
    return browser.post(LOAD, {"jaar": "2024", "manier": "opname"})


def snapshot():
    return sorted(AreaFigure.objects.values_list("area_code", "indicator", "value"))


def test_the_shipped_recording_loads_once_and_again_changes_nothing(browser):
    response = load_sample(browser)
    assert response.status_code == 302
    first = snapshot()
    assert FigureLoad.objects.count() == 1 and len(first) > 20
    response = load_sample(browser)
    assert FigureLoad.objects.count() == 1 and snapshot() == first
    page = browser.get(response["Location"])
    assert "Er is niets veranderd" in page.content.decode()


def test_the_picture_hides_small_counts_and_says_the_figures_are_a_sample(browser):
    load_sample(browser)
    html = browser.get(PICTURE + "?jaar=2024").content.decode()
    assert "Inwoners met een bijstandsuitkering" in html
    assert "voorbeeldcijfers, geen echte cijfers" in html
    assert "Langdurig in de bijstand" in html  # the national reference figure beside it
    assert "(Langdurig) in de bijstand" in html  # the red flag it points at
    assert "<svg" in html and "<table" in html
    # Austerlitz has 7 people on assistance in the recording: never shown, the district neither.
    austerlitz = html[html.index("Austerlitz-Dorp") :][:400]
    assert "verborgen" in austerlitz
    assert ">7<" not in html and ">7 " not in html
    # Den Dolder is hidden beside it, and so is its only neighbourhood, which is its number.
    area_table = html[html.index('id="buurten"') :]
    den_dolder = area_table[area_table.index("Den Dolder-Noord") :][:400]
    assert "verborgen" in den_dolder and ">110<" not in den_dolder
    # The wide table scrolls sideways on a phone: it can be reached with the keyboard.
    assert 'role="region" aria-labelledby="buurten" tabindex="0"' in html


def test_the_screens_say_the_shipped_numbers_are_made_up_and_how_to_load_real_ones(browser):
    """The shipped recording is illustrative (no internet where it was made): the load page and
    the picture say so plainly and name the way to real figures."""
    form = browser.get(LOAD).content.decode()
    assert "verzonnen cijfers, werkt zonder internet" in form
    assert "manage.py knowresidents_cbs_record --jaar 2024 --gemeente GM0355" in form
    picture = browser.get(PICTURE).content.decode()
    assert "geen echte CBS-cijfers" not in picture  # nothing loaded, nothing to warn about
    load_sample(browser)
    picture = browser.get(PICTURE + "?jaar=2024").content.decode()
    assert "het zijn geen echte CBS-cijfers" in picture
    assert f'href="{LOAD}#cbs"' in picture


def test_no_count_under_the_threshold_appears_in_any_table(browser):
    load_sample(browser)
    html = browser.get(PICTURE).content.decode()
    html = html[: html.index('id="landelijk"')]  # the publication's national figures are no counts
    counts = re.findall(r'<td class="utrecht-table__cell">(\d+) ', html)
    assert counts and all(int(c) >= 10 for c in counts), [c for c in counts if int(c) < 10]


def test_a_csv_with_a_bad_line_stores_nothing_and_names_the_line(browser):
    load_sample(browser)
    before = snapshot()
    bad = b"gebiedscode;indicator;waarde\nGM0355;eenzaamheid;46\nBU09999999;eenzaamheid;12\n"
    response = browser.post(
        LOAD,
        {"jaar": "2024", "bron": "GGD", "bestand": SimpleUploadedFile("ggd.csv", bad)},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er is niets geladen" in html and "Regel 3" in html and "BU09999999" in html
    assert snapshot() == before and FigureLoad.objects.count() == 1


def test_a_csv_with_a_value_that_is_not_a_number_stores_nothing(browser):
    bad = b"gebiedscode;indicator;waarde\nGM0355;eenzaamheid;veel\n"
    response = browser.post(
        LOAD, {"jaar": "2024", "bron": "GGD", "bestand": SimpleUploadedFile("ggd.csv", bad)}
    )
    assert response.status_code == 400
    assert "geen getal" in response.content.decode()
    assert not FigureLoad.objects.exists()


def test_a_good_csv_loads_and_replaces_its_earlier_version(browser, zeist):
    good = b"gebiedscode;indicator;waarde\nGM0355;eenzaamheid;46,5\nWK035501;eenzaamheid;48\n"
    browser.post(
        LOAD, {"jaar": "2024", "bron": "GGD", "bestand": SimpleUploadedFile("a.csv", good)}
    )
    newer = b"gebiedscode;indicator;waarde\nGM0355;eenzaamheid;44\n"
    browser.post(
        LOAD, {"jaar": "2024", "bron": "GGD", "bestand": SimpleUploadedFile("b.csv", newer)}
    )
    assert list(AreaFigure.objects.values_list("area_code", "value")) == [("GM0355", Decimal(44))]
    html = browser.get(PICTURE).content.decode()
    assert "Volwassenen die zich (zeer) eenzaam voelen" in html and "44,0%" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"jaar": "1999", "manier": "opname"}, "Kies een jaar uit de lijst."),
        ({"jaar": "2024"}, "Kies waar de cijfers vandaan komen."),
        ({"jaar": "2024", "manier": "bestand"}, "Kies het bestand met de CBS-opname."),
        ({"jaar": "2023", "manier": "opname"}, "Voor 2023 is geen opname meegeleverd"),
        ({"jaar": "2024", "manier": "online"}, "staat uit op deze server"),
        (
            {"jaar": "2024", "manier": "bestand", "opname": SimpleUploadedFile("x.json", b"{")},
            "geen leesbare CBS-opname",
        ),
        ({"jaar": "", "bron": "", "bestand": ""}, "Vul het jaar van de cijfers in."),
        ({"jaar": "3000", "bron": "GGD"}, "Het jaar ligt in de toekomst."),
    ],
)
def test_bad_load_input_gets_a_dutch_message_and_stores_nothing(browser, data, message):
    response = browser.post(LOAD, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FigureLoad.objects.exists()


def test_three_hard_cases_are_recorded_and_reach_the_worksheet(browser):
    for n in range(3):
        response = browser.post(
            reverse("knowresidents:hardcase-create"),
            {
                "title": f"Geval {n}",
                "situation": "Een vader met schulden en een zoon in jeugdzorg.",
                "why_hard": "Drie organisaties, niemand had de regie.",
                "what_helped": "Eén vaste contactpersoon.",
            },
        )
        assert response.status_code == 302
    assert HardCase.objects.count() == 3
    html = browser.get(PICTURE).content.decode()
    assert "3 gevallen vastgelegd" in html and "Geval 2" in html


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("situation", "Mevrouw Bakker had schulden.", "noemt iemand bij naam"),
        ("why_hard", "BSN 111222333 stond overal.", "bevat een BSN"),
        ("situation", "Zie HH-7KQ2M9 voor alles.", "huishoudcode"),
        ("what_helped", "Een buurman op de Dorpsstraat 4 hielp.", "adres"),
        ("title", "", "Vul dit veld in."),
    ],
)
def test_a_hard_case_that_identifies_someone_is_refused(browser, field, text, message):
    data = {
        "title": "Geval",
        "situation": "Schulden.",
        "why_hard": "Geen regie.",
        "what_helped": "",
    }
    data[field] = text
    response = browser.post(reverse("knowresidents:hardcase-create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HardCase.objects.exists()


def test_what_helped_and_the_front_desk_are_recorded(browser):
    url = reverse("knowresidents:observation-create")
    assert (
        browser.post(
            url, {"kind": "helped", "source": "youth", "text": "Het voetbalveld."}
        ).status_code
        == 302
    )
    assert (
        browser.post(
            url,
            {
                "kind": "front_desk",
                "place": "Receptie sociale dienst",
                "text": "Veel vragen over brieven.",
            },
        ).status_code
        == 302
    )
    html = browser.get(PICTURE).content.decode()
    assert "Het voetbalveld." in html and "Receptie sociale dienst" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "helped", "source": "", "text": "Iets."}, "Kies van wie het komt"),
        ({"kind": "", "text": "Iets."}, "Kies wat u vastlegt."),
        ({"kind": "front_desk", "text": ""}, "Vul dit veld in."),
        ({"kind": "front_desk", "text": "Meneer Pietersen wachtte lang."}, "bij naam"),
        ({"kind": "front_desk", "text": "Iets.", "observed_on": "morgen"}, "Vul een datum in"),
        ({"kind": "front_desk", "text": "Iets.", "observed_on": "2999-01-01"}, "toekomst"),
    ],
)
def test_bad_observations_are_refused(browser, data, message):
    response = browser.post(reverse("knowresidents:observation-create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Observation.objects.exists()


def test_removing_a_load_and_a_story(browser, adviser):
    load_sample(browser)
    load = FigureLoad.objects.get()
    browser.post(reverse("knowresidents:load-remove", args=[load.pk]))
    assert not FigureLoad.objects.exists() and not AreaFigure.objects.exists()
    case = HardCase.objects.create(
        municipality=adviser.municipality, title="x", situation="y", why_hard="z"
    )
    browser.post(reverse("knowresidents:record-delete", args=["geval", case.pk]))
    assert not HardCase.objects.exists()


def test_another_municipality_sees_and_removes_nothing(
    client, browser, make_user, other_municipality
):
    load_sample(browser)
    other = make_user(Role.POLICY_ADVISER, municipality=other_municipality)
    client.force_login(other)
    html = client.get(PICTURE).content.decode()
    assert "Er zijn nog geen cijfers geladen" in html
    client.post(reverse("knowresidents:load-remove", args=[FigureLoad.objects.get().pk]))
    assert FigureLoad.objects.count() == 1


@pytest.mark.parametrize("role", [Role.ACCESS_WORKER, Role.PARTNER_REPORTER, Role.PRIVACY_OFFICER])
def test_other_roles_are_refused(client, make_user, zeist, role):
    client.force_login(make_user(role, municipality=zeist))
    assert client.get(PICTURE).status_code == 403
    assert client.post(LOAD, {"jaar": "2024", "manier": "opname"}).status_code == 403
    assert not FigureLoad.objects.exists()


def test_the_worksheet_pdf(browser):
    load_sample(browser)
    response = browser.get(reverse("knowresidents:worksheet-pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_sample_csv_loads_as_it_is(browser):
    content = browser.get(reverse("knowresidents:sample-csv")).content
    response = browser.post(
        LOAD, {"jaar": "2024", "bron": "Voorbeeld", "bestand": SimpleUploadedFile("v.csv", content)}
    )
    assert response.status_code == 302
    assert AreaFigure.objects.filter(indicator="eenzaamheid").count() == 5


def test_action_ones_worksheet_shows_the_picture(browser, adviser):
    # The worksheets come from a migration; a browser test run before this one flushes them.
    worksheets_load()
    load_sample(browser)
    HardCase.objects.create(
        municipality=adviser.municipality, title="Vastgelopen gezin", situation="y", why_hard="z"
    )
    html = browser.get(reverse("plans:worksheet-list")).content.decode()
    assert "Wat we al weten over onze inwoners" in html
    assert "Vastgelopen gezin" in html and "Inwoners met een bijstandsuitkering" in html
