import datetime as dt

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.accounts.models import Membership, Role, User
from binome.core.params import BookingDateField, StrictIntegerField, WindowDateField
from binome.visits.models import CalendarFeed


class _ReadOnceChoices(ModelChoiceIterator):
    """The choices from the field's queryset read once: a select reads them to render its options and again for
    its first one (the required attribute), and the view picks the advisor among them."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # the queryset's own cache after the first pass
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + (self.field.empty_label is not None)


class AdvisorChoiceField(forms.ModelChoiceField):
    iterator = _ReadOnceChoices

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


def advisors_of(programme):
    """The programme's active energy advisors, the choices of a visit's « chargé de visite »."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(programme=programme, role=Role.ADVISOR, is_active=True).values("user")
    ).order_by("last_name")


NOTE_MAX = 2000  # characters of a preparation note, a question list or a reason


class SlotFields(forms.Form):
    date = BookingDateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Choisissez la date de la visite."), "invalid": _("Date invalide.")},
    )
    time = forms.TimeField(
        label=_("Heure"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"),
        error_messages={"required": _("Choisissez l'heure de la visite."), "invalid": _("Heure invalide.")},
    )
    duration_minutes = StrictIntegerField(
        label=_("Durée (minutes)"),
        min_value=30,
        max_value=480,
        error_messages={
            "min_value": _("Une visite dure au moins 30 minutes."),
            "max_value": _("Une visite dure au plus 8 heures."),
        },
    )
    confirm_travel = forms.BooleanField(
        label=_("Je maintiens ce créneau malgré le temps de trajet estimé."), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time"):
            starts = timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))
            if starts < timezone.now():
                self.add_error("date", _("Ce créneau est déjà passé."))
            data["starts_at"] = starts
        return data


class VisitBookingForm(SlotFields):
    advisor = AdvisorChoiceField(
        label=_("Chargé de visite technique"),
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choisissez le chargé de visite.")},
    )
    preparation_note = forms.CharField(
        label=_("Problème identifié"),
        help_text=_("Ce que vous avez compris au téléphone : factures, froid, humidité, équipements…"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    preparation_questions = forms.CharField(
        label=_("Questions pour la visite"),
        help_text=_("Ce que le chargé de visite doit vérifier sur place."),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = StrictIntegerField(widget=forms.HiddenInput)

    field_order = ["date", "time", "duration_minutes", "advisor", "preparation_note", "preparation_questions"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors_of(programme)


class PastVisitForm(forms.Form):
    """A visit that happened on paper (catch-up of past dossiers): recorded after the fact, with a reason."""

    date = WindowDateField(
        label=_("Date de la visite"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Indiquez la date de la visite.")},
    )
    time = forms.TimeField(
        label=_("Heure"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"),
        error_messages={"required": _("Indiquez l'heure de la visite."), "invalid": _("Heure invalide.")},
    )
    duration_minutes = StrictIntegerField(label=_("Durée (minutes)"), min_value=30, max_value=480, initial=120)
    advisor = AdvisorChoiceField(
        label=_("Chargé de visite technique"),
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choisissez le chargé de visite.")},
    )
    reason = forms.CharField(
        label=_("Pourquoi la visite est saisie après coup"),
        help_text=_("Par exemple : dossier tenu sur papier avant Binôme, visite faite en urgence."),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indiquez pourquoi la visite est saisie après coup.")},
    )
    version = StrictIntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, programme, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.fields["advisor"].queryset = advisors_of(programme)

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time"):
            starts = timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))
            if starts > timezone.now():
                self.add_error("date", _("Cette visite n'a pas encore eu lieu : programmez-la dans l'agenda."))
            elif starts < self.dossier.created_at:
                received = timezone.localtime(self.dossier.created_at).strftime("%d/%m/%Y")
                self.add_error(
                    "date", _("La visite ne peut pas précéder la demande, reçue le %(day)s.") % {"day": received}
                )
            data["starts_at"] = starts
        return data


class MoveVisitForm(SlotFields):
    note = forms.CharField(
        label=_("Motif du déplacement"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The start shown when the page was displayed: a move made meanwhile by somebody else is refused.
    seen = forms.DateTimeField(widget=forms.HiddenInput, required=False)


class CancelVisitForm(forms.Form):
    note = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indiquez le motif de l'annulation.")},
    )
    version = StrictIntegerField(widget=forms.HiddenInput)


HOUSEHOLD_CHANNELS = [
    ("sms", _("par SMS")),
    ("phone", _("par téléphone")),
    ("letter", _("par courrier")),
]


class HouseholdToldForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Ménage prévenu"),
        choices=HOUSEHOLD_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez comment le ménage a été prévenu.")},
    )


class FeedForm(forms.ModelForm):
    class Meta:
        model = CalendarFeed
        fields = ["show_names"]


class AbsenceForm(forms.Form):
    starts_on = BookingDateField(
        label=_("Du"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Indiquez le premier jour d'absence.")},
    )
    ends_on = BookingDateField(
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
