"""The coordination rules applied to the database: coverage plan, priorities, expected delay, year change."""

from django.db import transaction
from django.db.models import CharField, OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases import transitions
from binome.cases.models import CallOutcome, EventKind
from binome.cases.workflow import WAITING_STATES
from binome.coordination import coverage, priority
from binome.coordination.models import CallBack, CoordinationSettings, Derogation
from binome.core import memo
from binome.territory.models import CoverageYear


REASON_LABELS = {
    "urgent": _("urgent"),
    "cut_risk": _("coupure"),
    "cut_risk_truce_ending": _("coupure, fin de trêve"),
    "cut_risk_during_truce": _("coupure (trêve)"),
    "winter": _("hiver"),
    "derogation": _("dérogation"),
    "year_end": _("dernière année couverte"),
    "age": _("ancienneté"),
}


def plan_for(programme, text: str | None = None) -> dict[int, frozenset]:
    """The programme's coverage plan, read once per page. ``text``: the plan read with a dossier (``plan_text``)."""
    return memo.once(("coverage-plan", programme.pk), lambda: _plan_for(programme) if text is None else _parse(text))


def plan_text(programme: str = "programme"):
    """The coverage plan of the dossier's programme as text, « year:unit » pairs separated by commas (empty when
    there is none), as an annotation: the dossier page reads it with the dossier. ``programme``: the outer query's
    reference to the programme (``"pk"`` on a query of programmes)."""
    pairs = (
        CoverageYear.objects.filter(programme=OuterRef(programme))
        .order_by()
        .values("programme")
        .annotate(
            text=StringAgg(Concat(Cast("year", CharField()), Value(":"), Cast("unite_id", CharField())), Value(","))
        )
        .values("text")
    )
    return Coalesce(Subquery(pairs), Value(""), output_field=TextField())


def _parse(text: str) -> dict[int, frozenset]:
    return _plan(tuple(map(int, pair.split(":"))) for pair in text.split(",") if pair)


def _plan_for(programme) -> dict[int, frozenset]:
    return _plan(CoverageYear.objects.filter(programme=programme).values_list("year", "unite_id"))


def _plan(pairs) -> dict[int, frozenset]:
    plan: dict[int, set] = {}
    for year, unite in pairs:
        plan.setdefault(year, set()).add(unite)
    return {year: frozenset(unites) for year, unites in plan.items()}


def request_of(dossier, plan, today) -> priority.Request:
    """The priority inputs of a dossier; expects ``has_derogation`` annotated or ``derogation`` loaded."""
    has_derogation = getattr(dossier, "has_derogation", None)
    if has_derogation is None:
        has_derogation = Derogation.objects.filter(dossier=dossier).exists()
    return priority.Request(
        key=dossier.pk,
        received_on=timezone.localtime(dossier.created_at).date(),
        urgent=dossier.urgent,
        motives=frozenset(dossier.motives or []),
        derogation=bool(has_derogation),
        covered_next_year=coverage.covered_next_year(plan, dossier.commune.unite_id, today.year),
    )


def _set_priority(dossier, item: priority.Priority, plan, today) -> None:
    dossier.priority = item.score
    dossier.reasons = [REASON_LABELS[r] for r in item.reasons if r != "age"]
    dossier.intake = coverage.intake(
        plan, dossier.commune.unite_id, today.year, bool(getattr(dossier, "has_derogation", False))
    )


def explain(dossiers, programme, today=None, *, config=None, plan=None) -> list:
    """Set ``priority``, ``reasons`` and ``intake`` on each of ``dossiers`` (a list), in the order given (the
    queue ranks in SQL, ``ranking``, and explains the page's rows). ``config``, ``plan``: the programme's
    ``CoordinationSettings`` and coverage plan when the caller has them."""
    today = today or timezone.localdate()
    plan = plan_for(programme) if plan is None else plan
    rules = (config or CoordinationSettings.for_programme(programme)).rules()
    for dossier in dossiers:
        _set_priority(dossier, priority.score(request_of(dossier, plan, today), today, rules), plan, today)
    return dossiers


def prioritise(dossiers, programme, today=None, *, config=None):
    """Sort ``dossiers`` (a list) by the programme's priority rules (``priority.rank``); set ``priority``,
    ``reasons`` and ``intake`` on each.

    ``config``: the programme's ``CoordinationSettings`` when the caller already has them."""
    today = today or timezone.localdate()
    plan = plan_for(programme)
    rules = (config or CoordinationSettings.for_programme(programme)).rules()
    by_pk = {d.pk: d for d in dossiers}
    result = []
    for item in priority.rank([request_of(d, plan, today) for d in dossiers], today, rules):
        _set_priority(by_pk[item.key], item, plan, today)
        result.append(by_pk[item.key])
    return result


