"""The report's drafts, pre-filled from the diagnosis: what the visitors typed, said in plain French.

``suggestions(dossier)`` gives, for each section, the text the diagnosis suggests today; the report is opened with
them (``open_report``) and the writing page offers them again beside each section, so a diagnosis completed during
the cross-reading is not lost. The household's situation and indicators feed only the family's sections; the
dwelling, findings and equipment only the technical ones (the landlord's sheet is built from those).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from binome.accounts.models import User
from binome.cases.models import Motive
from binome.core import memo
from binome.diagnosis import services as diagnosis_services, vocabulary as voc
from binome.diagnosis.models import DiagnosisNote, KitInstallation
from binome.diagnosis.panel import Status
from binome.reports import sections as spec
from binome.visits.models import Visit, VisitStatus


FOLLOW_UP_DAYS = 30
LABELS = {
    "dwelling_type": dict(voc.DWELLING_TYPE),
    "construction_period": dict(voc.CONSTRUCTION_PERIODS),
    "main_heating": dict(voc.HEATING),
    "regulation": dict(voc.REGULATION),
    "auxiliary_heating": dict(voc.AUXILIARY_HEATING),
    "hot_water": dict(voc.HOT_WATER),
    "ventilation": dict(voc.VENTILATION),
    "insulation": dict(voc.INSULATION),
    "glazing": dict(voc.GLAZING),
    "humidity": dict(voc.HUMIDITY),
    "measure": dict(voc.MEASURE_KINDS),
    "cold_reasons": dict(voc.COLD_REASONS),
    "restrictions": dict(voc.RESTRICTIONS),
}
FAMILY_TILES = ["spend_total", "tee", "brde", "income_uc", "anah", "cheque", "per_m2"]


def _label(kind: str, value) -> str:
    return LABELS[kind].get(value, "") if value else ""


def _number(value) -> str:
    return str(value).replace(".", ",") if value not in (None, "") else ""


def situation_text(dossier, household: Mapping, comfort: Mapping) -> str:
    adults, children = int(household.get("persons_14_plus") or 0), int(household.get("children_under_14") or 0)
    lines = []
    if adults or children:
        line = f"Le foyer compte {adults + children} personne{'s' if adults + children > 1 else ''}"
        if children:
            line += f", dont {children} enfant{'s' if children > 1 else ''} de moins de 14 ans"
        lines.append(line + ".")
    motives = [str(label) for value, label in Motive.choices if value in dossier.motives]
    if motives:
        lines.append("Vous nous avez parlé de : " + ", ".join(motives) + ".")
    if comfort.get("cold_last_winter") == "yes":
        reasons = [_label("cold_reasons", r) for r in comfort.get("cold_reasons") or []]
        lines.append("Vous avez eu froid l'hiver dernier" + (f" ({', '.join(reasons)})." if reasons else "."))
    restrictions = [_label("restrictions", r) for r in comfort.get("restrictions") or []]
    if restrictions:
        lines.append("Pour limiter les dépenses : " + ", ".join(restrictions) + ".")
    if comfort.get("comment"):
        lines.append(f"« {comfort['comment'].strip()} »")
    return "\n".join(lines)


def indicators_text(panel) -> str:
    """The family's figures with their explanations, only those the diagnosis could compute."""
    lines = []
    for tile in panel.tiles:
        if tile.key.startswith("spend_") and tile.key != "spend_total" and tile.status != Status.MISSING:
            lines.append(f"• {tile.title} : {tile.value}.")
    by_key = {tile.key: tile for tile in panel.tiles}
    for key in FAMILY_TILES:
        tile = by_key.get(key)
        if tile is not None and tile.status != Status.MISSING:
            lines.append(f"• {tile.title} : {tile.value}. {tile.explanation}")
    return "\n".join(lines)


