"""§3 U-values of walls, floors, roofs, windows and doors, and reduction factors b, from the regulation's tables."""

from . import tables


LAMBDA_DEFAULT = 0.04  # W/m.K, default insulation conductivity when only the thickness is known
INSULATED_UNKNOWN_MIN_YEAR = 1976  # buildings before 1975 declared insulated: use the 1975-77 row
# Defaults for inputs a caller may not know (``dpe_xml`` reports when it relies on them); not 3CL values
AIU_AUE_UNKNOWN = 1.0  # §3.1 Aiu/Aue of an unheated space whose areas are not given
GAP_UNKNOWN_MM = 12  # §3.3.1 gas gap of a double or triple glazing whose thickness is not given


def zone_group(zone: str) -> str:
    return zone[:2]


def nearest(values, target):
    return min(values, key=lambda v: (abs(v - target), -v))


def tab_year_insulated(year: int) -> int:
    """Year used for an insulated component of unknown insulation date (pre-1975 -> 1975-77 row)."""
    return max(year, INSULATED_UNKNOWN_MIN_YEAR)


def u_wall0(material: str, thickness_cm: float | None, year: int) -> float:
    candidates = [r for r in tables.rows("mur.umur0") if r["type_mur"] == material]
    candidates = [
        r for r in candidates if r["annee_construction"] is None or tables._in_range(r["annee_construction"], year)
    ]
    if not candidates:
        return 2.5
    with_thickness = [r for r in candidates if r["epaisseur"] is not None]
    if thickness_cm and with_thickness:
        t = nearest([r["epaisseur"] for r in with_thickness], thickness_cm)
        return float(next(r["umur0"] for r in with_thickness if r["epaisseur"] == t))
    if with_thickness and not [r for r in candidates if r["epaisseur"] is None]:
        return float(max(with_thickness, key=lambda r: r["umur0"])["umur0"])
    return float(next(r["umur0"] for r in candidates if r["epaisseur"] is None))


U_TABLES = {"mur": ("mur.umur", "umur"), "plancher_bas": ("plancher_bas.upb", "upb")}
U_TAB_UNKNOWN = 2.5  # §3.2 the tables' value of an element without insulation, when no row applies


def u_tab(kind: str, zone: str, year: int, joule: bool, category: str = "COMBLES_PERDUS") -> float:
    """§3.2 U of an insulated element of unknown performance, by period (and Joule-effect heating from 1978). The copy
    of the tables has no Joule-effect rows for some categories before 1978 (flat roofs in H1), where the column makes
    no difference: the row without it is read."""
    name, column = U_TABLES.get(kind, ("plancher_haut.uph", "uph"))
    criteria = dict(zone_climatique=zone_group(zone), annee_construction_isolation=year)
    if name == "plancher_haut.uph":
        criteria["categorie"] = category
    value = tables.value(name, column, None, effet_joule=int(joule), **criteria)
    if value is None:
        value = tables.value(name, column, U_TAB_UNKNOWN, **criteria)
    return float(value)


def u_with_insulation(u0: float, *, thickness_cm=None, resistance=None) -> float:
    if resistance:
        return 1 / (1 / u0 + resistance)
    if thickness_cm:
        return 1 / (1 / u0 + thickness_cm / 100 / LAMBDA_DEFAULT)
    return u0


def u_floor0(kind_label: str) -> float:
    return float(tables.value("plancher_bas.upb0", "upb0", 2.0, type_plancher_bas=kind_label))


def u_roof0(kind_label: str) -> float:
    return float(tables.value("plancher_haut.uph0", "uph0", 2.5, type_plancher_haut=kind_label))


def ue_ground(adjacency: str, upb: float, two_s_over_p: float, year: int) -> float:
    """§3.2.2 equivalent U of a floor on earth, crawl space or unheated basement (table ue, interpolated on Upb)."""
    rows = [
        r
        for r in tables.rows("plancher_bas.ue")
        if r["mitoyennete"] == adjacency
        and (r["annee_construction"] is None or tables._in_range(r["annee_construction"], year))
    ]
    if not rows:
        return upb
    sp = nearest(sorted({r["_2s_p"] for r in rows}), two_s_over_p)
    line = sorted(((r["upb"], r["ue"]) for r in rows if r["_2s_p"] == sp), key=lambda p: p[0])
    if upb <= line[0][0]:
        # below the table's last row: linear extrapolation from its two lowest rows (as certified DPEs do)
        if len(line) < 2 or line[1][0] == line[0][0]:
            return line[0][1]
        (u1, e1), (u2, e2) = line[0], line[1]
        return max(e1 + (e2 - e1) * (upb - u1) / (u2 - u1), 0.0)
    for (u1, e1), (u2, e2) in zip(line, line[1:], strict=False):
        if u1 <= upb <= u2:
            return e1 + (e2 - e1) * (upb - u1) / (u2 - u1)
    return line[-1][1]


# --- b (§3.1) -----------------------------------------------------------------------------------------------------
def b_simple(mitoyennete: str) -> float:
    return float(tables.value("paroi.b", "b", 1.0, mitoyennete=mitoyennete))


