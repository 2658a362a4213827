"""The four national rates of a programme, read from the database (``rates`` computes them).

``households(programme)`` turns each dossier whose compte-rendu was sent into a ``rates.Household``: the year of
the report, its UT, whether it was reached and its latest answers, whether an "engaging" orientation is
achieved, and the cold felt at the visit. Four queries whatever the number of dossiers; the steering pages reuse
``households`` and ``table``.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Q

from binome.cases.models import Dossier, EventKind
from binome.cases.workflow import State
from binome.orientations import rates
from binome.orientations.models import Baseline, FollowUp, FollowUpStatus, Orientation, OrientationStatus


def households(programme) -> list[rates.Household]:
    sent_step = Q(events__kind=EventKind.TRANSITION, events__to_state=State.SENT)
    dossiers = list(
        Dossier.objects.filter(programme=programme)
        .annotate(report_at=Max("events__at", filter=sent_step))
        .filter(report_at__isnull=False)
        .values("pk", "report_at", "commune__unite__name")
    )
    pks = [d["pk"] for d in dossiers]
    answers, tried = {}, defaultdict(list)
    for follow_up in FollowUp.objects.filter(dossier_id__in=pks).order_by("rank"):
        if follow_up.status == FollowUpStatus.ANSWERED:
            answers[follow_up.dossier_id] = follow_up  # the latest answered call wins
        tried[follow_up.dossier_id].append(follow_up.status)
    engaging = set(
        Orientation.objects.filter(
            dossier_id__in=pks, status=OrientationStatus.ACHIEVED, solution__engaging=True
        ).values_list("dossier_id", flat=True)
    )
    cold = dict(Baseline.objects.filter(dossier_id__in=pks).values_list("dossier_id", "cold"))
    return [
        _household(d, answers.get(d["pk"]), tried[d["pk"]], d["pk"] in engaging, cold.get(d["pk"])) for d in dossiers
    ]


def _household(dossier: dict, answer: FollowUp | None, statuses: list[str], engaging: bool, cold) -> rates.Household:
    common = {
        "year": dossier["report_at"].year,
        "unite": dossier["commune__unite__name"] or "",
        "engaging_achieved": engaging,
        "cold_at_visit": cold,
    }
    if answer is None:
        ended = statuses and all(s in {FollowUpStatus.UNREACHABLE, FollowUpStatus.CANCELLED} for s in statuses)
        unreachable = ended and FollowUpStatus.UNREACHABLE in statuses
        return rates.Household(contact=rates.Contact.UNREACHABLE if unreachable else rates.Contact.PENDING, **common)
    return rates.Household(
        contact=rates.Contact.ANSWERED,
        first_steps=bool(answer.first_steps),
        works_or_aid=bool(answer.works_done or answer.aid_obtained),
        cold_now=answer.cold_now,
        bills=answer.bills,
        **common,
    )


@dataclass(frozen=True)
class Table:
    years: list[int]
    year: int | None
    rows: list[tuple[str, rates.Summary]]  # (UT, summary) of the chosen year
    total: rates.Summary
    by_year: list[tuple[int, rates.Summary]]  # every year, most recent first


def table(programme, year: int | None = None) -> Table:
    """The rates of one year (the latest with reports when ``year`` is None) by UT, and the year's total."""
    found = households(programme)
    years = sorted({h.year for h in found}, reverse=True)
    if year not in years:
        year = years[0] if years else None
    chosen = [h for h in found if h.year == year]
    rows = [(unite, summary) for (unite,), summary in rates.by_group(chosen, lambda h: (h.unite,)).items()]
    by_year = [(y, summary) for (y,), summary in rates.by_group(found, lambda h: (h.year,)).items()]
    return Table(years=years, year=year, rows=rows, total=rates.compute(chosen), by_year=by_year[::-1])
