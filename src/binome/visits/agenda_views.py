"""The binôme's shared agenda: the week and day views, each member's working hours and absences, and the
private calendar feeds (ICS) the visitors subscribe to. The rules live in ``agenda`` and ``scheduling``."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accounts.models import Membership, Role
from binome.cases import policies
from binome.core.params import choice_param, date_param, int_param
from binome.visits import agenda as agenda_service, ics
from binome.visits.forms import AbsenceForm, FeedForm, WeekHoursForm
from binome.visits.models import Absence, AgendaSettings, CalendarFeed, Visit, VisitStatus, WorkingPeriod


# The shared agenda.


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def agenda(request):
    policies.require_role(request, Role.COORDINATOR, Role.ADVISOR)
    programme = request.programme
    today = timezone.localdate()
    day = date_param(request.GET, "jour", today)  # 1900–2100: the week around it never overflows
    view = choice_param(request.GET, "vue", ["jour", "semaine"], "semaine")
    days = [day] if view == "jour" else [_week_start(day) + dt.timedelta(days=i) for i in range(5)]
    start, _end = agenda_service.day_bounds(days[0])
    end, _end2 = agenda_service.day_bounds(days[-1] + dt.timedelta(days=1))
    coordinator, advisor = agenda_service.binome_of(programme)
    people = [p for p in (coordinator, advisor) if p]
    visits = (
        Visit.objects.filter(
            dossier__programme=programme, status=VisitStatus.PLANNED, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("dossier__commune", "advisor", "coordinator")
        .order_by("starts_at")
    )
    if Role.COORDINATOR not in request.roles:
        # Whether each visit's dossier is one the person sees, in the same query (not the list of all the
        # dossiers an advisor followed over the years).
        visits = visits.annotate(shown=Exists(policies.visible_dossiers(request).filter(pk=OuterRef("dossier_id"))))
    visits = list(visits)
    for v in visits:
        v.hidden = not getattr(v, "shown", True)
    absences = list(
        Absence.objects.filter(programme=programme, starts_at__lt=end, ends_at__gt=start).select_related("user")
    )
    config = AgendaSettings.for_programme(programme)
    free = []
    if coordinator and advisor:
        free = agenda_service.free_slots_for(programme, advisor, coordinator, days, config.slot_minutes)
    columns = []
    for d in days:
        day_start, day_end = agenda_service.day_bounds(d)
        columns.append(
            {
                "day": d,
                "visits": [v for v in visits if timezone.localtime(v.starts_at).date() == d],
                "absences": [a for a in absences if a.starts_at < day_end and a.ends_at > day_start],
                "free": [s for s in free if s.date() == d],
            }
        )
    step = dt.timedelta(days=1 if view == "jour" else 7)
    booking = None
    dossier_pk = int_param(request.GET, "dossier", low=1)
    if dossier_pk is not None and Role.COORDINATOR in request.roles:
        booking = policies.visible_dossiers(request).filter(pk=dossier_pk).first()
    context = {
        "columns": columns,
        "view": view,
        "day": day,
        "today": today,
        "previous": day - step,
        "next": day + step,
        "people": people,
        "booking": booking,
        "is_coordinator": Role.COORDINATOR in request.roles,
    }
    return render(request, "visits/agenda.html", context)


# Calendar feeds.


def _active_feed(request):
    return CalendarFeed.objects.filter(user=request.user, programme=request.programme, revoked_at__isnull=True).first()


def feed_settings(request):
    policies.require_role(request, Role.COORDINATOR, Role.ADVISOR)
    feed = _active_feed(request)
    if request.method == "POST":
        action = request.POST.get("action")
        with transaction.atomic():
            if action in {"revoke", "renew"} and feed:
                CalendarFeed.objects.filter(pk=feed.pk).update(revoked_at=timezone.now())
                show = feed.show_names
                feed = None
                if action == "renew":
                    feed = CalendarFeed.objects.create(user=request.user, programme=request.programme, show_names=show)
                    messages.success(request, _("Nouvelle adresse créée : l'ancienne ne fonctionne plus."))
                else:
                    messages.success(request, _("Abonnement révoqué : l'adresse ne fonctionne plus."))
            elif action == "create" and not feed:
                feed = CalendarFeed.objects.create(user=request.user, programme=request.programme)
                messages.success(request, _("Adresse d'abonnement créée."))
            elif action == "names" and feed:
                form = FeedForm(request.POST, instance=feed)
                if form.is_valid():
                    form.save()
                    messages.success(request, _("Préférence enregistrée."))
        return redirect("visits:feed_settings")
    url = request.build_absolute_uri(reverse("visits:feed", kwargs={"token": feed.token})) if feed else None
    return render(
        request,
        "visits/feed_settings.html",
        {"feed": feed, "url": url, "form": FeedForm(instance=feed) if feed else None},
    )


@login_not_required
def feed(request, token):
    found = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True).select_related("user", "programme").first()
    )
    if found is None:
        raise Http404
    roles = set(
        Membership.objects.filter(user=found.user, programme=found.programme, is_active=True).values_list(
            "role", flat=True
        )
    )
    if not roles & {Role.COORDINATOR, Role.ADVISOR} or not found.user.is_active:
        raise Http404
    body = ics.build_feed(found, roles, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="binome.ics"'
    return response


def availability(request):
    """A member of the binôme records their working hours and absences."""
    policies.require_role(request, Role.COORDINATOR, Role.ADVISOR)
    programme, user = request.programme, request.user
    current = list(WorkingPeriod.objects.filter(programme=programme, user=user).order_by("weekday", "starts"))
    defaults = agenda_service.DEFAULT_HOURS
    initial = {}
    by_day = {}
    for period in current:
        by_day.setdefault(period.weekday, []).append((period.starts, period.ends))
    for day in range(5):
        periods = by_day.get(day, []) if current else defaults.get(day, [])
        for part, (start, end) in zip(("am", "pm"), periods, strict=False):
            initial[f"d{day}_{part}_start"], initial[f"d{day}_{part}_end"] = start, end
    hours_form = WeekHoursForm(initial=initial)
    absence_form = AbsenceForm()
    action = request.POST.get("action")
    if request.method == "POST" and action == "hours":
        hours_form = WeekHoursForm(request.POST)
        if hours_form.is_valid():
            with transaction.atomic():
                WorkingPeriod.objects.filter(programme=programme, user=user).delete()
                WorkingPeriod.objects.bulk_create(
                    WorkingPeriod(programme=programme, user=user, weekday=d, starts=s, ends=e)
                    for d, s, e in hours_form.cleaned_data["periods"]
                )
            messages.success(request, _("Horaires enregistrés."))
            return redirect("visits:availability")
    elif request.method == "POST" and action == "absence":
        absence_form = AbsenceForm(request.POST)
        if absence_form.is_valid():
            data = absence_form.cleaned_data
            start, _end = agenda_service.day_bounds(data["starts_on"])
            end, _end2 = agenda_service.day_bounds(data["ends_on"] + dt.timedelta(days=1))
            Absence.objects.create(programme=programme, user=user, starts_at=start, ends_at=end, label=data["label"])
            messages.success(request, _("Absence enregistrée."))
            return redirect("visits:availability")
    elif request.method == "POST" and action == "delete":
        pk = int_param(request.POST, "absence", low=1)
        deleted = pk is not None and Absence.objects.filter(pk=pk, user=user, programme=programme).delete()[0]
        if deleted:
            messages.success(request, _("Absence supprimée."))
        return redirect("visits:availability")
    absences = Absence.objects.filter(programme=programme, user=user, ends_at__gte=timezone.now()).order_by(
        "starts_at"
    )
    context = {
        "hours_form": hours_form,
        "absence_form": absence_form,
        "absences": absences,
        "has_hours": bool(current),
    }
    return render(request, "visits/availability.html", context)
