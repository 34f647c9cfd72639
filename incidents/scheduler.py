"""APScheduler 3 wiring for the daily briefs; each job opens its own transactions and calls a service.

One cron job per event fires at the event's brief time in the event's own time zone (never the
machine's), with explicit ids, `coalesce=True`, a misfire grace of hours and one instance at a
time. A sweep job runs at start (catch-up: every due and missing brief, oldest first) and then
every few minutes, picking up new events and changed brief times. The database decides what
exists: however many schedulers run, each (event, day) gets one scheduled brief. A queue job
every QUEUE_SECONDS runs the compiles asked for from the web (incidents.briefs.queue).

A distribution job every DISTRIBUTE_SECONDS reminds silent subdistricts before the cut-off, raises
overdue alerts and sends what is due (signed briefs included) with retries (incidents.distribution).

With INCIDENTS_BACKUP_DIR set, one more cron job writes a backup archive into that folder every
night at INCIDENTS_BACKUP_AT (local time in the office's zone), keeping the newest
INCIDENTS_BACKUP_KEEP (incidents.backup).

A placing job every PLACE_SECONDS geocodes the areas saved without coordinates ("location
pending", incidents.areas.placing): a timeout leaves them pending for the next run.

Embedded in `incidents serve` (a BackgroundScheduler, started once, never by create_app) or its
own process with `incidents scheduler` (a BlockingScheduler) for multi-worker deployments.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from incidents import drill
from incidents.areas import placing
from incidents.backup import services as backups
from incidents.briefs import queue, services
from incidents.briefs.sweep import before_window_words, left_before_window
from incidents.db import Database, now_utc
from incidents.distribution import alerts, reminders, sending
from incidents.distribution.settings import Settings
from incidents.distribution.settings import from_env as distribution_settings
from incidents.events.models import Event
from incidents.ops import services as ops

log = logging.getLogger(__name__)

EVENT_JOB = "brief:event:{id}"
SWEEP_JOB = "brief:sweep"
SWEEP_MINUTES = 15
# New events and brief times changed since: each event's cron job follows within a minute, not at the next sweep.
SYNC_JOB = "brief:sync"
SYNC_SECONDS = 60
QUEUE_JOB = "brief:queue"
QUEUE_SECONDS = 2
HEARTBEAT_JOB = "scheduler:heartbeat"
MISFIRE_GRACE = timedelta(hours=6)
BACKUP_JOB = "backup:nightly"
DEFAULT_CATCHUP_DAYS = 7
PLACE_JOB = "areas:place"
PLACE_SECONDS = 60
DISTRIBUTE_JOB = "distribution:sweep"
DISTRIBUTE_SECONDS = 60

_embedded: BackgroundScheduler | None = None
_embedded_lock = threading.Lock()
_queue_running = threading.Lock()
# The sweep and the minute's sync both bring the event jobs in line; run at once (as after a clock jump, or when the
# sweep's quarter-hour meets the minute) both removed an ended event's job and the second failed (a CI run, 7 December).
_syncing = threading.Lock()
_runs_checked = threading.Event()  # this process has dropped the heartbeats of dead runs on its host (once)
_named_left: set[tuple[str, date, date]] = set()  # days before the window already named in this process's log


def clock() -> datetime:
    """Now, in UTC (tests replace this with a controlled clock)."""
    return now_utc()


def catchup_days(app: Flask) -> int:
    """How many days back a sweep looks for missing briefs (BRIEF_CATCHUP_DAYS, default 7)."""
    value = app.config.get("BRIEF_CATCHUP_DAYS") or os.environ.get("BRIEF_CATCHUP_DAYS")
    return int(value) if value else DEFAULT_CATCHUP_DAYS


def compile_event(database: Database, event_id: int, days: int) -> None:
    """The cron job of one event: compile its due and missing briefs."""
    services.compile_due(database, now=clock(), catchup_days=days, event_ids=[event_id])


def run_queue(database: Database) -> None:
    """The queue job: the compiles asked for from the web, one run at a time in this process."""
    if not _queue_running.acquire(blocking=False):
        return
    try:
        if not _runs_checked.is_set():
            # The first tick after a start: a request a killed scheduler on this host was compiling is taken now.
            queue.forget_dead_runs(database)
            _runs_checked.set()
        queue.run_queued(database)
    finally:
        _queue_running.release()


def nightly_backup(database: Database, folder: str, keep: int) -> None:
    """The backup job: one archive into the folder, older ones beyond `keep` removed."""
    done = backups.backup_to_folder(database, Path(folder), keep=keep)
    log.info("backup: wrote %s (%s rows)", done.path, done.rows)


def add_backup_job(scheduler: BaseScheduler, app: Flask) -> None:
    """The nightly backup, when INCIDENTS_BACKUP_DIR names a folder; nothing otherwise."""
    folder = app.config.get("BACKUP_DIR")
    if not folder:
        return
    hour, minute = (int(part) for part in str(app.config.get("BACKUP_AT", "02:30")).split(":"))
    zone = ZoneInfo(app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))
    database: Database = app.extensions["incidents.db"]
    keep = int(app.config.get("BACKUP_KEEP", 14))
    # A run held up (a busy process, a suspended machine) still happens within hours, once; a night the
    # scheduler was not running is not made up (the job store is in memory).
    scheduler.add_job(nightly_backup, CronTrigger(hour=hour, minute=minute, timezone=zone),
                      args=(database, folder, keep), id=BACKUP_JOB,
                      name=f"nightly backup at {hour:02d}:{minute:02d} {zone.key} into {folder}",
                      replace_existing=True, coalesce=True, max_instances=1,
                      misfire_grace_time=int(MISFIRE_GRACE.total_seconds()))


def place_areas(database: Database, geocoder: placing.Geocoder) -> None:
    """The placing job: geocode pending areas, each answer in its own transaction."""
    done = placing.place_pending(database, geocoder)
    if done:
        log.info("placing: %s", ", ".join(f"area {o.area_id} {o.state}" for o in done))
def distribute(database: Database, settings: Settings) -> None:
    """The distribution job: reminders and alerts enqueued (each event in its own transaction), then sending."""
    now = clock()
    reminders.remind_due(database, settings.remind_before, now)
    alerts.alert_due(database, settings.pumping_silent, now)
    sending.send_due(database, settings, now)


def heartbeat(database: Database) -> None:
    """Say this scheduler is alive (read by /readyz)."""
    with database.transaction() as session:
        ops.beat(session, clock())


def sweep(scheduler: BaseScheduler, database: Database, days: int) -> None:
    """Catch up on every event's due and missing briefs, then bring the cron jobs in line with the events."""
    services.compile_due(database, now=clock(), catchup_days=days)
    name_days_left(database, days)
    sync_jobs(scheduler, database, days)


