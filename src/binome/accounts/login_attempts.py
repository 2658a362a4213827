"""django-axes' application, named in French in the admin's index ("Connexions", not "Axes").

In its own module: ``accounts/apps.py`` must hold one AppConfig only, so that Django picks AccountsConfig.
"""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _


class LoginAttemptsConfig(AxesConfig):
    verbose_name = _("connexions")
