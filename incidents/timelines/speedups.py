"""The timeline's two speed tricks, each in one place and measured by benches/timeline_bench.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from incidents.collector import collector_paused

__all__ = ["collector_paused", "instant_cache"]


def instant_cache() -> Callable[[int], datetime]:
    """Epoch seconds to aware UTC datetimes, each distinct instant made once per call."""
    made: dict[int, datetime] = {}

    def instant(seconds: int) -> datetime:
        value = made.get(seconds)
        if value is None:
            value = made[seconds] = datetime.fromtimestamp(seconds, UTC)
        return value

    return instant
