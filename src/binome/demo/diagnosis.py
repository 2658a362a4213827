"""Demo data of the diagnosis: the kit catalogue and stocks, and filled-in sections for the visited dossiers.

Used by ``binome.demo.loader.load_demo``: each visited dossier's diagnosis is filled on the evening of its
visit (``DiagnosisDemo.fill``, before its report is written); deterministic (its own random generator) and fast
(bulk inserts). The random draws happen in a fixed order: a profile, the household, the technical
sections, the social sections (bills last), then the kit installed.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import NamedTuple

from binome.accounts.models import Membership, Role
from binome.cases.workflow import State
from binome.diagnosis.models import DiagnosisSection, KitInstallation, KitItem, KitStock


KIT = [
    # name, category, unit cost €, expected saving €/yr (None when unknown)
    ("Ampoule LED 9 W", "bill", "3.50", "6"),
    ("Réducteur de débit pour robinet", "bill", "2.00", "10"),
    ("Pomme de douche économe", "bill", "9.00", "35"),
    ("Multiprise à interrupteur", "bill", "8.00", "15"),
    ("Thermomètre d'ambiance", "comfort", "4.00", None),
    ("Boudin de bas de porte", "comfort", "12.00", None),
    ("Joint de fenêtre (rouleau)", "comfort", "6.00", None),
    ("Film de survitrage", "comfort", "14.00", None),
]
FILLED_STATES = {State.VISITED, State.IN_REVIEW, State.IN_VALIDATION, State.SENT, State.CLOSED}


class Profile(NamedTuple):
    heating: str
    hot_water: str
    energy: str
    unit: str
    bills_per_year: int
    yearly_quantity: int
    price: str  # € per unit
    subscription: str  # € per year


PROFILES = [
    Profile("convecteurs", "ballon_electrique", "electricite", "kwh", 6, 9800, "0.1952", "185.58"),
    Profile("chaudiere_fioul", "chaudiere", "fioul", "l", 0, 1400, "1.10", "0"),
    Profile("chaudiere_gaz", "chaudiere", "gaz_naturel", "kwh", 6, 14500, "0.10192", "343.90"),
    Profile("poele_bois", "ballon_electrique", "bois_buches", "stere", 0, 8, "80", "0"),
]


class Household(NamedTuple):
    adults: int
    children: int
    monthly_income: int


class DiagnosisDemo:
    """Fills the diagnosis of each visited dossier on the evening of its visit (``fill``), so that the report's
    drafts, works and documents are built from it as they would be; ``fill_all`` fills those left."""

    def __init__(self, programme, today: dt.date):
        self.programme = programme
        self.today = today
        self.rng = random.Random(3939)
        self.items = _kit(programme)
        self.coordinator = Membership.objects.filter(programme=programme, role=Role.COORDINATOR).first().user

    def fill(self, dossier) -> None:
        rng = self.rng
        profile = rng.choice(PROFILES)
        household = Household(
            adults=rng.choice([1, 1, 2, 2, 3]),
            children=rng.choice([0, 0, 1, 2]),
            monthly_income=rng.randrange(900, 2200, 50),
        )
        technical = _technical_sections(profile, rng)
        social = _social_sections(profile, household, rng, self.today)
        sections = [
            DiagnosisSection(dossier=dossier, key=key, data=data, updated_by=dossier.advisor)
            for key, data in technical.items()
        ]
        sections += [
            DiagnosisSection(dossier=dossier, key=key, data=data, updated_by=self.coordinator)
            for key, data in social.items()
        ]
        DiagnosisSection.objects.bulk_create(sections)
        KitInstallation.objects.bulk_create(
            KitInstallation(dossier=dossier, item=item, quantity=rng.randint(1, 4))
            for item in rng.sample(self.items, 3)
        )

    def fill_all(self) -> None:
        dossiers = self.programme.dossiers.filter(state__in=FILLED_STATES, advisor__isnull=False)
        for dossier in dossiers.filter(diagnosis_sections__isnull=True).order_by("pk"):
            self.fill(dossier)


def load_diagnosis_demo(programme, today: dt.date) -> None:
    DiagnosisDemo(programme, today).fill_all()


def _kit(programme) -> list[KitItem]:
    """The kit catalogue, 40 of each item in stock in every UT."""
    items = KitItem.objects.bulk_create(
        [
            KitItem(
                programme=programme,
                name=name,
                category=category,
                unit_cost=Decimal(cost),
                expected_saving_eur=Decimal(saving) if saving else None,
            )
            for name, category, cost, saving in KIT
        ]
    )
    KitStock.objects.bulk_create(
        [KitStock(item=item, unite=unite, quantity=40) for item in items for unite in programme.unites.all()]
    )
    return items


def _technical_sections(profile: Profile, rng) -> dict:
    return {
        "dwelling": {
            "tenure": rng.choice(["owner", "private_tenant", "social_tenant"]),
            "dwelling_type": rng.choice(["maison", "maison", "appartement"]),
            "construction_period": rng.choice(["before_1948", "1948_1974", "1975_1977", "1978_1982"]),
            "heated_surface": str(rng.randrange(45, 130, 5)),
            "levels": 1,
            "altitude_m": rng.choice([220, 250, 560, 640, 900]),
        },
        "envelope": {
            "walls_insulation": rng.choice(["non", "inconnue", "partielle"]),
            "roof_insulation": rng.choice(["non", "partielle", "oui"]),
            "floor_insulation": "non",
            "glazing": rng.choice(["simple", "double"]),
            "ventilation": rng.choice(["naturelle", "entrees_air", "vmc_auto"]),
            "humidity": rng.choice(["none", "condensation", "local_mould"]),
        },
        "systems": {
            "main_heating": profile.heating,
            "hot_water": profile.hot_water,
            "regulation": "none",
            "cooking": "electricite",
        },
        "measures": {
            "rows": [
                {"place": "Séjour", "kind": "temperature", "value": str(rng.choice([15.5, 16.0, 17.5, 18.0]))},
                {"place": "Séjour", "kind": "humidity", "value": str(rng.choice([55, 62, 70]))},
                {"place": "Chambre", "kind": "temperature", "value": str(rng.choice([13.5, 14.0, 15.0]))},
            ]
        },
    }


def _social_sections(profile: Profile, household: Household, rng, today: dt.date) -> dict:
    monthly = household.monthly_income
    return {
        "household": {
            "persons_14_plus": household.adults,
            "children_under_14": household.children,
            "rfr": str(monthly * 11),
            "rfr_year": today.year - 1,
            "allowance_body": "caf",
        },
        "resources": {
            "rows": [
                {
                    "source": rng.choice(["salary", "pension", "rsa", "aah"]),
                    "amount": str(monthly),
                    "period": "month",
                }
            ]
            + ([{"source": "family", "amount": "140", "period": "month"}] if household.children else [])
        },
        "charges": {
            "rent_or_loan": str(rng.randrange(0, 650, 50)),
            "energy_debt": str(rng.choice([0, 0, 320, 780])),
        },
        "comfort": {
            "cold_last_winter": rng.choice(["yes", "yes", "no"]),
            "cold_reasons": rng.sample(["poor_insulation", "cost_restriction", "insufficient_heating"], 2),
            "restrictions": rng.sample(["one_room", "off_daytime", "covers"], 1),
        },
        "bills": {"rows": _bills(profile, rng, today)},
    }


def _money(value) -> str:
    return format(Decimal(value).quantize(Decimal("0.01")), "f")


def _bills(profile: Profile, rng, today: dt.date) -> list[dict]:
    """The last bills of the household's main energy, as entered in the bills grid."""
    end_year = today.year - (1 if today.month < 3 else 0)
    if profile.energy == "fioul":
        return _fuel_oil_deliveries(profile, rng, end_year)
    if profile.energy == "bois_buches":
        return _wood_and_electricity(profile, end_year)
    return _metered_bills(profile, rng, end_year)


