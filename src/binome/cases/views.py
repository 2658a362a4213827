from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binome.accounts import policies
from binome.accounts.middleware import SESSION_KEY
from binome.accounts.models import Role
from binome.cases import referral_views, transitions
from binome.cases.forms import HouseholdForm
from binome.cases.models import EventKind, Motive
from binome.cases.workflow import (
    State,
)
from binome.core.concurrency import StaleEdit
from binome.visits.models import Visit


def home(request):
    roles = request.roles
    if request.programme is None:
        return render(request, "cases/no_programme.html", status=403)
    if roles & {Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE}:
        return redirect("cases:queue")
    if Role.ADVISOR in roles:
        return redirect("visits:mine")
    if Role.REFERRER in roles:
        return redirect("cases:my_requests")
    if Role.ADMIN in roles:
        return redirect("admin:index")
    return render(request, "cases/no_programme.html", status=403)


@require_POST
def switch_programme(request):
    wanted = request.POST.get("programme")
    if wanted and wanted.isdigit() and int(wanted) in {p.pk for p in request.programmes}:
        request.session[SESSION_KEY] = int(wanted)
    return redirect("home")


def _next_visit_subquery():
    return Subquery(
        Visit.objects.filter(dossier=OuterRef("pk"), status="planned").order_by("starts_at").values("starts_at")[:1]
    )


def _dossier_for(request, pk):
    return get_object_or_404(
        policies.visible_dossiers(request).select_related(
            "commune__unite", "organisation", "referrer", "advisor", "programme"
        ),
        pk=pk,
    )


def dossier_detail(request, pk):
    dossier = _dossier_for(request, pk)
    if not policies.is_case_worker(request):
        return referral_views.referrer_detail(request, dossier)
    events = list(dossier.events.select_related("actor").order_by("-at", "-pk"))
    visits = list(dossier.visits.select_related("advisor", "coordinator").order_by("-starts_at"))
    notes = {n.side: n for n in dossier.diagnosis_notes.select_related("author")}
    report = getattr(dossier, "report", None)
    orientations = list(dossier.orientations.all())
    from binome.orientations.forms import OrientationForm

    context = {
        "dossier": dossier,
        "events": events,
        "visits": visits,
        "planned_visit": next((v for v in visits if v.status == "planned"), None),
        "notes": notes,
        "report": report,
        "orientations": orientations,
        "actions": transitions.offered(dossier, request.user, request.roles),
        "motive_labels": [label for value, label in Motive.choices if value in dossier.motives],
        "orientation_form": OrientationForm(),
        "can_edit_household": policies.can_edit_household(request, dossier),
        "can_call": Role.COORDINATOR in request.roles and dossier.state not in {State.CLOSED},
        "can_book": Role.COORDINATOR in request.roles and dossier.state == State.TO_CONTACT,
        "can_edit_technical": policies.can_edit_diagnosis(request, dossier, "technical")
        and dossier.state in {State.SCHEDULED, State.VISITED},
        "can_edit_social": policies.can_edit_diagnosis(request, dossier, "social")
        and dossier.state in {State.SCHEDULED, State.VISITED},
        "can_edit_report": policies.can_edit_report(request, dossier),
        "can_give_opinion": policies.can_give_opinion(request, dossier),
        "can_manage_orientations": policies.can_manage_orientations(request, dossier),
    }
    return render(request, "cases/dossier_detail.html", context)


def dossier_edit(request, pk):
    dossier = _dossier_for(request, pk)
    if not policies.can_edit_household(request, dossier):
        policies.require_role(request, Role.COORDINATOR)
    form = HouseholdForm(request.POST or None, instance=dossier, programme=request.programme)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            form.save_versioned()
        except StaleEdit as exc:
            stale, form = exc.changes, form.rebound_on(exc)
        else:
            transitions.record_event(dossier, EventKind.NOTE, user=request.user, note=_("Fiche du ménage modifiée."))
            messages.success(request, _("Fiche du ménage enregistrée."))
            return redirect("cases:detail", pk=dossier.pk)
    return render(request, "cases/dossier_edit.html", {"dossier": dossier, "form": form, "stale": stale})
