"""The forms of the tour pages: the proposal's period, and what the calls taught about a household."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.core.params import StrictIntegerField, WindowDateField, booking_window
from binome.planning.geo import Point, great_circle_km
from binome.visits.forms import WeekHoursForm
from binome.visits.tours import MAX_WEEKS


def _tomorrow_to_next_year():
    today = timezone.localdate()
    return today + dt.timedelta(days=1), today + dt.timedelta(days=366)


class TourForm(forms.Form):
    """The period of the proposal (read from the query string)."""

    debut = WindowDateField(
        label=_("À partir du"),
        window=_tomorrow_to_next_year,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Indiquez le premier jour."), "invalid": _("Date invalide.")},
    )
    semaines = StrictIntegerField(
        label=_("Nombre de semaines"),
        min_value=1,
        max_value=MAX_WEEKS,
        error_messages={
            "required": _("Indiquez le nombre de semaines."),
            "min_value": _("Au moins une semaine."),
            "max_value": _("Au plus %(limit_value)s semaines : au-delà, les disponibilités changent trop."),
        },
    )


class HouseholdAvailabilityForm(WeekHoursForm):
    """When the household is at home (empty: whenever the binôme works), from when, and where its dwelling is."""

    not_before = WindowDateField(
        label=_("Pas avant le"),
        required=False,
        window=booking_window,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Par exemple : absent jusqu'à la fin du mois."),
        error_messages={"invalid": _("Date invalide.")},
    )
    latitude = forms.FloatField(
        label=_("Latitude du logement"),
        required=False,
        min_value=-90,
        max_value=90,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": _("Saisissez un nombre, par exemple 46,6748.")},
    )
    longitude = forms.FloatField(
        label=_("Longitude du logement"),
        required=False,
        min_value=-180,
        max_value=180,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": _("Saisissez un nombre, par exemple 5,5547.")},
    )

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = commune

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (
            (latitude is None) != (longitude is None)
            and not self.errors.get("latitude")
            and not self.errors.get("longitude")
        ):
            self.add_error("longitude", _("Indiquez la latitude et la longitude ensemble, ou aucune des deux."))
        elif latitude is not None and longitude is not None and self.commune is not None:
            # A dwelling is in its commune: more than 30 km from its centre is a typing error (swapped values…).
            distance = great_circle_km(
                Point(latitude, longitude), Point(self.commune.latitude, self.commune.longitude)
            )
            if distance > 30:
                self.add_error(
                    "latitude",
                    _("Ce point est à %(km)s km de %(commune)s : vérifiez la latitude et la longitude.")
                    % {"km": round(distance), "commune": self.commune.name},
                )
        return data
