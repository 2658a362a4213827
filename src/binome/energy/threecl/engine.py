"""The 3CL-DPE 2021 calculation chain (annexe 1 of the arrêté du 31 mars 2021), chapter by chapter.

Pure Python, no I/O: ``compute(Dwelling) -> Result``.
"""

import math

from . import climate, factors, label, pv
from .combustion import default_pn, dhw_generation_efficiency, generation_efficiency
from .model import Dwelling, Result


INERTIA_EXPONENT = {"tres_lourde": 3.6, "lourde": 3.6, "moyenne": 2.9, "legere": 2.5}
T_INT = 19.0


# --- §3 envelope -----------------------------------------------------------------------------------------------
def envelope_losses(d: Dwelling) -> dict:
    out = {"mur": 0.0, "plancher_bas": 0.0, "plancher_haut": 0.0, "porte": 0.0, "baie": 0.0, "pont_thermique": 0.0}
    for o in d.opaque:
        out[o.kind] += o.u * o.area * o.b
    for w in d.windows:
        out["baie"] += w.u * w.area * w.b
    for br in d.bridges:
        out["pont_thermique"] += br.k * br.length
    return out


# --- §4 ventilation and air permeability ------------------------------------------------------------------------
def air_losses(d: Dwelling) -> tuple[float, float]:
    v = d.ventilation
    s = d.surface
    hvent = 0.34 * v.qvarep * s
    sdep = sum(o.area for o in d.opaque if o.kind != "plancher_bas" and o.b > 0) + sum(
        w.area for w in d.windows if w.b > 0
    )
    q4pa = v.q4pa_conv * sdep + 0.45 * v.smea * s
    volume = d.hsp * s
    n50 = q4pa / ((4 / 50) ** (2 / 3) * volume)
    e, f = (0.07, 15) if v.several_facades else (0.02, 20)
    qvinf = volume * n50 * e / (1 + f / e * ((v.qvasouf - v.qvarep) / (d.hsp * n50)) ** 2) if n50 > 0 else 0.0
    return hvent, 0.34 * qvinf


# --- §11.1 hot-water occupants ----------------------------------------------------------------------------------
def nadeq(d: Dwelling) -> float:
    s = d.surface / max(d.n_dwellings, 1)
    if d.building == "maison":
        nmax = 1.0 if s < 30 else (1.75 - 0.01875 * (70 - s) if s < 70 else 0.025 * s)
    else:
        nmax = 1.0 if s < 10 else (1.75 - 0.01875 * (50 - s) if s < 50 else 0.035 * s)
        nmax = max(nmax, 1.0)
    n = nmax if nmax < 1.75 else 1.75 + 0.3 * (nmax - 1.75)
    return n * max(d.n_dwellings, 1)


def dhw_need_monthly(d: Dwelling) -> list[float]:
    n = nadeq(d)
    return [
        1.163 * n * 56 * (40 - m.tefs) * m.days / 1000 for m in climate.months(d.zone, d.altitude_class, d.old_heavy)
    ]


# --- §6.2-6.3 south-equivalent glazed area -------------------------------------------------------------------
def south_equivalent_area(d: Dwelling, month: int) -> float:
    """Sse of the month: Σ A·C1·Sw·Fe of windows to the outside, plus for each sunspace (§6.3)
    Ssd + (Sst − Ssd)·bver with Ssd = T·Σ A·C1·Sw·Fe of the windows onto it and Sst = Σ A·C1·(0.8·T + 0.024) of its
    own glazing. Windows onto other unheated spaces bring no solar gains."""

    def c1(orientation, inclination):
        return climate.c1(d.zone, month, orientation, inclination)

    sse = sum(w.area * w.sw * w.fe * c1(w.orientation, w.inclination) for w in d.windows if w.adjacency == "ext")
    onto = [w for w in d.windows if w.adjacency == "ets"]
    if onto and d.verandas:
        v = d.verandas[0]
        ssd = v.t * sum(w.area * w.sw * w.fe * c1(w.orientation, w.inclination) for w in onto)
        sst = sum(a * c1(o, i) * (0.8 * v.t + 0.024) for a, o, i in v.glazing)
        sse += ssd + (sst - ssd) * v.bver
    return sse


