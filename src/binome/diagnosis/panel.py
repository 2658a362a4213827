"""The live indicators of a diagnosis, computed from the sections' JSON data (no Django import).

``compute_panel(sections, year=…, today=…)`` turns what the visitors typed into the indicators the spreadsheet used to
give by hand: yearly spending per energy, TEE against 8 % and 10 %, income per consumption unit and its decile, BRDE,
Anah category, chèque énergie, spending per m², the conventional (3CL engine) vs actual consumption with the gap the
household's occupancy and indoor temperature explain, and the unknown facts that weigh most on the estimate. Every
tile carries a plain French explanation; a tile whose inputs are missing says what to fill in.

``compute_panel`` reads the sections once and composes one function per family of tiles: spending (``_spending_tiles``,
``_per_m2_tile``), income (``_income_tiles``), energy effort (``_effort_tiles``: TEE and BRDE), revenu fiscal de
référence (``_rfr_tiles``: Anah and chèque énergie) and the visit estimate (``_estimate_tiles``: conventional against
actual, and what would narrow the estimate).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from binome.energy import indicators
from binome.energy.bills import Bill, BillError, BillsSummary, Delivery, annualise_household
from binome.energy.climate_weights import AltitudeClass
from binome.energy.parameters import TEE_THRESHOLD_HISTORIC, TEE_THRESHOLD_ONPE, ParameterUnavailable, Region
from binome.energy.units import Energy, Unit, UnitError, format_eur, format_fr, format_pct
from binome.energy.visit.actual import UsageConditions, compare_with_bills
from binome.energy.visit_estimate import VisitFacts, estimate
from binome.energy.works import PRICES

from .vocabulary import AUXILIARY_ENERGY, FIXED_AUXILIARY, HEATING_ENERGY, PERIOD_YEAR, PERIODS_PER_YEAR


D = Decimal
# Reference prices (€/kWh PCI, TTC) used only when the household has no bill for an energy the engine expects:
# Tarif Bleu base 1 Aug 2025; CRE gas prix repère Jan 2026 (0.10192 €/kWh PCS × 1.11); oil 1.10 €/L / 9.97;
# propane 0.1553; pellets 0.0936; logs 0.04; district heating 0.0787 (energy.md §2.1, §2.2, §1.9).
REFERENCE_PRICES = {
    Energy.ELECTRICITY: D("0.1952"),
    Energy.NATURAL_GAS: D("0.1131"),
    Energy.FUEL_OIL: D("0.1103"),
    Energy.PROPANE: D("0.1553"),
    Energy.WOOD_PELLETS: D("0.0936"),
    Energy.WOOD_LOGS: D("0.0400"),
    Energy.DISTRICT_HEATING: D("0.0787"),
}
# the engine's energy carriers as billed energies (coal and other fossil fuels have no bill kind: reference price)
ENGINE_ENERGY = {
    "electricite": Energy.ELECTRICITY,
    "gaz_naturel": Energy.NATURAL_GAS,
    "fioul": Energy.FUEL_OIL,
    "propane": Energy.PROPANE,
    "butane": Energy.PROPANE,
    "gpl": Energy.PROPANE,
    "bois_buches": Energy.WOOD_LOGS,
    "bois_plaquettes": Energy.WOOD_LOGS,
    "bois_granules": Energy.WOOD_PELLETS,
    "reseau_chaleur": Energy.DISTRICT_HEATING,
}


class Status:
    ALERT = "alert"  # the household is flagged (energy poverty, restriction…)
    OK = "ok"
    INFO = "info"
    MISSING = "missing"  # inputs to fill in


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    value: str
    explanation: str
    status: str = Status.INFO


@dataclass
class Panel:
    tiles: list[Tile] = field(default_factory=list)
    bills: BillsSummary | None = None
    bill_error: str = ""

    def tile(self, key: str) -> Tile:
        return next(t for t in self.tiles if t.key == key)


def _dec(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return D(str(value))
    except InvalidOperation:
        return None


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


# Altitude class of the Jura's unités territoriales when the dwelling's altitude is not known (energy.md §1.2:
# Dole and Lons-le-Saunier below 400 m, Champagnole and Saint-Claude 400–800 m; the communes file has no altitude).
UNITE_ALTITUDE = {
    "Dole": AltitudeClass.BELOW_400,
    "Lons-le-Saunier": AltitudeClass.BELOW_400,
    "Champagnole": AltitudeClass.FROM_400_TO_800,
    "Saint-Claude": AltitudeClass.FROM_400_TO_800,
}
CLASS_METRES = {AltitudeClass.BELOW_400: 300.0, AltitudeClass.FROM_400_TO_800: 600.0, AltitudeClass.ABOVE_800: 900.0}


def altitude_class(altitude_m, default: AltitudeClass | None = None) -> AltitudeClass:
    metres = _dec(altitude_m)
    if metres is None:
        return default or AltitudeClass.FROM_400_TO_800
    if metres < 400:
        return AltitudeClass.BELOW_400
    return AltitudeClass.FROM_400_TO_800 if metres <= 800 else AltitudeClass.ABOVE_800


def _decile_text(position) -> str:
    rank = indicators.ordinal_fr
    if position.decile is not None:
        return f"{rank(position.decile)} décile"
    if position.decile_max == 10:
        if position.decile_min == 6:
            return "au-dessus de la médiane"
        return f"au-dessus du {rank(position.decile_min - 1)} décile"
    if position.decile_min == position.decile_max - 1:
        return f"{rank(position.decile_min)} ou {rank(position.decile_max)} décile"
    return f"entre le {rank(position.decile_min)} et le {rank(position.decile_max)} décile"


def heating_energies(systems: Mapping) -> set[Energy]:
    found = set()
    for key in ("main_heating", "secondary_heating"):
        if systems.get(key) in HEATING_ENERGY:
            found.add(HEATING_ENERGY[systems[key]])
    if systems.get("auxiliary_heating") in AUXILIARY_ENERGY:
        found.add(AUXILIARY_ENERGY[systems["auxiliary_heating"]])
    return found


def bills_and_deliveries(rows) -> tuple[list[Bill], list[Delivery]]:
    """Bills grid rows → metered bills and fuel deliveries (a delivered fuel with a start date is a period bill)."""
    bills, deliveries = [], []
    for row in rows:
        energy = Energy(row["energy"])
        end = _date(row.get("end"))
        start = _date(row.get("start"))
        quantity = _dec(row.get("quantity")) or D(0)
        amount = _dec(row.get("amount")) or D(0)
        if energy.is_delivered and start is None:
            deliveries.append(Delivery(energy, end, quantity, Unit(row["unit"]), amount))
            continue
        bills.append(
            Bill(
                energy=energy,
                period_start=start,
                period_end=end,
                quantity=quantity,
                unit=Unit(row["unit"]),
                amount_eur=amount,
                subscription_eur=_dec(row.get("subscription")) or D(0),
                estimated=row.get("reading") == "estimated",
            )
        )
    return bills, deliveries


def yearly_income(rows) -> Decimal:
    total = D(0)
    for row in rows:
        amount = _dec(row.get("amount")) or D(0)
        total += amount * PERIODS_PER_YEAR.get(row.get("period"), 12)
    return total


def _yes(value) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _choice_int(value) -> int | None:
    return int(value) if value not in (None, "") else None


def _visit_facts(
    dwelling: Mapping, envelope: Mapping, systems: Mapping, today: date, altitude: AltitudeClass
) -> VisitFacts | None:
    """The sections' technical answers as the visit estimate's facts (None while the estimate cannot run)."""
    surface = _dec(dwelling.get("heated_surface"))
    year = _int(dwelling.get("year_built")) or PERIOD_YEAR.get(dwelling.get("construction_period") or "")
    heating = systems.get("main_heating")
    if not surface or not year or heating not in HEATING_ENERGY:
        return None
    metres = _dec(dwelling.get("altitude_m"))
    return VisitFacts(
        dwelling_type=dwelling.get("dwelling_type") or "maison",
        year_built=year,
        surface=float(surface),
        altitude_m=float(metres) if metres is not None else CLASS_METRES[altitude],
        levels=max(_int(dwelling.get("levels")), 1),
        on=today,
        hsp=_float(dwelling.get("hsp")),
        shared_walls=_choice_int(dwelling.get("shared_walls")),
        flat_position=dwelling.get("flat_position") or None,
        exposed_facades=_choice_int(dwelling.get("exposed_facades")),
        floor_type=dwelling.get("floor_type") or None,
        roof_type=dwelling.get("roof_type") or None,
        attached_unheated=_yes(dwelling.get("attached_unheated")),
        veranda=dwelling.get("veranda") or None,
        **_envelope_facts(envelope),
        **_system_facts(systems, heating),
    )


def _float(value) -> float | None:
    number = _dec(value)
    return float(number) if number is not None else None


def _envelope_facts(envelope: Mapping) -> dict:
    return dict(
        wall_material=envelope.get("wall_material") or None,
        wall_thickness_cm=_float(envelope.get("wall_thickness_cm")),
        wall_lining=_yes(envelope.get("wall_lining")),
        walls_insulation=envelope.get("walls_insulation") or "inconnue",
        walls_insulation_cm=_float(envelope.get("walls_insulation_cm")),
        walls_insulation_year=_int(envelope.get("walls_insulation_year")) or None,
        roof_insulation=envelope.get("roof_insulation") or "inconnue",
        roof_insulation_cm=_float(envelope.get("roof_insulation_cm")),
        roof_insulation_year=_int(envelope.get("roof_insulation_year")) or None,
        floor_insulation=envelope.get("floor_insulation") or "inconnue",
        floor_insulation_cm=_float(envelope.get("floor_insulation_cm")),
        glazing=envelope.get("glazing") or None,
        frames=envelope.get("frames") or None,
        windows_count=_int(envelope.get("windows_count")) or None,
        shutters=_yes(envelope.get("shutters")),
        door=envelope.get("doors") or None,
        ventilation=envelope.get("ventilation") or None,
        ventilation_year=_int(envelope.get("ventilation_year")) or None,
        defects=tuple(envelope.get("defects") or ()),
    )


def _system_facts(systems: Mapping, heating: str) -> dict:
    secondary = systems.get("secondary_heating") or None
    auxiliary = systems.get("auxiliary_heating")
    if secondary is None and auxiliary in FIXED_AUXILIARY:  # a fixed stove recorded as "chauffage d'appoint"
        secondary = auxiliary
    share = _dec(systems.get("secondary_share"))
    return dict(
        heating=heating,
        heating_year=_int(systems.get("heating_year")) or None,
        emitters=systems.get("emitters") or None,
        regulation=systems.get("regulation") or None,
        heating_collective=bool(_yes(systems.get("heating_collective"))),
        secondary_heating=secondary if secondary != heating else None,
        secondary_role=systems.get("secondary_role") or "appoint",
        secondary_share=float(share) / 100 if share else None,
        secondary_year=_int(systems.get("secondary_year")) or None,
        bathroom_heater=bool(_yes(systems.get("bathroom_heater"))),
        hot_water=systems.get("hot_water") or None,
        hot_water_litres=_float(systems.get("hot_water_litres")) or None,
        hot_water_year=_int(systems.get("hot_water_year")) or None,
        hot_water_collective=bool(_yes(systems.get("hot_water_collective"))),
        air_conditioning=bool(_yes(systems.get("air_conditioning"))),
    )


def compute_panel(sections: Mapping[str, Mapping], *, year: int, today: date, unite_name: str = "") -> Panel:
    """``unite_name``: the dossier's unité territoriale, for the altitude class when the altitude is not given."""
    household = sections.get("household") or {}
    dwelling = sections.get("dwelling") or {}
    systems = sections.get("systems") or {}
    altitude = altitude_class(dwelling.get("altitude_m"), UNITE_ALTITUDE.get(unite_name))
    panel = Panel()
    panel.bills, panel.bill_error = _annualised_bills(sections, systems, altitude)
    summary = panel.bills if panel.bills is not None and panel.bills.energies else None
    energy_eur = summary.total_energy_eur if summary is not None else None
    size, uc = _composition(household)
    income_rows = (sections.get("resources") or {}).get("rows") or []
    income = yearly_income(income_rows) if income_rows else None
    panel.tiles = [
        *_spending_tiles(summary, panel.bill_error),
        *_income_tiles(uc, income, year),
        *_effort_tiles(energy_eur, income, uc, sections.get("charges") or {}, year),
        *_rfr_tiles(_dec(household.get("rfr")), size, year),
        _per_m2_tile(_dec(dwelling.get("heated_surface")), energy_eur),
        *_estimate_tiles(sections, summary, today, altitude),
    ]
    return panel


