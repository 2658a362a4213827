"""What the orientations add to the dossier's chain (registered from ``OrientationsConfig.ready``).

- « clôturer » needs the orientations settled and the last follow-up call done; « clôturer avec un motif »
  needs only the reason, and both cancel the follow-up calls still planned;
- once the compte-rendu is sent (the step to "sent", whichever transition reaches it), the follow-up calls
  are planned and the visit's values copied beside them, after the commit, by a task;
- the coordinator's "Suivi des orientations" tab shows, for each dossier, its stale orientations and its next
  follow-up call (``coordination.queue`` hook);
- the dossier page shows the orientations block: each orientation, its partner and status, the follow-ups (the
  settings, and whether there are orientations and follow-ups, read with the dossier).
"""

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string

from binome.cases import chain, policies
from binome.cases.workflow import TRANSITIONS
from binome.coordination import queue
from binome.orientations import services
from binome.orientations.models import FollowUp, Orientation


@chain.guard("close")
def _settled(dossier, user, now):
    return services.closing_refusal(dossier)


def _cancel_follow_ups(dossier, user, note):
    services.cancel_planned_follow_ups(dossier)


for _name in ("close", "close_with_reason"):
    if _name in TRANSITIONS:
        chain.effect(_name)(_cancel_follow_ups)


@chain.listener
def _report_sent(event: chain.ChainEvent) -> None:
    if policies.is_report_dispatch(event.to_state):
        from binome.orientations.tasks import plan_dossier_follow_ups

        plan_dossier_follow_ups.enqueue(event.dossier_id)


queue.tab_rows("orientation")(services.follow_up_tab)


@chain.page_read
def _read_with_dossier(queryset):
    """The orientations' settings, and whether the dossier has orientations and follow-up calls, with the dossier."""
    return queryset.select_related("programme__orientation_settings").annotate(
        has_orientations=Exists(Orientation.objects.filter(dossier=OuterRef("pk"))),
        has_follow_ups=Exists(FollowUp.objects.filter(dossier=OuterRef("pk"))),
    )


@chain.panel(50)
def _orientations_panel(request, dossier) -> str:
    context = services.panel_context(request, dossier)
    return render_to_string("orientations/panels/orientations.html", context, request=request)
