"""Conversion factors: primary energy (fEP), greenhouse-gas content, PCS/PCI ratios (§13.2.1.2, annexe 4).

Electricity fEP is dated: 2.3 for DPEs issued before 1 January 2026, 1.9 from that date (arrêté du 13 août 2025).
"""

from datetime import date


ELECTRICITY = "electricite"
ENERGIES = (
    "electricite",
    "gaz_naturel",
    "fioul",
    "bois_buches",
    "bois_granules",
    "bois_plaquettes",
    "reseau_chaleur",
    "propane",
    "butane",
    "gpl",
    "charbon",
    "autre_fossile",
)
PEF_ELEC_CHANGE = date(2026, 1, 1)

# kg CO2e per kWh final (PCI)
CO2 = {
    "gaz_naturel": 0.227,
    "fioul": 0.324,
    "bois_buches": 0.030,
    "bois_granules": 0.030,
    "bois_plaquettes": 0.024,
    "reseau_chaleur": 0.385,
    "propane": 0.272,
    "butane": 0.272,
    "gpl": 0.272,
    "charbon": 0.385,
    "autre_fossile": 0.324,
}
CO2_ELECTRICITY = {
    "chauffage": 0.079,
    "ecs": 0.065,
    "eclairage": 0.069,
    "auxiliaires": 0.064,
    "refroidissement": 0.064,
}

# PCS/PCI ratio k (§13.2.1.2)
PCS_PCI = {
    "electricite": 1.0,
    "gaz_naturel": 1.11,
    "gpl": 1.09,
    "propane": 1.09,
    "butane": 1.09,
    "fioul": 1.07,
    "bois_buches": 1.08,
    "bois_granules": 1.08,
    "bois_plaquettes": 1.08,
    "charbon": 1.04,
    "reseau_chaleur": 1.0,
    "autre_fossile": 1.07,
}


def pef_electricity(on: date) -> float:
    return 1.9 if on >= PEF_ELEC_CHANGE else 2.3


def pef(energy: str, on: date) -> float:
    return pef_electricity(on) if energy == ELECTRICITY else 1.0


def co2(energy: str, use: str) -> float:
    if energy == ELECTRICITY:
        return CO2_ELECTRICITY[use]
    return CO2[energy]
