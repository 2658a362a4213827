from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from binome.cases import policies
from binome.cases.selectors import dossier_for
from binome.core import audit, memo
from binome.core.concurrency import StaleEdit
from binome.core.models import ReadKind
from binome.core.params import int_param, parse_int
from binome.diagnosis import services
from binome.diagnosis.forms import DiagnosisNoteForm, PhotoForm
from binome.diagnosis.images import MAX_BYTES, ImageRefused, clean_image
from binome.diagnosis.models import DiagnosisNote, KitInstallation, KitItem, Photo, Side
from binome.diagnosis.sections import BY_KEY, SECTIONS


# ---------------------------------------------------------------------------------------------------------------
# the legacy one-note-per-side editor (the visitors' findings, required before the review)
# ---------------------------------------------------------------------------------------------------------------


@memo.page_scope
def edit(request, pk, side):
    if side not in Side.values:
        raise Http404
    dossier = dossier_for(request, pk)
    if not policies.can_edit_diagnosis(request, dossier, side):
        if policies.may_fill_side(request, dossier, side) and not policies.diagnosis_open(dossier):
            messages.error(request, _("Le diagnostic se remplit entre la programmation de la visite et la relecture."))
            return redirect("cases:detail", pk=dossier.pk)
        raise PermissionDenied(_("Ce volet du diagnostic est rempli par l'autre membre du binôme."))
    note = DiagnosisNote.objects.filter(dossier=dossier, side=side).first()
    stale = None
    if note is None:
        form = DiagnosisNoteForm(request.POST or None, initial={"version": 0})
    else:
        form = DiagnosisNoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        if note is None:
            created = form.save(commit=False)
            created.dossier, created.side, created.author = dossier, side, request.user
            created.save()
            messages.success(request, _("Diagnostic enregistré."))
            return redirect("cases:detail", pk=dossier.pk)
        try:
            form.save_versioned(author=request.user)
        except StaleEdit as exc:
            stale, form = exc.changes, form.rebound_on(exc)
        else:
            messages.success(request, _("Diagnostic enregistré."))
            return redirect("cases:detail", pk=dossier.pk)
    return render(
        request,
        "diagnosis/edit.html",
        {"dossier": dossier, "form": form, "side_label": Side(side).label, "stale": stale},
    )


# ---------------------------------------------------------------------------------------------------------------
# the diagnosis page
# ---------------------------------------------------------------------------------------------------------------


def _readable_dossier(request, pk):
    dossier = dossier_for(request, pk)
    if not policies.can_read_diagnosis(request, dossier):
        raise PermissionDenied(_("Le diagnostic n'est lisible que par l'équipe du SLIME."))
    return dossier


def _section_blocks(request, dossier, stored):
    blocks = []
    for section in SECTIONS:
        editable = policies.can_edit_diagnosis_section(request, dossier, section.side)
        record = stored.get(section.key)
        block = {
            "section": section,
            "editable": editable,
            "version": record.version if record else 0,
            "record": record,
        }
        if section.grid:
            block["rows"] = [
                _grid_row(section, form, position)
                for position, form in enumerate(services.grid_forms(section, record, editable))
            ]
        else:
            block["form"] = services.simple_form(section, record, editable)
        blocks.append(block)
    return blocks


def _grid_row(section, form, position):
    cells = []
    for name, field in form.fields.items():
        bound = form[name]
        cells.append(
            {
                "name": name,
                "html": bound.as_widget(
                    attrs={
                        "aria-label": _("%(label)s, ligne %(row)s") % {"label": field.label, "row": position + 1},
                        "aria-describedby": f"err-{section.key}-{position}-{name}",
                        **({"aria-invalid": "true"} if bound.errors else {}),
                    }
                ),
                "errors": bound.errors,
            }
        )
    return {"position": position, "cells": cells}


