"""Pages of a long list in one query: the rows of the page and, in the same query, how many rows match.

``Paginator`` asks ``COUNT(*)`` first and the page's rows next; ``window_page`` reads both at once with a window
count, so that a page holding several lists stays within its query budget whatever the data. A number past the
last page shows the last page (a second query, only then), as ``Paginator.get_page`` does. ``query_without``
repeats a page's other parameters in its pagination links.
"""

from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window


PER_PAGE = 50
MATCHES = "_page_matches"


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


def _matches(row) -> int:
    return row[MATCHES] if isinstance(row, dict) else getattr(row, MATCHES)


def query_without(query, *names: str) -> str:
    """The parameters of ``query`` (a QueryDict) but ``names``, url-encoded, for links to other pages."""
    return urlencode([(key, value) for key, values in query.lists() if key not in names for value in values])
