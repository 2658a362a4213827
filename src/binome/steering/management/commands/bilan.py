import json

from django.core.management.base import BaseCommand, CommandError

from binome.steering.dashboard import bilan
from binome.territory.models import Programme


LABELS = [
    ("requests.total", "Demandes reçues"),
    ("visits.total", "Ménages visités"),
    ("visits.per_week", "Visites par semaine"),
    ("visits.per_1000_households", "Visites pour 1 000 ménages"),
    ("deferred.total", "Demandes reportées"),
    ("deferred.visited_later", "… dont visitées plus tard"),
    ("delays_days.request_to_visit.median", "Délai demande → visite, médiane (jours)"),
    ("delays_days.request_to_visit.p90", "Délai demande → visite, 90e centile (jours)"),
    ("costs.kit_per_household", "Kit posé par ménage visité (€)"),
    ("costs.budget", "Budget (€)"),
    ("costs.spend", "Dépense (€)"),
    ("costs.cee_share", "… dont financé par les CEE (€)"),
    ("costs.per_household_visited", "Coût par ménage visité (€)"),
]


def _get(figures: dict, dotted: str):
    for key in dotted.split("."):
        figures = figures[key]
    return figures


class Command(BaseCommand):
    help = "Affiche les chiffres du bilan annuel d'un programme (les mêmes que le tableau de bord)."

    def add_arguments(self, parser):
        parser.add_argument("programme", help="identifiant (slug) du programme")
        parser.add_argument("year", type=int, help="année civile (AAAA)")
        parser.add_argument("--json", action="store_true", help="sortie JSON (clés stables, voir docs/steering.md)")

    def handle(self, *args, programme, year, **options):
        try:
            target = Programme.objects.get(slug=programme)
        except Programme.DoesNotExist:
            raise CommandError(f"Programme inconnu : {programme}") from None
        if not 1900 <= year <= 2200:
            raise CommandError(f"Année invalide : {year}")
        figures = bilan(target, year)
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Bilan {year} — {target.name}")
        for dotted, label in LABELS:
            value = _get(figures, dotted)
            self.stdout.write(f"{label} : {'—' if value is None else value}")
        ended = figures["ended_without_visit"]
        self.stdout.write(
            "Fins sans visite : "
            f"{ended['withdrawn']} désistement(s), {ended['unreachable']} injoignable(s), "
            f"{ended['not_eligible']} non éligible(s), {ended['redirected']} réorienté(s)"
        )
