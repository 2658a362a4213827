"""The network pages: health of the network, partner directory, referrers' postings, mobilisation events.

Open to the coordinator and the chefs (read), edited by the coordinator. Every page fetches its data in
a constant number of queries. The health page's figures come from ``network.figures`` (queries) and
``network.health`` (the arithmetic and the chart geometry, pure Python); its view only reads the parameters.
"""

import dataclasses

from django.contrib import messages
from django.db.models import Count, Max, OuterRef, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy as _l

from binome.accounts.models import Membership, Role
from binome.cases import policies
from binome.cases.models import Dossier
from binome.core.concurrency import StaleEdit
from binome.core.pages import query_without, window_page
from binome.core.queries import correlated_count
from binome.network import health as rules
from binome.network.figures import FAMILY_LABELS, Pages, health_figures, organisation_totals, year_range
from binome.network.filters import DirectoryFilter
from binome.network.forms import AttributeForm, HealthSearchForm, MobilisationEventForm, PostingForm
from binome.network.models import MobilisationEvent, Organisation, Posting, end_posting, move_referrer


READERS = (Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE)
MAX_PAGE = 10**6
HEALTH_PAGES = ("page_structures", "page_inactifs", "page_departs")
SHOWN_REFERRERS = 8  # names in a directory row; the organisation's page lists them all
MONTHS = [
    _l("janv."),
    _l("févr."),
    _l("mars"),
    _l("avr."),
    _l("mai"),
    _l("juin"),
    _l("juil."),
    _l("août"),
    _l("sept."),
    _l("oct."),
    _l("nov."),
    _l("déc."),
]


def _int_param(request, name, default, low, high):
    """The GET parameter ``name`` as an integer in [low, high]; anything else gives ``default``, never an error.

    Only ASCII digits count: ``"²"`` passes ``str.isdigit()`` but not ``int()``, and ``int()`` would take
    other scripts' digits, signs, spaces and underscores.
    """
    value = request.GET.get(name, "")
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        return default
    number = int(value)
    return number if low <= number <= high else default


def health(request):
    policies.require_role(request, *READERS)
    programme = request.programme
    today = timezone.localdate()
    years = year_range(programme, today)
    search = HealthSearchForm(request.GET)
    pages = Pages(
        name=search.cleaned_data["nom"] if search.is_valid() else "",
        organisations=_int_param(request, "page_structures", 1, 1, MAX_PAGE),
        dormant=_int_param(request, "page_inactifs", 1, 1, MAX_PAGE),
        departures=_int_param(request, "page_departs", 1, 1, MAX_PAGE),
    )
    figures = health_figures(
        programme,
        _int_param(request, "annee", today.year, years.start, years.stop - 1),
        today=today,
        dormant_months=_int_param(request, "mois", None, 1, 36),
        unite_id=_int_param(request, "ut", None, 1, 2**63 - 1),
        pages=pages,
    )
    context = {
        **{f.name: getattr(figures, f.name) for f in dataclasses.fields(figures)},
        "table_unites": figures.table_unites,
        "years": list(years),
        "dormant_choices": rules.dormant_choices(figures.months),
        "month_labels": MONTHS,
        "by_month_view": request.GET.get("vue") == "mois",
        "search": pages.name,
        "query": {name: query_without(request.GET, name) for name in HEALTH_PAGES},
    }
    return render(request, "network/health.html", context)


def directory(request):
    """The partners, 50 a page, searched by name, type and commune served; their requests' counts precomputed."""
    policies.require_role(request, *READERS)
    programme = request.programme
    filters = DirectoryFilter(request.GET, programme.organisations.order_by("kind", "name", "pk"), programme=programme)
    page = window_page(filters.qs, _int_param(request, "page", 1, 1, MAX_PAGE))
    organisations = page.object_list
    prefetch_related_objects(
        organisations,
        "unites",
        "sites",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(role=Role.REFERRER, is_active=True)
            .select_related("user")
            .order_by("user__last_name", "user__first_name"),
            to_attr="referrers",
        ),
    )
    totals = organisation_totals(programme)  # precomputed (core.summaries): counting them read ~45,000 rows at 500k
    for organisation in organisations:
        organisation.requests = totals.data["organisations"].get(str(organisation.pk), 0)
    return render(
        request,
        "network/directory.html",
        {
            "page": page,
            "organisations": organisations,
            "filters": filters,
            "query": query_without(request.GET, "page"),
            "family_labels": FAMILY_LABELS,
            "shown_referrers": SHOWN_REFERRERS,
            "totals": totals,
        },
    )


def organisation_detail(request, pk):
    policies.require_role(request, *READERS)
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related("unites", "sites__commune", "communes"),
        pk=pk,
        programme=request.programme,
    )
    postings = list(
        Posting.objects.filter(organisation=organisation).select_related("user", "unite").order_by("-starts_on")
    )
    referrer_ids = {p.user_id for p in postings} | set(
        Membership.objects.filter(organisation=organisation, role=Role.REFERRER).values_list("user_id", flat=True)
    )
    memberships = list(
        Membership.objects.filter(programme=request.programme, role=Role.REFERRER, user_id__in=referrer_ids)
        .select_related("user", "organisation")
        .order_by("user__last_name")
    )
    recent = list(
        organisation.dossiers.select_related("commune")
        .order_by("-created_at")
        .values("pk", "reference", "state", "created_at", "commune__name")[:20]
    )
    events = list(organisation.mobilisation_events.order_by("-date")[:10])
    context = {
        "organisation": organisation,
        "postings": postings,
        "memberships": memberships,
        "recent": recent,
        "events": events,
        "family": FAMILY_LABELS[organisation.source_family],
        "can_edit": Role.COORDINATOR in request.roles,
    }
    return render(request, "network/organisation_detail.html", context)


