"""The French error pages: 404 and 500, in production and in the demo (debug) alike.

``page_not_found`` and ``server_error`` are the project's ``handler404`` / ``handler500``. In debug Django shows
its own English pages instead (the 404 one lists every URL of the site); ``ErrorPagesMiddleware`` puts the French
pages back there too, and writes the traceback of an error to the console for the developer.

The 500 page is rendered without the request's context: no database query, no session, since the database may
be what failed. With ``ATOMIC_REQUESTS`` the request's transaction is already rolled back: nothing half written.
"""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers


logger = logging.getLogger("django.request")
CLIENT_ERRORS = (Http404, PermissionDenied, BadRequest, SuspiciousOperation)


def page_not_found(request, exception=None):
    html = loader.render_to_string("404.html", request=request)
    response = HttpResponseNotFound(html)
    response.binome_error_page = True
    add_never_cache_headers(response)
    return response


def server_error(request):
    response = HttpResponseServerError(loader.render_to_string("500.html"))
    response.binome_error_page = True
    add_never_cache_headers(response)
    return response


class ErrorPagesMiddleware:
    """In debug only: Django's technical 404 and 500 pages replaced by the French ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, "binome_error_page", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request)
        return response

    def process_exception(self, request, exception):
        if not settings.DEBUG or isinstance(exception, CLIENT_ERRORS):
            return None
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return server_error(request)
