import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.catalogue.models import Pillar, Publication
from stabiel.plans.models import Measure, Plan
from stabiel.plans.services import plan_create
from stabiel.practices.models import Practice, PracticeKind
from stabiel.practices.services import practice_load_national

pytestmark = pytest.mark.django_db

# SEED_INVENTORY 1.7 (000), 1.9 (004) and 1.10 (003).
KPMG_MUNICIPALITIES = [
    "Almelo", "Brunssum", "Enschede", "Groningen", "Haarlem", "Kaag en Braassem", "Leiden",
    "Montferland", "Roosendaal", "Utrecht", "Velsen", "Den Haag", "Veenendaal", "Rotterdam",
    "Nijmegen", "Amsterdam",
]  # fmt: skip
NAMED_IN_THE_ISSUE = [
    "versimpelteam",
    "minder-stress-postbakje",
    "jongeren-die-18-worden-uitnodigen",
    "sleutelfiguren",
    "vrij-budget-toegang",
    "waakvlambegeleiding",
    "zelfhulpgroep",
    "hulpkaart",
    "ips",
    "zichtbare-clientondersteuning",
    "alternatieve-route",
    "escalatie-voorkomen-ave",
    "beschikkingsvrij-indiceren",
]


def by_publication(code):
    return Practice.objects.filter(municipality__isnull=True, publication__code=code)


def test_seed_holds_every_practice_the_inventory_counts(catalogue):
    # 1.7: 39 rows, minus 3 rows of reading tips (reference boxes, info links, further reading)
    assert by_publication("vng-stop-het-stapelen-2022").count() == 36
    # 1.9: the 16 municipal practices of Bijlage 2 plus the 2 case tables of 004:L609
    kpmg = by_publication("kpmg-basisfuncties-2019")
    assert kpmg.count() == 18
    assert kpmg.filter(slug__startswith="kpmg-").count() == 18
    for name in KPMG_MUNICIPALITIES:
        assert kpmg.filter(organisation__startswith=f"Gemeente {name} (").count() == 1, name
    # the "municipal practice" filter holds KPMG's 16, the two text examples apart (issue 14)
    assert kpmg.filter(kind=PracticeKind.MUNICIPAL).count() == 16
    assert kpmg.filter(kind=PracticeKind.TEXT_EXAMPLE).count() == 2
    assert Practice.objects.filter(kind=PracticeKind.MUNICIPAL).count() == 16
    # 1.10: seven practice stories
    assert by_publication("integraal-werken-2018").count() == 7
    for slug in NAMED_IN_THE_ISSUE:
        assert Practice.objects.filter(slug=slug).exists(), slug


def test_every_practice_is_placed_and_sourced(catalogue):
    for practice in Practice.objects.all():
        assert practice.summary and practice.addresses, practice.slug
        assert practice.source_ref, practice.slug
        assert practice.pillar_id or practice.action_id or practice.basic_functions, practice.slug
        assert practice.basic_function_list, practice.slug


def test_self_help_group_return_figure_is_the_seeds(catalogue):
    practice = Practice.objects.get(slug="zelfhulpgroep")
    assert "€ 7,24" in practice.summary  # 000:L753, social return on investment
    assert "zeven euro" not in practice.summary


def test_municipal_practice_filter_returns_kpmgs_sixteen(client, catalogue, adviser):
    client.force_login(adviser)
    response = client.get(reverse("practices:list"), {"kind": "gemeentepraktijk"})
    assert response.context["practices"].count() == 16


def test_practice_page_shows_the_section_not_a_line_reference(client, catalogue, adviser):
    client.force_login(adviser)
    page = client.get(reverse("practices:detail", args=["minder-stress-postbakje"])).content
    page = page.decode()
    assert "000:L" not in page and "L464" not in page
    assert "Minder stress postbakje" in page


