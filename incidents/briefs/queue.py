"""The compile queue: compiles asked for from the web, done by the scheduler process off the request.

A compile of a busy day takes longer than a web worker may hold a request, so the page only
queues it (`request_compile`) and shows its progress; the scheduler's queue job (`run_queued`,
every few seconds) claims each request, runs it through once.compile_once and records the
outcome. One open request per (event, day, kind): a second click while one is queued or running
gets the same request, so one brief.

A request left running by a process that died is taken again as soon as that is known: each run beats
a heartbeats row of its own (RUN_PREFIX, with its host and pid) while it compiles, so a run whose beat is
older than ops.STALE_AFTER (90 s) or gone is dead; a scheduler starting drops the rows of runs on its host
whose process is gone (`forget_dead_runs`), so a request killed with its scheduler is taken at the restart's
first queue tick. STALE (15 minutes) stays for a run that lost its way without dying, and for rows older
than the runner column.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.auth.models import User
from incidents.auth.permissions import COORDINATE, allows
from incidents.auth.policy import can_manage_place
from incidents.briefs.models import CompileRequest, CompileState
from incidents.briefs.once import compile_once
from incidents.briefs.periods import check_day
from incidents.db import Database, now_utc
from incidents.events.models import Event
from incidents.ops import services as ops
from incidents.ops.models import Heartbeat

log = logging.getLogger(__name__)

OPEN = (CompileState.QUEUED, CompileState.RUNNING)
# A running request older than this is taken again, its run's heartbeat fresh or not (one that lost its way).
STALE = timedelta(minutes=15)
# A run's heartbeats row is named so: "run:" and 32 hex digits (Heartbeat.name is 40 characters).
RUN_PREFIX = "run:"
# Why a queued compile was not run, as stored in its error (the pages translate them: briefs.views.compile_error).
ASKER_INACTIVE = "the account that asked for it is no longer active"
ASKER_NOT_ALLOWED = "the account that asked for it may no longer compile this event's briefs"


class RequestGone(LookupError):
    """A claimed compile request that is no longer in the table."""


def request_compile(session: Session, event: Event, day: date, user_id: int | None, *,
                    new_revision: bool = False, now: datetime | None = None) -> CompileRequest:
    """Queue a compile of one day (a new revision with `new_revision`), or return the open one; caller commits."""
    now = now or now_utc()
    check_day(event, day, now)
    existing = _open(session, event.id, day, new_revision)
    if existing is not None:
        return existing
    request = CompileRequest(event_id=event.id, day=day, new_revision=new_revision, requested_by_id=user_id,
                             requested_at=now, status=CompileState.QUEUED)
    try:
        with session.begin_nested():
            session.add(request)
    except sa.exc.IntegrityError:
        # Another request for the same day was queued at the same moment (PostgreSQL): use it.
        found = _open(session, event.id, day, new_revision)
        if found is None:
            raise
        return found
    return request


def _open(session: Session, event_id: int, day: date, new_revision: bool) -> CompileRequest | None:
    return session.scalars(sa.select(CompileRequest).where(
        CompileRequest.event_id == event_id, CompileRequest.day == day,
        CompileRequest.new_revision == new_revision, CompileRequest.status.in_(OPEN))).first()


def _abandoned(now: datetime) -> sa.ColumnElement[bool]:
    """A running request whose run is dead (its heartbeat stale or gone) or that has run for longer than STALE."""
    beating = sa.select(Heartbeat.name).where(Heartbeat.name == CompileRequest.runner,
                                              Heartbeat.beat_at >= now - ops.STALE_AFTER).exists()
    return sa.and_(CompileRequest.status == CompileState.RUNNING,
                   sa.or_(CompileRequest.started_at < now - STALE,
                          sa.and_(CompileRequest.runner.is_not(None), ~beating)))


def abandoned(session: Session, request: CompileRequest, now: datetime | None = None) -> bool:
    """Whether a running request's run is known dead: the next queue tick of a live scheduler takes it again."""
    return bool(session.scalar(sa.select(sa.literal(True)).where(
        CompileRequest.id == request.id, _abandoned(now or now_utc()))))


def claim(database: Database, now: datetime | None = None, skip: frozenset[int] = frozenset()) -> int | None:
    """Mark the oldest queued (or abandoned) request running, as a run of its own, and return its id; None if none."""
    now = now or now_utc()
    with database.transaction() as session:
        waiting = sa.or_(CompileRequest.status == CompileState.QUEUED, _abandoned(now))
        query = sa.select(CompileRequest.id).where(waiting)
        if skip:
            query = query.where(CompileRequest.id.not_in(skip))
        for request_id, dead in session.execute(query.add_columns(CompileRequest.runner)
                                                .order_by(CompileRequest.id).limit(5)).all():
            run_name = RUN_PREFIX + uuid.uuid4().hex
            # Only if still waiting: another scheduler process may have claimed it meanwhile.
            # An UPDATE gives a CursorResult (with rowcount); Session.execute is typed as the plain Result.
            taken = cast("sa.CursorResult[Any]", session.execute(
                sa.update(CompileRequest).where(CompileRequest.id == request_id, waiting)
                .values(status=CompileState.RUNNING, started_at=now, runner=run_name))).rowcount
            if taken:
                if dead is not None:
                    log.warning("compile request %s taken again: the run that had it (%s) is gone", request_id, dead)
                    session.execute(sa.delete(Heartbeat).where(Heartbeat.name == dead))
                ops.beat(session, now, run_name)  # in the claim's transaction: never running without a beat
                return request_id
    return None


