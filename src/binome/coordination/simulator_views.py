"""The capacity and coverage simulator page: scenarios side by side, their figures per UT and year, charts."""

from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accounts.models import Role
from binome.cases import policies
from binome.coordination import simulator, simulator_charts
from binome.coordination.simulator_forms import MAX_SCENARIOS, MAX_YEARS, CommonForm, ScenarioForm, default_holidays
from binome.core.params import int_param
from binome.planning import simulator as engine


SEEDS_PRESET = {  # the Jura's beginnings: the two halves of 2015–2016, a workshop's 37 requests in one day
    "annee": "2015",
    "duree": "2",
    "demande": "saisie",
    "demandes_an": "250",
    "attente": "100",
    "atelier_nombre": "37",
    "atelier_semaine": "20",
    "atelier_annee": "2015",
}


def default_query(programme, territory: simulator.Territory, year: int, overrides: dict | None = None) -> QueryDict:
    """The page's first parameters: the four usual scenarios over two years from ``year``."""
    overrides = overrides or {}
    year = int(overrides.get("annee", year))
    opened = territory.plan.get(year) or frozenset(territory.names[: len(territory.names) // 2])
    closed = [name for name in territory.names if name not in opened] or list(territory.names)
    query = QueryDict(mutable=True)
    values = {
        "calcul": "1",
        "annee": str(year),
        "duree": "2",
        "cible": str(programme.target_per_thousand).replace(".", ","),
        "demande": "saisie",
        "demandes_an": str(round(programme.yearly_target * 1.1, -1)).replace(".0", ""),
        "attente": "100",
        "prioritaires": "20",
        "derogations": "on",
        "fin_annee": "on",
        "abandon": "50",
        "conges": default_holidays(),
        "atelier_nombre": "37",
        "atelier_ut": closed[0],
        "atelier_annee": str(year),
        "atelier_semaine": "20",
        "tirages": "20",
        "graine": "1",
        **overrides,
    }
    for key, value in values.items():
        query[key] = value
    for index, (name, teams, visits, coverage) in enumerate(simulator.SCENARIO_DEFAULTS, start=1):
        prefix = f"s{index}-"
        query.update({f"{prefix}actif": "on", f"{prefix}nom": str(name), f"{prefix}binomes": str(teams)})
        query.update({f"{prefix}visites": f"{visits:g}".replace(".", ","), f"{prefix}couverture": coverage})
        query.setlist(f"{prefix}moitie", sorted(opened))
    return query


def _scenario(form: ScenarioForm, common: dict, territory: simulator.Territory, units) -> engine.Scenario:
    data = form.cleaned_data
    years = range(common["annee"], common["annee"] + common["duree"])
    custom = {year: data.get(f"ouvertes_{i}") or () for i, year in enumerate(years)}
    bursts = ()
    if common["atelier_nombre"]:
        burst = engine.Burst(
            common["atelier_annee"], common["atelier_semaine"], common["atelier_ut"], common["atelier_nombre"]
        )
        bursts = (burst,)
    return engine.Scenario(
        name=data["nom"] or form.prefix,
        units=units,
        start_year=common["annee"],
        years=common["duree"],
        teams=data["binomes"],
        visits_per_week=data["visites"],
        holiday_weeks=common["conges"],
        coverage=simulator.coverage_for(data["couverture"], territory, years, data.get("moitie"), custom),
        priority_share=common["prioritaires"] / 100,
        derogations=common["derogations"],
        year_end_rule=common["fin_annee"],
        withdrawal_at_one_year=common["abandon"] / 100,
        target_per_thousand=common["cible"],
        bursts=bursts,
        initial_waiting=common["attente"],
    )


def simulator_page(request):
    policies.require_role(request, Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE)
    programme = request.programme
    territory = simulator.territory_of(programme)
    this_year = timezone.localdate().year
    if "calcul" in request.GET:
        query = request.GET
    else:
        query = default_query(programme, territory, this_year, SEEDS_PRESET if "debuts" in request.GET else None)
    start = int_param(query, "annee", this_year, low=2000, high=2100)
    duration = int_param(query, "duree", 2, low=1, high=MAX_YEARS)
    years = list(range(start, start + duration))
    common = CommonForm(query, units=list(territory.names))
    columns = [
        ScenarioForm(query, prefix=f"s{i}", units=list(territory.names), years=years)
        for i in range(1, MAX_SCENARIOS + 1)
    ]
    context = {"common": common, "columns": columns, "territory": territory, "errors": []}
    valid = common.is_valid() & all([c.is_valid() for c in columns])
    active = [c for c in columns if valid and c.cleaned_data.get("actif")]
    if valid and not active:
        context["errors"] = [_no_scenario()]
    if valid and active:
        data = common.cleaned_data
        units = territory.units(data["demandes_an"] if data["demande"] == "saisie" else None)
        scenarios = [_scenario(c, data, territory, units) for c in active]
        seeds = range(data["graine"], data["graine"] + data["tirages"])
        try:
            comparison = simulator.compare(scenarios, seeds)
        except engine.InvalidScenario as exc:
            context["errors"] = exc.messages
        else:
            context.update(_results(comparison, data["cible"]))
    return render(request, "coordination/simulator.html", context)


def _no_scenario() -> str:
    return _("Cochez au moins un scénario à comparer.")


def _results(comparison: simulator.Comparison, target: float) -> dict:
    reports = comparison.reports
    years = [
        {
            "year": row.year,
            "cells": [
                {"index": i, "report": r, "covered": r.covered[k], "territory": r.territory[k]}
                for i, r in enumerate(reports)
            ],
        }
        for k, row in enumerate(reports[0].covered)
    ]
    return {
        "years": years,
        "comparison": comparison,
        "reports": list(enumerate(reports)),
        "covered_chart": simulator_charts.rate_chart(reports, "covered", target),
        "territory_chart": simulator_charts.rate_chart(reports, "territory", target),
        "waiting_chart": simulator_charts.waiting_chart(reports),
        "delay_chart": simulator_charts.delay_chart(reports),
        "delay_labels": engine.DELAY_LABELS,
    }
