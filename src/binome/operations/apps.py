from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "binome.operations"
    verbose_name = _("Exploitation")

    def ready(self):
        from binome.core import health
        from binome.operations import checks, runner

        health.register("scheduler", runner.clock_health)
        checks.register()
