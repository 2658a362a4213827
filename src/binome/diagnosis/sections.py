"""The diagnosis in short sections, each a plain Django form whose cleaned data is JSON-serialisable.

A *simple* section is one form; a *grid* section (bills, resources, measurements) is a list of row forms posted
as parallel lists (one value per row for every column). Data round-trip: ``to_json(cleaned)`` → stored in
``DiagnosisSection.data`` → ``from_json(form_class, data)`` gives the form's ``initial`` back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from binome.core.params import WindowDateField
from binome.diagnosis import vocabulary as voc
from binome.diagnosis.models import Side
from binome.energy.units import Energy, Unit, allowed_units


DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%Y-%m-%d"]


class FrenchDecimalField(forms.DecimalField):
    """Accepts what people type on a French keyboard or paste from a spreadsheet: "1 056,04 €"; shows "1056,04"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "")
            value = value.replace(",", ".")
        return super().to_python(value)


def money(label, required=False, **kwargs):
    return FrenchDecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def number(label, required=False, decimals=2, min_value=0, max_value=None, **kwargs):
    return FrenchDecimalField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=max_value,
        max_digits=12,
        decimal_places=decimals,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def count(label, required=False, max_value=20, **kwargs):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=max_value,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


def day(label, required=False):
    # 1900–2100: a date typed at year 1 or 9999 is refused in French instead of overflowing the bills' arithmetic.
    return WindowDateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "jj/mm/aaaa", "autocomplete": "off"}),
        error_messages={"invalid": _("Date attendue au format jj/mm/aaaa.")},
    )


def choice(label, choices, required=False, initial=None):
    return forms.ChoiceField(label=label, choices=choices, required=required, initial=initial)


def multi(label, choices):
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple)


def yes_no(label):
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "—"), ("yes", _("oui")), ("no", _("non"))],
        required=False,
    )


def text(label, long=False, max_length=1000):
    widget = forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


# ---------------------------------------------------------------------------------------------------------------
# social side
# ---------------------------------------------------------------------------------------------------------------


class HouseholdForm(forms.Form):
    persons_14_plus = count(_("Personnes de 14 ans et plus"), required=True)
    children_under_14 = count(_("Enfants de moins de 14 ans"))
    rfr = money(_("Revenu fiscal de référence (€)"))
    rfr_year = forms.IntegerField(label=_("Année des revenus"), required=False, min_value=2000, max_value=2100)
    allowance_body = choice(_("Allocation logement versée par"), voc.ALLOWANCE_BODIES)

    def clean(self):
        data = super().clean()
        if (data.get("persons_14_plus") or 0) + (data.get("children_under_14") or 0) == 0 and not self.errors:
            self.add_error("persons_14_plus", _("Le ménage compte au moins une personne."))
        return data


class ResourceRowForm(forms.Form):
    source = choice(_("Ressource"), voc.INCOME_SOURCES, required=True)
    amount = money(_("Montant (€)"), required=True)
    period = choice(_("Période"), voc.PERIODS, required=True, initial="month")


class ChargesForm(forms.Form):
    rent_or_loan = money(_("Loyer ou remboursement de prêt (€/mois)"))
    rental_charges = money(_("Charges locatives ou de copropriété (€/mois)"))
    insurance = money(_("Assurance habitation (€/mois)"))
    other_charges = money(_("Autres charges fixes (€/mois)"))
    energy_debt = money(_("Dette d'énergie (€)"))
    water_debt = money(_("Dette d'eau (€)"))
    rent_arrears = money(_("Impayés de loyer (€)"))
    fsl = choice(_("Fonds de solidarité logement (FSL)"), [("", "—"), *voc.FSL_HISTORY])
    fsl_year = forms.IntegerField(label=_("Année du FSL"), required=False, min_value=1990, max_value=2100)
    cheque_energie_received = yes_no(_("Chèque énergie reçu"))
    cheque_energie_amount = money(_("Montant du chèque énergie (€)"))
    payment_plan = yes_no(_("Échéancier de paiement avec un fournisseur"))
    power_limitation = choice(_("Réduction de puissance ou coupure"), voc.POWER_LIMITATION, initial="none")


class ComfortForm(forms.Form):
    cold_last_winter = yes_no(_("A eu froid l'hiver dernier"))
    cold_reasons = multi(_("Pourquoi ? (raisons de l'enquête ONPE)"), voc.COLD_REASONS)
    restrictions = multi(_("Comportements de restriction"), voc.RESTRICTIONS)
    summer_heat = yes_no(_("Souffre de la chaleur en été"))
    comment = text(_("Ce que le ménage en dit"), long=True)


# ---------------------------------------------------------------------------------------------------------------
# technical side
# ---------------------------------------------------------------------------------------------------------------


