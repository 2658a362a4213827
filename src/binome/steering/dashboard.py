"""The dashboard of a programme (or a UT) over a period: every figure of ``figures``, with its chart and table.

A constant number of queries whatever the number of dossiers (tested); the four follow-up rates come from
``orientations.outcomes`` (the programme's sent reports, filtered here to the period's years and the UT).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.safestring import mark_safe

from binome.cases.sources import SourceFamily
from binome.orientations import outcomes, rates
from binome.orientations.models import OrientationStatus
from binome.steering import arithmetic, charts, figures
from binome.steering.figures import Period, Scope
from binome.visits.models import AgendaSettings


FAMILY_LABELS = dict(SourceFamily.choices)
MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
ENDS_LABELS = {
    "withdrawn": "Désistements",
    "unreachable": "Ménages injoignables",
    "not_eligible": "Non éligibles",
    "redirected": "Réorientés ailleurs",
}


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    period: Period
    figures: dict
    charts: dict


def _sources(found: dict) -> list[dict]:
    total = found["requests"]["total"]
    return [
        {"key": key, "label": FAMILY_LABELS[key], "count": n, "percent": arithmetic.percent(n, total)}
        for key, n in found["requests"]["by_source_family"].items()
    ]


def _rates(scope: Scope, period: Period) -> rates.Summary:
    years = set(period.years)
    chosen = [
        h
        for h in outcomes.households(scope.programme)
        if h.year in years and (scope.unite is None or h.unite == scope.unite.name)
    ]
    return rates.compute(chosen)


def build(scope: Scope, period: Period) -> Dashboard:
    found = figures.bilan_for(scope, period)
    capacity = AgendaSettings.for_programme(scope.programme).weekly_capacity
    monthly = figures.visits_by_month(scope, period)
    found |= {
        "sources": _sources(found),
        "organisations": figures.by_organisation(scope, period),
        "funnel": [{**row, "label": figures.FUNNEL_LABELS[row["key"]]} for row in figures.funnel(scope, period)],
        "delays": [
            ("Demande → premier appel abouti", figures.request_to_contact(scope, period)),
            ("Demande → visite", found["delays_days"]["request_to_visit"]),
            ("Visite → compte-rendu envoyé", figures.visit_to_report(scope, period)),
        ],
        "waiting": figures.waiting_now(scope),
        "ends": [(ENDS_LABELS[k], n) for k, n in found["ended_without_visit"].items()],
        "capacity": capacity,
        "target": float(scope.programme.target_per_thousand),
        "households": figures.households(scope, period),
        "monthly": [(f"{MONTHS[m.month - 1]} {m.year}", n, _per_week(n, m, period)) for m, n in monthly],
        "orientations": [
            {**row, "counts": [row["by_status"].get(key, 0) for key, _label in OrientationStatus.choices]}
            for row in figures.orientations(scope, period)
        ],
        "statuses": list(OrientationStatus.choices),
        "rates": _rates(scope, period),
    }
    chart = {
        "sources": charts.bars(
            [(s["label"], s["count"]) for s in found["sources"]], unit="", title="Demandes par source"
        ),
        "funnel": charts.bars(
            [(r["label"], r["count"]) for r in found["funnel"]], unit="", title="De la demande au suivi"
        ),
        "weekly": charts.columns(
            [(label.split()[0], per_week) for label, _n, per_week in found["monthly"]][:24],
            title="Visites par semaine, mois par mois, et capacité du binôme",
            line=capacity,
            line_label=f"capacité : {capacity} visites / semaine",
        ),
    }
    return Dashboard(scope, period, found, {k: mark_safe(v) for k, v in chart.items()})  # noqa: S308 - escaped SVG


def _per_week(count: int, month: dt.date, period: Period) -> float:
    """Visits per week in one month of the period (the month's days inside the period / 7)."""
    start = max(month, period.start)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    end = min(following - dt.timedelta(days=1), period.end)
    return round(count / (((end - start).days + 1) / 7), 1)
