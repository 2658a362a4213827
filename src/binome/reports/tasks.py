"""Background work of the reports (Django's tasks API): the stored visit letter. The e-mailed documents are sent by
``reports.dispatch.send_document``. Tasks carry ids only, never household data."""

import datetime as dt
import logging

from django.tasks import task

from binome.reports import documents


logger = logging.getLogger(__name__)


@task
def store_visit_letter(dossier_pk: int, day: str) -> int:
    """Store the confirmation letter of the dossier's planned visit; returns the letter's number (0: no visit)."""
    from binome.visits.models import Visit, VisitStatus

    visit = (
        Visit.objects.select_related("dossier__programme", "dossier__commune", "coordinator", "advisor")
        .filter(dossier_id=dossier_pk, status=VisitStatus.PLANNED)
        .order_by("-pk")
        .first()
    )
    if visit is None:
        return 0
    document = documents.store_letter(visit, dt.date.fromisoformat(day))
    logger.info("letter %s of dossier %s stored", document.number, dossier_pk)
    return document.number
