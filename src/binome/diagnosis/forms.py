from django import forms
from django.utils.translation import gettext_lazy as _

from binome.core.concurrency import VersionedModelForm
from binome.diagnosis.models import DiagnosisNote


class DiagnosisNoteForm(VersionedModelForm):
    class Meta:
        model = DiagnosisNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        labels = {"text": _("Constats de la visite")}
