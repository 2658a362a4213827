"""The figures of the network health page (``/reseau/``) for one programme and one year.

Nine queries whatever the number of requests, organisations and referrers (ten when the programme's dormancy
delay is used): this module fetches flat rows and assembles them, the arithmetic (tallies, shares, the mix bar,
dormancy, coverage changes) is in the pure ``network.health``. Table rows are plain dicts, as the template
reads them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from binome.accounts.models import Membership, Role
from binome.cases.models import Dossier
from binome.network import health as rules
from binome.network.models import NetworkSettings, Organisation, Posting, SourceFamily
from binome.territory.models import CoverageYear, UniteTerritoriale


FAMILY_ORDER = [f.value for f in SourceFamily]
FAMILY_LABELS = dict(SourceFamily.choices)


def year_range(programme, today: dt.date) -> range:
    """The years the page can show: from the programme's start to its end, or to this year if later."""
    return range(programme.start_year, max(programme.end_year, today.year) + 1)


@dataclass(frozen=True)
class HealthFigures:
    year: int
    months: int  # a referrer without a request for that many months is dormant
    next_year: int  # the year of the coverage plan the warnings announce
    unites: list  # every UT of the programme, by name
    unite: UniteTerritoriale | None  # the UT the requests are restricted to, if any
    # 1. Requests of the year: mix of source families, by month, by organisation (and UT or month).
    total: int
    unknown_family: int
    mix: list[dict]
    bar: list[rules.BarPart]
    monthly: list[dict]
    org_table: list[dict]
    without_org: list[int]  # requests without organisation, by UT of ``table_unites``
    without_org_by_month: list[int]
    without_org_total: int
    # 2. Referrers, and postings ended in the last twelve months.
    active: list[dict]
    dormant: list[dict]
    departures: list[dict]
    # 3. Coverage plan of next year: UTs that open (whom to re-mobilise) and close (whom to tell).
    opening: list[dict]
    closing: list[dict]

    @property
    def table_unites(self) -> list:
        """The UT columns of the organisation table: the chosen UT, or all of them."""
        return [self.unite] if self.unite else self.unites


def health_figures(programme, year: int, *, today: dt.date, dormant_months=None, unite_id=None) -> HealthFigures:
    """The health of ``programme``'s network in ``year``, seen on ``today``.

    ``dormant_months`` defaults to the programme's setting; ``unite_id`` restricts the requests to one UT
    (an id that is not one of the programme's UTs is ignored).
    """
    if dormant_months is None:
        dormant_months = NetworkSettings.for_programme(programme).dormant_months
    organisations = list(programme.organisations.order_by("name"))
    unites = list(UniteTerritoriale.objects.filter(programme=programme).order_by("name"))
    unite = next((u for u in unites if u.pk == unite_id), None)
    requests = _request_figures(programme, year, unite, organisations, [unite] if unite else unites)
    people, current_postings = _referrers(programme, today, dormant_months)
    return HealthFigures(
        year=year,
        months=dormant_months,
        next_year=today.year + 1,
        unites=unites,
        unite=unite,
        **requests,
        active=[p for p in people if not p["dormant"]],
        dormant=[p for p in people if p["dormant"]],
        departures=_departures(programme, today, current_postings),
        **_coverage_warnings(programme, today, unites, organisations, people),
    )


