"""Shared by the conftest's ``advance`` and the orientation tests: a dossier followed to its end."""

from binome.orientations import calls, services


def settle_orientations(dossier, user, at):
    """Every orientation accepted then achieved, every follow-up call planned and answered, on ``at``."""
    calls.plan(dossier)
    for orientation in dossier.orientations.select_related("solution"):
        for status in ("accepted", "achieved"):
            orientation = services.move(orientation, status, expected_version=orientation.version, user=user, at=at)
    for call in dossier.follow_ups.all():
        answers = {"contacted_on": at.date(), "cold_now": False, "bills": "same"}
        calls.record_answers(call, answers, user=user, expected_version=call.version)
