"""The route as data: the counts of KPMG (2019) as SEED_INVENTORY 1.9 lists them, and its pages."""

import re

import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.assessment.drawing import route_layout
from stabiel.assessment.queries import KPMG_PRACTICES
from stabiel.assessment.route import route
from stabiel.practices.models import BasicFunction, Practice

STEP_FUNCTIONS = {
    0: "veilige-leefomgeving",
    1: "tijdig-signaleren",
    2: "tijdig-signaleren",
    3: "vindbare-hulp",
    4: "vindbare-hulp",
    5: "brede-blik",
    6: "brede-blik",
    7: "brede-blik",
    8: "brede-blik",
    9: "brede-blik",
    10: "leren-verbeteren",
}
LESSONS_PER_STEP = [2, 4, 2, 2, 4, 2, 3, 3, 3, 2, 3]


def test_eleven_steps_numbered_zero_to_ten_on_five_functions():
    the_route = route()
    assert [s.number for s in the_route.steps] == list(range(11))
    assert {s.number: s.function_code for s in the_route.steps} == STEP_FUNCTIONS
    assert [f.code for f in the_route.functions] == list(BasicFunction.values)
    assert the_route.function("brede-blik").step_numbers == (5, 6, 7, 8, 9)


def test_thirty_lessons_spread_as_in_the_publication():
    the_route = route()
    assert [len(s.lessons) for s in the_route.steps] == LESSONS_PER_STEP
    assert len(the_route.lessons()) == 30
    assert len({lesson.code for lesson in the_route.lessons()}) == 30
    assert the_route.lesson("4.4").text.startswith("Help professionals om soms bewust niets")


def test_dilemmas_one_per_step_one_to_ten_plus_the_eleventh():
    the_route = route()
    assert len(the_route.dilemmas) == 11
    assert [d.number for d in the_route.dilemmas] == [
        "1", "2", "3", "4", "5", "5b", "6", "7", "8", "9", "10"
    ]  # fmt: skip
    assert the_route.dilemmas_of_step(0) == ()
    for number in range(1, 11):
        assert the_route.step(number).dilemma_numbers[0] == str(number)
    assert len(the_route.dilemmas_of_step(5)) == 2


def test_five_insights_and_three_views_per_function_each_naming_a_chapter():
    the_route = route()
    assert [i.number for i in the_route.insights] == [1, 2, 3, 4, 5]
    for function in the_route.functions:
        assert function.resident and function.professional and function.municipality
        assert function.needs and function.organisation
        assert function.chapter.startswith("De basisfuncties in detail")
    # Learning and improving has one block; the others knowledge and collaboration.
    kinds = {f.code: {n.kind for n in f.needs} for f in the_route.functions}
    assert kinds["leren-verbeteren"] == {"geborgd"}
    assert all(
        kinds[c] == {"kennis", "samenwerking"}
        for c in STEP_FUNCTIONS.values()
        if c != "leren-verbeteren"
    )
    assert all(d.chapter.startswith("Uitdagingen in de praktijk") for d in the_route.dilemmas)


@pytest.mark.django_db
def test_the_sixteen_practices_exist_and_each_has_a_function(catalogue):
    assert len(KPMG_PRACTICES) == 16
    found = Practice.objects.filter(slug__in=KPMG_PRACTICES)
    assert found.count() == 16
    assert all(p.basic_functions for p in found)


def test_route_drawing_places_step_zero_beside_the_others():
    drawing = route_layout(route())
    numbers = [s.number for s in drawing["steps"]]
    assert numbers == list(range(1, 11))
    zero = drawing["zero"]
    # Step 0 is a column left of every other step, as tall as both rows.
    assert all(zero["x"] + zero["width"] < s.x - s.r for s in drawing["steps"])
    assert zero["height"] > 300


@pytest.fixture
def reader(client, make_user, catalogue):
    client.force_login(make_user(Role.POLICY_ADVISER))
    return client


def test_route_page_shows_eleven_steps_and_the_insights(reader):
    response = reader.get(reverse("assessment:route"))
    assert response.status_code == 200
    html = response.content.decode()
    for number in range(11):
        assert reverse("assessment:step-detail", args=[number]) in html
    assert html.count('class="utrecht-table__row"><th scope="row"') == 11
    for insight in route().insights:
        assert insight.title in html
    assert "KPMG, Basisfuncties voor lokale teams (2019)" in html
    assert "<svg" in html


def test_function_pages_together_show_thirty_lessons_and_eleven_dilemmas(reader):
    lessons, dilemmas = set(), set()
    for code in BasicFunction.values:
        response = reader.get(reverse("assessment:function-detail", args=[code]))
        assert response.status_code == 200
        html = response.content.decode()
        lessons |= set(re.findall(r'<span class="stabiel-muted">(\d+\.\d)</span>', html))
        dilemmas |= set(re.findall(r"Dilemma (\d+b?):", html))
        assert "KPMG, Basisfuncties voor lokale teams (2019)" in html
    assert len(lessons) == 30
    assert len(dilemmas) == 11


def test_function_page_links_its_practices(reader):
    html = reader.get(
        reverse("assessment:function-detail", args=["veilige-leefomgeving"])
    ).content.decode()
    assert reverse("practices:detail", args=["kpmg-brunssum"]) in html
    assert reverse("practices:detail", args=["kpmg-enschede"]) in html
    assert reverse("practices:detail", args=["kpmg-almelo"]) not in html


def test_step_page_and_unknown_step_or_function(reader):
    response = reader.get(reverse("assessment:step-detail", args=[4]))
    assert response.status_code == 200
    assert "Dilemma 4:" in response.content.decode()
    assert reader.get(reverse("assessment:step-detail", args=[11])).status_code == 404
    assert (
        reader.get(reverse("assessment:function-detail", args=["bestaat-niet"])).status_code == 404
    )


@pytest.mark.parametrize(
    "role", [Role.PARTNER_REPORTER, Role.SESSION_PARTICIPANT, Role.PRIVACY_OFFICER]
)
def test_route_is_not_for_partners_participants_or_privacy(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("assessment:route")).status_code == 403
