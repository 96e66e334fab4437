"""Recurring themes as counts for policy (issue 20, part 4): per life domain and pillar for a
year or a quarter, small numbers hidden with their totals, never a case or a name."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory
from stabiel.catalogue.models import LifeDomain, Pillar
from stabiel.insights.meeting_themes import period, theme_counts
from stabiel.meetings import services
from stabiel.meetings.models import BaseKind
from stabiel.supporters.tests.factories import household_with

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def tagged(municipality, make_user, catalogue):
    """Twelve households on one table tagged 'income and debts', three also 'housing'."""
    area = AreaFactory(municipality=municipality, neighbourhood=True)
    team = TeamFactory(municipality=municipality)
    team.areas.add(area)
    worker = make_user(Role.ACCESS_WORKER, teams=[team])
    meeting = services.meeting_plan(
        actor=worker, kind=BaseKind.CUSTOM_TABLE, held_on=TODAY - timedelta(days=1), team=team
    )
    pillar = Pillar.objects.get(municipality__isnull=True, code="bestaanszekerheid")
    money = LifeDomain.objects.get(municipality__isnull=True, code="inkomen-en-schulden")
    housing = LifeDomain.objects.get(municipality__isnull=True, code="wonen")
    for n in range(12):
        household, _ = household_with(municipality, area=area, people=[("Piet", "", f"Zwart{n}")])
        item = services.item_put_forward(
            actor=worker, meeting=meeting, household=household, put_forward_by="", summary="x"
        )
        services.theme_add(actor=worker, item=item, pillar_id=pillar.pk, life_domain_id=money.pk)
        if n < 3:
            services.theme_add(
                actor=worker, item=item, pillar_id=pillar.pk, life_domain_id=housing.pk
            )
    return pillar, money, housing


def test_counts_per_life_domain_and_pillar_small_ones_hidden(municipality, tagged):
    pillar, money, housing = tagged
    themes = theme_counts(municipality=municipality, year=(TODAY - timedelta(days=1)).year)
    rows = {domain: (cells, total) for domain, cells, total in themes.rows}
    column = themes.pillars.index(pillar.display_name)
    assert rows[money.display_name][0][column] == 12
    assert rows[housing.display_name][0][column] is None  # 3: hidden
    assert rows[housing.display_name][1] is None  # its row total too
    # The 3 left over in the column total could sit in any of the hidden life domains.
    assert sum(1 for _, cells, _ in themes.rows if cells[column] is None) >= 2


def test_a_quarter_is_its_three_months():
    assert period(2026, 2) == (TODAY.replace(2026, 4, 1), TODAY.replace(2026, 6, 30))
    assert period(2026, 4)[1] == TODAY.replace(2026, 12, 31)


def test_the_page_shows_counts_and_no_case(client, make_user, municipality, tagged):
    client.force_login(make_user(Role.POLICY_ADVISER))
    url = reverse("insights:meeting-themes")
    body = client.get(url).content.decode()
    assert "Terugkerende thema" in body and 'value="12"' in body
    assert "Zwart" not in body and "HH-" not in body
    for bad in ({"jaar": "x", "kwartaal": "9"}, {"jaar": "1900"}, {"kwartaal": "<b>"}):
        assert client.get(url, bad).status_code == 200


@pytest.mark.parametrize("role", [Role.ACCESS_WORKER, Role.PARTNER_REPORTER])
def test_only_policy_and_team_leads_see_it(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("insights:meeting-themes")).status_code == 403
