"""The demo network: partners, served territory, sites, referrers' careers, mobilisation events.

``create_organisations`` runs before the dossiers (they need their senders); ``load_network_demo``
after them. The latter adds no dossier (the 2015 mix of sources stays 60 / 20 / 20); it only
attributes a few current requests to a workshop. Deterministic for a given day.
"""

import datetime as dt

from binome.accounts.models import User
from binome.demo.accounts import DEMO_DOMAIN, create_user
from binome.network.models import (
    MobilisationEvent,
    MobilisationKind,
    NetworkSettings,
    Organisation,
    OrganisationKind,
    Site,
    end_posting,
    move_referrer,
    start_posting,
)


ORGANISATIONS = [
    ("Département du Jura — action sociale, UT de Dole", OrganisationKind.DEPARTMENT_SOCIAL),
    ("Département du Jura — action sociale, UT de Champagnole", OrganisationKind.DEPARTMENT_SOCIAL),
    ("Département du Jura — action sociale, UT de Lons-le-Saunier", OrganisationKind.DEPARTMENT_SOCIAL),
    ("Département du Jura — action sociale, UT de Saint-Claude", OrganisationKind.DEPARTMENT_SOCIAL),
    ("CCAS de Dole", OrganisationKind.CCAS),
    ("CCAS de Lons-le-Saunier", OrganisationKind.CCAS),
    ("UDAF du Jura", OrganisationKind.UDAF),
    ("CAF du Jura", OrganisationKind.CAF),
    ("MSA Franche-Comté", OrganisationKind.MSA),
    ("ADIL du Jura", OrganisationKind.ADIL),
    ("Association énergie du Jura (espace conseil)", OrganisationKind.ENERGY_ASSOCIATION),
    ("Jura Habitat", OrganisationKind.HOUSING_OPERATOR),
    ("OPH du Jura", OrganisationKind.SOCIAL_LANDLORD),
    ("Secours populaire — antenne de Dole", OrganisationKind.CHARITY),
]
# Organisation name → the UTs it serves (none listed: the whole territory).
SERVED = {
    "Département du Jura — action sociale, UT de Dole": ["Dole"],
    "Département du Jura — action sociale, UT de Champagnole": ["Champagnole"],
    "Département du Jura — action sociale, UT de Lons-le-Saunier": ["Lons-le-Saunier"],
    "Département du Jura — action sociale, UT de Saint-Claude": ["Saint-Claude"],
    "CCAS de Dole": ["Dole"],
    "CCAS de Lons-le-Saunier": ["Lons-le-Saunier"],
    "Secours populaire — antenne de Dole": ["Dole"],
}
SITES = [
    ("CCAS de Dole", "Accueil du CCAS", "Place de l'Europe", "Dole"),
    ("Département du Jura — action sociale, UT de Dole", "Maison des solidarités de Dole", "Avenue de Lahr", "Dole"),
    ("Département du Jura — action sociale, UT de Dole", "Permanence de Tavaux", "Mairie", "Tavaux"),
    ("CAF du Jura", "Accueil de Lons-le-Saunier", "Rue Lafayette", "Lons-le-Saunier"),
]
# Extra referrers, to show a dormant colleague, a departure and a change of organisation.
EXTRA_REFERRERS = [
    ("ts.lons", "Agnès", "Perret", "Département du Jura — action sociale, UT de Lons-le-Saunier"),
    ("ts.saint-claude", "Bruno", "Vernier", "Département du Jura — action sociale, UT de Saint-Claude"),
    ("mandataire.udaf", "Chantal", "Jacquet", "UDAF du Jura"),
]


def create_organisations(programme) -> dict[str, Organisation]:
    return {
        name: Organisation.objects.create(programme=programme, name=name, kind=kind) for name, kind in ORGANISATIONS
    }


def load_network_demo(programme, organisations, unites, today: dt.date) -> None:
    NetworkSettings.objects.create(programme=programme, priority_motives=["cut_risk", "health"])
    _territory_and_sites(programme, organisations, unites)
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    _careers(organisations, unites, users)
    extra = _extra_referrers(organisations, unites, today)
    _events(programme, organisations, unites, users, extra, today)


def _territory_and_sites(programme, organisations, unites):
    communes = {c.name: c for c in programme.communes.filter(name__in=[s[3] for s in SITES])}
    for name, unite_names in SERVED.items():
        organisations[name].unites.set([unites[u] for u in unite_names])
    for org_name, site_name, address, commune in SITES:
        Site.objects.create(
            organisation=organisations[org_name], name=site_name, address=address, commune=communes.get(commune)
        )