class DwellingForm(forms.Form):
    tenure = choice(_("Statut d'occupation"), [("", "—"), *voc.TENURE])
    landlord = choice(_("Type de bailleur"), voc.LANDLORD)
    dwelling_type = choice(_("Type de logement"), voc.DWELLING_TYPE, initial="maison")
    construction_period = choice(_("Période de construction"), [("", "—"), *voc.CONSTRUCTION_PERIODS])
    year_built = forms.IntegerField(label=_("Année de construction (si connue)"), required=False, min_value=1500)
    heated_surface = number(_("Surface chauffée (m²)"), decimals=1, min_value=5, max_value=2000)
    levels = count(_("Niveaux chauffés"), max_value=10)
    altitude_m = forms.IntegerField(
        label=_("Altitude (m)"),
        required=False,
        min_value=0,
        max_value=2000,
        help_text=_(
            "Sans elle, la zone de l'unité territoriale est retenue (Dole, Lons-le-Saunier : moins de 400 m ; "
            "Champagnole, Saint-Claude : 400 à 800 m)."
        ),
    )
    hsp = number(_("Hauteur sous plafond (m)"), decimals=2, min_value=1.8, max_value=6)
    shared_walls = choice(_("Mitoyenneté (maison)"), [("", "—"), *voc.SHARED_WALLS])
    flat_position = choice(_("Étage (appartement)"), [("", "—"), *voc.FLAT_POSITIONS])
    exposed_facades = choice(_("Façades donnant dehors (appartement)"), [("", "—"), *voc.EXPOSED_FACADES])
    floor_type = choice(_("Sous le logement"), [("", "—"), *voc.FLOOR_TYPES])
    roof_type = choice(_("Au-dessus du logement"), [("", "—"), *voc.ROOF_TYPES])
    attached_unheated = yes_no(_("Garage, cave ou grange accolés"))
    veranda = choice(_("Véranda ou loggia fermée"), [("", "—"), *voc.VERANDAS])

    def clean(self):
        data = super().clean()
        year, period = data.get("year_built"), data.get("construction_period")
        if year and year > dt.date.today().year:
            self.add_error("year_built", _("L'année de construction ne peut pas être dans le futur."))
        if year and not period:
            data["construction_period"] = period_of_year(year)
        return data


def period_of_year(year: int) -> str:
    """DPE construction period of a known year of construction."""
    bounds = [(1948, "before_1948"), (1975, "1948_1974"), (1978, "1975_1977"), (1983, "1978_1982")]
    bounds += [(1989, "1983_1988"), (2001, "1989_2000"), (2006, "2001_2005"), (2013, "2006_2012"), (2022, "2013_2021")]
    return next((period for limit, period in bounds if year < limit), "after_2021")


def centimetres(label):
    return number(label, decimals=0, min_value=1, max_value=60)


def year_field(label):
    return forms.IntegerField(label=label, required=False, min_value=1900, max_value=2100)


class EnvelopeForm(forms.Form):
    wall_material = choice(_("Matériau des murs"), [("", "—"), *voc.WALL_MATERIALS])
    wall_thickness_cm = number(_("Épaisseur des murs (cm)"), decimals=0, min_value=5, max_value=120)
    wall_lining = yes_no(_("Murs doublés à l'intérieur (placo, contre-cloison)"))
    walls_insulation = choice(_("Isolation des murs"), voc.INSULATION, initial="inconnue")
    walls_insulation_cm = centimetres(_("Épaisseur d'isolant des murs (cm)"))
    walls_insulation_year = year_field(_("Année d'isolation des murs"))
    roof_insulation = choice(_("Isolation de la toiture ou des combles"), voc.INSULATION, initial="inconnue")
    roof_insulation_cm = centimetres(_("Épaisseur d'isolant en toiture (cm)"))
    roof_insulation_year = year_field(_("Année d'isolation de la toiture"))
    floor_insulation = choice(_("Isolation du plancher bas"), voc.INSULATION, initial="inconnue")
    floor_insulation_cm = centimetres(_("Épaisseur d'isolant du plancher (cm)"))
    glazing = choice(_("Vitrage dominant"), voc.GLAZING, initial="double")
    frames = choice(_("Menuiseries"), [("", "—"), *voc.FRAMES])
    windows_count = count(_("Nombre de fenêtres et portes-fenêtres"), max_value=200)
    shutters = yes_no(_("Volets"))
    doors = choice(_("Porte d'entrée"), [("", "—"), *voc.DOORS])
    ventilation = choice(_("Ventilation"), voc.VENTILATION, initial="naturelle")
    ventilation_year = year_field(_("Année de la ventilation"))
    defects = multi(_("Défauts constatés"), voc.DEFECTS)
    humidity = choice(_("Humidité, moisissures"), voc.HUMIDITY, initial="none")
    comment = text(_("Observations sur le bâti"), long=True)


