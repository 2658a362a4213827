"""Choice lists of the diagnosis forms, as plain data (no Django import).

Technical words are those of the visit estimate (``binome.energy.visit.vocabulary``, same keys and labels), so that the
visit form, the engine and an imported DPE speak the same language. Labels are French (domain words).
"""

from binome.energy.units import Energy, Unit
from binome.energy.visit import vocabulary as ev


ENERGY_CHOICES = [(e.value, e.label.capitalize()) for e in Energy]
UNIT_CHOICES = [(u.value, u.label) for u in Unit]

READING_CHOICES = [("real", "réel"), ("estimated", "estimé")]

INCOME_SOURCES = [
    ("salary", "Salaires, revenus d'activité"),
    ("pension", "Retraite, pension"),
    ("unemployment", "Allocation chômage"),
    ("rsa", "RSA, prime d'activité"),
    ("aah", "AAH, invalidité"),
    ("family", "Prestations familiales"),
    ("housing", "Allocation logement (APL, ALS, ALF)"),
    ("alimony", "Pension alimentaire"),
    ("other", "Autre ressource"),
]
PERIODS = [("month", "par mois"), ("quarter", "par trimestre"), ("year", "par an")]
PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}

ALLOWANCE_BODIES = [("", "—"), ("caf", "CAF"), ("msa", "MSA"), ("none", "aucune allocation")]
FSL_HISTORY = [("never", "jamais sollicité"), ("asked", "demandé"), ("granted", "obtenu"), ("refused", "refusé")]
POWER_LIMITATION = [
    ("none", "aucune"),
    ("reduction", "réduction de puissance"),
    ("cut", "coupure"),
]

# ONPE / ENL reasons for feeling cold at home.
COLD_REASONS = [
    ("insufficient_heating", "installation de chauffage insuffisante"),
    ("poor_insulation", "mauvaise isolation du logement"),
    ("breakdown", "panne durable de l'installation"),
    ("supplier_cut", "coupure par le fournisseur (impayé)"),
    ("cost_restriction", "limitation du chauffage à cause de son coût"),
    ("bad_settings", "mauvais réglage de l'installation"),
    ("other", "autre raison"),
]
RESTRICTIONS = [
    ("one_room", "ne chauffe qu'une pièce"),
    ("off_daytime", "coupe le chauffage en journée"),
    ("covers", "se couvre, reste au lit pour avoir chaud"),
    ("hot_water", "limite l'eau chaude"),
    ("mobile_heater", "utilise un chauffage d'appoint"),
    ("lighting", "limite l'éclairage et les appareils"),
]

