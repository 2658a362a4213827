import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binome.accounts.models import Membership, Role
from binome.cases import policies, transitions
from binome.cases.models import EventKind
from binome.cases.selectors import dossier_for
from binome.cases.workflow import TransitionRefused
from binome.core import memo
from binome.core.pages import PER_PAGE
from binome.core.params import booking_window, date_param, int_param, parse_int, time_param
from binome.visits import agenda, mine_rows
from binome.visits.forms import CancelVisitForm, HouseholdToldForm, MoveVisitForm, PastVisitForm, VisitBookingForm
from binome.visits.models import AgendaSettings, Visit, VisitChange, VisitChangeKind, VisitStatus


def _check_slot(form, programme, advisor, coordinator, commune, exclude_visit=None):
    """Add the conflicts as form errors; return the travel warnings (to confirm) or None when refused."""
    data = form.cleaned_data
    result = agenda.check(
        programme, advisor, coordinator, data["starts_at"], data["duration_minutes"], commune, exclude_visit
    )
    errors, warnings = agenda.describe(result)
    for error in errors:
        form.add_error(None, error)
    if errors:
        return None
    if warnings and not data.get("confirm_travel"):
        return warnings
    return []


@memo.page_scope
def book(request, pk):
    dossier = dossier_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    if not policies.is_bookable(dossier):
        messages.error(request, _("Une visite se programme pour une demande reçue ou à contacter."))
        return redirect("cases:detail", pk=dossier.pk)
    config = AgendaSettings.for_programme(request.programme)
    initial = {"version": dossier.version, "advisor": dossier.advisor_id, "duration_minutes": config.slot_minutes}
    # A slot picked in the agenda (?date=AAAA-MM-JJ&time=HH:MM); anything else is ignored.
    initial["date"] = date_param(request.GET, "date", window=booking_window())
    initial["time"] = time_param(request.GET, "time")
    form = VisitBookingForm(request.POST or None, programme=request.programme, initial=initial)
    warnings = []
    advisors = list(form.fields["advisor"].queryset)  # read once: the select renders them from the same rows
    if len(advisors) == 1 and not initial["advisor"]:
        form.initial["advisor"] = advisors[0].pk
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        checked = _check_slot(form, request.programme, data["advisor"], request.user, dossier.commune)
        if checked:
            warnings = checked
        elif checked == []:
            try:
                visit = agenda.book(
                    dossier,
                    user=request.user,
                    roles=request.roles,
                    advisor=data["advisor"],
                    starts_at=data["starts_at"],
                    minutes=data["duration_minutes"],
                    note=data["preparation_note"],
                    questions=data["preparation_questions"],
                    expected_version=data["version"],
                )
            except agenda.SlotTaken as exc:  # booked meanwhile by someone else: the usual messages
                for message in exc.messages:
                    form.add_error(None, message)
            except TransitionRefused as exc:
                form.add_error(None, str(exc))
            else:
                when = date_format(timezone.localtime(visit.starts_at), "l j F Y à H:i")
                messages.success(
                    request,
                    _("Visite programmée le %(when)s. La fiche de préparation est envoyée à %(advisor)s.")
                    % {"when": when, "advisor": visit.advisor},
                )
                return redirect("visits:detail", pk=visit.pk)
    # The free slots of the coming two weeks, to pick from.
    today = timezone.localdate()
    days = [today + dt.timedelta(days=i) for i in range(1, 15)]
    chosen = parse_int(str(form["advisor"].value()), 1)
    advisor = next((a for a in advisors if a.pk == chosen), advisors[0] if advisors else None)
    slots = (
        agenda.free_slots_for(request.programme, advisor, request.user, days, config.slot_minutes) if advisor else []
    )
    context = {"dossier": dossier, "form": form, "warnings": warnings, "slots": slots[:12], "advisor": advisor}
    context["past_form"] = PastVisitForm(
        programme=request.programme, dossier=dossier, initial={"version": dossier.version, "advisor": advisor}
    )
    return render(request, "visits/book.html", context)


