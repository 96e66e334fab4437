"""Issue 17, point 5: a measure's indicator can be an outcome figure, shown over the plan's year
in the progress view; a red flag shows the alerts the rules raised about it. Figures come only
through `insights`, with small numbers hidden."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import MunicipalityFactory
from stabiel.plans.models import Measure

from .factories import FlagFactory, MeasureFactory, PlanFactory
from .test_views import MEASURE

pytestmark = pytest.mark.django_db

COUNT = re.compile(r'<data value="(\d+)" class="stabiel-count">')


@pytest.fixture
def busy(catalogue, municipality, worksheets):
    """A year of execution rows (insights' own test world) with its monthly rows worked out."""
    from stabiel.insights.tests.test_views import _busy

    with time_machine.travel(datetime(2026, 11, 15, 12, tzinfo=UTC), tick=False):
        yield _busy(municipality)


def test_adviser_ties_an_indicator_to_an_outcome_figure_and_sees_it_in_the_progress_view(
    client, make_user, busy
):
    client.force_login(make_user(Role.POLICY_ADVISER))
    plan = PlanFactory(municipality=busy.municipality, year=2026)
    response = client.post(
        reverse("plans:measure-create", args=[plan.pk]),
        {
            **MEASURE,
            "indicator": "Meer meldingen vroeg opgepakt",
            "outcome_figure": "alerts_raised",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.outcome_figure == "alerts_raised"
    detail = client.get(reverse("plans:measure-detail", args=[measure.pk])).content.decode()
    assert "Meldingen van de regels" in detail
    for per in ("", "?per=kwartaal", "?per=onzin"):
        page = client.get(reverse("plans:plan-progress", args=[plan.pk]) + per).content.decode()
        assert "Indicator: Meldingen van de regels" in page
        assert "<svg" in page and ("<polyline" in page or "<circle" in page)
        assert "stabiel-hidden-cell" in page
        counts = [int(n) for n in COUNT.findall(page)]
        assert counts and all(n >= 10 for n in counts), counts
        for house in busy.households:
            assert house.label not in page
    quarters = client.get(reverse("plans:plan-progress", args=[plan.pk]) + "?per=kwartaal")
    assert '<data value="61" class="stabiel-count">61</data>' in quarters.content.decode()


@pytest.mark.parametrize("code", ["bestaat-niet", "<script>", "x" * 60])
def test_unknown_outcome_figure_is_refused_and_nothing_changes(adviser_client, adviser, code):
    plan = PlanFactory(municipality=adviser.municipality)
    response = adviser_client.post(
        reverse("plans:measure-create", args=[plan.pk]), {**MEASURE, "outcome_figure": code}
    )
    assert response.status_code == 400
    assert "Dat uitkomstcijfer kennen we niet" in response.content.decode()
    assert not Measure.objects.exists()
    measure = MeasureFactory(plan=plan, outcome_figure="alerts_raised")
    response = adviser_client.post(
        reverse("plans:measure-edit", args=[measure.pk]),
        {**MEASURE, "status": "planned", "outcome_figure": code},
    )
    assert response.status_code == 400
    measure.refresh_from_db()
    assert measure.outcome_figure == "alerts_raised"


def test_service_refuses_an_unknown_figure(adviser):
    from stabiel.plans import services

    plan = PlanFactory(municipality=adviser.municipality)
    with pytest.raises(services.PlanInputError, match="uitkomstcijfer"):
        services.measure_create(
            actor=adviser, plan=plan, title="T", owner="O", impact=2, effort=2, outcome_figure="zz"
        )


def test_other_municipalitys_measure_cannot_be_tied(adviser_client, adviser):
    plan = PlanFactory(municipality=MunicipalityFactory())
    measure = MeasureFactory(plan=plan)
    response = adviser_client.post(
        reverse("plans:measure-edit", args=[measure.pk]),
        {**MEASURE, "status": "planned", "outcome_figure": "alerts_raised"},
    )
    assert response.status_code == 404
    measure.refresh_from_db()
    assert measure.outcome_figure == ""
    assert adviser_client.get(reverse("plans:plan-progress", args=[plan.pk])).status_code == 404


def test_a_future_plan_shows_no_figures_yet(adviser_client, adviser):
    plan = PlanFactory(municipality=adviser.municipality, year=date.today().year + 1)  # noqa: DTZ011
    MeasureFactory(plan=plan, outcome_figure="alerts_raised")
    page = adviser_client.get(reverse("plans:plan-progress", args=[plan.pk])).content.decode()
    assert "Indicator: Meldingen van de regels" not in page


def test_red_flag_shows_the_alerts_of_its_rules(
    client, make_user, catalogue, municipality, worksheets
):
    from stabiel.catalogue.models import SignalType
    from stabiel.insights.tests import world as w

    signal_type = SignalType.objects.filter(
        municipality__isnull=True, red_flag_type__isnull=False
    ).first()
    place = w.world(municipality)
    place.signal_type = signal_type
    for day in range(11):
        w.alert(place, raised_on=date(2026, 4, 1 + day))
    w.refresh(municipality, today=date(2026, 11, 15))
    plan = PlanFactory(municipality=municipality, year=2026)
    FlagFactory(plan=plan, title="Schulden", red_flag_type=signal_type.red_flag_type)
    FlagFactory(plan=plan, title="Eenzaam", red_flag_type=None)
    other_type = (
        type(signal_type.red_flag_type)
        .objects.exclude(pk=signal_type.red_flag_type_id)
        .filter(municipality__isnull=True)
        .first()
    )
    FlagFactory(plan=plan, title="Weinig", red_flag_type=other_type)
    client.force_login(make_user(Role.POLICY_ADVISER))
    with time_machine.travel(datetime(2026, 11, 15, 12, tzinfo=UTC), tick=False):
        page = client.get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()
    assert "Meldingen van de regels over deze rode vlag in 2026: 11." in page
    assert "te weinig om te tonen (verborgen)" in page
    assert page.count("Meldingen van de regels over deze rode vlag") == 2  # not for 'Eenzaam'


# The plan's documents name the outcome figure and its newest shown value ----------------------


def test_exports_name_the_outcome_figure_and_its_latest_shown_value(client, make_user, busy):
    import io

    import docx
    from pypdf import PdfReader

    from stabiel.plans.exports import plan_export_data, render_markdown

    plan = PlanFactory(municipality=busy.municipality, year=2026)
    MeasureFactory(
        plan=plan, title="Sneller langs", indicator="Meer meldingen", outcome_figure="alerts_raised"
    )
    MeasureFactory(plan=plan, title="Post", indicator="", outcome_figure="check_ins_kept")
    today = date(2026, 11, 15)
    data = plan_export_data(plan=plan, today=today)
    by_title = {m.title: m for m in data.measures}
    alerts = by_title["Sneller langs"]
    assert alerts.outcome_figure == "Meldingen van de regels"
    # May has 12 + 12 alerts; the later months have none (0 is shown as 0, not as a value)
    value = re.search(r"laatste cijfer \((\w+) 2026\): (\d+)", alerts.outcome_value)
    assert value, alerts.outcome_value
    assert int(value.group(2)) >= 10 or int(value.group(2)) == 0
    assert alerts.indicator_text.startswith(
        "Meer meldingen\nUitkomstcijfer: Meldingen van de regels"
    )
    markdown = render_markdown(data)
    assert "Meer meldingen — Uitkomstcijfer: Meldingen van de regels; laatste cijfer" in markdown
    client.force_login(make_user(Role.POLICY_ADVISER))
    with time_machine.travel(datetime(2026, 11, 15, 12, tzinfo=UTC), tick=False):
        word = client.get(reverse("plan_exports:docx", args=[plan.pk]))
        pdf = client.get(reverse("plan_exports:pdf", args=[plan.pk]))
    cells = [
        c.text
        for t in docx.Document(io.BytesIO(word.content)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert any(
        c.startswith("Meer meldingen\nUitkomstcijfer: Meldingen van de regels") for c in cells
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "Uitkomstcijfer: Meldingen van de regels; laatste cijfer" in text
    assert "Uitkomstcijfer: Waakvlamcontacten nagekomen" in text


def test_exports_say_so_when_no_month_can_be_shown(adviser):
    from stabiel.plans.exports import plan_export_data, render_markdown

    plan = PlanFactory(municipality=adviser.municipality, year=2026)
    MeasureFactory(plan=plan, title="Bezoek", indicator="", outcome_figure="stacked_visited")
    MeasureFactory(plan=plan, title="Gewoon", indicator="Tien brieven", outcome_figure="")
    data = plan_export_data(plan=plan, today=date(2026, 11, 15))
    by_title = {m.title: m for m in data.measures}
    assert by_title["Bezoek"].outcome_value == ""
    assert by_title["Bezoek"].indicator_text == (
        "Uitkomstcijfer: Huishoudens met stapeling die bezocht zijn; nog geen maand met genoeg "
        "gevallen om te tonen"
    )
    assert by_title["Gewoon"].indicator_text == "Tien brieven"
    markdown = render_markdown(data)
    assert "nog geen maand met genoeg gevallen om te tonen" in markdown


def test_a_future_plans_export_shows_no_value(adviser):
    from stabiel.plans.exports import plan_export_data

    plan = PlanFactory(municipality=adviser.municipality, year=2027)
    MeasureFactory(plan=plan, outcome_figure="alerts_raised")
    (line,) = plan_export_data(plan=plan, today=date(2026, 11, 15)).measures
    assert line.outcome_figure and not line.outcome_value