def _page_calls(dossier):
    """The dossier's calls, oldest first, from the events the dossier page already read; None off a page."""
    events = memo.peek(("dossier-events", dossier.pk))
    if events is None:
        return None
    return [e for e in reversed(events) if e.kind == EventKind.CALL]


def failed_attempts(dossier, programme) -> coverage.Attempts:
    calls = _page_calls(dossier)
    if calls is not None:
        outcomes = [e.call_outcome for e in calls]
    else:
        outcomes = (
            dossier.events.filter(kind=EventKind.CALL).order_by("at", "pk").values_list("call_outcome", flat=True)
        )
    return coverage.call_attempts(outcomes, CoordinationSettings.for_programme(programme).unreachable_attempts)


def record_call(dossier, *, user, outcome: str, note: str = "", call_back_on=None) -> coverage.Attempts:
    """Record a call (and the day the household asked to be called back); return the failed attempts since
    the household was last reached."""
    with transaction.atomic():
        event = transitions.record_event(dossier, EventKind.CALL, user=user, note=note, call_outcome=outcome)
        if call_back_on:
            CallBack.objects.create(event=event, on=call_back_on)
    return failed_attempts(dossier, dossier.programme)


def first_contact(dossier):
    """The first successful call: it starts the « contacté » delay."""
    calls = _page_calls(dossier)
    if calls is not None:
        return next((e for e in calls if e.call_outcome == CallOutcome.REACHED), None)
    return dossier.events.filter(kind=EventKind.CALL, call_outcome=CallOutcome.REACHED).order_by("at", "pk").first()


def derogation_of(dossier) -> Derogation | None:
    """The dossier's derogation (with who granted it), read with the dossier on its page (``coordination.chain``)."""
    loaded, derogation = memo.loaded(dossier, "derogation")
    if loaded:
        return derogation
    return Derogation.objects.filter(dossier=dossier).select_related("granted_by").first()


def grant_derogation(dossier, *, user, reason: str) -> Derogation:
    with transaction.atomic():
        derogation, _created = Derogation.objects.update_or_create(
            dossier=dossier, defaults={"reason": reason.strip(), "granted_by": user, "granted_at": timezone.now()}
        )
        transitions.record_event(dossier, EventKind.NOTE, user=user, note=_("Dérogation : %s") % reason.strip())
    return derogation


def year_change(programme, new_year: int, *, user) -> list:
    """Resume the waiting and deferred requests that the new year's coverage plan opens."""
    plan = plan_for(programme)
    waiting = programme.dossiers.filter(state__in=WAITING_STATES).select_related("commune").order_by("created_at")
    derogations = set(Derogation.objects.filter(dossier__in=waiting).values_list("dossier_id", flat=True))
    keys = coverage.resume_at_year_change(
        [coverage.Waiting(d.pk, d.commune.unite_id, d.pk in derogations) for d in waiting], plan, new_year
    )
    resumed = []
    from binome.accounts.models import Role

    for dossier in waiting:
        if dossier.pk in keys:
            transitions.apply(
                dossier,
                "resume",
                user=user,
                roles={Role.COORDINATOR},
                note=_("Unité territoriale couverte en %(year)s : demande reprise.") % {"year": new_year},
            )
            resumed.append(dossier)
    return resumed


def coverage_guard(dossier, year: int) -> str | None:
    """Why a visit may not be planned in ``year`` (closed UT without derogation), or None."""
    plan = plan_for(dossier.programme)
    unite = dossier.commune.unite_id
    decision = coverage.intake(plan, unite, year, derogation_of(dossier) is not None)
    if decision.intake == coverage.Intake.DEFER:
        return _(
            "L'unité territoriale %(ut)s n'est pas couverte en %(year)s (elle le sera en %(next)s) : "
            "reportez la demande ou enregistrez une dérogation motivée."
        ) % {"ut": dossier.commune.unite.name, "year": year, "next": decision.year}
    if decision.intake == coverage.Intake.WAITING_LIST:
        return _(
            "L'unité territoriale %(ut)s n'est pas couverte en %(year)s : mettez la demande en liste d'attente "
            "ou enregistrez une dérogation motivée."
        ) % {"ut": dossier.commune.unite.name, "year": year}
    return None
