from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "binome.accounts"
    verbose_name = _("comptes")

    def ready(self):
        from binome.accounts import lockout  # noqa: F401 (the lockout log receiver)
