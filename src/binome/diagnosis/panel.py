"""The live indicators of a diagnosis, computed from the sections' JSON data (no Django import).

``compute_panel(sections, year=…, today=…)`` turns what the visitors typed into the indicators the spreadsheet used to
give by hand: yearly spending per energy, TEE against 8 % and 10 %, income per consumption unit and its decile, BRDE,
Anah category, chèque énergie, spending per m², and the conventional (3CL engine) vs actual consumption. Every tile
carries a plain French explanation; a tile whose inputs are missing says what to fill in.
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
from binome.energy.visit_estimate import VisitFacts, estimate

from .vocabulary import AUXILIARY_ENERGY, HEATING_ENERGY, PERIOD_YEAR, PERIODS_PER_YEAR


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
ENGINE_ENERGY = {"bois_granules": Energy.WOOD_PELLETS}  # engine keys that differ from Energy values
RESTRICTION_RATIO = D("0.7")
OVERCONSUMPTION_RATIO = D("1.3")


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
    if position.decile is not None:
        return "1er décile" if position.decile == 1 else f"{position.decile}e décile"
    if position.decile_max == 10:
        if position.decile_min == 6:
            return "au-dessus de la médiane"
        return f"au-dessus du {position.decile_min - 1}e décile"
    if position.decile_min == position.decile_max - 1:
        return f"{position.decile_min}e ou {position.decile_max}e décile"
    return f"entre le {position.decile_min}e et le {position.decile_max}e décile"


def heating_energies(systems: Mapping) -> set[Energy]:
    found = set()
    if systems.get("main_heating") in HEATING_ENERGY:
        found.add(HEATING_ENERGY[systems["main_heating"]])
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


def _visit_facts(
    dwelling: Mapping, envelope: Mapping, systems: Mapping, today: date, altitude: AltitudeClass
) -> VisitFacts | None:
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
        walls_insulation=envelope.get("walls_insulation") or "inconnue",
        roof_insulation=envelope.get("roof_insulation") or "inconnue",
        floor_insulation=envelope.get("floor_insulation") or "inconnue",
        glazing=envelope.get("glazing") or "double",
        ventilation=envelope.get("ventilation") or "naturelle",
        heating=heating,
        hot_water=systems.get("hot_water") or "ballon_electrique",
        levels=max(_int(dwelling.get("levels")), 1),
        on=today,
    )


def compute_panel(sections: Mapping[str, Mapping], *, year: int, today: date, unite_name: str = "") -> Panel:
    """``unite_name``: the dossier's unité territoriale, for the altitude class when the altitude is not given."""
    household = sections.get("household") or {}
    dwelling = sections.get("dwelling") or {}
    envelope = sections.get("envelope") or {}
    systems = sections.get("systems") or {}
    charges = sections.get("charges") or {}
    panel = Panel()
    tiles = panel.tiles
    altitude = altitude_class(dwelling.get("altitude_m"), UNITE_ALTITUDE.get(unite_name))

    # --- bills -------------------------------------------------------------------------------------------------
    rows = (sections.get("bills") or {}).get("rows") or []
    summary = None
    if rows:
        try:
            bills, deliveries = bills_and_deliveries(rows)
            summary = annualise_household(
                bills, deliveries, heating_energies=heating_energies(systems), altitude=altitude
            )
        except (BillError, UnitError, ValueError) as exc:
            panel.bill_error = str(exc)
    panel.bills = summary
    if summary is not None and summary.energies:
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
    else:
        tiles.append(
            Tile(
                "spend_total",
                "Dépense d'énergie totale",
                "—",
                panel.bill_error or "Saisissez les factures d'énergie pour calculer la dépense annuelle.",
                Status.MISSING,
            )
        )
    energy_eur = summary.total_energy_eur if summary is not None and summary.energies else None

    # --- household, income -------------------------------------------------------------------------------------
    adults = _int(household.get("persons_14_plus"))
    children = _int(household.get("children_under_14"))
    size = adults + children
    income_rows = (sections.get("resources") or {}).get("rows") or []
    income = yearly_income(income_rows) if income_rows else None
    uc = indicators.uc_insee(adults, children) if size else None
    if uc is not None:
        tiles.append(Tile("uc", "Unités de consommation", format_fr(uc.value, 1), uc.explanation))
    else:
        tiles.append(Tile("uc", "Unités de consommation", "—", "Indiquez la composition du ménage.", Status.MISSING))

    if uc is not None and income:
        position = indicators.income_position(income, uc, year)
        tiles.append(
            Tile(
                "income_uc",
                "Revenu par unité de consommation",
                f"{format_eur(position.income_per_uc, 0)} par an · {_decile_text(position)}",
                f"Revenus déclarés : {format_eur(income, 0)} par an. {position.explanation}",
                Status.ALERT if position.below_third_decile else Status.INFO,
            )
        )
    else:
        tiles.append(
            Tile(
                "income_uc",
                "Revenu par unité de consommation",
                "—",
                "Indiquez la composition du ménage et ses ressources.",
                Status.MISSING,
            )
        )

    # --- TEE ---------------------------------------------------------------------------------------------------
    if uc is not None and income and energy_eur is not None:
        onpe = indicators.tee_3d(energy_eur, income, uc, year, threshold=TEE_THRESHOLD_ONPE)
        historic = indicators.tee_3d(energy_eur, income, uc, year, threshold=TEE_THRESHOLD_HISTORIC)
        above8 = onpe.effort.value > TEE_THRESHOLD_ONPE
        above10 = historic.effort.value > TEE_THRESHOLD_HISTORIC
        verdict = (
            "au-dessus de 10 %" if above10 else ("au-dessus de 8 %, sous 10 %" if above8 else "sous le seuil de 8 %")
        )
        tiles.append(
            Tile(
                "tee",
                "Taux d'effort énergétique",
                f"{format_pct(onpe.effort.value)} ({verdict})",
                f"{onpe.effort.explanation} {onpe.explanation}",
                Status.ALERT if onpe.flagged or above10 else Status.OK,
            )
        )
    else:
        tiles.append(
            Tile(
                "tee",
                "Taux d'effort énergétique",
                "—",
                "Il faut les factures, la composition du ménage et ses ressources.",
                Status.MISSING,
            )
        )

    # --- BRDE --------------------------------------------------------------------------------------------------
    housing_costs = ((_dec(charges.get("rent_or_loan")) or D(0)) + (_dec(charges.get("rental_charges")) or D(0))) * 12
    if uc is not None and income and energy_eur is not None:
        brde = indicators.brde_uc(energy_eur, income, housing_costs, uc, year)
        tiles.append(
            Tile(
                "brde",
                "Bas revenus, dépenses élevées (BRDE)",
                "oui" if brde.flagged else "non",
                brde.explanation,
                Status.ALERT if brde.flagged else Status.OK,
            )
        )
    else:
        tiles.append(
            Tile(
                "brde",
                "Bas revenus, dépenses élevées (BRDE)",
                "—",
                "Il faut les factures, la composition du ménage, ses ressources et son loyer.",
                Status.MISSING,
            )
        )

    # --- Anah and chèque énergie (revenu fiscal de référence) ---------------------------------------------------
    rfr = _dec(household.get("rfr"))
    if rfr is not None and size:
        try:
            anah = indicators.anah_category(year, Region.OTHER, size, rfr)
        except ParameterUnavailable as exc:
            tiles.append(Tile("anah", f"Catégorie Anah {year}", "—", str(exc), Status.MISSING))
        else:
            tiles.append(
                Tile(
                    "anah",
                    f"Catégorie Anah {year}",
                    anah.label,
                    anah.explanation,
                    Status.ALERT if anah.is_tres_modeste else Status.INFO,
                )
            )
        try:
            cheque = indicators.cheque_energie(rfr, size, year)
        except ParameterUnavailable as exc:
            tiles.append(Tile("cheque", "Chèque énergie", "—", str(exc), Status.MISSING))
        else:
            tiles.append(
                Tile(
                    "cheque",
                    "Chèque énergie",
                    "éligible" if cheque.eligible else "non éligible",
                    cheque.explanation,
                    Status.ALERT if cheque.eligible else Status.INFO,
                )
            )
    else:
        for key, title in (("anah", f"Catégorie Anah {year}"), ("cheque", "Chèque énergie")):
            tiles.append(
                Tile(key, title, "—", "Indiquez le revenu fiscal de référence et la composition.", Status.MISSING)
            )

    # --- per m² ------------------------------------------------------------------------------------------------
    surface = _dec(dwelling.get("heated_surface"))
    if surface and energy_eur is not None:
        per_m2 = indicators.spending_per_m2(energy_eur, surface)
        tiles.append(Tile("per_m2", "Dépense par m²", f"{format_eur(per_m2.value)} /m²", per_m2.explanation))
    else:
        tiles.append(
            Tile("per_m2", "Dépense par m²", "—", "Il faut les factures et la surface chauffée.", Status.MISSING)
        )

    tiles.append(_conventional_tile(dwelling, envelope, systems, summary, today, altitude))
    return panel