def _missing(key: str, title: str, explanation: str) -> Tile:
    return Tile(key, title, "—", explanation, Status.MISSING)


# --- bills, spending -------------------------------------------------------------------------------------------


def _annualised_bills(
    sections: Mapping[str, Mapping], systems: Mapping, altitude: AltitudeClass
) -> tuple[BillsSummary | None, str]:
    """The bills grid annualised (None when empty or wrong), and the error to show when it is wrong."""
    rows = (sections.get("bills") or {}).get("rows") or []
    if not rows:
        return None, ""
    try:
        bills, deliveries = bills_and_deliveries(rows)
        summary = annualise_household(bills, deliveries, heating_energies=heating_energies(systems), altitude=altitude)
    except (BillError, UnitError, ValueError) as exc:
        return None, str(exc)
    return summary, ""


def _spending_tiles(summary: BillsSummary | None, bill_error: str) -> list[Tile]:
    """One tile per energy, the total, and water apart; ``summary`` is None when no energy is billed."""
    if summary is None:
        explanation = bill_error or "Saisissez les factures d'énergie pour calculer la dépense annuelle."
        return [_missing("spend_total", "Dépense d'énergie totale", explanation)]
    tiles = []
    for result in summary.energies:
        kwh = f" · {format_fr(result.yearly_kwh)} kWh" if result.yearly_kwh is not None else ""
        tiles.append(
            Tile(
                f"spend_{result.energy.value}",
                f"Dépense annuelle — {result.energy.label}",
                f"{format_eur(result.yearly_eur, 0)}{kwh} · {result.confidence.label}",
                f"{result.explanation}",
                Status.INFO if result.confidence != "low" else Status.MISSING,
            )
        )
    tiles.append(
        Tile(
            "spend_total",
            "Dépense d'énergie totale",
            format_eur(summary.total_energy_eur, 0) + " par an",
            summary.explanation,
        )
    )
    if summary.water is not None:
        water = summary.water
        tiles.append(
            Tile(
                "spend_water",
                "Eau (hors énergie)",
                f"{format_eur(water.yearly_eur, 0)} · {format_fr(water.yearly_m3, 1)}\u00a0m³ par an",
                water.explanation,
            )
        )
    return tiles


