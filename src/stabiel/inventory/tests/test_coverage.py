import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.catalogue.models import ProvisionType
from stabiel.inventory import coverage, queries
from stabiel.inventory.models import CapacityNorm
from stabiel.inventory.services import InventoryInputError, gap_to_plan, norm_save
from stabiel.plans.models import Flag, Measure, Plan

from .factories import make_offering, make_provider


@pytest.mark.parametrize(
    ("rows", "need", "unit", "gap"),
    [
        # places against places: 10 + 5 < 20
        ([(10, "tegelijk"), (5, "tegelijk")], 20, "tegelijk", True),
        # places reached exactly
        ([(20, "tegelijk")], 20, "tegelijk", False),
        # per day counts as seven per week: 3/day = 21/week >= 20/week
        ([(3, "per-dag")], 20, "per-week", False),
        # per week against per day: 20/week < 3/day (21/week)
        ([(20, "per-week")], 3, "per-dag", True),
        # places never count toward a weekly norm
        ([(100, "tegelijk")], 5, "per-week", True),
    ],
)
def test_thin_capacity(rows, need, unit, gap):
    norms = [(1, "Maatjes", "Sociale contacten", "sociale-contacten", need, unit)]
    assert bool(coverage.thin_capacity(norms=norms, offered={1: rows})) is gap


@pytest.mark.parametrize(
    ("days", "norm", "default", "gap"),
    [
        (50, None, 42, True),  # past the municipality's default
        (42, None, 42, False),  # exactly the default is not long
        (50, 60, 42, False),  # the type's own norm is more lenient
        (None, 10, 42, False),  # unknown waiting time is no gap
    ],
)
def test_long_waits(days, norm, default, gap):
    offerings = [(7, "Aanbod", "Aanbieder", 1, "Soort", "Domein", "code", days)]
    max_days = {} if norm is None else {1: norm}
    found = coverage.long_waits(offerings=offerings, max_days=max_days, default_days=default)
    assert bool(found) is gap


def test_missing_types_split_municipality_and_region():
    types = [(1, "A", "D", "d"), (2, "B", "D", "d"), (3, "C", "D", "d")]
    gaps = coverage.missing_types(types=types, here={1}, region={1, 2})
    assert [(g.kind, g.type_id) for g in gaps] == [("missing-here", 2), ("missing-region", 3)]


def test_matrix_counts_and_thin_cells():
    matrix = coverage.coverage_matrix(
        rows=[(1, "Wonen"), (2, "Werk")],
        cols=[(10, "Informeel"), (11, "Sociaal domein")],
        counts={(1, 10): 3, (2, 11): 1},
        href=lambda r, c: f"/{r}/{c}",
    )
    assert matrix.total == 4
    assert matrix.cell(1, 10).count == 3 and not matrix.cell(1, 10).thin
    assert matrix.cell(2, 10).thin and matrix.cell(2, 11).thin
    assert matrix.table[0][2] == 3


pytestmark = pytest.mark.django_db


@pytest.fixture
def inventory(adviser, neighbour_adviser, ptype, shells):
    mine = make_provider(adviser, name="Ons")
    theirs = make_provider(neighbour_adviser, name="Buren")
    make_offering(adviser, provider=mine, provision_type=ptype, shell=shells["informeel"])
    other = ProvisionType.objects.get(municipality__isnull=True, code="voedselbank")
    make_offering(
        neighbour_adviser,
        provider=theirs,
        provision_type=other,
        shell=shells["informeel"],
        waiting_days=90,
    )
    return {"mine": mine, "other_type": other}