def test_zeist_postbox_facts(catalogue):
    practice = Practice.objects.get(slug="minder-stress-postbakje")
    assert practice.organisation == "Gemeente Zeist"
    assert practice.pillar.code == "bestaanszekerheid"
    assert practice.source_ref == "000:L464-466"
    assert "half jaar" in practice.summary


def test_loading_twice_changes_nothing(catalogue):
    before = Practice.objects.count()
    Practice.objects.filter(slug="hulpkaart").update(title="verkeerd")
    practice_load_national()
    assert Practice.objects.count() == before
    assert Practice.objects.get(slug="hulpkaart").title == "De Hulpkaart"


@pytest.fixture
def adviser(make_user):
    return make_user(Role.POLICY_ADVISER)


@pytest.fixture
def plan(adviser):
    return plan_create(actor=adviser, year=2026, title="Preventieplan 2026")


def test_list_search_and_filters(client, catalogue, adviser):
    client.force_login(adviser)
    url = reverse("practices:list")
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["practices"].count() == Practice.objects.count()

    response = client.get(url, {"q": "postbakje"})
    assert [p.slug for p in response.context["practices"]] == ["minder-stress-postbakje"]

    pillar = Pillar.objects.get(code="meedoen", municipality__isnull=True)
    response = client.get(url, {"pillar": pillar.pk})
    assert {p.pillar_id for p in response.context["practices"]} == {pillar.pk}
    assert "ips" in {p.slug for p in response.context["practices"]}

    publication = Publication.objects.get(code="kpmg-basisfuncties-2019")
    response = client.get(url, {"publication": publication.pk})
    assert response.context["practices"].count() == 18

    response = client.get(url, {"basic_function": "veilige-leefomgeving"})
    slugs = {p.slug for p in response.context["practices"]}
    # KPMG: only Brunssum and Enschede highlight a safe living environment
    assert {"kpmg-brunssum", "kpmg-enschede"} <= slugs
    assert "kpmg-almelo" not in slugs

    response = client.get(url, {"organisation": "Gemeente Zeist"})
    assert [p.slug for p in response.context["practices"]] == ["minder-stress-postbakje"]


def test_bad_filter_values_show_everything_with_a_message(client, catalogue, adviser):
    client.force_login(adviser)
    response = client.get(reverse("practices:list"), {"pillar": "abc", "basic_function": "x"})
    assert response.status_code == 200
    assert "Een filter had een waarde die niet bestaat" in response.content.decode()
    assert response.context["practices"].count() == Practice.objects.count()


