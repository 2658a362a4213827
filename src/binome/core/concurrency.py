"""Optimistic locking: a stale save is refused and the other person's changes are shown.

Models that two people may edit at once carry a ``version`` integer. A form sends back the version it
was displayed with; ``save_versioned`` writes only if the row still has that version, in a single
UPDATE, so two concurrent saves can never both win.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.core import audit


@dataclass
class Change:
    label: str
    current: str


class StaleEdit(Exception):
    def __init__(self, changes: list[Change], version: int | None = None):
        self.changes = changes
        # The row's version now: a form rebound on it lets the person confirm their input over the other's.
        self.version = version
        super().__init__(_("Modifié par quelqu'un d'autre entre-temps."))


def _display(form, name, value) -> str:
    field = form.fields[name]
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(v, v)) for v in value or []) or "—"
    if isinstance(field, forms.ModelChoiceField):
        return str(value) if value is not None else "—"
    if hasattr(field, "choices"):
        return str(dict(field.choices).get(value, value)) or "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value) if value not in (None, "") else "—"


class VersionedModelForm(forms.ModelForm):
    """A ModelForm whose save refuses to overwrite a newer version of the row."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __new__(cls, *args, **kwargs):
        # Kept before subclasses consume their own keyword arguments (e.g. ``programme``), for ``rebound_on``.
        form = super().__new__(cls)
        form._rebind_kwargs = {k: v for k, v in kwargs.items() if k not in {"data", "files"}}
        return form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        # The row as displayed, before the posted values are put on the instance: the trail's "old" values.
        self._before = {f.name: f.value_from_object(self.instance) for f in self.instance._meta.concrete_fields}

    def rebound_on(self, stale: StaleEdit):
        """After a refused save: the same input, bound on the row's current version, so that nothing typed
        is lost and saving again confirms it over the other person's changes."""
        data = self.data.copy()
        data[self.add_prefix("version")] = stale.version
        form = type(self)(data, self.files or None, **self._rebind_kwargs)
        form.is_valid()
        return form

    def save_versioned(self, **extra):
        model = type(self.instance)
        expected = self.cleaned_data["version"]
        instance = super().save(commit=False)
        for key, value in extra.items():
            setattr(instance, key, value)
        names = [f for f in self._meta.fields if f in self.cleaned_data] + list(extra)
        values = {}
        for name in names:
            field = model._meta.get_field(name)
            values[field.attname] = getattr(instance, field.attname)
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            values["updated_at"] = timezone.now()
        updated = model.objects.filter(pk=instance.pk, version=expected).update(version=F("version") + 1, **values)
        if not updated:
            current = model.objects.get(pk=instance.pk)
            changes = []
            for name in self._meta.fields:
                if name not in self.fields or name not in self.cleaned_data:
                    continue
                now_value = getattr(current, name)
                if now_value != self.cleaned_data[name]:
                    changes.append(Change(str(self.fields[name].label), _display(self, name, now_value)))
            raise StaleEdit(changes, current.version)
        instance.version = expected + 1
        after = {name: model._meta.get_field(name).value_from_object(instance) for name in names}
        audit.record_change(instance, self._before, after)
        return instance
