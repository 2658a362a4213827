from django import forms
from django.utils.translation import gettext_lazy as _

from binome.core.params import WindowDateField
from binome.core.widgets import PlainSelect
from binome.reports import sections as spec
from binome.reports.models import Channel, ConsentMethod, Recipient
from binome.reports.works import WORK_CHOICES


WORK_STEPS = 6
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class SectionForm(forms.Form):
    # The cap is checked by the service with a message that keeps the text; the browser gets no maxlength, so that
    # a pasted text is never cut silently.
    text = forms.CharField(label=_("Texte"), required=False, widget=forms.Textarea(attrs={"rows": 7}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class WorksForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *WORK_CHOICES]
        for number in range(1, WORK_STEPS + 1):
            self.fields[f"step_{number}"] = forms.ChoiceField(
                label=_("Étape %(n)s") % {"n": number}, choices=choices, required=False, widget=PlainSelect
            )

    def keys(self) -> list[str]:
        chosen = [self.cleaned_data.get(f"step_{n}") for n in range(1, WORK_STEPS + 1)]
        return list(dict.fromkeys(k for k in chosen if k))


class PhotosForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(
        label=_("Photos jointes"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(p.pk, p.caption or _("photo %(n)s") % {"n": p.pk}) for p in photos]


class CommentForm(forms.Form):
    section = forms.ChoiceField(choices=[(s.key, s.title) for s in spec.SECTIONS])
    text = forms.CharField(label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ConflictForm(forms.Form):
    keep = forms.ChoiceField(choices=[("theirs", "theirs"), ("mine", "mine"), ("merge", "merge")])
    merged = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(min_value=0)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        widget=forms.RadioSelect,
        choices=[
            ("approved", _("Approuver")),
            ("opinion", _("Approuver avec un avis complémentaire sur les orientations")),
            ("returned", _("Renvoyer pour correction")),
        ],
        error_messages={"required": _("Choisissez une décision.")},
    )
    text = forms.CharField(
        label=_("Motif du renvoi ou avis complémentaire"),
        required=False,
        max_length=spec.MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version_number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, may_add_opinion=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_add_opinion:
            self.fields["decision"].choices = [c for c in self.fields["decision"].choices if c[0] != "opinion"]


class DispatchForm(forms.Form):
    recipient = forms.ChoiceField(choices=Recipient.choices, widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("Envoi"), choices=Channel.choices, widget=forms.RadioSelect)
    address = forms.CharField(
        label=_("Adresse électronique ou postale"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.EMAIL and data.get("address"):
            try:
                forms.EmailField().clean(data["address"].strip())
            except forms.ValidationError:
                self.add_error("address", _("Cette adresse électronique n'est pas valide."))
        return data


class ConsentForm(forms.Form):
    given_on = WindowDateField(
        label=_("Accord donné le"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "jj/mm/aaaa"}),
        error_messages={"invalid": _("Date attendue au format jj/mm/aaaa."), "required": _("Indiquez la date.")},
    )
    method = forms.ChoiceField(label=_("Comment"), choices=ConsentMethod.choices)
