from django.core.management.base import BaseCommand

from binome.orientations.tasks import plan_follow_ups
from binome.territory.models import Programme


class Command(BaseCommand):
    help = (
        "Met en file la planification des appels de suivi des dossiers dont le compte-rendu est envoyé et qui n'en "
        "ont pas encore (rattrapage, à lancer chaque nuit par exemple). Sans effet sur un dossier déjà planifié."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programme", help="identifiant (slug) d'un seul programme")

    def handle(self, *args, programme=None, **options):
        programmes = Programme.objects.all()
        if programme:
            programmes = programmes.filter(slug=programme)
        for item in programmes.order_by("slug"):
            result = plan_follow_ups.enqueue(item.pk)
            self.stdout.write(f"Planification des appels de suivi de « {item.name} » mise en file ({result.status}).")
