"""The what-if run: the pure counting and suppression, the selector on stored history, the page."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory
from stabiel.core.models import AccessLogEntry
from stabiel.residents.services import household_register, person_register
from stabiel.rules import whatif
from stabiel.rules.engine import rules_run
from stabiel.rules.kinds import KINDS
from stabiel.rules.models import Alert, AlertEvidence, Rule, RuleVersion
from stabiel.rules.queries import rule_whatif
from stabiel.rules.services import rules_seed
from stabiel.signals.services import decision_record

TODAY = date(2026, 6, 15)
NOON = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


# Pure calculations -------------------------------------------------------------------------


# (count, threshold, shown); one comment per row.
SUPPRESS = [
    # Nothing is also a small number: shown the same way, so 0 and 4 cannot be told apart.
    (0, 5, "<5"),
    # One household.
    (1, 5, "<5"),
    # Just below the threshold.
    (4, 5, "<5"),
    # At the threshold the number is shown.
    (5, 5, "5"),
    # Large numbers are shown as they are.
    (120, 5, "120"),
    # Another threshold changes the text too.
    (9, 10, "<10"),
    # ... and the edge.
    (10, 10, "10"),
]


@pytest.mark.parametrize(("count", "threshold", "shown"), SUPPRESS)
def test_suppress(count, threshold, shown):
    assert whatif.suppress(count, threshold=threshold) == shown


def test_suppress_refuses_a_negative_count():
    with pytest.raises(ValueError):
        whatif.suppress(-1, threshold=5)


# (today, months, first month end (the baseline), last month end); one comment per row.
MONTH_ENDS = [
    # Mid-June: twelve whole months June 2025 ... May 2026, after the end of May 2025.
    (date(2026, 6, 15), 12, date(2025, 5, 31), date(2026, 5, 31)),
    # On the first of a month that month has not ended: the last whole month is February.
    (date(2026, 3, 1), 12, date(2025, 2, 28), date(2026, 2, 28)),
    # A leap year ends February on the 29th.
    (date(2024, 3, 10), 1, date(2024, 1, 31), date(2024, 2, 29)),
    # Across the turn of the year.
    (date(2026, 1, 5), 2, date(2025, 10, 31), date(2025, 12, 31)),
]


@pytest.mark.parametrize(("today", "months", "first", "last"), MONTH_ENDS)
def test_month_ends(today, months, first, last):
    ends = whatif.month_ends(today, months)
    assert len(ends) == months + 1
    assert (ends[0], ends[-1]) == (first, last)
    assert ends == sorted(ends)


# (matches at each month end starting with the baseline, raised per month); one comment per row.
RAISED = [
    # Household 3 is new in the first month; nothing new in the second.
    ([{1, 2}, {1, 2, 3}, {1, 2, 3}], [{3}, set()]),
    # Household 1 stops matching, then matches again: raised again in the month it returns.
    ([{1}, set(), {1}], [set(), {1}]),
    # Households that already matched at the baseline were raised before the period.
    ([{1, 2}, {1, 2}], [set()]),
]


@pytest.mark.parametrize(("matches", "raised"), RAISED)
def test_raised_per_month(matches, raised):
    assert whatif.raised_per_month(matches) == raised


def test_count_by_group_puts_unknown_households_under_missing():
    assert whatif.count_by_group([1, 2, 3], {1: "oost", 2: "oost"}, missing="geen") == {
        "oost": 2,
        "geen": 1,
    }


def texts(table: whatif.Table):
    rows = [[c.text for c in row.cells] + [row.total.text] for row in table.rows]
    return rows, [c.text for c in table.totals] + [table.grand_total.text]


D = whatif.HIDDEN_TOTAL
# (counts per team and month, shown cells and totals, shown column totals and grand total);
# one comment per row.
TABLES = [
    # No small numbers: every number and total is shown.
    ([[5, 6], [7, 8]], [["5", "6", "11"], ["7", "8", "15"]], ["12", "14", "26"]),
    # One small number hides its row and column total and the grand total: else 3 comes back.
    ([[5, 3], [7, 8]], [["5", "<5", D], ["7", "8", "15"]], ["12", D, D]),
    # Hidden numbers that together make 9 (at least 5, less than 4 x 4): the grand total shows.
    ([[3, 2], [1, 3]], [["<5", "<5", D], ["<5", "<5", D]], [D, D, "9"]),
    # Four hidden numbers of 4 each: a grand total of 16 would tell they are all 4.
    ([[4, 4], [4, 4]], [["<5", "<5", D], ["<5", "<5", D]], [D, D, D]),
    # All zero: shown as small numbers, nothing adds up to anything that can be shown.
    ([[0, 0], [0, 0]], [["<5", "<5", D], ["<5", "<5", D]], [D, D, D]),
    # A large team and a small one: the large team's row total stays, the grand total shows
    # because the hidden numbers (2 + 3 + 1 = 6) are at least 5.
    ([[10, 20, 30], [2, 3, 1]], [["10", "20", "30", "60"], ["<5", "<5", "<5", D]], [D, D, D, "66"]),
]


@pytest.mark.parametrize(("counts", "cells", "totals"), TABLES)
def test_suppressed_table(counts, cells, totals):
    table = whatif.suppressed_table(
        columns=[f"m{i}" for i in range(len(counts[0]))],
        rows=[(f"team {i}", row) for i, row in enumerate(counts)],
        threshold=5,
    )
    assert texts(table) == (cells, totals)


def test_suppressed_table_needs_one_count_per_column():
    with pytest.raises(ValueError):
        whatif.suppressed_table(columns=["a", "b"], rows=[("team", [1])], threshold=5)


# The selector on stored history --------------------------------------------------------------


@pytest.fixture
def world(catalogue, municipality):
    """Two teams; households 0-5 in the east, 6-8 in the west, 9 in no team's area."""
    east, west, elsewhere = (AreaFactory(municipality=municipality) for _ in range(3))
    TeamFactory(municipality=municipality, name="Oost").areas.add(east)
    TeamFactory(municipality=municipality, name="West").areas.add(west)
    households = []
    for index in range(10):
        area = east if index < 6 else west if index < 9 else elsewhere
        households.append(
            household_register(
                municipality=municipality,
                street="Laan",
                house_number=str(index + 1),
                postcode=f"38{index:02d}EF",
                city="Zeist",
                area=area,
            )
        )
    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    return households


