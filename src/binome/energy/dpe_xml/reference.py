"""The certified outputs of a DPE and the shared reference folder: for benchmarks and tests only.

The engine never reads ``sortie``; ``reference_outputs`` is what the benchmarks compare the engine's results with.
"""

import os
from pathlib import Path

from .reader import number, text


REPOSITORY = Path(__file__).resolve().parents[4]


def reference_outputs(root) -> dict:
    """Certified outputs from ``sortie`` — for benchmarking/comparison only, never used by the engine."""
    s = root.find("logement/sortie")
    if s is None:
        return {}
    return {
        "ep_conso_5_usages_m2": number(s, "ep_conso/ep_conso_5_usages_m2"),
        "emission_ges_5_usages_m2": number(s, "emission_ges/emission_ges_5_usages_m2"),
        "classe_bilan_dpe": text(s, "ep_conso/classe_bilan_dpe"),
        "classe_emission_ges": text(s, "emission_ges/classe_emission_ges"),
        "conso_ch": number(s, "ef_conso/conso_ch"),
        "conso_ecs": number(s, "ef_conso/conso_ecs"),
        "deperdition_enveloppe": number(s, "deperdition/deperdition_enveloppe"),
        "besoin_ch": number(s, "apport_et_besoin/besoin_ch"),
    }


def reference_dir() -> Path:
    """The shared reference folder: $BINOME_REFERENCE_DIR, else ../shared/reference next to the repository root.

    For scripts run outside Django; the tests use the ``SHARED_DIR`` setting (``tests/energy/conftest.py``).
    """
    env_dir = os.environ.get("BINOME_REFERENCE_DIR")
    if env_dir:
        return Path(env_dir)
    return REPOSITORY.parent / "shared" / "reference"
