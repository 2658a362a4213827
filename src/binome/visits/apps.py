from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "binome.visits"
    verbose_name = "visites"
