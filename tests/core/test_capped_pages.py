"""Lists counted up to a cap (``core.pages``): several in one query, the pages over their first rows only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from binome.cases.models import Dossier
from binome.core import pages


def test_lists_are_counted_up_to_the_cap_plus_one_in_one_query(world, make_dossier, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_CAP", 5)
    for _ in range(7):
        make_dossier()
    mine = Dossier.objects.filter(programme=world.programme)
    two = list(mine.order_by("pk").values_list("pk", flat=True)[:2])
    with CaptureQueriesContext(connection) as queries:
        counts = pages.capped_counts({"all": mine, "two": mine.filter(pk__in=two), "none": mine.none()})
    assert counts == {"all": 6, "two": 2, "none": 0}
    assert len(queries) == 1


def test_the_last_page_ends_at_the_cap_when_the_cap_is_not_a_whole_number_of_pages(world, make_dossier, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_CAP", 5)
    made = [make_dossier().pk for _ in range(7)]
    paginator = pages.CappedPaginator(Dossier.objects.filter(pk__in=made).order_by("pk"), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (6, True, 3)
    assert [d.pk for d in paginator.get_page(3)] == made[4:5]  # the 5th row, not the 6th counted beyond the cap
    assert [d.pk for d in paginator.get_page(99)] == made[4:5]
    assert [d.pk for d in paginator.get_page("x")] == made[:2]
    exact = pages.CappedPaginator(Dossier.objects.filter(pk__in=made[:3]).order_by("pk"), 2)
    assert (exact.count, exact.capped, exact.num_pages) == (3, False, 2)
    assert [d.pk for d in exact.get_page(2)] == made[2:3]
