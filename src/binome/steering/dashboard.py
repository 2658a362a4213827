"""The dashboard of a programme (or a UT) over a period: every figure of ``figures``, with its chart and table.

The figures of one (programme, UT, period) are computed by ``snapshot`` (SQL aggregations, under a second at
500,000 dossiers in one programme) and precomputed in a summary (``core.summaries``, kind ``dashboard``): the page
reads one row, refreshed by the task worker after the data change, and says when it shows figures computed before
the latest change. The four follow-up rates come from the programme's ``outcomes`` summary (counts by year and UT),
summed here over the period's years and the UT. A constant number of queries whatever the number of dossiers
(tested).

A period or UT nobody asked for yet has no summary: the page (``build(wait=False)``) has the worker compute it and
says so, then asks again every few seconds; with the immediate backend (tests, demo) and for the bilan (PDF,
``python -m binome bilan``) it is computed during the call.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.safestring import mark_safe

from binome.cases.sources import SourceFamily
from binome.core import summaries
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
    computed_at: dt.datetime | None = None
    stale: bool = False  # the data changed since the figures were computed: a refresh is under way


def _sources(found: dict) -> list[dict]:
    total = found["requests"]["total"]
    return [
        {"key": key, "label": FAMILY_LABELS[key], "count": n, "percent": arithmetic.percent(n, total)}
        for key, n in found["requests"]["by_source_family"].items()
    ]


def _rates(scope: Scope, period: Period, counted: outcomes.Counted) -> rates.Summary:
    years = set(period.years)
    unite = scope.unite.name if scope.unite is not None else None
    return rates.total(
        c for (year, name), c in counted.by_group.items() if year in years and (unite is None or name == unite)
    ).summary()


DASHBOARD = "dashboard"


def snapshot(scope: Scope, period: Period) -> dict:
    """Every figure of the dashboard read from the data, JSON-serialisable (what the summary stores)."""
    return {
        "bilan": figures.bilan_for(scope, period),
        "organisations": figures.by_organisation(scope, period),
        "funnel": figures.funnel(scope, period),
        "request_to_contact": figures.request_to_contact(scope, period),
        "visit_to_report": figures.visit_to_report(scope, period),
        "waiting": figures.waiting_now(scope),
        "households": figures.households(scope, period),
        "monthly": [(m.isoformat(), n) for m, n in figures.visits_by_month(scope, period)],
        "orientations": figures.orientations(scope, period),
    }


summaries.register(DASHBOARD, lambda params: snapshot(*figures.from_params(params)))


def read(scope: Scope, period: Period, *, wait: bool = True) -> summaries.Found | None:
    """The dashboard's figures from their summary (computed now when there is none, or with ``wait=False`` and a
    worker, queued for it and None)."""
    return summaries.read(
        DASHBOARD, summaries.programme_scope(scope.programme.pk), figures.summary_params(scope, period), wait=wait
    )


def bilan(programme, year: int) -> dict:
    """``figures.bilan`` from the summary when it is up to date, else computed now (and stored)."""
    scope, period = Scope(programme), Period.year(year)
    found = read(scope, period)
    data = found.data
    if found.stale:
        data = summaries.compute(
            DASHBOARD, summaries.programme_scope(programme.pk), figures.summary_params(scope, period)
        ).data
    return {"programme": programme.slug, "year": year, **data["bilan"]}


def build(scope: Scope, period: Period, *, wait: bool = True) -> Dashboard | None:
    """The dashboard of a scope and period; None when ``wait`` is False and its figures (or the programme's
    follow-up rates) are being computed by the worker: both are asked for at once."""
    stored = read(scope, period, wait=wait)
    counted = outcomes.counted(scope.programme, wait=wait)
    if stored is None or counted is None:
        return None
    data = stored.data
    found = dict(data["bilan"])
    capacity = AgendaSettings.for_programme(scope.programme).weekly_capacity
    monthly = [(dt.date.fromisoformat(m), n) for m, n in data["monthly"]]
    found |= {
        "sources": _sources(found),
        "organisations": data["organisations"],
        "funnel": [{**row, "label": figures.FUNNEL_LABELS[row["key"]]} for row in data["funnel"]],
        "delays": [
            ("Demande → premier appel abouti", data["request_to_contact"]),
            ("Demande → visite", found["delays_days"]["request_to_visit"]),
            ("Visite → compte-rendu envoyé", data["visit_to_report"]),
        ],
        "waiting": data["waiting"],
        "ends": [(ENDS_LABELS[k], n) for k, n in found["ended_without_visit"].items()],
        "capacity": capacity,
        "target": float(scope.programme.target_per_thousand),
        "households": data["households"],
        "monthly": [(f"{MONTHS[m.month - 1]} {m.year}", n, _per_week(n, m, period)) for m, n in monthly],
        "orientations": [
            {**row, "counts": [row["by_status"].get(key, 0) for key, _label in OrientationStatus.choices]}
            for row in data["orientations"]
        ],
        "statuses": list(OrientationStatus.choices),
        "rates": _rates(scope, period, counted),
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
    charts_safe = {k: mark_safe(v) for k, v in chart.items()}  # noqa: S308 - escaped SVG
    computed_at = min(stored.computed_at, counted.computed_at)
    return Dashboard(scope, period, found, charts_safe, computed_at, stored.stale or counted.stale)


def _per_week(count: int, month: dt.date, period: Period) -> float:
    """Visits per week in one month of the period (the month's days inside the period / 7)."""
    start = max(month, period.start)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    end = min(following - dt.timedelta(days=1), period.end)
    return round(count / (((end - start).days + 1) / 7), 1)
