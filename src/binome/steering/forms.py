"""The programme's budget lines (dashboard costs), typed as on a French keyboard: « 12 500,00 »."""

from django import forms
from django.utils.translation import gettext_lazy as _

from binome.diagnosis.sections import FrenchDecimalField
from binome.steering.models import BudgetLine


def _money(label, help_text=""):
    return FrenchDecimalField(
        label=label,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class BudgetLineForm(forms.ModelForm):
    budget = _money(_("Budget (€)"))
    spend = _money(_("Dépense (€)"))
    cee_share = _money(
        _("Dont financé par les CEE (€)"),
        _("La part de la dépense financée par les certificats d'économies d'énergie."),
    )

    class Meta:
        model = BudgetLine
        fields = ["year", "label", "budget", "spend", "cee_share"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean(self):
        data = super().clean()
        spend, cee = data.get("spend"), data.get("cee_share")
        if spend is not None and cee is not None and cee > spend:
            self.add_error("cee_share", _("La part financée par les CEE ne peut pas dépasser la dépense."))
        year, label = data.get("year"), data.get("label")
        same = BudgetLine.objects.filter(programme=self.programme, year=year, label=label).exclude(pk=self.instance.pk)
        if year and label and same.exists():
            self.add_error("label", _("Cette ligne existe déjà pour cette année."))
        return data
