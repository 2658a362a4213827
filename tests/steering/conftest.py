import datetime as dt

import pytest
from django.utils import timezone

from binome.cases.models import Dossier, DossierEvent, EventKind
from binome.cases.workflow import MILESTONES, TRANSITIONS
from tests.factories import DossierFactory


def at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A Paris wall-clock time on ``day`` (AAAA-MM-JJ)."""
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute)))


def make(commune, requested: str, family: str = "", steps=(), **fields) -> Dossier:
    """A dossier requested on ``requested`` whose timeline holds ``steps``: (transition, day[, hour]) pairs.

    The events are written as ``cases.transitions`` records them (kind, transition, to_state), dated, and the
    first visit's and the report's dates kept on the dossier as it does (``workflow.MILESTONES``).
    """
    dossier = DossierFactory(commune=commune, created_at=at(requested, 9), source_family=family, **fields)
    for step in steps:
        name, day, *hour = step
        target = TRANSITIONS[name].target
        DossierEvent.objects.create(
            dossier=dossier, kind=EventKind.TRANSITION, transition=name, to_state=target, at=at(day, *hour)
        )
    milestones = {
        field: min((at(day, *hour) for name, day, *hour in steps if name == transition), default=None)
        for transition, field in MILESTONES.items()
    }
    Dossier.objects.filter(pk=dossier.pk).update(state=target if steps else dossier.state, **milestones)
    return dossier


@pytest.fixture
def make_dossier():
    return make
