"""A report's arrival and a brief's cut-off: every report stamped (reported_at) by a cut-off is in that brief.

A report is stamped with the server's clock, and its row commits a moment later. A compile whose cut-off
fell between the two read a snapshot without it, and no later brief said so: the next revision's 新纳入 and the
next day's late reports count what was stamped after a cut-off (an outside replay on PostgreSQL, 8 clients
filing while a coordinator recompiled, found 1-3 missing from each revision). So a report is stamped only once
its transaction holds its event's arrival lock, kept to its commit, and a compile fixes its cut-off before it
waits for those holders (`settled`) and then reads:
- PostgreSQL: a shared advisory lock per event (writers never wait for one another), taken exclusively for an
  instant by the compile before its snapshot begins;
- SQLite: the write lock itself (`one_at_a_time`); the compile's check before its INSERT waits for it and reads
  again when a report so stamped landed (briefs/snapshot.changed_since).
The same lock keeps the lists paged by id whole (the API's report list, the area list): on PostgreSQL a row's id
comes from a sequence as it is written, so a list waits (`settled`, `areas_settled`) for the writers holding it
before each page. Areas belong to no event: theirs is the key 0 (`AREAS`), which no event id is.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import on_cursor
from incidents.db import RECHECK, Database, Held, connection_of, now_utc, one_at_a_time

# Namespace of the arrival locks (the two-key form: apart from the login's and one_at_a_time's).
ARRIVAL_CLASS = 0x415252
# Built once: a select built per report cost ~70 us of CPU more a create (benches.ingest_profile --pg).
_SHARED = sa.select(sa.func.pg_advisory_xact_lock_shared(ARRIVAL_CLASS, sa.bindparam("event_id", type_=sa.Integer)))
# The areas' key: an event id is never 0.
AREAS = 0


def stamp(session: Session, event_id: int) -> datetime:
    """The moment a report of this event arrives, read under the event's arrival lock (held to the commit)."""
    hold(session, event_id)
    return now_utc()


def hold(session: Session, event_id: int) -> None:
    """Take the event's arrival lock, held to the commit: before a report of it is written, stamped or backdated.

    A backdated report (a stated reported_at) needs no stamp, but its id is given as its row is written: the
    API's report list (keyset, by id) waits for writers holding this lock, so an id given before a page is
    read is never committed behind that page's cursor (listing.py)."""
    _hold(session, event_id, "report-arrival")


def hold_areas(session: Session) -> None:
    """Take the areas' arrival lock, held to the commit, before an area is written: the area list (keyset, by id)
    waits for its holders (`areas_settled`), so an id given before a page is read never commits behind it."""
    _hold(session, AREAS, "area-arrival")


def _hold(session: Session, key: int, name: str) -> None:
    """The shared lock of `key` (PostgreSQL), or the write lock itself (SQLite: writers take turns already)."""
    connection = connection_of(session)
    if connection.dialect.name != "postgresql":
        one_at_a_time(session, name)
        return
    held: Held | None = connection.info.get(RECHECK)
    if held is None:
        on_cursor.send(connection, _SHARED, {"event_id": key})  # every create's: SENT_ON_CURSOR
        return
    # LOCK_WITH_LOGIN: the login still to be read again before the first write (request_db.hold_login) is read in
    # the lock's statement, where it went alone just after it: one round trip a create fewer on PostgreSQL
    # (6 → 5; docs/performance.md, "7 December, evening"). Still before any write: the lock is taken for one.
    connection.info[RECHECK] = None
    sql = (f"SELECT arrival.locked, login.* FROM (SELECT pg_advisory_xact_lock_shared(%s, %s) AS locked) AS arrival"
           f" LEFT JOIN ({held.postgresql_sql}) AS login ON true")
    row = on_cursor.first_row_sql(connection, sql, (ARRIVAL_CLASS, key, *held.params))
    held.judge(None if row is None else row[1:])


def settled(database: Database, event_id: int) -> None:
    """Wait for every report of the event stamped so far to commit (PostgreSQL; SQLite's compile checks again).

    The API's report list waits so too before each page: on PostgreSQL a report's id comes from a sequence as
    its row is written, so one still being written may get a lower id than one committed and listed already."""
    _settle(database, event_id)


def areas_settled(database: Database) -> None:
    """Wait for every area being written to commit (PostgreSQL): the area list does before each page."""
    _settle(database, AREAS)


def _settle(database: Database, key: int) -> None:
    """Take `key`'s lock exclusively for an instant: every writer holding it shared has ended (PostgreSQL)."""
    if database.is_sqlite:
        return
    with database.read_session() as session:  # a session's first read: sent again on a dropped connection
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(ARRIVAL_CLASS, key)))
