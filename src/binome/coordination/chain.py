"""What the coordination adds to the dossier's chain (registered from ``CoordinationConfig.ready``).

- a visit is scheduled, or a waiting request resumed, only in a year its UT is covered (or with a derogation);
- a household is declared unreachable only after the programme's number of failed calls;
- the dossier page shows the coordinator's block: calls, contact delay, coverage and derogation (the derogation
  and the settings read with the dossier).
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases import chain, policies
from binome.coordination import coverage, services
from binome.coordination.forms import DerogationForm, call_form_for
from binome.coordination.models import CoordinationSettings
from binome.visits.chain import planned_visit


@chain.guard("schedule")
def _covered_in_visit_year(dossier, user, now):
    visit = planned_visit(dossier)
    if visit is None:
        return None  # the visits' own guard asks for a slot first
    return services.coverage_guard(dossier, timezone.localtime(visit.starts_at).year)


@chain.guard("resume")
def _covered_this_year(dossier, user, now):
    return services.coverage_guard(dossier, timezone.localtime(now).year)


@chain.guard("mark_unreachable")
def _enough_failed_calls(dossier, user, now):
    attempts = services.failed_attempts(dossier, dossier.programme)
    if not attempts.unreachable:
        return _(
            "%(needed)s appels sans réponse sont nécessaires avant de déclarer le ménage injoignable "
            "(%(failed)s notés depuis le dernier contact)."
        ) % {"needed": attempts.needed, "failed": attempts.failed}
    return None


@chain.page_read
def _read_with_dossier(queryset):
    """The derogation (who granted it), the coordination settings and the coverage plan, with the dossier."""
    return queryset.select_related("derogation__granted_by", "programme__coordination_settings").annotate(
        coverage_plan=services.plan_text()
    )


@chain.panel(10)
def _coordination_panel(request, dossier) -> str:
    """The coordinator's block on a dossier page: calls, contact delay, coverage and derogation (shown to the
    coordinators only: nothing is read for the other roles)."""
    if not policies.is_coordinator(request):
        return ""
    today = timezone.localdate()
    derogation = services.derogation_of(dossier)
    plan = services.plan_for(dossier.programme, getattr(dossier, "coverage_plan", None))
    decision = coverage.intake(plan, dossier.commune.unite_id, today.year, derogation is not None)
    first = services.first_contact(dossier)
    context = {
        "dossier": dossier,
        "can_call": policies.can_call(request, dossier),
        "call_form": call_form_for(request, dossier),
        "derogation": derogation,
        "derogation_form": DerogationForm(),
        "decision": decision,
        "year": today.year,
        "attempts": services.failed_attempts(dossier, dossier.programme),
        "attempts_needed": CoordinationSettings.for_programme(dossier.programme).unreachable_attempts,
        "first_contact": first,
        "contact_days": (first.at - dossier.created_at).days if first else None,
        "can_book": policies.can_book(request, dossier),
        "intake_open": decision.intake in {coverage.Intake.OPEN, coverage.Intake.DEROGATION},
    }
    return render_to_string("coordination/includes/dossier_panel.html", context, request=request)
