from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "binome.network"
    verbose_name = _("réseau")

    def ready(self):
        from binome.network import chain  # noqa: F401 (registers the milestone e-mails and the referral hints)
