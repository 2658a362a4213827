from django.contrib import admin

from binome.accounts.admin import ProgrammeScopedAdmin
from binome.coordination.models import CoordinationSettings


@admin.register(CoordinationSettings)
class CoordinationSettingsAdmin(ProgrammeScopedAdmin):
    list_display = ["programme", "unreachable_attempts", "urgent_points", "points_per_week"]
