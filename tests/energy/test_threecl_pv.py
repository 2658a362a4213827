"""§16.2 photovoltaic production and self-consumption, with hand-checked numbers."""

import pytest
from tests.conftest import require_shared

from binome.energy import dpe_xml
from binome.energy.threecl import pv
from binome.energy.threecl.engine import compute
from binome.energy.threecl.model import DhwSystem, Dwelling


def test_production():
    # 10 modules (16 m²) facing south at 30° (kpv 1.07), Epv 1705.4 kWh/m²:
    # 1.07 × 16 × 0.17 × 1705.4 × 0.86 = 4268.5 kWh
    assert pv.production([(1.07, 16.0)], 1705.4) == pytest.approx(4268.5, abs=0.1)


def test_self_consumption_hand_checked():
    """House of 100 m²: hot water 2000 kWh, lighting 200 kWh, other uses 29 × 100 = 2900 kWh -> Celec 5100.

    Tapl = (0.05 × 2000 + 0.05 × 200 + 0.45 × 2900)/5100 = 0.27745; Tcv = 3000/5100 = 0.58824;
    Tap = 1/(1/0.58824 + 1/0.27745) = 0.18853; self-consumed 5100 × 0.18853 = 961.5 kWh, of which
    hot water 961.5 × (0.05 × 2000/5100)/0.27745 = 67.95 kWh and lighting 6.80 kWh.
    """
    ac = pv.self_consumption(3000, {"ecs": 2000, "eclairage": 200}, pv.other_uses(100, True))
    assert ac["ecs"] == pytest.approx(67.95, abs=0.01)
    assert ac["eclairage"] == pytest.approx(6.80, abs=0.01)
    assert sum(ac.values()) == pytest.approx(961.5, abs=0.1)
    assert pv.self_consumption(0, {"ecs": 2000}, 2900)["ecs"] == 0.0


def test_more_panels_never_raise_consumption():
    tank = DhwSystem("electricite", rd=0.93, storage_volume_l=200, cr=0.22)
    before = compute(Dwelling(surface=100, dhw=[tank]))
    after = compute(Dwelling(surface=100, dhw=[tank], pv_production_kwh=3000))
    more = compute(Dwelling(surface=100, dhw=[tank], pv_production_kwh=6000))
    assert more.ep_conso_5_usages < after.ep_conso_5_usages < before.ep_conso_5_usages
    assert after.conso_ecs < before.conso_ecs


def test_dpe_panels_are_read(dpe_dir):
    """2303E4293288R: 16 modules (25.6 m²) facing east at 15-45° (kpv 0.96), H1c: certified production 6127.5 kWh."""
    path = dpe_dir / "2303E4293288R.xml"
    require_shared(path)
    d, _root = dpe_xml.load(path)
    assert d.pv_production_kwh == pytest.approx(6127.5, rel=0.002)
