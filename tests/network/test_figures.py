"""The health page's figures, asked of the service directly (``network.figures.health_figures``)."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from binome.accounts.models import Membership, Role
from binome.network.figures import Pages, compute_year, health_figures, year_range
from binome.network.health import BarPart, ReferrerActivity, dormancy_cutoff, is_dormant
from binome.network.models import NetworkSettings, move_referrer, start_posting
from binome.territory.models import CoverageYear
from tests.conftest import member
from tests.factories import OrganisationFactory


TODAY = dt.date(2026, 11, 23)


def dormant_people(figures) -> list:
    return [p["membership"].user for p in figures.dormant]


def in_2015(month: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2015, month, 10, 10))


def test_the_2015_mix_is_60_20_20_with_its_bar(world, make_dossier):
    department = OrganisationFactory(programme=world.programme, name="Département", kind="department_social")
    charity = OrganisationFactory(programme=world.programme, name="Secours", kind="charity")
    for i in range(24):
        commune = world.commune if i % 2 else world.commune2
        make_dossier(organisation=department, referrer=None, commune=commune, created_at=in_2015(1 + i % 12))
    for _ in range(8):
        make_dossier(organisation=world.ccas, created_at=in_2015(3))
        make_dossier(organisation=charity, referrer=None, commune=world.commune2, created_at=in_2015(11))
    make_dossier(organisation=world.ccas)  # this year's: not counted in 2015
    figures = health_figures(world.programme, 2015, today=TODAY)
    assert figures.total == 40 and figures.unknown_family == 0
    assert [(m["key"], m["count"], m["percent"]) for m in figures.mix] == [
        ("department_social", 24, 60),
        ("partner_social", 8, 20),
        ("partner_structure", 8, 20),
        ("workshop", 0, 0),
        ("self", 0, 0),
    ]
    assert figures.bar == [
        BarPart("department_social", 0, 60),
        BarPart("partner_social", 60, 20),
        BarPart("partner_structure", 80, 20),
    ]
    monthly = {row["key"]: row["counts"] for row in figures.monthly}
    assert set(monthly) == {"department_social", "partner_social", "partner_structure"}
    assert monthly["department_social"] == [2] * 12 and monthly["partner_social"][2] == 8
    rows = [(r["organisation"].name, r["by_ut"], r["total"]) for r in figures.org_table]
    assert rows == [
        ("Département", [12, 12], 24),  # the UTs by name: Champagnole, Dole
        ("CCAS de Dole", [0, 8], 8),
        ("Secours", [8, 0], 8),
        ("CAF du Jura", [0, 0], 0),
    ]


def test_requests_without_organisation_or_family(world, make_dossier):
    make_dossier(organisation=None, referrer=None, commune=world.commune2)
    figures = health_figures(world.programme, timezone.localdate().year, today=TODAY)
    assert (figures.total, figures.unknown_family, figures.without_org_total) == (1, 1, 1)
    assert figures.without_org == [1, 0] and sum(figures.without_org_by_month) == 1
    assert [s.percent for s in figures.bar] == [] and {m["percent"] for m in figures.mix} == {0}


def test_one_unit_and_unknown_units(world, make_dossier):
    make_dossier(organisation=world.caf, commune=world.commune2)
    make_dossier(organisation=world.ccas)
    one = health_figures(world.programme, timezone.localdate().year, today=TODAY, unite_id=world.champagnole.pk)
    assert (one.unite, one.table_unites, one.total) == (world.champagnole, [world.champagnole], 1)
    foreign = world.other_commune.unite.pk  # another programme's UT is not a filter
    every = health_figures(world.programme, timezone.localdate().year, today=TODAY, unite_id=foreign)
    assert (every.unite, every.table_unites, every.total) == (None, [world.champagnole, world.dole], 2)


def test_the_dormancy_delay_defaults_to_the_programme_setting(world, make_dossier):
    start_posting(world.referrer, world.ccas, on=dt.date(2020, 1, 1))
    make_dossier(created_at=timezone.make_aware(dt.datetime(2026, 1, 5, 10)))  # ten months before TODAY
    NetworkSettings.objects.create(programme=world.programme, dormant_months=12)
    figures = health_figures(world.programme, 2026, today=TODAY)
    assert figures.months == 12 and world.referrer not in dormant_people(figures)
    figures = health_figures(world.programme, 2026, today=TODAY, dormant_months=9)
    assert figures.months == 9 and world.referrer in dormant_people(figures)


def grow_network(world, make_dossier, count, *, requests_each=1):
    """``count`` more organisations serving alternately Dole and Champagnole, each with one referrer posted on Dole
    (so a CAF-like agent for the Champagnole ones) and ``requests_each`` requests in March 2026."""
    for i in range(count):
        organisation = OrganisationFactory(programme=world.programme, kind="charity")
        person = member(world.programme, Role.REFERRER, organisation=organisation)
        start_posting(person, organisation, on=dt.date(2020, 1, 1), unite=world.dole)
        organisation.unites.add(world.dole if i % 2 else world.champagnole)
        for _ in range(requests_each):
            make_dossier(
                organisation=organisation, referrer=person, created_at=timezone.make_aware(dt.datetime(2026, 3, 1))
            )


def test_the_figures_take_ten_queries_at_most_whatever_the_size_of_the_network(world, make_dossier):
    def queries(**options):
        # The first read computes the year's stored figures (or refreshes them after a change): count the next one.
        health_figures(world.programme, TODAY.year, today=TODAY, **options)
        with CaptureQueriesContext(connection) as ctx:
            health_figures(world.programme, TODAY.year, today=TODAY, **options)
        return len(ctx.captured_queries)

    # No coverage change: the two queries of the warnings are not asked; the delay given, nor is the setting.
    assert (queries(), queries(dormant_months=6)) == (7, 6)
    CoverageYear.objects.create(programme=world.programme, year=TODAY.year, unite=world.dole)
    CoverageYear.objects.create(programme=world.programme, year=TODAY.year + 1, unite=world.champagnole)
    assert (queries(), queries(dormant_months=6)) == (9, 8)
    grow_network(world, make_dossier, 8)
    assert (queries(), queries(dormant_months=6)) == (9, 8)
    grow_network(world, make_dossier, 16, requests_each=2)
    assert (queries(), queries(dormant_months=6), queries(unite_id=world.dole.pk)) == (9, 8, 9)


def test_the_stored_figures_are_computed_in_constant_queries_and_said_stale_until_refreshed(
    world, make_dossier, monkeypatch
):
    def computed():
        with CaptureQueriesContext(connection) as ctx:
            data = compute_year({"programme": world.programme.pk, "year": 2026})
        return len(ctx.captured_queries), sum(n for *_rest, n in data["requests"])

    assert computed() == (2, 0)
    grow_network(world, make_dossier, 3, requests_each=2)
    assert computed() == (2, 6)
    first = health_figures(world.programme, 2026, today=TODAY)
    assert (first.total, first.stale) == (6, False)
    # A new request bumps the programme's generation; until the worker refreshes them, the stored figures are shown,
    # said stale (the immediate backend of the tests would refresh them at once: the request is dropped).
    monkeypatch.setattr("binome.core.summaries.request_refresh", lambda scope, delay=0: False)
    make_dossier(organisation=world.caf, created_at=timezone.make_aware(dt.datetime(2026, 4, 1)))
    stale = health_figures(world.programme, 2026, today=TODAY)
    assert (stale.total, stale.stale) == (6, True)
    monkeypatch.undo()
    fresh = health_figures(world.programme, 2026, today=TODAY)
    assert (fresh.total, fresh.stale) == (7, False)


def test_the_organisation_table_is_paginated_the_busiest_first(world, make_dossier, settings):
    grow_network(world, make_dossier, 3, requests_each=2)
    make_dossier(
        organisation=world.caf, referrer=world.referrer_caf, created_at=timezone.make_aware(dt.datetime(2026, 3, 1))
    )
    first = health_figures(world.programme, 2026, today=TODAY, pages=Pages(organisations=1))
    assert first.org_table.paginator.count == 5  # CCAS, CAF and the three new ones
    rows = [(r["total"], r["organisation"].name) for r in first.org_table]
    assert [total for total, _name in rows] == [2, 2, 2, 1, 0]
    assert rows[3:] == [(1, "CAF du Jura"), (0, "CCAS de Dole")]
    assert sum(first.org_table[0]["by_month"]) == 2 and first.org_table[0]["by_month"][2] == 2


def test_pages_of_the_organisation_table_and_past_the_end(world, make_dossier, monkeypatch):
    monkeypatch.setattr("binome.network.figures.PER_PAGE", 2)
    grow_network(world, make_dossier, 3)
    names = []
    for number in (1, 2, 3):
        page = health_figures(world.programme, 2026, today=TODAY, pages=Pages(organisations=number)).org_table
        assert page.number == number and page.paginator.num_pages == 3
        names += [r["organisation"].name for r in page]
    assert len(names) == 5 == len(set(names))
    past = health_figures(world.programme, 2026, today=TODAY, pages=Pages(organisations=99)).org_table
    assert past.number == 3 and [r["organisation"].name for r in past] == names[4:]


def test_dormant_referrers_are_searched_by_name_and_counted(world, make_dossier):
    start_posting(world.referrer, world.ccas, on=dt.date(2020, 1, 1))
    start_posting(world.referrer_caf, world.caf, on=dt.date(2020, 1, 1))
    world.referrer.first_name, world.referrer.last_name = "Martine", "Durand-Lefèvre"
    world.referrer.save()
    make_dossier(
        organisation=world.caf, referrer=world.referrer_caf, created_at=timezone.make_aware(dt.datetime(2026, 11, 1))
    )
    figures = health_figures(world.programme, 2026, today=TODAY, dormant_months=6)
    assert (figures.active_count, figures.dormant_count) == (1, 1)
    assert dormant_people(figures) == [world.referrer]
    found = health_figures(world.programme, 2026, today=TODAY, pages=Pages(name="martine durand"))
    assert dormant_people(found) == [world.referrer] and found.dormant.paginator.count == 1
    assert dormant_people(health_figures(world.programme, 2026, today=TODAY, pages=Pages(name="Zoé"))) == []
    # The counts are the programme's, whatever the search.
    assert (found.active_count, found.dormant_count) == (1, 1)


@pytest.mark.parametrize("months", [1, 6, 12])
def test_the_sql_dormancy_agrees_with_the_pure_rule(world, make_dossier, months):
    """Referrers at both sides of the cutoff day (a request late on the last dormant day, early on the first
    recent one, in local time), arrived before or after it, with or without a request."""
    cutoff = dormancy_cutoff(TODAY, months)
    moments = {
        "late on the eve": timezone.make_aware(dt.datetime.combine(cutoff - dt.timedelta(days=1), dt.time(23, 30))),
        "early on the day": timezone.make_aware(dt.datetime.combine(cutoff, dt.time(0, 30))),
        "none": None,
    }
    arrivals = {"before": cutoff - dt.timedelta(days=1), "on": cutoff}
    expected = {}
    for (moment_name, moment), (arrival_name, arrival) in itertools.product(moments.items(), arrivals.items()):
        organisation = OrganisationFactory(programme=world.programme, name=f"{moment_name} {arrival_name}")
        person = member(world.programme, Role.REFERRER, organisation=organisation)
        start_posting(person, organisation, on=arrival)
        if moment:
            make_dossier(organisation=organisation, referrer=person, created_at=moment)
        last = timezone.localtime(moment).date() if moment else None
        expected[person] = is_dormant(ReferrerActivity(person.pk, arrival, last), TODAY, months)
    Membership.objects.filter(user__in=[world.referrer, world.referrer_caf]).update(is_active=False)
    figures = health_figures(world.programme, TODAY.year, today=TODAY, dormant_months=months)
    assert set(dormant_people(figures)) == {p for p, dormant in expected.items() if dormant}
    assert figures.active_count == sum(not d for d in expected.values())
    assert 0 < figures.dormant_count < len(expected)


def test_the_referrers_counts_per_organisation_agree_with_the_pure_rule(world, make_dossier):
    """Each organisation's current referrers and dormant ones, counted in one grouped query, are those the pure
    rule finds referrer by referrer (the page's former computation): organisations with active referrers only,
    dormant ones only, and both; a last request on either side of the cutoff, a posting or an arrival alone on
    either side of it, a move, a departure, a request in another programme."""
    months = 6
    cutoff = dormancy_cutoff(TODAY, months)
    before = timezone.make_aware(dt.datetime.combine(cutoff - dt.timedelta(days=1), dt.time(23, 30)))
    after = timezone.make_aware(dt.datetime.combine(cutoff, dt.time(0, 30)))
    long_ago = dt.date(2020, 1, 1)
    CoverageYear.objects.create(programme=world.programme, year=TODAY.year, unite=world.dole)
    CoverageYear.objects.create(programme=world.programme, year=TODAY.year + 1, unite=world.champagnole)
    active, dormant, mixed = (
        OrganisationFactory(programme=world.programme, name=name) for name in ("Active", "Dormant", "Mixed")
    )
    for organisation in (active, dormant, mixed, world.ccas, world.caf):
        organisation.unites.add(world.champagnole)

    def referrer(organisation, *, posted=None, requests=(), joined=None):
        person = member(world.programme, Role.REFERRER, organisation=organisation)
        if joined:
            type(person).objects.filter(pk=person.pk).update(date_joined=timezone.make_aware(joined))
        if posted:
            start_posting(person, organisation, on=posted)
        for moment in requests:
            make_dossier(organisation=organisation, referrer=person, created_at=moment)
        return person

    referrer(active, posted=long_ago, requests=[before, after])
    referrer(active, posted=cutoff)  # arrived on the cutoff day, no request yet
    referrer(dormant, posted=long_ago, requests=[before])
    referrer(dormant, posted=cutoff - dt.timedelta(days=1))
    referrer(dormant, joined=dt.datetime(2020, 1, 1))  # no posting, arrived long ago
    referrer(mixed, posted=long_ago, requests=[after])
    referrer(mixed, posted=cutoff, requests=[before])  # the last request counts, not the recent posting
    moved = referrer(world.caf, posted=long_ago, requests=[after])
    move_referrer(moved, mixed, on=cutoff)  # now the mixed one's, active
    left = referrer(mixed, posted=long_ago, requests=[after])
    Membership.objects.filter(user=left).update(is_active=False)  # left the network: not counted
    elsewhere = referrer(mixed, posted=long_ago)
    make_dossier(
        programme=world.other,
        organisation=world.other_org,
        referrer=elsewhere,
        commune=world.other_commune,
        created_at=after,
    )  # a request in another programme: still dormant here

    expected = {}
    for membership in Membership.objects.filter(programme=world.programme, role=Role.REFERRER, is_active=True):
        user = membership.user
        posting = user.postings.filter(ends_on__isnull=True).first()
        last = user.referred_dossiers.filter(programme=world.programme).order_by("-created_at").first()
        activity = ReferrerActivity(
            user.pk,
            posting.starts_on if posting else timezone.localtime(user.date_joined).date(),
            timezone.localtime(last.created_at).date() if last else None,
        )
        counts = expected.setdefault(membership.organisation.name, [0, 0])
        counts[0] += 1
        counts[1] += is_dormant(activity, TODAY, months)
    figures = health_figures(world.programme, TODAY.year, today=TODAY, dormant_months=months)
    (opening,) = figures.opening
    found = {o["organisation"].name: [o["referrers"], o["dormant"]] for o in opening["organisations"]}
    assert found == expected
    assert expected["Active"] == [2, 0] and expected["Dormant"] == [3, 3] and expected["Mixed"] == [4, 2]
    assert figures.dormant_count == sum(d for _n, d in expected.values()) == len(dormant_people(figures))
    assert figures.active_count == sum(n - d for n, d in expected.values())


def test_nobody_dormant_still_asks_for_the_dormant_page(world, make_dossier):
    """When the counts find nobody dormant, the dormant page's query is asked all the same, and finds nobody."""
    start_posting(world.referrer, world.ccas, on=dt.date(2020, 1, 1))
    make_dossier(created_at=timezone.make_aware(dt.datetime(2026, 11, 1, 10)))

    def queries(months):
        health_figures(world.programme, TODAY.year, today=TODAY, dormant_months=months)
        with CaptureQueriesContext(connection) as ctx:
            figures = health_figures(world.programme, TODAY.year, today=TODAY, dormant_months=months)
        return len(ctx.captured_queries), figures.dormant_count, len(figures.dormant)

    assert queries(6) == (6, 0, 0)  # the CAF's referrer arrived today, the CCAS's sent a request in November
    start_posting(world.referrer_caf, world.caf, on=dt.date(2020, 1, 1))
    make_dossier(
        organisation=world.caf, referrer=world.referrer_caf, created_at=timezone.make_aware(dt.datetime(2025, 1, 1))
    )
    assert queries(6) == (6, 1, 1)


def test_year_range_runs_from_the_start_to_the_end_or_this_year(world):
    world.programme.start_year, world.programme.end_year = 2014, 2020
    assert year_range(world.programme, TODAY) == range(2014, 2027)
    world.programme.end_year = 2030
    assert year_range(world.programme, TODAY) == range(2014, 2031)
