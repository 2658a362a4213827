"""Programmes, unités territoriales, communes and the coverage plan in the programme administration."""

from django.contrib import admin

from binome.accounts.admin import ProgrammeScopedAdmin
from binome.territory.models import Commune, CoverageYear, Programme, UniteTerritoriale


@admin.register(Programme)
class ProgrammeAdmin(ProgrammeScopedAdmin):
    programme_path = "pk"
    list_display = ["name", "departement", "start_year", "end_year", "reference_households"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(UniteTerritoriale)
class UniteAdmin(ProgrammeScopedAdmin):
    list_display = ["name", "programme", "households"]
    list_select_related = ["programme"]
    search_fields = ["name"]


@admin.register(Commune)
class CommuneAdmin(ProgrammeScopedAdmin):
    list_display = ["name", "insee_code", "unite", "population"]
    list_filter = ["unite"]
    search_fields = ["name", "insee_code"]
    list_select_related = ["unite"]


@admin.register(CoverageYear)
class CoverageAdmin(ProgrammeScopedAdmin):
    list_display = ["year", "unite", "programme"]
    list_filter = ["year"]
    list_select_related = ["unite", "programme"]
