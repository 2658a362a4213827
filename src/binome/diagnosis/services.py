"""Saving sections with optimistic locking, and building what the diagnosis page shows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import ngettext

from binome.core import audit, memo
from binome.core.concurrency import Change
from binome.core.postgresql import kept_by_triggers
from binome.core.text import draft_value
from binome.diagnosis import panel as panel_module
from binome.diagnosis.models import DiagnosisSection, KitInstallation, KitItem, KitStock, KitUsage
from binome.diagnosis.sections import Section, bind_grid, from_json, to_json


def load_sections(dossier) -> dict[str, DiagnosisSection]:
    return memo.once(
        ("diagnosis-sections", dossier.pk),
        lambda: {s.key: s for s in DiagnosisSection.objects.filter(dossier=dossier)},
    )


def section_data(stored: dict[str, DiagnosisSection]) -> dict[str, dict]:
    return {key: s.data for key, s in stored.items()}


def compute_panel(stored: dict[str, DiagnosisSection], dossier):
    today = timezone.localdate()
    unite = dossier.commune.unite.name if dossier.commune_id else ""
    return panel_module.compute_panel(section_data(stored), year=today.year, today=today, unite_name=unite)


def current_panel(dossier):
    """The indicators from the sections as stored now."""
    return compute_panel(load_sections(dossier), dossier)


def _display(section: Section, name: str, value) -> str:
    field = section.form_class.base_fields.get(name)
    if value in (None, "", []):
        return "—"
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(field, forms.DateField):
        return "/".join(reversed(str(value).split("-")))
    return str(value)


def _changes(section: Section, current: dict, submitted: dict) -> list[Change]:
    if section.grid:
        rows = len(current.get("rows", []))
        return [
            Change(
                str(section.title),
                # French puts 0 in the singular ("0 ligne enregistrée").
                ngettext("%(n)s ligne enregistrée", "%(n)s lignes enregistrées", max(rows, 1)) % {"n": rows},
            )
        ]
    changes = []
    for name, field in section.form_class.base_fields.items():
        if current.get(name) != submitted.get(name):
            changes.append(Change(str(field.label), _display(section, name, current.get(name))))
    return changes


@dataclass
class SectionSave:
    """What an autosave of a section did: the stored record (the other person's when ``stale``), the bound forms
    (one per grid row, None for a blank row; or the section's form) and whether some typed values were refused."""

    section: Section
    record: DiagnosisSection
    bound: list | forms.Form
    has_errors: bool
    stale: list[Change] | None = None


def save_section(dossier, section: Section, post, user, expected_version: int) -> SectionSave:
    """Store what was posted for ``section``: the valid values, and the refused ones as a draft to show again.

    Written only if the stored section still has ``expected_version`` (0: not created yet); otherwise nothing is
    written and the result carries the stored record and the values that differ (``stale``)."""
    if section.grid:
        data, bound, has_errors = _grid_draft(section, post)
    else:
        data, bound, has_errors = _simple_draft(section, post)
    record, stale = _write_section(dossier, section, data, expected_version, user)
    return SectionSave(section, record, bound, has_errors, stale)


def _grid_draft(section: Section, post) -> tuple[dict, list, bool]:
    """Valid rows in ``rows``; invalid rows, raw, in ``draft_rows`` with their position; blank rows dropped."""
    grid = bind_grid(post, section.form_class)
    valid_rows, drafts = [], []
    for form in grid.forms:
        if form is None:
            continue
        if form.is_valid():
            valid_rows.append(to_json(form.cleaned_data))
        else:
            raw = {name: _draft(section, name, value) for name, value in form.data.items()}
            drafts.append({"position": len(valid_rows) + len(drafts), "raw": raw})
    data = {"rows": valid_rows}
    if drafts:
        data["draft_rows"] = drafts
    return data, grid.forms, bool(drafts)


def _simple_draft(section: Section, post) -> tuple[dict, forms.Form, bool]:
    """Valid fields as values; invalid fields, as typed, in ``_draft``."""
    form = section.form_class(post)
    valid = form.is_valid()
    data = dict(to_json({k: v for k, v in form.cleaned_data.items() if k not in form.errors}))
    if not valid:
        data["_draft"] = {name: _draft(section, name, post.get(name, "")) for name in form.errors if name != "__all__"}
        for name in form.errors:
            field = section.form_class.base_fields.get(name)
            if field is not None and getattr(field.widget, "allow_multiple_selected", False):
                data["_draft"][name] = [_draft(section, name, v) for v in post.getlist(name)[:50]]
    return data, form, not valid


def _draft(section: Section, name: str, value) -> str:
    """A refused value as the draft keeps it: clean, and no longer than its field allows."""
    field = section.form_class.base_fields.get(name)
    return draft_value(value, getattr(field, "max_length", None))


def _write_section(
    dossier, section: Section, data: dict, expected_version: int, user
) -> tuple[DiagnosisSection, list[Change] | None]:
    """Write ``data`` if the stored section still has ``expected_version`` (0: not created yet) and return it with
    None; else write nothing and return the stored section with what differs from ``data``."""
    if expected_version == 0:
        try:
            with transaction.atomic():
                created = DiagnosisSection.objects.create(dossier=dossier, key=section.key, data=data, updated_by=user)
            return created, None
        except IntegrityError:
            pass  # created by the other visitor in the meantime: fall through to the stale answer
    else:
        with transaction.atomic():
            rows = DiagnosisSection.objects.filter(dossier=dossier, key=section.key, version=expected_version)
            before = rows.values_list("data", flat=True).first()  # the trail's old values
            updated = rows.update(data=data, version=F("version") + 1, updated_by=user, updated_at=timezone.now())
            if updated:
                saved = DiagnosisSection.objects.get(dossier=dossier, key=section.key)
                audit.record_change(saved, audit.json_fields("data", before), audit.json_fields("data", data))
                return saved, None
    current = DiagnosisSection.objects.filter(dossier=dossier, key=section.key).first()
    if current is None:  # deleted meanwhile (not possible from the interface): start again
        return DiagnosisSection.objects.create(dossier=dossier, key=section.key, data=data, updated_by=user), None
    return current, _changes(section, current.data, data)


def post_values(section: Section, values: dict) -> dict:
    """JSON values → strings as a browser would post them (dates back to jj/mm/aaaa)."""
    out = {}
    for name, field in section.form_class.base_fields.items():
        value = values.get(name)
        if value is None:
            continue
        if isinstance(field, forms.DateField) and value:
            value = "/".join(reversed(str(value).split("-")))
        out[name] = value
    return out


def simple_form(section: Section, stored: DiagnosisSection | None, editable: bool):
    data = stored.data if stored else {}
    draft = data.get("_draft") or {}
    if draft:
        form = section.form_class({**post_values(section, data), **draft}, auto_id=f"{section.key}-%s")
        form.is_valid()
    else:
        form = section.form_class(initial=from_json(section.form_class, data), auto_id=f"{section.key}-%s")
    for name, field in form.fields.items():
        field.widget.attrs["aria-describedby"] = f"err-{section.key}-{name}"
        if not editable:
            field.disabled = True
    return form


def grid_forms(section: Section, stored: DiagnosisSection | None, editable: bool, blank_rows: int = 1):
    """Row forms in display order: stored valid rows, draft (invalid) rows at their position, then blank rows."""
    data = stored.data if stored else {}
    valid = list(data.get("rows") or [])
    drafts = {d["position"]: d["raw"] for d in data.get("draft_rows") or []}
    total = len(valid) + len(drafts)
    rows = []
    for position in range(total):
        auto_id = f"{section.key}-{position}-%s"
        if position in drafts:
            form = section.form_class(drafts[position], auto_id=auto_id)
            form.is_valid()
        else:
            row = valid.pop(0)
            form = section.form_class(initial=from_json(section.form_class, row), auto_id=auto_id)
        rows.append(form)
    if editable:
        for extra in range(blank_rows):
            rows.append(section.form_class(auto_id=f"{section.key}-{total + extra}-%s"))
    for form in rows:
        if not editable:
            for field in form.fields.values():
                field.disabled = True
    return rows


# ---------------------------------------------------------------------------------------------------------------
# equipment kit
# ---------------------------------------------------------------------------------------------------------------

KIT_BENCHMARK_EUR = Decimal(60)


def _kit_used(unite_id, items):
    """The quantity of each item installed in the UT: the ``KitUsage`` rows kept by PostgreSQL's triggers, or the
    sum of the installations elsewhere (the SQLite demo has no triggers)."""
    if kept_by_triggers():
        return KitUsage.objects.filter(unite_id=unite_id, item_id__in=items).values_list("item_id", "quantity")
    return (
        KitInstallation.objects.filter(item_id__in=items, dossier__commune__unite_id=unite_id)
        .values("item_id")
        .annotate(total=Sum("quantity"))
        .values_list("item_id", "total")
    )


def kit_rows(dossier):
    """Active items of the programme with the quantity installed here and what remains in the team's stock."""
    items = list(KitItem.objects.filter(programme_id=dossier.programme_id, active=True))
    installed = dict(KitInstallation.objects.filter(dossier=dossier).values_list("item_id", "quantity"))
    unite_id = dossier.commune.unite_id if dossier.commune_id else None
    received = dict(KitStock.objects.filter(unite_id=unite_id, item__in=items).values_list("item_id", "quantity"))
    # What the team used: kept up to date per UT and item (``KitUsage``), read only for the items it has a stock of.
    used = dict(_kit_used(unite_id, list(received)) if received else ())
    rows = []
    for item in items:
        quantity = installed.get(item.pk, 0)
        stock = received.get(item.pk)
        rows.append(
            {
                "item": item,
                "quantity": quantity,
                "cost": item.unit_cost * quantity,
                "remaining": None if stock is None else stock - used.get(item.pk, 0),
            }
        )
    return rows


def kit_totals(rows) -> dict:
    total = sum((r["cost"] for r in rows), Decimal(0))
    saving = sum(
        (r["item"].expected_saving_eur * r["quantity"] for r in rows if r["item"].expected_saving_eur), Decimal(0)
    )
    return {"total": total, "saving": saving, "benchmark": KIT_BENCHMARK_EUR, "over": total > KIT_BENCHMARK_EUR}
