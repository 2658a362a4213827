"""The Django admin, reserved to programme administrators, each sealed to their own programmes.

``ProgrammeScopedAdmin`` is the base of every model admin of the project: rows filtered to the programmes the
user administers, choices of related rows likewise. The programme model is reached through the membership's
foreign key, so that accounts stays below territory.
"""

from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _, ngettext

from binome.accounts import grants, invitations, lockout, otp
from binome.accounts.forms import EmailAuthenticationForm, InvitationForm
from binome.accounts.models import Membership, Role, RoleGrant, User


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
    """Asked for every model of every admin page (index, sidebar): answered once per request."""
    cached = getattr(request, "_binome_programme_admin", None)
    if cached is not None and cached[0] == request.user.pk:
        return cached[1]
    user = request.user
    answer = user.is_active and (
        user.is_superuser or Membership.objects.filter(user=user, role=Role.ADMIN, is_active=True).exists()
    )
    request._binome_programme_admin = (user.pk, answer)
    return answer


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


class ListBoundsMixin:
    """A changelist in a constant number of queries, whatever the number of rows: 50 rows a page, no count of the
    whole table beside the filtered one; each admin names in ``list_select_related`` the relations its columns
    show, and chooses rows of a large table (people, organisations, communes) with an autocomplete.
    ``tests/accounts/test_admin_queries.py`` holds every registered admin to it."""

    list_per_page = 50
    show_full_result_count = False


class ProgrammeScopedAdmin(ListBoundsMixin, admin.ModelAdmin):
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


def _scoped_users(request):
    return User.objects.filter(memberships__programme__in=administered_programmes(request.user)).distinct()


