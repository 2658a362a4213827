from django.core.management.base import BaseCommand
from django.utils import timezone

from binome.coordination import kept_priority


class Command(BaseCommand):
    help = (
        "Recalcule pour aujourd'hui les scores de priorité des demandes à traiter et en attente de chaque programme "
        "(le nettoyage de la nuit le fait ; utile après une restauration ou sur une base de mesure)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="dit combien de programmes seraient recalculés")

    def handle(self, *args, dry_run, **options):
        programmes, scores = kept_priority.refresh_all(timezone.localdate(), dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{programmes} programme(s) à recalculer.")
        else:
            self.stdout.write(f"{programmes} programme(s) recalculé(s), {scores} score(s) écrit(s).")
