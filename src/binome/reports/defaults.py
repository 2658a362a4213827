"""The programme's starting settings for the report, written once: phrase library, validation steps, prices, costs.

A programme edits them in its administration; ``ensure_defaults`` only fills what is still empty, so it is safe
to call from any page that needs them.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef

from binome.accounts.models import Role
from binome.core import memo
from binome.energy.works import COSTS, PRICES
from binome.reports.models import EnergyPrice, Phrase, ValidationStep, WorkCost


# Plain French, short sentences, never blaming the household (documents.md §1).
PHRASES = {
    "gestures": [
        "Chauffer le séjour à 19 °C et les chambres à 17 °C : chaque degré en moins fait baisser la facture de "
        "chauffage d'environ 7 %.",
        "Baisser le chauffage la nuit et quand vous êtes absent plus de deux heures.",
        "Ne pas couvrir les radiateurs ni les convecteurs : la chaleur doit circuler.",
        "Aérer chaque pièce 5 à 10 minutes par jour, fenêtre grande ouverte, chauffage coupé.",
        "Fermer volets et rideaux la nuit en hiver.",
        "Régler le ballon d'eau chaude à 55 °C : c'est assez chaud et sans risque pour la santé.",
        "Éteindre les appareils en veille avec la multiprise à interrupteur.",
        "Prendre une douche plutôt qu'un bain ; la pomme de douche économe réduit l'eau chaude utilisée.",
        "Relever vos compteurs chaque mois pour suivre votre consommation.",
    ],
    "family_synthesis": [
        "Votre logement est difficile à chauffer : ce n'est pas votre faute, c'est surtout dû au bâtiment.",
        "Vos factures représentent une part élevée de vos revenus : des aides existent et nous vous aidons à les "
        "demander.",
        "Des gestes simples et le matériel posé peuvent baisser vos factures dès cet hiver.",
    ],
    "next_steps": [
        "La coordinatrice du SLIME vous appellera dans un mois pour savoir où en sont vos démarches.",
        "Le conseiller reste disponible si vous avez un devis de travaux à faire relire.",
        "Si vous recevez un courrier de votre fournisseur d'énergie, appelez-nous avant de payer ou de signer.",
    ],
    "findings": [
        "Traces d'humidité et de moisissures constatées.",
        "Entrées d'air absentes ou bouchées : l'air de la pièce n'est pas renouvelé.",
        "Fenêtres en simple vitrage, joints usés : l'air froid entre.",
        "Combles sans isolant visible.",
        "Température mesurée inférieure à 18 °C dans le séjour.",
    ],
    "technical_synthesis": [
        "Priorité : remettre en état la ventilation, pour la santé et pour le bâti.",
        "Isoler les combles est le travail le plus rentable pour ce logement.",
        "Un programmateur pièce par pièce éviterait de chauffer les pièces inoccupées.",
    ],
    "referrer_summary": [
        "Visite réalisée ; matériel d'économie d'énergie posé.",
        "Orientations proposées au ménage : voir la liste ci-dessous.",
        "Nous vous remercions de soutenir le ménage dans sa demande d'aide (FSL, échéancier).",
    ],
}

STEPS = [
    (1, Role.CHEF_MISSION, "Validation du chef de mission", False),
    (2, Role.CHEF_SERVICE, "Validation du chef de service", True),
]

# Costs the energy engine has no source for, with the reference of documents.md §5.2 (range TTC, undated).
EXTRA_COSTS = {
    "vmc_hygro": (
        Decimal(600),
        Decimal(1200),
        False,
        dt.date(2025, 1, 1),
        "monequerre.fr ; prix-pose.com (VMC hygroréglable posée, € TTC, non daté)",
    ),
}


SETTINGS = {"phrases": Phrase, "steps": ValidationStep, "prices": EnergyPrice, "costs": WorkCost}


def presence(programme=None) -> dict:
    """Whether the programme has each of its settings, as annotations (``defaults_phrases``…) of a query on its
    dossiers (or, with ``programme=OuterRef("pk")``, on the programme): a page reads them with its dossier."""
    ref = programme if programme is not None else OuterRef("programme_id")
    return {f"defaults_{name}": Exists(model.objects.filter(programme=ref)) for name, model in SETTINGS.items()}


def ensure_defaults(programme, dossier=None) -> None:
    """Fill the programme's empty settings with the defaults (phrases, validation steps, prices, costs), checked
    once per page in one query; in none when ``dossier`` (of the programme) was read with ``presence()``."""

    def ensure():
        if dossier is not None:
            flags = memo.annotated(dossier, presence())
        else:
            flags = memo.annotated(programme, presence(OuterRef("pk")))
        if not all(flags.values()):
            _fill(programme)

    memo.once(("report-defaults", programme.pk), ensure)


def _fill(programme) -> None:
    with transaction.atomic():
        if not Phrase.objects.filter(programme=programme).exists():
            Phrase.objects.bulk_create(
                Phrase(programme=programme, topic=topic, text=text, position=index)
                for topic, texts in PHRASES.items()
                for index, text in enumerate(texts)
            )
        if not ValidationStep.objects.filter(programme=programme).exists():
            ValidationStep.objects.bulk_create(
                ValidationStep(programme=programme, order=order, role=role, label=label, may_add_opinion=opinion)
                for order, role, label, opinion in STEPS
            )
        if not EnergyPrice.objects.filter(programme=programme).exists():
            EnergyPrice.objects.bulk_create(
                EnergyPrice(
                    programme=programme,
                    energy=energy,
                    eur_per_kwh=Decimal(str(round(price.eur_per_kwh_pci, 5))),
                    valid_from=price.valid_from,
                    source=price.source,
                )
                for energy, price in PRICES.items()
            )
        if not WorkCost.objects.filter(programme=programme).exists():
            rows = [
                WorkCost(
                    programme=programme,
                    work=key,
                    low=Decimal(str(round(cost.low, 2))),
                    high=Decimal(str(round(cost.high, 2))),
                    per_m2=cost.unit == "m2",
                    valid_from=cost.valid_from,
                    source=cost.source,
                )
                for key, cost in COSTS.items()
                if cost is not None
            ]
            rows += [
                WorkCost(programme=programme, work=key, low=low, high=high, per_m2=m2, valid_from=day, source=src)
                for key, (low, high, m2, day, src) in EXTRA_COSTS.items()
            ]
            WorkCost.objects.bulk_create(rows)
