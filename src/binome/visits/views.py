from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from binome.accounts import policies
from binome.accounts.models import Role
from binome.cases import transitions
from binome.cases.views import _dossier_for
from binome.cases.workflow import State, TransitionRefused
from binome.visits.forms import VisitBookingForm
from binome.visits.models import Visit


def book(request, pk):
    dossier = _dossier_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    if dossier.state != State.TO_CONTACT:
        messages.error(request, "Une visite se programme pour un dossier à l'étape « À contacter ».")
        return redirect("cases:detail", pk=dossier.pk)
    form = VisitBookingForm(
        request.POST or None,
        programme=request.programme,
        coordinator=request.user,
        initial={"version": dossier.version, "advisor": dossier.advisor_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                visit = Visit.objects.create(
                    dossier=dossier,
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"],
                    advisor=data["advisor"],
                    coordinator=request.user,
                    preparation_note=data["preparation_note"],
                )
                type(dossier).objects.filter(pk=dossier.pk).update(advisor=data["advisor"])
                dossier.advisor = data["advisor"]
                when = date_format(timezone.localtime(visit.starts_at), "l j F Y à H:i")
                transitions.apply(
                    dossier,
                    "schedule",
                    user=request.user,
                    roles=request.roles,
                    note=f"Visite le {when} avec {data['advisor']}.",
                    expected_version=data["version"],
                )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Visite programmée le {when}.")
            return redirect("cases:detail", pk=dossier.pk)
    return render(request, "visits/book.html", {"dossier": dossier, "form": form})


def mine(request):
    policies.require_role(request, Role.ADVISOR, Role.COORDINATOR)
    today = timezone.localdate()
    visits = (
        Visit.objects.filter(dossier__programme=request.programme)
        .filter(advisor=request.user)
        .select_related("dossier__commune__unite", "coordinator")
        .order_by("starts_at")
    )
    if Role.COORDINATOR in request.roles and Role.ADVISOR not in request.roles:
        visits = Visit.objects.filter(dossier__programme=request.programme, coordinator=request.user).select_related(
            "dossier__commune__unite", "coordinator"
        )
    upcoming = [v for v in visits.filter(status="planned").order_by("starts_at")]
    recent = list(visits.filter(status="done", starts_at__date__gte=today.replace(day=1)).order_by("-starts_at")[:30])
    return render(request, "visits/mine.html", {"upcoming": upcoming, "recent": recent, "today": today})
