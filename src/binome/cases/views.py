"""The dossier's own pages: home, programme switch, the dossier page, the household's card and the step buttons.

The dossier page shows the blocks the link apps register in ``cases.chain`` (calls, visit, diagnosis, report,
orientations, the referral hints); a donneur d'alerte sees the referral view instead.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binome.accounts.middleware import SESSION_KEY
from binome.accounts.models import Role
from binome.cases import chain, policies, referral_views, transitions, workflow
from binome.cases.forms import HouseholdForm, TransitionForm
from binome.cases.models import EventKind, Motive
from binome.cases.selectors import dossier_for
from binome.cases.workflow import TransitionRefused
from binome.core import audit, memo
from binome.core.concurrency import StaleEdit
from binome.core.params import int_param
from binome.core.tasks import label_of as task_label


def home(request):
    roles = request.roles
    if request.programme is None:
        return render(request, "cases/no_programme.html", status=403)
    if roles & {Role.COORDINATOR, Role.CHEF_MISSION, Role.CHEF_SERVICE}:
        return redirect("coordination:queue")
    if Role.ADVISOR in roles:
        return redirect("visits:mine")
    if Role.REFERRER in roles:
        return redirect("cases:my_requests")
    if Role.ADMIN in roles:
        return redirect("admin:index")
    return render(request, "cases/no_programme.html", status=403)


@require_POST
def switch_programme(request):
    wanted = int_param(request.POST, "programme", low=1)
    if wanted in {p.pk for p in request.programmes}:
        request.session[SESSION_KEY] = wanted
    return redirect("home")


def _page_reads(queryset):
    """What the blocks of the dossier page read with the dossier (``chain.page_read``), and whether a background task
    failed for it."""
    return chain.with_page_reads(queryset).annotate(has_task_failures=policies.has_task_failures())


@memo.page_scope
def dossier_detail(request, pk):
    case_worker = policies.is_case_worker(request)
    dossier = dossier_for(request, pk, extend=_page_reads if case_worker else None)
    audit.record_read(request, dossier)
    if not case_worker:
        return referral_views.referrer_detail(request, dossier)
    # Read once, before the blocks: the coordination block counts the calls from them.
    events = memo.once(
        ("dossier-events", dossier.pk), lambda: list(dossier.events.select_related("actor").order_by("-at", "-pk"))
    )
    main_panels, side_panels = chain.render_panels(request, dossier)
    context = {
        "dossier": dossier,
        "events": events,
        "actions": transitions.offered(dossier, request.user, request.roles),
        "motive_labels": [label for value, label in Motive.choices if value in dossier.motives],
        "main_panels": main_panels,
        "side_panels": side_panels,
        "can_edit_household": policies.can_edit_household(request, dossier),
        # Background tasks of this dossier that failed at their last attempt (an e-mail not sent).
        "task_failures": [(f, task_label(f)) for f in policies.dossier_task_failures(request, dossier)],
        "can_manage_task_failures": policies.can_manage_task_failures(request),
    }
    return render(request, "cases/dossier_detail.html", context)


def dossier_edit(request, pk):
    dossier = dossier_for(request, pk)
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


@require_POST
def dossier_transition(request, pk, name):
    dossier = dossier_for(request, pk)
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
        messages.success(request, workflow.done_message(name, event.to_state))
    if not policies.visible_dossiers(request).filter(pk=dossier.pk).exists():
        return redirect("home")
    return redirect("cases:detail", pk=dossier.pk)
