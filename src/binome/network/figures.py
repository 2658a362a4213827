"""The figures of the network health page (``/reseau/``) for one programme and one year.

At most nine queries whatever the number of requests, organisations and referrers (three fewer when no coverage
change is announced and the dormancy delay is given): the programme's UTs with their coverage; the year's requests
counted by month, source family, UT and organisation, **precomputed** (``core.summaries``, kind ``YEAR_KIND``,
per programme and year: one row read, said stale while the task worker refreshes it after a change); the
organisations' names (the table is ordered and paginated in Python from the stored totals; only its page is broken
down by UT or month); the current referrers and the dormant ones counted per organisation (one grouped query, one
row per organisation); one page of the dormant referrers (asked for no row when the counts found none) and one of
the departures; the organisations serving the UTs whose coverage changes next year (as tuples) and the people
posted there.
Arithmetic (tallies, shares, the mix bar, the dormancy cutoff, coverage changes) is in the pure ``network.health``.
The directory's counts of requests per organisation (all years) are precomputed likewise (``TOTALS_KIND``).

A referrer's last request is read from the index on (referrer, created_at): one step back from the end of his
range, whatever the number of dossiers. Lists of people are searched by name and paginated with
``core.pages.window_page`` (rows and count in one query).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, TruncDate
from django.utils import timezone

from binome.accounts.models import Membership, Role
from binome.cases.models import Dossier
from binome.core import summaries
from binome.core.pages import window_page
from binome.network import health as rules
from binome.network.models import NetworkSettings, Organisation, Posting, SourceFamily
from binome.territory.models import CoverageYear, UniteTerritoriale


FAMILY_ORDER = [f.value for f in SourceFamily]
FAMILY_LABELS = dict(SourceFamily.choices)
SOME_ORGANISATION = "organisation"  # the tally's key of the requests that came through any organisation
YEAR_KIND = "network_year"  # core.summaries: the requests of a programme's year, by month, family, UT, organisation
TOTALS_KIND = "network_totals"  # core.summaries: every organisation's requests, all years (the directory)
PER_PAGE = 50  # rows of each list of the page (organisations, dormant referrers, departures)
SECTOR_PEOPLE = 50  # people posted on the UTs whose coverage changes, listed by name


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
    org_table: Page  # one page of organisations, the busiest first; its rows are dicts
    without_org: list[int]  # requests without organisation, by UT of ``table_unites``
    without_org_by_month: list[int]
    without_org_total: int
    # 2. Referrers (counts, one page of the dormant ones), and postings ended in the last twelve months.
    active_count: int
    dormant_count: int
    dormant: Page  # rows are dicts: membership, unite_name, last_request, dormant
    departures: Page  # rows are dicts: posting, now (organisation and UT names, or None: left the network)
    # 3. Coverage plan of next year: UTs that open (whom to re-mobilise) and close (whom to tell).
    opening: list[dict]
    closing: list[dict]
    # When the year's request figures (section 1) were computed, and whether data changed since (core.summaries).
    computed_at: dt.datetime | None = None
    stale: bool = False

    @property
    def table_unites(self) -> list:
        """The UT columns of the organisation table: the chosen UT, or all of them."""
        return [self.unite] if self.unite else self.unites


class Partner(NamedTuple):
    """An organisation as the coverage warnings name it (hundreds of rows: a tuple, not a model instance)."""

    pk: int
    name: str
    email: str


@dataclass(frozen=True)
class Pages:
    """What the page asks of its lists: the name searched among people, and the page of each list."""

    name: str = ""
    organisations: int = 1
    dormant: int = 1
    departures: int = 1


def health_figures(
    programme, year: int, *, today: dt.date, dormant_months=None, unite_id=None, pages: Pages | None = None
) -> HealthFigures:
    """The health of ``programme``'s network in ``year``, seen on ``today``.

    ``dormant_months`` defaults to the programme's setting; ``unite_id`` restricts the requests to one UT
    (an id that is not one of the programme's UTs is ignored); ``pages`` says which page of each list to show.
    """
    pages = pages or Pages()
    if dormant_months is None:
        dormant_months = NetworkSettings.for_programme(programme).dormant_months
    unites = list(
        UniteTerritoriale.objects.filter(programme=programme)
        .annotate(
            covered_now=_covered(programme, today.year),
            covered_next=_covered(programme, today.year + 1),
        )
        .order_by("name")
    )
    unite = next((u for u in unites if u.pk == unite_id), None)
    found = summaries.read(
        YEAR_KIND, summaries.programme_scope(programme.pk), {"programme": programme.pk, "year": year}
    )
    request_rows = [row for row in found.data["requests"] if unite is None or row[3] == unite.pk]
    organisation_rows = [row for row in found.data["organisations"] if unite is None or row[1] == unite.pk]
    table_unites = [unite] if unite else unites
    referrers = _referrers(programme, today, dormant_months)
    by_organisation = _referrer_counts(referrers)
    dormant_count = sum(row["dormant"] for row in by_organisation.values())
    return HealthFigures(
        year=year,
        months=dormant_months,
        next_year=today.year + 1,
        unites=unites,
        unite=unite,
        **_request_figures(request_rows, table_unites),
        org_table=_organisation_table(programme, organisation_rows, table_unites, pages.organisations),
        computed_at=found.computed_at,
        stale=found.stale,
        active_count=sum(row["count"] for row in by_organisation.values()) - dormant_count,
        dormant_count=dormant_count,
        dormant=_dormant_page(referrers, pages, anyone=dormant_count > 0),
        departures=_departures(programme, today, pages),
        **_coverage_warnings(unites, referrers, by_organisation),
    )


def _covered(programme, year):
    return Exists(CoverageYear.objects.filter(programme=programme, year=year, unite=OuterRef("pk")))


def _request_figures(rows, table_unites) -> dict:
    """The year's requests by month, source family, UT and whether an organisation sent them (stored rows)."""
    tally = rules.tally_requests(
        (month, family, None if without_org else SOME_ORGANISATION, unite_id, n)
        for month, family, without_org, unite_id, n in rows
    )
    shares = rules.shares(tally.by_family, FAMILY_ORDER)
    month_rows = rules.month_table(((month, family, n) for month, family, _w, _u, n in rows), FAMILY_ORDER)
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
        "without_org": [without_org.get(u.pk, 0) for u in table_unites],
        "without_org_by_month": tally.months_of(None),
        "without_org_total": sum(without_org.values()),
    }


