"""The line over the months: gaps for hidden months, a round top for the axis."""

from datetime import date

import pytest

from stabiel.insights.chart import _nice_top, line_chart

MONTHS = [date(2026, m, 1) for m in range(1, 5)]


@pytest.mark.parametrize(
    ("value", "top"),
    [
        (0, 1.0),  # nothing shown: an axis up to 1
        (7, 10.0),  # 7 fits under 10
        (23, 25.0),  # 23 fits under 25
        (180, 200.0),  # 180 fits under 200
        (100, 100.0),  # exactly a round number
    ],
)
def test_nice_top(value, top):
    assert _nice_top(value) == top


def test_hidden_month_breaks_the_line():
    chart = line_chart(MONTHS, [10, 12, None, 15])
    assert len(chart.points) == 3
    assert len(chart.segments) == 1  # the lone point after the gap is a dot, not a line
    assert chart.segments[0].count(",") == 2
    assert not chart.empty


def test_share_axis_is_fixed_at_100():
    chart = line_chart(MONTHS, [50.0, None, None, None], top=100.0)
    assert chart.ticks[-1].value == 100.0
    assert chart.points[0].y == pytest.approx((chart.top + chart.bottom) / 2)


def test_all_hidden_is_empty():
    assert line_chart(MONTHS, [None] * 4).empty


def test_one_value_per_month():
    with pytest.raises(ValueError):
        line_chart(MONTHS, [1, 2])
