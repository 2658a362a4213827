"""What the chapters share while a DPE is read: the dwelling's general characteristics and the warnings.

A missing or unreadable input never stops the import when the method gives a way on: the value used instead is a
named constant of the chapter that needs it, and ``Context.warn`` records a French sentence saying so. The warnings
end up in ``Dwelling.warnings`` (printed by ``binome-dpe``). Absent presence flags (``presence_*``,
``double_fenetre``…) mean "no", as in the exchange format, and are not reported.
"""

from binome.energy.threecl import tables

from .reader import integer, text


class Context:
    def __init__(self, zone, year, joule, building):
        self.zone = zone
        self.year = year
        self.joule = joule  # the first heating generator is a Joule-effect one (U tables "effet Joule")
        self.building = building
        self.fiches = {}  # fiche technique by category, see ``fiche.fiches``
        self.flat_alone = False  # a flat computed on its own (not on the building described)
        self.n_dwellings = 1  # dwellings in the computed unit (a building computed as a whole)
        self.inertia = "moyenne"
        self.surface = 0.0
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        """Record a warning once (the same missing input on several components is reported once)."""
        if message not in self.warnings:
            self.warnings.append(message)

    def enum_id(self, e, tag, default, message):
        """The id of ``e/tag``; ``default`` when it is absent, reported with ``message``."""
        value = integer(e, tag)
        if value is None:
            self.warn(message)
            return default
        return value

    def decode(self, mapping, key, fallback, message):
        """``mapping[key]``; ``fallback`` when the id is not in the mapping, reported with ``message``."""
        if key in mapping:
            return mapping[key]
        self.warn(message)
        return fallback

    def table_value(self, message, name, column, default, **criteria):
        """``tables.value``, reporting with ``message`` when the table has no row (or no value) for the criteria."""
        row = tables.match(name, **criteria)
        if row is None or row.get(column) is None:
            self.warn(message)
            return default
        return row[column]


def named(kind: str, de) -> str:
    """``kind « description »`` for the warnings about one component, or just ``kind`` without a description."""
    description = text(de, "description")
    return f"{kind} « {description} »" if description else kind