def _organisation_table(programme, rows, table_unites, number) -> Page:
    """One page of the organisations, those with no request included, the busiest first, then by name.

    The year's counts come from the stored rows (organisation, UT, twelve monthly counts); the organisations are
    read by name (the database's collation) and sorted by their total in Python, a stable sort: one query of
    three columns per organisation of the programme, whatever the number of requests.
    """
    totals = defaultdict(int)
    for organisation, _unite_id, counts in rows:
        totals[organisation] += sum(counts)
    organisations = list(
        Organisation.objects.filter(programme=programme).order_by("name", "pk").values_list("pk", "name", "kind")
    )
    organisations.sort(key=lambda o: -totals.get(o[0], 0))
    page = Paginator(organisations, PER_PAGE).get_page(number)
    shown = {o[0] for o in page.object_list}  # only the page's rows are broken down by UT and month
    by_ut, by_month = defaultdict(dict), defaultdict(lambda: [0] * 12)
    for organisation, unite_id, counts in rows:
        if organisation in shown:
            by_ut[organisation][unite_id] = by_ut[organisation].get(unite_id, 0) + sum(counts)
            by_month[organisation] = [a + b for a, b in zip(by_month[organisation], counts, strict=True)]
    rows = []
    for pk, name, kind in page.object_list:
        organisation = Organisation(pk=pk, name=name, kind=kind, programme=programme)
        rows.append(
            {
                "organisation": organisation,
                "family": FAMILY_LABELS[organisation.source_family],
                "by_ut": [by_ut[pk].get(u.pk, 0) for u in table_unites],
                "by_month": by_month[pk],
                "total": totals.get(pk, 0),
            }
        )
    page.object_list = rows
    return page


