"""Intake: a new request becomes a dossier with the next reference of the year and its first timeline line."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from binome.cases import chain, transitions
from binome.cases.models import EventKind
from binome.cases.workflow import State


def next_reference(programme) -> str:
    year = timezone.localdate().year
    prefix = f"{year}-"
    last = (
        programme.dossiers.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def save_new_dossier(dossier, *, user, note: str):
    """Give the dossier the next reference of the year and record its first event (retries on a race).

    The listeners of ``cases.chain`` (the referrer's acknowledgement e-mail) hear of it after the commit.
    """
    for attempt in range(5):
        try:
            with transaction.atomic():
                dossier.reference = next_reference(dossier.programme)
                dossier.save()
                event = transitions.record_event(dossier, EventKind.NOTE, user=user, note=note)
                chain.publish(chain.ChainEvent(dossier.pk, "received", State.RECEIVED, event.at, event.pk))
            break
        except IntegrityError:
            if attempt == 4:
                raise
    return dossier
