"""A long list is not counted to its end: past the cap it says "more than"."""

import pytest

from stabiel.accounts.models import Area
from stabiel.accounts.tests.factories import AreaFactory
from stabiel.core.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("rows", "count", "capped"), [(2, 2, False), (3, 3, False), (5, 3, True)])
def test_the_count_stops_at_the_cap(municipality, rows, count, capped):
    for _ in range(rows):
        AreaFactory(municipality=municipality)

    paginator = CappedPaginator(Area.objects.order_by("pk"), 2, cap=3)

    assert paginator.count == count
    assert paginator.capped is capped
    assert paginator.num_pages == (count + 1) // 2
    assert len(paginator.page(1)) == 2
