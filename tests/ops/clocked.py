"""One clock a test sets for gunicorn's workers and an `incidents scheduler` process alike: no sleeping for real days.

The product reads the time in one place, `incidents.db.now_utc` (every stamp the server makes: `reported_at`,
`requested_at`, `compiled_at`, the heartbeat, /readyz's now), and the scheduler's jobs through
`incidents.scheduler.clock` and APScheduler's own now (tests/briefs/clock.py, as the exactly-once tests move a
scheduler's time). Here both read a file the test writes: `{"at": ISO instant, "real": epoch seconds}`, time then
running on from `at` as the real clock does (so the scheduler's 2 s queue job and 30 s heartbeat tick as they would).

    gunicorn -c tests/ops/clocked_gunicorn.py wsgi:app        (INCIDENTS_TEST_CLOCK=<file>)
    python -m tests.ops.clocked scheduler [ARGS]                (the `incidents scheduler` command, on that clock)
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

CLOCK = "INCIDENTS_TEST_CLOCK"


def set_clock(path: Path, at: datetime) -> None:
    """Make it `at` now (an aware time) for every process reading the file; time runs on from there."""
    part = path.with_suffix(".part")
    part.write_text(json.dumps({"at": at.astimezone(UTC).isoformat(), "real": time.time()}))
    os.replace(part, path)


class FileClock:
    """The time the file says, run on by the real seconds since it was written; the real time without a file."""

    def __init__(self, path: str) -> None:
        self.path = path

    @property
    def now(self) -> datetime:
        try:
            with open(self.path) as f:
                told = json.load(f)
        except (OSError, ValueError):
            return datetime.now(UTC)
        return datetime.fromisoformat(told["at"]) + timedelta(seconds=time.time() - told["real"])

    def __call__(self) -> datetime:
        return self.now


def _test_clock_now() -> datetime:  # replaced in incidents.db's namespace by install()
    raise AssertionError("install() not run")


def install(scheduler: bool = False) -> None:
    """Point `incidents.db.now_utc` (its code: column defaults hold the function itself) at the file's clock; with
    `scheduler`, APScheduler's now and the scheduler's clock too."""
    import incidents.db

    clock = FileClock(os.environ[CLOCK])
    vars(incidents.db)["_test_clock_now"] = clock

    def now_utc() -> datetime:
        return _test_clock_now()

    incidents.db.now_utc.__code__ = now_utc.__code__
    if scheduler:
        from tests.briefs.clock import install as install_scheduler

        install_scheduler(clock, setattr)  # type: ignore[arg-type]


def main(args: list[str]) -> Any:
    """`incidents ARGS` on the file's clock (`scheduler`: the long-running scheduler process)."""
    install(scheduler=args[:1] == ["scheduler"])
    from incidents.__main__ import main as incidents

    sys.argv = ["incidents", *args]
    return incidents()


if __name__ == "__main__":
    main(sys.argv[1:])
