"""The programme's settings of the report: phrase library, validation steps, dated prices and costs of works."""

from django.contrib import admin

from binome.accounts.admin import ProgrammeScopedAdmin
from binome.reports.models import EnergyPrice, Phrase, ValidationStep, WorkCost


@admin.register(Phrase)
class PhraseAdmin(ProgrammeScopedAdmin):
    list_display = ["text", "topic", "position", "active", "programme"]
    list_filter = ["topic", "active"]
    list_select_related = ["programme"]
    search_fields = ["text"]


@admin.register(ValidationStep)
class ValidationStepAdmin(ProgrammeScopedAdmin):
    list_display = ["order", "label", "role", "may_add_opinion", "programme"]
    list_select_related = ["programme"]


@admin.register(WorkCost)
class WorkCostAdmin(ProgrammeScopedAdmin):
    list_display = ["work", "low", "high", "per_m2", "valid_from", "source", "programme"]
    list_filter = ["work"]
    list_select_related = ["programme"]


@admin.register(EnergyPrice)
class EnergyPriceAdmin(ProgrammeScopedAdmin):
    list_display = ["energy", "eur_per_kwh", "valid_from", "source", "programme"]
    list_filter = ["energy"]
    list_select_related = ["programme"]
