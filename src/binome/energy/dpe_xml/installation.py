"""What heating and hot-water installations share: individual or collective, and the flat's share of a collective
installation."""

from . import system_enums
from .reader import integer, number


WHOLE = 1.0  # an individual installation, or a collective one whose flat share is not given: computed whole


def installation_type(ide, ctx, who) -> int:
    """enum_type_installation_id; an individual installation when it is missing (reported)."""
    return ctx.enum_id(
        ide,
        "enum_type_installation_id",
        system_enums.INSTALLATION_INDIVIDUAL,
        f"{who} : type d'installation absent, installation individuelle.",
    )


def virtualisation(ide) -> float:
    """Share of a collective installation attributed to the flat (``ratio_virtualisation``, §13.2), 1 otherwise."""
    if integer(ide, "enum_type_installation_id", system_enums.INSTALLATION_INDIVIDUAL) not in (
        system_enums.INSTALLATION_COLLECTIVE
    ):
        return WHOLE
    r = number(ide, "ratio_virtualisation")
    return r if r and 0 < r < 1 else WHOLE
