from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "binome.privacy"
    verbose_name = _("protection des données")

    def ready(self):
        from binome.privacy import chain, trail

        trail.register_models()
        chain.register()
