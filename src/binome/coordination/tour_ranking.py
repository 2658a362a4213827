"""The order in which the tour proposal (``visits.tours``) places the households waiting for a visit: the
coordination's priority rules and coverage plan, as in the queue. Registered from ``CoordinationConfig.ready``
(visits sits below coordination and cannot import it)."""

from django.db.models import Exists, OuterRef

from binome.coordination import services
from binome.coordination.models import CoordinationSettings, Derogation
from binome.coordination.queue import VISITABLE_INTAKES
from binome.visits import tours


@tours.register_ranker
def rank_for_tours(dossiers, programme, today) -> list:
    """The dossiers the binôme may visit this year (UT covered, or a derogation), highest priority first."""
    annotated = list(dossiers.annotate(has_derogation=Exists(Derogation.objects.filter(dossier=OuterRef("pk")))))
    config = CoordinationSettings.for_programme(programme)
    ranked = services.prioritise(annotated, programme, today, config=config)
    return [d for d in ranked if d.intake.intake in VISITABLE_INTAKES]
