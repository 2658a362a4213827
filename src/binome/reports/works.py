"""The works of the report on the dossier's own dwelling: the visit-level 3CL estimate, the programme's dated prices
and costs, the advisor's choice — evaluated by ``reports.scenarios``."""

from __future__ import annotations

import dataclasses

from django.db.models import F, FloatField, Value
from django.db.models.functions import Cast
from django.utils import timezone

from binome.diagnosis import services as diagnosis_services
from binome.diagnosis.panel import UNITE_ALTITUDE, _visit_facts, altitude_class
from binome.energy.visit_estimate import estimate
from binome.energy.works import WORKS
from binome.reports.models import EnergyPrice, WorkCost
from binome.reports.scenarios import Cost, Plan, Price, evaluate_plan, suggested_order


WORK_CHOICES = [(key, work.label) for key, work in WORKS.items()]
OWNER_TENURES = {"owner"}


PARAMETER_COLUMNS = ("is_price", "key", "low_eur", "high_eur", "per_m2", "valid_from", "source")


def _in_force(model, programme, on, *, key: str, low: str, high: str | None = None):
    """The rows of ``model`` dated no later than ``on`` as ``PARAMETER_COLUMNS``: costs (``high`` names their upper
    figure), or prices (one figure, ``low``). Unordered, as a part of a UNION must be (SQLite refuses an order)."""
    is_price = high is None
    columns = {
        "is_price": Value(is_price),
        "key": F(key),
        "low_eur": Cast(low, FloatField()),
        "high_eur": Value(None, output_field=FloatField()) if is_price else Cast(high, FloatField()),
    }
    if is_price:
        columns["per_m2"] = Value(False)
    rows = model.objects.filter(programme=programme, valid_from__lte=on).annotate(**columns)
    return rows.order_by().values_list(*PARAMETER_COLUMNS)


def parameters(programme, on=None) -> tuple[dict[str, Price], dict[str, Cost]]:
    """The programme's prices and costs in force on ``on`` (today): the latest of each, dated no later. Both tables
    are read in one query, as floats (a price's € per kWh in the ``low_eur`` column)."""
    on = on or timezone.localdate()
    price_rows = _in_force(EnergyPrice, programme, on, key="energy", low="eur_per_kwh")
    cost_rows = _in_force(WorkCost, programme, on, key="work", low="low", high="high")
    prices, costs = {}, {}
    rows = price_rows.union(cost_rows, all=True).order_by("key", "-valid_from")
    for is_price, key, low, high, per_m2, valid_from, source in rows:
        if is_price:
            prices.setdefault(key, Price(low, valid_from.isoformat(), source))
        else:
            costs.setdefault(key, Cost(low, high, per_m2, valid_from.isoformat(), source))
    return prices, costs


def dwelling_facts(dossier) -> tuple[object | None, dict]:
    """The visit facts of the dossier's diagnosis (None while surface, period or heating are missing) and the
    envelope's raw answers (humidity, ventilation) that rank the works."""
    data = diagnosis_services.section_data(diagnosis_services.load_sections(dossier))
    dwelling, envelope, systems = data.get("dwelling") or {}, data.get("envelope") or {}, data.get("systems") or {}
    unite = dossier.commune.unite.name if dossier.commune_id else ""
    altitude = altitude_class(dwelling.get("altitude_m"), UNITE_ALTITUDE.get(unite))
    facts = _visit_facts(dwelling, envelope, systems, timezone.localdate(), altitude)
    tenure = dwelling.get("tenure") or dossier.tenure
    return facts, {**envelope, "tenure": tenure}


def plan_for(dossier, keys: list[str]) -> Plan | None:
    """The chosen works evaluated on the dossier's dwelling, or None while the diagnosis lacks the dwelling."""
    facts, raw = dwelling_facts(dossier)
    if facts is None:
        return None
    prices, costs = parameters(dossier.programme)
    model = estimate(facts).dwelling
    unique = list(dict.fromkeys(k for k in keys if k in WORKS))
    return evaluate_plan(model, unique, prices, costs, facts=raw, owner_occupier=raw["tenure"] in OWNER_TENURES)


def plan_json(plan: Plan | None) -> dict | None:
    """The plan as frozen in a version: every figure the documents print, computed once."""
    if plan is None:
        return None
    data = dataclasses.asdict(plan)
    for step, raw in zip(plan.steps, data["steps"], strict=True):
        raw["eur_per_kwh"] = round(step.eur_per_kwh, 3) if step.eur_per_kwh is not None else None
    data["total"] = dataclasses.asdict(plan.total) if plan.total else None
    data["cost_range"] = list(plan.cost_range) if plan.cost_range else None
    data["suggested_order"] = suggested_order(plan)
    return data
