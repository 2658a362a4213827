"""Import of an ADEME DPE XML file (3CL-DPE 2021 model) into the engine's ``Dwelling``.

Only ``donnee_entree`` blocks and general characteristics are read. ``donnee_intermediaire`` and ``sortie`` are
never used for the computation; ``reference_outputs`` reads ``sortie`` for benchmarking only. The fiche technique is
a documented fallback for three inputs (see ``fiche``). An input that is missing or outside its enum is replaced by a
named default and reported in ``Dwelling.warnings`` (see ``context``).

The package follows the 3CL method's chapters, like ``threecl``:

- ``reader``: XML access and ``parse``; ``context``: what the chapters share, and the warnings;
- ``enums``, ``system_enums``: ADEME enum ids -> meanings and table rows (data); ``table_refs``: ``tv_*_id`` -> rows
  of the stored tables (data);
- ``general`` (type, zone, year, surface), ``envelope`` (walls, floors, ceilings, doors, b), ``windows`` (windows,
  solar masks, sunspaces), ``bridges``, ``ventilation``, ``emitters``, ``heating``, ``hot_water``, ``combustion``
  (what boilers of both share), ``installation``, ``cooling``, ``pv``, ``fiche``;
- ``dwelling``: ``to_dwelling``, ``load``, ``compute_file``, ``result_dict``; ``reference``: certified outputs.
"""

from .bridges import kpt_from_tv as _kpt_from_tv
from .combustion import combustion_params
from .context import Context
from .dwelling import compute_file, load, result_dict, to_dwelling
from .fiche import FICHE_DHW, FICHE_HEATING, FICHE_WALL, documented_cop as _documented_cop
from .general import building_type
from .reader import DpeXmlError, parse
from .reference import reference_dir, reference_outputs
from .table_refs import RD_TV_ROW
from .windows import omb as _omb


# Names of the single-module version that callers (tests) still use; the enum and table-reference data now live in
# ``enums``, ``system_enums`` and ``table_refs``.
_Ctx = Context

__all__ = [
    "FICHE_DHW",
    "FICHE_HEATING",
    "FICHE_WALL",
    "RD_TV_ROW",
    "Context",
    "DpeXmlError",
    "_Ctx",
    "_documented_cop",
    "_kpt_from_tv",
    "_omb",
    "building_type",
    "combustion_params",
    "compute_file",
    "load",
    "parse",
    "reference_dir",
    "reference_outputs",
    "result_dict",
    "to_dwelling",
]