@require_POST
def record_past(request, pk):
    """Record a visit that already happened (catch-up of a paper dossier), with the reason, from the booking page."""
    dossier = dossier_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    if not policies.is_bookable(dossier):
        messages.error(request, _("Une visite se programme pour une demande reçue ou à contacter."))
        return redirect("cases:detail", pk=dossier.pk)
    form = PastVisitForm(request.POST, programme=request.programme, dossier=dossier)
    if form.is_valid():
        data = form.cleaned_data
        try:
            visit = agenda.record_past_visit(
                dossier,
                user=request.user,
                roles=request.roles,
                advisor=data["advisor"],
                starts_at=data["starts_at"],
                minutes=data["duration_minutes"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Visite passée enregistrée : le dossier est à l'étape « Visite réalisée »."))
            return redirect("visits:detail", pk=visit.pk)
    config = AgendaSettings.for_programme(request.programme)
    booking = VisitBookingForm(
        programme=request.programme,
        initial={"version": dossier.version, "duration_minutes": config.slot_minutes},
    )
    context = {"dossier": dossier, "form": booking, "warnings": [], "slots": [], "past_form": form, "open_past": True}
    return render(request, "visits/book.html", context)


def _visit_for(request, pk):
    visit = get_object_or_404(Visit.objects.select_related("dossier__commune__unite", "advisor", "coordinator"), pk=pk)
    # The visit is visible to the case workers who see its dossier (404 outside the dossier's scope).
    dossier_for(request, visit.dossier_id)
    if not policies.is_case_worker(request):
        policies.require_role(request, Role.COORDINATOR, Role.ADVISOR)
    return visit


@memo.page_scope
def detail(request, pk):
    visit = _visit_for(request, pk)
    is_coordinator = Role.COORDINATOR in request.roles
    editable = is_coordinator and visit.status == VisitStatus.PLANNED
    local = timezone.localtime(visit.starts_at)
    context = {
        "visit": visit,
        "dossier": visit.dossier,
        "changes": list(visit.changes.select_related("actor")),
        "can_edit": editable,
        "can_letter": is_coordinator and visit.status == VisitStatus.PLANNED,
        "move_form": MoveVisitForm(
            initial={
                "date": local.date(),
                "time": local.time(),
                "duration_minutes": visit.duration_minutes,
                "seen": visit.starts_at.isoformat(),
            }
        )
        if editable
        else None,
        "cancel_form": CancelVisitForm(initial={"version": visit.dossier.version}) if editable else None,
        **_household_notice(visit, is_coordinator),
    }
    return render(request, "visits/detail.html", context)


def _household_notice(visit, is_coordinator) -> dict:
    """After a move or a cancellation, the coordinator tells the household: a text ready for an SMS, the letter,
    and the button that records it (until then the page reminds her)."""
    last = next((c for c in reversed(visit.changes.all()) if c.kind != VisitChangeKind.BOOKED), None)
    if not is_coordinator or last is None or last.kind == VisitChangeKind.HOUSEHOLD_TOLD:
        return {"household_notice": None}
    programme = visit.dossier.programme
    when = date_format(timezone.localtime(visit.starts_at), "l j F à H:i")
    if last.kind == VisitChangeKind.MOVED:
        before = date_format(timezone.localtime(last.previous_starts_at), "l j F à H:i")
        text = _("%(slime)s : votre visite du %(before)s est déplacée au %(when)s.") % {
            "slime": programme.name,
            "before": before,
            "when": when,
        }
    else:
        text = _(
            "%(slime)s : votre visite du %(when)s est annulée. Nous vous rappellerons pour en fixer une autre."
        ) % {
            "slime": programme.name,
            "when": when,
        }
    if programme.contact_phone:
        text += " " + _("Questions : %(phone)s.") % {"phone": programme.contact_phone}
    return {
        "household_notice": {"text": text, "moved": last.kind == VisitChangeKind.MOVED},
        "told_form": HouseholdToldForm(),
    }


@require_POST
def household_told(request, pk):
    """The coordinator has told the household of the move or the cancellation: on the visit's history."""
    visit = _visit_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    form = HouseholdToldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez comment le ménage a été prévenu."))
        return redirect("visits:detail", pk=visit.pk)
    channel = dict(form.fields["channel"].choices)[form.cleaned_data["channel"]]
    VisitChange.objects.create(
        visit=visit,
        actor=request.user,
        kind=VisitChangeKind.HOUSEHOLD_TOLD,
        starts_at=visit.starts_at,
        note=str(channel),
    )
    transitions.record_event(
        visit.dossier,
        EventKind.NOTE,
        user=request.user,
        note=_("Ménage prévenu %(channel)s du changement de visite.") % {"channel": channel},
    )
    messages.success(request, _("C'est noté : le ménage est prévenu."))
    return redirect("visits:detail", pk=visit.pk)


def move(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    visit = _visit_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    form = MoveVisitForm(request.POST)
    warnings = []
    if visit.status == VisitStatus.PLANNED and form.is_valid():
        data = form.cleaned_data
        checked = _check_slot(form, request.programme, visit.advisor, visit.coordinator, visit.dossier.commune, visit)
        if checked:
            warnings = checked
        elif checked == []:
            try:
                agenda.move(
                    visit,
                    user=request.user,
                    starts_at=data["starts_at"],
                    minutes=data["duration_minutes"],
                    note=data["note"],
                    seen_starts_at=data.get("seen"),
                )
            except agenda.SlotTaken as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            except TransitionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Visite déplacée."))
                return redirect("visits:detail", pk=visit.pk)
    elif visit.status != VisitStatus.PLANNED:
        form.add_error(None, _("Seule une visite programmée peut être déplacée."))
    context = {
        "visit": visit,
        "dossier": visit.dossier,
        "changes": list(visit.changes.select_related("actor")),
        "can_edit": visit.status == VisitStatus.PLANNED,
        "can_letter": True,
        "move_form": form,
        "move_warnings": warnings,
        "cancel_form": CancelVisitForm(initial={"version": visit.dossier.version}),
        "open_move": True,
    }
    return render(request, "visits/detail.html", context, status=200)


def cancel(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    visit = _visit_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    form = CancelVisitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez le motif de l'annulation."))
        return redirect("visits:detail", pk=visit.pk)
    if visit.status != VisitStatus.PLANNED:
        messages.error(request, _("Cette visite n'est plus programmée."))
        return redirect("visits:detail", pk=visit.pk)
    try:
        agenda.cancel(
            visit,
            user=request.user,
            roles=request.roles,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except TransitionRefused as exc:
        messages.error(request, str(exc))
        return redirect("visits:detail", pk=visit.pk)
    messages.success(request, _("Visite annulée ; le dossier revient à l'étape « À contacter »."))
    return redirect("cases:detail", pk=visit.dossier_id)


def letter(request, pk):
    """The visit confirmation letter to the household, as a PDF (WeasyPrint)."""
    visit = _visit_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    from weasyprint import HTML

    html = render_to_string(
        "visits/letter.html", {"visit": visit, "dossier": visit.dossier, "today": timezone.localdate()}, request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="courrier-visite-{visit.dossier.reference}.pdf"'
    return response


def mine(request):
    policies.require_role(request, Role.ADVISOR, Role.COORDINATOR)
    today = timezone.localdate()
    person = {"advisor": request.user} if Role.ADVISOR in request.roles else {"coordinator": request.user}
    visits = Visit.objects.filter(dossier__programme=request.programme, **person)
    planned = visits.filter(status=VisitStatus.PLANNED)
    # The planned visits, 50 a page, read in time order from the (person, status, starts_at) index and stopped at
    # the page; the month's done visits, the last 30. Only the columns shown (not the dossiers' and users' other,
    # personal, ones), as values: ``mine_rows`` prepares what the template writes.
    paginator = Paginator(planned.order_by("starts_at", "pk").values(*mine_rows.PLANNED), PER_PAGE)
    # Counted without the joins of the columns shown. A coordinator has thousands of planned visits at a national
    # scale: joining each to its dossier to count those of the programme costs more than the page. A visit is
    # booked with members of its dossier's programme: for a person who never belonged to another programme, the
    # index alone counts them (the rows above keep the programme's condition whatever the count says).
    elsewhere = Membership.objects.filter(user=request.user).exclude(programme=request.programme).exists()
    paginator.count = (planned if elsewhere else Visit.objects.filter(status=VisitStatus.PLANNED, **person)).count()
    upcoming = paginator.get_page(int_param(request.GET, "page", 1, low=1, high=10**6))
    upcoming.object_list = mine_rows.planned(upcoming.object_list)
    # From the month's first midnight: a range of the (person, status, starts_at) index, not a date cast.
    since = agenda.day_bounds(today.replace(day=1))[0]
    recent = mine_rows.done(
        visits.filter(status=VisitStatus.DONE, starts_at__gte=since)
        .order_by("-starts_at")
        .values(*mine_rows.DONE)[:30]
    )
    return render(request, "visits/mine.html", {"upcoming": upcoming, "recent": recent, "today": today})