def b_lnc(local: str, aiu: float | None, aue: float | None, insulated_aiu: bool, insulated_aue: bool) -> float:
    uvue = tables.value("lnc.uvue", "uvue", 3, type_local_non_chauffe=local)
    ratio = (aiu / aue) if aiu and aue else AIU_AUE_UNKNOWN
    return float(
        tables.value(
            "lnc.b",
            "b",
            0.9,
            uvue=uvue,
            isolation_aiu=int(insulated_aiu),
            isolation_aue=int(insulated_aue),
            aiu_aue=ratio,
        )
    )


def b_veranda(zone: str, orientation: str, insulated: bool) -> float:
    return float(
        tables.value(
            "lnc.bver",
            "bver",
            0.8,
            zone_climatique=zone_group(zone),
            orientation=orientation,
            isolation_paroi=int(insulated),
        )
    )


# --- windows (§3.3) ---------------------------------------------------------------------------------------------
# In the machine-readable copy of the Uw and Sw tables, the frame labels are shifted: the rows labelled "PVC" repeat
# the wood rows, and the PVC values of the arrêté (better frame: Ug 2.8 -> Uw 2.7, Sw 0.44 for a double-glazed
# casement) sit under "BOIS_METAL". Certified DPEs confirm it on several hundred windows (bench/dpe_chapters.py).
TABLE_FRAME = {"PVC": "BOIS_METAL", "BOIS_METAL": "BOIS"}


def ug(glazing: str, gas: str | None, gap_mm: float | None, vertical: bool = True) -> float:
    rows = [r for r in tables.rows("baie.ug") if r["type_vitrage"] == glazing and r["type_baie"] is None]
    rows = [r for r in rows if r["presence_survitrage"] in (None, 0)]
    if gas:
        same = [r for r in rows if r["nature_gaz_lame"] == gas]
        rows = same or rows
    incl = 90 if vertical else 45
    rows = [
        r for r in rows if r["inclinaison_vitrage"] is None or tables._in_range(r["inclinaison_vitrage"], incl)
    ] or rows
    gaps = [r for r in rows if r["epaisseur_lame"] is not None]
    if gaps:
        g = nearest(sorted({r["epaisseur_lame"] for r in gaps}), gap_mm or GAP_UNKNOWN_MM)
        rows = [r for r in gaps if r["epaisseur_lame"] == g]
    return float(rows[0]["ug"]) if rows else 2.9


def uw(
    window_type: str, frame: str, ug_value: float, sill: int | None = None, thermal_break: int | None = None
) -> float:
    frame = TABLE_FRAME.get(frame, frame)
    rows = [r for r in tables.rows("baie.uw") if r["type_baie"] == window_type and r["nature_menuiserie"] == frame]
    if sill is not None:
        rows = [r for r in rows if r["presence_soubassement"] in (None, sill)] or rows
    if thermal_break is not None:
        rows = [r for r in rows if r["presence_rupteur_pont_thermique"] in (None, thermal_break)] or rows
    rows = [r for r in rows if r["ug"] is not None]
    if not rows:
        return ug_value + 0.3
    pts = sorted({(float(r["ug"]), float(r["uw"])) for r in rows})
    if ug_value <= pts[0][0]:
        return pts[0][1]
    for (g1, w1), (g2, w2) in zip(pts, pts[1:], strict=False):
        if g1 <= ug_value <= g2:
            return w1 if g2 == g1 else w1 + (w2 - w1) * (ug_value - g1) / (g2 - g1)
    return pts[-1][1]


def ujn(uw_value: float, delta_r: float | None) -> float:
    if not delta_r:
        return uw_value
    rows = [r for r in tables.rows("baie.ujn") if abs(float(r["deltar"]) - delta_r) < 1e-9]
    if not rows:
        return uw_value
    pts = sorted({(float(r["uw"]), float(r["ujn"])) for r in rows})
    if uw_value <= pts[0][0]:
        return pts[0][1] * uw_value / pts[0][0]
    for (a1, b1), (a2, b2) in zip(pts, pts[1:], strict=False):
        if a1 <= uw_value <= a2:
            return b1 if a1 == a2 else b1 + (b2 - b1) * (uw_value - a1) / (a2 - a1)
    return pts[-1][1]


def delta_r(closure: str) -> float:
    return float(tables.value("baie.deltar", "deltar", 0.0, type_fermeture=closure))


def sw(window_type: str, frame: str | None, glazing: str | None, pose: str | None, sill: int | None = None) -> float:
    row = tables.match(
        "baie.sw",
        type_baie=window_type,
        nature_menuiserie=TABLE_FRAME.get(frame, frame),
        type_vitrage=glazing,
        type_pose=pose,
        presence_soubassement=sill,
        presence_survitrage=0,
    )
    return float(row["sw"]) if row else 0.5


def k_bridge(link: str, wall_insulation: str, floor_insulation: str | None = None, **kw) -> float:
    crit = {"type_liaison": link, "type_isolation_mur": wall_insulation}
    if link != "MENUISERIE_MUR":
        crit["type_isolation_plancher"] = floor_insulation
    crit.update(kw)
    row = tables.match("pont_thermique.kpt", **crit)
    return float(row["kpt"]) if row else 0.0
