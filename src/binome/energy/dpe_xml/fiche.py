"""The fiche technique, a documented fallback for three inputs ``donnee_entree`` does not carry.

The ``fiche_technique`` section is the diagnostician's descriptive summary of what was entered, not a computed
output. It is read for:

- the SCOP/COP of a heat pump whose characteristics were entered from its nameplate or documentation
  (``enum_methode_saisie_carac_sys_id`` 6); the format stores that value only in ``donnee_intermediaire``, which
  the engine never reads, while the fiche technique of the heating (or hot-water) system repeats it
  ("SCOP / COP: 4,7"). Any other method of entry keeps the table value, even when the fiche shows a COP;
- likewise the Pn of a boiler entered from its nameplate (methods 2-5, "Pn générateur: 24 kW"), for individual
  installations and collective ones whose flat share (``ratio_virtualisation``) applies;
- the insulating render of an old wall ("Enduit sur matériaux anciens: oui") in XML versions before 2.3, which have
  no ``enduit_isolant_paroi_ancienne`` element (their ``paroi_ancienne`` flag only says the wall is old). The
  element, when present, always wins.
"""

import re

from .reader import integer, number


# fiche technique categories (enum_categorie_fiche_technique_id)
FICHE_WALL, FICHE_HEATING, FICHE_DHW = 1, 7, 8
# plausible values: a SCOP/COP outside ]1, 10[ or a Pn outside ]1, 5000[ kW is a typing error, ignored
COP_RANGE = (1.0, 10.0)
PN_RANGE_KW = (1.0, 5000.0)


def fiches(root) -> dict[int, list[list[tuple[str, str]]]]:
    """The fiche technique by category: each fiche as its (label, value) lines in document order.

    The label is the description before its colon ("SCOP / COP: 4,7" -> "SCOP / COP"), the value ``valeur``.
    """
    out = {}
    for ft in root.findall("fiche_technique_collection/fiche_technique"):
        items = []
        for s in ft.findall("sous_fiche_technique_collection/sous_fiche_technique"):
            desc = (s.findtext("description") or "").strip()
            label, _, rest = desc.partition(":")
            value = (s.findtext("valeur") or "").strip() or rest.strip()
            items.append((label.strip(), value))
        out.setdefault(integer(ft, "enum_categorie_fiche_technique_id"), []).append(items)
    return out


def fiche_number(text) -> float | None:
    """A French-written number at the start of a fiche value ("4,7", "102,13 m²"), or None."""
    m = re.match(r"\s*(\d+(?:[.,]\d+)?)", text or "")
    return float(m.group(1).replace(",", ".")) if m else None


def documented_cop(ctx, category, description, labels=("SCOP / COP",)) -> float | None:
    """SCOP/COP entered from a heat pump's nameplate or documentation, as the fiche technique states it.

    In a system fiche, a "SCOP / COP" line belongs to the generator named by the "Type générateur" line before it;
    the generator is recognised by its description. A single unattributed value is taken as the generator's.
    Values outside 1-10 are ignored.
    """
    return documented_value(ctx, category, description, labels, *COP_RANGE)


def documented_value(ctx, category, description, labels, low, high) -> float | None:
    """A generator's value entered from its nameplate, as the fiche technique states it (see ``documented_cop``);
    values outside ]low, high[ are ignored."""
    found = []  # (generator named before the value, value)
    for items in ctx.fiches.get(category, []):
        current = None
        for label, value in items:
            if label == "Type générateur":
                current = value
            elif label in labels:
                v = fiche_number(value)
                if v is not None and low < v < high:
                    found.append((current, v))
    name = (description or "").strip()
    own = [v for gen, v in found if name and gen == name]
    if own:
        return own[0]
    loose = [v for gen, v in found if gen is None]
    return loose[0] if len(loose) == 1 else None


def wall_renders(ctx, walls) -> list[bool | None]:
    """Per wall (``donnee_entree``, XML order): does its fiche say "Enduit sur matériaux anciens: oui"?

    Wall fiches follow the walls' order, one fiche per wall or per group of consecutive parts of a wall
    ("Mur 1 … (p1)", "(p2)" …), with the group's opaque surface ("Surface du mur: 102,13 m²"). When the fiches do
    not line up with the walls' surfaces, nothing is inferred (all None).
    """
    unknown = [None] * len(walls)
    wall_fiches = [items for items in ctx.fiches.get(FICHE_WALL, []) if any(lb == "Surface du mur" for lb, _ in items)]
    if not wall_fiches:
        return unknown
    out, i = [], 0
    for items in wall_fiches:
        surface = next((fiche_number(v) for lb, v in items if lb == "Surface du mur"), None)
        render = any(lb == "Enduit sur matériaux anciens" and v.lower() == "oui" for lb, v in items)
        if not surface:
            return unknown
        tol = max(0.1, 0.005 * surface)
        total, start = 0.0, i
        while i < len(walls) and total < surface - tol:
            total += number(walls[i], "surface_paroi_opaque", 0) or 0
            i += 1
        if i == start or abs(total - surface) > tol:
            return unknown
        out.extend([render] * (i - start))
    return out if i == len(walls) else unknown