def _per_m2_tile(surface: Decimal | None, energy_eur: Decimal | None) -> Tile:
    if not surface or energy_eur is None:
        return _missing("per_m2", "Dépense par m²", "Il faut les factures et la surface chauffée.")
    per_m2 = indicators.spending_per_m2(energy_eur, surface)
    return Tile("per_m2", "Dépense par m²", f"{format_eur(per_m2.value)} /m²", per_m2.explanation)


# --- household, income -----------------------------------------------------------------------------------------


def _composition(household: Mapping) -> tuple[int, indicators.ConsumptionUnits | None]:
    """The household's size and INSEE consumption units (None while its composition is not given)."""
    adults = _int(household.get("persons_14_plus"))
    children = _int(household.get("children_under_14"))
    size = adults + children
    return size, indicators.uc_insee(adults, children) if size else None


def _income_tiles(uc: indicators.ConsumptionUnits | None, income: Decimal | None, year: int) -> list[Tile]:
    """Consumption units, and the income per unit with its decile."""
    title = "Unités de consommation"
    if uc is None:
        uc_tile = _missing("uc", title, "Indiquez la composition du ménage.")
    else:
        uc_tile = Tile("uc", title, format_fr(uc.value, 1), uc.explanation)
    title = "Revenu par unité de consommation"
    if uc is None or not income:
        return [uc_tile, _missing("income_uc", title, "Indiquez la composition du ménage et ses ressources.")]
    position = indicators.income_position(income, uc, year)
    income_tile = Tile(
        "income_uc",
        title,
        f"{format_eur(position.income_per_uc, 0)} par an · {_decile_text(position)}",
        f"Revenus déclarés : {format_eur(income, 0)} par an. {position.explanation}",
        Status.ALERT if position.below_third_decile else Status.INFO,
    )
    return [uc_tile, income_tile]