TENURE = [
    ("owner", "propriétaire occupant"),
    ("private_tenant", "locataire du parc privé"),
    ("social_tenant", "locataire du parc social"),
    ("hosted", "hébergé à titre gratuit"),
    ("other", "autre"),
]
LANDLORD = [
    ("", "—"),
    ("individual", "bailleur particulier"),
    ("agency", "agence immobilière"),
    ("social", "bailleur social"),
    ("commune", "commune"),
]
DWELLING_TYPE = [("maison", "maison individuelle"), ("appartement", "appartement")]
# DPE construction periods (periode_construction); the representative year feeds the engine.
CONSTRUCTION_PERIODS = [
    ("before_1948", "avant 1948"),
    ("1948_1974", "1948 à 1974"),
    ("1975_1977", "1975 à 1977"),
    ("1978_1982", "1978 à 1982"),
    ("1983_1988", "1983 à 1988"),
    ("1989_2000", "1989 à 2000"),
    ("2001_2005", "2001 à 2005"),
    ("2006_2012", "2006 à 2012"),
    ("2013_2021", "2013 à 2021"),
    ("after_2021", "après 2021"),
]
PERIOD_YEAR = {
    "before_1948": 1930,
    "1948_1974": 1965,
    "1975_1977": 1976,
    "1978_1982": 1980,
    "1983_1988": 1985,
    "1989_2000": 1995,
    "2001_2005": 2003,
    "2006_2012": 2009,
    "2013_2021": 2017,
    "after_2021": 2023,
}
# The technical words are those of the visit estimate (``binome.energy.visit.vocabulary``): one list for the form,
# the engine and a DPE imported as visit facts.
INSULATION = [(key, ev.INSULATION_LABELS[key]) for key in ("inconnue", "non", "partielle", "oui")]
GLAZING = [(key, spec[0]) for key, spec in ev.GLAZING.items()]
FRAMES = [(key, spec[0]) for key, spec in ev.FRAMES.items()]
DOORS = [(key, spec[0]) for key, spec in ev.DOORS.items()]
VENTILATION = [(key, spec[0]) for key, spec in ev.VENTILATION.items()]
WALL_MATERIALS = [(key, spec[0]) for key, spec in ev.WALL_MATERIALS.items()]
FLOOR_TYPES = [(key, spec[0]) for key, spec in ev.FLOOR_TYPES.items()]
ROOF_TYPES = [(key, spec[0]) for key, spec in ev.ROOF_TYPES.items()]
FLAT_POSITIONS = list(ev.FLAT_POSITIONS.items())
VERANDAS = [(key, spec[0]) for key, spec in ev.VERANDAS.items()]
SHARED_WALLS = [("0", "maison isolée"), ("1", "mitoyenne d'un côté"), ("2", "mitoyenne des deux côtés")]
EXPOSED_FACADES = [("1", "une façade"), ("2", "deux façades"), ("3", "trois façades ou plus")]
EMITTERS = [(key, spec[0]) for key, spec in ev.EMITTERS.items()]
SECONDARY_ROLES = list(ev.SECONDARY_ROLES.items())
DEFECTS = list(ev.DEFECTS.items())
HUMIDITY = [
    ("none", "aucune"),
    ("condensation", "condensation sur les vitres"),
    ("local_mould", "moisissures localisées"),
    ("wide_mould", "moisissures étendues, odeurs"),
]
HEATING = [(key, g.label) for key, g in ev.HEATING.items()]
# energy of each heating generator, for the bills' degree-hour weighting (energies without a bill left out)
BILLED_ENERGY = {
    ev.ELECTRICITY: Energy.ELECTRICITY,
    ev.GAS: Energy.NATURAL_GAS,
    ev.OIL: Energy.FUEL_OIL,
    ev.WOOD_LOGS: Energy.WOOD_LOGS,
    ev.WOOD_CHIPS: Energy.WOOD_LOGS,
    ev.WOOD_PELLETS: Energy.WOOD_PELLETS,
    ev.DISTRICT: Energy.DISTRICT_HEATING,
    ev.PROPANE: Energy.PROPANE,
    ev.LPG: Energy.PROPANE,
}
HEATING_ENERGY = {key: BILLED_ENERGY[g.energy] for key, g in ev.HEATING.items() if g.energy in BILLED_ENERGY}
# mobile heaters and fixed stoves used besides the main heating
AUXILIARY_HEATING = [
    ("none", "aucun"),
    ("poele_bois", "poêle à bûches"),
    ("poele_granules", "poêle à granulés"),
    ("radiateur_mobile", "radiateur électrique mobile"),
    ("poele_petrole", "poêle à pétrole"),
    ("gaz_mobile", "chauffage gaz mobile"),
]
AUXILIARY_ENERGY = {
    "poele_bois": Energy.WOOD_LOGS,
    "poele_granules": Energy.WOOD_PELLETS,
    "radiateur_mobile": Energy.ELECTRICITY,
}
FIXED_AUXILIARY = frozenset({"poele_bois", "poele_granules"})  # counted by the 3CL method as a relief heating
REGULATION = [(key, spec[0]) for key, spec in ev.REGULATION.items()]
HOT_WATER = [(key, hw.label) for key, hw in ev.HOT_WATER.items()]
COOKING = [
    ("electricite", "électricité"),
    ("gaz_naturel", "gaz de ville"),
    ("butane_propane", "bouteille butane/propane"),
    ("bois", "cuisinière à bois"),
]
APPLIANCES = [
    ("freezer", "congélateur"),
    ("old_fridge", "réfrigérateur ancien (plus de 10 ans)"),
    ("dryer", "sèche-linge"),
    ("dishwasher", "lave-vaisselle"),
    ("aquarium", "aquarium, vivarium"),
    ("electric_heater", "radiateur électrique d'appoint"),
]
MEASURE_KINDS = [
    ("temperature", "température (°C)"),
    ("humidity", "humidité (%)"),
    ("power", "puissance (W)"),
    ("meter", "index de compteur"),
]