class SystemsForm(forms.Form):
    main_heating = choice(_("Chauffage principal"), [("", "—"), *voc.HEATING])
    heating_year = year_field(_("Année du générateur"))
    emitters = choice(_("Émetteurs (chauffage à eau)"), [("", "—"), *voc.EMITTERS])
    regulation = choice(_("Régulation"), voc.REGULATION, initial="none")
    heating_collective = yes_no(_("Chauffage collectif (chaudière d'immeuble, réseau)"))
    secondary_heating = choice(_("Second chauffage fixe"), [("", "—"), *voc.HEATING])
    secondary_role = choice(_("Usage du second chauffage"), voc.SECONDARY_ROLES, initial="appoint")
    secondary_share = number(
        _("Part de la surface qu'il chauffe seul (%)"),
        decimals=0,
        min_value=1,
        max_value=99,
        help_text=_("Seulement s'il chauffe seul certaines pièces."),
    )
    secondary_year = year_field(_("Année du second chauffage"))
    bathroom_heater = yes_no(_("Radiateur électrique dans la salle de bain"))
    auxiliary_heating = choice(_("Chauffage d'appoint"), voc.AUXILIARY_HEATING, initial="none")
    hot_water = choice(_("Eau chaude sanitaire"), voc.HOT_WATER, initial="ballon_electrique")
    hot_water_litres = count(_("Volume du ballon (L)"), max_value=1000)
    hot_water_year = year_field(_("Année du chauffe-eau"))
    hot_water_collective = yes_no(_("Eau chaude collective"))
    air_conditioning = yes_no(_("Climatisation"))
    cooking = choice(_("Cuisson"), [("", "—"), *voc.COOKING])
    appliances = multi(_("Appareils et usages"), voc.APPLIANCES)
    comment = text(_("Observations sur les équipements"), long=True)