# --- energy effort: TEE and BRDE -------------------------------------------------------------------------------


def _effort_tiles(
    energy_eur: Decimal | None,
    income: Decimal | None,
    uc: indicators.ConsumptionUnits | None,
    charges: Mapping,
    year: int,
) -> list[Tile]:
    """The energy effort rate (TEE) against 8 % and 10 %, and the BRDE indicator."""
    if uc is None or not income or energy_eur is None:
        return [
            _missing(
                "tee", "Taux d'effort énergétique", "Il faut les factures, la composition du ménage et ses ressources."
            ),
            _missing(
                "brde",
                "Bas revenus, dépenses élevées (BRDE)",
                "Il faut les factures, la composition du ménage, ses ressources et son loyer.",
            ),
        ]
    return [_tee_tile(energy_eur, income, uc, year), _brde_tile(energy_eur, income, uc, charges, year)]


def _tee_tile(energy_eur: Decimal, income: Decimal, uc: indicators.ConsumptionUnits, year: int) -> Tile:
    onpe = indicators.tee_3d(energy_eur, income, uc, year, threshold=TEE_THRESHOLD_ONPE)
    historic = indicators.tee_3d(energy_eur, income, uc, year, threshold=TEE_THRESHOLD_HISTORIC)
    above8 = onpe.effort.value > TEE_THRESHOLD_ONPE
    above10 = historic.effort.value > TEE_THRESHOLD_HISTORIC
    verdict = "au-dessus de 10 %" if above10 else ("au-dessus de 8 %, sous 10 %" if above8 else "sous le seuil de 8 %")
    return Tile(
        "tee",
        "Taux d'effort énergétique",
        f"{format_pct(onpe.effort.value)} ({verdict})",
        f"{onpe.effort.explanation} {onpe.explanation}",
        Status.ALERT if onpe.flagged or above10 else Status.OK,
    )


