"""The database session of a Flask request, and the login read for it (the Flask side of db.py)."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g, request
from sqlalchemy.orm import Session

from incidents.db import (
    GENERATION_CARRIED,
    GENERATION_NOTED,
    LOCK_AT_FIRST_WRITE,
    LOGIN_HELD,
    LOGIN_IDENTITY,
    B,
    Database,
    Held,
    connection_of,
    hold_at_begin,
)


def request_session() -> Session:
    """The session of the current request: a write session for unsafe methods."""
    session = g.get("_db_session")
    if session is None:
        database: Database = current_app.extensions["incidents.db"]
        if request.method in ("GET", "HEAD", "OPTIONS"):
            factory = database.read_session
        elif getattr(current_app.view_functions.get(request.endpoint or ""), LOCK_AT_FIRST_WRITE, False):
            factory = database.late_write_session
        else:
            factory = database.write_session
        session = g._db_session = factory()
    return session


def load_identity(load: Callable[[Session], B | None]) -> B | None:
    """Run the login's user lookup: on SQLite never where it would take the write lock, yet known to the write."""
    database: Database = current_app.extensions["incidents.db"]
    if (request.method in ("GET", "HEAD", "OPTIONS") or not database.is_sqlite
            or getattr(current_app.view_functions.get(request.endpoint or ""), LOCK_AT_FIRST_WRITE, False)):
        # A session that takes the write lock at its first write (locks_at_first_write) reads the
        # login beside other writers: a transaction of its own would be two statements of waste
        # per created report (BEGIN, COMMIT; benches/ingest_profile.py: 14 statements → 12).
        loaded = load(request_session())
        if loaded is not None:
            request_session().info[LOGIN_IDENTITY] = loaded  # `logged_in` finds it there, not by session.get
        return loaded
    # A write session begins with BEGIN IMMEDIATE at its first query. Were that query the login's
    # user lookup, every POST would hold SQLite's one write lock from login to commit; looked up
    # here, the lock is taken at the view's own first query (benches/compile_under_load.py).
    session = g.get("_db_identity_session")
    if session is None:
        session = g._db_identity_session = database.read_session()
    loaded = load(session)
    generation = session.info.get(GENERATION_NOTED)  # forgotten at the commit (generation.py)
    session.commit()  # end the read transaction; the loaded user stays usable (expire_on_commit off)
    if generation is not None:
        # For what the request reads before its write transaction begins (an error page's marks: no query). The
        # write transaction reads the number again once it holds the write lock (db.hold_at_begin): an event or
        # area changed while this request queued for the lock is read as it now is.
        request_session().info[GENERATION_NOTED] = generation
        request_session().info[GENERATION_CARRIED] = True
    if loaded is not None:
        # Left where the write session's services look first (`logged_in`): the login's user is not
        # read a second time, one statement of a created report's (benches/ingest_profile.py). Not
        # merged into the write session: a rollback there (a refused form) would expire it, and the
        # error page reading it would take the write lock.
        request_session().info[LOGIN_IDENTITY] = loaded
    return loaded


def hold_login(held: Held) -> None:
    """Judge the request's writes by its login as it stands when they are made, not as the login read it.

    SQLite: read again once the write lock is held (at BEGIN IMMEDIATE, or at the first write of a
    locks_at_first_write view); from then on no other writer can change it until the commit. PostgreSQL: read
    again just before the transaction's first write. A difference raises LoginChanged (answered 409, nothing
    saved). Why: the login is read before the lock (load_identity); an administrator's change committed while
    the request waited for it let that request write with the old role or scope (docs/security.md).
    """
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return  # a read session: it never writes
    session = request_session()
    session.info[LOGIN_HELD] = held
    if session.in_transaction():  # the login was read in this very transaction (PostgreSQL; a late SQLite write)
        hold_at_begin(session, None, connection_of(session))


def release_login() -> None:
    """The request's LoginChanged is being answered: roll its writes back and hold its login no more.

    Why: the error page reads (the base page's marks) in the same session; held, that read began a transaction
    that read the login again, failed again, and the 409 became a bare page without its message.
    """
    session = request_session()
    session.rollback()
    session.info.pop(LOGIN_HELD, None)


def close_request_session(_exc: BaseException | None = None) -> None:
    """Teardown: roll back whatever the view did not commit, and close."""
    for name in ("_db_session", "_db_identity_session"):
        session = g.pop(name, None)
        if session is not None:
            session.close()
