import pytest

from binome.cases.workflow import State
from binome.diagnosis.models import DiagnosisSection
from binome.reports import editing


DWELLING = {
    "tenure": "private_tenant",
    "dwelling_type": "maison",
    "construction_period": "1948_1974",
    "heated_surface": "85",
    "levels": 1,
    "altitude_m": 600,
}
ENVELOPE = {
    "walls_insulation": "non",
    "roof_insulation": "non",
    "floor_insulation": "non",
    "glazing": "simple",
    "ventilation": "naturelle",
    "humidity": "local_mould",
}
SYSTEMS = {"main_heating": "convecteurs", "hot_water": "ballon_electrique", "regulation": "none"}
HOUSEHOLD = {"persons_14_plus": 2, "children_under_14": 2, "rfr": "14300"}
RESOURCES = {"rows": [{"source": "salary", "amount": "1300", "period": "month"}]}
CHARGES = {"rent_or_loan": "450", "energy_debt": "780"}


def fill_diagnosis(dossier, user):
    for key, data in (
        ("dwelling", DWELLING),
        ("envelope", ENVELOPE),
        ("systems", SYSTEMS),
        ("household", HOUSEHOLD),
        ("resources", RESOURCES),
        ("charges", CHARGES),
    ):
        DiagnosisSection.objects.update_or_create(
            dossier=dossier, key=key, defaults={"data": data, "updated_by": user}
        )


def section(report, key):
    return report.sections.get(key=key)


@pytest.fixture
def review(world, make_dossier):
    """A dossier in cross-reading with a filled diagnosis and every required section written."""
    dossier = make_dossier(State.IN_REVIEW, share_with_referrer=True, tenure="private_tenant")
    fill_diagnosis(dossier, world.advisor)
    from tests.conftest import REPORT_TEXTS, write_report_sections

    report = write_report_sections(dossier, world.coordinator, REPORT_TEXTS)
    works = section(report, "works")
    editing.save_section(
        report, "works", text="", data={"keys": ["combles", "vmc"]}, base_version=works.version, user=world.advisor
    )
    return dossier
