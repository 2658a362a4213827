"""The programme administrator edits the solution catalogue (with the partners that carry each solution and their
contact) and the orientations' settings; everything sealed to the programme."""

from django.contrib import admin

from binome.accounts.admin import ProgrammeScopedAdmin, _is_programme_admin, administered_programmes
from binome.network.models import Organisation
from binome.orientations.models import OrientationSettings, Solution, SolutionPartner


class SolutionPartnerInline(admin.TabularInline):
    model = SolutionPartner
    extra = 1
    fields = ["organisation", "contact", "email"]
    autocomplete_fields = ["organisation"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not request.user.is_superuser:
            kwargs["queryset"] = Organisation.objects.filter(programme__in=administered_programmes(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return _is_programme_admin(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(Solution)
class SolutionAdmin(ProgrammeScopedAdmin):
    list_display = ["name", "kind", "engaging", "is_active", "position", "programme"]
    list_filter = ["kind", "engaging", "is_active"]
    list_editable = ["is_active", "position"]
    list_select_related = ["programme"]
    search_fields = ["name"]
    inlines = [SolutionPartnerInline]


@admin.register(OrientationSettings)
class OrientationSettingsAdmin(ProgrammeScopedAdmin):
    list_display = ["programme", "stale_weeks", "follow_up_months", "follow_up_attempts", "link_days"]
    list_select_related = ["programme"]
