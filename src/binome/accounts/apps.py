from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "binome.accounts"
    verbose_name = "comptes"
