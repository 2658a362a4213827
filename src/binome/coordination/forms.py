from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.cases.models import CallOutcome


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


REFUSED_CALL = "coordination.refused_call"


def keep_refused_call(request, dossier, form: CallForm) -> None:
    """Keep a refused call's fields (in the server-side session, never in the URL) for the dossier page."""
    fields = {name: form.data.get(name, "") for name in form.fields}
    request.session[REFUSED_CALL] = {"dossier": dossier.pk, "fields": fields}


def call_form_for(request, dossier) -> CallForm:
    """The call form of the dossier page: bound to the refused call just typed on it, once, else empty."""
    kept = request.session.get(REFUSED_CALL)
    if not kept or kept.get("dossier") != dossier.pk:
        return CallForm()
    del request.session[REFUSED_CALL]
    form = CallForm(kept["fields"])
    form.is_valid()  # the errors, beside their fields
    return form


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
