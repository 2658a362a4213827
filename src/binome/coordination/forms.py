from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.cases.models import CallOutcome
from binome.coordination.models import CalendarFeed


class CallForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Résultat de l'appel"),
        choices=CallOutcome.choices,
        error_messages={"required": _("Choisissez le résultat de l'appel.")},
    )
    call_back_on = forms.DateField(
        label=_("Rappeler le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Si le ménage demande à être rappelé un autre jour."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("outcome") == CallOutcome.CALL_BACK and not data.get("call_back_on"):
            self.add_error("call_back_on", _("Indiquez le jour où rappeler le ménage."))
        when = data.get("call_back_on")
        if when and when < timezone.localdate():
            self.add_error("call_back_on", _("La date de rappel est déjà passée."))
        return data


class DerogationForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la dérogation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Situation prioritaire : risque de coupure, santé, enfants en bas âge…"),
        error_messages={"required": _("Indiquez le motif de la dérogation.")},
    )


BULK_ACTIONS = [
    ("accept", _("Prendre en charge")),
    ("put_on_waiting_list", _("Mettre en liste d'attente")),
    ("defer", _("Reporter à l'an prochain")),
    ("resume", _("Reprendre la demande")),
]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    note = forms.CharField(label=_("Motif"), required=False)
    dossiers = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages={"required": _("Cochez au moins un dossier.")}
    )

    def __init__(self, *args, dossier_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].choices = [(pk, pk) for pk in dossier_ids]


class FeedForm(forms.ModelForm):
    class Meta:
        model = CalendarFeed
        fields = ["show_names"]


class AbsenceForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Du"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Indiquez le premier jour d'absence.")},
    )
    ends_on = forms.DateField(
        label=_("Au (inclus)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Indiquez le dernier jour d'absence.")},
    )
    label = forms.CharField(label=_("Motif"), required=False, max_length=120, help_text=_("Par exemple : congés."))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Le dernier jour doit suivre le premier."))
        return data


def _time_field(label):
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"),
        error_messages={"invalid": _("Heure invalide.")},
    )


class WeekHoursForm(forms.Form):
    """Morning and afternoon of each weekday; an empty period is not worked."""

    DAYS = [(0, _("Lundi")), (1, _("Mardi")), (2, _("Mercredi")), (3, _("Jeudi")), (4, _("Vendredi"))]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day, _label in self.DAYS:
            for part in ("am", "pm"):
                self.fields[f"d{day}_{part}_start"] = _time_field(_("début"))
                self.fields[f"d{day}_{part}_end"] = _time_field(_("fin"))

    def rows(self):
        return [
            (label, [(self[f"d{day}_{part}_start"], self[f"d{day}_{part}_end"]) for part in ("am", "pm")])
            for day, label in self.DAYS
        ]

    def clean(self):
        data = super().clean()
        periods = []
        for day, _label in self.DAYS:
            for part in ("am", "pm"):
                start, end = data.get(f"d{day}_{part}_start"), data.get(f"d{day}_{part}_end")
                if start is None and end is None:
                    continue
                if start is None or end is None or end <= start:
                    self.add_error(f"d{day}_{part}_end", _("Indiquez un début et une fin, la fin après le début."))
                    continue
                periods.append((day, start, end))
        data["periods"] = periods
        return data