# --- §6 free gains and §9 heating need ----------------------------------------------------------------------------
def heating_need_monthly(d: Dwelling, gv: float) -> list[float]:
    months = climate.months(d.zone, d.altitude_class, d.old_heavy)
    a = INERTIA_EXPONENT.get(d.inertia, 2.9)
    n = nadeq(d)
    out = []
    for i, m in enumerate(months, start=1):
        if m.dh19 <= 0 or gv <= 0:
            out.append(0.0)
            continue
        sse = south_equivalent_area(d, i)
        a_s = 1000 * sse * m.e
        a_i = ((3.18 + 0.34) * d.surface + 90 * (132 / 168) * n) * m.nref19
        x = (a_s + a_i) / (gv * m.dh19)
        xa = x**a
        f = 1.0 if x >= 1 and abs(1 - xa) < 1e-12 else (x - xa) / (1 - xa)
        f = min(max(f, 0.0), 1.0)
        out.append(gv * m.dh19 * (1 - f) / 1000)
    return out


# --- §10 cooling need ----------------------------------------------------------------------------------------------
CIN_PER_M2 = {"tres_lourde": 260_000, "lourde": 260_000, "moyenne": 165_000, "legere": 110_000}  # J/K per m²
T_COOLING = 28.0  # conventional cooling set point


def cooling_need_monthly(d: Dwelling, gv: float) -> list[float]:
    """§10.2 monthly cooling need (kWh) at the conventional 28 °C set point.

    Gains Ai_fr + As_fr over the cooling hours Nref28 (internal gains as §6.1, solar gains with Efr28);
    Rbth = gains / (GV·(Text,clim − 28)·Nref28); no need when Rbth < 1/2; otherwise
    Bfr = gains/1000 + fut·GV·(Text,clim − 28)·Nref28/1000 with fut = (1 − Rbth^−a)/(1 − Rbth^(−a−1)) (a/(a + 1)
    at Rbth = 1), a = 1 + τ/15 and τ = Cin/(3600·GV), Cin per m² by inertia class.
    """
    months = climate.months(d.zone, d.altitude_class, d.old_heavy)
    n = nadeq(d)
    a = 1 + CIN_PER_M2.get(d.inertia, 165_000) * d.surface / (3600 * gv) / 15 if gv > 0 else 1.0
    out = []
    for i, m in enumerate(months, start=1):
        dt = m.text_clim28 - T_COOLING
        if m.nref28 <= 0 or gv <= 0 or dt <= 0:
            out.append(0.0)
            continue
        gains = ((3.18 + 0.34) * d.surface + 90 * (132 / 168) * n) * m.nref28
        gains += 1000 * south_equivalent_area(d, i) * m.efr28
        transfer = gv * dt * m.nref28
        rbth = gains / transfer
        if rbth < 0.5:
            out.append(0.0)
            continue
        fut = a / (a + 1) if abs(rbth - 1) < 1e-9 else (1 - rbth**-a) / (1 - rbth ** (-a - 1))
        out.append((gains + fut * transfer) / 1000)
    return out


# --- §9.1.1 recovered losses ------------------------------------------------------------------------------------
def dhw_storage_losses_kwh(w) -> float:
    """Annual storage losses Qg,w (kWh) of a hot-water tank (§11.6)."""
    if w.cr:
        return 16.11 * w.storage_volume_l * w.cr  # electric tank, Cr table
    if (w.combustion is not None or w.thermodynamic) and w.storage_volume_l > 0:
        return 67.662 * w.storage_volume_l**0.55  # tank heated by a combustion generator or a heat pump
    return 0.0