def _fuel_oil_deliveries(profile: Profile, rng, end_year: int) -> list[dict]:
    """One delivery each autumn for three years."""
    rows = []
    yearly = profile.yearly_quantity
    for year, litres in ((end_year - 2, 1000), (end_year - 1, yearly), (end_year, yearly - rng.randint(0, 200))):
        rows.append(
            {
                "energy": profile.energy,
                "supplier": "Fioul du Jura",
                "end": dt.date(year, 10, rng.randint(1, 25)).isoformat(),
                "reading": "real",
                "quantity": str(litres),
                "unit": profile.unit,
                "amount": _money(Decimal(litres) * Decimal(profile.price)),
            }
        )
    return rows


def _wood_and_electricity(profile: Profile, end_year: int) -> list[dict]:
    """A season of logs and the year's electricity bill."""
    start = dt.date(end_year - 1, 9, 1)
    return [
        {
            "energy": profile.energy,
            "supplier": "Scierie locale",
            "start": start.isoformat(),
            "end": start.replace(year=start.year + 1).isoformat(),
            "reading": "real",
            "quantity": str(profile.yearly_quantity),
            "unit": profile.unit,
            "amount": _money(Decimal(profile.yearly_quantity) * Decimal(profile.price)),
        },
        {
            "energy": "electricite",
            "supplier": "EDF",
            "contract": "Base",
            "power_kva": "6",
            "start": start.isoformat(),
            "end": start.replace(year=start.year + 1).isoformat(),
            "reading": "real",
            "quantity": "3200",
            "unit": "kwh",
            "amount": _money(Decimal(3200) * Decimal("0.1952") + Decimal("185.58")),
            "subscription": "185.58",
        },
    ]


def _metered_bills(profile: Profile, rng, end_year: int) -> list[dict]:
    """Electricity or gas: a year of bills from March, the third one estimated."""
    rows = []
    energy = profile.energy
    start = dt.date(end_year - 1, 3, 1)
    months = 12 // profile.bills_per_year
    share = [0.24, 0.06, 0.02, 0.10, 0.25, 0.33]  # two-month shares from March
    for n in range(profile.bills_per_year):
        begin = dt.date(start.year + (start.month - 1 + n * months) // 12, (start.month - 1 + n * months) % 12 + 1, 1)
        month_after = begin.month - 1 + months
        end = dt.date(begin.year + month_after // 12, month_after % 12 + 1, 1)
        kwh = round(profile.yearly_quantity * share[n] * rng.uniform(0.9, 1.1))
        sub = Decimal(profile.subscription) * (end - begin).days / 365
        rows.append(
            {
                "energy": energy,
                "supplier": "EDF" if energy == "electricite" else "Engie",
                "contract": "Base" if energy == "electricite" else "Prix repère",
                "power_kva": "9" if energy == "electricite" else "",
                "start": begin.isoformat(),
                "end": end.isoformat(),
                "reading": "estimated" if n == 2 else "real",
                "quantity": str(kwh),
                "unit": profile.unit,
                "amount": _money(Decimal(kwh) * Decimal(profile.price) + sub),
                "subscription": _money(sub),
            }
        )
    return rows
