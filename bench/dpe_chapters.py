"""Chapter-by-chapter diagnostic of the 3CL engine against certified ADEME DPE XML files.

Usage: python bench/dpe_chapters.py [FOLDER] [--zone H1c] [--building maison] [--file NAME] [--worst N]

For each file the engine computes from input data only (``dpe_xml.load`` + ``compute``); this script then reads the
certified ``sortie`` and the per-component ``donnee_intermediaire`` values - which the engine never reads - to show
where the differences come from: envelope losses by kind, heating need, heating and hot-water consumption, lighting,
auxiliaries. ``--file`` prints every component (U, b, area) next to the certified intermediate values.
"""

import statistics
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from binome.energy import dpe_xml  # noqa: E402
from binome.energy.threecl.engine import compute  # noqa: E402
from dpe_accuracy import default_dir  # noqa: E402


CHAPTERS = [
    ("mur", "deperdition/deperdition_mur", lambda r: r.losses["mur"]),
    ("pb", "deperdition/deperdition_plancher_bas", lambda r: r.losses["plancher_bas"]),
    ("ph", "deperdition/deperdition_plancher_haut", lambda r: r.losses["plancher_haut"]),
    ("baie", "deperdition/deperdition_baie_vitree", lambda r: r.losses["baie"]),
    ("porte", "deperdition/deperdition_porte", lambda r: r.losses["porte"]),
    ("pt", "deperdition/deperdition_pont_thermique", lambda r: r.losses["pont_thermique"]),
    ("air", "deperdition/deperdition_renouvellement_air", lambda r: r.losses["renouvellement_air"]),
    ("GV", "deperdition/deperdition_enveloppe", lambda r: r.deperdition_enveloppe),
    ("Bch", "apport_et_besoin/besoin_ch", lambda r: r.besoin_ch),
    ("Becs", "apport_et_besoin/besoin_ecs", lambda r: r.besoin_ecs),
    ("Cch", "ef_conso/conso_ch", lambda r: r.conso_ch),
    ("Cecs", "ef_conso/conso_ecs", lambda r: r.conso_ecs),
    ("ecl", "ef_conso/conso_eclairage", lambda r: r.conso_eclairage),
    ("aux", "ef_conso/conso_totale_auxiliaire", lambda r: r.conso_auxiliaires),
    ("Cep", "ep_conso/ep_conso_5_usages_m2", lambda r: r.ep_conso_5_usages_m2),
]


def ref_value(root, path):
    s = root.find("logement/sortie")
    if s is None:
        return None
    x = s.find(path)
    try:
        return float(x.text) if x is not None and x.text else None
    except ValueError:
        return None


def rel(calc, ref):
    if ref is None:
        return None
    if abs(ref) < 1e-6:
        return 0.0 if abs(calc) < 1e-3 else float("inf")
    return (calc - ref) / ref


def analyse(path):
    d, root = dpe_xml.load(path)
    r = compute(d)
    out = {"file": path.name, "zone": d.zone, "building": d.building, "d": d, "r": r, "root": root}
    for name, p, f in CHAPTERS:
        ref = ref_value(root, p)
        out[name] = (f(r), ref, rel(f(r), ref))
    out["class_ok"] = r.classe_bilan_dpe == (root.findtext("logement/sortie/ep_conso/classe_bilan_dpe") or "")
    return out


