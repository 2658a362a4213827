"""Two middlewares that hold for every page, whatever the view does.

- ``SanitiseInputMiddleware`` removes control characters (NUL first) from every GET and POST value and key and
  from the cookies, before any view, form or draft reads them (``core.text``); a path holding one is not found.
- ``NoStoreMiddleware`` marks every response that did not set its own ``Cache-Control`` as ``no-store``: the
  pages show households' social and financial data, which must not stay in a shared computer's cache or a proxy.
"""

from django.http import Http404, QueryDict
from django.utils.cache import add_never_cache_headers

from binome.core.text import clean_text, has_control


def _needs_cleaning(query: QueryDict) -> bool:
    return any(has_control(key) or any(has_control(v) for v in values) for key, values in query.lists())


def cleaned_query(query: QueryDict) -> QueryDict:
    """``query`` with every key and value cleaned (the same object when nothing needed it)."""
    if not _needs_cleaning(query):
        return query
    lists: dict[str, list[str]] = {}
    for key, values in query.lists():
        lists.setdefault(clean_text(key), []).extend(clean_text(v) for v in values)
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in lists.items():
        cleaned.setlist(key, values)
    cleaned._mutable = False
    return cleaned


class SanitiseInputMiddleware:
    """Placed before the session and CSRF middlewares, so that they read the cleaned cookies and form too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control(request.path):
            raise Http404
        request.GET = cleaned_query(request.GET)
        if request.method == "POST":
            # Parsing errors (too many fields, a broken multipart body) are answered 400 by Django's handler.
            request.POST = cleaned_query(request.POST)
        if any(has_control(k) or has_control(v) for k, v in request.COOKIES.items()):
            request.COOKIES = {clean_text(k): clean_text(v) for k, v in request.COOKIES.items()}
        return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (with ``private``, ``no-cache``, ``max-age=0``) unless the view chose."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
