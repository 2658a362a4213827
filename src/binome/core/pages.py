"""Pages of long lists whose cost does not grow with the data.

``Paginator`` asks ``COUNT(*)`` first and the page's rows next; ``window_page`` reads both at once with a window
count, so that a page holding several lists stays within its query budget whatever the data. A number past the
last page shows the last page (a second query, only then), as ``Paginator.get_page`` does.

A list that may hold hundreds of thousands of rows (the queue's ended dossiers, a national access trail) is counted
only up to ``COUNT_CAP``: ``capped_counts`` counts several lists so in one query, ``CappedPaginator`` pages over
their first ``COUNT_CAP`` rows and tells whether there are more (the page then says « plus de 1 000 » and asks to
narrow the list). ``query_without`` repeats a page's other parameters in its pagination links.
"""

import math
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Count, QuerySet, Window
from django.utils.functional import cached_property


PER_PAGE = 50
MATCHES = "_page_matches"
# Capped lists count up to this many rows, then show « plus de 1 000 ».
COUNT_CAP = 1000


def window_page(queryset, number: int | None, per_page: int = PER_PAGE) -> Page:
    """Page ``number`` (1 when absent) of ``queryset``, which must be ordered; its rows keep their type."""
    number = max(number or 1, 1)
    counted = queryset.annotate(**{MATCHES: Window(Count("pk"))})
    rows = list(counted[(number - 1) * per_page : number * per_page])
    if not rows and number > 1:
        total = queryset.count()
        number = max(1, -(-total // per_page))
        rows = list(counted[(number - 1) * per_page : number * per_page])
    total = _matches(rows[0]) if rows else 0
    paginator = Paginator([], per_page)
    paginator.count = total  # the cached property, known from the window count
    return Page(rows, number, paginator)


class CappedPaginator(Paginator):
    """Pages over the first ``COUNT_CAP`` rows: counting a tab of 400,000 ended dossiers would cost more than
    the page itself; the page asks to narrow the list beyond them. ``count``: the capped count when the caller
    already has it (``capped_counts``)."""

    def __init__(self, object_list, per_page, *, count: int | None = None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.__dict__["count"] = count

    @cached_property
    def count(self) -> int:
        return capped_counts({"rows": self.object_list})["rows"]

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @cached_property
    def num_pages(self) -> int:
        return max(1, math.ceil(min(self.count, COUNT_CAP) / self.per_page))

    def page(self, number) -> Page:
        """As ``Paginator.page``, the last page ending at the cap (the count may be the cap plus one)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count, COUNT_CAP)
        return self._get_page(self.object_list[bottom:top], number, self)

    def number_of(self, number) -> int:
        """The page ``get_page(number)`` gives: the first when ``number`` is not a page, the last when beyond."""
        try:
            return self.validate_number(number)
        except PageNotAnInteger:
            return 1
        except EmptyPage:
            return self.num_pages


class Counted:
    """A figure given to ``capped_counts`` already counted: a queryset of one row and one value (a sum of kept
    counters), read as it is then capped as the others; no row reads 0."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset
        self.db = queryset.db


def capped_counts(querysets: dict[str, QuerySet | Counted]) -> dict[str, int]:
    """The number of rows of each queryset, counted up to ``COUNT_CAP + 1`` (more means « over the cap »), in
    one query whose cost does not grow with the table; a ``Counted`` figure is read, then capped the same way."""
    parts, params = [], []
    for queryset in querysets.values():
        if isinstance(queryset, Counted):
            sql, sql_params = queryset.queryset.query.sql_with_params()
            parts.append(f"COALESCE(({sql}), 0)")
            params.extend(sql_params)
            continue
        try:
            sql, sql_params = queryset.order_by().values("pk")[: COUNT_CAP + 1].query.sql_with_params()
        except EmptyResultSet:  # a filter no row meets (``pk__in=[]``, ``none()``): nothing to count
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped)")
        params.extend(sql_params)
    with connections[next(iter(querysets.values())).db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return {key: min(n, COUNT_CAP + 1) for key, n in zip(querysets, cursor.fetchone(), strict=True)}


def _matches(row) -> int:
    return row[MATCHES] if isinstance(row, dict) else getattr(row, MATCHES)


def query_without(query, *names: str) -> str:
    """The parameters of ``query`` (a QueryDict) but ``names``, url-encoded, for links to other pages."""
    return urlencode([(key, value) for key, values in query.lists() if key not in names for value in values])