@contextlib.contextmanager
def _beating(database: Database, run_name: str | None) -> Iterator[None]:
    """Beat the run's heartbeats row every ops.BEAT_SECONDS while it compiles (a thread), whatever process runs it."""
    if run_name is None:
        yield
        return
    done = threading.Event()

    def beat() -> None:
        while not done.wait(ops.BEAT_SECONDS):
            try:
                with database.transaction() as session:
                    ops.beat(session, now_utc(), run_name)
            except sa.exc.SQLAlchemyError:  # a busy database: the next beat tries again, well within STALE_AFTER
                log.warning("compile run %s: heartbeat not written", run_name, exc_info=True)

    thread = threading.Thread(target=beat, name=f"beat {run_name}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def forget_dead_runs(database: Database) -> int:
    """At a scheduler's start: drop the heartbeats of runs on this host whose process is gone; how many.

    Their requests are then taken at the first queue tick, not 90 s after the last beat. A pid alive on this host
    may be another program's now (a pid is reused): that run is left to its heartbeat going stale. Our own pid is
    a process before us (a container's scheduler is pid 1 at every start).
    """
    host = socket.gethostname()[:255]
    with database.transaction() as session:
        rows = session.execute(sa.select(Heartbeat.name, Heartbeat.pid).where(
            Heartbeat.name.startswith(RUN_PREFIX), Heartbeat.host == host)).all()
        gone = [name for name, pid in rows if pid == os.getpid() or not _alive(pid)]
        if gone:
            session.execute(sa.delete(Heartbeat).where(Heartbeat.name.in_(gone)))
            log.warning("compile runs of a process that is gone: %s; their requests are taken again",
                        ", ".join(gone))
    return len(gone)


def _alive(pid: int) -> bool:
    """Whether a process with this id runs on this host (one of another user's counts)."""
    if pid <= 0:  # 0 is no process (os.kill would signal our own group)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run(database: Database, request_id: int) -> CompileState:
    """Compile one claimed request and record how it ended: done (its brief), failed (why), or queued again."""
    with database.read_session() as session:
        request = session.get(CompileRequest, request_id)
        if request is None:  # its event was deleted (the requests cascade) since it was claimed
            raise RequestGone(f"compile request {request_id} no longer exists")
        event_id, day, by, new_revision = request.event_id, request.day, request.requested_by_id, request.new_revision
        run_name = request.runner
        refused = _no_longer_allowed(session, event_id, by)
    values: dict[str, object]
    if refused is not None:
        log.warning("queued compile %s (event %s day %s) not run: %s", request_id, event_id, day, refused)
        values = {"status": CompileState.FAILED, "error": refused, "finished_at": now_utc()}
    else:
        with _beating(database, run_name):
            values = _compiled(database, request_id, event_id, day, by, new_revision)
    with database.transaction() as session:
        session.execute(sa.update(CompileRequest).where(CompileRequest.id == request_id).values(**values))
        if run_name is not None:
            session.execute(sa.delete(Heartbeat).where(Heartbeat.name == run_name))
    return values["status"]  # type: ignore[return-value]


def _compiled(database: Database, request_id: int, event_id: int, day: date, by: int | None,
              new_revision: bool) -> dict[str, object]:
    """Compile a request's day once; how the request ended: done (its brief), failed (why), or queued again."""
    values: dict[str, object]
    try:
        result = compile_once(database, event_id, day, compiled_by_id=by, new_revision=new_revision)
    except Exception as exc:  # the person waiting must learn it failed, whatever the cause
        log.exception("queued compile %s (event %s day %s) failed", request_id, event_id, day)
        values = {"status": CompileState.FAILED, "error": _message(exc), "finished_at": now_utc()}
    else:
        if result.reason == "busy":
            # Another compile of this day holds its lock (PostgreSQL): try again on the next run.
            values = {"status": CompileState.QUEUED, "started_at": None}
        else:
            values = {"status": CompileState.DONE, "outcome": result.reason, "finished_at": now_utc(),
                      "brief_id": result.brief.id if result.brief is not None else None}
    return values


def _no_longer_allowed(session: Session, event_id: int, user_id: int | None) -> str | None:
    """Why the person who asked may no longer compile this event's briefs (None: they may, or the scheduler asked).

    Checked when the request runs, not only when it was queued: an account deactivated, demoted or
    moved to another subdistrict in between must not have a brief compiled in its name.
    """
    if user_id is None:
        return None
    user = session.get(User, user_id)
    event = session.get(Event, event_id)
    if user is None or not user.active:
        return ASKER_INACTIVE
    if not allows(user.role, COORDINATE) or event is None or not can_manage_place(session, user, event.area_id):
        return ASKER_NOT_ALLOWED
    return None


def _message(exc: BaseException) -> str:
    text = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
    return text.strip()[:500] or type(exc).__name__


def run_queued(database: Database, limit: int = 50) -> int:
    """The scheduler's queue job: run every waiting request (each at most once per call); how many ran."""
    tried: set[int] = set()
    while len(tried) < limit:
        request_id = claim(database, skip=frozenset(tried))
        if request_id is None:
            break
        tried.add(request_id)
        run(database, request_id)
    return len(tried)


def position(session: Session, request: CompileRequest) -> int:
    """How many requests are ahead of a queued one (0: it is next)."""
    return session.scalar(sa.select(sa.func.count()).select_from(CompileRequest).where(
        CompileRequest.status.in_(OPEN), CompileRequest.id < request.id)) or 0
