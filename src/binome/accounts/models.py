from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REFERRER = "referrer", _("donneur d'alerte")
    COORDINATOR = "coordinator", _("coordinatrice (animatrice)")
    ADVISOR = "advisor", _("chargé de visite technique")
    CHEF_MISSION = "chef_mission", _("chef de mission")
    CHEF_SERVICE = "chef_service", _("chef de service")
    ADMIN = "admin", _("administrateur du programme")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError(_("Une adresse électronique est obligatoire."))
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def full_name(first_name: str, last_name: str) -> str:
    """How a person is named (``User.get_full_name``; for rows read as values)."""
    return f"{first_name} {last_name}".strip()


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address."""

    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("compte utilisateur")  # "Ajout de compte utilisateur", not "Ajout de utilisateur"
        verbose_name_plural = _("comptes utilisateurs")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return full_name(self.first_name, self.last_name)

    def get_short_name(self):
        return self.first_name or self.email


class Membership(models.Model):
    """A role held by a user in one programme; a person may hold several roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("personne"))
    programme = models.ForeignKey("territory.Programme", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
        help_text=_("Obligatoire pour un donneur d'alerte : la structure partenaire qui l'emploie."),
    )
    manages_organisation = models.BooleanField(
        _("responsable de la structure"),
        default=False,
        help_text=_(
            "Un donneur d'alerte voit les demandes qu'il a envoyées ; le responsable de la structure voit toutes "
            "celles de sa structure."
        ),
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("rôle dans un programme")
        verbose_name_plural = _("rôles dans les programmes")
        constraints = [
            models.UniqueConstraint(fields=["user", "programme", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                condition=~models.Q(role="referrer") | models.Q(organisation__isnull=False),
                name="membership_referrer_has_organisation",
                violation_error_message=_("Un donneur d'alerte doit être rattaché à une organisation partenaire."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.programme})"

    def get_additional_data(self) -> dict:
        """What the audit trail (django-auditlog) files a role grant under: the programme (id)."""
        return {"programme": self.programme_id, "user": self.user_id}


class RoleGrant(models.Model):
    """A role given, changed or withdrawn by someone: shown to the programme's administrators.

    Written by ``accounts.grants.record`` whenever a membership is created or changed (the admin's forms, the
    invitation), so that an administrator who gives himself a case role does it in view of the others.
    """

    class Action(models.TextChoices):
        GRANTED = "granted", _("rôle attribué")
        CHANGED = "changed", _("rôle modifié")
        WITHDRAWN = "withdrawn", _("rôle retiré")

    created_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="grants_given", verbose_name=_("par")
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants_received", verbose_name=_("compte"))
    programme = models.ForeignKey(
        "territory.Programme", on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("programme")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.GRANTED)
    detail = models.CharField(_("détail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attribution de rôle")
        verbose_name_plural = _("attributions de rôles")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} : {self.get_role_display()}"

    @property
    def self_granted(self) -> bool:
        return self.actor_id is not None and self.actor_id == self.user_id