def components(path):
    """Print each engine component next to the certified intermediate values of the same XML element."""
    d, root = dpe_xml.load(path)
    r = compute(d)
    print(f"{path.name}  {d.building} {d.zone} alt={d.altitude_class} S={d.surface} year={d.year_built}")
    kinds = [
        ("mur", "logement/enveloppe/mur_collection/mur", "umur"),
        ("plancher_bas", "logement/enveloppe/plancher_bas_collection/plancher_bas", "upb_final"),
        ("plancher_haut", "logement/enveloppe/plancher_haut_collection/plancher_haut", "uph"),
        ("porte", "logement/enveloppe/porte_collection/porte", "uporte"),
    ]
    for kind, xp, utag in kinds:
        mine = [o for o in d.opaque if o.kind == kind]
        for o, el in zip(mine, root.findall(xp), strict=False):
            di = el.find("donnee_intermediaire")
            ref_u = di.findtext(utag) or di.findtext("upb") if di is not None else None
            ref_b = di.findtext("b") if di is not None else None
            flag = ""
            try:
                if abs(o.u * o.b - float(ref_u) * float(ref_b)) > 0.02 * max(float(ref_u) * float(ref_b), 0.05):
                    flag = "  <--"
            except (TypeError, ValueError):
                pass
            print(f"  {kind:<13} A={o.area:7.2f} U={o.u:6.3f} b={o.b:5.2f} | ref U={ref_u} b={ref_b}{flag}")
    for w, el in zip(d.windows, root.findall("logement/enveloppe/baie_vitree_collection/baie_vitree"), strict=False):
        di = el.find("donnee_intermediaire")
        g = {t: (di.findtext(t) if di is not None else None) for t in ("u_menuiserie", "uw", "b", "sw", "fe1", "fe2")}
        print(
            f"  baie          A={w.area:7.2f} U={w.u:6.3f} b={w.b:5.2f} sw={w.sw:.2f} fe={w.fe:.2f} {w.orientation} | "
            f"ref ujn={g['u_menuiserie']} uw={g['uw']} b={g['b']} sw={g['sw']} fe1={g['fe1']} fe2={g['fe2']}"
        )
    bridges = root.findall("logement/enveloppe/pont_thermique_collection/pont_thermique")
    for b, el in zip(d.bridges, bridges, strict=False):
        di = el.find("donnee_intermediaire")
        ref_k = di.findtext("k") if di is not None else None
        print(f"  pont {b.label:<26} L={b.length:6.2f} k={b.k:5.3f} | ref k={ref_k}")
    print(f"  ventilation {d.ventilation}")
    for h in d.heating:
        print(f"  chauffage {h}")
    for w in d.dhw:
        print(f"  ecs {w}")
    for name, p, f in CHAPTERS:
        ref = ref_value(root, p)
        e = rel(f(r), ref)
        ref_txt = f"{ref:12.2f}" if ref is not None else "           -"
        print(f"  {name:<6} calc={f(r):12.2f} ref={ref_txt} err={e if e is not None else 0:+7.1%}")
    s = root.find("logement/sortie")
    for tag in ("apport_et_besoin", "ef_conso"):
        block = s.find(tag)
        print("  " + "  ".join(f"{c.tag}={c.text}" for c in block if c.text and c.text not in ("0", "0.000")))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    opts = {}
    args = []
    it = iter(argv)
    for a in it:
        if a.startswith("--"):
            opts[a[2:]] = next(it, None)
        else:
            args.append(a)
    folder = Path(args[0]) if args else default_dir()
    if opts.get("file"):
        name = opts["file"]
        components(folder / (name if name.endswith(".xml") else name + ".xml"))
        return 0
    rows = []
    for path in sorted(folder.glob("*.xml")):
        try:
            a = analyse(path)
        except Exception as exc:  # noqa: BLE001 - diagnostic keeps going
            print(f"FAILED {path.name}: {exc}")
            continue
        if opts.get("zone") and a["zone"] != opts["zone"]:
            continue
        if opts.get("building") and a["building"] != opts["building"]:
            continue
        rows.append(a)
    print(f"{len(rows)} files")
    print(f"{'chapter':<7} {'within5%':>8} {'within1%':>8} {'median err':>10} {'mean|err|':>9}")
    for name, _p, _f in CHAPTERS:
        errs = [a[name][2] for a in rows if a[name][2] is not None and a[name][1]]
        if not errs:
            continue
        errs_abs = [abs(e) for e in errs if e != float("inf")]
        print(
            f"{name:<7} {sum(e <= 0.05 for e in errs_abs) / len(errs):8.1%} "
            f"{sum(e <= 0.01 for e in errs_abs) / len(errs):8.1%} "
            f"{statistics.median(errs):+10.1%} {statistics.mean(errs_abs):9.1%}"
        )
    worst = int(opts.get("worst") or 0)
    if worst:
        rows.sort(key=lambda a: -abs(a["Cep"][2] or 0))
        head = " ".join(f"{n:>6}" for n, _p, _f in CHAPTERS)
        print(f"{'file':<20} {head}")
        for a in rows[:worst]:
            cells = " ".join(
                f"{(a[n][2] if a[n][2] is not None and abs(a[n][2]) < 9.99 else 9.99):+6.0%}" if a[n][1] else "     -"
                for n, _p, _f in CHAPTERS
            )
            print(f"{a['file']:<20} {cells} {'' if a['class_ok'] else 'CLASS'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