@memo.page_scope
def page(request, pk):
    dossier = _readable_dossier(request, pk)
    audit.record_read(request, dossier, kind=ReadKind.DIAGNOSIS)
    stored = services.load_sections(dossier)
    blocks = _section_blocks(request, dossier, stored)
    notes = {n.side: n for n in dossier.diagnosis_notes.select_related("author")}
    kit = services.kit_rows(dossier)
    technical = policies.can_edit_diagnosis_section(request, dossier, Side.TECHNICAL)
    social = policies.can_edit_diagnosis_section(request, dossier, Side.SOCIAL)
    context = {
        "dossier": dossier,
        "social_blocks": [b for b in blocks if b["section"].side == Side.SOCIAL],
        "technical_blocks": [b for b in blocks if b["section"].side == Side.TECHNICAL],
        "panel": services.compute_panel(stored, dossier),
        "notes": notes,
        "photos": list(dossier.diagnosis_photos.select_related("uploaded_by")),
        "photo_form": PhotoForm(),
        "can_upload": technical or social,
        "photo_sides": _editable_sides(request, dossier),
        "kit": kit,
        "kit_totals": services.kit_totals(kit),
        "can_edit_kit": technical,
        "can_edit_technical_note": policies.can_edit_diagnosis(request, dossier, Side.TECHNICAL),
        "can_edit_social_note": policies.can_edit_diagnosis(request, dossier, Side.SOCIAL),
    }
    return render(request, "diagnosis/page.html", context)


def _error_slots(section, bound):
    """Every error container of the section, filled or emptied, for out-of-band swapping."""
    slots = []
    if section.grid:
        for position, form in enumerate(bound):
            for name in section.form_class.base_fields:
                errors = form.errors.get(name, []) if form is not None else []
                slots.append((f"err-{section.key}-{position}-{name}", errors))
    else:
        for name in section.form_class.base_fields:
            slots.append((f"err-{section.key}-{name}", bound.errors.get(name, [])))
        slots.append((f"err-{section.key}-__all__", bound.non_field_errors()))
    return slots