def _brde_tile(
    energy_eur: Decimal, income: Decimal, uc: indicators.ConsumptionUnits, charges: Mapping, year: int
) -> Tile:
    housing_costs = ((_dec(charges.get("rent_or_loan")) or D(0)) + (_dec(charges.get("rental_charges")) or D(0))) * 12
    brde = indicators.brde_uc(energy_eur, income, housing_costs, uc, year)
    return Tile(
        "brde",
        "Bas revenus, dépenses élevées (BRDE)",
        "oui" if brde.flagged else "non",
        brde.explanation,
        Status.ALERT if brde.flagged else Status.OK,
    )


# --- Anah category and chèque énergie (revenu fiscal de référence) ---------------------------------------------


def _rfr_tiles(rfr: Decimal | None, size: int, year: int) -> list[Tile]:
    if rfr is None or not size:
        explanation = "Indiquez le revenu fiscal de référence et la composition."
        return [
            _missing("anah", f"Catégorie Anah {year}", explanation),
            _missing("cheque", "Chèque énergie", explanation),
        ]
    return [_anah_tile(rfr, size, year), _cheque_tile(rfr, size, year)]


def _anah_tile(rfr: Decimal, size: int, year: int) -> Tile:
    title = f"Catégorie Anah {year}"
    try:
        anah = indicators.anah_category(year, Region.OTHER, size, rfr)
    except ParameterUnavailable as exc:
        return _missing("anah", title, str(exc))
    return Tile("anah", title, anah.label, anah.explanation, Status.ALERT if anah.is_tres_modeste else Status.INFO)


def _cheque_tile(rfr: Decimal, size: int, year: int) -> Tile:
    title = "Chèque énergie"
    try:
        cheque = indicators.cheque_energie(rfr, size, year)
    except ParameterUnavailable as exc:
        return _missing("cheque", title, str(exc))
    return Tile(
        "cheque",
        title,
        "éligible" if cheque.eligible else "non éligible",
        cheque.explanation,
        Status.ALERT if cheque.eligible else Status.INFO,
    )


# --- conventional (3CL engine) against actual consumption ------------------------------------------------------

ESTIMATE_TITLE = "Consommation conventionnelle et réelle"
UNKNOWNS_TITLE = "Ce qui préciserait l'estimation"
SHOWN_UNKNOWNS = 3


def _usage_conditions(sections: Mapping[str, Mapping]) -> UsageConditions:
    """Occupants, indoor temperature (thermostat set point, else the mean of the rooms measured) and the declared
    behaviours, for the comparison with the bills."""
    household = sections.get("household") or {}
    occupants = _int(household.get("persons_14_plus")) + _int(household.get("children_under_14"))
    temperature = _float((sections.get("settings") or {}).get("thermostat_before"))
    if temperature is None:
        rows = (sections.get("measures") or {}).get("rows") or []
        readings = [_float(r.get("value")) for r in rows if r.get("kind") == "temperature"]
        readings = [t for t in readings if t is not None]
        temperature = sum(readings) / len(readings) if readings else None
    behaviours = list((sections.get("comfort") or {}).get("restrictions") or [])
    if (sections.get("systems") or {}).get("auxiliary_heating") in MOBILE_HEATERS:
        behaviours.append("mobile_heater")
    return UsageConditions(occupants=occupants or None, indoor_temperature=temperature, restrictions=tuple(behaviours))


