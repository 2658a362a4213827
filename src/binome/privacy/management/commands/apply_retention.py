from django.core.management.base import BaseCommand
from django.utils import timezone

from binome.privacy import retention


class Command(BaseCommand):
    help = (
        "Anonymise les dossiers dont le dernier contact dépasse la durée de conservation du programme "
        "(idempotent ; --dry-run compte sans rien écrire)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien modifier.")

    def handle(self, *args, **options):
        for line in retention.apply(timezone.now(), dry_run=options["dry_run"]):
            self.stdout.write(line)
