from django import forms
from django.utils.translation import gettext_lazy as _

from binome.accounts.models import Role
from binome.cases.models import Channel, Dossier, IncomeBand, Motive
from binome.core.concurrency import VersionedModelForm
from binome.core.params import StrictIntegerField
from binome.core.text import limit_length
from binome.core.widgets import PlainSelect
from binome.territory.models import Commune


PHONE_HELP = _("10 chiffres, par exemple 03 84 12 34 56.")
DESCRIPTION_MAX = 4000  # characters of the situation described (about two pages)
NOTE_MAX = 2000  # characters of a step's note


def clean_phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    if len(digits) != 10 or not digits.startswith("0") or not digits.isdigit():
        raise forms.ValidationError(
            _("Numéro de téléphone invalide : saisissez 10 chiffres, par exemple 03 84 12 34 56.")
        )
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def plain_select(field) -> None:
    """Hundreds of communes or organisations: their options written in Python (``core.widgets.PlainSelect``).
    Call before setting the field's queryset, which hands the widget its choices."""
    field.widget = PlainSelect(attrs=field.widget.attrs)


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class DossierFieldsMixin:
    """Shared set-up of the household fields for the referral and the edit forms."""

    def setup_fields(self, programme):
        plain_select(self.fields["commune"])
        self.fields["commune"].queryset = Commune.objects.filter(programme=programme).order_by("name")
        # static/binome/combobox.js turns this select into a searchable combobox where the page loads it.
        self.fields["commune"].widget.attrs["data-combobox"] = ""
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
        limit_length(self.fields["description"], DESCRIPTION_MAX)
        size = self.fields["household_size"]
        size.min_value, size.max_value = 1, 20
        size.validators = []  # one rule, one message: clean_household_size (−3 and 0 used to get two different ones)
        size.widget.attrs.update(min=1, max=20)

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_income_band(self):
        return self.cleaned_data.get("income_band") or IncomeBand.UNKNOWN

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
    "landlord",
    "income_band",
    "declared_income",
    "social_referent",
    "fsl_requests",
    "motives",
    "description",
    "urgent",
    "share_with_referrer",
    "share_with_landlord",
]


class DuplicateCheckMixin:
    """Warn when the household is already in an open dossier; the person may confirm a new request."""

    duplicates: list = ()

    def check_duplicates(self, programme, exclude_pk=None):
        from binome.cases.duplicates import find_duplicates

        data = self.cleaned_data
        if not all(k in data for k in ("last_name", "phone", "address", "commune")):
            return
        self.duplicates = find_duplicates(
            programme,
            last_name=data["last_name"],
            phone=data["phone"],
            address=data["address"],
            commune=data["commune"],
            exclude_pk=exclude_pk,
        )
        if self.duplicates and not data.get("confirm_duplicate"):
            self.add_error(
                "confirm_duplicate",
                _(
                    "Ce ménage semble déjà avoir une demande en cours (voir ci-dessus). Cochez cette case si "
                    "c'est bien une nouvelle demande."
                ),
            )


CONFIRM_DUPLICATE_LABEL = _("Je confirme qu'il s'agit d'une nouvelle demande, distincte de la demande en cours.")


class ReferralForm(DuplicateCheckMixin, DossierFieldsMixin, forms.ModelForm):
    """The fiche de demande d'intervention, filled with the household present."""

    consent_contact = forms.BooleanField(
        label=_("Le ménage a été informé de la demande et accepte d'être contacté par le SLIME."),
        required=True,
        error_messages={"required": _("La demande ne peut être envoyée sans l'accord du ménage pour être contacté.")},
    )
    confirm_duplicate = forms.BooleanField(label=CONFIRM_DUPLICATE_LABEL, required=False)

    class Meta:
        model = Dossier
        fields = [
            *HOUSEHOLD_FIELDS,
            "consent_contact",
            "channel",
            "organisation",
            "referrer_name",
            "mobilisation_event",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "share_with_referrer": _(
                "Le ménage accepte que le résumé du compte-rendu soit transmis au donneur d'alerte."
            ),
            "share_with_landlord": _("Le ménage accepte que la fiche technique soit transmise à son propriétaire."),
        }

    def __init__(self, *args, programme, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.setup_fields(programme)
        setup_income_fields(self)
        self.fields["tenure"].error_messages["required"] = _("Choisissez le statut d'occupation.")
        if Role.COORDINATOR in roles:
            # The coordinator enters requests received by phone, e-mail or on paper for a partner.
            plain_select(self.fields["organisation"])
            plain_select(self.fields["mobilisation_event"])
            self.fields["organisation"].queryset = programme.organisations.all()
            self.fields["organisation"].required = False
            self.fields["organisation"].help_text = _("Structure qui a signalé le ménage, si elle est connue.")
            self.fields["channel"].initial = Channel.PHONE
            self.fields["mobilisation_event"].queryset = programme.mobilisation_events.all()
            self.fields["mobilisation_event"].error_messages["invalid_choice"] = _(
                "Choisissez une action de mobilisation du programme."
            )
            self.fields["organisation"].error_messages["invalid_choice"] = _(
                "Choisissez une organisation partenaire du programme."
            )
        else:
            for name in ("organisation", "channel", "referrer_name", "mobilisation_event"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        self.check_duplicates(self.programme)
        return cleaned


def setup_income_fields(form):
    if "declared_income" in form.fields:
        form.fields["declared_income"].widget.attrs.update(min=0, max=500000, step=1)
        form.fields["declared_income"].error_messages["min_value"] = _("Le revenu ne peut pas être négatif.")
    if "fsl_requests" in form.fields:
        form.fields["fsl_requests"].widget.attrs.update(min=0, max=20)
    if "income_band" in form.fields:
        form.fields["income_band"].required = False
        form.fields["income_band"].help_text = _(
            "Estimation avec le ménage ; le SLIME vérifiera sur l'avis d'imposition."
        )


class PublicReferralForm(DossierFieldsMixin, forms.ModelForm):
    """The self-referral form: a household (or a phone-line operator for them), without an account.

    It never tells the visitor about another dossier (duplicates are shown to the coordinator only)."""

    FILLED_BY = [
        ("household", _("Je fais la demande pour mon foyer")),
        ("operator", _("Je remplis pour un ménage (accueil téléphonique)")),
    ]

    filled_by = forms.ChoiceField(
        label=_("Qui remplit ce formulaire ?"),
        choices=FILLED_BY,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez qui remplit le formulaire.")},
    )
    consent_contact = forms.BooleanField(
        label=_("J'accepte d'être contacté(e) par le SLIME au sujet de cette demande."),
        required=True,
        error_messages={"required": _("Sans votre accord, le SLIME ne peut pas vous contacter.")},
    )
    # Bot protection: a field people do not see (bots fill it) and the time the form was displayed.
    website = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)
    shown_at = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Dossier
        fields = [
            "last_name",
            "first_name",
            "phone",
            "email",
            "address",
            "commune",
            "tenure",
            "household_size",
            "income_band",
            "motives",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {"description": _("Décrivez votre situation (facultatif)")}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.setup_fields(programme)
        setup_income_fields(self)


class HouseholdForm(DossierFieldsMixin, VersionedModelForm):
    class Meta:
        model = Dossier
        fields = HOUSEHOLD_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_fields(programme)
        setup_income_fields(self)


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Motif ou commentaire"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = StrictIntegerField(widget=forms.HiddenInput)
