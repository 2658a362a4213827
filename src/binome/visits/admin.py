"""The binôme's agenda in the programme administration: agenda settings, working hours, absences."""

from django.contrib import admin

from binome.accounts.admin import PeopleScopedAdmin, ProgrammeScopedAdmin
from binome.visits.models import Absence, AgendaSettings, WorkingPeriod


@admin.register(AgendaSettings)
class AgendaSettingsAdmin(ProgrammeScopedAdmin):
    list_display = ["programme", "slot_minutes", "weekly_capacity", "average_speed_kmh", "road_factor"]
    list_select_related = ["programme"]
    autocomplete_fields = ["tour_start"]


@admin.register(WorkingPeriod)
class WorkingPeriodAdmin(PeopleScopedAdmin):
    list_display = ["user", "weekday", "starts", "ends"]
    list_filter = ["weekday"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(Absence)
class AbsenceAdmin(PeopleScopedAdmin):
    list_display = ["user", "starts_at", "ends_at", "label"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