def test_detail_and_unknown_practice(client, catalogue, adviser, plan):
    client.force_login(adviser)
    response = client.get(reverse("practices:detail", args=["hulpkaart"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "De Hulpkaart" in body and "Handig: de" in body and "000:L" not in body
    assert "Neem over als maatregel" in body
    assert client.get(reverse("practices:detail", args=["bestaat-niet"])).status_code == 404
    assert (
        client.post(
            reverse("practices:detail", args=["bestaat-niet"]), {"plan": plan.pk}
        ).status_code
        == 404
    )


def test_local_practice_of_another_municipality_is_404(
    client, catalogue, adviser, other_municipality
):
    Practice.objects.create(
        municipality=other_municipality,
        slug="elders",
        title="Elders",
        summary="x",
        publication=Publication.objects.first(),
    )
    client.force_login(adviser)
    assert client.get(reverse("practices:detail", args=["elders"])).status_code == 404
    assert "elders" not in {
        p.slug for p in client.get(reverse("practices:list")).context["practices"]
    }


def test_adopt_creates_a_measure_and_goes_to_the_plan(client, catalogue, adviser, plan):
    client.force_login(adviser)
    response = client.post(
        reverse("practices:detail", args=["waakvlambegeleiding"]),
        {"plan": plan.pk, "impact": "4", "effort": "1"},
    )
    assert response.status_code == 302
    measure = Measure.objects.get(plan=plan)
    assert measure.practice.slug == "waakvlambegeleiding"
    assert measure.title == "Waakvlambegeleiding"
    assert measure.owner and measure.status == Measure.Status.PLANNED
    # the adviser's own estimate, not an invented 3 x 3 (issue 14)
    assert (measure.impact, measure.effort) == (4, 1)
    assert measure.priority == Measure.Priority.QUICK_WIN
    # the measure form opens next
    assert response["Location"] == reverse("plans:measure-edit", args=[measure.pk])
    # the practice page now says where it is used
    body = client.get(reverse("practices:detail", args=["waakvlambegeleiding"])).content.decode()
    assert "gebruikt dit voorbeeld al" in body


def test_adopt_into_another_municipalitys_plan_is_404(
    client, catalogue, adviser, make_user, other_municipality
):
    stranger = make_user(Role.POLICY_ADVISER, municipality=other_municipality)
    foreign = plan_create(actor=stranger, year=2026, title="Andermans plan")
    client.force_login(adviser)
    response = client.post(reverse("practices:detail", args=["hulpkaart"]), {"plan": foreign.pk})
    assert response.status_code == 404
    assert not Measure.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "1 OR 1=1"])
def test_adopt_without_a_valid_plan_explains(client, catalogue, adviser, plan, value):
    client.force_login(adviser)
    response = client.post(reverse("practices:detail", args=["hulpkaart"]), {"plan": value})
    assert response.status_code == 400
    assert "Kies een preventieplan" in response.content.decode()
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"effort": "2"}, "Kies een waarde van 1 tot en met 4."),  # no effect
        ({"impact": "2", "effort": "9"}, "Kies een waarde van 1 tot en met 4."),  # off the scale
    ],
)
def test_adopt_asks_effect_and_effort(client, catalogue, adviser, plan, data, message):
    client.force_login(adviser)
    response = client.post(
        reverse("practices:detail", args=["hulpkaart"]), {"plan": plan.pk, **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Measure.objects.exists()


def test_adopt_into_a_closed_plan_is_refused(client, catalogue, adviser, plan):
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CLOSED)
    client.force_login(adviser)
    response = client.post(reverse("practices:detail", args=["hulpkaart"]), {"plan": plan.pk})
    assert response.status_code == 404
    assert not Measure.objects.exists()
    page = client.get(reverse("practices:detail", args=["hulpkaart"])).content.decode()
    assert "nog geen open preventieplan" in page


def test_service_refuses_a_foreign_plan(catalogue, adviser, make_user, other_municipality):
    from stabiel.practices.services import PracticeAdoptError, practice_adopt

    stranger = make_user(Role.POLICY_ADVISER, municipality=other_municipality)
    foreign = plan_create(actor=stranger, year=2026, title="Andermans plan")
    with pytest.raises(PracticeAdoptError, match="niet bij uw gemeente"):
        practice_adopt(
            actor=adviser, practice=Practice.objects.first(), plan=foreign, impact=3, effort=2
        )
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    ("role", "list_status", "adopt_status"),
    [
        (Role.ACCESS_WORKER, 200, 403),  # reads the library, has no plan
        (Role.TEAM_LEAD, 200, 403),
        (Role.PARTNER_REPORTER, 403, 403),
        (Role.PRIVACY_OFFICER, 403, 403),
    ],
)
def test_who_may_read_and_adopt(
    client, catalogue, make_user, plan, role, list_status, adopt_status
):
    client.force_login(make_user(role))
    assert client.get(reverse("practices:list")).status_code == list_status
    response = client.post(reverse("practices:detail", args=["hulpkaart"]), {"plan": plan.pk})
    assert response.status_code == adopt_status
    assert not Measure.objects.exists()


def test_access_worker_sees_no_adopt_form(client, catalogue, make_user):
    client.force_login(make_user(Role.ACCESS_WORKER))
    body = client.get(reverse("practices:detail", args=["hulpkaart"])).content.decode()
    assert "Neem over als maatregel" not in body


def test_anonymous_goes_to_login(client, catalogue):
    response = client.get(reverse("practices:list"))
    assert response.status_code == 302 and "inloggen" in response["Location"]
