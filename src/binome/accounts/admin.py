"""The Django admin, reserved to programme administrators, each sealed to their own programmes.

``ProgrammeScopedAdmin`` is the base of every model admin of the project: rows filtered to the programmes the
user administers, choices of related rows likewise. The programme model is reached through the membership's
foreign key, so that accounts stays below territory.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from binome.accounts.forms import EmailAuthenticationForm
from binome.accounts.models import Membership, Role, User


def _programme_model():
    return Membership._meta.get_field("programme").related_model


def administered_programmes(user):
    Programme = _programme_model()
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(
        memberships__user=user, memberships__role=Role.ADMIN, memberships__is_active=True
    ).distinct()


def _is_programme_admin(request) -> bool:
    user = request.user
    return user.is_active and (
        user.is_superuser or Membership.objects.filter(user=user, role=Role.ADMIN, is_active=True).exists()
    )


class AdminLoginForm(EmailAuthenticationForm):
    """The admin's own login page, open to the same people as the admin (Binôme does not use is_staff)."""

    required_css_class = "required"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not (user.is_superuser or Membership.objects.filter(user=user, role=Role.ADMIN, is_active=True).exists()):
            raise ValidationError(
                _("L'administration est réservée aux administrateurs du programme."), code="not_programme_admin"
            )


admin.site.has_permission = _is_programme_admin
admin.site.login_form = AdminLoginForm


class ProgrammeScopedAdmin(admin.ModelAdmin):
    """Rows are filtered to the programmes the user administers; permissions follow the admin role."""

    programme_path = "programme"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.programme_path}__in": administered_programmes(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            related = db_field.related_model
            if related is _programme_model():
                kwargs["queryset"] = administered_programmes(request.user)
            elif any(f.name == "programme" for f in related._meta.get_fields()):
                # Organisations, UTs…: only those of the administered programmes, never another programme's.
                kwargs["queryset"] = related._default_manager.filter(
                    programme__in=administered_programmes(request.user)
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return _is_programme_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_programme_admin(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


class PeopleScopedAdmin(ProgrammeScopedAdmin):
    """Only the members of the administered programmes can be chosen."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(
                memberships__programme__in=administered_programmes(request.user)
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Membership)
class MembershipAdmin(ProgrammeScopedAdmin):
    list_display = ["user", "role", "organisation", "manages_organisation", "programme", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["user", "organisation", "programme"]
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fields = ["email", "first_name", "last_name", "phone", "is_active"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(memberships__programme__in=administered_programmes(request.user)).distinct()

    def has_module_permission(self, request):
        return _is_programme_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_programme_admin(request)

    has_change_permission = has_add_permission = has_view_permission
