"""The simulator's parameters: the shared ones (period, demand, rules, burst) and one form per scenario column.
Everything is read from the query string, checked, and refused with a French message when out of range."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from binome.core.params import StrictIntegerField
from binome.planning.simulator import DEFAULT_HOLIDAYS, WEEKS_PER_YEAR


MAX_SCENARIOS = 4
MAX_YEARS = 3
COVERAGE_CHOICES = [
    ("all", _("tout le territoire chaque année")),
    ("halves", _("moitiés alternées")),
    ("programme", _("le plan de couverture du programme")),
    ("custom", _("sur mesure, année par année")),
]


def _integer(label, low, high, help_text="", required=True):
    return StrictIntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        error_messages={
            "required": _("Indiquez une valeur."),
            "min_value": _("Au moins %(limit_value)s."),
            "max_value": _("Au plus %(limit_value)s."),
        },
    )


def _number(label, low, high, help_text=""):
    return forms.FloatField(
        label=label,
        min_value=low,
        max_value=high,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": _("Indiquez une valeur."),
            "invalid": _("Saisissez un nombre, par exemple 3,5."),
            "min_value": _("Au moins %(limit_value)s."),
            "max_value": _("Au plus %(limit_value)s."),
        },
    )


WEEKS = re.compile(r"^\s*(\d{1,2})\s*(?:-\s*(\d{1,2}))?\s*$")


def parse_weeks(text: str) -> set[int] | None:
    """« 16, 31-34, 52 » → {16, 31, 32, 33, 34, 52}; None when a part does not read."""
    weeks = set()
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        match = WEEKS.match(part)
        if not match:
            return None
        first, last = int(match[1]), int(match[2] or match[1])
        if not 1 <= first <= last <= WEEKS_PER_YEAR:
            return None
        weeks |= set(range(first, last + 1))
    return weeks


def format_weeks(weeks) -> str:
    ordered, parts = sorted(weeks), []
    for week in ordered:
        if parts and week == parts[-1][1] + 1:
            parts[-1][1] = week
        else:
            parts.append([week, week])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in parts)


class CommonForm(forms.Form):
    """What the scenarios share."""

    calcul = forms.CharField(widget=forms.HiddenInput, required=False)
    annee = _integer(_("Première année"), 2000, 2100)
    duree = _integer(_("Durée (années)"), 1, MAX_YEARS)
    cible = _number(_("Objectif pour 1 000 ménages"), 0.1, 100)
    demande = forms.ChoiceField(
        label=_("Demandes"),
        choices=[("saisie", _("le nombre saisi")), ("historique", _("l'historique du programme"))],
        widget=forms.RadioSelect,
    )
    demandes_an = _number(
        _("Demandes par an (tout le territoire)"),
        0,
        5000,
        _("Réparties entre les UT selon leur nombre de ménages."),
    )
    attente = _integer(_("Demandes déjà en attente au départ"), 0, 5000)
    prioritaires = _integer(_("Demandes prioritaires (%)"), 0, 100)
    derogations = forms.BooleanField(
        label=_("Dérogation pour les demandes prioritaires des UT fermées"), required=False
    )
    fin_annee = forms.BooleanField(
        label=_("En fin d'année, les UT fermées l'an prochain passent en tête"), required=False
    )
    abandon = _integer(
        _("Abandons après un an d'attente (%)"),
        0,
        95,
        _("La probabilité d'abandonner grandit avec l'attente."),
    )
    conges = forms.CharField(
        label=_("Semaines sans visite"),
        max_length=200,
        required=False,
        help_text=_("Numéros de semaine, par exemple 16, 31-34, 44, 52."),
    )
    atelier_nombre = _integer(_("Afflux : demandes le même jour"), 0, 1000, _("0 : aucun afflux."))
    atelier_ut = forms.ChoiceField(label=_("Afflux : unité territoriale"), choices=())
    atelier_annee = _integer(_("Afflux : année"), 2000, 2100)
    atelier_semaine = _integer(_("Afflux : semaine"), 1, WEEKS_PER_YEAR)
    tirages = _integer(_("Tirages aléatoires"), 1, 100, _("Plusieurs tirages donnent une fourchette (10 % – 90 %)."))
    graine = _integer(_("Graine"), 0, 999_999, _("La même graine redonne les mêmes chiffres."))

    def __init__(self, *args, units: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["atelier_ut"].choices = [(u, u) for u in units]

    def clean_conges(self):
        weeks = parse_weeks(self.cleaned_data.get("conges", ""))
        if weeks is None:
            raise forms.ValidationError(
                _("Écrivez des numéros de semaine de 1 à 52 séparés par des virgules, ou des plages comme 31-34.")
            )
        if len(weeks) > 26:
            raise forms.ValidationError(_("Au plus 26 semaines sans visite par an."))
        return frozenset(weeks)

    def clean(self):
        data = super().clean()
        start, years = data.get("annee"), data.get("duree")
        burst_year = data.get("atelier_annee")
        if data.get("atelier_nombre") and start and years and burst_year:
            if not start <= burst_year < start + years:
                self.add_error("atelier_annee", _("L'afflux doit tomber pendant la période simulée."))
        return data


class ScenarioForm(forms.Form):
    """One column of the comparison."""

    actif = forms.BooleanField(label=_("Comparer ce scénario"), required=False)
    nom = forms.CharField(label=_("Nom"), max_length=80, required=False)
    binomes = _integer(_("Binômes"), 1, 5)
    visites = _number(_("Visites / semaine"), 0.5, 15, _("Par binôme ; 3,5 alterne 3 et 4."))
    couverture = forms.ChoiceField(label=_("Couverture"), choices=COVERAGE_CHOICES)
    moitie = forms.MultipleChoiceField(
        label=_("Moitié couverte la première année"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args, units: list[str], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(u, u) for u in units]
        self.units, self.years = units, years
        self.fields["moitie"].choices = choices
        for index in range(MAX_YEARS):
            self.fields[f"ouvertes_{index}"] = forms.MultipleChoiceField(
                label=_("UT ouvertes en %(year)s") % {"year": years[index]} if index < len(years) else "",
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=choices,
            )

    def custom_fields(self):
        return [self[f"ouvertes_{i}"] for i in range(len(self.years))]

    def clean(self):
        data = super().clean()
        if not data.get("actif"):
            return data
        half = set(data.get("moitie") or ())
        if data.get("couverture") == "halves" and (not half or half == set(self.units)):
            self.add_error("moitie", _("Cochez les UT de la première moitié : au moins une, pas toutes."))
        if data.get("couverture") == "custom":
            for index, year in enumerate(self.years):
                if not data.get(f"ouvertes_{index}"):
                    self.add_error(
                        f"ouvertes_{index}", _("Cochez au moins une UT ouverte en %(year)s.") % {"year": year}
                    )
        return data


def default_holidays() -> str:
    return format_weeks(DEFAULT_HOLIDAYS)
