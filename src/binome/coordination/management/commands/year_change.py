from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from binome.accounts.models import Membership, Role
from binome.coordination import services
from binome.territory.models import Programme


class Command(BaseCommand):
    help = (
        "Changement d'année : reprend les demandes en attente ou reportées dont l'unité territoriale est "
        "couverte la nouvelle année (ou qui ont une dérogation). À lancer le 1er janvier."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="identifiant du programme (par exemple jura)")
        parser.add_argument("--annee", type=int, help="nouvelle année (l'année en cours par défaut)")
        parser.add_argument("--par", help="adresse de la coordinatrice au nom de qui reprendre les demandes")

    def handle(self, *args, programme, annee, par, **options):
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(f"Programme « {programme} » introuvable.")
        coordinators = Membership.objects.filter(programme=found, role=Role.COORDINATOR, is_active=True)
        if par:
            coordinators = coordinators.filter(user__email=par.lower())
        membership = coordinators.select_related("user").order_by("pk").first()
        if membership is None:
            raise CommandError("Aucune coordinatrice active pour reprendre les demandes.")
        year = annee or timezone.localdate().year
        resumed = services.year_change(found, year, user=membership.user)
        self.stdout.write(
            f"{len(resumed)} demande(s) reprise(s) pour {year} : {', '.join(d.reference for d in resumed)}"
        )
