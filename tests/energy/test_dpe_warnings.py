"""Missing inputs of a DPE XML are replaced by named defaults and reported; enum ids are decoded by explicit data."""

import json
import re
import subprocess
import sys

import pytest
from tests.conftest import require_shared

from binome.energy import cli, dpe_xml
from binome.energy.dpe_xml import general, system_enums as se, table_refs
from binome.energy.threecl import tables
from binome.energy.threecl.engine import compute


HOUSE = "2287E0800437L"  # H1c house, complete: no warning


def _variant(tmp_path, dpe_dir, name, pattern, replacement=""):
    source = dpe_dir / f"{name}.xml"
    require_shared(source)
    text = source.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text)
    assert changed != text
    path = tmp_path / f"{name}.xml"
    path.write_text(changed, encoding="utf-8")
    return source, path


def test_complete_dpe_has_no_warning(dpe_dir):
    path = dpe_dir / f"{HOUSE}.xml"
    require_shared(path)
    d, _root = dpe_xml.load(path)
    assert d.warnings == []


def test_missing_ceiling_height_uses_the_named_default_and_says_so(tmp_path, dpe_dir):
    source, path = _variant(tmp_path, dpe_dir, HOUSE, r"<hsp>[^<]*</hsp>")
    d, _root = dpe_xml.load(path)
    assert d.hsp == general.DEFAULT_HSP == 2.5
    assert d.warnings == ["Hauteur sous plafond absente : 2,5 m retenus."]
    ref, _ = dpe_xml.load(source)  # this file's height is 2.5 m: same result, but now it is said to be a default
    assert dpe_xml.result_dict(compute(d)) == dpe_xml.result_dict(compute(ref))


def test_missing_window_glazing_is_reported_once_per_window(tmp_path, dpe_dir):
    _source, path = _variant(tmp_path, dpe_dir, HOUSE, r"<enum_type_vitrage_id>[^<]*</enum_type_vitrage_id>")
    d, _root = dpe_xml.load(path)
    glazing = [w for w in d.warnings if "type de vitrage absent" in w]
    assert glazing and len(glazing) == len(set(glazing)) <= len(d.windows)
    assert all(w.startswith("Baie") for w in glazing)


def test_missing_emitter_period_is_reported_where_a_boiler_uses_it(tmp_path, dpe_dir):
    """2287E1490206A (LPG boiler): without the emitters' period, the boiler's operating temperatures are read at the
    construction year, which is reported."""
    source, path = _variant(
        tmp_path,
        dpe_dir,
        "2287E1490206A",
        r"<enum_periode_installation_emetteur_id>[^<]*</enum_periode_installation_emetteur_id>",
    )
    d, _root = dpe_xml.load(path)
    assert any("période d'installation absente" in w for w in d.warnings)
    assert compute(d).ep_conso_5_usages_m2 > 0


def test_cli_prints_warnings_on_stderr_and_json_on_stdout(tmp_path, dpe_dir, capsys):
    _source, path = _variant(tmp_path, dpe_dir, HOUSE, r"<hsp>[^<]*</hsp>")
    assert cli.main([str(path)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["classe_bilan_dpe"] in "ABCDEFG"
    assert captured.err == "binome-dpe : avertissement : Hauteur sous plafond absente : 2,5 m retenus.\n"


def test_cli_prints_no_warning_for_a_complete_dpe(dpe_dir, capsys):
    path = dpe_dir / f"{HOUSE}.xml"
    require_shared(path)
    assert cli.main([str(path)]) == 0
    assert capsys.readouterr().err == ""


def test_every_emitter_type_of_the_enum_has_a_row():
    assert sorted(se.EMITTERS) == list(range(1, 51))


def test_heating_generator_families_cover_the_enum():
    """Each enum_type_generateur_ch_id belongs to a family (or is left to the reported default): ids 143-144 are
    deleted from ADEME's enum, the hybrids' wood-log and wood-chip boiler parts (154-159) have no table row."""
    families = [
        set(se.HEAT_PUMPS),
        set(se.WOOD_STOVES),
        set(se.STOVES_RG),
        se.JOULE_GENERATORS,
        {se.ELECTRIC_BOILER},
        se.HEAT_NETWORKS,
        se.OTHER_SYSTEMS,
        set(se.BOILER_STOVES),
        set(se.AIR_HEATERS),
        set(se.GAS_RADIATORS),
        set(se.BOILERS),
    ]
    covered = set().union(*families)
    assert set(range(1, 172)) - covered == {143, 144, 154, 155, 156, 157, 158, 159}


def test_hot_water_boilers_are_the_heating_boilers_of_the_same_label():
    """DHW wood, oil and gas boilers (15-57), coal and LPG boilers (85-104), hybrids' boiler parts (120-133)."""
    assert se.DHW_TO_HEATING[15] == 55 and se.DHW_TO_HEATING[57] == 97
    assert se.DHW_TO_HEATING[85] == 120 and se.DHW_TO_HEATING[104] == 139
    assert se.DHW_TO_HEATING[120] == 148 and se.DHW_TO_HEATING[133] == 161
    assert len(se.DHW_TO_HEATING) == 43 + 20 + 14


@pytest.mark.parametrize(
    ("tv_id", "link", "wall", "floor"),
    [
        (1, "PLANCHER_BAS_MUR", "NON_ISOLE", "NON_ISOLE"),
        (28, "PLANCHER_BAS_MUR", "ITE_ITR", "ITR"),
        (29, "PLANCHER_INTERMEDIAIRE_MUR", "NON_ISOLE", None),
        (36, "PLANCHER_HAUT_MUR", "NON_ISOLE", "NON_ISOLE"),
        (70, "REFEND_MUR", "ITE_ITR", None),
        (71, "MENUISERIE_MUR", "NON_ISOLE", None),
    ],
)
def test_thermal_bridge_references_are_explicit_rows(tv_id, link, wall, floor):
    row = tables.row_at("pont_thermique.kpt", table_refs.KPT_TV_ROW[tv_id])
    assert (row["type_liaison"], row["type_isolation_mur"], row["type_isolation_plancher"]) == (link, wall, floor)


def test_solar_coverage_ids_of_hot_water_follow_the_heating_ones():
    """ADEME's solar-coverage table: ids 1-8 are the heating Fch rows, 9-48 the hot-water Fecs rows."""
    assert sorted(table_refs.FECS_TV_ROW) == list(range(9, 49))
    assert tables.row_at("ecs.fecs", table_refs.FECS_TV_ROW[11])["fecs"] == 0.53  # house H1c, > 5 years


def test_the_import_package_does_not_import_django():
    code = (
        "import sys, binome.energy.dpe_xml, binome.energy.cli, binome.energy.bills; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
