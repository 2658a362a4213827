"""bench/pages.py in this process, on the test database: the URL walk, the parameters it finds, the table."""

import importlib.util
import sys
from pathlib import Path

import pytest

from binome.cases.workflow import State
from binome.coordination.queue import QUEUE_GROUPS


PAGES_PY = Path(__file__).resolve().parents[2] / "bench" / "pages.py"


@pytest.fixture(scope="module")
def pages():
    spec = importlib.util.spec_from_file_location("bench_pages", PAGES_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


@pytest.fixture
def measured(pages, world, make_dossier):
    scheduled = make_dossier(State.SCHEDULED, advisor=world.advisor)
    to_contact = make_dossier(State.TO_CONTACT)  # the most recent, but not in the step the dossier page prefers
    users = {
        "coordinatrice": world.coordinator,
        "conseiller": world.advisor,
        "donneur.ccas": world.referrer,
        "anonyme": None,
    }
    only = r"^(coordination:queue|cases:detail|visits:detail|visits:book|logout|diagnosis:photo_file) "
    with pages.Bench(users) as bench:
        side = pages.Local(bench)  # the same conversation as with a worker process, both sides on one database
        results = pages.measure({"small": side, "large": side}, requests=2, warmup=1, discover={"only": only})
    return results, scheduled, to_contact


def test_the_walk_finds_the_pages_with_their_parameters_resolved_per_role(measured):
    results, scheduled, to_contact = measured
    found = {
        (entry["page"]["name"], entry["page"]["role"]): entry["page"]["path"] for entry in results["pages"].values()
    }
    # The queue: each of its tabs, a page of its own.
    tabs = {
        entry["page"]["label"]: entry["page"]["path"]
        for entry in results["pages"].values()
        if entry["page"]["name"] == "coordination:queue" and entry["page"]["role"] == "coordinatrice"
    }
    assert tabs == {key: f"/dossiers/?etape={key}" for key in QUEUE_GROUPS}
    # The dossier page: the most recent dossier in the step it is about (a booked visit), for each role that sees it.
    assert found[("cases:detail", "coordinatrice")] == f"/dossiers/{scheduled.pk}/"
    assert found[("cases:detail", "conseiller")] == f"/dossiers/{scheduled.pk}/"  # his own dossier
    assert found[("cases:detail", "donneur.ccas")] == f"/dossiers/{scheduled.pk}/"
    assert found[("visits:book", "coordinatrice")] == f"/dossiers/{to_contact.pk}/visite/"
    assert found[("visits:detail", "conseiller")] == f"/visites/{scheduled.visits.get().pk}/"
    # Refused roles are not measured: the queue is not the advisor's, nor the referrer's; nothing for the visitor.
    assert ("coordination:queue", "conseiller") not in found
    assert ("coordination:queue", "donneur.ccas") not in found
    assert not [role for name, role in found if role == "anonyme" and name != "plancher"]
    # The floor, for every role.
    assert {role for name, role in found if name == "plancher"} == {
        "coordinatrice",
        "conseiller",
        "donneur.ccas",
        "anonyme",
    }
    skipped = {name: reason for name, reason in results["skipped"]}  # (name, reason): databases
    assert skipped["logout"].startswith("POST uniquement")
    assert skipped["diagnosis:photo_file"].startswith("aucun objet")


def test_the_table_has_positive_times_and_query_counts(pages, measured):
    results, _, _ = measured
    table = pages.rows(results)
    assert len(table) >= 8
    for row in table:
        assert row.small_median > 0 and row.small_p95 > 0 and row.large_median > 0 and row.large_p95 > 0, row.key
        assert row.ratio is not None and row.ratio > 0
        assert row.status == "200"
        if row.name != "plancher":
            assert row.small_queries > 0 and row.large_queries == row.small_queries, row.key
    detail = next(row for row in table if row.key == "cases:detail coordinatrice")
    assert detail.small_path == detail.large_path
    text = pages.render(table, results)
    assert "cases:detail" in text and "Non mesurées" in text and "logout" in text
    assert [row.ratio for row in table] == sorted((row.ratio for row in table), reverse=True)
