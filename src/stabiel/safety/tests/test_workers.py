from datetime import date

import pytest

from stabiel.safety.workers import frequent_changes

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("starts", "threshold", "expected"),
    [
        ([], 3, []),  # no care worker at all
        ([date(2026, 1, 1)], 1, []),  # the first worker is no change
        ([date(2026, 1, 1), date(2026, 5, 1)], 1, [date(2026, 5, 1)]),  # one change, threshold 1
        ([date(2026, 1, 1), date(2026, 5, 1), date(2026, 9, 1)], 3, []),  # two changes: below 3
        (
            [date(2025, 1, 1), date(2026, 2, 1), date(2026, 6, 1), date(2026, 11, 1)],
            3,
            [date(2026, 2, 1), date(2026, 6, 1), date(2026, 11, 1)],
        ),  # three changes in the year: fires, with the dates as evidence
        (
            [date(2024, 1, 1), date(2024, 6, 1), date(2025, 6, 1), date(2026, 6, 1)],
            2,
            [],
        ),  # one change inside the window; the older ones do not count
        (
            [date(2026, 11, 1), date(2026, 2, 1), date(2026, 6, 1), date(2025, 1, 1)],
            3,
            [date(2026, 2, 1), date(2026, 6, 1), date(2026, 11, 1)],
        ),  # order of input does not matter
        (
            [date(2025, 1, 1), date(2025, 12, 3), date(2026, 6, 1), date(2026, 11, 1)],
            3,
            [date(2025, 12, 3), date(2026, 6, 1), date(2026, 11, 1)],
        ),  # exactly 365 days ago still counts
    ],
)
def test_frequent_changes(starts, threshold, expected):
    assert frequent_changes(starts, today=TODAY, threshold=threshold) == expected


def test_threshold_below_one_is_refused():
    with pytest.raises(ValueError):
        frequent_changes([TODAY], today=TODAY, threshold=0)