def support(municipality, household, starts, *, end=None):
    for index, start in enumerate(starts):
        decision_record(
            municipality=municipality,
            household=household,
            person=None,
            law="wmo",
            product=f"product {household.pk}-{index}",
            need=f"need {index}",
            start_on=start,
            end_on=end,
            reference=f"W-{household.pk}-{index}-{start}",
        )


def run(municipality, *, proposed, current=None):
    kind = KINDS["decisions_in_household"]
    return rule_whatif(
        municipality=municipality,
        kind=kind,
        proposed_params=kind.clean_params(proposed),
        current_params=kind.clean_params(current or {"min_count": 3}),
        today=TODAY,
        threshold=5,
    )


def counts(table: whatif.Table) -> dict[str, list[int]]:
    return {row.label: [cell.count for cell in row.cells] for row in table.rows}


@pytest.mark.django_db
def test_whatif_counts_households_per_team_in_the_month_they_start_to_match(world, municipality):
    # Five eastern households reach three decisions in March 2026, two western ones in May.
    for household in world[:5]:
        support(municipality, household, [date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10)])
    for household in world[6:8]:
        support(municipality, household, [date(2026, 1, 10), date(2026, 5, 2), date(2026, 5, 3)])
    # The household outside every team's area matches in April.
    support(municipality, world[9], [date(2026, 4, 1)] * 3)

    result = run(municipality, proposed={"min_count": 3}, current={"min_count": 2})

    assert result.months[0] == date(2025, 6, 30) and result.months[-1] == date(2026, 5, 31)
    march, april, may = 9, 10, 11  # indexes of March, April and May 2026
    proposed = counts(result.proposed)
    assert proposed["Oost"][march] == 5 and sum(proposed["Oost"]) == 5
    assert proposed["West"][may] == 2 and sum(proposed["West"]) == 2
    no_team = [label for label in proposed if label not in ("Oost", "West")]
    assert len(no_team) == 1 and proposed[no_team[0]][april] == 1
    # With two decisions as the bar the eastern households were raised a month earlier.
    current = counts(result.current)
    assert current["Oost"][march - 1] == 5
    assert current["West"][may] == 2
    # What the page shows: 5 is shown, 2 and 1 are hidden.
    east = next(row for row in result.proposed.rows if row.label == "Oost")
    west = next(row for row in result.proposed.rows if row.label == "West")
    assert east.cells[march].text == "5"
    assert west.cells[may].text == "<5"


