import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from binome.demo import loader
from binome.territory.importers import CommuneImportError


class Command(BaseCommand):
    help = "Charge le programme de démonstration (SLIME du Jura), ses utilisateurs et ses dossiers fictifs."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="supprime puis recharge les données de démonstration")
        parser.add_argument("--today", type=dt.date.fromisoformat, help="date du jour simulée (AAAA-MM-JJ)")
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            help="charge la démonstration même hors du mode debug (BINOME_DEBUG=0)",
        )

    def handle(self, *args, reset, today, i_know_this_is_not_production, **options):
        # The demo accounts share a password everybody knows: never load them into production by mistake.
        if not (settings.DEBUG or i_know_this_is_not_production):
            raise CommandError(
                _(
                    "load_demo crée des comptes dont le mot de passe est public : il ne s'exécute qu'en mode "
                    "debug (BINOME_DEBUG=1, comme make demo). Si cette base n'est pas celle de la production, "
                    "ajoutez --i-know-this-is-not-production."
                )
            )
        if loader.slug_taken():
            raise CommandError(
                _(
                    "Un programme « %(slug)s » existe déjà et n'a pas été créé par load_demo : il n'est ni "
                    "réutilisé ni supprimé. S'il s'agit d'une ancienne base de démonstration, supprimez-la "
                    "(make demo recrée var/binome.sqlite3)."
                )
                % {"slug": loader.SLUG}
            )
        if loader.demo_exists():
            if not reset:
                self.stdout.write(_("Données de démonstration déjà chargées (--reset pour les recharger)."))
                self._print_logins()
                return
            loader.delete_demo()
        try:
            programme = loader.load_demo(today=today)
        except CommuneImportError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("%(name)s chargé : %(communes)s communes, %(dossiers)s dossiers fictifs.")
                % {
                    "name": programme.name,
                    "communes": programme.communes.count(),
                    "dossiers": programme.dossiers.count(),
                }
            )
        )
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(
            "\n"
            + _("Comptes de démonstration (mot de passe : « %(password)s ») :") % {"password": loader.DEMO_PASSWORD}
        )
        for email, role in loader.demo_logins():
            self.stdout.write(f"  {email:<40} {role}")
