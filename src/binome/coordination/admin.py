from django.contrib import admin

from binome.accounts.models import User
from binome.coordination.models import Absence, CoordinationSettings, WorkingPeriod
from binome.core.admin import ProgrammeScopedAdmin, administered_programmes


@admin.register(CoordinationSettings)
class CoordinationSettingsAdmin(ProgrammeScopedAdmin):
    list_display = ["programme", "slot_minutes", "weekly_capacity", "unreachable_attempts", "average_speed_kmh"]


class PeopleScopedAdmin(ProgrammeScopedAdmin):
    """Only the members of the administered programmes can be chosen."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(
                memberships__programme__in=administered_programmes(request.user)
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(WorkingPeriod)
class WorkingPeriodAdmin(PeopleScopedAdmin):
    list_display = ["user", "weekday", "starts", "ends"]
    list_filter = ["weekday"]


@admin.register(Absence)
class AbsenceAdmin(PeopleScopedAdmin):
    list_display = ["user", "starts_at", "ends_at", "label"]