@admin.register(Membership)
class MembershipAdmin(PeopleScopedAdmin):
    """Roles: the user chosen among the programme's people only (no lookup by id of anyone else's), each change
    recorded as a ``RoleGrant`` and e-mailed to the programme's other administrators."""

    list_display = ["user", "role", "organisation", "manages_organisation", "programme", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["user", "organisation", "programme"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            grants.record(obj, actor=request.user)
        elif {"role", "programme", "user", "is_active"} & set(form.changed_data):
            action = RoleGrant.Action.CHANGED if obj.is_active else RoleGrant.Action.WITHDRAWN
            grants.record(obj, actor=request.user, action=action, detail=", ".join(form.changed_data))

    def delete_model(self, request, obj):
        grants.record(obj, actor=request.user, action=RoleGrant.Action.WITHDRAWN, detail="suppression")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "programme"):
            grants.record(membership, actor=request.user, action=RoleGrant.Action.WITHDRAWN, detail="suppression")
        super().delete_queryset(request, queryset)


@admin.register(RoleGrant)
class RoleGrantAdmin(ProgrammeScopedAdmin):
    """Who gave which role to whom, and when: read-only, for the programme's administrators."""

    list_display = ["created_at", "actor", "action", "role", "user", "programme", "self_granted_flag"]
    list_filter = ["action", "role"]
    list_select_related = ["actor", "user", "programme"]
    date_hierarchy = "created_at"

    @admin.display(boolean=True, description=_("à lui-même"))
    def self_granted_flag(self, obj):
        return obj.self_granted

    def has_add_permission(self, request):
        return False

    has_change_permission = has_delete_permission = lambda self, request, obj=None: False  # noqa: E731


@admin.register(User)
class UserAdmin(ListBoundsMixin, admin.ModelAdmin):
    """People of the administered programmes. "Add" is the invitation: the account, its first role, the e-mail."""

    list_display = ["email", "first_name", "last_name", "is_active", "has_password"]
    search_fields = ["email", "first_name", "last_name"]
    fields = ["email", "first_name", "last_name", "phone", "is_active"]
    add_fields = ["email", "first_name", "last_name", "phone", "programme", "role", "organisation"]
    actions = ["resend_invitation", "reset_second_factor"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(memberships__programme__in=administered_programmes(request.user)).distinct()

    @admin.display(boolean=True, description=_("mot de passe choisi"))
    def has_password(self, obj):
        return obj.has_usable_password()

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        programmes = administered_programmes(request.user)
        organisations = Membership._meta.get_field("organisation").related_model._default_manager

        class Form(InvitationForm):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                self.fields["programme"].queryset = programmes
                # Hundreds of organisations by programme: typed and searched (MembershipAdmin's autocomplete,
                # scoped to the administered programmes) rather than all written into a select. The widget first:
                # setting the queryset gives it its choices.
                self.fields["organisation"].widget = AutocompleteSelect(
                    Membership._meta.get_field("organisation"), admin.site
                )
                self.fields["organisation"].queryset = organisations.filter(programme__in=programmes)
                if len(self.fields["programme"].queryset) == 1:
                    self.fields["programme"].initial = self.fields["programme"].queryset[0]

        return Form

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "title": _("Inviter une personne")}
        return super().add_view(request, form_url, extra_context)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        invitations.invite(
            obj, programme=data["programme"], role=data["role"], organisation=data["organisation"], actor=request.user
        )
        self.message_user(
            request,
            _("L'invitation est envoyée : le lien pour choisir un mot de passe vaut %(days)d jours.")
            % {"days": invitations.settings.INVITATION_TIMEOUT // 86400},
            messages.INFO,
        )

    @admin.action(description=_("Renvoyer l'invitation (comptes sans mot de passe)"))
    def resend_invitation(self, request, queryset):
        # Each person is invited to his role in one of the programmes this administrator runs.
        memberships = Membership.objects.filter(
            user__in=queryset, programme__in=administered_programmes(request.user)
        ).order_by("user_id", "pk")
        programme_of = {}
        for membership in memberships:
            programme_of.setdefault(membership.user_id, membership.programme_id)
        sent = 0
        for user in queryset:
            if not user.has_usable_password() and user.pk in programme_of:
                transaction.on_commit(
                    lambda pk=user.pk: invitations.send_invitation(pk, programme_of[pk], request.user.pk)
                )
                sent += 1
        self.message_user(request, ngettext("%d invitation renvoyée.", "%d invitations renvoyées.", sent) % sent)

    @admin.action(description=_("Réinitialiser la double authentification (téléphone perdu)"))
    def reset_second_factor(self, request, queryset):
        count = otp.forget_devices(list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext(
                "%d compte devra configurer à nouveau sa double authentification à la prochaine connexion.",
                "%d comptes devront configurer à nouveau leur double authentification à la prochaine connexion.",
                count,
            )
            % count,
        )

    def has_module_permission(self, request):
        return _is_programme_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_programme_admin(request)

    has_change_permission = has_add_permission = has_view_permission


@admin.register(AccessAttempt)
class LockoutAdmin(ListBoundsMixin, admin.ModelAdmin):
    """Failed logins counted by django-axes, for the accounts of the administered programmes; "Débloquer" lifts a
    lockout before its cool-off ends."""

    list_display = ["attempt_time", "account", "failures_since_start", "locked"]
    actions = ["unlock"]
    ordering = ["-attempt_time"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(username__in=_scoped_users(request).values("email"))

    @admin.display(description=_("compte"))
    def account(self, obj):
        return obj.username

    @admin.display(boolean=True, description=_("bloqué"))
    def locked(self, obj):
        from django.conf import settings

        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.action(description=_("Débloquer les comptes choisis"))
    def unlock(self, request, queryset):
        users = User.objects.filter(email__in=queryset.values("username"))
        for user in users:
            lockout.unlock(user, by=request.user)
        queryset.delete()
        self.message_user(request, ngettext("%d compte débloqué.", "%d comptes débloqués.", len(users)) % len(users))

    def has_module_permission(self, request):
        return _is_programme_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_programme_admin(request)

    def has_delete_permission(self, request, obj=None):
        return _is_programme_admin(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # unlocking goes through the logged action
        return actions

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
