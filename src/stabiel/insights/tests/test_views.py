"""Every insights page and CSV, as the roles that may read them: no number under ten, no person."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from stabiel.accounts.roles import Role
from stabiel.cases.models import Contact
from stabiel.insights.outcomes import FIGURES, Breakdown

from . import world as w

pytestmark = pytest.mark.django_db

YEAR = 2026
COUNT = re.compile(r'<data value="(\d+)" class="stabiel-count">')


@pytest.fixture
def busy(catalogue, municipality):
    """A year with cells of every size: 0, a few, and more than ten."""
    with time_machine.travel(datetime(2026, 11, 15, 12, tzinfo=UTC), tick=False):
        yield _busy(municipality)


def _busy(municipality):
    place = w.world(municipality, teams=3)
    for month, (big, small) in enumerate([(14, 3), (11, 1), (25, 7), (0, 2), (12, 12)], start=1):
        raised = date(YEAR, month, 12)
        for i in range(big):
            made = w.alert(place, raised_on=raised, signal_days_before=i % 6)
            case = w.triage(place, made, days_after=i % 4)
            w.broad_look(place, case, domains=5 if i % 3 else 4)
            w.plan(place, case)
            w.contact(
                place,
                case,
                kind=Contact.Kind.VISIT,
                due_on=raised + timedelta(days=5),
                done=i % 2 == 0,
            )
            w.contact(
                place,
                case,
                kind=Contact.Kind.CHECK_IN,
                due_on=raised + timedelta(days=40),
                done=i % 3 != 0,
            )
            if i % 2:
                w.close(case, on=raised + timedelta(days=60), well_landed=i % 4 == 1)
        for _ in range(small):
            w.alert(place, team_index=1 + month % 2, raised_on=raised, rule="drie-beschikkingen")
    w.refresh(municipality)
    return place


def pages():
    yield reverse("insights:outcomes") + f"?jaar={YEAR}"
    for code, figure in FIGURES.items():
        breakdowns = [Breakdown.TEAM, Breakdown.DISTRICT] + ([figure.extra] if figure.extra else [])
        for breakdown in breakdowns:
            query = f"?jaar={YEAR}&indeling={breakdown.value}"
            yield reverse("insights:outcome-figure", args=[code]) + query
            yield reverse("insights:outcome-csv", args=[code]) + query


@pytest.mark.parametrize("role", [Role.POLICY_ADVISER, Role.TEAM_LEAD])
def test_no_page_or_csv_shows_a_small_number_or_a_person(client, make_user, busy, role):
    client.force_login(make_user(role))
    secrets = [h.label for h in busy.households] + [h.pseudonym for h in busy.households]
    shown_any = False
    for url in pages():
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode("utf-8-sig")
        for secret in secrets:
            assert secret not in text, (url, secret)
        if "/csv/" in url:
            rows = list(csv.reader(io.StringIO(text), delimiter=";"))
            for row in rows[1:]:
                for cell in row[1:]:
                    # "x", a count, "40% (12 van 30)" or "5,5 dagen (12 keer)": every count >= 10
                    counts = [int(n) for n in re.findall(r"(?<![\d,])(\d+)(?![\d,%])", cell)]
                    if "dagen" in cell:
                        counts = counts[-1:]  # the median is not a count; the number of cases is
                    assert all(n >= 10 for n in counts), (url, cell)
                    shown_any = shown_any or bool(counts)
        else:
            counts = [int(n) for n in COUNT.findall(text)]
            assert all(n >= 10 for n in counts), (url, counts)
            shown_any = shown_any or bool(counts)
    assert shown_any  # the test would pass on empty pages otherwise


def test_hidden_cells_and_totals_on_the_alerts_page(client, make_user, busy):
    client.force_login(make_user(Role.POLICY_ADVISER))
    response = client.get(
        reverse("insights:outcome-figure", args=["alerts_raised"]) + f"?jaar={YEAR}"
    )
    text = response.content.decode()
    assert "stabiel-hidden-cell" in text
    assert '<data value="14" class="stabiel-count">14</data>' in text
    assert "<svg" in text and "<polyline" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?jaar=abc", "Vul een jaar in als getal"),
        ("?jaar=1990", "Kies een jaar van 2015 tot en met 2026"),
        ("?indeling=postcode", "Kies een indeling uit de lijst"),
    ],
)
def test_bad_period_gets_a_message_and_this_year(client, make_user, busy, query, message):
    client.force_login(make_user(Role.POLICY_ADVISER))
    for url in (
        reverse("insights:outcomes"),
        reverse("insights:outcome-figure", args=["alerts_raised"]),
    ):
        response = client.get(url + query)
        assert response.status_code == 200
        text = response.content.decode()
        assert message in text
        assert "2026" in text


def test_unknown_figure_is_404(client, make_user, municipality):
    client.force_login(make_user(Role.POLICY_ADVISER))
    assert client.get(reverse("insights:outcome-figure", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("insights:outcome-csv", args=["bestaat-niet"])).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.ACCESS_WORKER, Role.PARTNER_REPORTER, Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER]
)
def test_other_roles_may_not_read_outcomes(client, make_user, municipality, role):
    client.force_login(make_user(role, partner_organisation="Partner"))
    assert client.get(reverse("insights:outcomes")).status_code == 403
    assert client.get(reverse("insights:outcome-csv", args=["alerts_raised"])).status_code == 403
