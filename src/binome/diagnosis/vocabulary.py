"""Choice lists of the diagnosis forms, as plain data (no Django import).

Technical words follow the DPE / 3CL vocabulary used by ``binome.energy.visit_estimate`` (same keys), so that the
visit form, the engine and an imported DPE speak the same language. Labels are French (domain words).
"""

from binome.energy.units import Energy, Unit


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
INSULATION = [("inconnue", "inconnue"), ("non", "non isolé"), ("partielle", "partielle"), ("oui", "isolé")]
GLAZING = [
    ("simple", "simple vitrage"),
    ("double", "double vitrage ancien"),
    ("double_recent", "double vitrage récent (VIR, argon)"),
    ("triple", "triple vitrage"),
]
FRAMES = [("bois", "bois"), ("pvc", "PVC"), ("metal", "métal sans rupture"), ("alu_rpt", "alu à rupture")]
DOORS = [
    ("opaque", "porte opaque pleine"),
    ("glazed", "porte vitrée"),
    ("insulated", "porte isolée ou sas"),
]
VENTILATION = [
    ("naturelle", "ouverture des fenêtres"),
    ("entrees_air", "grilles hautes et basses, conduit naturel"),
    ("vmc_auto", "VMC simple flux autoréglable"),
    ("vmc_hygro", "VMC simple flux hygroréglable"),
    ("double_flux", "VMC double flux"),
]
HUMIDITY = [
    ("none", "aucune"),
    ("condensation", "condensation sur les vitres"),
    ("local_mould", "moisissures localisées"),
    ("wide_mould", "moisissures étendues, odeurs"),
]
HEATING = [
    ("convecteurs", "convecteurs électriques"),
    ("panneaux_rayonnants", "panneaux rayonnants électriques"),
    ("pac_air_air", "pompe à chaleur air/air"),
    ("pac_air_eau", "pompe à chaleur air/eau"),
    ("chaudiere_gaz", "chaudière gaz standard"),
    ("chaudiere_gaz_condensation", "chaudière gaz à condensation"),
    ("chaudiere_fioul", "chaudière fioul standard"),
    ("chaudiere_fioul_condensation", "chaudière fioul à condensation"),
    ("chaudiere_propane", "chaudière propane"),
    ("poele_bois", "poêle ou insert à bûches"),
    ("poele_granules", "poêle à granulés"),
    ("chaudiere_bois", "chaudière à bûches"),
    ("chaudiere_granules", "chaudière à granulés"),
    ("reseau_chaleur", "réseau de chaleur"),
]
HEATING_ENERGY = {
    "convecteurs": Energy.ELECTRICITY,
    "panneaux_rayonnants": Energy.ELECTRICITY,
    "pac_air_air": Energy.ELECTRICITY,
    "pac_air_eau": Energy.ELECTRICITY,
    "chaudiere_gaz": Energy.NATURAL_GAS,
    "chaudiere_gaz_condensation": Energy.NATURAL_GAS,
    "chaudiere_fioul": Energy.FUEL_OIL,
    "chaudiere_fioul_condensation": Energy.FUEL_OIL,
    "chaudiere_propane": Energy.PROPANE,
    "poele_bois": Energy.WOOD_LOGS,
    "poele_granules": Energy.WOOD_PELLETS,
    "chaudiere_bois": Energy.WOOD_LOGS,
    "chaudiere_granules": Energy.WOOD_PELLETS,
    "reseau_chaleur": Energy.DISTRICT_HEATING,
}
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
REGULATION = [
    ("none", "aucune"),
    ("thermostat", "thermostat d'ambiance"),
    ("programmer", "programmateur central"),
    ("room_by_room", "programmation pièce par pièce"),
    ("trv", "robinets thermostatiques"),
]
HOT_WATER = [
    ("ballon_electrique", "ballon électrique"),
    ("chaudiere", "par la chaudière"),
    ("thermodynamique", "chauffe-eau thermodynamique"),
    ("chauffe_eau_gaz", "chauffe-eau gaz"),
]
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