MOBILE_HEATERS = frozenset({"radiateur_mobile", "poele_petrole", "gaz_mobile"})


def _estimate_tiles(
    sections: Mapping[str, Mapping], summary: BillsSummary | None, today: date, altitude
) -> list[Tile]:
    dwelling, envelope, systems = (sections.get(k) or {} for k in ("dwelling", "envelope", "systems"))
    facts = _visit_facts(dwelling, envelope, systems, today, altitude)
    if facts is None:
        explanation = "Renseignez la surface chauffée, la période de construction et le chauffage principal."
        return [_missing("conventional", ESTIMATE_TITLE, explanation)]
    result = estimate(facts)
    return [_conventional_tile(result, summary, _usage_conditions(sections)), _unknowns_tile(result)]


def _unknowns_tile(result) -> Tile:
    top = result.uncertainty[:SHOWN_UNKNOWNS]
    if not top:
        return Tile("estimate_unknowns", UNKNOWNS_TITLE, "rien d'essentiel", "Tous les faits utiles sont renseignés.")
    messages = " ".join(i.message for i in top)
    return Tile(
        "estimate_unknowns",
        UNKNOWNS_TITLE,
        f"{top[0].label} (−{round(100 * top[0].range_reduction)} % d'incertitude)",
        f"{messages} La fourchette contient la valeur d'un DPE certifié dans {round(100 * result.coverage)} % des "
        "cas sur les logements de référence.",
    )


def _conventional_tile(result, summary: BillsSummary | None, conditions: UsageConditions) -> Tile:
    central, low, high = result.central, result.low, result.high
    head = (
        f"Estimation conventionnelle (méthode 3CL) : {format_fr(central.conso_total_kwh)} kWh par an "
        f"(entre {format_fr(low.conso_total_kwh)} et {format_fr(high.conso_total_kwh)} selon les faits inconnus), "
        f"étiquette {central.classe} (entre {low.classe} et {high.classe})."
    )
    if summary is None or not summary.energies:
        value = f"{format_fr(central.conso_total_kwh)} kWh (3CL), étiquette {central.classe}"
        return Tile("conventional", ESTIMATE_TITLE, value, head, Status.MISSING)
    actual = summary.total_kwh
    comparison = compare_with_bills(
        result.dwelling,
        {
            "total": central.conso_total_kwh,
            "heating": central.conso_ch_kwh,
            "hot_water": central.conso_ecs_kwh,
            "low": low.conso_total_kwh,
            "high": high.conso_total_kwh,
        },
        float(actual),
        conditions,
    )
    ratio = actual / D(central.conso_total_kwh) if central.conso_total_kwh else D(0)
    gap = " ".join(item.explanation for item in comparison.items)
    status = Status.OK if comparison.verdict == "cohérente" else Status.ALERT
    return Tile(
        "conventional",
        ESTIMATE_TITLE,
        f"réel {format_pct(ratio, 0)} du conventionnel : {comparison.verdict}",
        f"{head} Consommation réelle d'après les factures : {format_fr(actual)} kWh par an, soit "
        f"{format_eur(summary.total_energy_eur, 0)} contre {format_eur(_conventional_eur(central, summary), 0)} "
        f"pour l'estimation conventionnelle aux prix du ménage. {gap} "
        f"Estimation aux conditions du ménage : {format_fr(comparison.adjusted_kwh)} kWh par an. "
        f"{comparison.explanation}",
        status,
    )


def _conventional_eur(central, summary: BillsSummary) -> Decimal:
    """The engine's consumption at the household's own prices (reference prices for an energy it has no bill for),
    plus its subscriptions."""
    prices = {r.energy: (r.yearly_consumption_eur / r.yearly_kwh if r.yearly_kwh else None) for r in summary.energies}
    conventional_eur = D(0)
    for key, kwh in central.by_energy.items():
        energy = ENGINE_ENERGY.get(key)
        price = prices.get(energy) or REFERENCE_PRICES.get(energy) or D(str(PRICES[key].eur_per_kwh_pci))
        conventional_eur += D(kwh) * price
    return conventional_eur + sum((r.yearly_subscription_eur for r in summary.energies), D(0))
