import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from binome.core import demo
from binome.territory.importers import CommuneImportError


class Command(BaseCommand):
    help = "Charge le programme de démonstration (SLIME du Jura), ses utilisateurs et ses dossiers fictifs."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="supprime puis recharge les données de démonstration")
        parser.add_argument("--today", type=dt.date.fromisoformat, help="date du jour simulée (AAAA-MM-JJ)")

    def handle(self, *args, reset, today, **options):
        if demo.demo_exists():
            if not reset:
                self.stdout.write("Données de démonstration déjà chargées (--reset pour les recharger).")
                self._print_logins()
                return
            demo.delete_demo()
        try:
            programme = demo.load_demo(today=today)
        except CommuneImportError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{programme.name} chargé : {programme.communes.count()} communes, "
                f"{programme.dossiers.count()} dossiers fictifs."
            )
        )
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"\nComptes de démonstration (mot de passe : « {demo.DEMO_PASSWORD} ») :")
        for email, role in demo.demo_logins():
            self.stdout.write(f"  {email:<40} {role}")