def compute_year(params: dict) -> dict:
    """The stored figures of one programme's year (``summaries`` kind ``YEAR_KIND``): two aggregations.

    ``requests``: (month, source family, without organisation, UT, count); ``organisations``: (organisation, UT,
    its twelve monthly counts). Months are local; the UT is the commune's (None without commune).
    """
    requests = Dossier.objects.filter(programme_id=params["programme"], created_at__year=params["year"]).order_by()
    by_family = (
        requests.annotate(
            month=ExtractMonth("created_at"),
            without_org=ExpressionWrapper(Q(organisation__isnull=True), output_field=BooleanField()),
        )
        .values_list("month", "source_family", "without_org", "commune__unite_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_organisation = (
        requests.filter(organisation__isnull=False)
        .annotate(month=ExtractMonth("created_at"))
        .values_list("organisation_id", "commune__unite_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    months = defaultdict(lambda: [0] * 12)
    for organisation, unite_id, month, n in by_organisation:
        months[organisation, unite_id][month - 1] += n
    return {
        "requests": [list(r) for r in by_family],
        "organisations": [[organisation, unite_id, counts] for (organisation, unite_id), counts in months.items()],
    }


def compute_totals(params: dict) -> dict:
    """Every organisation's requests, all years (``summaries`` kind ``TOTALS_KIND``): the directory's counts."""
    rows = (
        Dossier.objects.filter(programme_id=params["programme"], organisation__isnull=False)
        .order_by()
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
    )
    return {"organisations": {str(pk): n for pk, n in rows}}


def organisation_totals(programme) -> summaries.Found:
    """The directory's counts of requests per organisation (``data["organisations"]``: {"id": count})."""
    return summaries.read(TOTALS_KIND, summaries.programme_scope(programme.pk), {"programme": programme.pk})


summaries.register(YEAR_KIND, compute_year)
summaries.register(TOTALS_KIND, compute_totals)


def _referrers(programme, today, months):
    """The programme's current referrers, each with his last request, the start of his current posting (or his
    arrival) and whether he is dormant: ``health.is_dormant`` written in SQL, on the same cutoff day (the local
    day of the last request, or else of the arrival, before the cutoff; no date at all: dormant).

    The current posting (one per person at most, a constraint) is joined as ``current``, not looked up per row:
    the last request is the only lookup each referrer costs."""
    cutoff = rules.dormancy_cutoff(today, months)
    last_request = (
        Dossier.objects.filter(referrer=OuterRef("user_id"), programme=programme)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Membership.objects.filter(programme=programme, role=Role.REFERRER, is_active=True)
        .alias(current=FilteredRelation("user__postings", condition=Q(user__postings__ends_on__isnull=True)))
        .annotate(last_request=Subquery(last_request))
        .alias(posted_since=Coalesce("current__starts_on", TruncDate("user__date_joined")))
        .alias(activity_day=Coalesce(TruncDate("last_request"), "posted_since", Value(dt.date.min)))
        .annotate(
            is_dormant=ExpressionWrapper(
                Q(activity_day__lt=cutoff),
                output_field=BooleanField(),
            )
        )
    )


def _referrer_counts(referrers) -> dict:
    """{organisation id: {"count": its current referrers, "dormant": how many of them are dormant}}: one query
    grouped by organisation, rather than every referrer's row counted in Python."""
    rows = (
        referrers.order_by()
        .values_list("organisation_id")
        .annotate(count=Count("pk"), dormant=Count("pk", filter=Q(is_dormant=True)))
    )
    return {organisation_id: {"count": count, "dormant": dormant} for organisation_id, count, dormant in rows}


def _with_posting_unite(referrers):
    """The UT of each referrer's current posting (joined by ``_referrers``): a join rather than two lookups per row,
    which a window count makes for every matching row, not only the page's."""
    return referrers.select_related("user", "organisation").annotate(
        unite_id=F("current__unite_id"), unite_name=F("current__unite__name")
    )


def _person(membership) -> dict:
    last = membership.last_request
    return {
        "membership": membership,
        "unite_name": membership.unite_name,
        "last_request": timezone.localtime(last).date() if last else None,
        "dormant": membership.is_dormant,
    }


def name_filter(name: str, path: str = "user") -> Q:
    """Each word of ``name`` in the person's first or last name."""
    condition = Q()
    for word in name.split()[:5]:
        condition &= Q(**{f"{path}__first_name__icontains": word}) | Q(**{f"{path}__last_name__icontains": word})
    return condition


def _dormant_page(referrers, pages: Pages, *, anyone: bool) -> Page:
    """One page of the dormant referrers, by name: their dormancy tested in SQL (a last-request lookup each), the
    last requests of the page's rows alone (PostgreSQL computes them after the sort and the limit).

    ``anyone``: whether the counts found a dormant referrer. When none is, the query is still asked (the page asks
    the same queries whatever the data) but for no row, without looking every referrer's last request up again.
    """
    memberships = referrers.filter(name_filter(pages.name), is_dormant=True)
    if not anyone:
        memberships = memberships.filter(pk__in=[0])  # no membership's id
    page = window_page(
        _with_posting_unite(memberships).order_by("user__last_name", "user__first_name", "pk"),
        pages.dormant,
        PER_PAGE,
    )
    page.object_list = [_person(m) for m in page]
    return page


def _departures(programme, today, pages: Pages) -> Page:
    """Postings ended in the last twelve months, with the person's current posting (None: left the network)."""
    current = Posting.objects.filter(user=OuterRef("user_id"), ends_on__isnull=True).order_by()
    page = window_page(
        Posting.objects.filter(
            name_filter(pages.name),
            organisation__programme=programme,
            ends_on__gte=rules.months_before(today, 12),
            ends_on__lte=today,
        )
        .select_related("user", "organisation", "unite")
        .annotate(
            now_organisation=Subquery(current.values("organisation__name")[:1]),
            now_unite=Subquery(current.values("unite__name")[:1]),
        )
        .order_by("-ends_on", "pk"),
        pages.departures,
        PER_PAGE,
    )
    page.object_list = [
        {
            "posting": p,
            "now": {"organisation": p.now_organisation, "unite": p.now_unite} if p.now_organisation else None,
        }
        for p in page
    ]
    return page


def _coverage_warnings(unites, referrers, by_organisation) -> dict:
    """UTs covered next year and not this year (``opening``) and the reverse (``closing``), with whom to call:
    the organisations serving them with how many referrers each has (and how many are dormant), and the people
    posted on them whose organisation does not declare serving them (e.g. a CAF agent), the first fifty by name.

    Two queries, only when the plan changes: the organisations serving those UTs, and those people.
    """
    change = rules.coverage_change({u.pk for u in unites if u.covered_now}, {u.pk for u in unites if u.covered_next})
    changed = change.opening | change.closing
    if not changed:
        return {"opening": [], "closing": []}
    served = defaultdict(list)
    for unite_id, *partner in (
        Organisation.unites.through.objects.filter(uniteterritoriale_id__in=changed)
        .order_by("organisation__name")
        .values_list("uniteterritoriale_id", "organisation_id", "organisation__name", "organisation__email")
    ):
        served[unite_id].append(Partner(*partner))
    serving = Organisation.unites.through.objects.filter(
        organisation=OuterRef("organisation_id"), uniteterritoriale=OuterRef("unite_id")
    )
    sector_people = defaultdict(list)
    for membership in (
        _with_posting_unite(referrers)
        .filter(unite_id__in=changed)
        .exclude(Exists(serving))
        .order_by("user__last_name", "user__first_name", "pk")[:SECTOR_PEOPLE]
    ):
        sector_people[membership.unite_id].append(_person(membership))
    return {
        "opening": _warning_rows(change.opening, unites, served, by_organisation, sector_people),
        "closing": _warning_rows(change.closing, unites, served, by_organisation, sector_people),
    }


def _warning_rows(unite_ids, unites, served, by_organisation, sector_people) -> list[dict]:
    """For each UT of ``unite_ids`` (by name): its organisations with their referrers' counts, and its people."""
    return [
        {
            "unite": unite,
            "organisations": [
                {
                    "organisation": o,
                    "referrers": by_organisation.get(o.pk, {}).get("count", 0),
                    "dormant": by_organisation.get(o.pk, {}).get("dormant", 0),
                }
                for o in served[unite.pk]
            ],
            "sector_people": sector_people[unite.pk],
        }
        for unite in unites
        if unite.pk in unite_ids
    ]
