from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from binome.accounts.models import Role, User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _("Adresse électronique ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé. Contactez l'administrateur du programme."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code à 6 chiffres, ou code de secours"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
    )


class InvitationForm(forms.ModelForm):
    """The admin's "add a user": the account, its first role in one of the admin's programmes, and the invitation.

    The querysets of ``programme`` and ``organisation`` are set by ``UserAdmin`` to the administered programmes.
    """

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        help_text=_("Obligatoire pour un donneur d'alerte : la structure partenaire qui l'emploie."),
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "phone"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                _(
                    "Un compte existe déjà avec cette adresse. S'il doit rejoindre votre programme, demandez à "
                    "l'administrateur de Binôme de l'y rattacher."
                ),
                code="exists",
            )
        return email

    def clean(self):
        data = super().clean()
        organisation, programme = data.get("organisation"), data.get("programme")
        if data.get("role") == Role.REFERRER and organisation is None:
            self.add_error("organisation", _("Un donneur d'alerte doit être rattaché à une organisation partenaire."))
        if organisation is not None and programme is not None and organisation.programme_id != programme.pk:
            self.add_error("organisation", _("Cette organisation n'appartient pas au programme choisi."))
        return data


class ResetRequestForm(PasswordResetForm):
    """Django's reset request, with the field named as on the login page."""

    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
