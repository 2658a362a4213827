from django.core.management.base import BaseCommand, CommandError

from binome.operations import clock
from binome.operations.jobs import JOBS, unknown_names


class Command(BaseCommand):
    help = (
        "Le processus « clock » : lance chaque tâche planifiée à son heure (voir run_periodic --list), rattrape "
        "au démarrage une échéance manquée. Un seul suffit ; un second ne lance rien deux fois."
    )
    requires_system_checks = []

    def handle(self, *args, **options):
        from django.conf import settings

        unknown = unknown_names(settings.JOBS_SCHEDULE)
        if unknown:
            raise CommandError(
                f"BINOME_JOBS_SCHEDULE : tâche(s) inconnue(s) {', '.join(unknown)} (tâches : {', '.join(JOBS)})."
            )
        self.stdout.write("Horloge démarrée : " + ", ".join(f"{j.name} ({j.schedule})" for j in JOBS.values()))
        clock.serve()
