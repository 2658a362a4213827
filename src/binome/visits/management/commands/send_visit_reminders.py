import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from binome.visits.tasks import send_visit_reminders


class Command(BaseCommand):
    help = (
        "Met en file l'envoi des rappels des visites du lendemain (à lancer chaque jour, par exemple par cron). "
        "Une visite n'est rappelée qu'une fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="jour des visites (AAAA-MM-JJ), demain par défaut"
        )

    def handle(self, *args, date, **options):
        day = date or timezone.localdate() + dt.timedelta(days=1)
        result = send_visit_reminders.enqueue(day.isoformat())
        self.stdout.write(f"Rappels des visites du {day:%d/%m/%Y} mis en file ({result.status}).")
