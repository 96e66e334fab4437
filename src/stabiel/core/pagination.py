"""Pages of a long list without counting every row.

Counting 70,000 open alerts of a team costs more than showing a page of them (the screens
benchmark: the count was most of the page). Nobody pages through 1,400 pages; past a cap the list
says "more than N" and asks for a filter. The count reads at most `cap + 1` rows.
"""

from functools import cached_property

from django.core.paginator import Paginator

LIST_COUNT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = LIST_COUNT_CAP if cap is None else cap

    @cached_property
    def _limited_count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._limited_count, self.cap)

    @property
    def capped(self) -> bool:
        """True when there are more rows than the pages show."""
        return self._limited_count > self.cap
