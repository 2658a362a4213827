"""Property tests: more insulation never increases the need; higher efficiency never increases consumption."""

from hypothesis import given, settings, strategies as st

from binome.energy.threecl.engine import compute
from binome.energy.threecl.model import Dwelling, HeatingSystem, Opaque, Ventilation, Window


def dwelling(u_wall, u_roof, u_win, rg, surface, altitude):
    d = Dwelling(surface=surface, altitude_class=altitude, inertia="moyenne")
    d.opaque = [Opaque("mur", surface * 1.1, u_wall), Opaque("plancher_haut", surface, u_roof, 0.9)]
    d.windows = [Window(surface * 0.15, u_win, 0.45, "S")]
    d.ventilation = Ventilation(qvarep=2.23, qvasouf=0, smea=4, q4pa_conv=2.2)
    d.heating = [HeatingSystem("electricite", rg=rg, re=0.95, rr=0.96, i0=0.84)]
    return d


u = st.floats(0.1, 3.0)
common = dict(surface=st.floats(20, 250), altitude=st.sampled_from([1, 2, 3]))


@settings(max_examples=60, deadline=None)
@given(u_wall=u, u_roof=u, u_win=st.floats(0.8, 5.5), factor=st.floats(0.1, 1.0), **common)
def test_more_insulation_never_increases_need(u_wall, u_roof, u_win, factor, surface, altitude):
    base = compute(dwelling(u_wall, u_roof, u_win, 1.0, surface, altitude))
    better = compute(dwelling(u_wall * factor, u_roof * factor, u_win, 1.0, surface, altitude))
    assert better.besoin_ch <= base.besoin_ch + 1e-6
    assert better.conso_ch <= base.conso_ch + 1e-6


@settings(max_examples=60, deadline=None)
@given(u_wall=u, rg=st.floats(0.5, 4.0), gain=st.floats(1.0, 2.0), **common)
def test_higher_efficiency_never_increases_consumption(u_wall, rg, gain, surface, altitude):
    base = compute(dwelling(u_wall, 1.0, 2.5, rg, surface, altitude))
    better = compute(dwelling(u_wall, 1.0, 2.5, rg * gain, surface, altitude))
    assert better.conso_ch <= base.conso_ch + 1e-6
    assert better.ep_conso_5_usages <= base.ep_conso_5_usages + 1e-6


@settings(max_examples=40, deadline=None)
@given(eer=st.floats(2.0, 8.0), gain=st.floats(1.0, 2.0), u_win=st.floats(0.8, 5.5), **common)
def test_higher_cooling_efficiency_never_increases_consumption(eer, gain, u_win, surface, altitude):
    from binome.energy.threecl.model import CoolingSystem

    d = dwelling(1.0, 1.0, u_win, 1.0, surface, altitude)
    d.zone = "H3"
    d.cooling = [CoolingSystem(eer=eer)]
    base = compute(d)
    d.cooling = [CoolingSystem(eer=eer * gain)]
    better = compute(d)
    assert better.conso_refroidissement <= base.conso_refroidissement + 1e-9
    assert better.ep_conso_5_usages <= base.ep_conso_5_usages + 1e-6
