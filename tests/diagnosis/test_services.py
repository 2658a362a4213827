"""Saving a section: what is stored from a post, drafts of refused values, stale saves (the service, no request)."""

import pytest
from django.http import QueryDict

from binome.cases.workflow import State
from binome.diagnosis import services
from binome.diagnosis.models import DiagnosisSection
from binome.diagnosis.sections import BY_KEY


def post(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


@pytest.fixture
def dossier(world, make_dossier):
    return make_dossier(State.VISITED, advisor=world.advisor)


def test_first_save_creates_the_section(world, dossier):
    saved = services.save_section(dossier, BY_KEY["household"], post(persons_14_plus="2"), world.coordinator, 0)
    assert saved.stale is None and not saved.has_errors
    assert saved.record.version == 1 and saved.record.data["persons_14_plus"] == 2
    assert saved.section.key == "household" and saved.bound.is_valid()


def test_invalid_field_is_a_draft_and_the_others_are_stored(world, dossier):
    saved = services.save_section(
        dossier, BY_KEY["household"], post(persons_14_plus="2", rfr="beaucoup"), world.coordinator, 0
    )
    assert saved.has_errors and "rfr" in saved.bound.errors
    assert saved.record.data["persons_14_plus"] == 2 and saved.record.data["_draft"] == {"rfr": "beaucoup"}


def test_grid_keeps_invalid_rows_at_their_position_and_drops_blank_ones(world, dossier):
    rows = post(
        source=["salary", "pension", "other", "family"],
        amount=["1 100", "douze", "", "300"],
        period=["month", "month", "year", "quarter"],
    )
    saved = services.save_section(dossier, BY_KEY["resources"], rows, world.coordinator, 0)
    data = saved.record.data
    assert [r["amount"] for r in data["rows"]] == ["1100", "300"]
    assert data["draft_rows"] == [{"position": 1, "raw": {"source": "pension", "amount": "douze", "period": "month"}}]
    assert saved.has_errors and saved.bound[2] is None  # the third row was blank


def test_stale_save_writes_nothing_and_returns_the_stored_values(world, dossier):
    section = BY_KEY["household"]
    services.save_section(dossier, section, post(persons_14_plus="2"), world.coordinator, 0)
    services.save_section(dossier, section, post(persons_14_plus="3"), world.advisor, 1)
    saved = services.save_section(dossier, section, post(persons_14_plus="4"), world.coordinator, 1)
    assert [(c.label, c.current) for c in saved.stale] == [("Personnes de 14 ans et plus", "3")]
    assert saved.record.version == 2 and saved.record.updated_by == world.advisor
    stored = DiagnosisSection.objects.get(dossier=dossier, key="household")
    assert (stored.version, stored.data["persons_14_plus"]) == (2, 3)


def test_stale_grid_save_counts_the_stored_rows(world, dossier):
    section = BY_KEY["resources"]
    services.save_section(dossier, section, post(source="salary", amount="900", period="month"), world.coordinator, 0)
    saved = services.save_section(dossier, section, post(source="rsa", amount="500", period="month"), world.advisor, 0)
    assert [(c.label, c.current) for c in saved.stale] == [("Ressources", "1 ligne enregistrée")]
    assert DiagnosisSection.objects.get(dossier=dossier, key="resources").data["rows"][0]["source"] == "salary"


def test_current_panel_reads_the_stored_sections(world, dossier):
    services.save_section(
        dossier, BY_KEY["household"], post(persons_14_plus="2", children_under_14="1"), world.coordinator, 0
    )
    assert services.current_panel(dossier).tile("uc").value == "1,8"
