from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from binome.accounts.models import User
from binome.steering.importing import ImportFileError, import_file
from binome.territory.models import Programme


class Command(BaseCommand):
    help = (
        "Importe les dossiers passés d'un service (CSV UTF-8 « ; » ou « , », ou XLSX) : tout le fichier est "
        "vérifié d'abord, rien n'est écrit s'il contient une erreur."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="identifiant (slug) du programme")
        parser.add_argument("file", type=Path, help="fichier CSV ou XLSX avec une ligne d'en-tête")
        parser.add_argument("--dry-run", action="store_true", help="vérifier seulement, ne rien écrire")
        parser.add_argument("--user", help="adresse électronique de la personne qui importe (sinon : la commande)")

    def handle(self, *args, programme, file, dry_run, user, **options):
        try:
            target = Programme.objects.get(slug=programme)
        except Programme.DoesNotExist:
            raise CommandError(f"Programme inconnu : {programme}") from None
        importer = None
        if user:
            importer = User.objects.filter(email__iexact=user).first()
            if importer is None:
                raise CommandError(f"Utilisateur inconnu : {user}")
        try:
            summary = import_file(target, file, user=importer, dry_run=dry_run)
        except ImportFileError as exc:
            raise CommandError(exc.summary()) from None
        created = (
            f"{len(summary.organisations)} organisation(s) et {len(summary.workshops)} atelier(s) "
            f"{'seraient créés' if dry_run else 'créés'}"
        )
        if dry_run:
            self.stdout.write(f"Fichier valide : {summary.rows} dossier(s) seraient importés ; {created}. Rien écrit.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{summary.rows} dossier(s) importés ; {created}."))
