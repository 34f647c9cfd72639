"""SQLite writers queue on a lock file before BEGIN IMMEDIATE, instead of in SQLite's sleep-and-retry.

A speed trick, kept here alone. SQLite has one write lock. A writer that finds it taken waits in
SQLite's busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25 ... ms between tries: under a burst of
POSTs from several gunicorn workers a waiter sleeps far longer than the holder keeps the lock
(`python -m benches.load_test`: median latency 75 ms for a ~4 ms request, p99 137 ms). Here each
write transaction first takes an exclusive `flock` on `<database>-writers` and drops it just after
its commit (or at rollback); a waiter polls that lock every 0.5 ms, so it starts writing within about half a
millisecond of the holder's commit. SQLite's own lock still decides: a process that does not queue
here (the sqlite3 shell) is waited for as before, and a process that dies loses its flock with it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from incidents.slots import flock_within

POLL_SECONDS = 0.0005
# As long as SQLite's own busy timeout (db.make_engine): past it, the writer fails as SQLite would.
TIMEOUT_SECONDS = 30.0
_FD = "incidents.writers_fd"


class WriterQueueTimeout(sa.exc.OperationalError):
    """The writers' lock was not free within the timeout: the database is locked, as SQLite would say."""


def lock_path(database_file: str) -> str:
    """The lock file beside the database (next to its -wal and -shm files)."""
    return f"{database_file}-writers"


def _acquire(fd: int) -> None:
    if not flock_within(fd, TIMEOUT_SECONDS, POLL_SECONDS):
        raise WriterQueueTimeout("BEGIN IMMEDIATE", None, Exception("database is locked"))


def _release(info: dict[str, Any]) -> None:
    fd = info.get(_FD)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)  # harmless when not held


def release(conn: sa.Connection) -> None:
    """Give the writers' lock up (at a rollback, a read's BEGIN, or when BEGIN IMMEDIATE itself failed)."""
    _release(conn.connection.info)


def install(engine: sa.Engine, database_file: str) -> Callable[[sa.Connection], None]:
    """Release the lock as a connection goes back to the pool or rolls back; return the wait for BEGIN IMMEDIATE."""
    path = lock_path(database_file)

    def wait_turn(conn: sa.Connection) -> None:
        info = conn.connection.info
        if _FD not in info:
            # One open file per connection: flock locks belong to the open file, so two connections
            # of one process queue against each other as two processes do.
            info[_FD] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        _acquire(info[_FD])

    # Released when the connection goes back to the pool, just after its COMMIT: released at the
    # "commit" event (which fires before the COMMIT is sent), the next writer found SQLite's lock
    # still held and slept in the busy handler. A connection kept open after a write is released
    # at its next read's BEGIN (db._on_begin); a rollback releases at once.
    event.listen(engine, "rollback", release)

    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(_dbapi_conn: Any, record: Any) -> None:
        _release(record.info)

    @event.listens_for(engine.pool, "close")
    def _on_close(_dbapi_conn: Any, record: Any) -> None:
        fd = record.info.pop(_FD, None)
        if fd is not None:
            os.close(fd)

    return wait_turn
