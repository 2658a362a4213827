"""Values computed once per page: several blocks of a page ask the same question (the programme's settings, the
dossier's report, its events); inside ``page_scope`` the first answer is kept for the others.

Nothing is kept outside a scope: services, tasks, POST handlers and tests get fresh answers as before. A scope is
opened only around pages that read (GET), where nothing the memo holds changes while the page is built.
"""

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any


_store: ContextVar[dict | None] = ContextVar("binome_page_memo", default=None)


@contextmanager
def scope():
    token = _store.set({})
    try:
        yield
    finally:
        _store.reset(token)


def active() -> bool:
    return _store.get() is not None


def once(key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``, or the value it gave for ``key`` earlier in the current scope."""
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def peek(key: Hashable) -> Any:
    """The value kept for ``key`` in the current scope, or None (nothing is computed nor kept)."""
    store = _store.get()
    return None if store is None else store.get(key)


def page_scope(view):
    """Decorate a view: its GET and HEAD requests are built inside a scope."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        with scope():
            return view(request, *args, **kwargs)

    return wrapped


def loaded(instance, name: str) -> tuple[bool, Any]:
    """Whether the relation ``name`` of ``instance`` was fetched with it (``select_related``), and its value (None
    when there is no related row). Not fetched: ``(False, None)``, and nothing is queried.

    Only inside a scope, where the instance was read for the page being built: elsewhere an instance may live longer
    than the rows (a reverse one-to-one accessed while missing keeps ``None`` after the row is created), and the
    caller reads the row again."""
    cache = instance._state.fields_cache
    if _store.get() is None or name not in cache:
        return False, None
    return True, cache[name]


def annotated(instance, expressions: dict) -> dict:
    """The values of ``expressions`` (annotations of a query on ``instance``'s model): read with ``instance`` when
    its query asked for them, else now, in one query of their own."""
    if all(hasattr(instance, name) for name in expressions):
        return {name: getattr(instance, name) for name in expressions}
    return type(instance)._default_manager.filter(pk=instance.pk).values(**expressions).get()
