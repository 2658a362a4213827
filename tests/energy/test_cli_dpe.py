import json

import pytest
from tests.conftest import require_shared

from binome.energy import cli


KEYS = {
    "ep_conso_5_usages_m2",
    "emission_ges_5_usages_m2",
    "classe_bilan_dpe",
    "classe_emission_ges",
    "conso_ch",
    "conso_ecs",
    "deperdition_enveloppe",
}


def test_good_file_prints_one_json_object(capsys, dpe_dir):
    path = dpe_dir / "2287E0800437L.xml"
    require_shared(path)
    assert cli.main([str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert KEYS <= set(out)
    assert out["classe_bilan_dpe"] in "ABCDEFG"


def test_unreadable_file_exits_non_zero_with_french_message(tmp_path, capsys):
    bad = tmp_path / "cassé.xml"
    bad.write_bytes(b"\x00\x01 pas du xml")
    assert cli.main([str(bad)]) != 0
    err = capsys.readouterr().err
    assert "erreur" in err and "XML valide" in err


def test_missing_file(tmp_path, capsys):
    assert cli.main([str(tmp_path / "absent.xml")]) != 0
    assert "Impossible de lire le fichier" in capsys.readouterr().err


def test_air_conditioned_dwelling_reports_its_cooling(capsys, dpe_dir):
    """2432E0658897O (split units since 2015, H2c): certified besoin_fr 2182.41 kWh, conso_fr 262.36 kWh."""
    path = dpe_dir / "2432E0658897O.xml"
    require_shared(path)
    assert cli.main([str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["besoin_fr"] == pytest.approx(2182.41, rel=0.01)
    assert out["conso_fr"] == pytest.approx(262.36, rel=0.01)