def name_days_left(database: Database, days: int) -> None:
    """Say once which days a sweep leaves without a brief, before its window (a scheduler down longer than it, or
    never started for an event's first days): nothing compiles them by itself, as `--once` says too."""
    for code, missing, needed in left_before_window(database, clock(), days):
        if (code, missing[0], missing[-1]) in _named_left:
            continue
        _named_left.add((code, missing[0], missing[-1]))
        log.warning("%s: not compiled automatically; compile them with `incidents scheduler --once --catchup-days "
                    "%s` or from the event's briefs page", before_window_words(code, missing), needed)


def follow_drill(database: Database, now: datetime) -> None:
    """The demo's drill follows the calendar (incidents.drill): a read a minute; a write only on a new day."""
    with database.read_session() as session:
        if drill.stale(session, now) is None:
            return
    with database.transaction() as session:
        summary = drill.follow_calendar(session, now)
    if summary.events:
        log.info("drill: %s runs today, with %s example reports; the earlier day's ended at 00:00", drill.DRILL_CODE,
                 summary.reports)


def sync_jobs(scheduler: BaseScheduler, database: Database, days: int) -> None:
    """One cron job per running event at its brief time, in its zone; jobs of ended events go."""
    with _syncing:
        _sync_jobs(scheduler, database, days)


def _sync_jobs(scheduler: BaseScheduler, database: Database, days: int) -> None:
    """sync_jobs, one at a time."""
    now = clock()
    follow_drill(database, now)  # first: today's drill gets its job in this run
    wanted: dict[str, Event] = {}
    with database.read_session() as session:
        for event in session.scalars(sa.select(Event).where(Event.starts_at <= now + timedelta(days=1))):
            # An ended event still gets the brief of its last day, then no more.
            last = services.last_day(event)
            if last is not None and services.due_at(event, last) + MISFIRE_GRACE < now:
                continue
            wanted[EVENT_JOB.format(id=event.id)] = event
            session.expunge(event)
    for job in scheduler.get_jobs():
        if job.id.startswith("brief:event:") and job.id not in wanted:
            job.remove()
    for job_id, event in wanted.items():
        trigger = CronTrigger(hour=event.brief_time.hour, minute=event.brief_time.minute,
                              timezone=ZoneInfo(event.timezone))
        current = scheduler.get_job(job_id)
        if current is not None and repr(current.trigger) == repr(trigger):
            continue
        scheduler.add_job(compile_event, trigger, args=(database, event.id, days), id=job_id,
                          name=f"brief of event {event.id} at {event.brief_time:%H:%M} {event.timezone}",
                          replace_existing=True, coalesce=True, max_instances=1,
                          misfire_grace_time=int(MISFIRE_GRACE.total_seconds()))


