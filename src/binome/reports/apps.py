from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "binome.reports"
    verbose_name = "comptes-rendus"
