"""What a serving process does once it has started (fazhi.wsgi).

`freeze_startup`: load the URLconf (and with it every view module), collect once, then move all
objects alive at that point into the collector's permanent generation (`gc.freeze`). For speed:
a started process holds ~150,000 long-lived objects (modules, classes, the ORM's metadata, the
URLconf), and each full (generation 2) collection walked all of them: ~200 ms on a two-core VM,
in the middle of whichever request happened to trigger it. That was the tail of the worklist's
search pages (p95 about twice p50). Objects made later are collected as usual.
"""

from __future__ import annotations

import gc


def freeze_startup() -> int:
    """Load what every request needs, then exempt it from cyclic collection; the number of objects
    now frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports the URLconf and every view module)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
