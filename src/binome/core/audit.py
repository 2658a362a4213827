"""The audit trail's two entry points, low in the layers so that every app's views can call them.

- ``record_read(request, obj, dossier=...)``: one INSERT of a ``ReadRecord`` (who, when, what, which dossier; ids
  only). Views call it once they have decided to show the page, photo, document or export.
- ``record_change(instance, before, after)``: a field-level change saved outside the model's ``save()`` (the
  versioned saves of ``core.concurrency`` and the autosaves use one conditional ``UPDATE``, which sends no
  signal), written to django-auditlog's trail as the signals would, with the actor its middleware put in context.
  Models that are not registered with auditlog are ignored.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

from binome.core.models import ReadKind, ReadRecord


def record_read(request, obj, *, dossier=None, kind: str | None = None) -> ReadRecord:
    """Record that the request's user read ``obj`` (of ``dossier``, defaulting to ``obj`` itself)."""
    dossier = dossier if dossier is not None else obj
    user = getattr(request, "user", None)
    programme = getattr(request, "programme", None)
    return ReadRecord.objects.create(
        at=timezone.now(),
        user_id=user.pk if user is not None and user.is_authenticated else None,
        programme_id=programme.pk if programme is not None else getattr(dossier, "programme_id", None),
        dossier_id=getattr(dossier, "pk", None),
        kind=kind or ReadKind.DOSSIER,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
    )


def _shown(value) -> str:
    return "None" if value is None else str(value)


def _root(name: str) -> str:
    """``data.comment`` (a key of a JSON field) is followed when its field ``data`` is."""
    return name.split(".", 1)[0]


def json_fields(prefix: str, data: dict | None) -> dict:
    """A JSON field's keys as ``prefix.key`` entries, so that a change names the key that changed."""
    return {f"{prefix}.{key}": value for key, value in (data or {}).items()}


def record_change(instance, before: dict, after: dict):
    """Write the fields of ``after`` that differ from ``before`` (old → new) to the trail, if the model is followed."""
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog

    if not auditlog.contains(type(instance)):
        return None
    registered = auditlog.get_model_fields(type(instance))
    followed = set(registered["include_fields"] or (f.name for f in instance._meta.concrete_fields))
    excluded = set(registered["exclude_fields"])
    changes = {
        name: [_shown(before.get(name)), _shown(value)]
        for name, value in after.items()
        if _root(name) in followed and _root(name) not in excluded and _shown(before.get(name)) != _shown(value)
    }
    if not changes:
        return None
    # A plain label: some records print through their dossier, which would cost a query here.
    label = f"{instance._meta.verbose_name} {instance.pk}"
    return LogEntry.objects.log_create(instance, action=LogEntry.Action.UPDATE, changes=changes, object_repr=label)


# The programme a change is filed under when the record does not say it (a diagnosis section knows its dossier,
# not its programme): the request's current programme (``AuditContextMiddleware``) or the job's (``programme``).
_programme: ContextVar[int | None] = ContextVar("audit_programme", default=None)


@contextmanager
def programme(programme_id: int | None):
    token = _programme.set(programme_id)
    try:
        yield
    finally:
        _programme.reset(token)


class AuditContextMiddleware:
    """After the membership middleware: the request's programme, for the trail entries written while it runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        current = getattr(request, "programme", None)
        with programme(current.pk if current is not None else None):
            return self.get_response(request)


# Outside a request (a job, a command, a partner's signed link) the programme is found from the dossier by the
# function a higher layer registers (``binome.privacy``): ``core`` does not know the dossiers.
_programme_of_dossier = None


def register_programme_lookup(lookup) -> None:
    global _programme_of_dossier
    _programme_of_dossier = lookup


def file_entry(sender, instance, **kwargs):
    """``pre_save`` of auditlog's entries: every entry says its programme (and its dossier when it has one)."""
    data = dict(instance.additional_data or {})
    if data.get("programme") is not None:
        return
    programme_id = _programme.get()
    if programme_id is None and data.get("dossier") is not None and _programme_of_dossier is not None:
        programme_id = _programme_of_dossier(data["dossier"])
    if programme_id is not None:
        data["programme"] = programme_id
        instance.additional_data = data
