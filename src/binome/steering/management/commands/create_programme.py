import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.text import slugify

from binome.territory.models import Programme


class Command(BaseCommand):
    help = "Crée le programme d'un nouveau service (puis : import_communes, import_dossiers)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="identifiant du programme (lettres, chiffres, tirets)")
        parser.add_argument("name", help="nom du programme, par exemple « SLIME de l'Ain »")
        parser.add_argument("--start-year", type=int, required=True, help="première année du service")
        parser.add_argument("--end-year", type=int, help="dernière année (par défaut : l'an prochain)")
        parser.add_argument("--departement", default="", help="code du département (par exemple 01)")
        parser.add_argument("--households", type=int, default=1, help="ménages du territoire (recensement)")
        parser.add_argument("--population", type=int, default=1, help="habitants du territoire (recensement)")

    def handle(self, *args, slug, name, start_year, end_year, departement, households, population, **options):
        if slugify(slug) != slug:
            raise CommandError(f"Identifiant invalide : « {slug} » (lettres minuscules, chiffres et tirets).")
        end_year = end_year or max(start_year, dt.date.today().year + 1)
        if not 1990 <= start_year <= end_year <= 2200:
            raise CommandError("Années invalides : la première année doit précéder la dernière.")
        if households < 1 or population < 1:
            raise CommandError("Le nombre de ménages et d'habitants doit être positif.")
        if Programme.objects.filter(slug=slug).exists():
            raise CommandError(f"Le programme « {slug} » existe déjà.")
        try:
            programme = Programme.objects.create(
                slug=slug,
                name=name.strip() or slug,
                collectivite=name.strip() or slug,
                departement=departement[:3],
                start_year=start_year,
                end_year=end_year,
                reference_households=households,
                reference_population=population,
            )
        except IntegrityError:
            raise CommandError(f"Le programme « {slug} » existe déjà.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Programme « {programme.name} » créé ({start_year}–{end_year}). Ensuite : "
                f"python -m binome import_communes {slug} --communes … --unites …, puis import_dossiers."
            )
        )