def _request_figures(programme, year, unite, organisations, table_unites) -> dict:
    """Requests of the year by month, source family, organisation and UT (one query)."""
    requests = Dossier.objects.filter(programme=programme, created_at__year=year)
    if unite is not None:
        requests = requests.filter(commune__unite=unite)
    rows = list(
        requests.annotate(month=ExtractMonth("created_at"))
        .values("month", "source_family", "organisation_id", "commune__unite_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tally = rules.tally_requests(
        (r["month"], r["source_family"], r["organisation_id"], r["commune__unite_id"], r["n"]) for r in rows
    )
    shares = rules.shares(tally.by_family, FAMILY_ORDER)
    month_rows = rules.month_table(((r["month"], r["source_family"], r["n"]) for r in rows), FAMILY_ORDER)
    without_org = tally.by_org_ut.get(None, {})
    return {
        "total": tally.total,
        "unknown_family": tally.unknown_family,
        "mix": [{"key": s.key, "label": FAMILY_LABELS[s.key], "count": s.count, "percent": s.percent} for s in shares],
        "bar": rules.bar_parts(shares),
        "monthly": [
            {"label": FAMILY_LABELS[key], "key": key, "counts": counts, "total": sum(counts)}
            for key, counts in month_rows.items()
            if sum(counts)
        ],
        "org_table": _organisation_table(tally, organisations, table_unites),
        "without_org": [without_org.get(u.pk, 0) for u in table_unites],
        "without_org_by_month": tally.months_of(None),
        "without_org_total": sum(without_org.values()),
    }


def _organisation_table(tally, organisations, table_unites) -> list[dict]:
    """One row per organisation, those with no request included, the busiest first."""
    table = []
    for organisation in organisations:
        counts = tally.by_org_ut.get(organisation.pk, {})
        table.append(
            {
                "organisation": organisation,
                "family": FAMILY_LABELS[organisation.source_family],
                "by_ut": [counts.get(u.pk, 0) for u in table_unites],
                "by_month": tally.months_of(organisation.pk),
                "total": sum(counts.values()),
            }
        )
    table.sort(key=lambda r: (-r["total"], r["organisation"].name))
    return table


def _referrers(programme, today, months) -> tuple[list[dict], dict]:
    """Current referrers with their posting, last request and dormancy; and the current postings by user.

    Three queries: memberships, current postings, last request of each referrer.
    """
    memberships = list(
        Membership.objects.filter(programme=programme, role=Role.REFERRER, is_active=True)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name")
    )
    current_postings = {
        p.user_id: p
        for p in Posting.objects.filter(ends_on__isnull=True, organisation__programme=programme).select_related(
            "organisation", "unite"
        )
    }
    last_requests = dict(
        Dossier.objects.filter(programme=programme, referrer__isnull=False)
        .values("referrer_id")
        .annotate(last=Max("created_at"))
        .values_list("referrer_id", "last")
        .order_by()
    )
    people = []
    for membership in memberships:
        posting = current_postings.get(membership.user_id)
        last = last_requests.get(membership.user_id)
        activity = rules.ReferrerActivity(
            key=membership.user_id,
            posted_since=posting.starts_on if posting else timezone.localtime(membership.user.date_joined).date(),
            last_request=timezone.localtime(last).date() if last else None,
        )
        people.append(
            {
                "membership": membership,
                "posting": posting,
                "last_request": activity.last_request,
                "dormant": rules.is_dormant(activity, today, months),
            }
        )
    return people, current_postings


def _departures(programme, today, current_postings) -> list[dict]:
    """Postings ended in the last twelve months, with the person's current posting (None: left the network)."""
    recent_ends = (
        Posting.objects.filter(
            organisation__programme=programme, ends_on__gte=rules.months_before(today, 12), ends_on__lte=today
        )
        .select_related("user", "organisation", "unite")
        .order_by("-ends_on")
    )
    return [{"posting": p, "now": current_postings.get(p.user_id)} for p in recent_ends]


def _coverage_warnings(programme, today, unites, organisations, people) -> dict:
    """UTs covered next year and not this year (``opening``) and the reverse (``closing``), with whom to call.

    Two queries: the coverage plan of this year and next, and which organisations serve which UT.
    """
    covered = defaultdict(set)
    for cov_year, unite_id in CoverageYear.objects.filter(
        programme=programme, year__in=[today.year, today.year + 1]
    ).values_list("year", "unite_id"):
        covered[cov_year].add(unite_id)
    change = rules.coverage_change(covered[today.year], covered[today.year + 1])
    served = defaultdict(set)
    for org_id, unite_id in Organisation.unites.through.objects.filter(organisation__programme=programme).values_list(
        "organisation_id", "uniteterritoriale_id"
    ):
        served[unite_id].add(org_id)
    return {
        "opening": _warning_rows(change.opening, unites, organisations, served, people),
        "closing": _warning_rows(change.closing, unites, organisations, served, people),
    }


def _warning_rows(unite_ids, unites, organisations, served, people) -> list[dict]:
    """For each UT of ``unite_ids`` (by name): the organisations serving it with their people, and the people
    posted on it whose organisation does not declare serving it (e.g. a CAF agent)."""
    org_by_pk = {o.pk: o for o in organisations}
    people_by_org = defaultdict(list)
    for person in people:
        people_by_org[person["membership"].organisation_id].append(person)
    rows = []
    for unite in unites:
        if unite.pk not in unite_ids:
            continue
        orgs = [org_by_pk[pk] for pk in sorted(served[unite.pk], key=lambda pk: org_by_pk[pk].name)]
        sector_people = [
            p
            for p in people
            if p["posting"]
            and p["posting"].unite_id == unite.pk
            and p["membership"].organisation_id not in served[unite.pk]
        ]
        rows.append(
            {
                "unite": unite,
                "organisations": [{"organisation": o, "people": people_by_org.get(o.pk, [])} for o in orgs],
                "sector_people": sector_people,
            }
        )
    return rows
