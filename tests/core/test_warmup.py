"""A web worker settles before its first request: its long-lived objects kept out of the full collections."""

import gc

from binome.core import warmup


def test_settle_freezes_what_is_loaded():
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        frozen = warmup.settle()
        # A frozen object can still be freed by reference counting (a frame, a cache entry) after settle has
        # counted: the permanent generation only shrinks, it never gains an object settle did not freeze.
        assert 0 <= frozen - gc.get_freeze_count() < 1_000
        assert frozen > 50_000  # Django, the apps and their URL conf
    finally:
        gc.unfreeze()


def test_every_gunicorn_worker_settles_once_the_application_is_loaded(monkeypatch):
    from binome.operations import gunicorn_conf

    settled = []
    monkeypatch.setattr(warmup, "settle", lambda: settled.append(True))
    gunicorn_conf.post_worker_init(worker=None)
    assert settled == [True]
