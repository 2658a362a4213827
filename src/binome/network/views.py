"""The network pages: health of the network, partner directory, referrers' postings, mobilisation events.

Open to the coordinator and the chefs (read), edited by the coordinator. Every page fetches its data in
a constant number of queries; the arithmetic is in ``network.health`` (pure Python).
"""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Count, Max, Prefetch
from django.db.models.functions import ExtractMonth
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy as _l

from binome.accounts import policies
from binome.accounts.models import Membership, Role
from binome.cases.models import Dossier
from binome.core.concurrency import StaleEdit
from binome.network import health as rules
from binome.network.forms import AttributeForm, MobilisationEventForm, PostingForm
from binome.network.models import (
    MobilisationEvent,
    NetworkSettings,
    Organisation,
    Posting,
    SourceFamily,
    end_posting,
    move_referrer,
)
from binome.territory.models import CoverageYear, UniteTerritoriale


READERS = (Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE)
FAMILY_ORDER = [f.value for f in SourceFamily]
FAMILY_LABELS = dict(SourceFamily.choices)
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
    value = request.GET.get(name, "")
    if value.isdigit() and low <= int(value) <= high:
        return int(value)
    return default


def health(request):
    policies.require_role(request, *READERS)
    programme = request.programme
    today = timezone.localdate()
    year = _int_param(request, "annee", today.year, programme.start_year, max(programme.end_year, today.year))
    settings_ = NetworkSettings.for_programme(programme)
    months = _int_param(request, "mois", settings_.dormant_months, 1, 36)

    # 2-3. The directory and the territory.
    organisations = list(programme.organisations.order_by("name"))
    unites = list(UniteTerritoriale.objects.filter(programme=programme).order_by("name"))
    unite = next((u for u in unites if str(u.pk) == request.GET.get("ut")), None)

    # 1. Requests of the year by month, source family, organisation and UT (optionally one UT).
    requests = Dossier.objects.filter(programme=programme, created_at__year=year)
    if unite is not None:
        requests = requests.filter(commune__unite=unite)
    rows = list(
        requests.annotate(month=ExtractMonth("created_at"))
        .values("month", "source_family", "organisation_id", "commune__unite_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_family = defaultdict(int)
    by_org_ut = defaultdict(lambda: defaultdict(int))
    by_org_month = defaultdict(lambda: [0] * 12)
    unknown_family = 0
    for row in rows:
        if row["source_family"]:
            by_family[row["source_family"]] += row["n"]
        else:
            unknown_family += row["n"]
        by_org_ut[row["organisation_id"]][row["commune__unite_id"]] += row["n"]
        by_org_month[row["organisation_id"]][row["month"] - 1] += row["n"]
    total = sum(r["n"] for r in rows)
    mix = [
        {"key": s.key, "label": FAMILY_LABELS[s.key], "count": s.count, "percent": s.percent}
        for s in rules.shares(by_family, FAMILY_ORDER)
    ]
    bar, x = [], 0
    for part in mix:
        if part["percent"]:
            bar.append({"key": part["key"], "x": x, "width": part["percent"]})
            x += part["percent"]
    month_rows = rules.month_table(((r["month"], r["source_family"], r["n"]) for r in rows), FAMILY_ORDER)
    monthly = [
        {"label": FAMILY_LABELS[key], "key": key, "counts": counts, "total": sum(counts)}
        for key, counts in month_rows.items()
        if sum(counts)
    ]
    org_table = []
    for organisation in organisations:
        counts = by_org_ut.get(organisation.pk, {})
        org_table.append(
            {
                "organisation": organisation,
                "family": FAMILY_LABELS[organisation.source_family],
                "by_ut": [counts.get(u.pk, 0) for u in ([unite] if unite else unites)],
                "by_month": by_org_month[organisation.pk],
                "total": sum(counts.values()),
            }
        )
    org_table.sort(key=lambda r: (-r["total"], r["organisation"].name))
    without_org = by_org_ut.get(None, {})

    # 4-6. Referrers: current memberships, current postings, last request of each.
    memberships = list(
        Membership.objects.filter(programme=programme, role=Role.REFERRER, is_active=True)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name")
    )
    current_postings = {
        p.user_id: p
        for p in Posting.objects.filter(ends_on__isnull=True, organisation__programme=programme).select_related(
            "organisation", "unite"
        )
    }
    last_requests = dict(
        Dossier.objects.filter(programme=programme, referrer__isnull=False)
        .values("referrer_id")
        .annotate(last=Max("created_at"))
        .values_list("referrer_id", "last")
        .order_by()
    )
    people = []
    for membership in memberships:
        posting = current_postings.get(membership.user_id)
        last = last_requests.get(membership.user_id)
        activity = rules.ReferrerActivity(
            key=membership.user_id,
            posted_since=posting.starts_on if posting else timezone.localtime(membership.user.date_joined).date(),
            last_request=timezone.localtime(last).date() if last else None,
        )
        people.append(
            {
                "membership": membership,
                "posting": posting,
                "last_request": activity.last_request,
                "dormant": rules.is_dormant(activity, today, months),
            }
        )
    dormant = [p for p in people if p["dormant"]]
    active = [p for p in people if not p["dormant"]]

    # 7. Postings that ended in the last twelve months: moved (a new posting) or left.
    recent_ends = list(
        Posting.objects.filter(
            organisation__programme=programme, ends_on__gte=rules.months_before(today, 12), ends_on__lte=today
        )
        .select_related("user", "organisation", "unite")
        .order_by("-ends_on")
    )
    departures = [{"posting": p, "now": current_postings.get(p.user_id)} for p in recent_ends]

    # 8-9. Coverage plan of this year and next, and which organisations serve which UT.
    covered = defaultdict(set)
    for cov_year, unite_id in CoverageYear.objects.filter(
        programme=programme, year__in=[today.year, today.year + 1]
    ).values_list("year", "unite_id"):
        covered[cov_year].add(unite_id)
    change = rules.coverage_change(covered[today.year], covered[today.year + 1])
    served = defaultdict(set)
    for org_id, unite_id in Organisation.unites.through.objects.filter(organisation__programme=programme).values_list(
        "organisation_id", "uniteterritoriale_id"
    ):
        served[unite_id].add(org_id)
    org_by_pk = {o.pk: o for o in organisations}
    people_by_org = defaultdict(list)
    for person in people:
        people_by_org[person["membership"].organisation_id].append(person)

    def warning_rows(unite_ids):
        result = []
        for unite in unites:
            if unite.pk not in unite_ids:
                continue
            orgs = [org_by_pk[pk] for pk in sorted(served[unite.pk], key=lambda pk: org_by_pk[pk].name)]
            # People posted on the sector whose organisation does not declare serving it (e.g. a CAF agent).
            sector_people = [
                p
                for p in people
                if p["posting"]
                and p["posting"].unite_id == unite.pk
                and p["membership"].organisation_id not in served[unite.pk]
            ]
            result.append(
                {
                    "unite": unite,
                    "organisations": [{"organisation": o, "people": people_by_org.get(o.pk, [])} for o in orgs],
                    "sector_people": sector_people,
                }
            )
        return result

    context = {
        "year": year,
        "years": list(range(programme.start_year, max(programme.end_year, today.year) + 1)),
        "months": months,
        "dormant_choices": sorted({3, 6, 9, 12, 18, 24, months}),
        "month_labels": MONTHS,
        "total": total,
        "unknown_family": unknown_family,
        "mix": mix,
        "bar": bar,
        "monthly": monthly,
        "unites": unites,
        "table_unites": [unite] if unite else unites,
        "unite": unite,
        "org_table": org_table,
        "without_org": [without_org.get(u.pk, 0) for u in ([unite] if unite else unites)],
        "without_org_by_month": by_org_month[None],
        "by_month_view": request.GET.get("vue") == "mois",
        "without_org_total": sum(without_org.values()),
        "active": active,
        "dormant": dormant,
        "departures": departures,
        "opening": warning_rows(change.opening),
        "closing": warning_rows(change.closing),
        "next_year": today.year + 1,
    }
    return render(request, "network/health.html", context)


def directory(request):
    policies.require_role(request, *READERS)
    programme = request.programme
    organisations = list(
        programme.organisations.annotate(requests=Count("dossiers", distinct=True))
        .prefetch_related(
            "unites",
            "sites",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Role.REFERRER, is_active=True)
                .select_related("user")
                .order_by("user__last_name"),
                to_attr="referrers",
            ),
        )
        .order_by("kind", "name")
    )
    return render(
        request,
        "network/directory.html",
        {"organisations": organisations, "family_labels": FAMILY_LABELS},
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


def event_list(request):
    policies.require_role(request, *READERS)
    events = list(
        MobilisationEvent.objects.filter(programme=request.programme)
        .select_related("unite")
        .annotate(
            requests=Count("dossiers", distinct=True),
            present=Count("attendees", distinct=True),
            organisations_count=Count("organisations", distinct=True),
        )
        .order_by("-date")
    )
    return render(
        request,
        "network/event_list.html",
        {"events": events, "can_edit": Role.COORDINATOR in request.roles},
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
