from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from binome.operations import backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base (pg_dump) et les fichiers privés (photos, documents envoyés) dans un dossier daté, "
        "et ne garde que les plus récentes. À lancer chaque nuit (deploy/binome-backup.timer), puis copier le "
        "dossier hors du serveur."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="dossier des sauvegardes (BINOME_BACKUP_DIR par défaut)")
        parser.add_argument("--keep", type=int, help="nombre de sauvegardes gardées (BINOME_BACKUP_KEEP par défaut)")
        parser.add_argument("--list", action="store_true", help="liste les sauvegardes du dossier")

    def handle(self, *args, dir=None, keep=None, list=False, **options):
        directory = dir or Path(settings.BACKUP_DIR)
        if list:
            for folder in backup.backups(directory):
                manifest = backup.read_manifest(folder)
                self.stdout.write(
                    f"{folder}  {sum(manifest['tables'].values())} lignes, {len(manifest['file_hashes'])} fichiers"
                )
            return
        keep = keep if keep is not None else settings.BACKUP_KEEP
        if keep < 1:
            raise CommandError("--keep : au moins 1.")
        try:
            folder = backup.create(directory, keep)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.read_manifest(folder)
        self.stdout.write(
            f"Sauvegarde écrite : {folder} ({len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values())} lignes, {len(manifest['file_hashes'])} fichiers)."
        )
        if manifest["files_on_object_storage"]:
            self.stdout.write(
                "Fichiers sur stockage objet (S3) : non copiés, gardés par le fournisseur (versionnement)."
            )
