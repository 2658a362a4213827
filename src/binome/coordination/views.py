"""Coordination pages: the triage queue, calls, transitions, derogations, bulk actions, the shared agenda and
the calendar feeds. Views stay thin: the rules live in ``priority``, ``coverage``, ``visits.scheduling``."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binome.accounts import policies
from binome.accounts.models import Membership, Role
from binome.cases import transitions
from binome.cases.forms import TransitionForm
from binome.cases.models import CallOutcome, DossierEvent, EventKind, Motive
from binome.cases.views import _dossier_for, _next_visit_subquery
from binome.cases.workflow import ENDED_EARLY_STATES, STATE_LABELS, WAITING_STATES, State, TransitionRefused
from binome.coordination import coverage, ics, services
from binome.coordination.forms import AbsenceForm, BulkForm, CallForm, DerogationForm, FeedForm, WeekHoursForm
from binome.coordination.models import (
    Absence,
    CalendarFeed,
    CallBack,
    CoordinationSettings,
    Derogation,
    WorkingPeriod,
)
from binome.network.models import Organisation
from binome.territory.models import UniteTerritoriale
from binome.visits import agenda as agenda_service
from binome.visits.models import Visit, VisitStatus
from binome.visits.scheduling import expected_dates


QUEUE_GROUPS = {
    "a-traiter": (_("À traiter"), [State.RECEIVED, State.TO_CONTACT]),
    "en-attente": (_("En attente"), list(WAITING_STATES)),
    "visites": (_("Visites programmées"), [State.SCHEDULED]),
    "comptes-rendus": (_("Comptes-rendus"), [State.VISITED, State.IN_REVIEW]),
    "validation": (_("En validation"), [State.IN_VALIDATION]),
    "orientation": (_("Suivi des orientations"), [State.SENT]),
    "termines": (_("Terminés"), [State.CLOSED, *ENDED_EARLY_STATES]),
}
PRIORITISED_GROUPS = {"a-traiter", "en-attente"}
DEFAULT_GROUP_BY_ROLE = {Role.CHEF_MISSION: "validation", Role.CHEF_SERVICE: "validation"}
FAILED = list(coverage.FAILED_CALL_OUTCOMES)


def _call_annotations(today):
    calls = DossierEvent.objects.filter(dossier=OuterRef("pk"), kind=EventKind.CALL)
    last_reached = Max("events__at", filter=Q(events__kind=EventKind.CALL, events__call_outcome=CallOutcome.REACHED))
    return {
        "has_derogation": Exists(Derogation.objects.filter(dossier=OuterRef("pk"))),
        "contacted_at": Min(
            "events__at", filter=Q(events__kind=EventKind.CALL, events__call_outcome=CallOutcome.REACHED)
        ),
        "last_reached_at": last_reached,
        "call_count": Count("events", filter=Q(events__kind=EventKind.CALL)),
        "last_call_outcome": Subquery(calls.order_by("-at", "-pk").values("call_outcome")[:1]),
        "call_back_on": Subquery(
            CallBack.objects.filter(event__dossier=OuterRef("pk")).order_by("-event__at").values("on")[:1]
        ),
    }


def _failed_since_reached(dossiers):
    """Failed calls since each dossier's last successful one, in one query."""
    pks = [d.pk for d in dossiers]
    counts = dict.fromkeys(pks, 0)
    last = {d.pk: d.last_reached_at for d in dossiers}
    for dossier_id, at in DossierEvent.objects.filter(
        dossier_id__in=pks, kind=EventKind.CALL, call_outcome__in=FAILED
    ).values_list("dossier_id", "at"):
        if last[dossier_id] is None or at > last[dossier_id]:
            counts[dossier_id] += 1
    return counts


def binome_of(programme):
    """The coordinator and energy advisor whose shared agenda is shown (first active of each role)."""
    people = {}
    for membership in (
        Membership.objects.filter(programme=programme, is_active=True, role__in=[Role.COORDINATOR, Role.ADVISOR])
        .select_related("user")
        .order_by("user__last_name", "user__pk")
    ):
        people.setdefault(membership.role, membership.user)
    return people.get(Role.COORDINATOR), people.get(Role.ADVISOR)


