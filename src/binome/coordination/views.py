"""Coordination pages: the triage queue, calls, derogations, bulk actions and the coverage plan.
Views stay thin: the rules live in ``queue``, ``priority``, ``coverage``, ``services`` and ``cases.policies``;
the queue's GET parameters are parsed by ``filters.QueueFilter``."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binome.accounts.models import Role
from binome.cases import counts as case_counts, policies, transitions
from binome.cases.models import BEFORE_VISIT_STATE_LIST
from binome.cases.selectors import dossier_for
from binome.cases.workflow import State, TransitionRefused
from binome.coordination import coverage, queue as queue_service, services
from binome.coordination.filters import DIRECT, QueueFilter
from binome.coordination.forms import BulkForm, CallForm, DerogationForm, keep_refused_call
from binome.coordination.models import CoordinationSettings, Derogation
from binome.core import pages
from binome.core.tasks import label_of as task_label, relaunch as relaunch_task
from binome.core.widgets import PlainSelect
from binome.territory.models import UniteTerritoriale


def queue(request):
    """The triage queue: a tab of dossiers, filtered by UT, source and step (``queue`` holds the rules)."""
    policies.require_role(request, Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE)
    params = QueueFilter(
        request.GET,
        policies.visible_dossiers(request),
        programme=request.programme,
        default_group=queue_service.default_group(request.roles),
    )
    failures = policies.visible_task_failures(request).filter(resolved_at__isnull=True)
    show_failures = policies.can_manage_task_failures(request) and not request.htmx
    found = queue_service.build(
        params.query(),
        request.programme,
        timezone.localdate(),
        also_count={"failed_tasks": failures} if show_failures else None,
    )
    selected = params.selected()
    context = {
        "groups": found.tabs,
        "group": found.group,
        "group_label": found.label,
        "group_states": found.states,
        "prioritised": found.prioritised,
        "page": found.page,
        "count_cap": pages.COUNT_CAP,
        "unites": params.unites,
        "unite": selected["ut"],
        # Hundreds of organisations at national scale: their options written in Python (not by a template loop).
        "source_select": PlainSelect(
            attrs={"id": "filter-source"},
            choices=[
                ("", _("Toutes")),
                (DIRECT, _("Sans organisation (appel, courriel…)")),
                *((o.pk, o.name) for o in params.organisations),
            ],
        ).render("source", selected["source"]),
        "source": selected["source"],
        "state": selected["etat"],
        "search": selected["q"],
        "bulk_actions": BulkForm.base_fields["action"].choices,
        "can_bulk": policies.is_coordinator(request) and found.prioritised,
        "failed_tasks": found.counts.get("failed_tasks", 0),
    }
    template = "coordination/includes/queue_table.html" if request.htmx else "coordination/queue.html"
    return render(request, template, context)


@require_POST
def bulk(request):
    policies.require_role(request, Role.COORDINATOR)
    visible = policies.visible_dossiers(request)
    form = BulkForm(request.POST, dossier_ids=list(visible.values_list("pk", flat=True)))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None):  # a path of this site only
        back = reverse("coordination:queue")
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


def dossier_call(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    dossier = dossier_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    if not policies.can_call(request, dossier):
        raise PermissionDenied(_("Les appels s'enregistrent de la réception de la demande jusqu'à la visite."))
    form = CallForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempts = services.record_call(
            dossier, user=request.user, outcome=data["outcome"], note=data["note"], call_back_on=data["call_back_on"]
        )
        messages.success(request, _("Appel enregistré."))
        if policies.may_become_unreachable(dossier) and attempts.unreachable:
            messages.warning(
                request,
                _("%(n)s appels sans réponse : vous pouvez déclarer le ménage injoignable.") % {"n": attempts.failed},
            )
    else:
        # The dossier page shows the form again with what was typed and each error beside its field.
        keep_refused_call(request, dossier, form)
        messages.error(request, _("L'appel n'est pas enregistré : corrigez le formulaire ci-dessous."))
    return redirect(reverse("cases:detail", kwargs={"pk": dossier.pk}) + "#appel")


@require_POST
def derogation(request, pk):
    dossier = dossier_for(request, pk)
    policies.require_role(request, Role.COORDINATOR)
    form = DerogationForm(request.POST)
    if form.is_valid():
        services.grant_derogation(dossier, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Dérogation enregistrée : la visite peut être programmée cette année."))
    else:
        messages.error(request, _("Indiquez le motif de la dérogation."))
    return redirect("cases:detail", pk=dossier.pk)


def coverage_plan(request):
    """Which UTs are open which year, and what waits in each of them."""
    policies.require_role(request, Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE)
    programme = request.programme
    today = timezone.localdate()
    plan = services.plan_for(programme)
    years = [y for y in range(today.year - 1, today.year + 3) if programme.start_year <= y <= programme.end_year]
    # The requests not visited yet: the three roles see the whole programme (``policies.STAFF_ROLES``), whose
    # counts by UT and step are kept up to date (``cases.counts``) rather than counted over the whole backlog.
    by_step = case_counts.by_unite(programme, BEFORE_VISIT_STATE_LIST)
    # Each derogation's dossier looked up in the index of the dossiers not visited yet, as a join: as a sub-query
    # (``dossier__in``) PostgreSQL scanned the 72,000 dossiers not visited yet instead (10 ms at 500k, 3 ms so).
    derogations = dict(
        Derogation.objects.filter(dossier__programme=programme, dossier__state__in=BEFORE_VISIT_STATE_LIST)
        .values("dossier__commune__unite")
        .annotate(n=Count("pk"))
        .values_list("dossier__commune__unite", "n")
        .order_by()
    )
    counts = {
        unite_id: {
            "intake": steps.get(State.RECEIVED, 0) + steps.get(State.TO_CONTACT, 0),
            "waiting": steps.get(State.WAITING_LIST, 0),
            "deferred": steps.get(State.DEFERRED, 0),
        }
        for unite_id, steps in by_step.items()
    }
    for unite_id, n in derogations.items():
        counts.setdefault(unite_id, {})["derogations"] = n
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


# Background tasks that failed after their last attempt (``core.tasks``): listed, relaunched.


def failed_tasks(request):
    """The e-mails and other background tasks that failed three times, with their dossier, to relaunch."""
    if not policies.can_manage_task_failures(request):
        raise PermissionDenied(_("La liste des tâches en échec est réservée à la coordinatrice."))
    failures = list(policies.visible_task_failures(request).filter(resolved_at__isnull=True)[:200])
    ids = {f.dossier_id for f in failures if f.dossier_id}
    dossiers = policies.visible_dossiers(request).filter(pk__in=ids).in_bulk()
    rows = [{"failure": f, "label": task_label(f), "dossier": dossiers.get(f.dossier_id)} for f in failures]
    return render(request, "coordination/failed_tasks.html", {"rows": rows})


@require_POST
def failed_task_relaunch(request, pk):
    if not policies.can_manage_task_failures(request):
        raise PermissionDenied(_("La liste des tâches en échec est réservée à la coordinatrice."))
    failure = get_object_or_404(policies.visible_task_failures(request), pk=pk)
    if failure.resolved_at is not None:
        messages.info(request, _("Cette tâche a déjà été relancée."))
    elif relaunch_task(failure):
        messages.success(request, _("Tâche relancée : si elle échoue encore, elle reviendra dans cette liste."))
    else:
        messages.error(request, _("Cette tâche n'existe plus dans Binôme : elle ne peut pas être relancée."))
    return redirect("coordination:failed_tasks")
