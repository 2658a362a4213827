from django.apps import AppConfig


class DiagnosisConfig(AppConfig):
    name = "binome.diagnosis"
    verbose_name = "diagnostic"
