"""The tour pages of the agenda: the proposal on a map, booking it in one action, the commune outlines the map
draws, and what the calls taught about a household (its availability and location)."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _, ngettext

from binome.accounts.models import Role
from binome.cases import policies
from binome.cases.selectors import dossier_for
from binome.planning.tours import FULL
from binome.visits import tours
from binome.visits.models import AvailabilityWindow, HouseholdAvailability
from binome.visits.tour_forms import HouseholdAvailabilityForm, TourForm


DEFAULT_WEEKS = 2
# The colours of the days, in the order of the days; tours.js draws the routes with the same ones.
PALETTE_SIZE = 10


PERIOD = ("debut", "semaines")


def _period_form(request) -> TourForm:
    """The period asked for in the query string (bound), or the form to fill, with tomorrow and two weeks."""
    if any(key in request.GET for key in PERIOD):
        return TourForm({key: request.GET.get(key, "") for key in PERIOD})
    today = timezone.localdate()
    return TourForm(initial={"debut": today + dt.timedelta(days=1), "semaines": DEFAULT_WEEKS})


def _period_query(request) -> str:
    """The period of the proposal, for the links that come back to it (empty when none was asked for)."""
    return urlencode([(key, request.GET[key]) for key in PERIOD if key in request.GET])


def tour_proposal(request):
    """The proposal for the chosen weeks: the map, the days' tours, the households left out and why.

    The solver searches for a few seconds: the page opens on the period's form, and the proposal is computed
    when the coordinator asks for it (« Calculer la proposition »), not on every visit of the page."""
    policies.require_role(request, Role.COORDINATOR)
    form = _period_form(request)
    context = {"form": form, "palette": range(PALETTE_SIZE), "period_query": _period_query(request)}
    if form.is_bound and form.is_valid():
        try:
            proposal = tours.propose(request, form.cleaned_data["debut"], form.cleaned_data["semaines"])
        except tours.NoBinome:
            context["no_binome"] = True
        else:
            context.update(_proposal_context(proposal))
    return render(request, "visits/tours.html", context)


def _proposal_context(proposal: tours.Proposal) -> dict:
    days = []
    for index, tour in enumerate(proposal.plan.tours):
        stops = [
            {
                "stop": stop,
                "dossier": proposal.dossiers.get(stop.key),
                "rank": proposal.rank.get(stop.key),
                "choice": tours.StopChoice(stop.key, stop.start, proposal.dossiers[stop.key].version).value
                if stop.key is not None
                else None,
            }
            for stop in tour.stops
        ]
        days.append({"tour": tour, "stops": stops, "colour": index % PALETTE_SIZE})
    unplaced = [
        {"item": u, "dossier": proposal.dossiers.get(u.key), "rank": proposal.rank.get(u.key)}
        for u in proposal.plan.unplaced
    ]
    placed = sum(len(t.new_stops) for t in proposal.plan.tours)
    full = [u for u in unplaced if u["item"].kind == FULL]
    return {
        "unplaced_own": [u for u in unplaced if u["item"].kind != FULL],
        "unplaced_full": full,
        "full_reason": full[0]["item"].reason if full else "",
        "proposal": proposal,
        "days": days,
        "unplaced": unplaced,
        "placed": placed,
        "beyond": max(0, proposal.waiting_count - len(proposal.dossiers)),
        "map_data": _map_data(proposal, days),
    }


def _map_data(proposal: tours.Proposal, days: list[dict]) -> dict:
    """What tours.js draws: the home point, each day's route and the households left out (no names)."""

    def point(stop_point):
        return [round(stop_point.latitude, 5), round(stop_point.longitude, 5)]

    return {
        "home": {"point": [proposal.home.latitude, proposal.home.longitude], "label": proposal.home.name},
        "days": [
            {
                "label": date_format(day["tour"].day, "l j F"),
                "colour": day["colour"],
                "stops": [
                    {
                        "point": point(s["stop"].point),
                        "label": s["stop"].label,
                        "time": timezone.localtime(s["stop"].start).strftime("%H:%M"),
                        "booked": s["stop"].booked,
                    }
                    for s in day["stops"]
                ],
            }
            for day in days
        ],
        "unplaced": [
            {"point": point(tours.point_of(x["dossier"])), "label": x["item"].label} for x in _unplaced_of(proposal)
        ],
        "outlines": reverse("visits:tour_communes"),
    }


