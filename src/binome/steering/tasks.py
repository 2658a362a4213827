"""Background work of the steering (Django's tasks API): the long exports. Tasks carry ids only."""

import logging

from django.tasks import task

from binome.steering import exports


logger = logging.getLogger(__name__)


@task
def run_export(log_pk: int) -> int:
    """Write the queued export ``log_pk`` (``steering.exports.run``); returns the rows written."""
    rows = exports.run(log_pk)
    logger.info("export %s written: %d rows", log_pk, rows)
    return rows
