from django import forms
from django.utils.translation import gettext_lazy as _

from binome.accounts.models import Role
from binome.cases.models import CallOutcome, Dossier, Motive
from binome.core.concurrency import VersionedModelForm
from binome.territory.models import Commune


PHONE_HELP = _("10 chiffres, par exemple 03 84 12 34 56.")


def clean_phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    if len(digits) != 10 or not digits.startswith("0") or not digits.isdigit():
        raise forms.ValidationError(
            _("Numéro de téléphone invalide : saisissez 10 chiffres, par exemple 03 84 12 34 56.")
        )
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class DossierFieldsMixin:
    """Shared set-up of the household fields for the referral and the edit forms."""

    def setup_fields(self, programme):
        self.fields["commune"].queryset = Commune.objects.filter(programme=programme).order_by("name")
        self.fields["commune"].error_messages["invalid_choice"] = _(
            "Choisissez une commune du territoire du programme."
        )
        self.fields["motives"] = forms.MultipleChoiceField(
            label=_("Motifs de la demande"),
            choices=Motive.choices,
            widget=forms.CheckboxSelectMultiple,
            required=True,
            error_messages={"required": _("Cochez au moins un motif.")},
        )
        self.fields["phone"].help_text = PHONE_HELP
        self.fields["household_size"].min_value = 1
        self.fields["household_size"].widget.attrs.update(min=1, max=20)

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_household_size(self):
        size = self.cleaned_data["household_size"]
        if size is None or size < 1 or size > 20:
            raise forms.ValidationError(_("Le ménage compte entre 1 et 20 personnes."))
        return size


HOUSEHOLD_FIELDS = [
    "last_name",
    "first_name",
    "phone",
    "email",
    "address",
    "commune",
    "tenure",
    "household_size",
    "motives",
    "description",
    "urgent",
    "share_with_referrer",
    "share_with_landlord",
]


class ReferralForm(DossierFieldsMixin, forms.ModelForm):
    """The fiche de demande d'intervention, filled with the household present."""

    consent_contact = forms.BooleanField(
        label=_("Le ménage a été informé de la demande et accepte d'être contacté par le SLIME."),
        required=True,
        error_messages={"required": _("La demande ne peut être envoyée sans l'accord du ménage pour être contacté.")},
    )

    class Meta:
        model = Dossier
        fields = [*HOUSEHOLD_FIELDS, "consent_contact", "channel", "organisation"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, programme, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_fields(programme)
        if Role.COORDINATOR in roles:
            # The coordinator enters requests received by phone, e-mail or on paper for a partner.
            self.fields["organisation"].queryset = programme.organisations.all()
            self.fields["organisation"].required = False
            self.fields["organisation"].help_text = _("Structure qui a signalé le ménage, si elle est connue.")
        else:
            del self.fields["organisation"]
            del self.fields["channel"]


class HouseholdForm(DossierFieldsMixin, VersionedModelForm):
    class Meta:
        model = Dossier
        fields = HOUSEHOLD_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_fields(programme)


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("Motif ou commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CallForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Résultat de l'appel"), choices=CallOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
