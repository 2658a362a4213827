from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "binome.cases"
    verbose_name = "dossiers"
