from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from binome.operations import backup


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (dossier écrit par « backup ») dans la base et les dossiers configurés, puis "
        "compare le nombre de lignes de chaque table et l'empreinte de chaque fichier avec la sauvegarde. "
        "Arrêtez web, worker et clock avant."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="dossier de la sauvegarde (binome-AAAAMMJJ-HHMMSS)")
        parser.add_argument("--force", action="store_true", help="remplace une base et des dossiers non vides")

    def handle(self, *args, folder, force=False, **options):
        try:
            problems = backup.restore(folder, force=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            raise CommandError("Restauration incomplète :\n" + "\n".join(problems))
        manifest = backup.read_manifest(folder)
        self.stdout.write(
            f"Restauré dans {settings.DATABASES['default']['NAME']} : {len(manifest['tables'])} tables et "
            f"{len(manifest['file_hashes'])} fichiers, identiques à la sauvegarde du {manifest['created_at']}."
        )
