"""The default solution catalogue of a programme, from the domain brief §4.1 (no Django import).

Each programme gets these entries when it first proposes an orientation; its administrator then edits them
(names, descriptions, the partner organisations of the directory that carry each one, and their contact), adds
local ones and retires those it does not use. ``kind`` classifies an entry whatever its local name, for the
statistics; ``engaging`` says whether an achieved orientation counts as an "engaging" action in the national
rates (works, an aid obtained); ``amounts`` says which outcome amounts the orientation's form asks for.
"""

from dataclasses import dataclass

from binome.orientations.machine import Amount


@dataclass(frozen=True)
class Entry:
    kind: str
    kind_label: str
    name: str
    description: str
    engaging: bool
    amounts: tuple[Amount, ...] = ()


AID, DEBT, WORKS = Amount.AID, Amount.DEBT, Amount.WORKS

DEFAULTS = [
    Entry(
        "works_aid",
        "travaux : France Rénov', MaPrimeRénov'",
        "Rénovation avec France Rénov' (MaPrimeRénov')",
        "Service public de la rénovation (0 808 800 700) : conseil gratuit, Mon Accompagnateur Rénov', dossier "
        "MaPrimeRénov' selon les règles en vigueur le jour de la demande.",
        True,
        (AID, WORKS),
    ),
    Entry(
        "local_works_fund",
        "fonds local de petits travaux",
        "Fonds local pour petits travaux",
        "Aide de la collectivité ou d'un partenaire pour des travaux de confort rapides (isolation des combles, "
        "fenêtres, ventilation).",
        True,
        (AID, WORKS),
    ),
    Entry(
        "self_rehab",
        "auto-réhabilitation accompagnée",
        "Auto-réhabilitation accompagnée",
        "Le ménage fait des travaux avec l'appui d'une association (par exemple les Compagnons Bâtisseurs).",
        True,
        (WORKS,),
    ),
    Entry(
        "fsl",
        "FSL énergie / eau",
        "Fonds de solidarité pour le logement (FSL) énergie ou eau",
        "Aide du Département pour les impayés d'énergie ou d'eau (subvention, prêt sans intérêt ou garantie), selon "
        "ses critères ; la fourniture est maintenue pendant l'instruction.",
        True,
        (AID, DEBT),
    ),
    Entry(
        "cheque_energie",
        "chèque énergie",
        "Chèque énergie",
        "Vérifier l'envoi, le réclamer en ligne s'il n'est pas arrivé, l'utiliser pour une facture ou des travaux.",
        True,
        (AID,),
    ),
    Entry(
        "payment_plan",
        "échéancier avec le fournisseur",
        "Échéancier avec le fournisseur",
        "Demander au fournisseur d'étaler la dette ; en cas de litige, le médiateur national de l'énergie.",
        False,
        (DEBT,),
    ),
    Entry(
        "energy_ombudsman",
        "médiateur national de l'énergie",
        "Médiateur national de l'énergie",
        "Recours gratuit en cas de litige avec un fournisseur ou un distributeur, après une réclamation écrite "
        "restée sans réponse satisfaisante.",
        False,
        (DEBT,),
    ),
    Entry(
        "landlord_mediation",
        "médiation avec le bailleur",
        "Médiation avec le bailleur",
        "Le SLIME présente au bailleur les travaux prioritaires (fiche technique), seulement avec l'accord du "
        "locataire.",
        True,
        (WORKS,),
    ),
    Entry(
        "non_decency",
        "non-décence (CAF / MSA)",
        "Non-décence : signalement à la CAF ou à la MSA",
        "Contrôle du logement ; si la non-décence est confirmée, l'allocation logement peut être conservée jusqu'à "
        "18 mois le temps que le bailleur fasse les travaux.",
        True,
        (WORKS,),
    ),
    Entry(
        "insalubrity",
        "insalubrité (ARS, Signal Logement)",
        "Insalubrité : ARS, Signal Logement",
        "Signalement sur Signal Logement ou au pôle départemental de lutte contre l'habitat indigne ; le maire "
        "(règlement sanitaire) ou l'ARS et le préfet (insalubrité) agissent.",
        True,
        (WORKS,),
    ),
    Entry(
        "budget_support",
        "point conseil budget",
        "Point conseil budget",
        "Accompagnement budgétaire gratuit et confidentiel, labellisé par l'État.",
        False,
        (DEBT,),
    ),
    Entry(
        "social_support",
        "accompagnement social lié au logement",
        "Accompagnement social lié au logement (ASLL)",
        "Suivi par un travailleur social pour les difficultés liées au logement.",
        False,
    ),
    Entry(
        "legal_advice",
        "conseil juridique (ADIL)",
        "Conseil juridique (ADIL)",
        "Information gratuite sur les droits et obligations du locataire, du propriétaire et du bailleur.",
        False,
    ),
    Entry(
        "equipment",
        "remplacement d'équipement",
        "Remplacement d'équipement",
        "Remplacer un appareil défaillant ou énergivore (chauffage, chauffe-eau, réfrigérateur), avec une aide "
        "si possible.",
        True,
        (AID, WORKS),
    ),
    Entry(
        "contract_adjustment",
        "contrat ou puissance",
        "Changement de contrat ou de puissance",
        "Adapter l'option tarifaire ou la puissance souscrite aux usages du ménage.",
        False,
    ),
    Entry("other", "autre", "Autre solution", "", False, (AID, DEBT, WORKS)),
]
BY_KIND = {entry.kind: entry for entry in DEFAULTS}
KIND_CHOICES = [(entry.kind, entry.kind_label) for entry in DEFAULTS]


def amounts_of(kind: str) -> tuple[Amount, ...]:
    """The outcome amounts an orientation of this kind asks for (all of them for an unknown kind)."""
    entry = BY_KIND.get(kind)
    return entry.amounts if entry else tuple(Amount)