def net_heating_need(d: Dwelling, gross_m: list[float], becs: float) -> list[float]:
    """Monthly heating need minus the losses recovered in the heated volume during the heating hours (§9.1.1).

    Hot-water distribution: 0.48 × 0.1 × Becs/8760 kW (+ 0.112 × Becs/8760 for a collective network);
    storage of individual tanks in the heated volume: 0.48 × Qg,w/8760 kW; both × Nref19 of the month.
    The generators' own recovered losses (0.48 × Cper × QP0 × Dper) are left out: certified DPEs count them
    inconsistently (from nothing to 650 kWh for similar boilers) and the benchmark agrees better without them.
    """
    months = climate.months(d.zone, d.altitude_class, d.old_heavy)
    q_kw = 0.0
    for w in d.dhw:
        part = becs * w.share
        q_kw += 0.48 * (0.1 + (0.112 if w.collective else 0.0)) * part / 8760
        if w.storage_in_volume and not w.collective:
            q_kw += 0.48 * dhw_storage_losses_kwh(w) / 8760
    out = []
    for m, gross in zip(months, gross_m, strict=True):
        if gross <= 0:
            out.append(0.0)
            continue
        out.append(max(gross - q_kw * m.nref19, 0.0))
    return out


# --- §8 intermittence ----------------------------------------------------------------------------------------
def intermittence(i0: float, gv: float, d: Dwelling) -> float:
    g = gv / (d.hsp * d.surface)
    return i0 / (1 + 0.1 * (g - 1))


# --- §15.2.1 heating circulator ---------------------------------------------------------------------------------
def circulator_power(d: Dwelling, gv: float, h) -> float:
    """Electric power (W) of the heating circulator(s) during the heating season (§15.2.1).

    Lem = 5·Fcot·(N + √(S/N)); ΔP = 0.15·Lem + ΔPem; Qv = Pnc·r/(1.163·Δθdim) with Pnc = GV·(20 − Tbase)/1000 and
    r the share of the need the hydronic generators cover (a wood stove as appoint does not go through the network);
    P = max(30, 6.44·(ΔP·Qv/n)^0.676·n) with n = max(1, S/400) circulators. For a building-level DPE the
    network is sized for one dwelling and multiplied by the number of dwellings.
    """
    n_dw = max(d.n_dwellings, 1)
    s = d.surface / n_dw
    levels = max(h.circ_levels, 1)
    n = max(1.0, s / 400)
    lem = 5 * h.circ_fcot * (levels + (s / levels) ** 0.5)
    dp = 0.15 * lem + h.circ_dp_em
    pnc = gv / n_dw * (20 - climate.tbase(d.zone, d.altitude_class)) / 1000
    ratio = min(sum(x.share for x in d.heating if x.wet), 1.0) or 1.0
    qv = pnc * ratio / (1.163 * h.circ_dtheta)
    return n_dw * max(30.0, 6.44 * (dp * qv / n) ** 0.676 * n)


def _add(by_use_energy: dict, use: str, energy: str, kwh: float) -> None:
    by_use_energy[(use, energy)] = by_use_energy.get((use, energy), 0.0) + kwh


def _all_losses(d: Dwelling) -> tuple[dict, float]:
    """§3-4 losses by kind (W/K, with the air change split into ventilation and permeability) and GV."""
    parts = envelope_losses(d)
    hvent, hperm = air_losses(d)
    parts["renouvellement_air"] = hvent + hperm
    parts["ventilation"] = hvent
    parts["permeabilite"] = hperm
    gv = sum(v for k, v in parts.items() if k not in ("ventilation", "permeabilite"))
    return parts, gv


def _heating_consumption(d: Dwelling, bch: float, gv: float, pdim: float, nref19: float, by_use_energy: dict):
    """§9 heating consumption, §15 generator auxiliaries and §15.2.1 circulator: (Cch, aux gen., aux dist.)."""
    conso_ch = 0.0
    aux_gen = 0.0
    aux_dist = 0.0
    for h in d.heating:
        part = bch * h.share * (1 - h.solar_fraction)
        rg = h.rg
        pn = None
        if h.combustion is not None:
            c = h.combustion
            pn = c.pn_kw or default_pn(pdim, c.wall_hung, d.year_built)
            cdimref = pn / pdim if pdim > 0 else 1.0
            rg = generation_efficiency(c, h.energy, pn, cdimref)
        rg = max(rg, 0.05)
        ich = intermittence(h.i0, gv, d) / (h.re * h.rd * h.rr * rg)
        c_kwh = part * ich
        conso_ch += c_kwh
        _add(by_use_energy, "chauffage", h.energy, c_kwh)
        if h.aux_g_w or h.aux_h:
            pn_aux = pn or pdim
            paux = h.aux_g_w + h.aux_h * pn_aux
            aux_gen += paux * (part / max(pn_aux, 1e-6)) / 1000
    circ = next((h for h in d.heating if h.wet), None)
    if circ is not None:
        aux_dist += circulator_power(d, gv, circ) * nref19 / 1000
    return conso_ch, aux_gen, aux_dist


