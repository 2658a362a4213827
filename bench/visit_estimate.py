"""Benchmark of the visit-level estimate against certified ADEME DPEs.

Usage: python bench/visit_estimate.py [FOLDER] [--details] [--fit]

For each certified DPE of a house or a flat computed on its own, the facts an advisor would record are read from its
input data (``binome.energy.visit.from_dpe``: kinds, states, periods and counts, never a U-value or an area, see its
documentation), the visit estimate is run, and its result is set against the certified ``sortie``: exact class, class
within one, median |error| on primary energy per m², bias (median signed error) by main heating, and how often the
certified value lies in the low-high range (nominal: ``COVERAGE``).

Guard against overfitting: the files are split in two halves by a fixed hash of their name (CRC-32 even:
calibration, odd: validation). Every constant fitted on the reference set (geometry ratios, usual values, σ₀ of the
range) was chosen on the calibration half; both halves are reported. ``--fit`` prints the σ₀ that gives the nominal
coverage on the calibration half, by building type. Flats whose DPE is generated from the building's and buildings
are left out (their inputs describe the whole building, not what an advisor sees in one flat).
"""

import math
import statistics
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from binome.energy import dpe_xml, visit_estimate  # noqa: E402
from binome.energy.dpe_xml import enums  # noqa: E402
from binome.energy.dpe_xml.general import application_method  # noqa: E402
from binome.energy.visit import uncertainty as unc, vocabulary as voc  # noqa: E402
from binome.energy.visit.from_dpe import facts_from_dpe  # noqa: E402
from dpe_accuracy import default_dir  # noqa: E402


CLASSES = "ABCDEFG"
HALVES = {0: "calibration", 1: "validation"}
FAMILY_LABEL = {
    "joule": "électrique (effet Joule)",
    "heat_pump": "pompe à chaleur",
    "stove": "poêle, insert",
    "network": "réseau de chaleur",
    "gas_radiator": "radiateur gaz",
}
BOILER_LABEL = {
    voc.GAS: "chaudière gaz",
    voc.OIL: "chaudière fioul",
    voc.LPG: "chaudière propane",
    voc.WOOD_LOGS: "chaudière bois",
    voc.WOOD_PELLETS: "chaudière bois",
    voc.WOOD_CHIPS: "chaudière bois",
    voc.COAL: "chaudière charbon",
    voc.ELECTRICITY: "chaudière électrique",
}


def half(name: str) -> int:
    """0: calibration, 1: validation (fixed hash of the file name)."""
    return zlib.crc32(name.encode()) % 2


def heating_group(key: str) -> str:
    g = voc.HEATING[key]
    return BOILER_LABEL.get(g.energy, "chaudière") if g.family == "boiler" else FAMILY_LABEL[g.family]


def run(folder: Path, measured: bool = False):
    rows, skipped = [], defaultdict(int)
    for path in sorted(folder.glob("*.xml")):
        root = dpe_xml.parse(path)
        building = dpe_xml.building_type(root)
        if building == "immeuble" or application_method(root) in enums.FLAT_FROM_BUILDING:
            skipped[building] += 1
            continue
        ref = dpe_xml.reference_outputs(root)
        if not ref.get("ep_conso_5_usages_m2"):
            skipped["sans sortie"] += 1
            continue
        facts = facts_from_dpe(root, measured=measured)
        t0 = time.perf_counter()
        est = visit_estimate.estimate(facts)
        elapsed = time.perf_counter() - t0
        central = est.central.ep_conso_m2
        sigma = math.log(est.high.ep_conso_m2 / central) / unc.Z_80
        rows.append(
            {
                "file": path.name,
                "building": building,
                "half": half(path.name),
                "heating": heating_group(facts.heating),
                "ref": ref["ep_conso_5_usages_m2"],
                "ref_class": ref["classe_bilan_dpe"],
                "calc": central,
                "class": est.central.classe,
                "low": est.low.ep_conso_m2,
                "high": est.high.ep_conso_m2,
                "unknown_var": max(sigma**2 - unc.sigma_model(facts) ** 2, 0.0),
                "time": elapsed,
                "top": est.uncertainty[0].label if est.uncertainty else "",
            }
        )
    return rows, skipped


def summary(label: str, rows) -> str:
    if not rows:
        return f"{label:<34} n=  0"
    errs = [(r["calc"] - r["ref"]) / r["ref"] for r in rows]
    exact = sum(r["class"] == r["ref_class"] for r in rows) / len(rows)
    one = sum(abs(CLASSES.index(r["class"]) - CLASSES.index(r["ref_class"])) <= 1 for r in rows) / len(rows)
    covered = sum(r["low"] <= r["ref"] <= r["high"] for r in rows) / len(rows)
    within10 = sum(abs(e) <= 0.1 for e in errs) / len(rows)
    return (
        f"{label:<34} n={len(rows):>3}  class={exact:6.1%}  ±1 class={one:6.1%}  "
        f"median|err|={statistics.median(abs(e) for e in errs):5.1%}  within10%={within10:6.1%}  "
        f"range coverage={covered:6.1%} (nominal {unc.COVERAGE:.0%})  "
        f"time={statistics.mean(r['time'] for r in rows) * 1000:5.1f} ms"
    )


def bias_lines(rows) -> list[str]:
    by = defaultdict(list)
    for r in rows:
        by[r["heating"]].append((r["calc"] - r["ref"]) / r["ref"])
    return [
        f"    bias {key:<26} n={len(errs):>3}  median error={statistics.median(errs):+6.1%}"
        for key, errs in sorted(by.items())
    ]


def fit_sigma(rows, coverage=unc.COVERAGE) -> float:
    """σ₀ such that the share of rows with |log(ref/calc)| <= z·sqrt(var_unknowns + σ₀²) is ``coverage``."""
    low, high = 0.0, 1.0
    for _ in range(60):
        mid = (low + high) / 2
        inside = sum(
            abs(math.log(r["ref"] / r["calc"])) <= unc.Z_80 * math.sqrt(r["unknown_var"] + mid**2) for r in rows
        )
        if inside / len(rows) < coverage:
            low = mid
        else:
            high = mid
    return high


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else default_dir()
    if not folder.is_dir():
        print(f"Dossier introuvable : {folder}", file=sys.stderr)
        return 2
    rows, skipped = run(folder, measured="--measured" in argv)
    print(f"dwellings: {len(rows)}  left out: " + ", ".join(f"{k} {n}" for k, n in sorted(skipped.items())))
    for building in ("maison", "appartement"):
        subset = [r for r in rows if r["building"] == building]
        print(summary(f"{building} (both halves)", subset))
        for h, name in HALVES.items():
            print(summary(f"  {building} / {name}", [r for r in subset if r["half"] == h]))
        print("\n".join(bias_lines(subset)))
    if "--fit" in argv:
        for building in ("maison", "appartement"):
            calib = [r for r in rows if r["building"] == building and r["half"] == 0]
            print(f"fitted sigma_model ({building}, calibration half): {fit_sigma(calib):.4f}")
    if "--details" in argv:
        for r in sorted(rows, key=lambda r: -abs(r["calc"] - r["ref"]) / r["ref"]):
            print(
                f"  {r['file']} {r['building']:<11} {HALVES[r['half']][:5]} {r['heating']:<24} ref={r['ref']:6.0f} "
                f"{r['ref_class']} calc={r['calc']:6.0f} {r['class']} [{r['low']:.0f}-{r['high']:.0f}] "
                f"err={(r['calc'] - r['ref']) / r['ref']:+6.1%}  top unknown: {r['top']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
