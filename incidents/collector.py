"""The cyclic garbage collector paused while a big set of objects is built and kept (timelines, imports)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small objects are made and all kept.

    Its passes, triggered by allocations, scan them again and again and free nothing: at 5,000
    outages about a third of a timeline's time (benches/timeline_bench.py); for an import of
    100,000 rows, reading the file alone spent most of its time in them (benches/import_bench.py).
    Reference counting frees memory as usual; the collector resumes afterwards.
    """
    if not gc.isenabled():  # paused by a caller already
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