@pytest.mark.django_db
def test_whatif_does_not_count_a_household_twice_while_it_keeps_matching(world, municipality):
    support(municipality, world[0], [date(2025, 12, 1)] * 3)
    result = run(municipality, proposed={"min_count": 3})
    assert sum(counts(result.proposed)["Oost"]) == 1


@pytest.mark.django_db
def test_whatif_writes_nothing(world, municipality):
    support(municipality, world[0], [date(2026, 1, 10)] * 3)
    rules_run(municipality_id=municipality.pk, today=TODAY)
    before = (
        Alert.objects.count(),
        AlertEvidence.objects.count(),
        RuleVersion.objects.count(),
        AccessLogEntry.objects.count(),
    )
    with CaptureQueriesContext(connection) as queries:
        run(municipality, proposed={"min_count": 2})
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert before == (
        Alert.objects.count(),
        AlertEvidence.objects.count(),
        RuleVersion.objects.count(),
        AccessLogEntry.objects.count(),
    )


# The "Proberen" button ------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "stap": "proberen",
        "param_min_count": "2",
        "action": "home_visit",
        "due_working_days": "10",
        "purpose": "Stapeling zien.",
        "legal_basis": "Wmo 2015.",
        "in_force_from": "",
        "change_note": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
@time_machine.travel(NOON, tick=False)
def test_proberen_shows_counts_per_team_and_month_and_stores_nothing(
    client, make_user, world, municipality
):
    for household in world[:6]:
        support(municipality, household, [date(2026, 2, 1), date(2026, 3, 1)])
    person_register(
        municipality=municipality,
        bsn="111222333",
        given_names="Anna",
        surname="Jansen",
        birth_date=date(1980, 1, 1),
        household=world[0],
        since=date(2020, 1, 1),
    )
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    rule = Rule.objects.get(municipality=municipality, code="drie-beschikkingen")
    before = (RuleVersion.objects.count(), Alert.objects.count(), AccessLogEntry.objects.count())

    response = client.post(reverse("rules:version-create", args=[rule.pk]), form_data())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Wat zou deze regel hebben gemeld?" in html
    assert "Oost" in html and "West" in html
    assert "mrt 2026" in html.lower()
    # Six eastern households reach two decisions in March 2026: shown; the rest is small.
    result = response.context["trial"]["result"]
    east = next(row for row in result.proposed.rows if row.label == "Oost")
    assert east.cells[9].text == "6"
    assert "&lt;5" in html
    # No personal data: no household label, name, street or postcode on the page.
    for household in world:
        assert household.label not in html
    for text in ("Jansen", "Anna", "Laan", "3800EF", "111222333"):
        assert text not in html
    assert before == (
        RuleVersion.objects.count(),
        Alert.objects.count(),
        AccessLogEntry.objects.count(),
    )


@pytest.mark.django_db
@time_machine.travel(NOON, tick=False)
def test_proberen_with_bad_settings_shows_the_message_and_no_counts(
    client, make_user, world, municipality
):
    client.force_login(make_user(Role.FUNCTIONAL_ADMIN))
    rule = Rule.objects.get(municipality=municipality, code="drie-beschikkingen")
    response = client.post(
        reverse("rules:version-create", args=[rule.pk]), form_data(param_min_count="veel")
    )
    assert response.status_code == 200
    assert response.context["trial"] is None
    assert response.context["form"].errors["param_min_count"] == ["Vul een heel getal in, zoals 3."]


@pytest.mark.django_db
@time_machine.travel(NOON, tick=False)
def test_proberen_is_for_the_functional_administrator_only(client, make_user, world, municipality):
    rule = Rule.objects.get(municipality=municipality, code="drie-beschikkingen")
    client.force_login(make_user(Role.TEAM_LEAD))
    response = client.post(reverse("rules:version-create", args=[rule.pk]), form_data())
    assert response.status_code == 403
