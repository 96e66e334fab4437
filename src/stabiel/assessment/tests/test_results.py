"""Results of a round: the pure calculations (table of cases), the results page with the radar,
the one step into the prevention plan, the exports, and the plan's exports with the radar."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.assessment import services
from stabiel.assessment.drawing import radar_layout
from stabiel.assessment.results import ScoreRow, function_results, most_disputed, statement_results
from stabiel.assessment.services import AssessmentInputError
from stabiel.plans.exports import plan_export_data, render_markdown
from stabiel.plans.models import Flag, Measure, Plan

from .factories import invite, score_all, start_round

R = ScoreRow


@pytest.mark.parametrize(
    ("rows", "mean", "resp_low", "resp_high", "roles_low", "roles_high", "dont_know"),
    [
        # one respondent, two scores: no spread between respondents
        ([R(1, "toegang", 1, "f", 4), R(1, "toegang", 2, "f", 2)], 3.0, 3.0, 3.0, 3.0, 3.0, 0),
        # "weet ik niet" counts apart and not in the mean
        ([R(1, "toegang", 1, "f", 5), R(2, "partner", 1, "f", None)], 5.0, 5.0, 5.0, 5.0, 5.0, 1),
        # two roles far apart: role spread 1 to 5
        ([R(1, "toegang", 1, "f", 5), R(2, "partner", 1, "f", 1)], 3.0, 1.0, 5.0, 1.0, 5.0, 0),
        # same role twice averages first: role spread only between roles
        (
            [R(1, "toegang", 1, "f", 5), R(2, "toegang", 1, "f", 3), R(3, "inwoner", 1, "f", 4)],
            4.0, 3.0, 5.0, 4.0, 4.0, 0,
        ),
        # nobody scored: no mean, no spread
        ([R(1, "toegang", 1, "f", None)], None, None, None, None, None, 1),
    ],
)  # fmt: skip
def test_function_results(rows, mean, resp_low, resp_high, roles_low, roles_high, dont_know):
    (result,) = function_results(rows, ["f"])
    assert result.mean == mean
    assert (result.between_respondents.low, result.between_respondents.high) == (
        resp_low,
        resp_high,
    )
    assert (result.between_roles.low, result.between_roles.high) == (roles_low, roles_high)
    assert result.dont_know == dont_know


def test_function_without_rows_is_still_listed_and_weak_means_below_three():
    results = function_results([R(1, "beleid", 1, "a", 2)], ["a", "b"])
    assert [r.code for r in results] == ["a", "b"]
    assert results[0].weak and not results[1].weak
    assert results[1].mean is None and results[1].scores == 0


def test_widest_disagreement_first_and_single_scores_left_out():
    rows = [
        R(1, "toegang", 10, "f", 5), R(2, "partner", 10, "f", 1),  # sd 2
        R(1, "toegang", 11, "f", 4), R(2, "partner", 11, "f", 3),  # sd 0.5
        R(1, "toegang", 12, "f", 3), R(2, "partner", 12, "f", 3),  # agreed: not disputed
        R(1, "toegang", 13, "f", 1),  # one score only
    ]  # fmt: skip
    ranked = most_disputed(statement_results(rows))
    assert [r.statement for r in ranked] == [10, 11]
    assert ranked[0].sd == 2.0 and (ranked[0].low, ranked[0].high) == (1, 5)


def test_radar_coordinates_are_written_with_a_decimal_point():
    layout = radar_layout(
        axes=[("a", "A"), ("b", "B"), ("c", "C")],
        series=[{"label": "x", "kind": "current", "values": {"a": 5, "b": None, "c": 3.5}}],
        scale_min=1,
        scale_max=5,
    )
    assert all("," not in axis.x for axis in layout["axes"])
    dots = layout["series"][0]["dots"]
    assert dots[1]["missing"] and dots[1]["x"] == layout["cx"]  # missing drawn at the centre
    assert len(layout["rings"]) == 4


# With the database ------------------------------------------------------------------------------


@pytest.fixture
def adviser(make_user, catalogue):
    return make_user(Role.POLICY_ADVISER, first_name="Bea", last_name="Beleid")


@pytest.fixture
def adviser_client(client, adviser):
    client.force_login(adviser)
    return client


@pytest.fixture
def scored_round(adviser):
    """Three respondents in three roles; 'tijdig signaleren' weak, with disagreement."""
    earlier = start_round(adviser, "Voorjaar 2027")
    score_all(invite(adviser, earlier), {}, default=3)
    the_round = start_round(adviser, "Najaar 2027")
    for role, shift in (("toegang", 1), ("partner", -1), ("inwoner", 0)):
        respondent = invite(adviser, the_round, role=role, name=role)
        score_all(
            respondent,
            {
                "veilige-leefomgeving": 4,
                "tijdig-signaleren": 2 + shift,
                "vindbare-hulp": 3,
                "brede-blik": 4,
                "leren-verbeteren": 3,
            },
        )
    return the_round


@pytest.mark.django_db
def test_results_page_shows_radar_spread_disputes_and_weak_function(adviser_client, scored_round):
    response = adviser_client.get(reverse("assessment:round-results", args=[scored_round.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and html.count("<polygon") >= 6  # 4 rings, this round, the earlier one
    assert "Voorjaar 2027" in html  # the earlier round is drawn and named
    assert "1,0\u20133,0" in html  # tijdig signaleren: between roles from 1 to 3
    assert "zwak" in html
    # The widest disagreement first: a statement of 'tijdig signaleren'.
    first = re.search(
        r'<li class="utrecht-ordered-list__item stabiel-statement">\s*<p class="utrecht-paragraph"><strong>([^<]+)',
        html,
    )
    assert first and first.group(1) in set(
        scored_round.statements.filter(function_code="tijdig-signaleren").values_list(
            "text", flat=True
        )
    )
    # Beside the weak function: its lessons and practices.
    assert "Outreachend" in html or "outreachend" in html
    assert reverse("practices:detail", args=["kpmg-leiden"]) in html
    assert "toegang" not in re.findall(r"<th scope=\"row\"[^>]*>([^<]+)", html)  # no names


@pytest.mark.django_db
def test_round_without_respondents_has_no_results_or_exports(adviser_client, adviser):
    the_round = start_round(adviser)
    html = adviser_client.get(
        reverse("assessment:round-results", args=[the_round.pk])
    ).content.decode()
    assert "nog geen deelnemers" in html
    for name in ("assessment:round-results-csv", "assessment:round-results-pdf"):
        response = adviser_client.get(reverse(name, args=[the_round.pk]), follow=True)
        assert "nog niets te downloaden" in response.content.decode()
        assert response.get("Content-Type", "").startswith("text/html")


@pytest.mark.django_db
def test_csv_export_has_functions_and_statements_and_no_names(adviser_client, scored_round):
    response = adviser_client.get(reverse("assessment:round-results-csv", args=[scored_round.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["soort", "basisfunctie", "stelling"]
    assert sum(1 for r in rows if r[0] == "basisfunctie") == 5
    assert sum(1 for r in rows if r[0] == "stelling") == scored_round.statements.count()
    assert "gemiddelde Partner" in rows[0]
    assert not any(cell == "inwoner" for r in rows for cell in r)


@pytest.mark.django_db
def test_pdf_export(adviser_client, scored_round):
    response = adviser_client.get(reverse("assessment:round-results-pdf", args=[scored_round.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.fixture
def plan(adviser):
    return Plan.objects.create(municipality=adviser.municipality, year=2027, title="Plan 2027")


@pytest.mark.django_db
def test_weak_function_becomes_a_measure_in_one_step_with_the_round_as_source(
    adviser_client, scored_round, plan
):
    prefix = "functie-tijdig-signaleren"
    response = adviser_client.post(
        reverse("assessment:round-results", args=[scored_round.pk]),
        {
            "bron": prefix,
            f"{prefix}-plan": plan.pk,
            f"{prefix}-kind": "measure",
            f"{prefix}-title": "Versterken: tijdig signaleren",
            f"{prefix}-owner": "Bea Beleid",
            f"{prefix}-function_code": "tijdig-signaleren",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(plan=plan)
    assert "Najaar 2027" in measure.description and "gemiddeld 2,0 op 5" in measure.description
    assert measure.owner == "Bea Beleid"


@pytest.mark.django_db
def test_disputed_statement_becomes_a_red_flag_with_the_round_as_source(
    adviser, scored_round, plan
):
    statement = scored_round.statements.filter(function_code="tijdig-signaleren").first()
    flag = services.weak_spot_to_plan(
        actor=adviser, the_round=scored_round, plan=plan, kind="flag",
        title="Geen gedeeld beeld", statement=statement,
    )  # fmt: skip
    flag = Flag.objects.get(pk=flag.pk)
    assert flag.colour == "red" and flag.action.code == "uitnodigende-overheid"
    assert "Najaar 2027" in flag.evidence_source
    assert "van 1 tot 3" in flag.evidence_figures


@pytest.mark.django_db
def test_into_the_plan_bad_input_changes_nothing(
    adviser, adviser_client, scored_round, plan, make_user, other_municipality
):
    prefix = "functie-tijdig-signaleren"
    response = adviser_client.post(
        reverse("assessment:round-results", args=[scored_round.pk]),
        {
            "bron": prefix,
            f"{prefix}-plan": plan.pk,
            f"{prefix}-kind": "measure",
            f"{prefix}-title": "X",
            f"{prefix}-owner": "",
            f"{prefix}-function_code": "tijdig-signaleren",
        },
    )
    assert response.status_code == 400
    assert "eigenaar" in response.content.decode()
    theirs = Plan.objects.create(municipality=other_municipality, year=2027, title="Niet van ons")
    with pytest.raises(AssessmentInputError):
        services.weak_spot_to_plan(
            actor=adviser,
            the_round=scored_round,
            plan=theirs,
            kind="flag",
            title="X",
            function_code="brede-blik",
        )
    plan.status = Plan.Status.CLOSED
    plan.save()
    with pytest.raises(AssessmentInputError, match="afgesloten"):
        services.weak_spot_to_plan(
            actor=adviser,
            the_round=scored_round,
            plan=plan,
            kind="flag",
            title="X",
            function_code="brede-blik",
        )
    assert Flag.objects.count() == 0 and Measure.objects.count() == 0


@pytest.mark.django_db
def test_plan_exports_show_the_latest_radar(adviser, scored_round, plan):
    data = plan_export_data(plan=plan, today=date(2027, 11, 1))
    assert data.radar is not None and data.radar.round_title == "Najaar 2027"
    assert "<svg" in data.radar.svg
    markdown = render_markdown(data)
    assert "Zelfevaluatie van de basisfuncties" in markdown
    assert "| Tijdig signaleren van de vraag | 2,0 |" in markdown


@pytest.mark.django_db
def test_plan_export_without_any_round_has_no_radar(adviser, plan):
    assert plan_export_data(plan=plan).radar is None
