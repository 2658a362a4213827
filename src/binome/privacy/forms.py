from django import forms
from django.utils.translation import gettext_lazy as _

from binome.core.params import WindowDateField
from binome.core.widgets import PlainSelect


class TrailFilterForm(forms.Form):
    """The DPO page's filters (GET): a dossier reference, a person, a period; a bad value is said, never a 500."""

    reference = forms.CharField(label=_("Dossier (référence)"), max_length=20, required=False)
    # Every person who held a role in the programme: thousands at national scale, their options written in Python.
    user = forms.TypedChoiceField(
        label=_("Personne"), coerce=int, required=False, empty_value=None, widget=PlainSelect
    )
    start = WindowDateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = WindowDateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, people: dict[int, str] | None = None, **kwargs):
        """``people``: the choices, names by id (``trail.people``)."""
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Toutes")), *(people or {}).items()]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("La fin de la période précède son début."))
        return data


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'effacement"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : demande écrite du ménage reçue le 12 mars (droit à l'effacement)."),
    )
    confirm = forms.BooleanField(
        label=_("Je confirme : les données personnelles du ménage seront définitivement supprimées."),
    )
