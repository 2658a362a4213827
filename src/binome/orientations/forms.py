"""The forms of the orientations: propose one, move it (coordinator or partner), a follow-up call.

Amounts and dates are checked here with the pure rules (``machine.amount_errors``, ``followup.contact_date_error``)
so that a refusal is a French message beside the field, and nothing typed is lost.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.core.params import WindowDateField
from binome.core.widgets import PlainSelect
from binome.diagnosis.sections import DATE_FORMATS, FrenchDecimalField
from binome.network.models import Organisation
from binome.orientations import followup, machine
from binome.orientations.models import (
    BillsFeel,
    FirstStep,
    FollowUp,
    OrientationStatus,
    Restriction,
    Solution,
)


def _amount(label):
    return FrenchDecimalField(
        label=label,
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class ProposeForm(forms.Form):
    """One orientation proposed to the household: a solution of the catalogue and its partner."""

    solution = forms.ModelChoiceField(label=_("Solution"), queryset=Solution.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Partenaire de l'annuaire"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=PlainSelect,  # hundreds of organisations
        help_text=_("Laissez vide pour le partenaire habituel de la solution, s'il n'y en a qu'un."),
    )
    partner_name = forms.CharField(label=_("Autre partenaire (hors annuaire)"), max_length=200, required=False)
    household_step = forms.CharField(
        label=_("Ce que le ménage doit faire"),
        max_length=300,
        required=False,
        help_text=_("Imprimé dans « Vos démarches » : pièces à réunir, qui appeler, avant quand."),
    )

    def __init__(self, *args, programme, choices=None, **kwargs):
        """``choices``: the (id, name) pairs of the solutions and of the organisations to list, when the page read
        them (``services.propose_choices``, one query for both)."""
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = Solution.objects.filter(programme=programme, is_active=True)
        self.fields["organisation"].queryset = Organisation.objects.filter(programme=programme, is_active=True)
        if choices is not None:
            for name, pairs in zip(("solution", "organisation"), choices, strict=True):
                self.fields[name].choices = [("", self.fields[name].empty_label), *pairs]

    def clean(self):
        data = super().clean()
        if data.get("organisation") and data.get("partner_name"):
            self.add_error(
                "partner_name", _("Choisissez un partenaire de l'annuaire ou écrivez-en un autre, pas les deux.")
            )
        return data


class MoveForm(forms.Form):
    """A new status for an orientation, with its outcome; the statuses offered are those the machine allows."""

    status = forms.ChoiceField(label=_("Nouveau statut"), widget=forms.RadioSelect)
    outcome = forms.CharField(
        label=_("Résultat, précisions"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    aid_amount = _amount(_("Aide accordée (€)"))
    debt_settled = _amount(_("Dette réglée ou étalée (€)"))
    works_cost = _amount(_("Coût des travaux (€)"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, current: str, amounts=(), partner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(OrientationStatus.choices)
        self.fields["status"].choices = [(s.value, labels[s.value]) for s in machine.allowed(current, partner=partner)]
        for amount in machine.Amount:
            if amount not in amounts:
                del self.fields[amount.value]
        self.current, self.partner = current, partner

    def clean_status(self):
        status = self.cleaned_data["status"]
        try:
            machine.check_move(self.current, status, partner=self.partner)
        except machine.MoveRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return status

    def clean(self):
        data = super().clean()
        values = {a.value: data.get(a.value) for a in machine.Amount if a.value in self.fields}
        for error in machine.amount_errors(values):
            self.add_error(error.field, error.message)
        return data

    @property
    def amount_fields(self):
        return [self[a.value] for a in machine.Amount if a.value in self.fields]


class PartnerAnswerForm(MoveForm):
    answered_by = forms.CharField(
        label=_("Votre nom et votre service"),
        max_length=200,
        help_text=_("Pour que le SLIME sache qui a répondu."),
    )


class SendLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse du partenaire"),
        help_text=_("Le lien ne donne accès qu'à cette orientation : le nom du ménage, sa commune et la solution."),
    )


YES_NO = [("yes", _("oui")), ("no", _("non"))]


def _yes_no(label, required=False):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO if required else [("", _("sans réponse")), *YES_NO],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


class FollowUpForm(forms.ModelForm):
    """The follow-up questionnaire, after the national evaluation (first action, engaging action, cold, bills)."""

    contacted_on = WindowDateField(
        label=_("Date de l'appel"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "jj/mm/aaaa", "autocomplete": "off"}),
        error_messages={"invalid": _("Date attendue au format jj/mm/aaaa.")},
    )
    first_steps = forms.MultipleChoiceField(
        label=_("Depuis la visite, le ménage… (rien de coché : aucune démarche)"),
        choices=FirstStep.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    works_done = _yes_no(_("Des travaux ont été faits (par le ménage ou le bailleur)"))
    aid_obtained = _yes_no(_("Une aide ou un droit a été obtenu"))
    cold_now = _yes_no(_("A eu froid chez lui l'hiver dernier"), required=True)
    bills = forms.ChoiceField(
        label=_("Ses factures, par rapport à avant la visite, sont…"),
        choices=BillsFeel.choices,
        widget=forms.RadioSelect,
    )
    restriction = forms.ChoiceField(
        label=_("Se restreint sur le chauffage pour économiser"),
        choices=Restriction.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    arrears = _yes_no(_("Impayé ou coupure depuis la visite"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = FollowUp
        fields = [
            "contacted_on",
            "first_steps",
            "works_done",
            "aid_obtained",
            "cold_now",
            "bills",
            "restriction",
            "arrears",
            "comment",
        ]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, report_day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_day = report_day
        if not self.is_bound:
            self.initial["contacted_on"] = self.instance.contacted_on or timezone.localdate()
            self.initial["version"] = self.instance.version
            for name in ("works_done", "aid_obtained", "cold_now", "arrears"):
                value = getattr(self.instance, name)
                self.initial[name] = "" if value is None else ("yes" if value else "no")

    def clean_contacted_on(self):
        day = self.cleaned_data["contacted_on"]
        if error := followup.contact_date_error(day, self.report_day, timezone.localdate()):
            raise forms.ValidationError(error)
        return day
