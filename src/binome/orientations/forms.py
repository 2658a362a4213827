from django import forms

from binome.orientations.models import Orientation


class OrientationForm(forms.ModelForm):
    class Meta:
        model = Orientation
        fields = ["solution", "partner", "status", "outcome"]
        widgets = {"outcome": forms.Textarea(attrs={"rows": 2})}
