"""The timeline's two speed tricks, each in one place and measured by benches/timeline_bench.py."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a timeline's objects are built (and used).

    Tens of thousands of small objects are made and all kept until the page is rendered;
    the collection passes their allocation triggers scan them again and again and free
    nothing (at 5,000 outages, about a third of the page's time: benches/timeline_bench.py).
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


def instant_cache() -> Callable[[int], datetime]:
    """Epoch seconds to aware UTC datetimes, each distinct instant made once per call."""
    made: dict[int, datetime] = {}

    def instant(seconds: int) -> datetime:
        value = made.get(seconds)
        if value is None:
            value = made[seconds] = datetime.fromtimestamp(seconds, UTC)
        return value

    return instant
