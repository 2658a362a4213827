"""Reading an ADEME DPE XML file: ``parse`` and the element accessors every chapter uses."""

import xml.etree.ElementTree as ET
from pathlib import Path


class DpeXmlError(ValueError):
    """Raised with a French message when a file cannot be read as a DPE."""


def text(e, tag) -> str | None:
    """Stripped text of ``e/tag``, or None when the element is absent or empty."""
    if e is None:
        return None
    x = e.find(tag)
    if x is None or x.text is None or x.text.strip() == "":
        return None
    return x.text.strip()


def number(e, tag, default=None):
    """``e/tag`` as a float; ``default`` when absent or not a number."""
    v = text(e, tag)
    if v is None:
        return default
    try:
        return float(v)
    except ValueError:
        return default


def integer(e, tag, default=None):
    """``e/tag`` as an int (enum ids, counts, flags); ``default`` when absent or not a number."""
    v = number(e, tag)
    return default if v is None else int(v)


def parse(path) -> ET.Element:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DpeXmlError(f"Impossible de lire le fichier « {path} » : {exc.strerror or exc}.") from exc
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise DpeXmlError(f"Le fichier « {path.name} » n'est pas un XML valide ({exc}).") from exc
    if root.find("logement") is None or root.find("logement/caracteristique_generale") is None:
        raise DpeXmlError(
            f"Le fichier « {path.name} » n'est pas un DPE logement au format ADEME (bloc <logement> absent)."
        )
    return root
