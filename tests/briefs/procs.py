"""Run in a child process by the exactly-once tests: a real scheduler, or a compile killed midway.

python -m tests.briefs.procs scheduler <db-url> <instance> <fake-now-iso>   (starts when told: tests/together.py)
python -m tests.briefs.procs killed <db-url> <instance> <event-id> <day> <now-iso>
python -m tests.briefs.procs killed-queued <db-url> <instance>   (the queue job's run of what was asked, killed so)
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date, datetime


def _app(url: str, instance: str):  # noqa: ANN202
    from incidents import create_app

    return create_app({"DATABASE_URL": url, "INSTANCE_PATH": instance, "SECRET_KEY": "child"})


def run_scheduler(url: str, instance: str, now_iso: str) -> None:
    """A BlockingScheduler whose start-up catch-up runs when the test says go; exits after it."""
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
    from apscheduler.schedulers.blocking import BlockingScheduler

    from incidents import scheduler as jobs
    from incidents.briefs import sweep
    from tests import together

    from .clock import Clock, install

    clock = Clock(datetime.fromisoformat(now_iso))
    install(clock, setattr)
    app = _app(url, instance)
    app.config["BRIEF_CATCHUP_DAYS"] = 1
    outcomes: list[str] = []
    original = sweep.compile_once

    def recording(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        result = original(*args, **kw)
        outcomes.append(result.reason)
        return result

    sweep.compile_once = recording
    scheduler = jobs.build(app, BlockingScheduler)

    def done(event) -> None:  # noqa: ANN001
        if event.job_id == jobs.SWEEP_JOB:
            scheduler.shutdown(wait=False)

    scheduler.add_listener(done, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    together.wait_for_go()
    scheduler.start()
    print("outcomes:" + ",".join(outcomes), flush=True)


def _die_at_the_insert() -> None:
    """Make a compile die (SIGKILL) after the brief row is inserted but before the commit."""
    from incidents.briefs import compiling

    original = compiling._insert

    def insert_then_die(session, values):  # noqa: ANN001, ANN202
        brief_id = original(session, values)
        session.flush()
        print(f"inserted {brief_id}", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    compiling._insert = insert_then_die


def run_killed(url: str, instance: str, event_id: str, day: str, now_iso: str) -> None:
    """Compile, and die (SIGKILL) after the brief row is inserted but before the commit."""
    from incidents.briefs import services

    app = _app(url, instance)
    _die_at_the_insert()
    services.compile_once(app.extensions["incidents.db"], int(event_id), date.fromisoformat(day),
                          now=datetime.fromisoformat(now_iso))


def run_killed_queued(url: str, instance: str) -> None:
    """The scheduler's queue job, its compile dying as run_killed's does: the request is left running."""
    from incidents import scheduler as jobs

    app = _app(url, instance)
    _die_at_the_insert()
    jobs.run_queue(app.extensions["incidents.db"])


if __name__ == "__main__":
    {"scheduler": run_scheduler, "killed": run_killed, "killed-queued": run_killed_queued}[sys.argv[1]](*sys.argv[2:])
