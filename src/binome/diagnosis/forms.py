from django import forms
from django.utils.translation import gettext_lazy as _

from binome.core.concurrency import VersionedModelForm
from binome.diagnosis.models import DiagnosisNote, PhotoKind


class DiagnosisNoteForm(VersionedModelForm):
    class Meta:
        model = DiagnosisNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        labels = {"text": _("Constats de la visite")}


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo ou image thermique"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG ou WebP, 15 Mo au plus. La position GPS et les autres métadonnées sont retirées."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=PhotoKind.choices, initial=PhotoKind.PHOTO)
    caption = forms.CharField(label=_("Légende"), max_length=200, required=False)
