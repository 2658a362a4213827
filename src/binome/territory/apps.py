from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "binome.territory"
    verbose_name = "territoire"