def test_coverage_page_draws_and_tabulates_and_links(client, adviser, inventory, shells):
    client.force_login(adviser)
    response = client.get(reverse("inventory:coverage"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<table" in html
    own = client.get(reverse("inventory:coverage"), {"scope": "own"})
    assert own.context["matrix"].total == 1
    assert response.context["matrix"].total == 2
    link = f"shell={shells['informeel'].pk}"
    assert link in html
    bad = client.get(reverse("inventory:coverage"), {"scope": "alles", "frame": "x"})
    assert bad.status_code == 200


def test_gap_report_and_csv(client, adviser, inventory, ptype):
    client.force_login(adviser)
    report = queries.gap_report(actor=adviser)
    missing_here = {g.type_id for g in report["missing_here"]}
    missing_region = {g.type_id for g in report["missing_region"]}
    assert inventory["other_type"].pk in missing_here
    assert ptype.pk not in missing_here | missing_region
    # the neighbour's long wait is the neighbour's gap, not ours
    assert report["wait"] == []
    response = client.get(reverse("inventory:gap-report"), {"formaat": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "ontbreekt in onze gemeente;" in body
    assert inventory["other_type"].name in body


def test_norm_makes_a_capacity_gap(adviser, inventory, ptype):
    norm_save(
        actor=adviser,
        provision_type=ptype,
        capacity=50,
        capacity_unit="tegelijk",
        max_waiting_days=7,
    )
    report = queries.gap_report(actor=adviser)
    assert [g.type_id for g in report["capacity"]] == [ptype.pk]
    assert [g.detail["days"] for g in report["wait"]] == [14]
    norm_save(
        actor=adviser, provision_type=ptype, capacity=None, capacity_unit="", max_waiting_days=None
    )
    assert not CapacityNorm.objects.exists()


def test_norm_form_bad_input(client, adviser, ptype):
    client.force_login(adviser)
    response = client.post(
        reverse("inventory:norm-list"),
        {"provision_type": ptype.pk, "capacity": "twintig", "capacity_unit": "tegelijk"},
    )
    assert response.status_code == 400
    assert "Vul een heel getal in" in response.content.decode()
    response = client.post(
        reverse("inventory:norm-list"), {"provision_type": ptype.pk, "capacity": "20"}
    )
    assert "Kies of de omvang tegelijk" in response.content.decode()
    assert not CapacityNorm.objects.exists()


def test_gap_becomes_a_red_flag_in_one_step(client, adviser, inventory):
    plan = Plan.objects.create(
        municipality=adviser.municipality, year=timezone.localdate().year, title="Plan"
    )
    client.force_login(adviser)
    key = f"missing-here:{inventory['other_type'].pk}"
    response = client.post(reverse("inventory:gap-to-plan"), {"key": key, "as_what": "flag"})
    assert response.status_code == 302
    flag = Flag.objects.get(plan=plan)
    assert flag.colour == "red"
    assert inventory["other_type"].name in flag.title
    assert flag.pillar.code == "bestaanszekerheid"  # food bank: income and debts
    response = client.post(reverse("inventory:gap-to-plan"), {"key": key, "as_what": "measure"})
    measure = Measure.objects.get(plan=plan)
    assert inventory["other_type"].name in measure.title
    assert response.url == reverse("plans:measure-detail", args=[measure.pk])


def test_gap_to_plan_bad_input(client, adviser, inventory):
    client.force_login(adviser)
    key = f"missing-here:{inventory['other_type'].pk}"
    response = client.post(reverse("inventory:gap-to-plan"), {"key": key, "as_what": "flag"})
    assert response.status_code == 400
    assert "nog geen preventieplan" in response.content.decode()
    Plan.objects.create(
        municipality=adviser.municipality, year=timezone.localdate().year, title="Plan"
    )
    response = client.post(
        reverse("inventory:gap-to-plan"), {"key": "missing-here:999999", "as_what": "flag"}
    )
    assert response.status_code == 400
    assert "niet (meer) in het overzicht" in response.content.decode()
    response = client.post(reverse("inventory:gap-to-plan"), {"key": key, "as_what": "ding"})
    assert response.status_code == 400
    assert not Flag.objects.exists() and not Measure.objects.exists()


def test_worker_cannot_put_a_gap_in_the_plan(client, make_user, inventory):
    worker = make_user(Role.ACCESS_WORKER)
    client.force_login(worker)
    assert client.get(reverse("inventory:gap-report")).status_code == 200
    response = client.post(reverse("inventory:gap-to-plan"), {"key": "x", "as_what": "flag"})
    assert response.status_code == 403
    with pytest.raises(InventoryInputError):
        gap_to_plan(actor=worker, gap=None, as_what="flag")
