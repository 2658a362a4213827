import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.accounts.models import Membership, Role
from binome.visits.models import Visit


class AdvisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class VisitBookingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Heure"), widget=forms.TimeInput(attrs={"type": "time", "step": 900}))
    duration_minutes = forms.IntegerField(label=_("Durée (minutes)"), initial=120, min_value=30, max_value=480)
    advisor = AdvisorChoiceField(label=_("Chargé de visite technique"), queryset=None, empty_label=None)
    preparation_note = forms.CharField(
        label=_("Note de préparation pour le chargé de visite"),
        help_text=_("Problème identifié, questions à vérifier sur place."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, programme, coordinator, **kwargs):
        super().__init__(*args, **kwargs)
        self.coordinator = coordinator
        from binome.accounts.models import User

        self.fields["advisor"].queryset = User.objects.filter(
            pk__in=Membership.objects.filter(programme=programme, role=Role.ADVISOR, is_active=True).values("user")
        ).order_by("last_name")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        starts = timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))
        ends = starts + dt.timedelta(minutes=data["duration_minutes"])
        data["starts_at"] = starts
        for person, label in ((data["advisor"], "Le chargé de visite"), (self.coordinator, "La coordinatrice")):
            clash = (
                Visit.objects.filter(status="planned", starts_at__lt=ends)
                .filter(Q(advisor=person) | Q(coordinator=person))
                .order_by("starts_at")
            )
            for visit in clash:
                if visit.starts_at + dt.timedelta(minutes=visit.duration_minutes) > starts:
                    local = timezone.localtime(visit.starts_at)
                    raise forms.ValidationError(
                        _("%(who)s a déjà une visite à ce moment-là (le %(day)s à %(hour)s)."),
                        params={"who": label, "day": local.strftime("%d/%m/%Y"), "hour": local.strftime("%H:%M")},
                    )
        return data
