"""The follow-up calls: planned when the compte-rendu is sent, recorded by the coordinator.

``plan`` creates the calls at the programme's delays after the report date and copies the visit's values they
are compared with (``Baseline``, read from the diagnosis); it is idempotent, run by the listener of the "sent"
step and by the ``plan_follow_ups`` command. ``record_answers`` stores the questionnaire; ``record_no_answer``
counts a failed attempt and ends the call "unreachable" after the programme's number of attempts.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.cases import transitions
from binome.cases.models import CallOutcome, EventKind
from binome.core.concurrency import Change, StaleEdit
from binome.diagnosis import services as diagnosis
from binome.orientations import followup
from binome.orientations.models import Baseline, FollowUp, FollowUpStatus, OrientationSettings
from binome.orientations.services import report_sent_at


class CallRefused(Exception):
    """A follow-up call that cannot be recorded in its state; the message is French."""


def plan(dossier) -> list[FollowUp]:
    """Plan the dossier's follow-up calls from its report date (nothing when the report was not sent or the calls
    exist already) and copy the visit's values beside them."""
    sent_at = report_sent_at(dossier)
    if sent_at is None:
        return []
    config = OrientationSettings.for_programme(dossier.programme)
    report_day = timezone.localtime(sent_at).date()
    planned = [
        FollowUp(dossier=dossier, rank=p.rank, months=p.months, due_on=p.due_on)
        for p in followup.plan(report_day, config.delays)
    ]
    with transaction.atomic():
        FollowUp.objects.bulk_create(planned, ignore_conflicts=True)
        record_baseline(dossier)
    return list(dossier.follow_ups.all())


def record_baseline(dossier) -> Baseline:
    """The visit's values (cold, restriction, arrears, yearly energy spending), read from the diagnosis once."""
    existing = Baseline.objects.filter(dossier=dossier).first()
    if existing is not None:
        return existing
    stored = diagnosis.load_sections(dossier)
    values = followup.visit_values(diagnosis.section_data(stored))
    spending = None
    if "bills" in stored:
        panel = diagnosis.compute_panel(stored, dossier)
        if panel.bills is not None and panel.bills.energies:
            spending = panel.bills.total_energy_eur
    baseline, _created = Baseline.objects.get_or_create(
        dossier=dossier,
        defaults={
            "cold": values.cold,
            "restriction": values.restriction,
            "arrears": values.arrears,
            "yearly_energy_eur": spending,
        },
    )
    return baseline


def report_day(dossier) -> dt.date | None:
    sent_at = report_sent_at(dossier)
    return timezone.localtime(sent_at).date() if sent_at else None


def _stale(current: FollowUp) -> StaleEdit:
    changes = [Change(str(_("Statut")), str(current.get_status_display()))]
    if current.contacted_on:
        changes.append(Change(str(_("Date de l'appel")), current.contacted_on.strftime("%d/%m/%Y")))
    if current.attempts:
        changes.append(Change(str(_("Appels sans réponse")), str(current.attempts)))
    return StaleEdit(changes, current.version)


def _locked(follow_up, expected_version) -> FollowUp:
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.version != expected_version:
        raise _stale(locked)
    return locked


def record_answers(follow_up: FollowUp, answers: dict, *, user, expected_version: int) -> FollowUp:
    """Store the questionnaire's answers (the form's cleaned data); the call is done."""
    with transaction.atomic():
        locked = _locked(follow_up, expected_version)
        if locked.status == FollowUpStatus.CANCELLED:
            raise CallRefused(_("Cet appel de suivi a été annulé à la clôture du dossier."))
        for name, value in answers.items():
            setattr(locked, name, value)
        locked.status, locked.recorded_by, locked.version = FollowUpStatus.ANSWERED, user, locked.version + 1
        locked.save()
        contacted = timezone.make_aware(dt.datetime.combine(locked.contacted_on, dt.time(12)))
        transitions.record_event(
            locked.dossier,
            EventKind.CALL,
            user=user,
            call_outcome=CallOutcome.REACHED,
            at=min(contacted, timezone.now()),
            note=_("Appel de suivi à %(months)s mois : réponses enregistrées.") % {"months": locked.months},
        )
    return locked


def record_no_answer(follow_up: FollowUp, *, user, expected_version: int, at=None) -> FollowUp:
    """A call that did not get through; after the programme's number of attempts the household is unreachable."""
    at = at or timezone.now()
    max_attempts = OrientationSettings.for_programme(follow_up.dossier.programme).follow_up_attempts
    with transaction.atomic():
        locked = _locked(follow_up, expected_version)
        if locked.status != FollowUpStatus.PLANNED:
            raise CallRefused(
                _("Cet appel de suivi n'est plus à faire (%(status)s).") % {"status": locked.get_status_display()}
            )
        locked.attempts += 1
        locked.last_attempt_at, locked.version = at, locked.version + 1
        if followup.unreachable_after(locked.attempts, max_attempts):
            locked.status, locked.recorded_by = FollowUpStatus.UNREACHABLE, user
        locked.save()
        note = _("Appel de suivi à %(months)s mois : pas de réponse (%(n)s sur %(max)s).") % {
            "months": locked.months,
            "n": locked.attempts,
            "max": max_attempts,
        }
        if locked.status == FollowUpStatus.UNREACHABLE:
            note += " " + _("Ménage injoignable pour ce suivi.")
        transitions.record_event(
            locked.dossier, EventKind.CALL, user=user, call_outcome=CallOutcome.NO_ANSWER, at=at, note=note
        )
    return locked