def _conventional_tile(dwelling, envelope, systems, summary: BillsSummary | None, today: date, altitude) -> Tile:
    title = "Consommation conventionnelle et réelle"
    facts = _visit_facts(dwelling, envelope, systems, today, altitude)
    if facts is None:
        return Tile(
            "conventional",
            title,
            "—",
            "Renseignez la surface chauffée, la période de construction et le chauffage principal.",
            Status.MISSING,
        )
    result = estimate(facts)
    central, low, high = result.central, result.low, result.high
    head = (
        f"Estimation conventionnelle (méthode 3CL) : {format_fr(central.conso_total_kwh)} kWh par an "
        f"(entre {format_fr(low.conso_total_kwh)} et {format_fr(high.conso_total_kwh)} selon les incertitudes), "
        f"étiquette {central.classe}."
    )
    if summary is None or not summary.energies:
        return Tile("conventional", title, f"{format_fr(central.conso_total_kwh)} kWh (3CL)", head, Status.MISSING)
    prices = {r.energy: (r.yearly_consumption_eur / r.yearly_kwh if r.yearly_kwh else None) for r in summary.energies}
    conventional_eur = D(0)
    for key, kwh in central.by_energy.items():
        energy = ENGINE_ENERGY.get(key) or Energy(key)
        price = prices.get(energy) or REFERENCE_PRICES.get(energy, D(0))
        conventional_eur += D(kwh) * price
    conventional_eur += sum((r.yearly_subscription_eur for r in summary.energies), D(0))
    actual = summary.total_kwh
    ratio = actual / D(central.conso_total_kwh) if central.conso_total_kwh else D(0)
    if actual < D(low.conso_total_kwh) or ratio < RESTRICTION_RATIO:
        verdict, status = "restriction probable", Status.ALERT
        text = (
            "Le ménage consomme nettement moins que ce que demande son logement : il se prive probablement de "
            "chauffage (froid subi)."
        )
    elif actual > D(high.conso_total_kwh) or ratio > OVERCONSUMPTION_RATIO:
        verdict, status = "surconsommation", Status.ALERT
        text = (
            "Le ménage consomme plus que ce que prévoit la méthode : usages, réglages ou équipements à examiner "
            "(chauffage d'appoint, température de consigne, appareils anciens)."
        )
    else:
        verdict, status = "cohérente", Status.OK
        text = "La consommation réelle est dans la fourchette de l'estimation conventionnelle."
    return Tile(
        "conventional",
        title,
        f"réel {format_pct(ratio, 0)} du conventionnel : {verdict}",
        f"{head} Consommation réelle d'après les factures : {format_fr(actual)} kWh par an, soit "
        f"{format_eur(summary.total_energy_eur, 0)} contre {format_eur(conventional_eur, 0)} pour l'estimation "
        f"conventionnelle aux prix du ménage. {text}",
        status,
    )
