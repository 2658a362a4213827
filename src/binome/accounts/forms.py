from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
