"""db.connection_of hands out the connection of the session's transaction now, never one kept from a transaction
that ended (committed, rolled back, closed, its connection lost), and a savepoint's is its transaction's own."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.db import Database, connection_of


def _factories(database: Database) -> list:
    return [database.read_session, database.write_session, database.late_write_session, database.snapshot_session,
            database.snapshot_read_session]


def test_each_transaction_is_handed_its_own_connection(database: Database) -> None:
    for factory in _factories(database):
        session = factory()
        try:
            for end in ("commit", "rollback", "close"):
                sent = connection_of(session)
                assert sent is session.connection() and not sent.closed
                getattr(session, end)()
                assert sent.closed  # the transaction's connection went back to the pool with it
                again = connection_of(session)
                assert again is session.connection() and not again.closed
                assert again.execute(sa.text("SELECT 1")).scalar() == 1
                session.rollback()
        finally:
            session.close()


def test_a_savepoint_shares_its_transactions_connection_and_leaves_it_kept(database: Database) -> None:
    with database.transaction() as s:
        sent = connection_of(s)
        with s.begin_nested():
            assert connection_of(s) is sent is s.connection()
        nested = s.begin_nested()
        nested.rollback()
        assert connection_of(s) is sent is s.connection() and not sent.closed


def test_a_begin_refused_by_a_listener_leaves_no_connection_kept(database: Database) -> None:
    """A listener at the transaction's begin that fails (the login read again on a dropped connection): the next
    transaction is not handed the connection that one began on."""
    session = database.write_session()
    refused = []

    def refuse(_session, _transaction, _connection) -> None:  # noqa: ANN001
        if not refused:
            refused.append(1)
            raise RuntimeError("refused at begin")

    sa.event.listen(session, "after_begin", refuse)
    try:
        with pytest.raises(RuntimeError):
            connection_of(session)
        session.rollback()
        sent = connection_of(session)
        assert sent is session.connection() and not sent.closed
        assert sent.execute(sa.text("SELECT 1")).scalar() == 1
    finally:
        sa.event.remove(session, "after_begin", refuse)
        session.close()


def test_a_transaction_after_its_connection_was_killed_gets_a_live_one(database: Database) -> None:
    if database.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's backends are killed; SQLite has none")
    session = database.write_session()
    try:
        pid = connection_of(session).execute(sa.text("SELECT pg_backend_pid()")).scalar()
        session.commit()
        other = sa.create_engine(database.engine.url, poolclass=sa.pool.NullPool)  # not a pooled twin of the killed
        with other.connect() as side:
            side.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            side.commit()
        other.dispose()
        with pytest.raises(sa.exc.DBAPIError):
            connection_of(session).execute(sa.text("SELECT pg_backend_pid()"))
        session.rollback()
        sent = connection_of(session)
        assert sent is session.connection()
        assert sent.execute(sa.text("SELECT pg_backend_pid()")).scalar() != pid
    finally:
        session.close()