def _careers(organisations, unites, users):
    """The demo referrers' careers: the Département's social worker changed sector in 2022."""
    start_posting(
        users["donneur.departement"],
        organisations["Département du Jura — action sociale, UT de Champagnole"],
        on=dt.date(2016, 1, 4),
        unite=unites["Champagnole"],
        job_title="assistant de service social",
    )
    move_referrer(
        users["donneur.departement"],
        organisations["Département du Jura — action sociale, UT de Dole"],
        on=dt.date(2022, 9, 1),
        unite=unites["Dole"],
        job_title="assistant de service social",
    )
    start_posting(
        users["donneur.ccas"], organisations["CCAS de Dole"], on=dt.date(2019, 3, 1), job_title="conseillère ESF"
    )
    start_posting(
        users["donneur.caf"], organisations["CAF du Jura"], on=dt.date(2018, 9, 1), job_title="travailleuse sociale"
    )


def _extra_referrers(organisations, unites, today) -> dict[str, User]:
    extra = {}
    for local, first, last, org_name in EXTRA_REFERRERS:
        user = create_user(local, first, last)
        start_posting(user, organisations[org_name], on=dt.date(2017, 2, 1), job_title="travailleur social")
        extra[local] = user
    # Left the network this year; moved from the UDAF to the CCAS of Lons-le-Saunier.
    end_posting(extra["ts.saint-claude"], on=_this_year(today, 6, 30))
    move_referrer(
        extra["mandataire.udaf"],
        organisations["CCAS de Lons-le-Saunier"],
        on=_this_year(today, 3, 1),
        unite=unites["Lons-le-Saunier"],
        job_title="conseillère en économie sociale et familiale",
    )
    return extra


def _this_year(today: dt.date, month: int, day: int) -> dt.date:
    """A date of this year, never in the future (the demo may be loaded early in January)."""
    return min(dt.date(today.year, month, day), today)


def _events(programme, organisations, unites, users, extra, today):
    def make(kind, title, date, unite=None, orgs=(), people=(), other=0, notes=""):
        event = MobilisationEvent.objects.create(
            programme=programme,
            kind=kind,
            title=title,
            date=date,
            unite=unites.get(unite),
            other_attendees=other,
            notes=notes,
        )
        event.organisations.set([organisations[o] for o in orgs])
        event.attendees.set(people)
        return event

    dole_orgs = [
        "CCAS de Dole",
        "Département du Jura — action sociale, UT de Dole",
        "Secours populaire — antenne de Dole",
    ]
    make(
        MobilisationKind.WORKSHOP,
        "Ateliers Énergie Logis",
        dt.date(2014, 10, 14),
        "Dole",
        dole_orgs,
        [users["donneur.ccas"]],
        other=41,
        notes="Quatre ateliers collectifs ; 37 demandes recueillies en une fois, 27 reportées à 2015.",
    )
    make(
        MobilisationKind.TERRITORIAL_MEETING,
        "Réunion territoriale de lancement — Dole et Champagnole",
        dt.date(2015, 1, 8),
        "Dole",
        [*dole_orgs, "Département du Jura — action sociale, UT de Champagnole", "CAF du Jura"],
        [users["donneur.ccas"], users["donneur.departement"], users["donneur.caf"]],
        other=6,
    )
    make(
        MobilisationKind.TRAINING,
        "Sensibilisation des travailleurs sociaux de Lons-le-Saunier",
        _this_year(today, 2, 10),
        "Lons-le-Saunier",
        ["Département du Jura — action sociale, UT de Lons-le-Saunier", "CCAS de Lons-le-Saunier"],
        [extra["ts.lons"], extra["mandataire.udaf"]],
        other=9,
    )
    workshop = make(
        MobilisationKind.WORKSHOP,
        "Atelier « Mieux chauffer, moins payer »",
        today - dt.timedelta(days=75),
        "Lons-le-Saunier",
        ["CCAS de Lons-le-Saunier", "Association énergie du Jura (espace conseil)"],
        [extra["mandataire.udaf"]],
        other=14,
        notes="Atelier collectif au centre social ; les demandes recueillies sont rattachées à l'atelier.",
    )
    # The three most recent requests received after the workshop came from it.
    recent = list(
        programme.dossiers.filter(created_at__date__gte=workshop.date, source_family="partner_structure")
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:3]
    )
    programme.dossiers.filter(pk__in=recent).update(mobilisation_event=workshop)
