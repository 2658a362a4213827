"""Convert the machine-readable 3CL-DPE value tables (XML) into the engine's JSON tables.

Usage: python bench/build_3cl_tables.py [SOURCE_DIR]

SOURCE_DIR defaults to ``$BINOME_REFERENCE_DIR/3cl-tables`` or ``../shared/reference/3cl-tables`` relative to the
repository root. Each output file ``src/binome/energy/threecl/tables/<name>.json`` holds::

    {"table": name, "source": "<arrêté table>", "columns": [...], "rows": [{col: value-or-range}]}

A cell is a string, a number, ``null`` (empty: matches anything) or a range ``{"gt"|"gte"|"lt"|"lte": number}``.
The values are the regulation's (arrêté du 31 mars 2021 modifié, annexe 1); the XML files are not copied.
"""

import json
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "binome" / "energy" / "threecl" / "tables"
ARRETE = (
    "Arrêté du 31 mars 2021 (méthode 3CL-DPE 2021, annexe 1), modifié les 8 octobre 2021, 25 mars 2024 et 13 août 2025"
)

# table name -> citation of the regulation's chapter/table it comes from
TABLES = {
    "audit.ext": "§18.2 — données météorologiques mensuelles (DH19, DH21, Nref19, Nref21, E, Tefs, text)",
    "audit.tbase": "§18.2 — températures extérieures de base Tbase par zone et altitude",
    "baie.deltar": "§3.3.2 — résistance additionnelle ΔR des fermetures",
    "baie.fe1": "§6.2.2.1 — facteur d'ensoleillement Fe1 des masques proches",
    "baie.fe2": "§6.2.2.2 — facteur d'ensoleillement Fe2 des masques lointains homogènes",
    "baie.omb": "§6.2.2.3 — ombrage des masques lointains non homogènes",
    "baie.sw": "§6.2.1 — facteur solaire Sw des baies",
    "baie.ug": "§3.3.1 — coefficient Ug des vitrages",
    "baie.ujn": "§3.3.2 — coefficient Ujn des baies avec fermeture",
    "baie.uw": "§3.3.1 — coefficient Uw des fenêtres et portes-fenêtres",
    "chauffage.combustion": "§13.2.1 — générateurs à combustion par défaut (Rpn, Rpint, QP0, Pveil)",
    "chauffage.fch": "§9.2 — facteur de couverture solaire Fch",
    "chauffage.i0": "§8 — coefficient d'intermittence I0",
    "chauffage.paux": "§15 — puissance des auxiliaires de génération (G, H)",
    "chauffage.pn": "§13.2.1.1 — puissance nominale par défaut des chaudières",
    "chauffage.rd": "§12.2 — rendement de distribution du chauffage Rd",
    "chauffage.re": "§12.1 — rendement d'émission Re",
    "chauffage.rg": "§12.4 — rendement de génération Rg (effet Joule, bois, réseau)",
    "chauffage.rr": "§12.3 — rendement de régulation Rr",
    "chauffage.scop": "§12.4 — SCOP/COP des pompes à chaleur",
    "chauffage.tfonc100": "§13.2.1.5 — température de fonctionnement à 100 % de charge",
    "chauffage.tfonc30": "§13.2.1.5 — température de fonctionnement à 30 % de charge",
    "common.c1": "§18.5 — coefficient d'orientation et d'inclinaison C1",
    "common.etiquette_climat": "annexe 5 de l'arrêté du 31 mars 2021 — étiquette climat",
    "common.etiquette_energie": "annexe 5 — étiquette énergie à double seuil (variante altitude > 800 m)",
    "eclairage.nhj": "§16 — nombre d'heures de fonctionnement de l'éclairage Nhj",
    "ecs.combustion": "§14.1 — caractéristiques par défaut des générateurs ECS à combustion",
    "ecs.cop": "§14.3 — COP des chauffe-eau thermodynamiques",
    "ecs.cr": "§11.6 — coefficient de perte des ballons électriques Cr",
    "ecs.fecs": "§11.5 — facteur de couverture solaire ECS",
    "ecs.paux": "§15 — auxiliaires ECS",
    "ecs.pn": "§14.1 — puissance nominale par défaut (ECS)",
    "ecs.rd": "§11.3 — rendement de distribution de l'ECS",
    "ecs.rg": "§14 — rendement de génération ECS électrique",
    "enveloppe.q4pa_conv": "§4 — perméabilité conventionnelle Q4Pa_conv",
    "lnc.b": "§3.1 — coefficient de réduction des déperditions b des locaux non chauffés",
    "lnc.baie.t": "§3.1 — transmission des baies des espaces tampons",
    "lnc.bver": "§3.1 — coefficient b des vérandas",
    "lnc.uvue": "§3.1 — Uv,ue des locaux non chauffés",
    "mur.umur": "§3.2.1 — Umur forfaitaire par période d'isolation",
    "mur.umur0": "§3.2.1 — Umur0 des murs non isolés",
    "paroi.b": "§3.1 — coefficient b des parois sur extérieur, sol, local chauffé",
    "plancher_bas.ue": "§3.2.2 — Ue des planchers sur terre-plein, vide sanitaire, sous-sol",
    "plancher_bas.upb": "§3.2.2 — Upb forfaitaire par période",
    "plancher_bas.upb0": "§3.2.2 — Upb0 des planchers bas non isolés",
    "plancher_haut.uph": "§3.2.3 — Uph forfaitaire par période",
    "plancher_haut.uph0": "§3.2.3 — Uph0 des planchers hauts non isolés",
    "pont_thermique.kpt": "§3.4 — valeurs k des ponts thermiques",
    "production.kpv": "§16.2 — coefficient kpv d'orientation et d'inclinaison des capteurs photovoltaïques",
    "porte.uporte": "§3.3.4 — Uporte",
    "ventilation.debit": "§4 — débits conventionnels Qvarep, Qvasouf, Smea",
    "ventilation.pvent": "§5 — puissance des ventilateurs",
}


def _num(text):
    text = (text or "").strip()
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in text else value


def _cell(element):
    bounds = {k: float(v) for k, v in element.attrib.items() if v != "" and k in ("gt", "gte", "lt", "lte")}
    if bounds or set(element.attrib) & {"gt", "gte", "lt", "lte"}:
        return bounds or None
    return _num(element.text)


def convert(path: Path) -> dict:
    root = ET.parse(path).getroot()
    rows, columns = [], []
    for row in root:
        record = {}
        for cell in row:
            if cell.tag not in columns:
                columns.append(cell.tag)
            record[cell.tag] = _cell(cell)
        rows.append(record)
    return {"columns": columns, "rows": rows}


def default_source() -> Path:
    env = os.environ.get("BINOME_REFERENCE_DIR")
    base = Path(env) if env else REPO.parent / "shared" / "reference"
    return base / "3cl-tables"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    source = Path(argv[0]) if argv else default_source()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, citation in TABLES.items():
        data = convert(source / f"{name}.xml")
        payload = {"table": name, "source": f"{ARRETE} — {citation}", **data}
        (OUT / f"{name}.json").write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(TABLES)} tables written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