def dwelling_text(dwelling: Mapping, envelope: Mapping, systems: Mapping) -> str:
    parts = []
    kind = _label("dwelling_type", dwelling.get("dwelling_type")) or "Logement"
    period = _label("construction_period", dwelling.get("construction_period"))
    head = kind[:1].upper() + kind[1:] + (f", époque de construction : {period}" if period else "")
    if dwelling.get("heated_surface"):
        head += f", {_number(dwelling['heated_surface'])} m² chauffés"
    parts.append(head + ".")
    if systems.get("main_heating"):
        regulation = _label("regulation", systems.get("regulation"))
        parts.append(
            f"Chauffage : {_label('main_heating', systems['main_heating'])}"
            + (f", régulation : {regulation}" if regulation else "")
            + "."
        )
    if systems.get("auxiliary_heating") not in (None, "", "none"):
        parts.append(f"Chauffage d'appoint : {_label('auxiliary_heating', systems['auxiliary_heating'])}.")
    if systems.get("hot_water"):
        parts.append(f"Eau chaude : {_label('hot_water', systems['hot_water'])}.")
    insulation = [
        f"{name} {_label('insulation', envelope.get(field))}"
        for name, field in (
            ("murs", "walls_insulation"),
            ("toiture", "roof_insulation"),
            ("plancher", "floor_insulation"),
        )
        if envelope.get(field)
    ]
    if insulation:
        parts.append("Isolation : " + ", ".join(insulation) + ".")
    if envelope.get("glazing"):
        parts.append(f"Fenêtres : {_label('glazing', envelope['glazing'])}.")
    if envelope.get("ventilation"):
        parts.append(f"Ventilation : {_label('ventilation', envelope['ventilation'])}.")
    return "\n".join(parts)


def findings_text(envelope: Mapping, systems: Mapping, measures: Mapping, note: str) -> str:
    lines = []
    if envelope.get("humidity") not in (None, "", "none"):
        lines.append(f"Humidité : {_label('humidity', envelope['humidity'])}.")
    for name in ("comment",):
        for source in (envelope, systems):
            if source.get(name):
                lines.append(source[name].strip())
    rows = (measures or {}).get("rows") or []
    if rows:
        lines.append("Mesures du jour de la visite :")
        for row in rows:
            kind = _label("measure", row.get("kind"))
            lines.append(f"• {row.get('place', '')} : {kind} {_number(row.get('value'))}".rstrip())
    if note:
        lines.append(note.strip())
    return "\n".join(lines)


def equipment_text(kit: list[tuple[str, int]], settings: Mapping) -> str:
    lines = [f"• {name} × {quantity}" for name, quantity in kit]
    if settings.get("thermostat_before") and settings.get("thermostat_after"):
        lines.append(
            f"Thermostat réglé de {_number(settings['thermostat_before'])} °C à "
            f"{_number(settings['thermostat_after'])} °C."
        )
    if settings.get("water_heater_before") and settings.get("water_heater_after"):
        lines.append(
            f"Ballon d'eau chaude réglé de {_number(settings['water_heater_before'])} °C à "
            f"{_number(settings['water_heater_after'])} °C."
        )
    if settings.get("other"):
        lines.append(settings["other"].strip())
    return "\n".join(lines)


def family_summary(panel) -> str:
    by_key = {tile.key: tile for tile in panel.tiles}
    lines = []
    tee = by_key.get("tee")
    if tee is not None and tee.status == Status.ALERT:
        lines.append("Vos dépenses d'énergie pèsent lourd dans votre budget : des aides existent, nous vous aidons.")
    conventional = by_key.get("conventional")
    if conventional is not None and "restriction" in conventional.value:
        lines.append("Vous vous privez de chauffage : ce n'est pas votre faute, le logement est difficile à chauffer.")
    lines.append("Des gestes simples et le matériel posé peuvent baisser vos factures dès cet hiver.")
    return "\n".join(lines)


