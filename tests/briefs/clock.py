"""A controlled clock for APScheduler and the brief jobs: no sleeping for real hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any


class Clock:
    """The time the scheduler and the jobs believe it is; tests move it."""

    def __init__(self, now: datetime) -> None:
        self.now = now.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now.astimezone(UTC)

    def advance(self, **kw: Any) -> None:
        self.now += timedelta(**kw)


def install(clock: Clock, setattr_: Any) -> None:
    """Point APScheduler's notion of now, and the brief jobs' clock, at `clock` (setattr_: monkeypatch.setattr)."""
    import apscheduler.executors.base
    import apscheduler.schedulers.base
    import apscheduler.triggers.interval

    import incidents.scheduler

    class FakeDatetime(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return clock.now.astimezone(tz) if tz is not None else clock.now.replace(tzinfo=None)

    for module in (apscheduler.schedulers.base, apscheduler.executors.base, apscheduler.triggers.interval):
        setattr_(module, "datetime", FakeDatetime)
    setattr_(incidents.scheduler, "clock", clock)
