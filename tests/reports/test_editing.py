"""Cross-reading without loss: sections saved on their own, conflicts kept side by side, comments, caps."""

import pytest

from binome.cases import transitions
from binome.cases.workflow import State, TransitionRefused
from binome.reports import editing, sections as spec
from binome.reports.models import ReportSection, SectionConflict
from tests.reports.conftest import section


COORD = {"coordinator"}


def test_the_report_opens_with_drafts_from_the_diagnosis(world, make_dossier):
    from tests.reports.conftest import fill_diagnosis

    dossier = make_dossier(State.VISITED)
    fill_diagnosis(dossier, world.advisor)
    from binome.diagnosis.models import DiagnosisNote

    DiagnosisNote.objects.create(dossier=dossier, side="technical", text="VMC absente.", author=world.advisor)
    DiagnosisNote.objects.create(dossier=dossier, side="social", text="Dette.", author=world.coordinator)
    transitions.apply(dossier, "start_review", user=world.coordinator, roles=COORD)
    texts = dict(dossier.report.sections.values_list("key", "text"))
    assert "Le foyer compte 4 personnes, dont 2 enfants de moins de 14 ans." in texts["situation"]
    assert "Chauffage : convecteurs électriques" in texts["dwelling"] and "85 m² chauffés" in texts["dwelling"]
    assert "Humidité : moisissures localisées." in texts["findings"] and "VMC absente." in texts["findings"]
    assert "Dette" not in texts["findings"] + texts["dwelling"]  # the social note never feeds technical sections
    assert section(dossier.report, "works").data["keys"] == ["combles", "murs_iti", "vmc", "regulation", "fenetres"]


def test_two_people_writing_different_sections_never_conflict(review, world):
    report = review.report
    findings, dwelling = section(report, "findings"), section(report, "dwelling")
    editing.save_section(report, "findings", text="A", data=None, base_version=findings.version, user=world.advisor)
    result = editing.save_section(
        report, "dwelling", text="B", data=None, base_version=dwelling.version, user=world.coordinator
    )
    assert result.conflict is None
    assert (section(report, "findings").text, section(report, "dwelling").text) == ("A", "B")


def test_the_same_section_keeps_both_texts_until_one_is_chosen(review, world):
    report = review.report
    base = section(report, "findings").version
    editing.save_section(
        report, "findings", text="Texte du conseiller.", data=None, base_version=base, user=world.advisor
    )
    stale = editing.save_section(
        report, "findings", text="Texte de la coordinatrice.", data=None, base_version=base, user=world.coordinator
    )
    assert stale.conflict is not None
    assert section(report, "findings").text == "Texte du conseiller."  # not overwritten
    assert stale.conflict.text == "Texte de la coordinatrice."  # not lost
    with pytest.raises(TransitionRefused, match="Deux textes sont en concurrence"):
        transitions.apply(review, "submit_for_validation", user=world.coordinator, roles=COORD)
    shown = section(report, "findings").version
    editing.resolve_conflict(
        stale.conflict, keep="merge", merged="Les deux textes.", shown_version=shown, user=world.coordinator
    )
    assert section(report, "findings").text == "Les deux textes."
    assert not SectionConflict.objects.filter(resolved_at__isnull=True).exists()


def test_choosing_a_text_on_a_section_changed_again_keeps_it_as_a_new_conflict(review, world):
    report = review.report
    base = section(report, "findings").version
    editing.save_section(report, "findings", text="Un.", data=None, base_version=base, user=world.advisor)
    conflict = editing.save_section(
        report, "findings", text="Deux.", data=None, base_version=base, user=world.coordinator
    ).conflict
    shown = section(report, "findings").version
    editing.save_section(report, "findings", text="Trois.", data=None, base_version=shown, user=world.advisor)
    result = editing.resolve_conflict(conflict, keep="mine", merged="", shown_version=shown, user=world.coordinator)
    assert result.conflict is not None and result.conflict.text == "Deux."
    assert section(report, "findings").text == "Trois."


def test_an_oversized_section_is_refused_and_nothing_is_written(review, world):
    report = review.report
    record = section(report, "findings")
    with pytest.raises(editing.EditRefused, match="4001 caractères : une section en compte au plus 4000"):
        editing.save_section(
            report,
            "findings",
            text="x" * (spec.MAX_CHARS + 1),
            data=None,
            base_version=record.version,
            user=world.advisor,
        )
    assert ReportSection.objects.get(pk=record.pk).text == record.text


def test_unresolved_comments_and_empty_sections_block_the_validation(review, world):
    report = review.report
    comment = editing.add_comment(report, "findings", "Préciser la température.", world.coordinator)
    with pytest.raises(TransitionRefused, match="1 commentaire n'est pas résolu"):
        transitions.apply(review, "submit_for_validation", user=world.coordinator, roles=COORD)
    editing.resolve_comment(comment, world.advisor)
    empty = section(report, "next_steps")
    editing.save_section(report, "next_steps", text="  ", data=None, base_version=empty.version, user=world.advisor)
    with pytest.raises(TransitionRefused, match="« Et après \\? » est vide"):
        transitions.apply(review, "submit_for_validation", user=world.coordinator, roles=COORD)


def test_household_data_in_a_landlord_section_blocks_the_validation(review, world):
    report = review.report
    record = section(report, "technical_synthesis")
    editing.save_section(
        report,
        "technical_synthesis",
        text="Avec 1 300 € par mois, les travaux attendront.",
        data=None,
        base_version=record.version,
        user=world.advisor,
    )
    with pytest.raises(TransitionRefused, match="mentionne « 1300 € »"):
        transitions.apply(review, "submit_for_validation", user=world.coordinator, roles=COORD)


def test_empty_comment_is_refused_in_french(review, world):
    with pytest.raises(editing.EditRefused, match="Écrivez le commentaire"):
        editing.add_comment(review.report, "findings", "   ", world.coordinator)
