"""The network in the programme administration: partners with their sites and served territory,
referrers' postings, mobilisation events and the network settings, all sealed to the programme."""

from django.contrib import admin

from binome.accounts.admin import ProgrammeScopedAdmin, _is_programme_admin, administered_programmes
from binome.network.models import MobilisationEvent, NetworkSettings, Organisation, Posting, Site
from binome.territory.models import Commune, UniteTerritoriale


class SealedManyToManyMixin:
    """Many-to-many choices (UTs, communes, organisations, people) limited to the administered programmes."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            programmes = administered_programmes(request.user)
            related = db_field.related_model
            if related in (UniteTerritoriale, Commune, Organisation):
                kwargs["queryset"] = related._default_manager.filter(programme__in=programmes)
            elif db_field.name == "attendees":
                kwargs["queryset"] = related._default_manager.filter(memberships__programme__in=programmes).distinct()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "address", "commune", "phone"]
    autocomplete_fields = ["commune"]

    def has_view_permission(self, request, obj=None):
        return _is_programme_admin(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(Organisation)
class OrganisationAdmin(SealedManyToManyMixin, ProgrammeScopedAdmin):
    list_display = ["name", "kind", "is_active", "programme"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["programme"]
    search_fields = ["name"]
    filter_horizontal = ["unites"]
    autocomplete_fields = ["communes"]
    inlines = [SiteInline]


@admin.register(Posting)
class PostingAdmin(ProgrammeScopedAdmin):
    programme_path = "organisation__programme"
    list_display = ["user", "organisation", "unite", "job_title", "starts_on", "ends_on"]
    list_filter = ["organisation__kind"]
    list_select_related = ["user", "organisation", "unite"]
    autocomplete_fields = ["user", "organisation", "unite"]
    date_hierarchy = "starts_on"


@admin.register(MobilisationEvent)
class MobilisationEventAdmin(SealedManyToManyMixin, ProgrammeScopedAdmin):
    list_display = ["title", "kind", "date", "unite", "programme"]
    list_filter = ["kind"]
    list_select_related = ["unite", "programme"]
    # Hundreds of organisations and thousands of people: chosen by typing, never listed in the form.
    autocomplete_fields = ["organisations", "attendees"]


@admin.register(NetworkSettings)
class NetworkSettingsAdmin(ProgrammeScopedAdmin):
    list_display = ["programme", "income_ceiling", "require_covered_unite", "dormant_months"]
    list_select_related = ["programme"]
