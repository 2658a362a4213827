from django.contrib import admin

from binome.core.admin import ProgrammeScopedAdmin
from binome.diagnosis.models import KitItem, KitStock


class KitStockInline(admin.TabularInline):
    model = KitStock
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from binome.core.admin import administered_programmes

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