def _expected(programme, open_dossiers, today):
    """Expected visit date of each open request (those the binôme may visit this year), by queue position."""
    coordinator, advisor = binome_of(programme)
    config = CoordinationSettings.for_programme(programme)
    horizon = [today + dt.timedelta(days=i) for i in range(1, 29)]
    free = []
    if coordinator and advisor:
        free = agenda_service.free_slots_for(programme, advisor, coordinator, horizon, config.slot_minutes)
    dates = expected_dates(len(open_dossiers), free, config.weekly_capacity, horizon[-1])
    return {d.pk: day for d, day in zip(open_dossiers, dates, strict=True)}


def _next_action(d, attempts_needed, today):
    if d.state == State.RECEIVED:
        return _("Prendre en charge et appeler")
    if d.state in WAITING_STATES:
        if d.intake.intake in {coverage.Intake.OPEN, coverage.Intake.DEROGATION}:
            return _("Reprendre la demande")
        if d.intake.intake == coverage.Intake.DEFER:
            return _("Attendre %(year)s") % {"year": d.intake.year}
        return _("Attendre une place")
    if d.call_back_on and d.call_back_on > today:
        return _("Rappeler le %(day)s") % {"day": d.call_back_on.strftime("%d/%m")}
    if d.last_call_outcome == CallOutcome.REACHED:
        return _("Programmer la visite")
    if d.failed_calls >= attempts_needed:
        return _("Déclarer injoignable")
    if d.intake.intake in {coverage.Intake.DEFER, coverage.Intake.WAITING_LIST}:
        return _("UT non couverte : reporter ou dérogation")
    return _("Appeler") if not d.call_count else _("Rappeler")


def queue(request):
    policies.require_role(request, Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE)
    programme = request.programme
    today = timezone.localdate()
    default_group = next((DEFAULT_GROUP_BY_ROLE[r] for r in request.roles if r in DEFAULT_GROUP_BY_ROLE), "a-traiter")
    if Role.COORDINATOR in request.roles:
        default_group = "a-traiter"
    group = request.GET.get("etape", default_group)
    if group not in QUEUE_GROUPS:
        group = default_group
    unites = list(UniteTerritoriale.objects.filter(programme=programme))
    organisations = list(Organisation.objects.filter(programme=programme).order_by("name"))
    unite, source, state = request.GET.get("ut", ""), request.GET.get("source", ""), request.GET.get("etat", "")
    filtered = policies.visible_dossiers(request)
    if unite.isdigit():
        filtered = filtered.filter(commune__unite_id=int(unite))
    if source.isdigit():
        filtered = filtered.filter(organisation_id=int(source))
    elif source == "direct":
        filtered = filtered.filter(organisation__isnull=True)
    counts = filtered.aggregate(
        **{key: Count("pk", filter=Q(state__in=states)) for key, (_label, states) in QUEUE_GROUPS.items()}
    )
    group_states = QUEUE_GROUPS[group][1]
    if state in {s.value for s in group_states}:
        group_states = [State(state)]
    dossiers = (
        filtered.filter(state__in=group_states)
        .select_related("commune__unite", "organisation", "advisor")
        .annotate(next_visit=_next_visit_subquery(), **_call_annotations(today))
    )
    config = CoordinationSettings.for_programme(programme)
    expected = {}
    if group in PRIORITISED_GROUPS:
        rows = services.prioritise(list(dossiers), programme, today)
        failed = _failed_since_reached(rows)
        for d in rows:
            d.failed_calls = failed[d.pk]
            d.next_action = _next_action(d, config.unreachable_attempts, today)
            d.bookable = d.state in {State.RECEIVED, State.TO_CONTACT} and d.intake.intake in {
                coverage.Intake.OPEN,
                coverage.Intake.DEROGATION,
            }
        # Expected dates follow the whole open queue of the programme, whatever the filters.
        if group == "a-traiter" and not unite and not source and not state:
            open_rows = [d for d in rows if d.intake.intake in {coverage.Intake.OPEN, coverage.Intake.DEROGATION}]
            expected = _expected(programme, open_rows, today)
        for d in rows:
            d.expected_on = expected.get(d.pk)
    else:
        rows = dossiers.order_by("-urgent", "created_at")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "groups": [(key, label, counts[key]) for key, (label, _states) in QUEUE_GROUPS.items()],
        "group": group,
        "group_label": QUEUE_GROUPS[group][0],
        "group_states": [(s.value, STATE_LABELS[s]) for s in QUEUE_GROUPS[group][1]],
        "prioritised": group in PRIORITISED_GROUPS,
        "page": page,
        "unites": unites,
        "unite": unite,
        "organisations": organisations,
        "source": source,
        "state": state,
        "today": today,
        "motive_labels": dict(Motive.choices),
        "bulk_actions": BulkForm.base_fields["action"].choices,
        "can_bulk": Role.COORDINATOR in request.roles and group in PRIORITISED_GROUPS,
        "filters": {"etape": group, "ut": unite, "source": source, "etat": state},
    }
    template = "coordination/includes/queue_table.html" if request.htmx else "coordination/queue.html"
    return render(request, template, context)


