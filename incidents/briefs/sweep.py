"""What is due: the days whose brief is due and missing, compiled oldest first (the scheduler's sweep).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.briefs.compiling import CompileResult
from incidents.briefs.models import Brief, BriefStatus
from incidents.briefs.once import compile_once
from incidents.briefs.periods import first_day, last_due_day
from incidents.db import Database, now_utc
from incidents.events.models import Event

log = logging.getLogger(__name__)


def due_days(event: Event, now: datetime, catchup_days: int) -> list[date]:
    """Days whose brief is due by `now`, at most `catchup_days` back, oldest first."""
    last = last_due_day(event, now)
    if last is None:
        return []
    first = max(first_day(event), last - timedelta(days=max(catchup_days, 1) - 1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def final_days(session: Session, event_id: int, days: list[date]) -> set[date]:
    """Which of these days already have a final (non-provisional) brief."""
    if not days:
        return set()
    return set(session.scalars(sa.select(Brief.day).where(
        Brief.event_id == event_id, Brief.day.in_(days), Brief.status != BriefStatus.PROVISIONAL)))


def left_before_window(database: Database, now: datetime, catchup_days: int) -> list[tuple[str, list[date], int]]:
    """Per event: the days before the catch-up window that have no brief, and the window that would reach them."""
    left = []
    with database.read_session() as session:
        for event in session.scalars(sa.select(Event).where(Event.starts_at <= now).order_by(Event.id)):
            last = last_due_day(event, now)
            if last is None:
                continue
            window = due_days(event, now, catchup_days)
            start = first_day(event)
            earlier = [start + timedelta(days=i) for i in range((window[0] - start).days)]
            done = final_days(session, event.id, earlier)
            missing = [d for d in earlier if d not in done]
            if missing:
                left.append((event.code, missing, (last - missing[0]).days + 1))
    return left


def before_window_words(code: str, missing: list[date]) -> str:
    """The days of an event left before the catch-up window, said the same by `--once` and the running scheduler."""
    return (f"event {code}: {len(missing)} earlier day{'s' if len(missing) != 1 else ''} without a brief "
            f"({missing[0]} to {missing[-1]}), before the catch-up window")


def compile_due(database: Database, now: datetime | None = None, catchup_days: int = 7,
                event_ids: list[int] | None = None, compiled_at: datetime | None = None) -> list[CompileResult]:
    """Compile every due and missing brief (oldest first), each in its own transaction.

    `now` decides what is due (and the cut-offs); `compiled_at` is when it really happens
    (defaults to `now`; differs when catching up "as of" an earlier moment).
    """
    now = now or now_utc()
    with database.read_session() as session:
        query = sa.select(Event).where(Event.starts_at <= now)
        if event_ids is not None:
            query = query.where(Event.id.in_(event_ids))
        work = []
        for event in session.scalars(query.order_by(Event.id)):
            days = due_days(event, now, catchup_days)
            done = final_days(session, event.id, days)
            work += [(event.id, d) for d in days if d not in done]
    results = []
    for event_id, day in work:
        try:
            result = compile_once(database, event_id, day, now=now, compiled_at=compiled_at)
        except Exception as exc:  # one bad day must not stop the others; the next sweep retries it
            log.exception("brief for event %s day %s failed", event_id, day)
            results.append(CompileResult(None, False, "failed", event_id, day, str(exc)[:300]))
            continue
        log.info("brief event=%s day=%s: %s", event_id, day, result.reason)
        results.append(result)
    return results
