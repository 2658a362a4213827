from django import template
from django.utils import timezone

from binome.accounts.models import Role
from binome.cases.workflow import State
from binome.coordination import coverage, services
from binome.coordination.forms import CallForm, DerogationForm
from binome.coordination.models import CoordinationSettings, Derogation


register = template.Library()

CALLABLE = {State.RECEIVED, State.TO_CONTACT, State.WAITING_LIST, State.DEFERRED, State.SCHEDULED}


@register.inclusion_tag("coordination/includes/dossier_panel.html", takes_context=True)
def coordination_panel(context, dossier):
    """The coordinator's block on a dossier page: calls, contact delay, coverage and derogation."""
    request = context["request"]
    is_coordinator = Role.COORDINATOR in request.roles
    today = timezone.localdate()
    derogation = Derogation.objects.filter(dossier=dossier).select_related("granted_by").first()
    plan = services.plan_for(dossier.programme)
    decision = coverage.intake(plan, dossier.commune.unite_id, today.year, derogation is not None)
    config = CoordinationSettings.for_programme(dossier.programme)
    attempts = services.failed_attempts(dossier, dossier.programme)
    first = services.first_contact(dossier)
    return {
        "dossier": dossier,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "is_coordinator": is_coordinator,
        "can_call": is_coordinator and dossier.state in CALLABLE,
        "call_form": CallForm(),
        "derogation": derogation,
        "derogation_form": DerogationForm(),
        "decision": decision,
        "year": today.year,
        "attempts": attempts,
        "attempts_needed": config.unreachable_attempts,
        "first_contact": first,
        "contact_days": (first.at - dossier.created_at).days if first else None,
        "can_book": is_coordinator and dossier.state in {State.RECEIVED, State.TO_CONTACT},
        "intake_open": decision.intake in {coverage.Intake.OPEN, coverage.Intake.DEROGATION},
    }
