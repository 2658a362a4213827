from html import escape

from django import forms
from django.db import transaction
from django.db.models import F
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from binome.accounts.models import Membership, Role, User
from binome.core.concurrency import Change, StaleEdit, VersionedModelForm, _display
from binome.core.params import WindowDateField
from binome.core.widgets import PlainSelect
from binome.network.models import MobilisationEvent
from binome.territory.models import UniteTerritoriale


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FilteredCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes written in Python, in a list that ``static/binome/checklist.js`` gives a filter box (the words typed
    narrow the list; ticked boxes stay shown). The programme's 500 organisations and 2,000 referrers, rendered through
    Django's templates one by one, cost 300 ms a page; without JavaScript every box is still there, in a scrolling
    list. The HTML is Django's own: a ``<div>`` per choice holding its labelled box."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        final = self.build_attrs(self.attrs, attrs or {})
        base_id = final.pop("id", None) or f"id_{name}"
        ident = escape(base_id, quote=True)
        rows = "".join(  # str.format and html.escape: format_html's lazy wrappers cost 0.1 ms a box
            f'<div><label for="{ident}_{index}"><input type="checkbox" name="{escape(name, quote=True)}" '
            f'value="{escape(str(key), quote=True)}" id="{ident}_{index}"{" checked" if str(key) in selected else ""}>'
            f" {escape(str(label))}</label></div>"
            for index, (key, label) in enumerate(self.choices)
        )
        return format_html(
            '<div id="{}" class="checklist" data-checklist data-checklist-label="{}" data-checklist-none="{}"'
            ' data-checklist-count="{}">{}</div>',
            base_id,
            _("Filtrer la liste"),
            _("Aucun nom ne correspond."),
            _("%(count)s affichés."),
            mark_safe(rows),  # every value escaped above
        )

    def id_for_label(self, id_, index=None):
        return id_ if index is None else f"{id_}_{index}"


class MobilisationEventForm(VersionedModelForm):
    class Meta:
        model = MobilisationEvent
        fields = ["kind", "title", "date", "unite", "place", "organisations", "attendees", "other_attendees", "notes"]
        widgets = {
            "date": DateInput(),
            "organisations": FilteredCheckboxes,
            "attendees": FilteredCheckboxes,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False  # a new event has no version yet
        self.fields["unite"].queryset = UniteTerritoriale.objects.filter(programme=programme)
        self.fields["organisations"].queryset = programme.organisations.order_by("name")
        self.fields["attendees"].queryset = (
            User.objects.filter(memberships__programme=programme, memberships__role=Role.REFERRER)
            .only("pk", "first_name", "last_name", "email")
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["attendees"].label_from_instance = lambda user: user.get_full_name() or user.email
        # The boxes' values and labels read as tuples: thousands of model instances cost more than the page.
        self.fields["organisations"].widget.choices = list(
            self.fields["organisations"].queryset.values_list("pk", "name")
        )
        self.fields["attendees"].widget.choices = [
            (pk, f"{first} {last}".strip() or email)
            for pk, first, last, email in self.fields["attendees"].queryset.values_list(
                "pk", "first_name", "last_name", "email"
            )
        ]
        self.fields["date"].error_messages["invalid"] = _("Saisissez une date, par exemple 14/03/2026.")
        for name in ("unite", "organisations", "attendees"):
            self.fields[name].error_messages["invalid_choice"] = _("Choisissez parmi les propositions du programme.")
            self.fields[name].error_messages["invalid_pk_value"] = _("Choisissez parmi les propositions du programme.")

    SCALAR = ["kind", "title", "date", "unite", "place", "other_attendees", "notes"]
    MANY = ["organisations", "attendees"]

    def save_versioned(self):
        """Save only if nobody saved the event meanwhile (one conditional UPDATE), then its attendance."""
        event = self.instance
        expected = self.cleaned_data["version"]
        values = {name: self.cleaned_data[name] for name in self.SCALAR}
        with transaction.atomic():
            updated = MobilisationEvent.objects.filter(pk=event.pk, version=expected).update(
                version=F("version") + 1, **values
            )
            if not updated:
                current = MobilisationEvent.objects.get(pk=event.pk)
                changes = [
                    Change(str(self.fields[name].label), _display(self, name, getattr(current, name)))
                    for name in self.SCALAR
                    if getattr(current, name) != values[name]
                ]
                for name in self.MANY:
                    now = list(getattr(current, name).all())
                    if set(now) != set(self.cleaned_data[name]):
                        shown = ", ".join(str(self.fields[name].label_from_instance(o)) for o in now) or "—"
                        changes.append(Change(str(self.fields[name].label), shown))
                raise StaleEdit(changes, current.version)
            for name in self.MANY:
                getattr(event, name).set(self.cleaned_data[name])
        event.refresh_from_db()
        return event

    def clean_other_attendees(self):
        value = self.cleaned_data["other_attendees"]
        if value is not None and value > 2000:
            raise forms.ValidationError(_("Indiquez au plus 2 000 autres participants."))
        return value


class AttributeForm(forms.Form):
    """Attribute requests (by reference) to a mobilisation event."""

    references = forms.CharField(
        label=_("Références des demandes venues de cette action"),
        help_text=_("Séparées par des virgules ou des espaces, par exemple 2026-0012, 2026-0013."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_references(self):
        raw = self.cleaned_data["references"].replace(",", " ").replace(";", " ").split()
        refs = list(dict.fromkeys(r.strip() for r in raw if r.strip()))
        found = dict(self.programme.dossiers.filter(reference__in=refs).values_list("reference", "pk"))
        unknown = [r for r in refs if r not in found]
        if unknown:
            raise forms.ValidationError(
                _("Demande(s) introuvable(s) dans le programme : %(refs)s."), params={"refs": ", ".join(unknown)}
            )
        if not refs:
            raise forms.ValidationError(_("Indiquez au moins une référence."))
        return [found[r] for r in refs]


class PostingForm(forms.Form):
    """A referrer changes organisation or sector, or leaves."""

    MOVE, LEAVE = "move", "leave"
    action = forms.ChoiceField(
        label=_("Changement"),
        choices=[(MOVE, _("nouveau poste ou nouveau secteur")), (LEAVE, _("départ du réseau"))],
        widget=forms.RadioSelect,
    )
    on = WindowDateField(label=_("À partir du"), widget=DateInput())
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False, widget=PlainSelect)
    unite = forms.ModelChoiceField(label=_("Secteur (unité territoriale)"), queryset=None, required=False)
    job_title = forms.CharField(label=_("Fonction"), max_length=120, required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = programme.organisations.order_by("name")
        # The options read as tuples: the programme's 500 organisations as model instances cost half the page.
        organisation.widget.choices = [
            ("", organisation.empty_label),
            *organisation.queryset.values_list("pk", "name"),
        ]
        self.fields["unite"].queryset = UniteTerritoriale.objects.filter(programme=programme)
        self.fields["on"].error_messages["invalid"] = _("Saisissez une date, par exemple 14/03/2026.")
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "Choisissez une organisation partenaire du programme."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.MOVE and not cleaned.get("organisation"):
            self.add_error("organisation", _("Choisissez la nouvelle organisation de la personne."))
        return cleaned


def referrer_memberships(programme):
    return Membership.objects.filter(programme=programme, role=Role.REFERRER)


class HealthSearchForm(forms.Form):
    """The name searched among the people of the health page (dormant referrers, departures)."""

    nom = forms.CharField(label=_("Nom"), max_length=100, required=False, strip=True)