class MeasureRowForm(forms.Form):
    place = forms.CharField(label=_("Pièce ou appareil"), max_length=80)
    kind = choice(_("Mesure"), voc.MEASURE_KINDS, required=True, initial="temperature")
    value = number(_("Valeur"), required=True, decimals=1, min_value=-40)
    note = forms.CharField(label=_("Remarque"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        value, kind = data.get("value"), data.get("kind")
        if value is not None and kind == "humidity" and value > 100:
            self.add_error("value", _("Une humidité relative ne dépasse pas 100 %."))
        if value is not None and kind in {"power", "meter"} and value < 0:
            self.add_error("value", _("Cette mesure ne peut pas être négative."))
        return data


class SettingsForm(forms.Form):
    thermostat_before = number(_("Consigne du thermostat avant (°C)"), decimals=1, max_value=35)
    thermostat_after = number(_("Consigne après réglage (°C)"), decimals=1, max_value=35)
    water_heater_before = number(_("Température du ballon avant (°C)"), decimals=0, max_value=95)
    water_heater_after = number(_("Température du ballon après (°C)"), decimals=0, max_value=95)
    other = text(_("Autres réglages faits sur place"))


class BillRowForm(forms.Form):
    short_headers = {
        "supplier": _("Fourn."),
        "contract": _("Option"),
        "power_kva": _("kVA"),
        "end": _("Fin, livr."),
        "index_start": _("Index déb."),
        "index_end": _("Index fin"),
        "quantity": _("Quant."),
        "amount": _("TTC (€)"),
        "subscription": _("dont abo."),
    }
    energy = choice(_("Énergie"), voc.ENERGY_CHOICES, required=True)
    supplier = forms.CharField(label=_("Fournisseur"), max_length=80, required=False)
    contract = forms.CharField(label=_("Option, contrat"), max_length=80, required=False)
    power_kva = number(_("Puissance (kVA)"), decimals=0, max_value=36)
    start = day(_("Début"))
    end = day(_("Fin ou livraison"), required=True)
    index_start = number(_("Index début"), decimals=3)
    index_end = number(_("Index fin"), decimals=3)
    reading = choice(_("Relevé"), voc.READING_CHOICES, required=True, initial="real")
    quantity = number(_("Quantité"), decimals=3)
    unit = choice(_("Unité"), voc.UNIT_CHOICES, required=True, initial="kwh")
    amount = money(_("Montant TTC (€)"), required=True)
    subscription = money(_("Dont abonnement (€)"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        energy = Energy(data["energy"])
        start, end = data.get("start"), data.get("end")
        if start is None and not energy.is_delivered:
            self.add_error("start", _("Indiquez la date de début de la période facturée."))
        if start and end and end <= start:
            self.add_error("end", _("La fin doit être postérieure au début."))
        first, last = data.get("index_start"), data.get("index_end")
        if first is not None and last is not None:
            if last < first:
                self.add_error("index_end", _("L'index de fin est inférieur à l'index de début."))
            elif data.get("quantity") is None:
                data["quantity"] = last - first
        if data.get("quantity") is None:
            self.add_error("quantity", _("Indiquez la quantité ou les deux index."))
        unit = Unit(data["unit"])
        if unit not in allowed_units(energy):
            accepted = ", ".join(u.label for u in allowed_units(energy))
            self.add_error("unit", _("Unité impossible pour cette énergie (%(units)s).") % {"units": accepted})
        subscription = data.get("subscription")
        if subscription is not None and data.get("amount") is not None and subscription > data["amount"]:
            self.add_error("subscription", _("L'abonnement dépasse le montant de la facture."))
        return data


# ---------------------------------------------------------------------------------------------------------------
# registry and JSON round-trip
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    side: str
    title: str
    form_class: type[forms.Form]
    grid: bool = False
    intro: str = ""

    @property
    def columns(self):
        """(name, full label, short header) of a grid's columns: narrow headers keep the grid on a tablet screen."""
        short = getattr(self.form_class, "short_headers", {})
        return [
            (name, field.label, short.get(name, field.label)) for name, field in self.form_class.base_fields.items()
        ]


SECTIONS = [
    Section("household", Side.SOCIAL, _("Le ménage"), HouseholdForm),
    Section(
        "resources",
        Side.SOCIAL,
        _("Ressources"),
        ResourceRowForm,
        grid=True,
        intro=_("Une ligne par ressource, avec sa période (le calcul ramène tout à l'année)."),
    ),
    Section("charges", Side.SOCIAL, _("Charges, dettes et aides"), ChargesForm),
    Section("comfort", Side.SOCIAL, _("Confort ressenti"), ComfortForm),
    Section(
        "bills",
        Side.SOCIAL,
        _("Factures d'énergie et d'eau"),
        BillRowForm,
        grid=True,
        intro=_(
            "Une ligne par facture ou par livraison (fioul, bois, granulés : laisser le début vide). "
            "Tab passe à la case suivante, Entrée à la ligne suivante ; on peut coller plusieurs lignes d'un tableur."
        ),
    ),
    Section("dwelling", Side.TECHNICAL, _("Logement"), DwellingForm),
    Section("envelope", Side.TECHNICAL, _("Isolation, menuiseries, ventilation"), EnvelopeForm),
    Section("systems", Side.TECHNICAL, _("Chauffage, eau chaude, cuisson, appareils"), SystemsForm),
    Section(
        "measures",
        Side.TECHNICAL,
        _("Mesures"),
        MeasureRowForm,
        grid=True,
        intro=_("Températures et humidité des pièces, index des compteurs, puissance des appareils."),
    ),
    Section("settings", Side.TECHNICAL, _("Réglages faits sur place"), SettingsForm),
]
BY_KEY = {s.key: s for s in SECTIONS}


def to_json(value):
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def from_json(form_class, data: dict) -> dict:
    """Stored JSON → initial values of ``form_class`` (dates back to ``date``, decimals to ``Decimal``)."""
    initial = {}
    for name, field in form_class.base_fields.items():
        if name not in data:
            continue
        value = data[name]
        if isinstance(field, forms.DateField) and value:
            value = dt.date.fromisoformat(value)
        elif isinstance(field, forms.DecimalField) and value not in (None, ""):
            try:
                value = Decimal(value)
            except InvalidOperation:
                pass
        initial[name] = value
    return initial


def row_is_blank(row: dict, form_class) -> bool:
    """A grid row whose typed cells are all empty is ignored (its drop-downs alone do not make it a row)."""
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ChoiceField):
            continue
        if (row.get(name) or "").strip():
            return False
    return True


def grid_rows_from_post(post, form_class) -> list[dict]:
    """Parallel lists posted by the grid → one dict of raw strings per row."""
    names = list(form_class.base_fields)
    columns = {name: post.getlist(name) for name in names}
    length = max((len(v) for v in columns.values()), default=0)
    return [{name: (columns[name][i] if i < len(columns[name]) else "") for name in names} for i in range(length)]


class GridResult:
    def __init__(self, forms_: list[forms.Form]):
        self.forms = forms_

    def is_valid(self) -> bool:
        return all(f.is_valid() for f in self.forms if f is not None)

    @property
    def rows(self) -> list[dict]:
        return [to_json(f.cleaned_data) for f in self.forms if f is not None]


def bind_grid(post, form_class) -> GridResult:
    bound = []
    for raw in grid_rows_from_post(post, form_class):
        bound.append(None if row_is_blank(raw, form_class) else form_class(raw))
    return GridResult(bound)
