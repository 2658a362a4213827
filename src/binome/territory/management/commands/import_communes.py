from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from binome.territory.importers import CommuneImportError, import_communes
from binome.territory.models import Programme


class Command(BaseCommand):
    help = "Importe les communes d'un programme (JSON au format API Géo) et leur unité territoriale (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("programme", help="identifiant (slug) du programme")
        parser.add_argument("--communes", type=Path, default=settings.JURA_DATA_DIR / "communes-39.json")
        parser.add_argument("--unites", type=Path, default=settings.JURA_DATA_DIR / "unites-territoriales-39.csv")

    def handle(self, *args, programme, communes, unites, **options):
        try:
            target = Programme.objects.get(slug=programme)
        except Programme.DoesNotExist:
            raise CommandError(f"Programme inconnu : {programme}") from None
        try:
            result = import_communes(target, communes, unites)
        except CommuneImportError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} commune(s) créée(s), {result.updated} mise(s) à jour, "
                f"{result.unites} unité(s) territoriale(s)."
            )
        )
