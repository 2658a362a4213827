"""A web process made ready before its first request: its modules loaded, then kept out of the garbage collector.

Python's cyclic garbage collector runs a full collection every so often, and a full collection walks every object
of the process: after Django, the apps and their URL conf are loaded, ~130,000 of them, for a pause of tens of
milliseconds in whichever request triggers it (the slowest requests of a page: its p95). ``settle`` loads what every
request uses, collects once, then freezes what is left (``gc.freeze``): those long-lived objects are no longer
walked, and collections only look at what requests create. Called by gunicorn after a worker has loaded the
application (``operations.gunicorn_conf.post_worker_init``) and by the page benchmark's workers (``bench/pages.py``),
so that the benchmark measures what production serves.
"""

import gc


def settle() -> int:
    """Load the URL conf (every view module), collect, freeze; returns the number of objects frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URL conf and every view it names
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
