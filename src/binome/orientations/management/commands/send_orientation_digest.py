from django.core.management.base import BaseCommand
from django.utils import timezone

from binome.orientations.followup import week_of
from binome.orientations.tasks import send_digest
from binome.territory.models import Programme


class Command(BaseCommand):
    help = (
        "Met en file le récapitulatif hebdomadaire des orientations sans nouvelles et des appels de suivi à faire, "
        "pour les coordinatrices de chaque programme (à lancer chaque lundi, par exemple par cron). "
        "Un programme ne reçoit qu'un récapitulatif par semaine, même si la commande est lancée deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programme", help="identifiant (slug) d'un seul programme")

    def handle(self, *args, programme=None, **options):
        programmes = Programme.objects.all()
        if programme:
            programmes = programmes.filter(slug=programme)
        week = week_of(timezone.localdate())
        for item in programmes.order_by("slug"):
            result = send_digest.enqueue(item.pk, week)
            self.stdout.write(f"Récapitulatif {week} de « {item.name} » mis en file ({result.status}).")
