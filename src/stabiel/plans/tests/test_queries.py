import datetime

import pytest

from stabiel.plans import queries
from stabiel.plans.chart import chart_layout
from stabiel.plans.models import Measure, MeasureUpdate

from .factories import MeasureFactory

TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("fields", "last_update", "state"),
    [
        ({"status": "done"}, None, "done"),  # finished
        ({"status": "stopped"}, None, "stopped"),  # stopped counts apart
        ({"ends_on": datetime.date(2026, 5, 31)}, None, "late"),  # past its end date
        (
            {"ends_on": datetime.date(2026, 6, 1), "status": "running"},
            None,
            "on_track",
        ),  # ends today: not late yet
        ({}, "late", "late"),  # last reported late
        ({}, "on_track", "on_track"),  # last reported on track
        ({}, None, "not_started"),  # new, nothing reported: not started (issue 14)
        ({"starts_on": datetime.date(2026, 6, 1)}, None, "not_started"),  # starts today
        ({"starts_on": datetime.date(2026, 5, 1)}, None, "late"),  # should have started
        ({"status": "running"}, None, "on_track"),  # started, nothing reported yet
    ],
)
def test_measure_state(db, fields, last_update, state):
    measure = MeasureFactory(**fields)
    if last_update:
        MeasureUpdate.objects.create(
            municipality=measure.municipality,
            measure=measure,
            written_on=TODAY,
            progress=last_update,
            note="x",
        )
    measure = Measure.objects.prefetch_related("updates").get(pk=measure.pk)
    assert queries.measure_state(measure, today=TODAY) == state


def test_chart_puts_measures_in_their_quadrant():
    quick = Measure(title="Snel", impact=4, effort=1)
    reconsider = Measure(title="Zwaar", impact=1, effort=4)
    layout = chart_layout([quick, reconsider])
    first, second = layout["points"]
    # high impact is near the top (small y), little effort on the left (small x)
    assert first.x < layout["split_x"] < second.x
    assert first.y < layout["split_y"] < second.y
    assert [p.number for p in layout["points"]] == [1, 2]


def test_chart_nudges_measures_with_the_same_scores_apart():
    layout = chart_layout([Measure(title=str(i), impact=3, effort=3) for i in range(3)])
    assert len({(p.x, p.y) for p in layout["points"]}) == 3


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12500", "12500.00"),  # plain
        ("12500,50", "12500.50"),  # Dutch decimal comma
        ("12.500,50", "12500.50"),  # Dutch thousands and decimals
        ("25.000", "25000.00"),  # Dutch thousands without decimals
        ("€ 1.250.000", "1250000.00"),  # euro sign and millions
        ("99.5", "99.50"),  # a decimal point with one or two digits stays a decimal point
        ("", None),  # no budget
    ],
)
def test_parse_budget(text, amount):
    from stabiel.plans.services import parse_budget

    result = parse_budget(text)
    assert (None if result is None else str(result)) == amount
