"""Energies, bill units and their conversion to kWh of final energy (PCI), plus French number formatting.

Conversion factors: energy.md §2.3 (picbleu.fr, fai-re.eu, NF Bois log-length table, 3CL PCS/PCI ratios from
Open3CL ``src/13.2_generateur_combustion_ch.js``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class UnitError(ValueError):
    """A quantity cannot be converted (impossible unit for this energy, missing coefficient…); French message."""


class Energy(StrEnum):
    ELECTRICITY = "electricite"
    NATURAL_GAS = "gaz_naturel"
    FUEL_OIL = "fioul"
    PROPANE = "propane"
    WOOD_LOGS = "bois_buches"
    WOOD_PELLETS = "granules_bois"
    DISTRICT_HEATING = "reseau_chaleur"
    WATER = "eau"  # not an energy, but billed and annualised the same way

    @property
    def label(self) -> str:
        return _ENERGY_LABELS[self]

    @property
    def is_energy(self) -> bool:
        return self is not Energy.WATER

    @property
    def is_delivered(self) -> bool:
        """Fuels bought by delivery (tank, stock) rather than metered."""
        return self in {Energy.FUEL_OIL, Energy.PROPANE, Energy.WOOD_LOGS, Energy.WOOD_PELLETS}


_ENERGY_LABELS = {
    Energy.ELECTRICITY: "électricité",
    Energy.NATURAL_GAS: "gaz naturel",
    Energy.FUEL_OIL: "fioul",
    Energy.PROPANE: "propane",
    Energy.WOOD_LOGS: "bois bûches",
    Energy.WOOD_PELLETS: "granulés de bois",
    Energy.DISTRICT_HEATING: "réseau de chaleur",
    Energy.WATER: "eau",
}


class Unit(StrEnum):
    KWH = "kwh"  # as printed on the bill: PCS for natural gas, PCI/final for every other energy
    KWH_PCS = "kwh_pcs"
    KWH_PCI = "kwh_pci"
    MWH = "mwh"  # same convention as KWH
    M3 = "m3"
    LITRE = "l"
    KG = "kg"
    TONNE = "t"
    BAG_15KG = "sac_15kg"
    STERE = "stere"  # 1 m logs
    MAP_50CM = "map_50cm"  # mètre cube apparent plein of 50 cm logs
    MAP_40CM = "map_40cm"
    MAP_33CM = "map_33cm"

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]


_UNIT_LABELS = {
    Unit.KWH: "kWh",
    Unit.KWH_PCS: "kWh PCS",
    Unit.KWH_PCI: "kWh PCI",
    Unit.MWH: "MWh",
    Unit.M3: "m³",
    Unit.LITRE: "L",
    Unit.KG: "kg",
    Unit.TONNE: "t",
    Unit.BAG_15KG: "sacs de 15 kg",
    Unit.STERE: "stères",
    Unit.MAP_50CM: "MAP (bûches de 50 cm)",
    Unit.MAP_40CM: "MAP (bûches de 40 cm)",
    Unit.MAP_33CM: "MAP (bûches de 33 cm)",
}

D = Decimal

#: PCS/PCI ratios used by the 3CL method.
PCS_PCI_RATIO = {
    Energy.NATURAL_GAS: D("1.11"),
    Energy.PROPANE: D("1.09"),
    Energy.FUEL_OIL: D("1.07"),
    Energy.WOOD_LOGS: D("1.08"),
    Energy.WOOD_PELLETS: D("1.08"),
}

#: Typical kWh PCS per m³ of natural gas when the bill's coefficient is unknown. [verify] (bills: ≈ 10–11.5)
DEFAULT_GAS_KWH_PCS_PER_M3 = D("11.0")

KWH_PCI_PER_STERE = D(1680)  # 1 m hardwood logs, dry (range 1 500–2 100)
#: MAP volume of one stère once cut (NF Bois): MAP -> stère is a division by this ratio.
MAP_PER_STERE = {Unit.MAP_50CM: D("0.80"), Unit.MAP_40CM: D("0.75"), Unit.MAP_33CM: D("0.70")}

# kWh PCI per unit, for units that do not need a bill-specific coefficient.
_FACTORS: dict[Energy, dict[Unit, Decimal]] = {
    Energy.ELECTRICITY: {Unit.KWH: D(1), Unit.KWH_PCI: D(1), Unit.MWH: D(1000)},
    Energy.DISTRICT_HEATING: {Unit.KWH: D(1), Unit.KWH_PCI: D(1), Unit.MWH: D(1000)},
    Energy.NATURAL_GAS: {
        Unit.KWH: 1 / PCS_PCI_RATIO[Energy.NATURAL_GAS],
        Unit.KWH_PCS: 1 / PCS_PCI_RATIO[Energy.NATURAL_GAS],
        Unit.MWH: 1000 / PCS_PCI_RATIO[Energy.NATURAL_GAS],
        Unit.KWH_PCI: D(1),
    },
    Energy.FUEL_OIL: {
        Unit.LITRE: D("9.97"),
        Unit.M3: D(9970),
        Unit.KWH: D(1),
        Unit.KWH_PCI: D(1),
        Unit.KWH_PCS: 1 / PCS_PCI_RATIO[Energy.FUEL_OIL],
    },
    Energy.PROPANE: {
        Unit.KG: D("12.78"),
        Unit.TONNE: D(12780),
        Unit.LITRE: D("6.59"),  # liquid propane
        Unit.KWH: D(1),
        Unit.KWH_PCI: D(1),
        Unit.KWH_PCS: 1 / PCS_PCI_RATIO[Energy.PROPANE],
    },
    Energy.WOOD_LOGS: {
        Unit.STERE: KWH_PCI_PER_STERE,
        **{unit: KWH_PCI_PER_STERE / ratio for unit, ratio in MAP_PER_STERE.items()},
        Unit.KWH: D(1),
        Unit.KWH_PCI: D(1),
    },
    Energy.WOOD_PELLETS: {
        Unit.KG: D("4.6"),
        Unit.TONNE: D(4600),
        Unit.BAG_15KG: D(69),
        Unit.KWH: D(1),
        Unit.KWH_PCI: D(1),
    },
}

_WATER_M3 = {Unit.M3: D(1), Unit.LITRE: D("0.001")}


def allowed_units(energy: Energy) -> tuple[Unit, ...]:
    """Units accepted for an energy (for form choices)."""
    if energy is Energy.WATER:
        return tuple(_WATER_M3)
    units = tuple(_FACTORS[energy])
    return (*units, Unit.M3) if energy is Energy.NATURAL_GAS else units


def kwh_pci_per_unit(energy: Energy, unit: Unit, *, gas_kwh_per_m3: Decimal | None = None) -> Decimal:
    """kWh PCI contained in one ``unit`` of ``energy``.

    ``gas_kwh_per_m3`` is the conversion coefficient printed on a gas bill (kWh PCS per m³); without it a typical
    value (:data:`DEFAULT_GAS_KWH_PCS_PER_M3`) is used.
    """
    energy, unit = Energy(energy), Unit(unit)
    if energy is Energy.WATER:
        raise UnitError("L'eau se mesure en m³ ou en litres, pas en kWh : utilisez to_water_m3().")
    if energy is Energy.NATURAL_GAS and unit is Unit.M3:
        coefficient = DEFAULT_GAS_KWH_PCS_PER_M3 if gas_kwh_per_m3 is None else D(gas_kwh_per_m3)
        if coefficient <= 0:
            raise UnitError("Le coefficient de conversion du gaz (kWh par m³) doit être positif.")
        return coefficient / PCS_PCI_RATIO[Energy.NATURAL_GAS]
    try:
        return _FACTORS[energy][unit]
    except KeyError:
        accepted = ", ".join(u.label for u in allowed_units(energy))
        raise UnitError(
            f"Impossible de convertir des « {unit.label} » de {energy.label} en kWh. Unités acceptées : {accepted}."
        ) from None


def to_kwh_pci(
    quantity: Decimal | int, unit: Unit, energy: Energy, *, gas_kwh_per_m3: Decimal | None = None
) -> Decimal:
    """Convert a bill quantity to kWh of final energy (PCI)."""
    return D(quantity) * kwh_pci_per_unit(energy, unit, gas_kwh_per_m3=gas_kwh_per_m3)


def to_kwh_pcs(
    quantity: Decimal | int, unit: Unit, energy: Energy, *, gas_kwh_per_m3: Decimal | None = None
) -> Decimal:
    """Convert to kWh PCS (gross calorific value) — gas prices are quoted per kWh PCS."""
    pci = to_kwh_pci(quantity, unit, energy, gas_kwh_per_m3=gas_kwh_per_m3)
    return pci * PCS_PCI_RATIO.get(Energy(energy), D(1))


def to_water_m3(quantity: Decimal | int, unit: Unit) -> Decimal:
    try:
        return D(quantity) * _WATER_M3[Unit(unit)]
    except KeyError:
        raise UnitError(
            f"Impossible de convertir des « {Unit(unit).label} » d'eau : indiquez des m³ ou des litres."
        ) from None


def to_common_unit(
    quantity: Decimal | int, unit: Unit, energy: Energy, *, gas_kwh_per_m3: Decimal | None = None
) -> Decimal:
    """kWh PCI for energies, m³ for water."""
    if Energy(energy) is Energy.WATER:
        return to_water_m3(quantity, unit)
    return to_kwh_pci(quantity, unit, energy, gas_kwh_per_m3=gas_kwh_per_m3)


# ---------------------------------------------------------------------------------------------------------------
# French number formatting for explanations ("1 056,04 €", "12,4 %"); non-breaking spaces.
# ---------------------------------------------------------------------------------------------------------------

NBSP = "\u00a0"


def format_fr(value: Decimal | int | float, decimals: int = 0) -> str:
    """Format a number the French way: thousands separated by a non-breaking space, decimal comma."""
    quantum = D(1).scaleb(-decimals)
    rounded = D(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):,.{decimals}f}"
    return sign + text.replace(",", NBSP).replace(".", ",")


def format_eur(value: Decimal | int, decimals: int = 2) -> str:
    return f"{format_fr(value, decimals)}{NBSP}€"


def format_pct(fraction: Decimal, decimals: int = 1) -> str:
    return f"{format_fr(D(fraction) * 100, decimals)}{NBSP}%"
