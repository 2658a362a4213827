"""3CL-DPE 2021 energy engine (arrêté du 31 mars 2021, annexe 1). No Django import."""

from .engine import compute
from .model import Bridge, Combustion, DhwSystem, Dwelling, HeatingSystem, Opaque, Result, Ventilation, Window


__all__ = [
    "Bridge",
    "Combustion",
    "DhwSystem",
    "Dwelling",
    "HeatingSystem",
    "Opaque",
    "Result",
    "Ventilation",
    "Window",
    "compute",
]
