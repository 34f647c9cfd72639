"""The scheduler with a controlled clock: fires at 08:00 Asia/Shanghai on a UTC machine, catches up once."""

from __future__ import annotations

import threading
import time as systime
from datetime import UTC, datetime

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from incidents import scheduler as jobs
from incidents.briefs import services

from .clock import Clock, install
from .conftest import briefs, day_of, local


@pytest.fixture
def utc_machine(monkeypatch):
    """The machine's own zone is UTC: briefs must still follow the event's zone."""
    monkeypatch.setenv("TZ", "UTC")
    systime.tzset()
    yield
    monkeypatch.undo()
    systime.tzset()


class Runner:
    """A BackgroundScheduler on a controlled clock, and a way to wait for its jobs."""

    def __init__(self, app, clock: Clock) -> None:
        self.clock = clock
        self.done: dict[str, threading.Event] = {}
        self.errors: list[BaseException] = []
        self.executor = ThreadPoolExecutor()
        self.scheduler = jobs.build(app, BackgroundScheduler, executors={"default": self.executor})
        self.scheduler.add_listener(self._on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

    def _on_event(self, event) -> None:  # noqa: ANN001
        if event.exception is not None:
            self.errors.append(event.exception)
        self.done.setdefault(event.job_id, threading.Event()).set()

    def wait(self, job_id: str, timeout: float = 60) -> None:
        event = self.done.setdefault(job_id, threading.Event())
        assert event.wait(timeout), f"job {job_id} did not run"
        event.clear()
        assert not self.errors, self.errors

    def start(self) -> None:
        self.scheduler.start()
        self.wait(jobs.SWEEP_JOB)  # the catch-up at start

    def at(self, when: datetime, job_id: str) -> None:
        """Move the clock to `when`, wake the scheduler, and wait for the job."""
        self.clock.set(when)
        self.scheduler.wakeup()
        self.wait(job_id)

    def stop(self) -> None:
        # APScheduler 3's shutdown(wait=True) holds its job stores' lock while it waits for a running job, and the
        # sweep (scheduler.sync_jobs) asks for the jobs under that lock: a stop during a sweep waited for ever (a CI
        # run, 7 December). Stopped without waiting, the running jobs are then waited for with the lock free.
        self.scheduler.shutdown(wait=False)
        self.executor.shutdown(wait=True)


@pytest.fixture
def run(app, monkeypatch, utc_machine):
    runners: list[Runner] = []

    def make(now: datetime) -> Runner:
        clock = Clock(now)
        install(clock, monkeypatch.setattr)
        runner = Runner(app, clock)
        runners.append(runner)
        return runner

    yield make
    for runner in runners:
        runner.stop()


def test_fires_at_0800_shanghai_on_a_utc_machine(run, database, rainstorm):
    assert datetime.now().astimezone().utcoffset().total_seconds() == 0  # the machine is on UTC
    runner = run(local("2021-07-25 07:59"))
    runner.start()
    # The catch-up compiled the days already due (07-22, 07-23), not 07-24: due at 08:00.
    assert [d for d, _, _ in briefs(database, rainstorm.id)] == [day_of("2021-07-22"), day_of("2021-07-23")]
    job = runner.scheduler.get_job(jobs.EVENT_JOB.format(id=rainstorm.id))
    assert job.next_run_time == local("2021-07-25 08:00")  # 00:00 UTC
    assert job.next_run_time.astimezone(UTC).hour == 0
    runner.at(local("2021-07-25 08:00"), job.id)
    assert briefs(database, rainstorm.id)[-1] == (day_of("2021-07-24"), 1, "compiled")
    c = services.load_content(_brief(database, rainstorm.id, "2021-07-24"))
    assert c.header.cutoff == local("2021-07-25 08:00") and c.header.compiled_at == local("2021-07-25 08:00")
    assert job.next_run_time == local("2021-07-26 08:00")


def _brief(database, event_id: int, day: str):  # noqa: ANN202
    import sqlalchemy as sa

    from incidents.models import Brief

    with database.read_session() as s:
        return s.scalars(sa.select(Brief).where(Brief.event_id == event_id, Brief.day == day_of(day))).one()


def test_down_at_0800_up_at_0830_compiles_the_missing_brief_once(run, database, rainstorm):
    runner = run(local("2021-07-25 08:30"))
    runner.start()
    assert briefs(database, rainstorm.id)[-1] == (day_of("2021-07-24"), 1, "compiled")
    c = services.load_content(_brief(database, rainstorm.id, "2021-07-24"))
    assert c.header.cutoff == local("2021-07-25 08:00")  # the nominal cut-off, not 08:30
    # The 15-minute sweep afterwards finds nothing missing.
    runner.at(local("2021-07-25 08:45"), jobs.SWEEP_JOB)
    assert [r for r in briefs(database, rainstorm.id) if r[0] == day_of("2021-07-24")] == [
        (day_of("2021-07-24"), 1, "compiled")]


def test_two_days_down_then_two_schedulers_catch_up_each_day_once(run, database, rainstorm):
    first = run(local("2021-07-27 08:30"))
    second = run(local("2021-07-27 08:30"))
    first.start()
    second.start()
    days = [d for d, _, _ in briefs(database, rainstorm.id)]
    # Catch-up looks back 7 days: 07-22..07-26, each exactly once.
    assert days == [day_of(f"2021-07-{d}") for d in range(22, 27)]
    with database.read_session() as s:
        import sqlalchemy as sa

        from incidents.models import Brief, Event

        infa = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-infa"))
        assert [b.day for b in s.scalars(sa.select(Brief).where(Brief.event_id == infa))] == [day_of("2021-07-26")]


def test_ended_event_gets_no_more_jobs_and_new_events_get_theirs(run, database, rainstorm):
    runner = run(local("2021-07-25 08:30"))
    runner.start()
    ids = {job.id for job in runner.scheduler.get_jobs()}
    assert jobs.EVENT_JOB.format(id=rainstorm.id) in ids and jobs.SWEEP_JOB in ids
    with database.transaction() as s:
        from incidents.models import Event

        s.get(Event, rainstorm.id).ends_at = local("2021-07-25 00:00")
    runner.at(local("2021-07-26 15:00"), jobs.SWEEP_JOB)
    assert jobs.EVENT_JOB.format(id=rainstorm.id) not in {job.id for job in runner.scheduler.get_jobs()}
    # Its last day (07-24) got its brief; nothing after the end.
    assert briefs(database, rainstorm.id)[-1][0] == day_of("2021-07-24")


def test_embedded_scheduler_starts_once_and_can_be_switched_off(app, monkeypatch):
    monkeypatch.setenv("INCIDENTS_SCHEDULER", "off")
    assert jobs.start_embedded(app) is None
    monkeypatch.setenv("INCIDENTS_SCHEDULER", "embedded")
    monkeypatch.setenv("WERKZEUG_RUN_MAIN", "false")  # the reloader's watching parent
    assert jobs.start_embedded(app) is None
    monkeypatch.delenv("WERKZEUG_RUN_MAIN")
    # Nothing due yet, for the jobs and APScheduler alike (were only the jobs' clock set back five years,
    # APScheduler would count the 30-second heartbeat's missed runs since: 16 s of the suite).
    install(Clock(local("2021-07-20 09:00")), monkeypatch.setattr)
    try:
        first = jobs.start_embedded(app)
        assert first is not None and first.running and jobs.start_embedded(app) is first
    finally:
        jobs.stop_embedded()


def test_create_app_starts_no_scheduler(app):
    assert jobs._embedded is None


def test_cli_once_as_of(runner, database, rainstorm):
    result = runner.invoke(args=["incidents", "scheduler", "--once", "--as-of", "2021-07-25T08:00:00+08:00",
                                 "--catchup-days", "3"])
    assert result.exit_code == 0, result.output
    assert "3 briefs compiled" in result.output
    assert [d for d, _, _ in briefs(database, rainstorm.id)] == [day_of(f"2021-07-{d}") for d in (22, 23, 24)]
    bad = runner.invoke(args=["incidents", "scheduler", "--once", "--as-of", "2021-07-25 08:00"])
    assert bad.exit_code != 0 and "--as-of" in bad.output