@require_POST
def save_section(request, pk, key):
    section = BY_KEY.get(key)
    if section is None:
        raise Http404
    dossier = dossier_for(request, pk)
    if not policies.can_edit_diagnosis_section(request, dossier, section.side):
        raise PermissionDenied(_("Cette section est remplie par l'autre membre du binôme, ou n'est plus modifiable."))
    expected = int_param(request.POST, "version", -1, low=0)  # anything else is stale, never an error
    saved = services.save_section(dossier, section, request.POST, request.user, expected)
    if not request.headers.get("HX-Request"):
        if saved.stale:
            messages.error(
                request, _("Modifié par quelqu'un d'autre entre-temps : vos changements n'ont pas été enregistrés.")
            )
        elif saved.has_errors:
            messages.error(request, _("Enregistré en partie : corrigez les champs signalés."))
        else:
            messages.success(request, _("Section enregistrée."))
        return redirect(reverse("diagnosis:page", kwargs={"pk": dossier.pk}) + f"#section-{section.key}")
    return render(
        request,
        "diagnosis/_saved.html",
        {
            "section": section,
            "version": saved.record.version,
            "saved_at": timezone.localtime(saved.record.updated_at),
            "stale": saved.stale,
            "has_errors": saved.has_errors,
            "slots": _error_slots(section, saved.bound),
            "panel": services.current_panel(dossier),
            "oob": True,
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# photos
# ---------------------------------------------------------------------------------------------------------------


def _photo_side(request, dossier):
    if policies.can_edit_diagnosis_section(request, dossier, Side.TECHNICAL):
        return Side.TECHNICAL
    if policies.can_edit_diagnosis_section(request, dossier, Side.SOCIAL):
        return Side.SOCIAL
    return None


@require_POST
def photo_upload(request, pk):
    dossier = dossier_for(request, pk)
    side = _photo_side(request, dossier)
    if side is None:
        raise PermissionDenied(_("Vous ne pouvez pas ajouter de photo à ce dossier."))
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["image"]
        try:
            if upload.size > MAX_BYTES:  # refused before reading it into memory
                raise ImageRefused(
                    _("Le fichier dépasse %(mb)s Mo : réduisez la taille de la photo.")
                    % {"mb": MAX_BYTES // (1024 * 1024)}
                )
            cleaned = clean_image(upload.read())
        except ImageRefused as exc:
            form.add_error("image", str(exc))
        else:
            with transaction.atomic():
                photo = Photo(
                    dossier=dossier,
                    side=side,
                    kind=form.cleaned_data["kind"],
                    caption=form.cleaned_data["caption"],
                    width=cleaned.width,
                    height=cleaned.height,
                    size_bytes=len(cleaned.content),
                    uploaded_by=request.user,
                )
                photo.image.save(f"{dossier.pk}.jpg", ContentFile(cleaned.content), save=False)
                photo.save()
            form = PhotoForm()
    if not request.headers.get("HX-Request"):
        if form.errors:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        else:
            messages.success(request, _("Photo ajoutée."))
        return redirect(reverse("diagnosis:page", kwargs={"pk": dossier.pk}) + "#photos")
    return _photos_fragment(request, dossier, form)


@require_POST
def photo_delete(request, pk, photo_pk):
    dossier = dossier_for(request, pk)
    photo = get_object_or_404(Photo, pk=photo_pk, dossier=dossier)
    if not policies.can_edit_diagnosis_section(request, dossier, photo.side):
        raise PermissionDenied(_("Seul le membre du binôme qui a ajouté la photo peut la retirer."))
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: photo.image.delete(save=False))
    if not request.headers.get("HX-Request"):
        messages.success(request, _("Photo retirée."))
        return redirect(reverse("diagnosis:page", kwargs={"pk": dossier.pk}) + "#photos")
    return _photos_fragment(request, dossier, PhotoForm())


def _photos_fragment(request, dossier, form):
    return render(
        request,
        "diagnosis/_photos.html",
        {
            "dossier": dossier,
            "photos": list(dossier.diagnosis_photos.select_related("uploaded_by")),
            "photo_form": form,
            "can_upload": _photo_side(request, dossier) is not None,
            "photo_sides": _editable_sides(request, dossier),
        },
    )


def _editable_sides(request, dossier):
    return {side for side in Side.values if policies.can_edit_diagnosis_section(request, dossier, side)}


@require_GET
def photo_file(request, pk, photo_pk):
    dossier = _readable_dossier(request, pk)
    photo = get_object_or_404(Photo, pk=photo_pk, dossier=dossier)
    try:
        with photo.image.open("rb") as handle:
            content = handle.read()  # re-encoded photos are small (longest side 2 560 px)
    except FileNotFoundError:
        raise Http404 from None
    audit.record_read(request, photo, dossier=dossier, kind=ReadKind.PHOTO)
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"  # a photo of a home: not kept in a shared computer's cache
    response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}.jpg"'
    return response


# ---------------------------------------------------------------------------------------------------------------
# equipment kit
# ---------------------------------------------------------------------------------------------------------------


@require_POST
def kit_save(request, pk):
    dossier = dossier_for(request, pk)
    if not policies.can_edit_diagnosis_section(request, dossier, Side.TECHNICAL):
        raise PermissionDenied(_("Le kit est posé et noté par le chargé de visite."))
    items = {i.pk: i for i in KitItem.objects.filter(programme_id=dossier.programme_id, active=True)}
    errors = {}
    wanted = {}
    for item_pk in items:
        quantity = parse_int(request.POST.get(f"item-{item_pk}", "").strip() or "0", 0, 100)
        if quantity is None:  # "²", "-1", "1e3", 101…
            errors[item_pk] = _("Quantité entière entre 0 et 100.")
            continue
        wanted[item_pk] = quantity
    with transaction.atomic():
        for item_pk, quantity in wanted.items():
            if quantity:
                KitInstallation.objects.update_or_create(
                    dossier=dossier, item_id=item_pk, defaults={"quantity": quantity}
                )
            else:
                KitInstallation.objects.filter(dossier=dossier, item_id=item_pk).delete()
    if not request.headers.get("HX-Request"):
        if errors:
            messages.error(request, _("Certaines quantités sont invalides."))
        return redirect(reverse("diagnosis:page", kwargs={"pk": dossier.pk}) + "#kit")
    kit = services.kit_rows(dossier)
    return render(
        request,
        "diagnosis/_kit_saved.html",
        {"kit": kit, "kit_totals": services.kit_totals(kit), "errors": errors, "items": items},
    )
