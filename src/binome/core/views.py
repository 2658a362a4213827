from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from binome.core import health as checks


@login_not_required
@never_cache
# Not in the request's transaction: opening it would fail before the view when the database is down.
@transaction.non_atomic_requests
def health(request):
    """Status of the service for monitoring: 200 when the database, the task queue and the clock are fine, else 503.

    The JSON body gives each part's status and figures (oldest pending task's age, the clock's last beat and job
    run), never any personal data.
    """
    healthy, report = checks.run_all()
    return JsonResponse(report, status=200 if healthy else 503)