def configure(scheduler: BaseScheduler, app: Flask) -> BaseScheduler:
    """Add the sweep job (first run: now, the catch-up) to a scheduler; it adds the event jobs."""
    database: Database = app.extensions["incidents.db"]
    days = catchup_days(app)
    now = clock()
    interval = timedelta(minutes=SWEEP_MINUTES)
    scheduler.add_job(sweep, IntervalTrigger(minutes=SWEEP_MINUTES, start_date=now + interval),
                      args=(scheduler, database, days), id=SWEEP_JOB, name="catch up on due briefs",
                      next_run_time=now, replace_existing=True, coalesce=True, max_instances=1,
                      misfire_grace_time=int(MISFIRE_GRACE.total_seconds()))
    # An event opened or its brief time moved a few minutes before the cut-off is compiled then (its cron job in
    # place within a minute), not up to SWEEP_MINUTES late; one query of the events a minute.
    scheduler.add_job(sync_jobs, IntervalTrigger(seconds=SYNC_SECONDS), args=(scheduler, database, days), id=SYNC_JOB,
                      name="follow new events and brief times", replace_existing=True, coalesce=True,
                      max_instances=1, misfire_grace_time=SYNC_SECONDS)
    # Compiles asked for from the web: picked up within seconds, one at a time, in request order.
    # A tick during a long compile returns at once (run_queue), rather than APScheduler warning
    # every two seconds that the job is still running.
    scheduler.add_job(run_queue, IntervalTrigger(seconds=QUEUE_SECONDS), args=(database,), id=QUEUE_JOB,
                      name="compiles asked for from the web", replace_existing=True, coalesce=True,
                      max_instances=3, misfire_grace_time=60)
    add_backup_job(scheduler, app)
    # Areas saved without coordinates: asked about once a minute, at most placing.BATCH a run.
    geocoder = app.extensions["incidents.geocoder"]
    scheduler.add_job(place_areas, IntervalTrigger(seconds=PLACE_SECONDS), args=(database, geocoder), id=PLACE_JOB,
                      name="place areas saved without coordinates", next_run_time=now,
                      replace_existing=True, coalesce=True, max_instances=1, misfire_grace_time=PLACE_SECONDS)
    # Sends never run inside a request: signing only enqueues, this job delivers (and retries).
    scheduler.add_job(distribute, IntervalTrigger(seconds=DISTRIBUTE_SECONDS),
                      args=(database, distribution_settings(os.environ)), id=DISTRIBUTE_JOB,
                      name="reminders, alerts and sending briefs", replace_existing=True, coalesce=True,
                      max_instances=1, misfire_grace_time=DISTRIBUTE_SECONDS)
    scheduler.add_job(heartbeat, IntervalTrigger(seconds=ops.BEAT_SECONDS), args=(database,), id=HEARTBEAT_JOB,
                      name="tell /readyz the scheduler is alive", next_run_time=now, replace_existing=True,
                      coalesce=True, max_instances=1, misfire_grace_time=ops.BEAT_SECONDS)
    return scheduler


def build(app: Flask, cls: type[BaseScheduler] = BackgroundScheduler, **options: object) -> BaseScheduler:
    """A scheduler of the given class with the brief jobs; in-memory job store (the database is the truth)."""
    scheduler = cls(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1}, **options)
    return configure(scheduler, app)


def start_embedded(app: Flask) -> BackgroundScheduler | None:
    """Start the in-process scheduler once (for `incidents serve`); INCIDENTS_SCHEDULER=off disables it."""
    global _embedded
    if os.environ.get("INCIDENTS_SCHEDULER", "embedded") == "off":
        log.info("brief scheduler off (INCIDENTS_SCHEDULER=off)")
        return None
    # Under Werkzeug's reloader only the serving child runs jobs, never the watching parent.
    if os.environ.get("WERKZEUG_RUN_MAIN") not in (None, "true"):
        return None
    with _embedded_lock:
        if _embedded is None:
            _embedded = build(app, BackgroundScheduler, daemon=True)
            _embedded.start()
            log.info("brief scheduler started in this process")
        return _embedded


def stop_embedded() -> None:
    """Stop the in-process scheduler (tests, shutdown)."""
    global _embedded
    with _embedded_lock:
        if _embedded is not None:
            _embedded.shutdown(wait=False)
            _embedded = None


def run_blocking(app: Flask) -> None:
    """Run the scheduler in this process until interrupted (`incidents scheduler`)."""
    scheduler = build(app, BlockingScheduler)
    log.info("brief scheduler running; catch-up first")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
