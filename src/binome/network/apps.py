from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "binome.network"
    verbose_name = "réseau"

    def ready(self):
        from binome.network import notifications

        notifications.connect()
