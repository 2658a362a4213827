"""``python -m binome`` runs Django's management commands with Binôme's settings."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binome.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from binome.core.env import EnvironmentProblem, report_and_exit

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - loads the settings: a bad environment stops here, in French
    except EnvironmentProblem as error:
        report_and_exit(error)
    except ImproperlyConfigured:
        pass  # another settings problem: Django's own message below
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