def _unplaced_of(proposal: tours.Proposal) -> list[dict]:
    return [
        {"item": u, "dossier": proposal.dossiers[u.key]} for u in proposal.plan.unplaced if u.key in proposal.dossiers
    ]


def tour_book(request):
    """Book the ticked visits of the proposal, all or none, each through the agenda's booking rules."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    policies.require_role(request, Role.COORDINATOR)
    raw = request.POST.getlist("stop")
    choices = [c for c in (tours.StopChoice.parse(v) for v in raw) if c is not None]
    errors = []
    if len(choices) != len(raw):
        errors.append(_("Une visite de la proposition est illisible : recalculez la proposition."))
    elif not choices:
        errors.append(_("Cochez au moins une visite à réserver."))
    if not errors:
        try:
            visits = tours.book(request, choices)
        except tours.TourRefused as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s visite programmée. Les fiches de préparation sont envoyées au chargé de visite.",
                    "%(n)s visites programmées. Les fiches de préparation sont envoyées au chargé de visite.",
                    len(visits),
                )
                % {"n": len(visits)},
            )
            first = min(timezone.localtime(v.starts_at).date() for v in visits)
            return redirect(f"{reverse('visits:agenda')}?jour={first.isoformat()}")
    dossiers = {d.pk: d for d in policies.visible_dossiers(request).filter(pk__in=[c.dossier_pk for c in choices])}
    kept = [{"choice": c, "dossier": dossiers.get(c.dossier_pk)} for c in sorted(choices, key=lambda c: c.starts_at)]
    context = {"errors": errors, "kept": [k for k in kept if k["dossier"] is not None]}
    return render(request, "visits/tours_refused.html", context, status=200)


def tour_communes(request):
    """The outlines of the programme's communes (GeoJSON, from the reference data), for the tour map."""
    policies.require_role(request, Role.COORDINATOR)
    outlines = tours.communes_geojson(request.programme)
    response = JsonResponse(outlines or {"type": "FeatureCollection", "features": []})
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _availability_initial(found: HouseholdAvailability | None) -> dict:
    if found is None:
        return {}
    initial = {"not_before": found.not_before, "latitude": found.latitude, "longitude": found.longitude}
    by_day: dict[int, list] = {}
    for window in found.windows.all():
        by_day.setdefault(window.weekday, []).append(window)
    for day, windows in by_day.items():
        for part, window in zip(("am", "pm"), windows, strict=False):
            initial[f"d{day}_{part}_start"], initial[f"d{day}_{part}_end"] = window.starts, window.ends
    return initial


def household_availability(request, pk):
    """The coordinator records when the household is at home, from when, and where its dwelling is."""
    dossier = dossier_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    found = HouseholdAvailability.objects.filter(dossier=dossier).prefetch_related("windows").first()
    form = HouseholdAvailabilityForm(
        request.POST if request.method == "POST" else None,
        initial=_availability_initial(found),
        commune=dossier.commune,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            found, _created = HouseholdAvailability.objects.update_or_create(
                dossier=dossier,
                defaults={
                    "not_before": data["not_before"],
                    "latitude": data["latitude"],
                    "longitude": data["longitude"],
                },
            )
            found.windows.all().delete()
            AvailabilityWindow.objects.bulk_create(
                AvailabilityWindow(availability=found, weekday=d, starts=s, ends=e) for d, s, e in data["periods"]
            )
        messages.success(request, _("Disponibilités du ménage enregistrées."))
        if request.GET.get("retour") == "tournees":  # back to the proposal of the same period, computed again
            query = _period_query(request)
            return redirect(reverse("visits:tours") + (f"?{query}" if query else ""))
        return redirect("cases:detail", pk=dossier.pk)
    context = {"dossier": dossier, "form": form, "back_to_tours": request.GET.get("retour") == "tournees"}
    context["period_query"] = _period_query(request)
    return render(request, "visits/tours_household.html", context)
