from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "binome.core"
    verbose_name = "Binôme"
