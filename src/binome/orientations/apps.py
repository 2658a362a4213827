from django.apps import AppConfig


class OrientationsConfig(AppConfig):
    name = "binome.orientations"
    verbose_name = "orientations"