def _dhw_consumption(d: Dwelling, becs: float, pdim: float, by_use_energy: dict) -> float:
    """§11-14 hot-water consumption Cecs."""
    conso_ecs = 0.0
    for w in d.dhw:
        need = becs * w.share
        part = need * (1 - w.solar_fraction)  # storage and generation losses stay those of the whole need
        qgw_kwh = dhw_storage_losses_kwh(w)
        if w.combustion is not None:
            c = w.combustion
            pn = c.pn_kw or max(pdim, 10.0)
            storage_wh = 0.0 if w.storage_in_volume is None else qgw_kwh * 1000
            rg = dhw_generation_efficiency(c, w.energy, pn, need, storage_wh)
            c_kwh = part / (w.rd * rg) if part > 0 else 0.0
        else:  # a heat-pump water heater's COP already covers its tank: its losses are only recovered (§9.1.1)
            rs = 1 / (1 + qgw_kwh * w.rd / need) if need > 0 and not w.thermodynamic else 1.0
            c_kwh = part / (w.rd * rs * max(w.rg, 0.05)) if part > 0 else 0.0
        conso_ecs += c_kwh
        _add(by_use_energy, "ecs", w.energy, c_kwh)
    return conso_ecs


def _cooling_consumption(d: Dwelling, gv: float, by_use_energy: dict) -> tuple[float, float]:
    """§10 cooling: (need Bfr, consumption Cfr = entered kWh + Σ 0.9 × Bfr × Sclim/Sh / EER)."""
    bfr = sum(cooling_need_monthly(d, gv)) if d.cooling else 0.0
    cooling = d.cooling_kwh
    if d.cooling_kwh:
        _add(by_use_energy, "refroidissement", factors.ELECTRICITY, d.cooling_kwh)
    for c in d.cooling:
        c_kwh = 0.9 * bfr * c.share / max(c.eer, 0.05)
        cooling += c_kwh
        _add(by_use_energy, "refroidissement", c.energy, c_kwh)
    return bfr, cooling


def _pv_self_consumption(d: Dwelling, by_use_energy: dict, eclairage: float, aux_gen: float, aux_dist: float):
    """§16.2 photovoltaic self-consumption: (kWh per use, kWh of the auxiliaries). Lowers the electricity bought
    for each use in ``by_use_energy``."""
    elec = factors.ELECTRICITY
    ac = pv.self_consumption(
        d.pv_production_kwh,
        {
            "chauffage": by_use_energy.get(("chauffage", elec), 0.0),
            "ecs": by_use_energy.get(("ecs", elec), 0.0),
            "eclairage": eclairage,
            "refroidissement": by_use_energy.get(("refroidissement", elec), 0.0),
            "auxiliaires_generation_ch": aux_gen,
            "auxiliaires_distribution": aux_dist,
            "auxiliaires_ventilation": d.ventilation.fan_kwh,
        },
        pv.other_uses(d.surface, d.building == "maison"),
    )
    for use, key in (("chauffage", "chauffage"), ("ecs", "ecs"), ("eclairage", "eclairage")):
        by_use_energy[(use, elec)] = by_use_energy.get((use, elec), 0.0) - ac.get(key, 0.0)
    aux_ac = sum(ac.get(k, 0.0) for k in ("auxiliaires_generation_ch", "auxiliaires_distribution"))
    aux_ac += ac.get("auxiliaires_ventilation", 0.0)
    by_use_energy[("auxiliaires", elec)] -= aux_ac
    if ("refroidissement", elec) in by_use_energy:
        by_use_energy[("refroidissement", elec)] -= ac.get("refroidissement", 0.0)
    return ac, aux_ac