def next_steps_text(coordinator_name: str, today: dt.date) -> str:
    when = date_format(today + dt.timedelta(days=FOLLOW_UP_DAYS), "F Y")
    who = coordinator_name or "La coordinatrice du SLIME"
    return f"{who} vous appellera en {when} pour faire le point sur vos démarches."


def referrer_text(visit_day: dt.date | None, kit: list[tuple[str, int]]) -> str:
    lines = []
    if visit_day:
        lines.append(f"Visite à domicile réalisée le {date_format(visit_day, 'j F Y')}.")
    if kit:
        lines.append("Matériel d'économie d'énergie posé : " + ", ".join(name.lower() for name, _q in kit) + ".")
    lines.append("Les orientations proposées au ménage figurent ci-dessous.")
    return "\n".join(lines)


def default_works(envelope: Mapping, systems: Mapping) -> list[str]:
    """The works worth studying first, from what the visit saw (the advisor changes the list)."""
    keys = []
    if envelope.get("roof_insulation") in ("non", "partielle", "inconnue"):
        keys.append("combles")
    if envelope.get("walls_insulation") in ("non", "partielle"):
        keys.append("murs_iti")
    if envelope.get("ventilation") in ("naturelle", "entrees_air") or envelope.get("humidity") not in (None, "none"):
        keys.append("vmc")
    if systems.get("regulation") in (None, "", "none"):
        keys.append("regulation")
    if envelope.get("glazing") == "simple":
        keys.append("fenetres")
    return keys


def facts() -> dict:
    """What the drafts read of the dossier besides its diagnosis's sections and kit (the technical note, the last
    visit done and its coordinator), as annotations of a query on the dossiers: a page reads them with its dossier."""
    done = Visit.objects.filter(dossier=OuterRef("pk"), status=VisitStatus.DONE).order_by("-starts_at", "-pk")
    note = DiagnosisNote.objects.filter(dossier=OuterRef("pk"), side="technical")
    return {
        "draft_technical_note": Subquery(note.values("text")[:1]),
        "draft_visit_at": Subquery(done.values("starts_at")[:1]),
        "draft_coordinator_first_name": Subquery(done.values("coordinator__first_name")[:1]),
        "draft_coordinator_last_name": Subquery(done.values("coordinator__last_name")[:1]),
    }


def suggestions(dossier) -> dict[str, str]:
    """Suggested text of each text section, and the default works list under ``"works"`` (as keys, one a line)."""
    stored = diagnosis_services.load_sections(dossier)
    data = diagnosis_services.section_data(stored)
    panel = diagnosis_services.compute_panel(stored, dossier)
    read = memo.annotated(dossier, facts())
    coordinator = User(
        first_name=read["draft_coordinator_first_name"] or "", last_name=read["draft_coordinator_last_name"] or ""
    )
    visited = read["draft_visit_at"]
    kit = list(
        KitInstallation.objects.filter(dossier=dossier).order_by("item__name").values_list("item__name", "quantity")
    )
    today = timezone.localdate()
    envelope, systems = data.get("envelope") or {}, data.get("systems") or {}
    texts = {
        "family_synthesis": family_summary(panel),
        "situation": situation_text(dossier, data.get("household") or {}, data.get("comfort") or {}),
        "indicators": indicators_text(panel),
        "dwelling": dwelling_text(data.get("dwelling") or {}, envelope, systems),
        "findings": findings_text(envelope, systems, data.get("measures") or {}, read["draft_technical_note"] or ""),
        "equipment": equipment_text(kit, data.get("settings") or {}),
        "gestures": "",
        "technical_synthesis": "",
        "next_steps": next_steps_text(coordinator.get_full_name() if visited else "", today),
        "referrer_summary": referrer_text(timezone.localdate(visited) if visited else None, kit),
        "works": "\n".join(default_works(envelope, systems)),
    }
    return {key: text[: spec.MAX_CHARS] for key, text in texts.items()}
