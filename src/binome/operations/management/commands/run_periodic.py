from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format

from binome.operations import runner
from binome.operations.jobs import JOBS, unknown_names
from binome.operations.models import JobRun


class Command(BaseCommand):
    help = (
        "Lance les tâches planifiées. Sans option : celles dont l'échéance est passée et pas encore exécutée "
        "(pour un serveur piloté par cron plutôt que par le processus clock). --job NOM : cette tâche, tout de "
        "suite. --dry-run : dit ce qui serait fait, sans rien faire. --list : les tâches, leur planification, "
        "leur dernière exécution."
    )

    def add_arguments(self, parser):
        parser.add_argument("--job", action="append", metavar="NOM", help=f"tâche à lancer ({', '.join(JOBS)})")
        parser.add_argument("--dry-run", action="store_true", help="simulation : ne modifie rien, n'envoie rien")
        parser.add_argument("--list", action="store_true", help="liste les tâches et leur dernière exécution")

    def handle(self, *args, job=None, dry_run=False, list=False, **options):
        if list:
            return self.list_jobs()
        unknown = unknown_names(job or [])
        if unknown:
            raise CommandError(f"Tâche inconnue : {', '.join(unknown)}. Tâches : {', '.join(JOBS)}.")
        if job:
            outcomes = [runner.run(JOBS[name], dry_run=dry_run) for name in job]
        else:
            outcomes = runner.run_due(dry_run=dry_run)
            if not outcomes:
                self.stdout.write("Aucune tâche à échéance.")
        for outcome in outcomes:
            self.stdout.write(f"[{outcome.job}] {outcome.status} : {outcome.summary}")
        if any(o.status == "failed" for o in outcomes):
            raise CommandError("Au moins une tâche a échoué (voir Administration › Tâches planifiées).")

    def list_jobs(self):
        now = timezone.now()
        for job in JOBS.values():
            last = JobRun.objects.filter(job=job.name).first()
            upcoming = runner.next_slot(job, now)
            upcoming_text = _when(upcoming) if upcoming else "désactivée"
            last_text = f"{last.get_status_display()} le {_when(last.started_at)}" if last else "jamais"
            self.stdout.write(f"{job.name:20} {job.schedule:14} prochaine : {upcoming_text} ; dernière : {last_text}")


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
