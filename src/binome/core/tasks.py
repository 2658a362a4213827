"""Background tasks that retry (Django's tasks API has no retry of its own).

``retried_task`` replaces ``@task`` for work that may fail for a while (an SMTP server down, a network
hiccup)::

    @retried_task(label=_("Fiche de préparation au chargé de visite"), dossier_of=visit_dossier)
    def send_preparation_note(visit_id: int) -> int: ...

    send_preparation_note.enqueue(visit.pk)          # as with @task

An attempt that raises is enqueued again, with the attempt number in a ``_attempt`` keyword argument and, on a
backend that defers (the database worker), ``run_after`` set ``delays`` seconds later (1 min, then 5 min by
default: three attempts). The immediate backend of the tests and the demo runs the next attempt at once. After
the last attempt the failure is recorded as a ``core.TaskFailure`` (task, arguments, error class, the dossier
and programme ids given by ``dossier_of`` / ``programme_of`` called with the task's arguments), shown on the
dossier and in the coordinator's list, and ``TaskGaveUp`` is raised so the backend marks the result failed.
``relaunch(failure)`` enqueues a recorded failure again (three new attempts) and marks it relaunched.

Tasks take ids, never personal data: arguments are stored in the queue and in the failure. Logs carry the task,
the attempt and the error's class, never its message.
"""

import datetime as dt
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string


logger = logging.getLogger(__name__)

ATTEMPT = "_attempt"
DEFAULT_ATTEMPTS = 3
DEFAULT_DELAYS = (60, 300)  # seconds before the 2nd and the 3rd attempt


class TaskGaveUp(Exception):
    """Raised after the last attempt; its message names the task and the error class only."""


@dataclass(frozen=True)
class RetryPolicy:
    label: str
    attempts: int
    delays: tuple[int, ...]
    dossier_of: Callable | None = None
    programme_of: Callable | None = None

    def delay(self, attempt: int) -> int:
        """Seconds to wait after the failed ``attempt`` (1-based); the last delay repeats."""
        return self.delays[min(attempt, len(self.delays)) - 1] if self.delays else 0


# module path of the task → its policy and the task itself (for the list's labels and for relaunching).
REGISTRY: dict[str, tuple[RetryPolicy, object]] = {}


def retried_task(
    *,
    label,
    attempts: int = DEFAULT_ATTEMPTS,
    delays: tuple[int, ...] = DEFAULT_DELAYS,
    dossier_of: Callable | None = None,
    programme_of: Callable | None = None,
    **task_options,
):
    """Decorator: a Django task that is attempted ``attempts`` times before its failure is recorded."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    policy = RetryPolicy(label, attempts, tuple(delays), dossier_of, programme_of)

    def decorate(func):
        @functools.wraps(func)  # keeps the module path, so the worker imports the task by the function's name
        def attempt_once(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT, 1)
            try:
                return func(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - any failure is retried, then recorded
                return _after_failure(the_task, policy, args, kwargs, attempt, exc)

        the_task = task(**task_options)(attempt_once)
        REGISTRY[the_task.module_path] = (policy, the_task)
        return the_task

    return decorate


def _after_failure(the_task, policy: RetryPolicy, args, kwargs, attempt: int, exc: Exception):
    error = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if attempt < policy.attempts:
        delay = policy.delay(attempt) if the_task.get_backend().supports_defer else 0
        logger.warning(
            "task %s failed at attempt %d of %d (%s); next attempt in %ds",
            the_task.module_path,
            attempt,
            policy.attempts,
            error,
            delay,
        )
        _enqueue(the_task, args, kwargs, attempt + 1, delay)
        return None
    logger.error("task %s failed at its last attempt (%d): %s", the_task.module_path, attempt, error)
    _record(the_task, policy, args, kwargs, attempt, error)
    raise TaskGaveUp(f"{the_task.module_path}: {attempt} attempts, last error {error}") from None


def _enqueue(the_task, args, kwargs, attempt: int, delay: int):
    if delay:
        the_task = the_task.using(run_after=timezone.now() + dt.timedelta(seconds=delay))
    return the_task.enqueue(*args, **{**kwargs, ATTEMPT: attempt})


def _call(getter, args, kwargs):
    if getter is None:
        return None
    try:
        return getter(*args, **kwargs)
    except Exception:  # noqa: BLE001 - the record matters more than its links
        logger.exception("could not link the failure of a task to its dossier")
        return None


def _record(the_task, policy: RetryPolicy, args, kwargs, attempt: int, error: str) -> None:
    from binome.core.models import TaskFailure

    try:
        TaskFailure.objects.create(
            task=the_task.module_path,
            args=list(args),
            kwargs=dict(kwargs),
            attempts=attempt,
            error=error[:200],
            dossier_id=_call(policy.dossier_of, args, kwargs),
            programme_id=_call(policy.programme_of, args, kwargs),
        )
    except Exception:  # noqa: BLE001 - e.g. the database is the failure: the log keeps the trace
        logger.exception("could not record the failure of task %s", the_task.module_path)


def _registered(path: str):
    """The policy and task of ``path``, importing its module if this process has not yet (None if unknown)."""
    if path not in REGISTRY:
        try:
            import_string(path)
        except ImportError:
            return None
    return REGISTRY.get(path)


def label_of(failure) -> str:
    """The French label of a failed task (its module path if the task is no longer known)."""
    found = _registered(failure.task)
    return str(found[0].label) if found else failure.task


def relaunch(failure) -> bool:
    """Enqueue a recorded failure again (its attempts start over) and mark it relaunched; False if the task is
    no longer known."""
    found = _registered(failure.task)
    if found is None:
        return False
    type(failure).objects.filter(pk=failure.pk).update(resolved_at=timezone.now())
    _enqueue(found[1], failure.args, failure.kwargs, 1, 0)
    return True
