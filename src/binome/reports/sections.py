"""The sections of the compte-rendu and which document shows each (plain Python, no Django).

The coordinator drafts the *synthèse famille* sections, the energy advisor the *synthèse technique* ones; during
the cross-reading each reads and completes the other's. Each section is saved on its own with its version.
The documents are built from sections only: the landlord's sheet from the technical ones, never from the
household's (``LANDLORD`` holds no family section — tested); the referrer's from the summary written for them.
Texts are French plain strings, as in the other pure modules.
"""

from dataclasses import dataclass


FAMILY = "family"
TECHNICAL = "technical"
SHARED = "shared"

MAX_CHARS = 4000  # a section longer than this is refused at saving, with the text kept in the form


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    side: str
    help: str
    required: bool = True
    kind: str = "text"  # "text", or "works" / "photos" (a choice stored as data, with an optional comment)


SECTIONS = [
    SectionSpec(
        "family_synthesis",
        "L'essentiel pour vous",
        FAMILY,
        "En trois ou quatre phrases simples : ce que nous retenons de la visite et ce que le ménage peut faire dès "
        "maintenant.",
    ),
    SectionSpec(
        "situation",
        "Ce que vous nous avez dit",
        FAMILY,
        "Les difficultés décrites par le ménage, avec ses mots. Décrire le logement, jamais juger la famille.",
    ),
    SectionSpec(
        "indicators",
        "Vos factures et vos indicateurs",
        FAMILY,
        "Dépense annuelle et indicateurs, expliqués simplement (repris du diagnostic ; à relire).",
        required=False,
    ),
    SectionSpec(
        "dwelling",
        "Votre logement",
        TECHNICAL,
        "Type, époque, surface, chauffage, eau chaude, ventilation, isolation. Ce texte va aussi au bailleur.",
    ),
    SectionSpec(
        "findings",
        "Ce que nous avons vu et mesuré",
        TECHNICAL,
        "Constats datés, mesures, défauts visibles, formulés comme des observations. Ce texte va aussi au bailleur.",
    ),
    SectionSpec(
        "equipment",
        "Le matériel posé et les réglages",
        TECHNICAL,
        "Le petit matériel laissé et à quoi il sert ; les réglages faits (thermostat, ballon).",
        required=False,
    ),
    SectionSpec(
        "gestures",
        "Les gestes utiles",
        FAMILY,
        "Trois à six gestes adaptés au ménage, choisis dans la bibliothèque ou écrits pour lui.",
        required=False,
    ),
    SectionSpec(
        "technical_synthesis",
        "Les priorités pour le logement",
        TECHNICAL,
        "La synthèse technique : travaux prioritaires et pourquoi. Va au bailleur avec l'accord du ménage : "
        "aucune donnée sociale.",
    ),
    SectionSpec(
        "works",
        "Les travaux étudiés",
        TECHNICAL,
        "Choisissez et ordonnez les travaux ; chaque étape est recalculée avec les précédentes (méthode 3CL).",
        required=False,
        kind="works",
    ),
    SectionSpec(
        "photos",
        "Les photos du compte-rendu",
        TECHNICAL,
        "Cochez les photos à joindre (elles vont aussi au bailleur : rien qui montre les personnes).",
        required=False,
        kind="photos",
    ),
    SectionSpec(
        "next_steps",
        "Et après ?",
        FAMILY,
        "Qui contactera le ménage, quand, et pour quoi faire.",
    ),
    SectionSpec(
        "referrer_summary",
        "Pour le donneur d'alerte",
        SHARED,
        "Seulement ce que le ménage accepte de partager : visite faite, matériel posé, orientations, ce que l'on "
        "attend du donneur d'alerte. Ni revenus, ni dettes, ni santé.",
    ),
]
BY_KEY = {s.key: s for s in SECTIONS}
TITLES = {s.key: s.title for s in SECTIONS}

# What each document is built from (besides the frozen figures: works, orientations, kit, contact details).
DOCUMENT_SECTIONS = {
    "family": [
        "family_synthesis",
        "situation",
        "dwelling",
        "findings",
        "indicators",
        "equipment",
        "gestures",
        "technical_synthesis",
        "next_steps",
    ],
    "referrer": ["referrer_summary"],
    "landlord": ["dwelling", "findings", "technical_synthesis"],
}
LANDLORD_SECTIONS = frozenset(DOCUMENT_SECTIONS["landlord"]) | {"works", "photos"}


def required_keys(share_with_referrer: bool) -> list[str]:
    """The sections that must hold text before the report goes to validation."""
    keys = [s.key for s in SECTIONS if s.required and s.kind == "text"]
    if not share_with_referrer:
        keys.remove("referrer_summary")
    return keys


def too_long(text: str) -> bool:
    return len(text) > MAX_CHARS
