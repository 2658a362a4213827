from django.contrib import admin

from binome.accounts.admin import ProgrammeScopedAdmin, administered_programmes
from binome.diagnosis.models import KitItem, KitStock


class KitStockInline(admin.TabularInline):
    model = KitStock
    extra = 1

    def has_view_permission(self, request, obj=None):
        return admin.site.has_permission(request)  # programme administrators, as ProgrammeScopedAdmin

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):

        if db_field.name == "unite" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model.objects.filter(
                programme__in=administered_programmes(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(KitItem)
class KitItemAdmin(ProgrammeScopedAdmin):
    list_display = ["name", "category", "unit_cost", "expected_saving_eur", "active", "programme"]
    list_filter = ["category", "active"]
    inlines = [KitStockInline]