@require_POST
def bulk(request):
    policies.require_role(request, Role.COORDINATOR)
    visible = policies.visible_dossiers(request)
    form = BulkForm(request.POST, dossier_ids=list(visible.values_list("pk", flat=True)))
    back = request.POST.get("next") or reverse("cases:queue")
    if not back.startswith("/"):
        back = reverse("cases:queue")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    done, refused = [], []
    for dossier in visible.filter(pk__in=form.cleaned_data["dossiers"]).order_by("created_at"):
        try:
            transitions.apply(
                dossier,
                form.cleaned_data["action"],
                user=request.user,
                roles=request.roles,
                note=form.cleaned_data["note"],
            )
        except TransitionRefused as exc:
            refused.append(f"{dossier.reference} : {exc}")
        else:
            done.append(dossier.reference)
    if done:
        messages.success(
            request, _("%(n)s dossier(s) traités : %(refs)s.") % {"n": len(done), "refs": ", ".join(done)}
        )
    for line in refused:
        messages.error(request, line)
    return redirect(back)


@require_POST
def dossier_transition(request, pk, name):
    dossier = _dossier_for(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Action incomplète : rechargez la page et recommencez."))
        return redirect("cases:detail", pk=dossier.pk)
    try:
        event = transitions.apply(
            dossier,
            name,
            user=request.user,
            roles=request.roles,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Étape suivante : %(state)s.") % {"state": STATE_LABELS[State(event.to_state)]})
    if not policies.visible_dossiers(request).filter(pk=dossier.pk).exists():
        return redirect("home")
    return redirect("cases:detail", pk=dossier.pk)


def dossier_call(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    dossier = _dossier_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    form = CallForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            event = transitions.record_event(
                dossier, EventKind.CALL, user=request.user, note=data["note"], call_outcome=data["outcome"]
            )
            if data["call_back_on"]:
                CallBack.objects.create(event=event, on=data["call_back_on"])
        messages.success(request, _("Appel enregistré."))
        attempts = services.failed_attempts(dossier, dossier.programme)
        if dossier.state in {State.TO_CONTACT, State.WAITING_LIST} and attempts.unreachable:
            messages.warning(
                request,
                _("%(n)s appels sans réponse : vous pouvez déclarer le ménage injoignable.") % {"n": attempts.failed},
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("cases:detail", pk=dossier.pk)


@require_POST
def derogation(request, pk):
    dossier = _dossier_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    form = DerogationForm(request.POST)
    if form.is_valid():
        services.grant_derogation(dossier, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Dérogation enregistrée : la visite peut être programmée cette année."))
    else:
        messages.error(request, _("Indiquez le motif de la dérogation."))
    return redirect("cases:detail", pk=dossier.pk)


# The shared agenda.


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def agenda(request):
    policies.require_role(request, Role.COORDINATOR, Role.ADVISOR)
    programme = request.programme
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(request.GET.get("jour", ""))
    except ValueError:
        day = today
    view = "jour" if request.GET.get("vue") == "jour" else "semaine"
    days = [day] if view == "jour" else [_week_start(day) + dt.timedelta(days=i) for i in range(5)]
    start, _end = agenda_service.day_bounds(days[0])
    end, _end2 = agenda_service.day_bounds(days[-1] + dt.timedelta(days=1))
    coordinator, advisor = binome_of(programme)
    people = [p for p in (coordinator, advisor) if p]
    visits = list(
        Visit.objects.filter(
            dossier__programme=programme, status=VisitStatus.PLANNED, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("dossier__commune", "advisor", "coordinator")
        .order_by("starts_at")
    )
    if Role.COORDINATOR not in request.roles:
        visible = set(policies.visible_dossiers(request).values_list("pk", flat=True))
        for v in visits:
            v.hidden = v.dossier_id not in visible
    absences = list(
        Absence.objects.filter(programme=programme, starts_at__lt=end, ends_at__gt=start).select_related("user")
    )
    config = CoordinationSettings.for_programme(programme)
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
    dossier_pk = request.GET.get("dossier", "")
    if dossier_pk.isdigit() and Role.COORDINATOR in request.roles:
        booking = policies.visible_dossiers(request).filter(pk=int(dossier_pk)).first()
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
    return render(request, "coordination/agenda.html", context)


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
        return redirect("coordination:feed_settings")
    url = request.build_absolute_uri(reverse("coordination:feed", kwargs={"token": feed.token})) if feed else None
    return render(
        request,
        "coordination/feed_settings.html",
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


def coverage_plan(request):
    """Which UTs are open which year, and what waits in each of them."""
    policies.require_role(request, Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE)
    programme = request.programme
    today = timezone.localdate()
    plan = services.plan_for(programme)
    years = [y for y in range(today.year - 1, today.year + 3) if programme.start_year <= y <= programme.end_year]
    counts = {
        row["commune__unite"]: row
        for row in policies.visible_dossiers(request)
        .values("commune__unite")
        .annotate(
            intake=Count("pk", filter=Q(state__in=[State.RECEIVED, State.TO_CONTACT])),
            waiting=Count("pk", filter=Q(state=State.WAITING_LIST)),
            deferred=Count("pk", filter=Q(state=State.DEFERRED)),
            derogations=Count("derogation"),
        )
    }
    config = CoordinationSettings.for_programme(programme)
    year_end = (dt.date(today.year, 12, 31) - today).days < config.year_end_days
    rows = []
    for unite in UniteTerritoriale.objects.filter(programme=programme).order_by("name"):
        found = counts.get(unite.pk, {})
        rows.append(
            {
                "unite": unite,
                "years": [coverage.is_open(plan, unite.pk, y) for y in years],
                "open_now": coverage.is_open(plan, unite.pk, today.year),
                "next_year": coverage.covered_next_year(plan, unite.pk, today.year),
                "next_open": coverage.next_open_year(plan, unite.pk, today.year),
                **{k: found.get(k, 0) for k in ("intake", "waiting", "deferred", "derogations")},
            }
        )
    context = {"rows": rows, "years": years, "today": today, "year_end": year_end, "has_plan": bool(plan)}
    return render(request, "coordination/coverage.html", context)


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
            return redirect("coordination:availability")
    elif request.method == "POST" and action == "absence":
        absence_form = AbsenceForm(request.POST)
        if absence_form.is_valid():
            data = absence_form.cleaned_data
            start, _end = agenda_service.day_bounds(data["starts_on"])
            end, _end2 = agenda_service.day_bounds(data["ends_on"] + dt.timedelta(days=1))
            Absence.objects.create(programme=programme, user=user, starts_at=start, ends_at=end, label=data["label"])
            messages.success(request, _("Absence enregistrée."))
            return redirect("coordination:availability")
    elif request.method == "POST" and action == "delete":
        pk = request.POST.get("absence", "")
        deleted = pk.isdigit() and Absence.objects.filter(pk=int(pk), user=user, programme=programme).delete()[0]
        if deleted:
            messages.success(request, _("Absence supprimée."))
        return redirect("coordination:availability")
    absences = Absence.objects.filter(programme=programme, user=user, ends_at__gte=timezone.now()).order_by(
        "starts_at"
    )
    context = {
        "hours_form": hours_form,
        "absence_form": absence_form,
        "absences": absences,
        "has_hours": bool(current),
    }
    return render(request, "coordination/availability.html", context)