def referrer_detail(request, user_pk):
    policies.require_role(request, *READERS)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        programme=request.programme,
        role=Role.REFERRER,
        user_id=user_pk,
    )
    person = membership.user
    postings = list(
        person.postings.filter(organisation__programme=request.programme)
        .select_related("organisation", "unite")
        .order_by("-starts_on")
    )
    can_edit = Role.COORDINATOR in request.roles
    form = PostingForm(request.POST or None, programme=request.programme) if can_edit else None
    if request.method == "POST":
        policies.require_role(request, Role.COORDINATOR)
        if form.is_valid():
            data = form.cleaned_data
            if data["action"] == PostingForm.LEAVE:
                end_posting(person, on=data["on"])
                if not postings:
                    Membership.objects.filter(pk=membership.pk).update(is_active=False)
                messages.success(
                    request, _("Départ enregistré : la personne ne voit plus les demandes de sa structure.")
                )
            else:
                move_referrer(
                    person, data["organisation"], on=data["on"], unite=data["unite"], job_title=data["job_title"]
                )
                messages.success(
                    request, _("Nouveau poste enregistré : %(organisation)s.") % {"organisation": data["organisation"]}
                )
            return redirect("network:referrer", user_pk=person.pk)
    requests_count = Dossier.objects.filter(programme=request.programme, referrer=person).aggregate(
        n=Count("pk"), last=Max("created_at")
    )
    context = {
        "person": person,
        "membership": membership,
        "postings": postings,
        "form": form,
        "requests_count": requests_count,
    }
    return render(request, "network/referrer_detail.html", context)


def _count_per_event(rows):
    """How many of ``rows`` (a queryset with a ``mobilisationevent`` or ``mobilisation_event`` column filtered on
    the outer event) there are: a correlated count, read from that column's index for each event of the page."""
    return correlated_count(rows)


def event_list(request):
    """The programme's mobilisation events, the latest first, 50 a page, with three counts each.

    Each count is a subquery on its own table: three ``Count(distinct)`` over the joins of dossiers, people
    and organisations multiplied their rows (and made PostgreSQL compile the query).
    """
    policies.require_role(request, *READERS)
    through = MobilisationEvent.attendees.through, MobilisationEvent.organisations.through
    events = (
        MobilisationEvent.objects.filter(programme=request.programme)
        .select_related("unite")
        .annotate(
            requests=_count_per_event(Dossier.objects.filter(mobilisation_event=OuterRef("pk"))),
            present=_count_per_event(through[0].objects.filter(mobilisationevent=OuterRef("pk"))),
            organisations_count=_count_per_event(through[1].objects.filter(mobilisationevent=OuterRef("pk"))),
        )
        .order_by("-date", "-pk")
    )
    page = window_page(events, _int_param(request, "page", 1, 1, MAX_PAGE))
    return render(
        request,
        "network/event_list.html",
        {"page": page, "events": page.object_list, "can_edit": Role.COORDINATOR in request.roles},
    )


def event_edit(request, pk=None):
    policies.require_role(request, Role.COORDINATOR)
    programme = request.programme
    event = get_object_or_404(MobilisationEvent, pk=pk, programme=programme) if pk else None
    form = MobilisationEventForm(request.POST or None, instance=event, programme=programme)
    stale = None
    if request.method == "POST" and form.is_valid():
        if event is None:
            created = form.save(commit=False)
            created.programme = programme
            created.save()
            form.save_m2m()
            messages.success(request, _("Action de mobilisation enregistrée."))
            return redirect("network:event", pk=created.pk)
        try:
            saved = form.save_versioned()
        except StaleEdit as exc:
            stale, form = exc.changes, form.rebound_on(exc)
        else:
            messages.success(request, _("Action de mobilisation enregistrée."))
            return redirect("network:event", pk=saved.pk)
    return render(request, "network/event_form.html", {"form": form, "event": event, "stale": stale})


def event_detail(request, pk):
    policies.require_role(request, *READERS)
    event = get_object_or_404(
        MobilisationEvent.objects.select_related("unite").prefetch_related("organisations", "attendees"),
        pk=pk,
        programme=request.programme,
    )
    can_edit = Role.COORDINATOR in request.roles
    form = AttributeForm(request.POST or None, programme=request.programme) if can_edit else None
    if request.method == "POST":
        policies.require_role(request, Role.COORDINATOR)
        if form.is_valid():
            count = Dossier.objects.filter(pk__in=form.cleaned_data["references"], programme=request.programme).update(
                mobilisation_event=event
            )
            messages.success(request, _("%(count)d demande(s) rattachée(s) à cette action.") % {"count": count})
            return redirect("network:event", pk=event.pk)
    dossiers = list(event.dossiers.select_related("commune", "organisation").order_by("created_at"))
    context = {"event": event, "dossiers": dossiers, "form": form, "can_edit": can_edit}
    return render(request, "network/event_detail.html", context)