def compute(d: Dwelling) -> Result:
    parts, gv = _all_losses(d)
    gross_m = heating_need_monthly(d, gv)
    becs = sum(dhw_need_monthly(d))
    tb = climate.tbase(d.zone, d.altitude_class)
    months = climate.months(d.zone, d.altitude_class, d.old_heavy)
    nref19 = sum(m.nref19 for m in months)
    pdim = gv * (T_INT - tb) / 1000  # kW
    need_m = net_heating_need(d, gross_m, becs)
    bch = sum(need_m)

    by_use_energy: dict[tuple[str, str], float] = {}
    conso_ch, aux_gen, aux_dist = _heating_consumption(d, bch, gv, pdim, nref19, by_use_energy)
    conso_ecs = _dhw_consumption(d, becs, pdim, by_use_energy)
    # §16 lighting, §15 auxiliaries
    eclairage = 0.9 * 1.4 * climate.lighting_hours(d.zone) / 1000 * d.surface
    _add(by_use_energy, "eclairage", factors.ELECTRICITY, eclairage)
    aux = aux_gen + aux_dist + d.ventilation.fan_kwh
    _add(by_use_energy, "auxiliaires", factors.ELECTRICITY, aux)
    bfr, cooling = _cooling_consumption(d, gv, by_use_energy)
    if d.pv_production_kwh > 0:
        ac, aux_ac = _pv_self_consumption(d, by_use_energy, eclairage, aux_gen, aux_dist)
        if ("refroidissement", factors.ELECTRICITY) in by_use_energy:
            cooling -= ac.get("refroidissement", 0.0)
        conso_ch -= ac.get("chauffage", 0.0)
        conso_ecs -= ac.get("ecs", 0.0)
        eclairage -= ac.get("eclairage", 0.0)
        aux -= aux_ac
    return _result(d, parts, gv, bch, becs, need_m, by_use_energy, conso_ch, conso_ecs, eclairage, aux, cooling, bfr)


def _result(d, parts, gv, bch, becs, need_m, by_use_energy, conso_ch, conso_ecs, eclairage, aux, cooling, bfr):
    """Primary energy, emissions and labels from the consumption per use and energy carrier."""
    total = sum(by_use_energy.values())
    ep = sum(kwh * factors.pef(energy, d.dpe_date) for (use, energy), kwh in by_use_energy.items())
    ges = sum(kwh * factors.co2(energy, use) for (use, energy), kwh in by_use_energy.items())
    s = d.surface
    ep_m2 = ep / s
    ges_m2 = ges / s
    small_rule = d.dpe_date.isoformat() >= "2024-07-01"
    ce, cc, cl = label.labels(ep_m2, ges_m2, d.zone, d.altitude_class, s / max(d.n_dwellings, 1), small_rule)
    by_energy: dict[str, float] = {}
    for (_use, energy), kwh in by_use_energy.items():
        by_energy[energy] = by_energy.get(energy, 0.0) + kwh
    return Result(
        deperdition_enveloppe=gv,
        losses=parts,
        gv=gv,
        besoin_ch=bch,
        besoin_ecs=becs,
        conso_ch=conso_ch,
        conso_ecs=conso_ecs,
        conso_eclairage=eclairage,
        conso_auxiliaires=aux,
        conso_refroidissement=cooling,
        conso_5_usages=total,
        ep_conso_5_usages=ep,
        ep_conso_5_usages_m2=ep_m2,
        emission_ges_5_usages=ges,
        emission_ges_5_usages_m2=ges_m2,
        classe_energie=ce,
        classe_climat=cc,
        classe_bilan_dpe=cl,
        by_energy=by_energy,
        monthly_need=need_m,
        pef_electricity=factors.pef_electricity(d.dpe_date),
        besoin_fr=bfr,
    )


def is_finite(r: Result) -> bool:
    return all(math.isfinite(x) for x in (r.gv, r.besoin_ch, r.conso_ch, r.ep_conso_5_usages))
