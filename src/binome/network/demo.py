"""The demo network: served territory, sites, referrers' careers, mobilisation events (deterministic).

Called once from ``core.demo.load_demo`` after the dossiers exist. It adds no dossier (the demo's
2015 mix of sources stays 60 / 20 / 20); it only attributes a few current requests to a workshop.
"""

import datetime as dt

from binome.accounts.models import User
from binome.network.models import (
    MobilisationEvent,
    MobilisationKind,
    NetworkSettings,
    Site,
    end_posting,
    move_referrer,
    start_posting,
)


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


def load_network_demo(programme, organisations, unites, today: dt.date) -> None:
    from binome.core.demo import DEMO_DOMAIN, DEMO_PASSWORD

    NetworkSettings.objects.create(programme=programme, priority_motives=["cut_risk", "health"])
    communes = {c.name: c for c in programme.communes.filter(name__in=[s[3] for s in SITES])}
    for name, unite_names in SERVED.items():
        organisations[name].unites.set([unites[u] for u in unite_names])
    for org_name, site_name, address, commune in SITES:
        Site.objects.create(
            organisation=organisations[org_name], name=site_name, address=address, commune=communes.get(commune)
        )

    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    # The demo referrers' careers: the Département's social worker changed sector in 2022.
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

    extra = {}
    for local, first, last, org_name in EXTRA_REFERRERS:
        user = User.objects.create_user(
            email=f"{local}@{DEMO_DOMAIN}", password=DEMO_PASSWORD, first_name=first, last_name=last
        )
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

    _events(programme, organisations, unites, users, extra, today)


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
