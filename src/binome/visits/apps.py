from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "binome.visits"
    verbose_name = _("visites")

    def ready(self):
        from binome.visits import chain

        chain.connect()
