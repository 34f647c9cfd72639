"""Readiness: the database answers, its schema is at the code's head, the scheduler is alive."""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import migrations
from incidents.ops.models import Heartbeat

log = logging.getLogger(__name__)

SCHEDULER = "scheduler"
# The scheduler beats every BEAT_SECONDS; two missed beats and a margin mean it is gone.
BEAT_SECONDS = 30
STALE_AFTER = timedelta(seconds=3 * BEAT_SECONDS)


@dataclass(frozen=True)
class Check:
    """One readiness check: its name, whether it passed, and what an operator should read."""

    name: str
    ok: bool
    detail: str


def beat(session: Session, now: datetime, name: str = SCHEDULER) -> None:
    """Record that this process is alive now (one row per name, updated in place)."""
    row = session.get(Heartbeat, name)
    if row is None:
        row = Heartbeat(name=name)
        session.add(row)
    row.beat_at, row.host, row.pid = now, socket.gethostname()[:255], os.getpid()


def last_beat(session: Session, name: str = SCHEDULER) -> datetime | None:
    """When the scheduler last said it was alive; None if it never has."""
    row = session.get(Heartbeat, name)
    return row.beat_at if row is not None else None


def beat_recent(beat_at: datetime | None, now: datetime) -> bool:
    """Whether a last beat at `beat_at` means the scheduler is alive at `now` (no beat: it is not)."""
    return beat_at is not None and now - beat_at <= STALE_AFTER


def scheduler_running(session: Session, now: datetime) -> bool:
    """Whether the scheduler is alive (its heartbeat recent, as /readyz checks): what compiles briefs."""
    return beat_recent(last_beat(session), now)


def readiness(session: Session, now: datetime) -> list[Check]:
    """Every check /readyz reports; the service is ready when all pass."""
    try:
        session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        # /readyz is public (load balancers call it unauthenticated): the driver's message names hosts,
        # ports, users and databases, so it goes to the operator's log, not to whoever asks.
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        log.warning("readiness: the database is unreachable: %s", reason)
        return [Check("database", False, "unreachable: the server's log says why")]
    checks = [Check("database", True, "reachable")]
    connection = session.connection()
    at, head = migrations.current_on(connection), migrations.head()
    checks.append(Check("migrations", at == head, f"at {at}, code head {head}"))
    beat_at = last_beat(session) if at == head else None
    if beat_at is None:
        checks.append(Check("scheduler", False, "no heartbeat yet: is `incidents scheduler` running?"))
    else:
        age = now - beat_at
        # Not its host and pid (in the heartbeats table for the operator): /readyz is public.
        checks.append(Check("scheduler", beat_recent(beat_at, now), f"last beat {int(age.total_seconds())} s ago"))
    return checks
